#!/usr/bin/env bash
# Refresh the vendored front-end libraries under static/vendor/.
#
# Users' networks are closed: pages must never load anything from a CDN, so the
# browser builds are committed to the repository. This script fetches each
# pinned package with `npm pack` (through whatever registry npm is configured
# for), copies out ONLY the browser builds plus the licence files, verifies
# them, and rewrites VERSIONS.txt.
#
# Usage:  bash static/vendor/refresh.sh
# To upgrade: change a version below, run the script, review `git diff --stat`,
# smoke-test the pages, commit.
set -euo pipefail

# ---------------------------------------------------------------------------
# Pinned versions
# ---------------------------------------------------------------------------
VUE_VERSION="3.5.45"
ELEMENT_PLUS_VERSION="2.14.8"
ELEMENT_PLUS_ICONS_VERSION="2.3.2"
ECHARTS_VERSION="6.1.0"

VENDOR_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/vendor-refresh.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT

command -v npm >/dev/null || { echo "npm is required" >&2; exit 1; }
command -v node >/dev/null || { echo "node is required" >&2; exit 1; }

VERSIONS_ROWS=()

# fetch <package> <version>: extracts to $WORK/<safe-name>/package and sets $src
# (not called in a $(...) subshell so that VERSIONS_ROWS survives).
fetch() {
    local pkg="$1" ver="$2" safe tgz
    safe="${pkg//@/}"; safe="${safe//\//-}"
    mkdir -p "$WORK/$safe"
    echo ">> npm pack ${pkg}@${ver}" >&2
    tgz="$(cd "$WORK/$safe" && npm pack --silent --ignore-scripts "${pkg}@${ver}" 2>/dev/null | tail -n 1)"
    [[ -n "$tgz" && -f "$WORK/$safe/$tgz" ]] || { echo "npm pack ${pkg}@${ver} failed" >&2; exit 1; }
    tar -xzf "$WORK/$safe/$tgz" -C "$WORK/$safe"
    local got
    got="$(node -p 'require(process.argv[1]).version' "$WORK/$safe/package/package.json")"
    [[ "$got" == "$ver" ]] || { echo "${pkg}: expected ${ver}, got ${got}" >&2; exit 1; }
    VERSIONS_ROWS+=("$(node -p 'const p=require(process.argv[1]); [p.name, p.version, p.license].join("\t")' \
        "$WORK/$safe/package/package.json")")
    src="$WORK/$safe/package"
}

# put <src> <dest>: copy one file, dropping trailing `sourceMappingURL` comments.
# The .map files are not vendored, and Django's ManifestStaticFilesStorage
# (used by whitenoise's CompressedManifestStaticFilesStorage) rewrites those
# references during collectstatic and aborts if the target file is missing.
put() {
    local src="$1" dest="$2"
    [[ -s "$src" ]] || { echo "missing or empty in package: $src" >&2; exit 1; }
    mkdir -p "$(dirname "$dest")"
    sed -e '/^\/\/# sourceMappingURL=/d' -e '/^\/\*# sourceMappingURL=.*\*\/[[:space:]]*$/d' "$src" > "$dest"
}

# fresh <dir>: (re)create one library's output directory so stale files vanish.
fresh() { rm -rf "${VENDOR_DIR:?}/$1"; mkdir -p "$VENDOR_DIR/$1"; }

# --- Vue ------------------------------------------------------------------
fetch vue "$VUE_VERSION"
fresh vue
put "$src/dist/vue.global.prod.js" "$VENDOR_DIR/vue/vue.global.prod.js"
put "$src/LICENSE"                 "$VENDOR_DIR/vue/LICENSE"

# --- Element Plus ---------------------------------------------------------
fetch element-plus "$ELEMENT_PLUS_VERSION"
fresh element-plus
put "$src/dist/index.full.min.js"     "$VENDOR_DIR/element-plus/index.full.min.js"
put "$src/dist/index.css"             "$VENDOR_DIR/element-plus/index.css"
put "$src/dist/locale/zh-cn.min.js"   "$VENDOR_DIR/element-plus/zh-cn.min.js"
put "$src/dist/locale/en.min.js"      "$VENDOR_DIR/element-plus/en.min.js"
put "$src/LICENSE"                    "$VENDOR_DIR/element-plus/LICENSE"

# --- Element Plus icons ---------------------------------------------------
fetch @element-plus/icons-vue "$ELEMENT_PLUS_ICONS_VERSION"
fresh element-plus-icons
put "$src/dist/index.iife.min.js" "$VENDOR_DIR/element-plus-icons/index.iife.min.js"
put "$src/LICENSE"                "$VENDOR_DIR/element-plus-icons/LICENSE"

# --- ECharts --------------------------------------------------------------
fetch echarts "$ECHARTS_VERSION"
fresh echarts
put "$src/dist/echarts.min.js" "$VENDOR_DIR/echarts/echarts.min.js"
put "$src/LICENSE"             "$VENDOR_DIR/echarts/LICENSE"
[[ -f "$src/NOTICE" ]] && put "$src/NOTICE" "$VENDOR_DIR/echarts/NOTICE"
# echarts.min.js embeds parts of d3 (see the Subcomponents section of LICENSE).
[[ -f "$src/licenses/LICENSE-d3" ]] && put "$src/licenses/LICENSE-d3" "$VENDOR_DIR/echarts/LICENSE-d3"

# ---------------------------------------------------------------------------
# Verification: every file non-empty, expected browser globals present,
# no external URLs in the Element Plus stylesheet.
# ---------------------------------------------------------------------------
fail=0
check_global() {  # <file> <regex> <label>
    if grep -qE "$2" "$VENDOR_DIR/$1"; then
        echo "ok   $1 exposes $3"
    else
        echo "FAIL $1 does not expose $3" >&2; fail=1
    fi
}
check_global vue/vue.global.prod.js               '(^|[^A-Za-z0-9_$.])var Vue='                   'window.Vue'
check_global element-plus/index.full.min.js       '\.ElementPlus=\{\}'                            'window.ElementPlus'
check_global element-plus/zh-cn.min.js            '\.ElementPlusLocaleZhCn='                      'window.ElementPlusLocaleZhCn'
check_global element-plus/en.min.js               '\.ElementPlusLocaleEn='                        'window.ElementPlusLocaleEn'
check_global element-plus-icons/index.iife.min.js '(^|[^A-Za-z0-9_$.])var ElementPlusIconsVue='   'window.ElementPlusIconsVue'
check_global echarts/echarts.min.js               '\.echarts=\{\}'                                'window.echarts'

# url(...) in the CSS may only be data: URIs or in-document #fragments.
if grep -oE 'url\([^)]*\)' "$VENDOR_DIR/element-plus/index.css" \
        | grep -vE "^url\(['\"]?(data:|#)" | grep -q .; then
    echo "FAIL element-plus/index.css references external resources:" >&2
    grep -oE 'url\([^)]*\)' "$VENDOR_DIR/element-plus/index.css" | grep -vE "^url\(['\"]?(data:|#)" >&2
    fail=1
else
    echo "ok   element-plus/index.css: url() only data:/#fragment (no fonts/remote files)"
fi
if grep -qE '@import|@font-face' "$VENDOR_DIR/element-plus/index.css"; then
    echo "FAIL element-plus/index.css contains @import or @font-face" >&2; fail=1
fi

while IFS= read -r -d '' f; do
    [[ -s "$f" ]] || { echo "FAIL empty file: ${f#"$VENDOR_DIR"/}" >&2; fail=1; }
done < <(find "$VENDOR_DIR" -type f ! -name refresh.sh ! -name VERSIONS.txt -print0)

[[ "$fail" == 0 ]] || { echo "verification failed" >&2; exit 1; }

# ---------------------------------------------------------------------------
# VERSIONS.txt
# ---------------------------------------------------------------------------
{
    echo "# Vendored front-end libraries (generated by refresh.sh; do not edit by hand)."
    echo "# Browser builds only; trailing sourceMappingURL comments are stripped (maps not vendored)."
    echo "#"
    printf '%s\t%s\t%s\n' "# package" "version" "licence"
    printf '%s\n' "${VERSIONS_ROWS[@]}"
    echo
    echo "# sha256 of vendored files"
    (cd "$VENDOR_DIR" && find vue element-plus element-plus-icons echarts -type f | LC_ALL=C sort | xargs sha256sum)
} > "$VENDOR_DIR/VERSIONS.txt"

echo
cat "$VENDOR_DIR/VERSIONS.txt"
echo
du -sh "$VENDOR_DIR"
