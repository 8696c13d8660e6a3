"""Reads of contacts, scoped in one place: staff and leaders see the relations whose region lies
in their subtree (township staff their township's), an official the relations they contact from,
a deputy the relations they contact from as a committee member and those that contact them;
anything else is a 404."""

from django.db.models import Count, F, Q, QuerySet, Sum
from django.http import Http404
from django.utils.translation import gettext as _

from congress.models import Role, User
from congress.scope import region_prefix, scope_q
from contacts import figures
from contacts.models import Contact, ContactRelation, Issue

RELATED = ("region", "contactor", "member__deputy", "township", "deputy")


def relation_scope_q(viewer: User) -> Q | None:
    if region_prefix(viewer) is not None:
        return scope_q(viewer, region="region__code")
    if not viewer.is_authenticated or not viewer.is_active:
        return None
    if viewer.role == Role.OFFICIAL:
        return Q(contactor=viewer)
    if viewer.role == Role.DEPUTY:
        # One UNION of two index lookups: an OR across the two joins reads every relation.
        contacted = ContactRelation.objects.filter(deputy__user=viewer).order_by().values("pk")
        contacting = (
            ContactRelation.objects.filter(member__deputy__user=viewer).order_by().values("pk")
        )
        return Q(pk__in=contacted.union(contacting))
    return None


def relations_visible(viewer: User) -> QuerySet[ContactRelation]:
    q = relation_scope_q(viewer)
    return ContactRelation.objects.none() if q is None else ContactRelation.objects.filter(q)


def relation_get(*, viewer: User, pk: int) -> ContactRelation:
    relation = relations_visible(viewer).select_related(*RELATED).filter(pk=pk).first()
    if relation is None:
        raise Http404(_("未找到该联系关系，或您无权查看。"))
    return relation


def relation_list(
    *,
    viewer: User,
    year: int,
    kind: str = "",
    region: str = "",
    behind: bool = False,
    q: str = "",
) -> QuerySet[ContactRelation]:
    """The relations in force in the year, each with `done` (its contacts of the year)."""
    qs = figures.with_done(relations_visible(viewer) & figures.in_year(year), year)
    if kind:
        qs = qs.filter(kind=kind)
    if region:
        qs = qs.filter(region__code__startswith=region)
    if behind:
        qs = qs.filter(done__lt=F("yearly_target"))
    if q:
        qs = qs.filter(
            Q(contactor__name__contains=q)
            | Q(member__deputy__name__contains=q)
            | Q(deputy__name__contains=q)
            | Q(township__name__contains=q)
        )
    return qs.select_related(*RELATED).order_by("region_id", "kind", "id")


def my_relations(*, viewer: User, year: int) -> QuerySet[ContactRelation]:
    """我联系的: the relations the viewer logs contacts for (an official, a member)."""
    mine = Q(contactor=viewer) | Q(member__deputy__user=viewer)
    qs = figures.with_done(ContactRelation.objects.filter(mine) & figures.in_year(year), year)
    return qs.select_related(*RELATED).order_by("done", "id")


def contacts_of_me(*, viewer: User, year: int) -> QuerySet[Contact]:
    """联系我的: contacts logged under relations whose contacted deputy is the viewer."""
    return (
        Contact.objects.filter(relation__deputy__user=viewer, occurred_on__year=year)
        .select_related(*[f"relation__{r}" for r in RELATED])
        .prefetch_related("issues")
    )


def contacts_of(relation: ContactRelation) -> QuerySet[Contact]:
    return relation.contacts.select_related("logged_by").prefetch_related("issues")


def issue_get(*, viewer: User, pk: int) -> Issue:
    issue = (
        Issue.objects.filter(contact__relation__in=relations_visible(viewer))
        .select_related("contact", *[f"contact__relation__{r}" for r in RELATED])
        .filter(pk=pk)
        .first()
    )
    if issue is None:
        raise Http404(_("未找到该问题，或您无权查看。"))
    return issue


def constituents_of(*, viewer: User, year: int) -> dict | None:
    """代表联系群众 is not a relation here: the deputy's confirmed station visits of the year and
    the people received there, as liaison_stations counts them (None for non-deputies)."""
    from liaison_stations.models import StationVisit  # noqa: PLC0415 - the stations' records

    deputy = getattr(viewer, "deputy", None) if viewer.role == Role.DEPUTY else None
    if deputy is None:
        return None
    visits = StationVisit.objects.filter(deputy=deputy, date__year=year, confirmed=True)
    got = visits.aggregate(n=Count("pk"), people=Sum("people_received"))
    return {"visits": got["n"], "people_received": got["people"] or 0}
