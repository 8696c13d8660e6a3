"""Reads of 备案审查, scoped through congress.scope: staff and leaders see the filings of their
region's subtree (township staff their township's), a filer's users their unit's, an outside
expert only the filings of the reviews they are invited to; anything else is a 404."""

import datetime as dt

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from congress.models import Role, User
from congress.scope import scope_q
from filings.models import Document, ExpertInvitation, Filing, History, Review

PATHS = {"region": "region__code", "unit": "unit_id"}


def filing_scope_q(viewer: User) -> Q | None:
    if not viewer.is_authenticated or not viewer.is_active:
        return None
    if viewer.role == Role.EXPERT and not viewer.is_admin:
        invited = ExpertInvitation.objects.filter(expert=viewer, review__filing=OuterRef("pk"))
        return Q(Exists(invited))
    return scope_q(viewer, **PATHS)


def filings_visible(viewer: User) -> QuerySet[Filing]:
    q = filing_scope_q(viewer)
    return Filing.objects.none() if q is None else Filing.objects.filter(q)


def filing_get(*, viewer: User, pk: int) -> Filing:
    filing = filings_visible(viewer).select_related("region", "unit").filter(pk=pk).first()
    if filing is None:
        raise Http404(_("未找到该备案文件，或您无权查看。"))
    return filing


def filing_list(
    *,
    viewer: User,
    year: int | None = None,
    status: str = "",
    result: str = "",
    region: str = "",
    unit: int | None = None,
    late: bool | None = None,
    intervention: bool | None = None,
    overdue: bool = False,
    today: dt.date | None = None,
    q: str = "",
) -> QuerySet[Filing]:
    """The staff list (and the filer's own): filtered, newest first."""
    qs = filings_visible(viewer)
    if year:
        qs = qs.filter(Q(filed_on__year=year) | Q(filed_on__isnull=True, created_at__year=year))
    if status:
        qs = qs.filter(status=status)
    if result:
        qs = qs.filter(result=result)
    if region:
        qs = qs.filter(region__code__startswith=region)
    if unit:
        qs = qs.filter(unit_id=unit)
    if late is not None:
        qs = qs.filter(late=late, filed_on__isnull=False)
    if intervention is not None:
        qs = qs.filter(intervention=intervention)
    if overdue and today:
        qs = qs.filter(
            Q(status="published", due_on__lt=today)
            | Q(status="correction_due", correction_due__lt=today)
        )
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(doc_number__icontains=q) | Q(number__icontains=q))
    return qs.select_related("region", "unit").order_by("-created_at", "-id")


def review_list(*, filing: Filing) -> list[Review]:
    return list(filing.reviews.select_related("reviewer").prefetch_related("invitations__expert"))


def document_list(*, filing: Filing) -> QuerySet[Document]:
    return filing.documents.select_related("uploaded_by")


def history_list(*, filing: Filing) -> QuerySet[History]:
    return filing.history.select_related("actor")


def document_get(*, viewer: User, pk: int) -> Document:
    """A file, through the filing's scope: an expert reads only the files of the filings of
    the reviews they are invited to."""
    document = Document.objects.filter(filing__in=filings_visible(viewer)).filter(pk=pk).first()
    if document is None:
        raise Http404(_("未找到该材料，或您无权查看。"))
    return document


def invitations_of(viewer: User) -> QuerySet[ExpertInvitation]:
    """An expert's own invitations, newest first."""
    return (
        ExpertInvitation.objects.filter(expert=viewer)
        .select_related(
            "review",
            "review__filing",
            "review__filing__unit",
            "review__filing__region",
            "invited_by",
        )  # fmt: skip
        .order_by("-invited_at", "-id")
    )


def invitation_get(*, viewer: User, pk: int) -> ExpertInvitation:
    invitation = invitations_of(viewer).filter(pk=pk).first()
    if invitation is None:
        raise Http404(_("未找到该审查邀请，或您无权查看。"))
    return invitation


def experts_for(viewer: User, filing: Filing) -> QuerySet[User]:
    """The experts staff may invite to a filing's review: active expert accounts of the
    reviewing county's pool (their region) or of a region above it."""
    county = filing.reviewing_region_id
    prefixes = [county[:n] for n in (2, 4, 6)]
    return User.objects.filter(role=Role.EXPERT, is_active=True, region_id__in=prefixes).order_by(
        "name", "id"
    )
