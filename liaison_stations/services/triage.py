"""Triage of an opinion by staff, and the report back of the unit or deputy it went to.

Every action: lock the row, check the step in `liaison_stations/workflow.py`, validate, save
the changed fields (with their audit row), write the progress step the citizen reads, notify."""

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from congress.errors import invalid
from congress.models import HandlingUnit, User
from congress.notifications import notify
from congress.services import model_create, model_update
from liaison_stations import workflow
from liaison_stations.models import Opinion, OpinionEvent, StationMembership
from representatives.models import Deputy

S = Opinion.Status


def _locked(opinion: Opinion) -> Opinion:
    """The opinion's row, locked until the transaction ends, read afresh under the lock."""
    return (
        Opinion.objects.select_for_update(of=("self",))
        .select_related("station", "assigned_staff", "assigned_deputy")
        .get(pk=opinion.pk)
    )


def _save(opinion: Opinion, row: workflow.Transition, actor: User, **data) -> Opinion:
    """Save the step's fields (and the actor as the staff member handling it, if nobody is yet),
    then the progress step the citizen reads."""
    if row.target is not None:
        data["status"] = row.target
    if workflow.STAFF in row.who and opinion.assigned_staff_id is None:
        data["assigned_staff"] = actor
    model_update(instance=opinion, fields=list(data), data=data)
    if row.note is not None:
        model_create(
            OpinionEvent(
                opinion=opinion, status=opinion.status, public_note=str(row.note), actor=actor
            )
        )
    return opinion


def _station_deputy(opinion: Opinion, deputy_id: int | None) -> Deputy:
    membership = (
        StationMembership.objects.filter(
            station_id=opinion.station_id, deputy_id=deputy_id, end_date__isnull=True
        )
        .select_related("deputy__user")
        .first()
    )
    if membership is None:
        raise invalid("deputy", _("请选择本站的编组代表。"))
    return membership.deputy


@transaction.atomic
def opinion_take(*, actor: User, opinion: Opinion) -> Opinion:
    """The actor becomes the staff member handling it (and the one who sees the contact)."""
    opinion = _locked(opinion)
    row = workflow.check(opinion, "take", actor)
    return _save(opinion, row, actor, assigned_staff=actor)


@transaction.atomic
def opinion_answer(*, actor: User, opinion: Opinion, answer: str) -> Opinion:
    """Record the result the citizen will read (on the spot, or after handling)."""
    opinion = _locked(opinion)
    row = workflow.check(opinion, "answer", actor)
    if len(answer.strip()) < 2:
        raise invalid("answer", _("请填写答复内容。"))
    return _save(opinion, row, actor, public_answer=answer.strip(), answered_at=timezone.now())


@transaction.atomic
def opinion_pass_to_deputy(*, actor: User, opinion: Opinion, deputy_id: int | None) -> Opinion:
    opinion = _locked(opinion)
    row = workflow.check(opinion, "pass_to_deputy", actor)
    deputy = _station_deputy(opinion, deputy_id)
    _save(opinion, row, actor, assigned_deputy=deputy)
    if deputy.user_id:
        notify(
            recipients=[deputy.user],
            kind="opinion_to_deputy",
            title=_("请跟进群众意见：%(title)s") % {"title": opinion.title},
            body=opinion.content[:200],
            link="/my-station/",
        )
    return opinion


@transaction.atomic
def opinion_forward(
    *, actor: User, opinion: Opinion, unit_id: int | None, due_date, reason: str = ""
) -> Opinion:
    """To a unit of the county, or of the level directly above the station (跨层级移交: then
    recorded as a handoff too, suggestions/handoffs.py)."""
    opinion = _locked(opinion)
    row = workflow.check(opinion, "forward", actor)
    county = opinion.station.region_id[:6]
    above = _level_above(opinion.station.region_id)
    unit = (
        HandlingUnit.objects.filter(pk=unit_id, is_active=True)
        .filter(Q(region__code__startswith=county) | Q(region_id=above or county))
        .first()
    )
    if unit is None:
        raise invalid("unit", _("请选择本地的承办单位。"))
    if due_date is None or due_date <= timezone.localdate():
        raise invalid("due_date", _("办理期限须晚于今天。"))
    _save(opinion, row, actor, handling_unit=unit, due_date=due_date)
    if above and unit.region_id == above:
        _record_handoff(opinion=opinion, actor=actor, unit=unit, reason=reason)
    notify(
        recipients=list(unit.users.filter(is_active=True)),
        kind="opinion_forwarded",
        title=_("联络站转办群众意见：%(title)s") % {"title": opinion.title},
        body=_("办理期限：%(due)s") % {"due": due_date},
    )
    return opinion


@transaction.atomic
def opinion_to_suggestion(*, actor: User, opinion: Opinion, deputy_id: int | None) -> Opinion:
    """Turn the opinion into a draft suggestion of a deputy of the station, prefilled, in the
    suggestions workflow; the deputy finishes and submits it there."""
    opinion = _locked(opinion)
    row = workflow.check(opinion, "to_suggestion", actor)
    deputy = _station_deputy(opinion, deputy_id)
    draft = _draft_suggestion(deputy=deputy, opinion=opinion)
    _save(opinion, row, actor, assigned_deputy=deputy, suggestion_id=draft and draft.pk)
    if draft is not None:
        notify(
            recipients=[deputy.user],
            kind="opinion_to_suggestion",
            title=_("群众意见已转为您的建议草稿：%(title)s") % {"title": opinion.title},
            body=_("请完善内容、选择类别后提交。"),
            link=f"/suggestions/{draft.pk}/",
        )
    return opinion


@transaction.atomic
def opinion_reply(*, actor: User, opinion: Opinion, reply: str) -> Opinion:
    """The handling unit (forwarded) or the deputy it was passed to reports what was done;
    the staff member handling it then answers the citizen."""
    opinion = _locked(opinion)
    action = "unit_reply" if actor.handling_unit_id is not None else "deputy_reply"
    row = workflow.check(opinion, action, actor)
    if len(reply.strip()) < 2:
        raise invalid("reply", _("请填写办理情况。"))
    _save(opinion, row, actor, handler_reply=reply.strip(), handler_replied_at=timezone.now())
    if opinion.assigned_staff_id:
        who = _("承办单位") if action == "unit_reply" else _("代表")
        notify(
            recipients=[opinion.assigned_staff],
            kind="opinion_reply",
            title=_("%(who)s已反馈：%(title)s") % {"who": who, "title": opinion.title},
            body=opinion.handler_reply[:200],
            link="/opinions/",
        )
    return opinion


def _level_above(code: str) -> str | None:
    """The level above the station's (the one link to suggestions' handoffs), lazily imported."""
    try:
        from suggestions.handoffs import level_above  # noqa: PLC0415 - optional app
    except ImportError:
        return None
    above = level_above(code)
    return above.code if above else None


def _record_handoff(**kwargs) -> None:
    from suggestions.handoffs import opinion_handoff_record  # noqa: PLC0415 - optional app

    opinion_handoff_record(**kwargs)


def _draft_suggestion(*, deputy: Deputy, opinion: Opinion):
    """The one link to the suggestions app, imported lazily so neither app needs the other at
    import time. Drafts through its public service, in the deputy's name (a suggestion is the
    deputy's own); returns the draft, or None when the deputy has no account to draft in."""
    try:
        from suggestions.models import SuggestionCategory  # noqa: PLC0415 - optional app
        from suggestions.services import drafting as suggestion_services  # noqa: PLC0415
    except ImportError:
        return None
    if deputy.user_id is None or not hasattr(suggestion_services, "suggestion_create"):
        return None
    category = (
        SuggestionCategory.objects.filter(is_active=True, name="其他").first()
        or SuggestionCategory.objects.filter(is_active=True).first()
    )
    if category is None:
        return None
    body = _("%(content)s\n\n（来源：%(station)s收集的社情民意，查询码 %(code)s）") % {
        "content": opinion.content,
        "station": opinion.station.name,
        "code": opinion.tracking_code,
    }
    return suggestion_services.suggestion_create(
        author=deputy.user, title=opinion.title[:100], body=body, category_id=category.pk
    )
