"""Training and online learning."""

from django.db import models  # noqa: F401
