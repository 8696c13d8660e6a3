"""Deadline reminders, each sent once (the SentReminder ledger claims (filing, kind, threshold)
before anything is sent, so a second worker or a rerun sends nothing): a published document
not yet filed 7 days and 1 day before its 30-day deadline and once when it is missed; a
correction 7 days before its deadline and once when it is missed (staff told too)."""

import datetime as dt
from collections import defaultdict

from django.utils import timezone
from django.utils.translation import gettext as _

from congress.models import Role, User
from congress.notifications import Once, notify_once_many
from filings.models import Filing, Status
from filings.services.common import staff_link

KIND_FILE = "filing_due"
KIND_CORRECTION = "filing_correction_due"
BEFORE = (7, 1)


def _threshold(due: dt.date, today: dt.date) -> str | None:
    left = (due - today).days
    if left < 0:
        return f"overdue:{due.isoformat()}"
    for days in BEFORE:
        if left <= days:
            return f"{days}d:{due.isoformat()}"
    return None


def _people(filings: list[Filing]) -> tuple[dict, dict]:
    units, counties = defaultdict(list), defaultdict(list)
    unit_ids = {f.unit_id for f in filings}
    county_ids = {f.reviewing_region_id for f in filings}
    for pk, unit_id in User.objects.filter(
        role=Role.HANDLING_UNIT, handling_unit_id__in=unit_ids, is_active=True
    ).values_list("pk", "handling_unit_id"):
        units[unit_id].append(pk)
    for pk, region_id in User.objects.filter(
        role=Role.STAFF, region_id__in=county_ids, is_active=True
    ).values_list("pk", "region_id"):
        counties[region_id].append(pk)
    return units, counties


def _items(filings, due_of, today, title_of) -> list[Once]:
    units, counties = _people(filings)
    items = []
    for filing in filings:
        due = due_of(filing)
        threshold = _threshold(due, today) if due else None
        if threshold is None:
            continue
        recipients = list(units[filing.unit_id])
        if threshold.startswith("overdue"):
            recipients += counties[filing.reviewing_region_id]
        if not recipients:
            continue
        items.append(Once(
            key=f"filings.filing:{filing.pk}", threshold=threshold, recipients=recipients,
            title=str(title_of(threshold.startswith("overdue")) % {"title": filing.title}),
            body=str(_("期限：%(due)s") % {"due": due.isoformat()}), link=staff_link(filing),
        ))  # fmt: skip
    return items


def reminders_sweep(*, today: dt.date | None = None) -> int:
    """Claim and send what is due today; returns the reminders this call sent."""
    today = today or timezone.localdate()
    horizon = today + dt.timedelta(days=max(BEFORE))
    to_file = list(Filing.objects.filter(status=Status.PUBLISHED, due_on__lte=horizon))
    to_correct = list(
        Filing.objects.filter(status=Status.CORRECTION_DUE, correction_due__lte=horizon)
    )
    sent = 0
    file_items = _items(
        to_file, lambda f: f.due_on, today,
        lambda late: _("规范性文件逾期未报备：%(title)s") if late
        else _("规范性文件报备期限将至：%(title)s"),
    )  # fmt: skip
    if file_items:
        sent += notify_once_many(file_items, kind=KIND_FILE, sms=True)
    correction_items = _items(
        to_correct, lambda f: f.correction_due, today,
        lambda late: _("纠正期限已过：%(title)s") if late else _("纠正期限将至：%(title)s"),
    )  # fmt: skip
    if correction_items:
        sent += notify_once_many(correction_items, kind=KIND_CORRECTION, sms=True)
    return sent
