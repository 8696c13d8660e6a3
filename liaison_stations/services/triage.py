"""Triage of an opinion by staff, and the report back of the unit or deputy it went to."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from congress.errors import TransitionError, invalid
from congress.models import HandlingUnit, User
from congress.notifications import notify
from liaison_stations.models import Opinion, OpinionEvent

# Which triage step is allowed from which status: one table, a 409 otherwise.
TRIAGE = {
    "answer": {
        Opinion.Status.RECEIVED,
        Opinion.Status.WITH_DEPUTY,
        Opinion.Status.FORWARDED,
        Opinion.Status.SUGGESTION,
    },
    "pass_to_deputy": {Opinion.Status.RECEIVED},
    "forward": {Opinion.Status.RECEIVED, Opinion.Status.WITH_DEPUTY},
    "to_suggestion": {Opinion.Status.RECEIVED, Opinion.Status.WITH_DEPUTY},
}


def _step(opinion: Opinion, action: str, actor: User):
    if opinion.status not in TRIAGE[action]:
        raise TransitionError(
            _("当前状态为“%(status)s”，不能执行此操作。") % {"status": opinion.get_status_display()}
        )
    if opinion.assigned_staff_id is None:
        opinion.assigned_staff = actor


def _event(opinion: Opinion, actor: User, note: str):
    OpinionEvent.objects.create(
        opinion=opinion, status=opinion.status, public_note=note, actor=actor
    )


@transaction.atomic
def opinion_take(*, actor: User, opinion: Opinion) -> Opinion:
    """The actor becomes the staff member handling it (and the one who sees the contact)."""
    opinion.assigned_staff = actor
    opinion.save(update_fields=["assigned_staff"])
    return opinion


@transaction.atomic
def opinion_answer(*, actor: User, opinion: Opinion, answer: str) -> Opinion:
    """Record the result the citizen will read (on the spot, or after handling)."""
    _step(opinion, "answer", actor)
    if len(answer.strip()) < 2:
        raise invalid("answer", _("请填写答复内容。"))
    opinion.status = Opinion.Status.ANSWERED
    opinion.public_answer = answer.strip()
    opinion.answered_at = timezone.now()
    opinion.save(update_fields=["status", "public_answer", "answered_at", "assigned_staff"])
    _event(opinion, actor, _("已办结并答复。"))
    return opinion


@transaction.atomic
def opinion_pass_to_deputy(*, actor: User, opinion: Opinion, deputy_id: int | None) -> Opinion:
    _step(opinion, "pass_to_deputy", actor)
    member = opinion.station.memberships.filter(
        deputy_id=deputy_id, end_date__isnull=True
    ).select_related("deputy__user")
    membership = member.first()
    if membership is None:
        raise invalid("deputy", _("请选择本站的编组代表。"))
    opinion.status = Opinion.Status.WITH_DEPUTY
    opinion.assigned_deputy = membership.deputy
    opinion.save(update_fields=["status", "assigned_deputy", "assigned_staff"])
    _event(opinion, actor, _("已转交本站代表跟进。"))
    if membership.deputy.user_id:
        notify(
            recipients=[membership.deputy.user],
            kind="opinion_to_deputy",
            title=_("请跟进群众意见：%(title)s") % {"title": opinion.title},
            body=opinion.content[:200],
            link="/my-station/",
        )
    return opinion


@transaction.atomic
def opinion_forward(*, actor: User, opinion: Opinion, unit_id: int | None, due_date) -> Opinion:
    _step(opinion, "forward", actor)
    county = opinion.station.region_id[:6]
    unit = HandlingUnit.objects.filter(
        pk=unit_id, region__code__startswith=county, is_active=True
    ).first()
    if unit is None:
        raise invalid("unit", _("请选择本地的承办单位。"))
    if due_date is None or due_date <= timezone.localdate():
        raise invalid("due_date", _("办理期限须晚于今天。"))
    opinion.status = Opinion.Status.FORWARDED
    opinion.handling_unit, opinion.due_date = unit, due_date
    opinion.save(update_fields=["status", "handling_unit", "due_date", "assigned_staff"])
    _event(opinion, actor, _("已转有关单位办理。"))
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
    _step(opinion, "to_suggestion", actor)
    membership = (
        opinion.station.memberships.filter(deputy_id=deputy_id, end_date__isnull=True)
        .select_related("deputy")
        .first()
    )
    if membership is None:
        raise invalid("deputy", _("请选择本站的编组代表。"))
    opinion.status = Opinion.Status.SUGGESTION
    opinion.assigned_deputy = membership.deputy
    opinion.suggestion_id = _draft_suggestion(actor=actor, opinion=opinion)
    opinion.save(update_fields=["status", "assigned_deputy", "suggestion_id", "assigned_staff"])
    _event(opinion, actor, _("已转为代表建议，由代表依法提出。"))
    return opinion


@transaction.atomic
def opinion_reply(*, actor: User, opinion: Opinion, reply: str) -> Opinion:
    """The handling unit (forwarded) or the deputy it was passed to reports what was done;
    the staff member handling it then answers the citizen."""
    unit_turn = (
        opinion.status == Opinion.Status.FORWARDED
        and actor.handling_unit_id is not None
        and actor.handling_unit_id == opinion.handling_unit_id
    )
    deputy = getattr(actor, "deputy", None) if actor.role == "deputy" else None
    deputy_turn = (
        opinion.status == Opinion.Status.WITH_DEPUTY
        and deputy is not None
        and deputy.pk == opinion.assigned_deputy_id
    )
    if not (unit_turn or deputy_turn):
        raise TransitionError(_("该意见当前不需要您反馈。"))
    if len(reply.strip()) < 2:
        raise invalid("reply", _("请填写办理情况。"))
    opinion.handler_reply = reply.strip()
    opinion.handler_replied_at = timezone.now()
    opinion.save(update_fields=["handler_reply", "handler_replied_at"])
    who = _("承办单位") if unit_turn else _("代表")
    _event(opinion, actor, _("%(who)s已反馈办理情况，待答复。") % {"who": who})
    if opinion.assigned_staff_id:
        notify(
            recipients=[opinion.assigned_staff],
            kind="opinion_reply",
            title=_("%(who)s已反馈：%(title)s") % {"who": who, "title": opinion.title},
            body=opinion.handler_reply[:200],
            link="/opinions/",
        )
    return opinion


def _draft_suggestion(*, actor: User, opinion: Opinion) -> int | None:
    """The one link to the suggestions app, imported lazily so neither app needs the other at
    import time. Drafts through its public service, in the deputy's name (a suggestion is the
    deputy's own); returns the draft's id, or None when the deputy has no account to draft in."""
    try:
        from suggestions.models import SuggestionCategory
        from suggestions.services import drafting as suggestion_services
    except ImportError:
        return None
    deputy = opinion.assigned_deputy
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
    suggestion = suggestion_services.suggestion_create(
        author=deputy.user, title=opinion.title[:100], body=body, category_id=category.pk
    )
    notify(
        recipients=[deputy.user],
        kind="opinion_to_suggestion",
        title=_("群众意见已转为您的建议草稿：%(title)s") % {"title": opinion.title},
        body=_("请完善内容、选择类别后提交。"),
        link=f"/suggestions/{suggestion.pk}/",
    )
    return suggestion.pk
