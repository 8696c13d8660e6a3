"""The English catalogues are complete and compiled (Chinese is the source language; a user who
chooses English must see no Chinese string the code can translate).

Plain Python only (no xgettext, no polib): the .po files are read by a small parser below, the
code's gettext calls are found with `ast` and regular expressions, the .mo files are read with
the standard library's gettext.GNUTranslations.

- every entry of django.po and djangojs.po is translated, not fuzzy, and keeps the msgid's
  placeholders (%(name)s / %s / {name});
- the committed .mo files give exactly the .po's translations (run `compilemessages` after
  editing a .po);
- every gettext call with a literal in the project's Python code and templates is in django.po,
  and every Portal.t / t / gettext("...") call of the front end is in djangojs.po (a string
  that never reached the catalogue is as untranslated as an empty msgstr);
- a translation used inside a quoted JavaScript string of a template does not contain that
  quote (an apostrophe in '{% translate "..." %}' ends the string and breaks the page).

How to update the catalogues: congress/management/commands/makemessages.py.
"""

import ast
import gettext
import re
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LOCALE = ROOT / "locale" / "en" / "LC_MESSAGES"
DOMAINS = ("django", "djangojs")
# What makemessages is told to ignore (congress/management/commands/makemessages.py).
NOT_SOURCE = {
    ".venv", "venv", "static", "tests", "bench", "artifacts", "deploy", "docs", "media",
    "node_modules", "staticfiles", "locale", ".git", ".ci",
}  # fmt: skip


# --- A .po reader ---------------------------------------------------------------------------

ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "a": "\a", "b": "\b",
           "f": "\f", "v": "\v"}  # fmt: skip


def _unquote(token: str, where: str) -> str:
    assert token.startswith('"') and token.endswith('"') and len(token) >= 2, where
    return re.sub(r"\\(.)", lambda m: ESCAPES.get(m[1], "\\" + m[1]), token[1:-1])


def read_po(path: Path) -> list[dict]:
    """Entries of a .po file: msgctxt, msgid, msgid_plural, msgstr (a str, or a list for
    plural entries), flags, line; the header (msgid "") and obsolete (#~) entries are left
    out."""
    entries, entry, key = [], None, None

    def flush():
        nonlocal entry, key
        if entry and "msgid" in entry and not entry.get("obsolete") and entry["msgid"]:
            entries.append(entry)
        entry, key = None, None

    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        where = f"{path.name}:{number}"
        if not line:
            flush()
            continue
        if entry is None:
            entry = {"flags": set(), "line": number, "msgstr_n": {}}
        if line.startswith("#~"):
            entry["obsolete"] = True
        elif line.startswith("#,"):
            entry["flags"] |= {f.strip() for f in line[2:].split(",") if f.strip()}
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            assert key, f"{where}: a continuation line without a keyword"
            if isinstance(key, int):
                entry["msgstr_n"][key] += _unquote(line, where)
            else:
                entry[key] += _unquote(line, where)
        else:
            match = re.fullmatch(
                r"(msgctxt|msgid_plural|msgid|msgstr)(?:\[(\d+)\])?\s+(\".*\")", line
            )
            assert match, f"{where}: cannot read {raw!r}"
            if match[2] is not None:
                key = int(match[2])
                entry["msgstr_n"][key] = _unquote(match[3], where)
            else:
                key = match[1]
                if key in entry:  # a new entry without a blank line between
                    assert key == "msgctxt" or key == "msgid", where
                entry[key] = _unquote(match[3], where)
    flush()
    for e in entries:
        if e["msgstr_n"]:
            e["msgstr"] = [e["msgstr_n"][i] for i in sorted(e["msgstr_n"])]
        e.setdefault("msgstr", "")
    return entries


def catalogue(domain: str) -> list[dict]:
    return read_po(LOCALE / f"{domain}.po")


def label(e: dict) -> str:
    return f"line {e['line']}: {e['msgid']!r}"


# --- The catalogues themselves --------------------------------------------------------------


@pytest.mark.parametrize("domain", DOMAINS)
def test_every_entry_is_translated_and_not_fuzzy(domain):
    entries = catalogue(domain)
    assert entries, f"{domain}.po has no entries"
    untranslated = [
        label(e)
        for e in entries
        if not (all(e["msgstr"]) if isinstance(e["msgstr"], list) else e["msgstr"])
    ]
    fuzzy = [label(e) for e in entries if "fuzzy" in e["flags"]]
    assert not untranslated, f"{domain}.po: {len(untranslated)} untranslated: {untranslated}"
    assert not fuzzy, f"{domain}.po: {len(fuzzy)} fuzzy (check, then drop the flag): {fuzzy}"


PERCENT = re.compile(r"%(?:\((\w+)\))?[-#0 +]*(?:\d+|\*)?(?:\.(?:\d+|\*))?([diouxXeEfFgGcrsa%])")
BRACE = re.compile(r"(?<!\{)\{(\w*)(?:[!:][^{}]*)?\}(?!\})")


def placeholders(text: str, python_format: bool, brace: bool) -> Counter:
    found = Counter()
    if python_format:
        for name, kind in PERCENT.findall(text):
            if kind != "%":
                found[f"%({name}){kind}" if name else f"%{kind}"] += 1
    if brace:
        found.update(f"{{{name}}}" for name in BRACE.findall(text))
    return found


@pytest.mark.parametrize("domain", DOMAINS)
def test_translations_keep_the_placeholders_of_the_source(domain):
    wrong = []
    for e in catalogue(domain):
        python_format = "python-format" in e["flags"] or bool(PERCENT.search(e["msgid"]))
        python_format = python_format and "no-python-format" not in e["flags"]
        brace = bool(BRACE.search(e["msgid"]))
        expected = placeholders(e["msgid"], python_format, brace)
        for msgstr in e["msgstr"] if isinstance(e["msgstr"], list) else [e["msgstr"]]:
            got = placeholders(msgstr, python_format, brace)
            # A plural form may leave out the number (“one token”), never add or rename one.
            if got != expected and not (isinstance(e["msgstr"], list) and got <= expected):
                wrong.append(f"{label(e)} -> {msgstr!r}: {dict(expected)} vs {dict(got)}")
    assert not wrong, f"{domain}.po: placeholders differ: {wrong}"


@pytest.mark.parametrize("domain", DOMAINS)
def test_the_compiled_catalogue_gives_the_translations_of_the_po(domain):
    with open(LOCALE / f"{domain}.mo", "rb") as f:
        mo = gettext.GNUTranslations(f)
    stale = []
    for e in catalogue(domain):
        if isinstance(e["msgstr"], list):
            got = [mo.ngettext(e["msgid"], e["msgid_plural"], n) for n in (1, 2)]
            want = [e["msgstr"][0], e["msgstr"][1 if len(e["msgstr"]) > 1 else 0]]
        elif "msgctxt" in e:
            got, want = mo.pgettext(e["msgctxt"], e["msgid"]), e["msgstr"]
        else:
            got, want = mo.gettext(e["msgid"]), e["msgstr"]
        if got != want:
            stale.append(f"{label(e)}: .mo gives {got!r}, .po says {want!r}")
    assert not stale, (
        f"{domain}.mo is older than {domain}.po (run `python manage.py compilemessages -l en "
        f"--ignore=.venv`): {len(stale)} differ: {stale}"
    )


# --- The code's strings are in the catalogues ------------------------------------------------


def source_files(pattern: str):
    for path in sorted(ROOT.rglob(pattern)):
        parts = path.relative_to(ROOT).parts
        if parts[0] in NOT_SOURCE or parts[0].endswith(".egg-info") or "node_modules" in parts:
            continue
        yield path


# Names xgettext extracts for Python (Django's keywords and the project's `_lazy` alias).
PY_KEYWORDS = {"_", "gettext", "gettext_lazy", "_lazy", "gettext_noop"}
PY_CONTEXT_KEYWORDS = {"pgettext", "pgettext_lazy"}
PY_PLURAL_KEYWORDS = {"ngettext", "ngettext_lazy"}


def _gettext_key(node: ast.Call):
    """(msgctxt, msgid) of a gettext call with literal arguments, else None."""
    func = node.func
    name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
    args = [a.value if isinstance(a, ast.Constant) else None for a in node.args]
    if name in PY_KEYWORDS | PY_PLURAL_KEYWORDS and args[:1] and isinstance(args[0], str):
        return (None, args[0]) if args[0] else None
    if name in PY_CONTEXT_KEYWORDS and len(args) > 1 and all(isinstance(a, str) for a in args[:2]):
        return (args[0], args[1])
    return None


def python_calls() -> tuple[dict[tuple, str], list[str]]:
    """(msgctxt, msgid) -> where, for every gettext call with literal arguments; and where a
    call stands inside an f-string, which xgettext does not look into."""
    found, in_fstrings = {}, []
    for path in source_files("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        hidden = {
            id(inner)
            for node in ast.walk(tree)
            if isinstance(node, ast.JoinedStr)
            for inner in ast.walk(node)
        }
        for node in ast.walk(tree):
            key = _gettext_key(node) if isinstance(node, ast.Call) else None
            if key:
                where = f"{path.relative_to(ROOT)}:{node.lineno}"
                found.setdefault(key, where)
                if id(node) in hidden:
                    in_fstrings.append(f"{where}: {key[1]!r}")
    return found, in_fstrings


TRANSLATE_TAG = re.compile(
    r"""\{%\s*(?:translate|trans)\s+(?P<q>["'])(?P<msgid>.*?)(?P=q)"""
    r"""(?:\s+noop)?(?:\s+context\s+(?P<cq>["'])(?P<ctx>.*?)(?P=cq))?(?:\s+as\s+\w+)?\s*%\}"""
)
BLOCK_TAG = re.compile(
    r"\{%\s*blocktrans(?:late)?\b(?P<args>[^%]*)%\}(?P<body>.*?)"
    r"\{%\s*(?:plural|endblocktrans(?:late)?)\s*%\}",
    re.S,
)
TEMPLATE_LITERAL = re.compile(r"""\b_\((?P<q>["'])(?P<msgid>.*?)(?P=q)\)""")


def template_msgids() -> dict[tuple, str]:
    """(msgctxt, msgid) -> where, as Django's makemessages sees the templates: a literal `%`
    of {% translate %} is doubled, {{ name }} in a blocktranslate becomes %(name)s."""
    found = {}
    for path in source_files("*.html"):
        text = path.read_text(encoding="utf-8")

        def where(pos, path=path, text=text):
            return f"{path.relative_to(ROOT)}:{text.count(chr(10), 0, pos) + 1}"

        for m in TRANSLATE_TAG.finditer(text):
            found.setdefault((m["ctx"], m["msgid"].replace("%", "%%")), where(m.start()))
        for m in TEMPLATE_LITERAL.finditer(text):
            found.setdefault((None, m["msgid"].replace("%", "%%")), where(m.start()))
        for m in BLOCK_TAG.finditer(text):
            body = m["body"].replace("%", "%%")
            body = re.sub(r"\{\{\s*(\w+)\s*\}\}", r"%(\1)s", body)
            if "trimmed" in m["args"].split():
                body = " ".join(line.strip() for line in body.strip().splitlines() if line.strip())
            ctx = re.search(r"""context\s+(["'])(.*?)\1""", m["args"])
            found.setdefault((ctx[2] if ctx else None, body), where(m.start()))
    return found


def keys(domain: str) -> set[tuple]:
    return {(e.get("msgctxt"), e["msgid"]) for e in catalogue(domain)}


def test_every_string_of_the_python_code_and_templates_is_in_the_catalogue():
    known = keys("django")
    code = {**template_msgids(), **python_calls()[0]}
    assert len(code) > 500, "the scan found too few strings: is the project layout different?"
    missing = sorted(f"{w}: {m!r}" for (c, m), w in code.items() if (c, m) not in known)
    assert not missing, (
        f"{len(missing)} strings are not in locale/en/LC_MESSAGES/django.po (run "
        f"`python manage.py makemessages -l en --no-obsolete ...` and translate them): {missing}"
    )


def test_no_gettext_call_stands_inside_an_f_string():
    """xgettext does not read f-strings: such a string reaches the catalogue only if the same
    words are marked elsewhere, and is Chinese in English otherwise."""
    in_fstrings = python_calls()[1]
    assert not in_fstrings, (
        f"move these gettext calls out of their f-string (a variable, or a msgid with "
        f"%(name)s placeholders): {in_fstrings}"
    )


JS_CALL = re.compile(
    r"""(?<![\w$.])(?:t|tf|tn|gettext)\(\s*(?P<q>["'`])(?P<msgid>(?:(?!(?P=q))[^\\]|\\.)*)(?P=q)\s*[,)]"""
)


def test_every_string_of_the_front_end_is_in_the_js_catalogue():
    """Every t / tf / tn call of the compiled front end (frontend/src, .vue and .js) is in
    djangojs.po, which test_every_entry_is_translated_and_not_fuzzy checks is translated."""
    known = keys("djangojs")
    found = {}
    src = ROOT / "frontend" / "src"
    files = [*source_files("*.html"), *sorted(src.rglob("*.vue")), *sorted(src.rglob("*.js"))]
    for path in files:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for m in JS_CALL.finditer(line):
                msgid = re.sub(r"\\(.)", lambda e: ESCAPES.get(e[1], e[1]), m["msgid"])
                if re.search(r"[\u4e00-\u9fff]", msgid):
                    found.setdefault(msgid, f"{path.relative_to(ROOT)}:{number}")
    assert found, "no Portal.t / gettext call found: is the project layout different?"
    missing = sorted(f"{w}: {m!r}" for m, w in found.items() if (None, m) not in known)
    assert not missing, f"not in locale/en/LC_MESSAGES/djangojs.po: {missing}"


QUOTED_TRANSLATE = re.compile(
    r"""(?P<q>['`])\{%\s*(?:translate|trans)\s+(?P<t>["'])(?P<msgid>.*?)(?P=t)\s*%\}"""
)


def test_translations_inside_quoted_javascript_of_templates_keep_it_valid():
    translations = {e["msgid"]: e["msgstr"] for e in catalogue("django")}
    broken = []
    for path in source_files("*.html"):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for m in QUOTED_TRANSLATE.finditer(line):
                msgstr = translations.get(m["msgid"].replace("%", "%%"), "")
                bad = [m["q"], "\\", "\n"] + (["${"] if m["q"] == "`" else [])
                if any(b in msgstr for b in bad):
                    broken.append(
                        f"{path.relative_to(ROOT)}:{number}: {m['msgid']!r} -> {msgstr!r}"
                    )
    assert not broken, f"these translations end the JavaScript string they stand in: {broken}"
