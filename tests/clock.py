"""A fixed "now" for tests whose expectations depend on the day they run (which year or quarter
"this" one is, how many days ago something was received). CI runs a fresh clone on any date,
on a month's or a year's last day and either side of midnight in Beijing, so such a test reasons
about one known instant instead of the real clock.

`frozen()` patches django.utils.timezone.now, which is what timezone.localdate(), auto_now and
every `timezone.now()` call in the code read. Not frozen: a model field declared with
`default=timezone.now` (it holds the real function; set such a field explicitly) and
PostgreSQL's own now(), which the code never asks for."""

import contextlib
from datetime import datetime
from unittest import mock
from zoneinfo import ZoneInfo

SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 12, 1, 10, 0, tzinfo=SHANGHAI)  # a Tuesday, mid-quarter, a working day


@contextlib.contextmanager
def frozen(at: datetime = NOW):
    """Inside the block, timezone.now() is `at` (an aware datetime)."""
    with mock.patch("django.utils.timezone.now", return_value=at):
        yield at
