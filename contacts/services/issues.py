"""An issue raised in a contact: turned into a citizens' opinion (liaison_stations), a draft
suggestion of the deputy who raised it (suggestions) or a work task (worktasks), each through its
app's own service; answered directly; its result read back (sync) and told to whoever raised it.
Each step is a row of workflow.py."""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from congress.errors import invalid
from congress.models import HandlingUnit, Region, User
from congress.notifications import notify
from congress.services import model_update
from contacts import workflow
from contacts.models import ContactRelation, Issue, Kind

FIELDS = ["status", "target", "target_id", "result", "result_at", "feedback", "fed_back_at"]


def _locked(issue: Issue, action: str, actor: User | None) -> tuple[Issue, ContactRelation]:
    relation = issue.contact.relation
    issue = Issue.objects.select_for_update().select_related("contact").get(pk=issue.pk)
    workflow.check(issue, relation, action, actor)
    return issue, relation


def _save(issue: Issue, action: str, **data) -> Issue:
    target = workflow.TABLE[action].target
    issue, _changed = model_update(instance=issue, fields=FIELDS, data={"status": target, **data})
    return issue


def _title(issue: Issue) -> str:
    return issue.content.strip().splitlines()[0][:60] or _("联系中反映的问题")


@transaction.atomic
def issue_to_opinion(*, actor: User, issue: Issue) -> Issue:
    """A citizens' opinion at the station of the deputy (or of the township) concerned."""
    from liaison_stations.models import LiaisonStation, Opinion  # noqa: PLC0415 - optional app
    from liaison_stations.services.opinions import opinion_submit  # noqa: PLC0415

    issue, relation = _locked(issue, "to_opinion", actor)
    station = None
    if relation.deputy_id:
        station = (
            LiaisonStation.objects.filter(memberships__deputy=relation.deputy,
                                          memberships__end_date__isnull=True)
            .order_by("pk").first()
        )  # fmt: skip
    station = station or (
        LiaisonStation.objects.filter(region__code__startswith=relation.region_id)
        .order_by("pk")
        .first()
    )
    if station is None:
        raise invalid("target", _("该地区没有代表联络站，不能转为社情民意。"))
    opinion = opinion_submit(
        station=station,
        source=Opinion.Source.STATION,
        title=_title(issue),
        content=_("%(content)s\n\n（来源：%(relation)s %(date)s 的联系记录）")
        % {"content": issue.content, "relation": relation, "date": issue.contact.occurred_on},
        citizen_name=relation.contacted_name[:30],
    )
    return _save(issue, "to_opinion", target=Issue.Target.OPINION, target_id=opinion.pk)


@transaction.atomic
def issue_to_suggestion(*, actor: User, issue: Issue) -> Issue:
    """A draft suggestion in the name of the deputy who raised it (they submit it themselves)."""
    issue, relation = _locked(issue, "to_suggestion", actor)
    deputy = relation.deputy
    if relation.kind == Kind.TOWNSHIP or deputy is None or not deputy.user_id:
        raise invalid("target", _("只有代表反映的问题可以转为代表建议，且该代表须已开通账号。"))
    draft = _draft_from(deputy, issue, relation)
    if draft is None:
        raise invalid("target", _("暂时无法起草代表建议（未设置建议类别）。"))
    return _save(issue, "to_suggestion", target=Issue.Target.SUGGESTION, target_id=draft.pk)


def _draft_from(deputy, issue: Issue, relation: ContactRelation):
    from suggestions.models import SuggestionCategory  # noqa: PLC0415 - optional app
    from suggestions.services.drafting import suggestion_create  # noqa: PLC0415

    category = (
        SuggestionCategory.objects.filter(is_active=True, name="其他").first()
        or SuggestionCategory.objects.filter(is_active=True).first()
    )
    if category is None:
        return None
    body = _("%(content)s\n\n（来源：%(relation)s %(date)s 的联系记录）") % {
        "content": issue.content, "relation": relation, "date": issue.contact.occurred_on,
    }  # fmt: skip
    return suggestion_create(author=deputy.user, title=_title(issue), body=body,
                             category_id=category.pk)  # fmt: skip


def task_service():
    """worktasks' `task_from_source`, or None while that app does not offer it."""
    try:
        from worktasks import services  # noqa: PLC0415 - optional app
    except ImportError:
        return None
    return getattr(services, "task_from_source", None)


@transaction.atomic
def issue_to_task(
    *, actor: User, issue: Issue, owner_unit_id: int | None = None, due: dt.date | None = None
) -> Issue:
    """A one-task list of the relation's county (worktasks.services.task_from_source), owned
    by the unit named, else by the official's own body, else by the township contacted; due in
    30 days unless a date is given."""
    issue, relation = _locked(issue, "to_task", actor)
    make = task_service()
    if make is None:
        raise invalid("target", _("工作任务清单尚未启用，不能转为工作任务。"))
    county = Region.objects.filter(code=relation.region_id[:6]).first() or relation.region
    owner_unit = None
    if owner_unit_id:
        owner_unit = HandlingUnit.objects.filter(
            pk=owner_unit_id, region__code__startswith=county.code, is_active=True
        ).first()
        if owner_unit is None:
            raise invalid("owner_unit", _("所选责任单位无效。"))
    elif relation.contactor_id and relation.contactor.handling_unit_id:
        owner_unit = relation.contactor.handling_unit
    owner_region = relation.township if owner_unit is None else None
    if owner_unit is None and owner_region is None:
        raise invalid("owner_unit", _("请选择承担该任务的责任单位。"))
    made = make(
        actor=actor, region=county, title=_title(issue), description=issue.content,
        owner_region=owner_region, owner_unit=owner_unit,
        due=due or timezone.localdate() + dt.timedelta(days=30),
        source_label=_("联系记录：%(relation)s %(date)s")
        % {"relation": relation, "date": issue.contact.occurred_on},
        source_url=f"/contacts/{relation.pk}/",
    )  # fmt: skip
    return _save(issue, "to_task", target=Issue.Target.TASK, target_id=made.pk)


@transaction.atomic
def issue_answer(*, actor: User, issue: Issue, result: str) -> Issue:
    """The result, told by staff or the contactor (a direct answer, or what came of the record)."""
    if not result.strip():
        raise invalid("result", _("请填写办理结果。"))
    issue, _relation = _locked(issue, "answer", actor)
    return _save(issue, "answer", result=result.strip(), result_at=timezone.now())


@transaction.atomic
def issue_feed_back(*, actor: User, issue: Issue, feedback: str) -> Issue:
    if not feedback.strip():
        raise invalid("feedback", _("请填写向提出人反馈的情况。"))
    issue, _relation = _locked(issue, "feed_back", actor)
    return _save(issue, "feed_back", feedback=feedback.strip(), fed_back_at=timezone.now())


@transaction.atomic
def issue_close(*, actor: User, issue: Issue, reason: str) -> Issue:
    if not reason.strip():
        raise invalid("reason", _("请说明无需办理的原因。"))
    issue, _relation = _locked(issue, "close", actor)
    return _save(issue, "close", result=reason.strip(), result_at=timezone.now())


def target_result(issue: Issue) -> str | None:
    """What the converted record says now, or None while it has no result."""
    if issue.target == Issue.Target.OPINION:
        from liaison_stations.models import Opinion  # noqa: PLC0415 - optional app

        opinion = Opinion.objects.filter(pk=issue.target_id).first()
        if opinion and opinion.status == Opinion.Status.ANSWERED:
            return opinion.public_answer or _("社情民意已办结。")
    if issue.target == Issue.Target.SUGGESTION:
        from suggestions.models import Reply, Status, Suggestion  # noqa: PLC0415

        suggestion = Suggestion.objects.filter(pk=issue.target_id).first()
        if suggestion and suggestion.status in (Status.REPLIED, Status.CLOSED):
            reply = Reply.objects.filter(suggestion=suggestion).order_by("-replied_at").first()
            return reply.body if reply else suggestion.get_status_display()
    if issue.target == Issue.Target.TASK:
        return _task_result(issue)
    return None


def _task_result(issue: Issue) -> str | None:
    """A task's result once its issuer closed it (按期完成/逾期完成/未完成 and the note)."""
    try:
        from worktasks.models import Task  # noqa: PLC0415 - optional app
    except ImportError:
        return None
    task = Task.objects.filter(pk=issue.target_id).first()
    if task is None or task.status != Task.Status.CLOSED:
        return None
    return "；".join(x for x in (task.get_result_display(), task.result_note) if x)


def results_sync() -> int:
    """The beat sweep: a converted issue whose record has a result moves to 已有结果, and the
    contactor hears it is time to tell the one who raised it."""
    moved = 0
    for issue in Issue.objects.filter(status=Issue.Status.CONVERTED).select_related(
        "contact__relation__member__deputy", "contact__relation__contactor"
    ):
        result = target_result(issue)
        if result is None:
            continue
        with transaction.atomic():
            locked, relation = _locked(issue, "sync", None)
            _save(locked, "sync", result=result, result_at=timezone.now())
            user_id = relation.contactor_user_id()
            if user_id:
                notify(recipients=User.objects.filter(pk=user_id), kind="contact_issue_result",
                       title=_("联系中反映的问题有了办理结果，请反馈提出人"),
                       body=_title(issue), link=f"/contacts/{relation.pk}/", email=False)  # fmt: skip
        moved += 1
    return moved
