"""Reads of the register, each narrowed to what the viewer may see: staff and supervisors their
region's subtree (by Deputy.region), a deputy user only themselves."""

from dataclasses import dataclass

from django.db import connection
from django.db.models import (
    BooleanField,
    Count,
    Exists,
    F,
    Func,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Value,
)
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from congress import params
from congress.models import Congress, Role, Term, User
from congress.scope import get_visible_or_404, region_in_scope_or_404, region_prefix, visible
from representatives.models import (
    Deputy,
    DeputyGroup,
    Gender,
    Mandate,
    Occupation,
)

DEPUTY_PATHS = {"region": "region__code"}
MANDATE_PATHS = {"region": "deputy__region__code"}
ORDERINGS = {
    "name": ("name_initials", "name", "id"),
    "-name": ("-name_initials", "-name", "-id"),
    "birth_date": ("birth_date", "id"),
    "-birth_date": ("-birth_date", "-id"),
    "region": ("region_id", "name_initials", "id"),
    "-region": ("-region_id", "name_initials", "id"),
    "created": ("created_at", "id"),
    "-created": ("-created_at", "-id"),
}


def code_range(path: str, prefix: str) -> Q:
    """The subtree of a region code as a range (`code >= '430525' AND code < '430526'`), next
    to the LIKE prefix: under the database's collation a LIKE cannot bound an index scan, a
    range can, so a county's page is read from the (region, name_initials, id) index in order
    instead of filtering the whole province's rows. Codes are digits, so the bound is exact."""
    if not prefix or not prefix.isdigit():
        return Q()
    q = Q(**{f"{path}__gte": prefix})
    if prefix.strip("9"):  # "43" -> "44"; an all-nines prefix has no upper bound of its length
        q &= Q(**{f"{path}__lt": str(int(prefix) + 1).zfill(len(prefix))})
    return q


def visible_deputies(viewer: User, queryset: QuerySet | None = None) -> QuerySet[Deputy]:
    queryset = Deputy.objects.all() if queryset is None else queryset
    if viewer.is_authenticated and viewer.role == Role.DEPUTY and not viewer.is_admin:
        return queryset.filter(user=viewer)
    return visible(queryset, viewer, **DEPUTY_PATHS)


@dataclass
class DeputyFilters:
    level: str = ""
    region: str = ""
    congress: int | None = None
    term: int | None = None
    status: str = ""
    category: str = ""
    group: int | None = None
    gender: str = ""
    has_account: bool | None = None
    q: str = ""
    ordering: str = ""

    @classmethod
    def from_params(cls, source) -> "DeputyFilters":
        """From the query string (congress.params: a wrong value is a 400 on that parameter)."""
        return cls(
            level=params.query_choice(source, "level", Congress.Level.choices),
            region=params.query_code(source, "region"),
            congress=params.query_id(source, "congress"),
            term=params.query_id(source, "term"),
            status=params.query_choice(source, "status", Mandate.Status.choices),
            category=params.query_choice(source, "category", Occupation.choices),
            group=params.query_id(source, "group"),
            gender=params.query_choice(source, "gender", Gender.choices),
            has_account=params.query_bool(source, "has_account"),
            q=params.query_text(source, "q"),
            ordering=params.query_ordering(source, ORDERINGS),
        )


class NamePiecesContain(Func):
    """`deputy_name_pieces(name) @> ARRAY[term]` (PostgreSQL: migration 0005 makes the function
    and its index): a Func, not RawSQL, so the column keeps its alias inside subqueries."""

    arg_joiner = ") @> ARRAY["
    template = "deputy_name_pieces(%(expressions)s]::text[]"
    output_field = BooleanField()


def name_match(term: str, *, initials: bool = True) -> Q:
    """The name contains `term`, or (latin letters) the pinyin initials start with it. On
    PostgreSQL each side is read from an index (representatives/migrations/0004,0005): the
    trigram index serves three characters and more; one or two (a surname, a two-character
    name, pinyin "zs") match the array of the name's one- and two-character pieces, which a
    GIN index holds, so a short search is no scan of the register either. The same rows as
    the plain `name LIKE '%term%'` it stands for. For other apps' deputy searches too
    (initials=False: the name alone)."""
    match = Q(name__contains=term)
    if len(term) <= 2 and connection.vendor == "postgresql":
        match &= Q(NamePiecesContain(F("name"), Value(term)))
    if initials and term.isascii() and term.isalpha():
        match |= Q(name_initials__startswith=term.lower())
    return match


def _mandates_q(filters: DeputyFilters) -> Q | None:
    """Conditions that must hold for one and the same mandate of the person."""
    q = Q()
    if filters.level:
        q &= Q(congress__level=filters.level)
    if filters.congress:
        q &= Q(congress_id=filters.congress)
    if filters.term:
        q &= Q(term_id=filters.term)
    if filters.status:
        q &= Q(status=filters.status)
    if filters.group:
        q &= Q(group_id=filters.group)
    return q if q.children else None


def mandates_prefetch() -> Prefetch:
    return Prefetch(
        "mandates",
        queryset=Mandate.objects.select_related("congress", "term", "group").order_by(
            "congress__region_id", "-start_date"
        ),
    )


def deputy_list(*, viewer: User, filters: DeputyFilters | None = None) -> QuerySet[Deputy]:
    """The register as the viewer may see it, filtered; mandates come prefetched, so a page
    costs the same few queries whatever its size."""
    filters = filters or DeputyFilters()
    qs = visible_deputies(viewer, Deputy.objects.select_related("region"))
    prefix = region_prefix(viewer)
    if prefix:
        qs = qs.filter(code_range("region_id", prefix))
    if filters.region:
        region_in_scope_or_404(viewer, filters.region)  # a foreign region is a 404, not "nobody"
        qs = qs.filter(
            code_range("region_id", filters.region), region__code__startswith=filters.region
        )
    if filters.category:
        qs = qs.filter(occupation=filters.category)
    if filters.gender:
        qs = qs.filter(gender=filters.gender)
    if filters.has_account is not None:
        qs = qs.filter(user__isnull=not filters.has_account)
    if filters.q:
        qs = qs.filter(name_match(filters.q))
    mandate_q = _mandates_q(filters)
    if mandate_q is not None:
        qs = qs.filter(Exists(Mandate.objects.filter(mandate_q, deputy=OuterRef("pk"))))
    ordering = ORDERINGS.get(filters.ordering, ("region_id", "name_initials", "id"))
    return qs.order_by(*ordering).prefetch_related(mandates_prefetch())


def deputy_get(*, viewer: User, pk: int) -> Deputy:
    qs = Deputy.objects.select_related("region", "user").prefetch_related(mandates_prefetch())
    if viewer.is_authenticated and viewer.role == Role.DEPUTY and not viewer.is_admin:
        deputy = qs.filter(pk=pk, user=viewer).first()
        if deputy is None:
            raise Http404(_("未找到该记录，或您无权查看。"))
        return deputy
    return get_visible_or_404(qs, viewer, paths=DEPUTY_PATHS, pk=pk)


def deputy_of_user(user: User) -> Deputy:
    """The deputy record behind a deputy's own account (404 when the account has none)."""
    deputy = (
        Deputy.objects.select_related("region")
        .prefetch_related(mandates_prefetch())
        .filter(user=user)
        .first()
        if user.is_authenticated
        else None
    )
    if deputy is None:
        raise Http404(_("您的账号尚未关联代表信息，请联系人大机关工作人员。"))
    return deputy


def mandate_get(*, viewer: User, pk: int) -> Mandate:
    qs = Mandate.objects.select_related("deputy", "congress", "term", "group")
    return get_visible_or_404(qs, viewer, paths=MANDATE_PATHS, pk=pk)


def serving_deputies(
    viewer: User, region_code: str, congress: Congress | int | None = None
) -> QuerySet[Deputy]:
    """Deputies registered in a region's subtree who hold a serving mandate (in one congress,
    when given), as the viewer may see them. For other apps: stations, suggestions, ballots."""
    serving = Mandate.objects.filter(deputy=OuterRef("pk"), status=Mandate.Status.SERVING)
    if congress is not None:
        serving = serving.filter(congress=congress)
    return (
        visible_deputies(viewer)
        .filter(region__code__startswith=region_code)
        .filter(Exists(serving))
        .order_by("name_initials", "id")
    )


def congress_choices(*, viewer: User) -> QuerySet[Congress]:
    """Congresses the viewer keeps seats for: their region's subtree and the ones above it."""
    prefix = region_prefix(viewer)
    if prefix is None:
        return Congress.objects.none()
    qs = Congress.objects.select_related("region")
    if prefix:
        above = [prefix[:n] for n in (2, 4, 6, 9) if n < len(prefix)]
        qs = qs.filter(Q(region__code__startswith=prefix) | Q(region_id__in=above))
    return qs.filter(terms__isnull=False).distinct().order_by("region_id")


def term_choices(*, viewer: User, congress_id: int) -> QuerySet[Term]:
    return Term.objects.filter(
        congress__in=congress_choices(viewer=viewer), congress_id=congress_id
    )


def group_list(*, viewer: User, congress_id: int | None = None) -> QuerySet[DeputyGroup]:
    qs = visible(
        DeputyGroup.objects.select_related("congress", "region"), viewer, region="region__code"
    )
    if congress_id:
        qs = qs.filter(congress_id=congress_id)
    return qs.annotate(
        serving=Count("mandates", filter=Q(mandates__status=Mandate.Status.SERVING))
    ).order_by("region_id", "name")


def deputy_timeline(*, deputy: Deputy) -> list[dict]:
    """Events of a deputy's record, newest first. Mandate events now; the performance archive
    (station visits, suggestions, training…) will add its own kinds here."""
    events = [
        {
            "date": timezone.localdate(deputy.created_at),
            "kind": "registered",
            "title": _("登记入库"),
            "detail": deputy.region.name,
        }
    ]
    for mandate in deputy.mandates.all():
        events.append(
            {
                "date": mandate.start_date,
                "kind": "mandate_start",
                "title": _("当选%(congress)s代表") % {"congress": mandate.congress.name},
                "detail": " · ".join(
                    x
                    for x in (mandate.term.label, mandate.electoral_unit, str(mandate.group or ""))
                    if x
                ),
            }
        )
        if mandate.end_date:
            events.append(
                {
                    "date": mandate.end_date,
                    "kind": "mandate_end",
                    "title": _("%(congress)s代表资格%(status)s")
                    % {"congress": mandate.congress.name, "status": mandate.get_status_display()},
                    "detail": mandate.end_reason,
                }
            )
    return sorted(events, key=lambda e: e["date"], reverse=True)
