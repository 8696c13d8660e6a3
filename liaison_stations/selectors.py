"""Reads of the liaison stations, each narrowed to what the viewer may see."""

from datetime import date

from django.db.models import (
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from congress.models import User
from congress.scope import get_visible_or_404, region_prefix, visible
from liaison_stations.models import (
    CriterionCheck,
    DutyShift,
    LiaisonStation,
    Opinion,
    StandardCriterion,
    StationMembership,
    StationVisit,
)
from representatives.models import Deputy, Mandate
from representatives.selectors.register import name_match

STATION_PATHS = {"region": "region__code"}
VISIT_PATHS = {"region": "station__region__code", "deputy": "deputy"}
OPINION_PATHS = {
    "region": "station__region__code",
    "unit": "handling_unit",
    "deputy": "assigned_deputy",
}


def station_list(
    *,
    viewer: User,
    region_code: str | None = None,
    kind: str | None = None,
    rating: str | None = None,
    query: str = "",
) -> QuerySet[LiaisonStation]:
    qs = visible(LiaisonStation.objects.select_related("region"), viewer, **STATION_PATHS)
    if region_code:
        qs = qs.filter(region__code__startswith=region_code)
    if kind:
        qs = qs.filter(kind=kind)
    if rating:
        qs = qs.filter(rating="" if rating == "unrated" else rating)
    if query:
        qs = qs.filter(Q(name__contains=query) | Q(address__contains=query))
    return qs.annotate(member_count=_member_count()).order_by("region_id", "name", "id")


def _member_count() -> Coalesce:
    """Active members of the station, counted by a subquery: PostgreSQL computes it for the
    page's rows only, where the join-and-GROUP BY it replaced counted every membership of the
    province before LIMIT (435 ms for a page of 20). Read only by the list's serializer; a
    .values() without it does not compute it."""
    members = (
        StationMembership.objects.filter(station=OuterRef("pk"), end_date__isnull=True)
        .order_by()
        .values("station")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(members, output_field=IntegerField()), 0)


def station_get(*, viewer: User, pk: int) -> LiaisonStation:
    return get_visible_or_404(
        LiaisonStation.objects.select_related("region"), viewer, paths=STATION_PATHS, pk=pk
    )


def station_members(*, station: LiaisonStation) -> QuerySet[StationMembership]:
    return (
        station.memberships.filter(end_date__isnull=True)
        .select_related("deputy", "group")
        .order_by("deputy__name", "deputy_id")
    )


def station_checklist(*, station: LiaisonStation) -> dict:
    """Every active 建管用 criterion, each with whether the station meets it and the evidence."""
    checks = {c.criterion_id: c for c in CriterionCheck.objects.filter(station=station)}
    items = list(StandardCriterion.objects.filter(is_active=True))
    for criterion in items:
        check = checks.get(criterion.pk)
        criterion.met = bool(check and check.met)
        criterion.evidence = check.evidence if check else ""
    return {"items": items, "met": sum(c.met for c in items), "total": len(items)}


def grouping_gaps(
    *, viewer: User, region_code: str | None = None, query: str = ""
) -> QuerySet[Deputy]:
    """Serving deputies registered in the viewer's region who belong to no station yet."""
    qs = visible(Deputy.objects.select_related("region"), viewer, region="region__code")
    if region_code:
        qs = qs.filter(region__code__startswith=region_code)
    if query:
        qs = qs.filter(name_match(query, initials=False))  # read from the name indexes
    serving = Mandate.objects.filter(deputy=OuterRef("pk"), status=Mandate.Status.SERVING)
    grouped = StationMembership.objects.filter(deputy=OuterRef("pk"), end_date__isnull=True)
    return qs.filter(Exists(serving)).exclude(Exists(grouped)).order_by("region_id", "name")


def roster(*, viewer: User, station: LiaisonStation, start: date, end: date) -> QuerySet[DutyShift]:
    return (
        station.shifts.filter(date__range=(start, end))
        .select_related("deputy", "swapped_from", "rule")
        .order_by("date", "start_time", "deputy__name")
    )


def next_duty(*, station: LiaisonStation, today: date | None = None) -> list[DutyShift]:
    """The next duty day of a station and the deputies on it."""
    today = today or timezone.localdate()
    # Shown to citizens: a deputy whose mandate has ended is a private person again.
    holds_seat = Mandate.objects.filter(deputy=OuterRef("deputy"), status=Mandate.Status.SERVING)
    shifts = station.shifts.filter(Exists(holds_seat))
    first = shifts.filter(date__gte=today).order_by("date").values_list("date", flat=True)
    day = first.first()
    if day is None:
        return []
    return list(shifts.filter(date=day).select_related("deputy").order_by("deputy__name"))


def visit_list(
    *,
    viewer: User,
    station_id: int | None = None,
    deputy_id: int | None = None,
    confirmed: bool | None = None,
    start: date | None = None,
    end: date | None = None,
) -> QuerySet[StationVisit]:
    qs = visible(StationVisit.objects.all(), viewer, **VISIT_PATHS)
    if station_id:
        qs = qs.filter(station_id=station_id)
    if deputy_id:
        qs = qs.filter(deputy_id=deputy_id)
    if confirmed is not None:
        qs = qs.filter(confirmed=confirmed)
    if start:
        qs = qs.filter(date__gte=start)
    if end:
        qs = qs.filter(date__lte=end)
    return (
        qs.select_related("deputy", "station", "group")
        .prefetch_related("photos")
        .order_by("-date", "-id")
    )


def visits_for_deputies(
    *,
    viewer: User | None,
    deputy_ids: list[int],
    start: date,
    end: date,
    confirmed_only: bool = True,
) -> QuerySet[StationVisit]:
    """Visits of some deputies in a period, for the performance archive and the evaluation:
    read `deputy_id`, `date`, `kind`, `online`, `people_received`, `confirmed`.
    viewer=None is for background computations only (never pass it from a request)."""
    qs = StationVisit.objects.filter(deputy_id__in=deputy_ids, date__range=(start, end))
    if viewer is not None:
        qs = visible(qs, viewer, **VISIT_PATHS)
    if confirmed_only:
        qs = qs.filter(confirmed=True)
    return qs.order_by("deputy_id", "date")


def opinion_list(
    *,
    viewer: User,
    status: str | None = None,
    station_id: int | None = None,
    overdue: bool = False,
    query: str = "",
) -> QuerySet[Opinion]:
    qs = visible(Opinion.objects.all(), viewer, **OPINION_PATHS)
    if status:
        qs = qs.filter(status=status)
    if station_id:
        qs = qs.filter(station_id=station_id)
    if overdue:
        qs = qs.overdue(on=timezone.localdate())
    if query:
        qs = qs.filter(
            Q(title__contains=query) | Q(content__contains=query) | Q(tracking_code=query.upper())
        )
    return qs.select_related(
        "station", "assigned_staff", "assigned_deputy", "handling_unit"
    ).order_by("-received_at", "-id")


def opinion_get(*, viewer: User, pk: int) -> Opinion:
    qs = Opinion.objects.select_related(
        "station", "assigned_staff", "assigned_deputy", "handling_unit"
    ).prefetch_related("events")
    return get_visible_or_404(qs, viewer, paths=OPINION_PATHS, pk=pk)


# --- For deputies and citizens ---------------------------------------------------------------


def my_memberships(*, deputy: Deputy) -> QuerySet[StationMembership]:
    return (
        deputy.station_memberships.filter(end_date__isnull=True, station__is_active=True)
        .select_related("station", "group")
        .order_by("start_date", "id")
    )


def my_groups(*, deputy: Deputy, memberships: list[StationMembership]) -> list[dict]:
    """The deputy's groups: of their serving mandates and of their station memberships."""
    groups = {
        m.group_id: m.group.name
        for m in Mandate.objects.filter(
            deputy=deputy, status=Mandate.Status.SERVING, group__isnull=False
        ).select_related("group")
    }
    groups.update({m.group_id: m.group.name for m in memberships if m.group_id})
    return [{"id": k, "name": v} for k, v in groups.items()]


def my_opinions_waiting(*, deputy: Deputy) -> int:
    """Opinions passed to the deputy that wait for their report back."""
    return Opinion.objects.filter(
        assigned_deputy=deputy, status=Opinion.Status.WITH_DEPUTY, handler_replied_at__isnull=True
    ).count()


def my_duty_days(*, deputy: Deputy, today: date | None = None, limit: int = 6):
    today = today or timezone.localdate()
    return (
        deputy.duty_shifts.filter(date__gte=today)
        .select_related("station")
        .order_by("date", "start_time")[:limit]
    )


def public_station(*, code: str) -> LiaisonStation:
    """A station as citizens reach it by its QR code: only public, active ones."""
    station = (
        LiaisonStation.objects.select_related("region")
        .filter(public_code=code.upper(), is_public=True, is_active=True)
        .first()
    )
    if station is None:
        raise Http404
    return station


def public_members(*, station: LiaisonStation) -> list[StationMembership]:
    return list(
        station.memberships.serving()
        .select_related("deputy", "group")
        .prefetch_related(
            Prefetch(
                "deputy__mandates",
                queryset=Mandate.objects.filter(status=Mandate.Status.SERVING).select_related(
                    "congress", "group"
                ),
            )
        )
        .order_by("deputy__name", "deputy_id")
    )


def viewer_region(viewer: User) -> str | None:
    return region_prefix(viewer)
