"""Setting a ballot up: create and edit a draft with its items, open it (the electorate's size
and every counter fixed up front), and attach an appointed official's yearly report. The
actions follow ballots/workflow.py: lock, check the table, validate, save the changed fields
with their audit row."""

import logging
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ballots import workflow
from ballots.models import (
    AppointedOfficial,
    Ballot,
    BallotItem,
    CommitteeMeeting,
    LivelihoodProject,
    OfficialReport,
    Tally,
)
from ballots.services.appointments import report_link
from ballots.services.electorate import electorate
from congress.errors import ApplicationError, invalid
from congress.models import Congress, User
from congress.services import model_create, model_delete, model_update

log = logging.getLogger(__name__)


def _item_from(spec: dict, *, ballot: Ballot, order: int) -> BallotItem:
    unit, official, report, project, suggestion = (
        spec.get("handling_unit"),
        spec.get("official"),
        spec.get("report"),
        spec.get("project"),
        spec.get("suggestion"),
    )
    if report is not None and official is None:
        official = report.official
    title = spec.get("title") or str(suggestion or unit or official or project or "")
    return BallotItem(
        ballot=ballot,
        order=order,
        title=title[:150],
        handling_unit=unit,
        official=official,
        report=report,
        project=project,
        suggestion=suggestion,
        presenter=spec.get("presenter", ""),
        statement=spec.get("statement", ""),
    )


def _check_items(kind: str, items: list[dict], choose_max: int | None, region_code: str) -> None:
    if not items:
        raise ApplicationError(_("请至少添加一个测评对象。"), fields={"items": [_("不能为空。")]})
    need = {
        Ballot.Kind.UNIT_RATING: "handling_unit",
        Ballot.Kind.OFFICIAL_RATING: "official",
        Ballot.Kind.PROJECT_VOTE: "project",
        Ballot.Kind.PROJECT_RATING: "project",
        Ballot.Kind.KEY_REVIEW: "suggestion",
    }[kind]
    for spec in items:
        subject = spec.get(need) or (spec.get("report") and need == "official")
        if not subject:
            raise invalid("items", _("测评对象与测评类别不符。"))
        region = _subject_region(spec)
        if region is not None and not region.startswith(region_code):
            raise invalid("items", _("测评对象不属于本级。"))
    if kind == Ballot.Kind.KEY_REVIEW and any(not s["suggestion"].is_key for s in items):
        raise invalid("items", _("只有重点建议可以列入集中评议。"))
    keys = [_subject_key(spec) for spec in items]
    if len(set(keys)) != len(keys):
        raise invalid("items", _("测评对象重复。"))
    if kind == Ballot.Kind.PROJECT_VOTE:
        if not choose_max or choose_max >= len(items):
            raise ApplicationError(
                _("差额票决的候选项目数须多于应选数。"),
                fields={"choose_max": [_("应选数须小于候选项目数（差额）。")]},
            )
        if any(s["project"].status != LivelihoodProject.Status.SHORTLISTED for s in items):
            raise invalid("items", _("只有入围的候选项目可以提交票决。"))
    if kind == Ballot.Kind.PROJECT_RATING and any(
        s["project"].status
        not in (LivelihoodProject.Status.ELECTED, LivelihoodProject.Status.COMPLETED)
        for s in items
    ):
        raise invalid("items", _("只有票决当选的项目可以进行满意度测评。"))


def _subject_key(spec: dict) -> tuple:
    """What an item is about; a report stands for its official (two reports of one official
    in one ballot are the same subject)."""
    official = spec.get("official") or (spec.get("report") and spec["report"].official)
    if spec.get("suggestion"):
        return ("suggestion", spec["suggestion"].pk)
    return tuple(x and x.pk for x in (spec.get("handling_unit"), official, spec.get("project")))


def _subject_region(spec: dict) -> str | None:
    if spec.get("suggestion"):
        return spec["suggestion"].region_id
    if spec.get("handling_unit"):
        return spec["handling_unit"].region_id
    official = spec.get("official") or (spec.get("report") and spec["report"].official)
    if official:
        return official.region_id
    if spec.get("project"):
        return spec["project"].congress.region_id
    return None


@transaction.atomic
def ballot_create(
    *,
    actor: User,
    congress: Congress,
    kind: str,
    title: str,
    year: int,
    opens_at: datetime,
    closes_at: datetime,
    items: list[dict],
    session=None,
    committee_meeting: CommitteeMeeting | None = None,
    electorate_kind: str = Ballot.Electorate.DEPUTIES,
    anonymous: bool = True,
    choose_max: int | None = None,
    flag_threshold: Decimal | None = None,
    compare_with: Ballot | None = None,
) -> Ballot:
    """A draft ballot with its items; nothing can be voted until it is opened."""
    term = (
        session.term
        if session
        else committee_meeting.term
        if committee_meeting
        else congress.terms.order_by("-number").first()
    )
    if term is None:
        raise invalid("congress", _("该人大尚无届次。"))
    ballot = Ballot(
        congress=congress,
        term=term,
        session=session,
        committee_meeting=committee_meeting,
        kind=kind,
        title=title,
        year=year,
        electorate=electorate_kind,
        anonymous=anonymous,
        opens_at=opens_at,
        closes_at=closes_at,
        choose_max=choose_max if kind == Ballot.Kind.PROJECT_VOTE else None,
        compare_with=compare_with,
        created_by=actor,
    )
    if flag_threshold is not None:
        ballot.flag_threshold = flag_threshold
    _check_ballot(ballot, items)
    model_create(ballot)
    _save_items(ballot, items)
    return ballot


def _check_ballot(ballot: Ballot, items: list[dict]) -> None:
    """Everything a draft must satisfy, checked before anything is written."""
    ballot.full_clean()
    _check_items(ballot.kind, items, ballot.choose_max, ballot.congress.region_id)
    compare_with = ballot.compare_with
    if compare_with is not None and (
        compare_with.kind != ballot.kind
        or compare_with.congress_id != ballot.congress_id
        or compare_with.pk == ballot.pk
    ):
        raise invalid("compare_with", _("对比的测评须为同一人大的同类测评。"))


def _save_items(ballot: Ballot, items: list[dict]) -> None:
    for order, spec in enumerate(items, start=1):
        item = _item_from(spec, ballot=ballot, order=order)
        item.full_clean(exclude=["ballot"])
        model_create(item)


def _spec_of(item: BallotItem) -> dict:
    return {
        "handling_unit": item.handling_unit,
        "official": item.official,
        "report": item.report,
        "project": item.project,
        "suggestion": item.suggestion,
        "title": item.title,
        "presenter": item.presenter,
        "statement": item.statement,
    }


EDITABLE_FIELDS = frozenset(
    {
        "kind",
        "title",
        "year",
        "session",
        "committee_meeting",
        "electorate",
        "anonymous",
        "opens_at",
        "closes_at",
        "choose_max",
        "flag_threshold",
        "compare_with",
    }
)


def check_editable(ballot: Ballot, actor: User | None = None) -> None:
    """A 409 unless the ballot is a draft (asked before the input is read, so an open or closed
    ballot answers 409 whatever was sent)."""
    roles = workflow.ballot_roles(ballot, actor) if actor is not None else {workflow.STAFF}
    workflow.check(ballot, "edit", roles)


def ballot_locked(ballot: Ballot) -> Ballot:
    """The ballot row locked for this transaction (its congress read along, not locked): votes,
    paper entry and closing queue on it, so a vote in flight is either counted before the close
    or refused after it."""
    return (
        Ballot.objects.select_related("congress").select_for_update(of=("self",)).get(pk=ballot.pk)
    )


def _edited(ballot: Ballot, data: dict) -> Ballot:
    """An unsaved copy of the ballot with `data` applied, to validate the draft as it would be
    before anything is written (the locked row keeps its values for the audit's before)."""
    copy = Ballot(**{f.attname: getattr(ballot, f.attname) for f in Ballot._meta.concrete_fields})
    copy._state.adding = False
    for field, value in data.items():
        setattr(copy, field, value)
    return copy


@transaction.atomic
def ballot_update(
    *, actor: User, ballot: Ballot, items: list[dict] | None = None, **changes: Any
) -> Ballot:
    """Edit a draft (title, kind and so its answers, times, electorate, items...). Once opened a
    ballot never changes: 409. Everything is validated before anything is written, so bad
    input stores nothing; `items`, when given, replace the draft's items."""
    unknown = set(changes) - EDITABLE_FIELDS
    if unknown:
        raise invalid(
            {k: [_("不能修改此项。")] for k in sorted(unknown)}, summary=_("不能修改这些内容。")
        )
    ballot = ballot_locked(ballot)
    workflow.check(ballot, "edit", workflow.ballot_roles(ballot, actor))
    data = dict(changes)
    draft = _edited(ballot, data)
    if "session" in changes or "committee_meeting" in changes:
        term = (
            draft.session.term
            if draft.session
            else draft.committee_meeting.term
            if draft.committee_meeting
            else ballot.congress.terms.order_by("-number").first()
        )
        data["term"] = term or ballot.term
    if draft.kind != Ballot.Kind.PROJECT_VOTE:
        data["choose_max"] = None
    draft = _edited(ballot, data)
    specs = (
        items
        if items is not None
        else [
            _spec_of(i)
            for i in ballot.items.select_related(
                "handling_unit", "official", "report", "project", "suggestion"
            )
        ]
    )
    _check_ballot(draft, specs)
    model_update(instance=ballot, fields=sorted(data), data=data, validate=False)
    if items is not None:
        for old in ballot.items.all():
            model_delete(old)
        _save_items(ballot, items)
    return ballot


@transaction.atomic
def ballot_open(*, actor: User, ballot: Ballot) -> Ballot:
    """Publish a draft: fix the electorate's size and create every counter up front (a counter
    created at the first vote for an answer would tell when that answer was first given)."""
    ballot = ballot_locked(ballot)
    workflow.check(ballot, "open", workflow.ballot_roles(ballot, actor))
    size = electorate(ballot).distinct().count() + ballot.citizen_codes.count()
    if size == 0:
        raise ApplicationError(_("该测评没有投票人（本届暂无在任代表或常委会组成人员）。"))
    items = list(ballot.items.select_related("project"))
    if ballot.is_approval and any(
        i.project is None or i.project.status != LivelihoodProject.Status.SHORTLISTED for i in items
    ):
        # screened out after the draft was made: the count could not elect it
        raise invalid("items", _("只有入围的候选项目可以提交票决。"))
    tallies = [Tally(ballot=ballot, item=i, answer=a) for i in items for a in ballot.answers]
    Tally.objects.bulk_create(tallies)  # counters are never audited (see models.py)
    model_update(
        instance=ballot,
        fields=["status", "opened_at", "electorate_size"],
        data={"status": Ballot.Status.OPEN, "opened_at": timezone.now(), "electorate_size": size},
    )
    return ballot


@transaction.atomic
def official_report_attach(
    *, actor: User, official: AppointedOfficial, year: int, title: str, body: str = "", file=None
) -> OfficialReport:
    """Attach an appointed official's yearly report (shown with their ballot item)."""
    report = OfficialReport(official=official, year=year, title=title, body=body)
    if file is not None:
        report.file = file
    model_create(report, validate=True)
    return report_link(report=report)
