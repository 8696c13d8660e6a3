"""交办: hand a suggestion to units with every deadline computed and stored; units sign or
return it."""

from datetime import date, datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from congress.errors import TransitionError, invalid
from congress.models import HandlingUnit, User
from congress.services import model_create, model_update
from suggestions import workflow
from suggestions.models import (
    Assignment,
    Handoff,
    Suggestion,
)
from suggestions.models import Status as S
from suggestions.services.common import (
    deactivate_assignments,
    lock,
    move,
    my_assignment,
    staff_users,
    tell,
    unit_users,
)
from suggestions.services.lengths import TEXT_MAX, check_lengths
from suggestions.workdays import Calendar

REPLY_MONTHS = 3  # 代表法 art. 51
REPLY_MONTHS_BROAD = 6  # 涉及面广、处理难度大
CO_OPINION_MONTHS = 1
RETURN_WORKDAYS = 7
SIGN_WORKDAYS = 3


def assignment_deadlines(assigned_on: date, *, role: str, broad_scope: bool, cal: Calendar) -> dict:
    """Every deadline of one assignment, computed once and stored."""
    months = REPLY_MONTHS_BROAD if broad_scope else REPLY_MONTHS
    return {
        "reply_due": cal.month_deadline(assigned_on, months) if role == "lead" else None,
        "opinion_due": cal.month_deadline(assigned_on, CO_OPINION_MONTHS) if role == "co" else None,
        "sign_due": cal.add_workdays(assigned_on, SIGN_WORKDAYS),
        "return_until": cal.add_workdays(assigned_on, RETURN_WORKDAYS),
    }


def deadlines_of(
    assigned_on: date, *, role: str, broad_scope: bool, cal: Calendar, cache: dict | None = None
) -> dict:
    """`assignment_deadlines` plus `deadlines_fallback`: whether this assignment's own deadlines
    needed the Monday–Friday fallback (the calendar's warnings are shared by every computation
    it makes, so they are collected apart for each). `cache` keeps the answer per day, role and
    scope, so a meeting of hundreds computes a handful."""
    key = (assigned_on, role, broad_scope)
    if cache is not None and key in cache:
        return cache[key]
    earlier, cal.warnings = cal.warnings, []
    deadlines = assignment_deadlines(assigned_on, role=role, broad_scope=broad_scope, cal=cal)
    deadlines["deadlines_fallback"] = cal.fallback
    cal.warnings = earlier + [w for w in cal.warnings if w not in earlier]
    if cache is not None:
        cache[key] = deadlines
    return deadlines


def active_units(unit_ids) -> dict[int, HandlingUnit]:
    return {u.pk: u for u in HandlingUnit.objects.filter(pk__in=list(unit_ids), is_active=True)}


def clean_co_units(lead_unit_id, co_unit_ids) -> list[int]:
    return [int(i) for i in dict.fromkeys(co_unit_ids) if int(i) != int(lead_unit_id)]


def unit_errors(suggestion, lead_unit_id, co_unit_ids, units: dict) -> dict:
    """What is wrong with the units chosen for one suggestion (empty when nothing): each must be
    an active unit of the handling level (the suggestion's region, or the level it was handed
    to) or below."""
    level = suggestion.handled_by_id or suggestion.region_id

    def ok(unit_id):
        unit = units.get(int(unit_id))
        return unit is not None and unit.region_id.startswith(level)

    errors = {}
    if lead_unit_id is None or not ok(lead_unit_id):
        errors["lead_unit"] = [_("请选择本级的主办单位。")]
    if not all(ok(i) for i in co_unit_ids):
        errors["co_units"] = [_("协办单位须为本级在用的承办单位。")]
    return errors


def new_assignments(
    suggestion, lead_unit_id, co_unit_ids, *, actor, at, meeting, broad_scope, cal, cache
) -> list[Assignment]:
    """The assignments (not saved) of one suggestion to its lead unit and co-units, with their
    stored deadlines (`deadlines_of`): the lead first."""
    day = timezone.localdate(at)
    return [
        Assignment(
            suggestion=suggestion,
            unit_id=unit_id,
            role=role,
            assigned_by=actor,
            assigned_at=at,
            meeting=meeting,
            **deadlines_of(day, role=role, broad_scope=broad_scope, cal=cal, cache=cache),
        )
        for unit_id, role in [(int(lead_unit_id), "lead"), *((i, "co") for i in co_unit_ids)]
    ]


def assignment_note(rows: list[Assignment], units: dict) -> str:
    """The history note of an assignment: its units and roles, and the reply deadline."""
    names = "、".join(units[a.unit_id].name + f"（{a.get_role_display()}）" for a in rows)
    return _("交办%(units)s，答复期限%(due)s") % {"units": names, "due": rows[0].reply_due}


def assign_locked(
    suggestion: Suggestion,
    row,
    actor: User,
    *,
    lead_unit_id: int,
    co_unit_ids: list[int],
    broad_scope: bool,
    units: dict,
    at: datetime,
    cal: Calendar,
    meeting=None,
    note_prefix: str = "",
    cache: dict | None = None,
) -> list[Assignment]:
    """The one way a suggestion is handed to units (alone, or at a meeting): the locked row,
    the table's row and checked units in; the old units off, the new assignments with their
    stored deadlines, the suggestion's fields and its history row out. The caller notifies."""
    deactivate_assignments(suggestion, _("重新交办"))
    rows = new_assignments(suggestion, lead_unit_id, co_unit_ids, actor=actor, at=at,
                           meeting=meeting, broad_scope=broad_scope, cal=cal, cache=cache)  # fmt: skip
    for assignment in rows:
        model_create(assignment)
    changes = {"broad_scope": broad_scope, "assigned_at": at, "reply_due": rows[0].reply_due}
    note = assignment_note(rows, units)
    move(
        suggestion,
        row,
        actor,
        note=f"{note_prefix}{note}",
        changes={**changes, "round": 1},
        target=S.ASSIGNED,
    )
    return rows


@transaction.atomic
def suggestion_assign(
    *,
    suggestion: Suggestion,
    actor: User,
    lead_unit_id: int,
    co_unit_ids: list[int] = (),
    broad_scope: bool = False,
    at: datetime | None = None,
) -> list[str]:
    """Hand it to one lead unit and optional co-units; returns calendar warnings, if any."""
    suggestion = lock(suggestion)
    action = "assign" if suggestion.status == S.ACCEPTED else "reassign"
    row = workflow.check(suggestion, action, actor)
    return _assign_checked(
        suggestion, row, actor, lead_unit_id=lead_unit_id, co_unit_ids=co_unit_ids,
        broad_scope=broad_scope, at=at,
    )  # fmt: skip


def assign_on_handoff(*, suggestion: Suggestion, handoff, at: datetime | None = None) -> list[str]:
    """A handoff straight to a unit of the level above assigns it there as a system step: the
    sender is not that level's staff, so the table's actor check is the handoff row itself (an
    accepted handoff of this very suggestion to that unit, its level already the handling one);
    the status check and the unit check are the ordinary ones. Call it inside the handoff's
    transaction with the suggestion locked."""
    if (
        handoff.suggestion_id != suggestion.pk
        or handoff.status != Handoff.Status.ACCEPTED
        or handoff.to_unit_id is None
        or suggestion.handled_by_id != handoff.to_region_id
    ):
        raise TransitionError(_("这项移交不能直接交办。"))
    row = workflow.TABLE.check_status(suggestion.status, "assign")
    return _assign_checked(
        suggestion, row, handoff.sent_by, lead_unit_id=handoff.to_unit_id, co_unit_ids=[],
        broad_scope=False, at=at,
    )  # fmt: skip


def _assign_checked(
    suggestion, row, actor, *, lead_unit_id, co_unit_ids, broad_scope, at
) -> list[str]:
    co_unit_ids = clean_co_units(lead_unit_id, co_unit_ids)
    units = active_units([lead_unit_id, *co_unit_ids])
    errors = unit_errors(suggestion, lead_unit_id, co_unit_ids, units)
    if errors:
        raise invalid(errors)
    cal = Calendar()
    rows = assign_locked(
        suggestion,
        row,
        actor,
        lead_unit_id=lead_unit_id,
        co_unit_ids=co_unit_ids,
        broad_scope=broad_scope,
        units=units,
        at=at or timezone.now(),
        cal=cal,
    )
    tell(
        unit_users(units),
        suggestion,
        _("新交办建议：%(title)s") % {"title": suggestion.title},
        _("请在3个工作日内签收；答复期限 %(due)s。") % {"due": rows[0].reply_due},
        kind="suggestion.assigned",
    )
    return cal.warnings


@transaction.atomic
def assignment_sign(*, suggestion: Suggestion, actor: User) -> Assignment:
    suggestion = lock(suggestion)
    lead = workflow.LEAD_UNIT in workflow.actor_roles(suggestion, actor)
    row = workflow.check(suggestion, "sign" if lead else "sign_co", actor)
    assignment = my_assignment(suggestion, actor)
    if assignment.signed_at:
        raise TransitionError(_("已签收，无需重复签收。"))
    model_update(instance=assignment, fields=["signed_at"], data={"signed_at": timezone.now()})
    move(suggestion, row, actor, note=_("%(unit)s签收") % {"unit": assignment.unit})
    return assignment


@transaction.atomic
def assignment_return(*, suggestion: Suggestion, actor: User, reason: str) -> Assignment:
    """A unit that is not responsible returns the assignment within 7 working days."""
    suggestion = lock(suggestion)
    lead = workflow.LEAD_UNIT in workflow.actor_roles(suggestion, actor)
    row = workflow.check(suggestion, "unit_return" if lead else "co_unit_return", actor)
    if not reason.strip():
        raise invalid("reason", _("退回须写明理由。"))
    check_lengths(reason=(reason.strip(), TEXT_MAX))
    assignment = my_assignment(suggestion, actor)
    if timezone.localdate() > assignment.return_until:
        raise TransitionError(
            _("已超过退回期限（%(date)s，交办后7个工作日），不能退回。")
            % {"date": assignment.return_until}
        )
    returned = {"returned_at": timezone.now(), "return_reason": reason.strip(), "is_active": False}
    model_update(instance=assignment, fields=list(returned), data=returned)
    changes = {}
    if lead:
        deactivate_assignments(suggestion, _("主办单位退回交办"))
        changes["reply_due"] = None
    move(suggestion, row, actor, note=f"{assignment.unit}：{reason.strip()}", changes=changes)
    tell(
        staff_users(suggestion),
        suggestion,
        _("承办单位退回交办：%(title)s") % {"title": suggestion.title},
        f"{assignment.unit}：{reason.strip()}",
    )
    return assignment
