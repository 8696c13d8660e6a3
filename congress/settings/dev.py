"""The embedded demo (`make demo`): SQLite, in-process tasks, debug pages."""

from .base import *  # noqa: F401,F403
from .base import envbool, envstr

DEBUG = envbool("DJANGO_DEBUG", True)

# The demo keeps mail in files (var/mail/) instead of printing every reminder to the console.
EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = BASE_DIR / "var" / "mail"  # noqa: F405
LOGGING["root"]["level"] = envstr("LOG_LEVEL", "WARNING")  # noqa: F405
