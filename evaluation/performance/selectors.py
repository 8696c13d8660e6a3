"""Reads of deputies, archive entries and reports to voters, each narrowed to what the viewer
may see: staff and supervisors their region's subtree, a deputy only their own archive."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from congress.models import Role, Term, User
from congress.scope import get_visible_or_404, visible
from evaluation.models import ArchiveEntry, VoterReport
from representatives.models import Deputy

ENTRY_PATHS = {"region": "deputy__region__code", "deputy": "deputy"}


def _is_deputy(viewer: User) -> bool:
    return viewer.is_authenticated and viewer.role == Role.DEPUTY and not viewer.is_admin


def visible_deputies(viewer: User) -> QuerySet[Deputy]:
    if _is_deputy(viewer):
        return Deputy.objects.filter(user=viewer)
    return visible(Deputy.objects.all(), viewer, region="region__code")


def deputy_get(*, viewer: User, pk: int) -> Deputy:
    deputy = visible_deputies(viewer).select_related("region").filter(pk=pk).first()
    if deputy is None:
        raise Http404(_("未找到该记录，或您无权查看。"))
    return deputy


def deputy_of_user(user: User) -> Deputy:
    deputy = Deputy.objects.select_related("region").filter(user=user).first()
    if deputy is None:
        raise Http404(_("您的账号尚未关联代表信息，请联系人大机关工作人员。"))
    return deputy


@dataclass
class EntryFilters:
    deputy: int | None = None
    kind: str = ""
    source: str = ""
    region: str = ""
    year: int | None = None
    q: str = ""


def archive_entry_list(*, viewer: User, filters: EntryFilters | None = None) -> QuerySet:
    f = filters or EntryFilters()
    qs = visible(ArchiveEntry.objects.select_related("deputy__region"), viewer, **ENTRY_PATHS)
    if f.deputy:
        qs = qs.filter(deputy_id=f.deputy)
    if f.kind:
        qs = qs.filter(kind=f.kind)
    if f.source:
        qs = qs.filter(source=f.source)
    if f.region:
        qs = qs.filter(deputy__region__code__startswith=f.region)
    if f.year:
        qs = qs.filter(
            occurred_on__gte=dt.date(f.year, 1, 1), occurred_on__lte=dt.date(f.year, 12, 31)
        )
    if f.q:
        qs = qs.filter(Q(title__contains=f.q) | Q(deputy__name__contains=f.q))
    return qs.order_by("-occurred_on", "-id")


def archive_entry_get(*, viewer: User, pk: int) -> ArchiveEntry:
    return get_visible_or_404(
        ArchiveEntry.objects.select_related("deputy"), viewer, paths=ENTRY_PATHS, pk=pk
    )


def voter_report_list(*, viewer: User, deputy: int | None = None) -> QuerySet[VoterReport]:
    qs = visible(VoterReport.objects.select_related("deputy__region"), viewer, **ENTRY_PATHS)
    if deputy:
        qs = qs.filter(deputy_id=deputy)
    return qs


def voter_report_get(*, viewer: User, pk: int) -> VoterReport:
    report = voter_report_list(viewer=viewer).filter(pk=pk).first()
    if report is None:
        raise Http404(_("未找到该记录，或您无权查看。"))
    return report


def deputy_terms(deputy: Deputy) -> QuerySet[Term]:
    return Term.objects.filter(mandates__deputy=deputy).select_related("congress").distinct()
