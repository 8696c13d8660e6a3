"""makemessages that also extracts the project's `_lazy` alias of gettext_lazy.

Some modules import `gettext_lazy as _lazy` (because `_` is gettext there); xgettext knows only
`_`, `gettext`, `gettext_lazy` ..., so without this their strings never reached the catalogue
and stayed Chinese in English. tests/congress/test_catalogue.py checks every gettext call of
the code against locale/en/LC_MESSAGES/django.po.

The English catalogue is made with
    python manage.py makemessages -l en --no-obsolete \\
        --ignore='.venv/*' --ignore='static/*' --ignore='tests/*' --ignore='bench/*' \\
        --ignore='artifacts/*' --ignore='deploy/*' --ignore='docs/*' --ignore='media/*'
The JavaScript strings (Portal.t / t / gettext("...") in static/app and inline template
scripts) are not seen by `makemessages -d djangojs`; locale/en/LC_MESSAGES/djangojs.po is kept
by hand and the test lists any call missing from it.
"""

from django.core.management.commands.makemessages import Command as MakeMessagesCommand


class Command(MakeMessagesCommand):
    xgettext_options = [*MakeMessagesCommand.xgettext_options, "--keyword=_lazy"]
