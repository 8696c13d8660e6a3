"""The supervision figures, each defined once for the dashboard, the drill-down and the unit
evaluation alike.

整改 on time: of the 整改 reports (one per round) whose deadline falls in the period and which
are either submitted or already past their deadline, the share submitted by the deadline. A
report not yet due and not yet sent is not counted either way."""

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from supervision.models import Project, Report

RATE = Decimal("0.0001")


def reports_due(start: dt.date, end: dt.date, *, today: dt.date | None = None) -> QuerySet[Report]:
    """Reports due in [start, end) that count: submitted, or past their deadline today."""
    today = today or timezone.localdate()
    return Report.objects.filter(due_date__gte=start, due_date__lt=end).filter(
        Q(submitted_at__isnull=False) | Q(due_date__lt=today)
    )


def on_time(qs: QuerySet[Report]) -> QuerySet[Report]:
    return qs.filter(on_time=True)


def _rate(part: int, whole: int) -> Decimal | None:
    return (Decimal(part) / Decimal(whole)).quantize(RATE) if whole else None


def unit_rectification_on_time(*, unit_ids: list[int], year: int) -> dict[int, tuple]:
    """{unit_id: (share of its 整改 reports due in the year that were sent on time, note)}; a
    unit with no report due is left out."""
    due = reports_due(dt.date(year, 1, 1), dt.date(year + 1, 1, 1)).filter(
        rectification__unit_id__in=unit_ids
    )
    counts = defaultdict(lambda: [0, 0])
    for unit_id, was_on_time in due.values_list("rectification__unit_id", "on_time"):
        counts[unit_id][1] += 1
        counts[unit_id][0] += bool(was_on_time)
    return {
        unit: (_rate(*counts[unit]), _("按期 %(a)s 份 / 应报 %(b)s 份") % {"a": counts[unit][0],
                                                                    "b": counts[unit][1]})
        for unit in unit_ids
        if unit in counts
    }  # fmt: skip


def projects_of_year(year: int) -> QuerySet[Project]:
    """Projects by stage: every project of the year's plan, townships' parts included."""
    return Project.objects.filter(year=year)
