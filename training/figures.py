"""Each training figure, defined once, for the dashboard, the drill-down lists, the API and the
township evaluation alike.

- training hours of a deputy in a year: the hours of the course sessions they attended
  (出席 or 迟到, meetings' one definition of having come; the event and its course not
  cancelled) that began in the year, plus their archive entries of kind `training_hour`
  dated in the year (finished online courses and study items, and what staff entered for
  training outside the portal);
- serving deputies of a year: deputies holding a mandate on the year's reference day (its last
  day, or today for the current year);
- trained (县乡两级人大代表履职培训全覆盖): a serving deputy whose hours in the year reach the
  standard N of their region (the most specific region's CoverageStandard, else
  TRAINING_COVERAGE_HOURS, default 8); coverage = trained / serving;
- study completion of a month: of the deputies a published plan of the month was assigned to,
  the share who finished every item of it (StudyAssignment.finished_at), counted in the
  plan's month."""

import datetime as dt
from decimal import Decimal

from django.db.models import (
    Case,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from congress.env import envint
from evaluation.models import ActivityKind, ArchiveEntry
from meetings.figures import CAME
from meetings.models import Event, Invitation
from representatives.models import Deputy, Mandate
from training.models import Course, CoverageStandard, StudyAssignment

DEFAULT_MIN_HOURS = envint("TRAINING_COVERAGE_HOURS", 8)
RATE = Decimal("0.0001")


def reference_day(year: int) -> dt.date:
    return min(timezone.localdate(), dt.date(year, 12, 31))


def _year_bounds(year: int) -> tuple[dt.datetime, dt.datetime]:
    tz = timezone.get_current_timezone()
    return dt.datetime(year, 1, 1, tzinfo=tz), dt.datetime(year + 1, 1, 1, tzinfo=tz)


def hour_entries(year: int) -> QuerySet[ArchiveEntry]:
    """The archive's training hours of the year (not the sessions: see attended_sessions)."""
    return ArchiveEntry.objects.filter(
        kind=ActivityKind.TRAINING_HOUR,
        occurred_on__gte=dt.date(year, 1, 1),
        occurred_on__lte=dt.date(year, 12, 31),
    )


def attended_sessions(year: int) -> QuerySet[Invitation]:
    """Invitations to course sessions of the year that the deputy came to."""
    a, b = _year_bounds(year)
    return (
        Invitation.objects.filter(
            deputy__isnull=False,
            attendance__in=CAME,
            event__course_session__isnull=False,
            event__starts_at__gte=a,
            event__starts_at__lt=b,
        )
        .exclude(event__status=Event.Status.CANCELLED)
        .exclude(event__course_session__course__status=Course.Status.CANCELLED)
    )


def hours_in(year: int):
    """A deputy's training hours in the year, as an expression on Deputy rows."""
    entries = (
        hour_entries(year)
        .filter(deputy=OuterRef("pk"))
        .order_by()
        .values("deputy")
        .annotate(total=Sum("quantity"))
        .values("total")
    )
    sessions = (
        attended_sessions(year)
        .filter(deputy=OuterRef("pk"))
        .order_by()
        .values("deputy")
        .annotate(total=Sum("event__course_session__hours"))
        .values("total")
    )
    return Coalesce(Subquery(entries, output_field=IntegerField()), Value(0)) + Coalesce(
        Subquery(sessions, output_field=IntegerField()), Value(0)
    )


def hours_of(*, deputy_id: int, year: int) -> int:
    entries = hour_entries(year).filter(deputy_id=deputy_id).aggregate(t=Sum("quantity"))["t"]
    sessions = (
        attended_sessions(year)
        .filter(deputy_id=deputy_id)
        .aggregate(t=Sum("event__course_session__hours"))["t"]
    )
    return (entries or 0) + (sessions or 0)


def standards() -> list[tuple[str, int]]:
    """(region code, N) of every configured standard, the most specific first."""
    rows = CoverageStandard.objects.values_list("region_id", "min_hours")
    return sorted(rows, key=lambda row: -len(row[0]))


def min_hours_for(region_code: str, configured: list[tuple[str, int]] | None = None) -> int:
    for code, hours in standards() if configured is None else configured:
        if region_code.startswith(code):
            return hours
    return DEFAULT_MIN_HOURS


def _needed():
    """N of each deputy's region, as an expression on Deputy rows."""
    whens = [When(region__code__startswith=code, then=Value(n)) for code, n in standards()]
    if not whens:
        return Value(DEFAULT_MIN_HOURS, output_field=IntegerField())
    return Case(*whens, default=Value(DEFAULT_MIN_HOURS), output_field=IntegerField())


def serving_deputies(year: int) -> QuerySet[Deputy]:
    day = reference_day(year)
    seated = Mandate.objects.filter(deputy=OuterRef("pk"), start_date__lte=day).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=day)
    )
    return Deputy.objects.filter(Exists(seated))


def with_hours(qs: QuerySet[Deputy], year: int) -> QuerySet[Deputy]:
    return qs.annotate(training_hours=hours_in(year), hours_needed=_needed())


def trained_deputies(year: int) -> QuerySet[Deputy]:
    return with_hours(serving_deputies(year), year).filter(training_hours__gte=F("hours_needed"))


def untrained_deputies(year: int) -> QuerySet[Deputy]:
    return with_hours(serving_deputies(year), year).filter(training_hours__lt=F("hours_needed"))


def _owner(code: str, targets: list[str]) -> str | None:
    for target in targets:
        if code.startswith(target):
            return target
    return None


def _in_regions(path: str, codes: list[str]) -> Q:
    q = Q(pk__in=[])
    for code in codes:
        q |= Q(**{f"{path}__startswith": code})
    return q


def coverage_counts(*, region_codes: list[str], year: int) -> dict[str, tuple[int, int]]:
    """{region: (trained, serving)} for target regions that do not nest."""
    rows = (
        with_hours(serving_deputies(year), year)
        .filter(_in_regions("region__code", region_codes))
        .values_list("region_id", "training_hours", "hours_needed")
    )
    counts = {code: [0, 0] for code in region_codes}
    for code, hours, needed in rows:
        owner = _owner(code, region_codes)
        counts[owner][1] += 1
        counts[owner][0] += hours >= needed
    return {code: (c[0], c[1]) for code, c in counts.items()}


def coverage_rate(*, region_codes: list[str], year: int) -> dict[str, Decimal | None]:
    """The share trained per region (0-1), None where no deputy serves."""
    return {
        code: (Decimal(trained) / Decimal(serving)).quantize(RATE) if serving else None
        for code, (trained, serving) in coverage_counts(
            region_codes=region_codes, year=year
        ).items()
    }


def study_assignments(start: dt.date, end: dt.date) -> QuerySet[StudyAssignment]:
    """Assignments of the months [start, end) (first days of months)."""
    return StudyAssignment.objects.filter(month__gte=start, month__lt=end)


def study_finished(start: dt.date, end: dt.date) -> QuerySet[StudyAssignment]:
    return study_assignments(start, end).filter(finished_at__isnull=False)


def hours_breakdown(*, deputy_id: int, year: int) -> list[dict]:
    """What a deputy's hours of the year are made of, newest first (the same two sources as
    hours_in): attended sessions and the archive's training hours."""
    rows = [
        {
            "date": timezone.localtime(i.event.starts_at).date(),
            "title": f"{i.event.course_session.course.title}：{i.event.title}",
            "hours": i.event.course_session.hours,
            "source": "session",
        }
        for i in attended_sessions(year)
        .filter(deputy_id=deputy_id)
        .select_related("event__course_session__course")
    ]
    rows += [
        {
            "date": e.occurred_on,
            "title": e.title,
            "hours": e.quantity,
            "source": "study" if e.source_key.startswith("training:") else "archive",
        }
        for e in hour_entries(year).filter(deputy_id=deputy_id)
    ]
    return sorted(rows, key=lambda r: r["date"], reverse=True)
