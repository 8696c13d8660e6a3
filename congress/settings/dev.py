"""The embedded demo (`make demo`): SQLite, in-process tasks, debug pages."""

from .base import *  # noqa: F401,F403
from .base import envbool

DEBUG = envbool("DJANGO_DEBUG", True)
