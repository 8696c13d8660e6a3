"""Handed to the level above (怀化 "五联五同"): a township congress's suggestion, or a citizen's
opinion from a station, handed to the county (its staff, or straight to one of its units), a
county's to the city. The receiving level's rules apply from then on (`Suggestion.handled_by`,
read by `policy.policy_for`), and the sending level keeps seeing the record and its progress.

Services (send, accept, decline, for a suggestion and for an opinion) and the selectors of the
跨层级移交 page. Each suggestion step is a row of suggestions/workflow.py (handoff_*)."""

from datetime import date, datetime

from django.db import transaction
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from congress.errors import ApplicationError, TransitionError, invalid
from congress.models import HandlingUnit, Region, Role, User
from congress.notifications import notify
from congress.scope import region_prefix
from congress.services import model_create, model_update
from suggestions import workflow
from suggestions.limits import assign_due_for
from suggestions.models import Assignment, Handoff, Suggestion
from suggestions.models import Status as S
from suggestions.policy import policy_for
from suggestions.services.common import lock, move, tell
from suggestions.workdays import Calendar

H = Handoff.Status
REASON_MAX = 500


# --- Levels ---------------------------------------------------------------------------------


def level_above(code: str) -> Region | None:
    """The region of the congress directly above (township → county, county → city)."""
    region = Region.objects.select_related("parent").filter(pk=code).first()
    if region is None or region.parent is None or region.parent.level == Region.Level.PROVINCE:
        return None
    return region.parent


def handling_level(suggestion: Suggestion) -> str:
    """The region whose congress handles the suggestion now (its own, or the one it went to)."""
    return suggestion.handled_by_id or suggestion.region_id


def receiving_units(region_code: str) -> QuerySet[HandlingUnit]:
    """The active units of that level itself (not of the regions below it)."""
    return HandlingUnit.objects.filter(region_id=region_code, is_active=True).order_by("name")


def _is_staff_of(user: User, code: str) -> bool:
    return user.is_admin or (user.role == Role.STAFF and user.region_id == code)


def _may_decide(user: User, handoff: Handoff) -> bool:
    """Staff of the receiving level (or above it), and admins."""
    return user.is_admin or (
        user.role == Role.STAFF
        and bool(user.region_id)
        and handoff.to_region_id.startswith(user.region_id)
    )


def _forbidden(message: str) -> ApplicationError:
    return ApplicationError(message, code="permission_denied", status=403)


def _clean_reason(reason: str, field: str = "reason", *, required: bool = True) -> str:
    reason = (reason or "").strip()
    if required and not reason:
        raise invalid(field, _("请填写移交理由。") if field == "reason" else _("请填写理由。"))
    if len(reason) > REASON_MAX:
        raise invalid(field, _("理由不能超过500字。"))
    return reason


def _target(from_code: str, to_region: str | None, to_unit_id: int | None):
    """The level above and, if named, one of its active units; a 400 for anything else."""
    above = level_above(from_code)
    if above is None:
        raise invalid("to_region", _("本级之上没有可移交的人大。"))
    if not to_region or str(to_region) != above.code:
        raise invalid(
            "to_region",
            _("只能移交上一级人大（%(name)s），不能越级或平级移交。") % {"name": above.name},
        )
    unit = None
    if to_unit_id:
        unit = receiving_units(above.code).filter(pk=to_unit_id).first()
        if unit is None:
            raise invalid("to_unit", _("请选择%(name)s在用的承办单位。") % {"name": above.name})
    return above, unit


def _staff_of(code: str) -> list[User]:
    return list(User.objects.filter(role=Role.STAFF, region_id=code, is_active=True))


# --- Suggestions ----------------------------------------------------------------------------


def _locked_handoff(suggestion: Suggestion, handoff_id: int | None) -> Handoff:
    handoff = (
        Handoff.objects.select_for_update(of=("self",))
        .select_related("to_region", "from_region", "sent_by")
        .filter(pk=handoff_id, suggestion_id=suggestion.pk)
        .first()
    )
    if handoff is None:
        raise invalid("handoff", _("请选择这条建议的一项移交。"))
    if handoff.status != H.PENDING:
        raise TransitionError(
            _("这项移交已处理（%(status)s）。") % {"status": handoff.get_status_display()}
        )
    return handoff


def _receiving_deadlines(suggestion: Suggestion, to_code: str, on: date) -> dict:
    """The receiving level's limits before assignment, counted afresh from the day it takes
    the suggestion over (its review limit for one still to review, its assignment limit for
    one accepted), with the fallback flag of that computation."""
    cal = Calendar()
    if suggestion.status == S.SUBMITTED:
        due = {"review_due": cal.add_workdays(on, policy_for(to_code).review_workdays)}
    else:
        due = {"assign_due": assign_due_for(suggestion, on, cal)}
    return {**due, "due_fallback": suggestion.due_fallback or cal.fallback}


@transaction.atomic
def suggestion_handoff_send(
    *,
    suggestion: Suggestion,
    actor: User,
    to_region: str | None,
    to_unit_id: int | None = None,
    reason: str = "",
    at: datetime | None = None,
) -> Handoff:
    """Hand the suggestion to the level above: to its staff (waits for them to accept) or to one
    of its units (accepted at once and assigned to that unit as lead, the receiving level's
    deadlines applying)."""
    suggestion = lock(suggestion)
    row = workflow.check(suggestion, "handoff_send", actor)
    current = handling_level(suggestion)
    if not _is_staff_of(actor, current):
        raise _forbidden(_("只有现办理层级的人大工作人员可以移交。"))
    if suggestion.handoffs.filter(status=H.PENDING).exists():
        raise TransitionError(_("这条建议已移交上级，正等待接收。"))
    reason = _clean_reason(reason)
    above, unit = _target(current, to_region, to_unit_id)
    if unit is not None and suggestion.status != S.ACCEPTED:
        raise invalid(
            "to_unit",
            _("审查通过（待交办）后才能直接移交承办单位；审查中的建议请移交上级人大机关。"),
        )
    at = at or timezone.now()
    handoff = Handoff(
        suggestion=suggestion, from_region_id=current, to_region=above, to_unit=unit,
        reason=reason, sent_by=actor, sent_at=at,
    )  # fmt: skip
    if unit is not None:
        handoff.status, handoff.decided_by, handoff.decided_at = H.ACCEPTED, actor, at
    model_create(handoff, validate=True)
    whom = unit.name if unit else _("%(name)s人大机关") % {"name": above.name}
    note = _("移交%(whom)s办理：%(reason)s") % {"whom": whom, "reason": reason}
    if unit is None:
        move(suggestion, row, actor, note=note)
        tell(
            _staff_of(above.code), suggestion,
            _("下级人大移交建议待接收：%(title)s") % {"title": suggestion.title},
            _("%(from)s移交：%(reason)s") % {"from": handoff.from_region.name, "reason": reason},
            kind="suggestion.handoff",
        )  # fmt: skip
        return handoff
    changes = {"handled_by": above, **_receiving_deadlines(suggestion, above.code, at.date())}
    move(suggestion, row, actor, note=note, changes=changes)
    from suggestions.services.assignment import assign_on_handoff  # noqa: PLC0415 - its owner's

    assign_on_handoff(suggestion=suggestion, handoff=handoff, at=at)
    return handoff


@transaction.atomic
def suggestion_handoff_accept(
    *, suggestion: Suggestion, actor: User, handoff_id: int | None, note: str = ""
) -> Handoff:
    """The receiving level takes the suggestion over: it reviews or assigns it from now on,
    under its own limits."""
    suggestion = lock(suggestion)
    row = workflow.check(suggestion, "handoff_accept", actor)
    handoff = _locked_handoff(suggestion, handoff_id)
    if not _may_decide(actor, handoff):
        raise _forbidden(_("只有接收层级的人大工作人员可以接收移交。"))
    note = _clean_reason(note, "note", required=False)
    now = timezone.now()
    decided = {"status": H.ACCEPTED, "decided_by": actor, "decided_at": now, "decision_note": note}
    model_update(instance=handoff, fields=list(decided), data=decided)
    changes = {
        "handled_by": handoff.to_region,
        **_receiving_deadlines(suggestion, handoff.to_region_id, timezone.localdate(now)),
    }
    text = _("%(name)s人大接收移交，由本级办理") % {"name": handoff.to_region.name}
    move(suggestion, row, actor, note=f"{text}{'：' + note if note else ''}", changes=changes)
    tell(
        _staff_of(handoff.from_region_id), suggestion,
        _("上级人大已接收移交的建议：%(title)s") % {"title": suggestion.title}, text,
        kind="suggestion.handoff",
    )  # fmt: skip
    return handoff


@transaction.atomic
def suggestion_handoff_decline(
    *, suggestion: Suggestion, actor: User, handoff_id: int | None, note: str = ""
) -> Handoff:
    """The receiving level declines, with its reason: the suggestion stays with the sender."""
    suggestion = lock(suggestion)
    row = workflow.check(suggestion, "handoff_decline", actor)
    handoff = _locked_handoff(suggestion, handoff_id)
    if not _may_decide(actor, handoff):
        raise _forbidden(_("只有接收层级的人大工作人员可以处理移交。"))
    note = _clean_reason(note, "note")
    decided = {
        "status": H.DECLINED, "decided_by": actor, "decided_at": timezone.now(),
        "decision_note": note,
    }  # fmt: skip
    model_update(instance=handoff, fields=list(decided), data=decided)
    text = _("%(name)s人大不予接收：%(note)s") % {"name": handoff.to_region.name, "note": note}
    move(suggestion, row, actor, note=text)
    tell(
        _staff_of(handoff.from_region_id) + [handoff.sent_by],
        suggestion,
        _("移交的建议被退回：%(title)s") % {"title": suggestion.title},
        text,
        kind="suggestion.handoff",
    )
    return handoff


# --- Opinions -------------------------------------------------------------------------------


def _opinion_event(opinion, actor, note: str) -> None:
    from liaison_stations.models import OpinionEvent  # noqa: PLC0415 - the other app

    model_create(
        OpinionEvent(opinion=opinion, status=opinion.status, public_note=note[:200], actor=actor)
    )


def opinion_handoff_record(
    *, opinion, actor: User, unit: HandlingUnit, reason: str = "", at=None
) -> Handoff | None:
    """A forward of an opinion to a unit of the level above the station is a handoff too,
    accepted at once (called by liaison_stations' opinion_forward)."""
    above = level_above(opinion.station.region_id)
    if above is None or unit.region_id != above.code:
        return None
    at = at or timezone.now()
    return model_create(
        Handoff(
            opinion=opinion, from_region_id=opinion.station.region_id, to_region=above,
            to_unit=unit, reason=reason or _("转%(unit)s办理") % {"unit": unit.name},
            status=H.ACCEPTED,
            sent_by=actor, sent_at=at, decided_by=actor, decided_at=at,
        )
    )  # fmt: skip


@transaction.atomic
def opinion_handoff_send(
    *,
    opinion,
    actor: User,
    to_region: str | None,
    to_unit_id: int | None = None,
    reason: str = "",
    due_date: date | None = None,
) -> Handoff:
    """Hand a station's opinion to the level above: its staff (pending), or one of its units
    (forwarded at once with a deadline; the unit's feedback comes back to the station)."""
    from liaison_stations import workflow as opinion_workflow  # noqa: PLC0415
    from liaison_stations.services.triage import _locked, opinion_forward  # noqa: PLC0415

    opinion = _locked(opinion)
    opinion_workflow.check(opinion, "forward", actor)
    station_region = opinion.station.region_id
    if not _is_staff_of(actor, station_region):
        raise _forbidden(_("只有联络站所在层级的人大工作人员可以移交。"))
    if opinion.handoffs.filter(status=H.PENDING).exists():
        raise TransitionError(_("这条意见已移交上级，正等待接收。"))
    reason = _clean_reason(reason)
    above, unit = _target(station_region, to_region, to_unit_id)
    if unit is not None:
        opinion_forward(
            actor=actor, opinion=opinion, unit_id=unit.pk, due_date=due_date, reason=reason
        )
        return Handoff.objects.filter(opinion=opinion, to_unit=unit).order_by("-pk").first()
    handoff = model_create(
        Handoff(
            opinion=opinion, from_region_id=station_region, to_region=above, reason=reason,
            sent_by=actor, sent_at=timezone.now(),
        ),
        validate=True,
    )  # fmt: skip
    _opinion_event(opinion, actor, _("已报送%(name)s人大办理。") % {"name": above.name})
    notify(
        recipients=_staff_of(above.code),
        kind="opinion_handoff",
        title=_("联络站移交群众意见待接收：%(title)s") % {"title": opinion.title},
        body=reason[:200],
        link="/suggestions/handoffs/",
        email=False,
    )
    return handoff


def _locked_opinion_handoff(handoff_id: int, actor: User) -> Handoff:
    handoff = (
        Handoff.objects.select_for_update(of=("self",))
        .select_related("to_region", "from_region", "sent_by", "opinion__station")
        .filter(pk=handoff_id, opinion__isnull=False)
        .first()
    )
    prefix = region_prefix(actor)
    seen = (
        handoff is not None
        and prefix is not None
        and (handoff.to_region_id.startswith(prefix) or handoff.from_region_id.startswith(prefix))
    )
    if not seen:
        raise Http404(_("未找到该记录，或您无权查看。"))
    if not _may_decide(actor, handoff):
        raise _forbidden(_("只有接收层级的人大工作人员可以处理移交。"))
    if handoff.status != H.PENDING:
        raise TransitionError(
            _("这项移交已处理（%(status)s）。") % {"status": handoff.get_status_display()}
        )
    return handoff


@transaction.atomic
def opinion_handoff_decide(
    *, handoff_id: int, actor: User, accept: bool, note: str = ""
) -> Handoff:
    """The receiving staff accept (one of them becomes the one handling it) or decline (back
    to the station's staff, told why)."""
    handoff = _locked_opinion_handoff(handoff_id, actor)
    note = _clean_reason(note, "note", required=not accept)
    decided = {
        "status": H.ACCEPTED if accept else H.DECLINED, "decided_by": actor,
        "decided_at": timezone.now(), "decision_note": note,
    }  # fmt: skip
    model_update(instance=handoff, fields=list(decided), data=decided)
    opinion = handoff.opinion
    name = handoff.to_region.name
    if accept:
        model_update(instance=opinion, fields=["assigned_staff"], data={"assigned_staff": actor})
        _opinion_event(opinion, actor, _("%(name)s人大已接收，正在办理。") % {"name": name})
    else:
        _opinion_event(opinion, actor, _("由联络站继续办理。"))
    notify(
        recipients=[u for u in [handoff.sent_by, opinion.assigned_staff] if u],
        kind="opinion_handoff",
        title=(
            _("上级人大已接收移交的意见：%(title)s") if accept else _("移交的意见被退回：%(title)s")
        )
        % {"title": opinion.title},
        body=note[:200],
        link="/opinions/",
        email=False,
    )
    return handoff


# --- Reads ----------------------------------------------------------------------------------


def _related(qs: QuerySet[Handoff]) -> QuerySet[Handoff]:
    active = Assignment.objects.filter(is_active=True).select_related("unit")
    return qs.select_related(
        "from_region", "to_region", "to_unit", "sent_by", "decided_by",
        "suggestion__region", "suggestion__handled_by", "opinion__station",
        "opinion__handling_unit",
    ).prefetch_related(Prefetch("suggestion__assignments", queryset=active))  # fmt: skip


def handoff_list(*, viewer: User, box: str = "received", status: str = "") -> QuerySet[Handoff]:
    """收到的: handed to the viewer's level or a level inside it; 移交出去的: sent from the
    viewer's level or below. Staff and supervisors of a region, admins; nothing for others."""
    prefix = region_prefix(viewer)
    if prefix is None:
        return Handoff.objects.none()
    field = "to_region__code" if box == "received" else "from_region__code"
    qs = Handoff.objects.filter(**{f"{field}__startswith": prefix})
    if status:
        qs = qs.filter(status=status)
    return _related(qs).order_by("-sent_at", "-id")


def handoff_get(*, viewer: User, pk: int) -> Handoff:
    """One handoff the viewer sent (their level or below) or received; else 404."""
    prefix = region_prefix(viewer)
    qs = Handoff.objects.none()
    if prefix is not None:
        qs = Handoff.objects.filter(
            Q(to_region__code__startswith=prefix) | Q(from_region__code__startswith=prefix)
        )
    handoff = _related(qs).filter(pk=pk).first()
    if handoff is None:
        raise Http404(_("未找到该记录，或您无权查看。"))
    return handoff


def handoffs_of(subject) -> list[Handoff]:
    """The trail of one suggestion or opinion, oldest first."""
    return list(_related(subject.handoffs.all()).order_by("sent_at", "id"))


def may_decide(viewer: User, handoff: Handoff) -> bool:
    return handoff.status == H.PENDING and _may_decide(viewer, handoff)


def may_send(viewer: User, *, from_code: str) -> bool:
    return _is_staff_of(viewer, from_code) and level_above(from_code) is not None
