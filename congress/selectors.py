"""Reads of the core, each narrowed to what the viewer may see."""

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from congress.models import Congress, HandlingUnit, Notification, OutboxMessage, Region, Term, User
from congress.scope import get_visible_or_404, region_filter_or_404, region_prefix, visible

REGION_PATHS = {"region": "code"}


def region_roots(*, viewer: User) -> QuerySet[Region]:
    """The top of the viewer's tree: the province for admin, their own region for staff."""
    prefix = region_prefix(viewer)
    if prefix is None:
        return Region.objects.none()
    if prefix == "":
        return Region.objects.filter(parent__isnull=True)
    return Region.objects.filter(code=prefix)


def region_children(*, viewer: User, parent_code: str) -> QuerySet[Region]:
    parent = region_get(viewer=viewer, code=parent_code)
    return with_child_counts(visible(Region.objects.filter(parent=parent), viewer, region="code"))


def with_child_counts(qs: QuerySet[Region]) -> QuerySet[Region]:
    return qs.annotate(child_count=Count("children"))


def region_get(*, viewer: User, code: str) -> Region:
    return get_visible_or_404(Region.objects.all(), viewer, paths={"region": "code"}, code=code)


def region_search(*, viewer: User, query: str, limit: int = 20) -> QuerySet[Region]:
    return visible(
        Region.objects.filter(Q(name__contains=query) | Q(code__startswith=query)),
        viewer,
        region="code",
    )[:limit]


def handling_unit_list(*, viewer: User, region_code: str | None = None) -> QuerySet[HandlingUnit]:
    qs = visible(
        HandlingUnit.objects.select_related("region"), viewer, region="region__code", unit="pk"
    )
    if region_code:
        qs = qs.filter(region__code__startswith=region_filter_or_404(viewer, region_code))
    return qs.order_by("region_id", "name")


def congress_list(*, viewer: User) -> QuerySet[Congress]:
    return visible(Congress.objects.select_related("region"), viewer, region="region__code")


def term_list(*, viewer: User, congress_id: int | None = None) -> QuerySet[Term]:
    qs = visible(Term.objects.select_related("congress"), viewer, region="congress__region__code")
    if congress_id:
        qs = qs.filter(congress_id=congress_id)
    return qs.prefetch_related("sessions")


def notification_list(*, viewer: User, unread_only: bool = False) -> QuerySet[Notification]:
    qs = Notification.objects.filter(recipient=viewer)
    if unread_only:
        qs = qs.filter(read_at__isnull=True)
    return qs


# A message's region is the recipient's: staff and leaders by their region, unit users by their
# unit's, deputies by their register entry's; a text to a deputy without an account by its own.
OUTBOX_REGION_PATHS = (
    "region__code",
    "user__region__code",
    "user__handling_unit__region__code",
    "user__deputy__region__code",
)


def outbox_visible(*, viewer: User) -> QuerySet[OutboxMessage]:
    """Outbox messages to recipients in the viewer's region (all of them for admin)."""
    prefix = region_prefix(viewer)
    rows = OutboxMessage.objects.select_related("user")
    if prefix is None:
        return rows.none()
    if prefix == "":
        return rows
    in_region = Q()
    for path in OUTBOX_REGION_PATHS:
        in_region |= Q(**{f"{path}__startswith": prefix})
    return rows.filter(in_region)


def outbox_failed_list(*, viewer: User) -> QuerySet[OutboxMessage]:
    """Messages that stayed undelivered after every attempt, newest first."""
    return outbox_visible(viewer=viewer).filter(status=OutboxMessage.Status.FAILED)


def outbox_get(*, viewer: User, pk: int) -> OutboxMessage:
    row = outbox_visible(viewer=viewer).filter(pk=pk).first()
    if row is None:
        raise Http404(_("未找到该记录，或您无权查看。"))
    return row
