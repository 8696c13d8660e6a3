"""makemessages that knows the project's aliases and its single-file components.

- Python: some modules import `gettext_lazy as _lazy` (because `_` is gettext there); xgettext
  knows only `_`, `gettext`, `gettext_lazy` ..., so `--keyword=_lazy` is added.
- The compiled front end (frontend/src, `-d djangojs -e js,vue`): its calls are `t("...")`,
  `tf("... %(n)s", {...})` and `tn(singular, plural, n)` (frontend/src/lib/i18n.js). A `.vue`
  file is handed to xgettext as JavaScript made of its <script> blocks and, for its <template>,
  only the t/tf/tn calls found there, each on its own line number, so the references in the
  catalogue point at the component's lines. tests/congress/test_catalogue.py checks every call
  against locale/en/LC_MESSAGES/djangojs.po.

The catalogues are made with
    python manage.py makemessages -l en --no-obsolete \\
        --ignore='.venv/*' --ignore='static/*' --ignore='tests/*' --ignore='bench/*' \\
        --ignore='artifacts/*' --ignore='deploy/*' --ignore='docs/*' --ignore='media/*' \\
        --ignore='var/*' --ignore='frontend/*'
    python manage.py makemessages -d djangojs -e js,vue -l en --no-obsolete \\
        --ignore='.venv/*' --ignore='static/*' --ignore='tests/*' --ignore='bench/*' \\
        --ignore='frontend/node_modules/*' --ignore='frontend/tests/*' --ignore='artifacts/*' \\
        --ignore='deploy/*' --ignore='docs/*' --ignore='media/*' --ignore='var/*'
(`make messages` runs both).
"""

import os
import re
from functools import cached_property

from django.core.management.commands.makemessages import BuildFile
from django.core.management.commands.makemessages import Command as MakeMessagesCommand

JS_KEYWORDS = ["--keyword=t", "--keyword=tf", "--keyword=tn:1,2"]
TEMPLATE_CALL = re.compile(
    r"""(?<![\w$.])(?:t|tf)\(\s*(["'])(?:(?!\1)[^\\]|\\.)*\1"""
    r"""|(?<![\w$.])tn\(\s*(["'])(?:(?!\2)[^\\]|\\.)*\2\s*,\s*(["'])(?:(?!\3)[^\\]|\\.)*\3"""
)


def vue_as_javascript(source: str) -> str:
    """The JavaScript xgettext should read for a .vue file, line for line."""
    out = []
    in_script = False
    for line in source.split("\n"):
        if re.match(r"\s*<script\b", line):
            in_script = True
            out.append("")
            continue
        if re.match(r"\s*</script>", line):
            in_script = False
            out.append("")
            continue
        if in_script:
            out.append(line)
        else:
            out.append("; ".join(m.group(0) + ")" for m in TEMPLATE_CALL.finditer(line)))
    return "\n".join(out)


class VueAwareBuildFile(BuildFile):
    @cached_property
    def is_templatized(self):
        if self.domain == "djangojs":
            return self.translatable.file.endswith(".vue")
        return super().is_templatized

    @cached_property
    def work_path(self):
        if self.domain == "djangojs" and self.is_templatized:
            return os.path.join(self.translatable.dirpath, f"{self.translatable.file}.js")
        return super().work_path

    def preprocess(self):
        if not (self.domain == "djangojs" and self.is_templatized):
            return super().preprocess()
        with open(self.path, encoding="utf-8") as fp:
            content = vue_as_javascript(fp.read())
        with open(self.work_path, "w", encoding="utf-8") as fp:
            fp.write(content)

    def postprocess_messages(self, msgs):
        if not (self.domain == "djangojs" and self.is_templatized):
            return super().postprocess_messages(msgs)
        old_path, new_path = self.work_path[2:], self.path[2:]
        return re.sub(
            r"^(#: .*)(" + re.escape(old_path) + r")",
            lambda match: match[0].replace(old_path, new_path),
            msgs,
            flags=re.MULTILINE,
        )


class Command(MakeMessagesCommand):
    build_file_class = VueAwareBuildFile
    xgettext_options = [*MakeMessagesCommand.xgettext_options, "--keyword=_lazy"]

    def process_locale_dir(self, locale_dir, files):
        # The JavaScript keywords only for the djangojs domain: a Python t("...") is not ours.
        if self.domain == "djangojs" and JS_KEYWORDS[0] not in self.xgettext_options:
            self.xgettext_options = [*self.xgettext_options, *JS_KEYWORDS]
        return super().process_locale_dir(locale_dir, files)
