"""How evaluation names another app's models (liaison stations, suggestions): by label, so a
missing app reads as "nothing to gather or measure" instead of an import error. Used only by
performance/gathering.py and township/measures.py, the two places that read other apps' data."""

import datetime as dt

from django.apps import apps
from django.utils import timezone


def model(label: str):
    """Another app's model, or None while that app is not installed."""
    try:
        return apps.get_model(label)
    except LookupError:
        return None


def local_date(value: dt.datetime | None) -> dt.date | None:
    return timezone.localdate(value) if value is not None else None
