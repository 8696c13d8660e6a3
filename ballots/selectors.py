"""Reads of the ballots app, each narrowed to what the viewer may see: staff and supervisors
their region and below (through congress.scope), a deputy the ballots they may vote in, a
handling-unit user the projects their unit carries out."""

from django.apps import apps
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Value
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from ballots.models import (
    AppointedOfficial,
    Ballot,
    BallotItem,
    CommitteeMeeting,
    ItemResult,
    LivelihoodProject,
    OfficialReport,
    Participation,
    ProjectMilestone,
)
from congress.errors import TransitionError
from congress.models import Congress, HandlingUnit, Role, User
from congress.scope import get_visible_or_404, region_in_scope_or_404, region_prefix, visible
from representatives.models import Mandate

BALLOT_PATHS = {"region": "congress__region__code"}
PROJECT_PATHS = {"region": "congress__region__code", "unit": "responsible_unit"}


def _deputy_ballots(qs: QuerySet[Ballot], viewer: User) -> QuerySet[Ballot]:
    """A deputy sees the published ballots whose electorate they belong to."""
    deputy = getattr(viewer, "deputy", None)
    if deputy is None:
        return qs.none()
    serving = Mandate.objects.filter(
        deputy=deputy,
        congress=OuterRef("congress"),
        term=OuterRef("term"),
        status=Mandate.Status.SERVING,
    )
    seated = deputy.committee_seats.filter(term=OuterRef("term"), is_active=True)
    invited = deputy.review_invitations.filter(ballot=OuterRef("pk"))
    return (
        qs.exclude(status=Ballot.Status.DRAFT)
        .alias(_serving=Exists(serving), _seated=Exists(seated), _invited=Exists(invited))
        .filter(
            Q(electorate=Ballot.Electorate.DEPUTIES, _serving=True)
            | Q(electorate=Ballot.Electorate.COMMITTEE, _seated=True)
            | Q(electorate=Ballot.Electorate.INVITED, _invited=True)
        )
    )


def ballots_visible(viewer: User) -> QuerySet[Ballot]:
    qs = Ballot.objects.select_related(
        "congress",
        "session__term__congress",
        "committee_meeting__term__congress",
        "term__congress",
    )
    if viewer.is_authenticated and viewer.role == Role.DEPUTY and not viewer.is_admin:
        return _deputy_ballots(qs, viewer)
    return visible(qs, viewer, **BALLOT_PATHS)


def ballot_list(
    *, viewer: User, kind: str | None = None, status: str | None = None, year: int | None = None
) -> QuerySet[Ballot]:
    """Ballots the viewer may see, newest first, with their electronic turnout counted."""
    qs = ballots_visible(viewer).annotate(
        cast_electronic=Count(
            "participations",
            filter=Q(participations__channel=Participation.Channel.ELECTRONIC),
            distinct=True,
        ),
        item_count=Count("items", distinct=True),
    )
    deputy = getattr(viewer, "deputy", None) if viewer.is_authenticated else None
    qs = qs.annotate(
        my_voted=Exists(Participation.objects.filter(ballot=OuterRef("pk"), deputy=deputy))
        if deputy is not None
        else Value(False)
    )
    if kind:
        qs = qs.filter(kind=kind)
    if status:
        qs = qs.filter(status=status)
    if year:
        qs = qs.filter(year=year)
    return qs.order_by("-opens_at", "-id")


def ballot_get(*, viewer: User, pk: int) -> Ballot:
    ballot = ballots_visible(viewer).filter(pk=pk).first()
    if ballot is None:
        raise Http404(_("未找到该记录，或您无权查看。"))
    return ballot


def ballot_items(ballot: Ballot):
    return ballot.items.select_related(
        "handling_unit", "official", "report", "project", "suggestion"
    ).order_by("order")


def my_participation(*, ballot: Ballot, viewer: User) -> Participation | None:
    deputy = getattr(viewer, "deputy", None)
    if deputy is None:
        return None
    return Participation.objects.filter(ballot=ballot, deputy=deputy).first()


def ballot_turnout(*, ballot: Ballot) -> dict:
    """Live turnout (never the answers): who may vote, how many voted online and on paper."""
    electronic = ballot.participations.filter(channel=Participation.Channel.ELECTRONIC).count()
    cast = electronic + ballot.paper_papers + ballot.citizen_votes
    size = ballot.electorate_size
    return {
        "electorate_size": size,
        "electronic": electronic,
        "paper": ballot.paper_papers,
        "citizens": ballot.citizen_votes,
        "cast": cast,
        "rate": round(cast / size, 4) if size else 0,
        "status": ballot.status,
        "at": timezone.now(),
    }


def ballot_results(*, ballot: Ballot) -> QuerySet[ItemResult]:
    """Results exist only once a ballot is closed; before that, asking is a refused transition."""
    if ballot.status != Ballot.Status.CLOSED:
        raise TransitionError(_("投票结束后才能查看结果。"))
    return ballot.results.select_related(
        "item", "item__handling_unit", "item__official", "item__project", "item__suggestion"
    ).order_by("rank", "item__order")


def congress_choices(*, viewer: User) -> QuerySet[Congress]:
    return visible(
        Congress.objects.select_related("region").filter(
            level__in=["county", "city", "provincial"]
        ),
        viewer,
        region="region__code",
    ).prefetch_related("terms__sessions")


def setup_options(*, viewer: User, congress: Congress) -> dict:
    """What a setup form offers for one congress: sessions, committee meetings, units,
    appointed officials with their reports, projects by status, earlier ballots to compare."""
    term = congress.terms.order_by("-number").first()
    units = HandlingUnit.objects.filter(region_id=congress.region_id, is_active=True).order_by(
        "name"
    )
    officials = AppointedOfficial.objects.filter(region_id=congress.region_id).prefetch_related(
        Prefetch("reports", queryset=OfficialReport.objects.order_by("-year"))
    )
    projects = LivelihoodProject.objects.filter(
        congress=congress, status__in=["shortlisted", "elected", "completed"]
    ).order_by("-year", "list_number")
    return {
        "term": term,
        "sessions": list(term.sessions.all()) if term else [],
        "meetings": list(CommitteeMeeting.objects.filter(term=term)) if term else [],
        "units": units,
        "officials": officials,
        "projects": projects,
        "previous": ballots_visible(viewer).filter(congress=congress, status="closed"),
    }


def congress_get(*, viewer: User, pk: int) -> Congress:
    return get_visible_or_404(
        Congress.objects.select_related("region"), viewer, paths={"region": "region__code"}, pk=pk
    )


FOLLOWED = (LivelihoodProject.Status.ELECTED, LivelihoodProject.Status.COMPLETED)


def projects_visible(viewer: User, queryset: QuerySet[LivelihoodProject]):
    """Staff and supervisors: their region and below; a unit: the projects it carries out; a
    deputy: read-only, the chosen projects (elected or completed) of the congresses they serve in,
    never the candidates or screening."""
    if viewer.is_authenticated and viewer.role == Role.DEPUTY and not viewer.is_admin:
        deputy = getattr(viewer, "deputy", None)
        if deputy is None or not viewer.is_active:
            return queryset.none()
        congresses = Mandate.objects.filter(deputy=deputy, status=Mandate.Status.SERVING).values(
            "congress_id"
        )
        return queryset.filter(congress_id__in=congresses, status__in=FOLLOWED)
    return visible(queryset, viewer, **PROJECT_PATHS)


def project_list(
    *,
    viewer: User,
    year: int | None = None,
    status: str | None = None,
    congress_id: int | None = None,
) -> QuerySet[LivelihoodProject]:
    qs = projects_visible(
        viewer,
        LivelihoodProject.objects.select_related("congress", "source_unit", "responsible_unit"),
    ).annotate(milestone_count=Count("milestones"))
    if year:
        qs = qs.filter(year=year)
    if status:
        qs = qs.filter(status__in=status.split(","))
    if congress_id:
        _congress_filter_in_scope(viewer, congress_id)
        qs = qs.filter(congress_id=congress_id)
    return qs.order_by("-year", "list_number", "id")


def _congress_filter_in_scope(viewer: User, congress_id: int) -> None:
    """A ?congress= filter naming another county's congress (or none) is a 404 for those who see
    by region, as every region filter answers; a unit or deputy simply sees nothing of it."""
    if region_prefix(viewer) is None:
        return
    region = Congress.objects.filter(pk=congress_id).values_list("region_id", flat=True).first()
    region_in_scope_or_404(viewer, region)


def project_summary(*, viewer: User, year: int | None = None) -> dict:
    """The projects board's figures: how many by status, chosen ones behind (under 50%), and
    how many are followed (elected or completed)."""
    qs = project_list(viewer=viewer, year=year)
    counts = qs.order_by().values("status").annotate(n=Count("id", distinct=True))
    return {
        "by_status": {row["status"]: row["n"] for row in counts},
        "behind": qs.filter(status="elected", progress__lt=50).count(),
        "followed": qs.filter(status__in=FOLLOWED).count(),
    }


def project_get(*, viewer: User, pk: int) -> LivelihoodProject:
    project = (
        projects_visible(
            viewer,
            LivelihoodProject.objects.select_related("congress", "source_unit", "responsible_unit"),
        )
        .filter(pk=pk)
        .first()
    )
    if project is None:
        raise Http404(_("未找到该记录，或您无权查看。"))
    return project


def project_detail(*, project: LivelihoodProject) -> dict:
    votes = ItemResult.objects.filter(item__project=project).select_related("ballot", "item")
    return {
        "milestones": list(project.milestones.all()),
        "reports": list(project.reports.select_related("submitted_by")),
        "ballot_results": list(votes),
    }


def milestone_get(*, viewer: User, pk: int) -> ProjectMilestone:
    return get_visible_or_404(
        ProjectMilestone.objects.select_related("project", "project__congress"),
        viewer,
        paths={"region": "project__congress__region__code", "unit": "project__responsible_unit"},
        pk=pk,
    )


def milestone_file_get(*, viewer: User, pk: int) -> ProjectMilestone:
    """A milestone of a project the viewer sees (deputies included), for its evidence file."""
    projects = projects_visible(viewer, LivelihoodProject.objects.all()).values("pk")
    milestone = ProjectMilestone.objects.filter(pk=pk, project__in=projects).first()
    if milestone is None:
        raise Http404(_("未找到该记录，或您无权查看。"))
    return milestone


def official_report_get(*, viewer: User, pk: int) -> OfficialReport:
    """An official's yearly report, seen by whoever sees a ballot that carries it."""
    ballots = ballots_visible(viewer).values("pk")
    on_ballot = BallotItem.objects.filter(report_id=pk, ballot__in=ballots)
    report = OfficialReport.objects.filter(pk=pk).first() if on_ballot.exists() else None
    if report is None:
        raise Http404(_("未找到该记录，或您无权查看。"))
    return report


def official_get(*, viewer: User, pk: int) -> AppointedOfficial:
    return get_visible_or_404(
        AppointedOfficial.objects.all(), viewer, paths={"region": "region__code"}, pk=pk
    )


def unit_get(*, viewer: User, pk: int) -> HandlingUnit:
    return get_visible_or_404(
        HandlingUnit.objects.all(), viewer, paths={"region": "region__code"}, pk=pk
    )


def project_source_exists(*, kind: str, pk: int, region_code: str) -> bool:
    """Whether a project's source (a suggestion or a citizens' opinion) exists in the region of
    the project's congress (or below): another county's record reads like one that is not there."""
    # the source apps are named by label: ballots works without them (a source of an app that is
    # not installed reads like a missing record)
    sources = {
        LivelihoodProject.SourceKind.SUGGESTION: ("suggestions.Suggestion", "region__code"),
        LivelihoodProject.SourceKind.OPINION: ("liaison_stations.Opinion", "station__region__code"),
    }
    if kind not in sources:
        return True  # a department's or another source carries no record id to check
    label, region_path = sources[kind]
    try:
        model = apps.get_model(label)
    except LookupError:
        return False
    return model.objects.filter(pk=pk, **{f"{region_path}__startswith": region_code}).exists()
