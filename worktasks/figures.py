"""Each work-task figure, defined once, for the dashboard, its drill-downs, the list pages and
the township evaluation alike.

- a task counts for the year (or period) its deadline falls in, once issued (not a draft);
- its region is the owning region (a township's or county's congress), or, for a unit's task,
  the issuing region;
- completed by the deadline (按期完成) = result on_time, confirmed by the issuer; the
  completion rate = on-time tasks / tasks due;
- overdue (逾期) = open (issued, in progress or returned) past the deadline: selectors.overdue_q."""

import datetime as dt
from decimal import Decimal

from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import Coalesce

from worktasks.models import Task

RATE = Decimal("0.0001")


def counted() -> QuerySet[Task]:
    """Issued tasks, with `fact_region`: the owning region, else the issuing one."""
    return Task.objects.exclude(status=Task.Status.DRAFT).annotate(
        fact_region=Coalesce(F("owner_region_id"), F("region_id"))
    )


def region_q(code: str) -> Q:
    """Tasks of a region's subtree by `fact_region` (as a filter on plain columns)."""
    return Q(owner_region__code__startswith=code) | Q(
        owner_region__isnull=True, region__code__startswith=code
    )


def due_between(start: dt.date, end: dt.date) -> QuerySet[Task]:
    return counted().filter(due__gte=start, due__lt=end)


def bucket(task: Task) -> str:
    """The dashboard key of a task: its result, or `open`."""
    return task.result or "open"


def completion_rate(*, region_codes: list[str], year: int) -> dict[str, Decimal | None]:
    """The share (0-1) of each region's tasks due in the year that were completed by their
    deadline; None where the region had no task due. A region's tasks are those its own
    congress owns, and those of the regions below it."""
    if not region_codes:
        return {}
    start, end = dt.date(year, 1, 1), dt.date(year + 1, 1, 1)
    anywhere = Q()
    for code in region_codes:
        anywhere |= Q(owner_region__code__startswith=code)
    rows = list(
        due_between(start, end)
        .filter(anywhere)
        .values("owner_region_id")
        .annotate(due=Count("pk"), on_time=Count("pk", filter=Q(result=Task.Result.ON_TIME)))
    )
    out = {}
    for code in region_codes:
        due = sum(r["due"] for r in rows if r["owner_region_id"].startswith(code))
        on_time = sum(r["on_time"] for r in rows if r["owner_region_id"].startswith(code))
        out[code] = (Decimal(on_time) / Decimal(due)).quantize(RATE) if due else None
    return out
