"""The once-only reminders of supervision, swept by beat: a 整改 report due in 7 days and in 1
day, and overdue (the body, and the organising staff once it is late); a 专题询问 commitment due
in 7 days, in 1 day and overdue (the body). Each is claimed in congress's SentReminder ledger
under (report or commitment, kind, threshold) before it is sent, so running twice or in two
workers at once sends it once."""

import datetime as dt
from collections import defaultdict

from django.utils import timezone
from django.utils.translation import gettext as _

from congress.models import Role, User
from congress.notifications import Once, notify_once_many
from supervision.models import Commitment, Rectification, Report
from supervision.services.common import project_link, rectification_link

THRESHOLDS = (7, 1)
KIND_REPORT = "supervision_report_due"
KIND_COMMITMENT = "supervision_commitment_due"


def threshold(due: dt.date, today: dt.date) -> str | None:
    """The tightest threshold reached: "overdue", "1", "7", or None when not yet near."""
    left = (due - today).days
    if left < 0:
        return "overdue"
    reached = [t for t in THRESHOLDS if left <= t]
    return str(min(reached)) if reached else None


def _body(unit_ids) -> dict[int, list[int]]:
    found = defaultdict(list)
    for pk, unit in User.objects.filter(
        role__in=[Role.HANDLING_UNIT, Role.OFFICIAL], handling_unit_id__in=set(unit_ids),
        is_active=True,
    ).values_list("pk", "handling_unit_id"):  # fmt: skip
        found[unit].append(pk)
    return found


def _staff(region_codes) -> dict[str, list[int]]:
    found = defaultdict(list)
    for pk, code in User.objects.filter(
        role=Role.STAFF, region_id__in=set(region_codes), is_active=True
    ).values_list("pk", "region_id"):
        found[code].append(pk)
    return found


def _report_items(today: dt.date) -> list[Once]:
    horizon = today + dt.timedelta(days=max(THRESHOLDS))
    reports = list(
        Report.objects.filter(
            submitted_at__isnull=True,
            due_date__lte=horizon,
            rectification__status__in=[Rectification.Status.DUE, Rectification.Status.RETURNED],
        ).select_related("rectification__project")
    )
    body = _body(r.rectification.unit_id for r in reports)
    staff = _staff(r.rectification.project.region_id for r in reports)
    items = []
    for report in reports:
        mark = threshold(report.due_date, today)
        rect = report.rectification
        project = rect.project
        key = f"supervision.report:{report.pk}"
        if mark == "overdue":
            title = _("整改报告已逾期：%(t)s") % {"t": project.title}
            recipients = body[rect.unit_id] + staff[project.region_id]
        else:
            title = _("整改报告将于 %(d)s 到期：%(t)s") % {"d": report.due_date, "t": project.title}
            recipients = body[rect.unit_id]
        if recipients:
            items.append(Once(key=key, threshold=mark, recipients=recipients, title=str(title),
                              link=rectification_link(rect)))  # fmt: skip
    return items


def _commitment_items(today: dt.date) -> list[Once]:
    horizon = today + dt.timedelta(days=max(THRESHOLDS))
    rows = list(
        Commitment.objects.filter(
            status=Commitment.Status.OPEN, due_date__lte=horizon
        ).select_related("question__project")
    )
    body = _body(c.question.project.unit_id for c in rows)
    items = []
    for c in rows:
        project = c.question.project
        if not body[project.unit_id]:
            continue
        mark = threshold(c.due_date, today)
        title = (_("询问承诺事项已逾期：%(w)s") if mark == "overdue"
                 else _("询问承诺事项即将到期：%(w)s")) % {"w": c.what}  # fmt: skip
        items.append(Once(key=f"supervision.commitment:{c.pk}", threshold=mark,
                          recipients=body[project.unit_id], title=str(title),
                          body=_("承诺时限 %(d)s") % {"d": c.due_date}, link=project_link(project)))  # fmt: skip
    return items


def sweep(*, today: dt.date | None = None) -> int:
    """Send what is due; returns how many reminders this call claimed."""
    today = today or timezone.localdate()
    sent = 0
    if items := _report_items(today):
        sent += notify_once_many(items, kind=KIND_REPORT)
    if items := _commitment_items(today):
        sent += notify_once_many(items, kind=KIND_COMMITMENT)
    return sent
