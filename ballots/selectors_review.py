"""Reads of 十大重点建议集中评议 and 人事任免, narrowed like the rest of ballots/selectors.py:
staff and supervisors their region and below, a deputy the reviews they are invited to; the
public page of a review reads only by its token and only what a notice would say."""

from django.apps import apps
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from ballots.models import (
    AppointedOfficial,
    Appointment,
    Ballot,
    BallotItem,
    CommitteeMeeting,
    ItemResult,
    OfficialReport,
)
from ballots.selectors import ballot_get, ballots_visible
from congress.models import Congress, User
from congress.scope import get_visible_or_404, visible

NOT_FOUND = _("未找到该记录，或您无权查看。")


def review_list(*, viewer: User, status: str | None = None) -> QuerySet[Ballot]:
    qs = ballots_visible(viewer).filter(kind=Ballot.Kind.KEY_REVIEW)
    if status:
        qs = qs.filter(status=status)
    return qs.annotate(
        item_count=Count("items", distinct=True),
        code_count=Count("citizen_codes", distinct=True),
        invitee_count=Count("invitees", distinct=True),
    ).order_by("-opens_at", "-id")


def review_get(*, viewer: User, pk: int) -> Ballot:
    ballot = ballot_get(viewer=viewer, pk=pk)
    if ballot.kind != Ballot.Kind.KEY_REVIEW:
        raise Http404(NOT_FOUND)
    return ballot


def review_item_get(*, viewer: User, pk: int) -> BallotItem:
    item = BallotItem.objects.filter(pk=pk, ballot__kind=Ballot.Kind.KEY_REVIEW).first()
    if item is None:
        raise Http404(NOT_FOUND)
    review_get(viewer=viewer, pk=item.ballot_id)
    return item


def review_codes(*, ballot: Ballot) -> dict:
    """How many codes were issued and used, never which were used."""
    issued = ballot.citizen_codes.count()
    return {"issued": issued, "used": ballot.citizen_votes}


def key_suggestions(*, congress: Congress):
    """The key suggestions 重点建议 of a congress, which a 集中评议 may take as items."""
    suggestion = apps.get_model("suggestions", "Suggestion")
    return (
        suggestion.objects.filter(congress=congress, is_key=True)
        .exclude(status__in=["draft", "withdrawn", "rejected"])
        .order_by("-created_at", "-id")
    )


def public_review(*, token: str) -> Ballot:
    """A published 集中评议 by its public token; anything else reads as not there."""
    ballot = (
        Ballot.objects.select_related("congress")
        .filter(kind=Ballot.Kind.KEY_REVIEW, public_token=token)
        .exclude(public_token="")
        .first()
        if token
        else None
    )
    if ballot is None:
        raise Http404(NOT_FOUND)
    return ballot


def suggestion_reviews(*, suggestion_id: int) -> QuerySet[ItemResult]:
    """A key suggestion's published review results (closed reviews only)."""
    return (
        ItemResult.objects.filter(
            item__suggestion_id=suggestion_id,
            ballot__kind=Ballot.Kind.KEY_REVIEW,
            ballot__status=Ballot.Status.CLOSED,
        )
        .select_related("ballot", "item", "item__handling_unit")
        .order_by("-ballot__closes_at")
    )


# --- 人事任免 -----------------------------------------------------------------------------

APPOINTMENT_PATHS = {"region": "region__code"}


def appointment_list(
    *,
    viewer: User,
    kind: str | None = None,
    year: int | None = None,
    q: str = "",
    official: int | None = None,
) -> QuerySet[Appointment]:
    qs = visible(
        Appointment.objects.select_related(
            "official", "region", "committee_meeting__term__congress", "term"
        ),
        viewer,
        **APPOINTMENT_PATHS,
    )
    if kind:
        qs = qs.filter(kind=kind)
    if year:
        qs = qs.filter(decided_on__year=year)
    if q:
        qs = qs.filter(Q(official__name__icontains=q) | Q(post__icontains=q))
    if official:
        qs = qs.filter(official_id=official)
    return qs.order_by("-decided_on", "-id")


def official_history(*, viewer: User, pk: int) -> AppointedOfficial:
    """One appointed official with their appointments and yearly reports (the committee's
    ratings of them: `official_ratings`)."""
    reports = OfficialReport.objects.select_related("appointment").order_by("-year")
    return get_visible_or_404(
        AppointedOfficial.objects.prefetch_related(
            Prefetch(
                "appointments",
                queryset=Appointment.objects.select_related(
                    "committee_meeting__term__congress", "region", "official"
                ).order_by("-decided_on", "-id"),
            ),
            Prefetch("reports", queryset=reports),
        ),
        viewer,
        paths=APPOINTMENT_PATHS,
        pk=pk,
    )


def official_ratings(official: AppointedOfficial) -> list[ItemResult]:
    """The committee's ratings of an official, by their report's year, newest first."""
    return list(
        ItemResult.objects.filter(
            item__official=official,
            ballot__kind=Ballot.Kind.OFFICIAL_RATING,
            ballot__status=Ballot.Status.CLOSED,
        )
        .select_related("ballot", "item__report")
        .order_by("-ballot__year", "-ballot__closes_at")
    )


def appointment_options(*, viewer: User) -> dict:
    """What the appointment form offers: the committee meetings and officials in scope."""
    meetings = visible(
        CommitteeMeeting.objects.select_related("term__congress"),
        viewer,
        region="term__congress__region__code",
    ).order_by("-date")
    officials = visible(AppointedOfficial.objects.all(), viewer, **APPOINTMENT_PATHS).order_by(
        "name"
    )
    return {"meetings": meetings, "officials": officials}
