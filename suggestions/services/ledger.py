"""承诺解决台账: the unit reports a commitment done with its evidence, staff check it on the spot
(回头督: confirmed, or sent back as 未落实), a superseded reply's open commitments are closed, and
staff urge the units of open suggestions (催办, one at a time or in a batch from the board)."""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from congress.errors import ApplicationError, invalid
from congress.models import User
from congress.services import model_update
from suggestions.models import Commitment, Reply, Suggestion
from suggestions.services.attachments import _check_file
from suggestions.services.common import lock_and_check, move, staff_users, tell, unit_users

NOTE_MAX = 2000


def _open_commitment(suggestion: Suggestion, commitment_id: int) -> Commitment:
    commitment = suggestion.commitments.filter(pk=commitment_id).first()
    if commitment is None:
        raise invalid("commitment", _("这条建议没有这项承诺事项。"))
    if commitment.superseded_at:
        raise invalid("commitment", _("这项承诺所属的答复已被新的答复取代，承诺已失效。"))
    if commitment.done_at:
        raise invalid("commitment", _("这项承诺已经回头督确认完成。"))
    return commitment


def _note(note: str, field: str = "note") -> str:
    note = (note or "").strip()
    if len(note) > NOTE_MAX:
        raise invalid(field, _("说明不能超过 %(n)d 字。") % {"n": NOTE_MAX})
    return note


@transaction.atomic
def commitment_report(
    *, suggestion: Suggestion, actor: User, commitment_id: int, note: str, file=None
) -> Commitment:
    """The unit that replied reports a commitment done: what it did, and a file as evidence."""
    suggestion, row = lock_and_check(suggestion, "commitment_report", actor)
    commitment = _open_commitment(suggestion, commitment_id)
    if commitment.reply.unit_id != actor.handling_unit_id:
        raise invalid("commitment", _("只能报告本单位答复中的承诺事项。"))
    errors = {}
    note = (note or "").strip()
    if not note:
        errors["evidence_note"] = [_("请填写完成情况。")]
    elif len(note) > NOTE_MAX:
        errors["evidence_note"] = [_("说明不能超过 %(n)d 字。") % {"n": NOTE_MAX}]
    if file is None and not commitment.evidence:
        errors["evidence"] = [_("请上传完成佐证材料。")]
    if errors:
        raise invalid(errors)
    if file is not None:
        try:
            _check_file(file)
        except ApplicationError as error:
            raise invalid("evidence", error.fields["file"][0]) from error
    data = {"reported_at": timezone.now(), "evidence_note": note}
    if file is not None:
        data["evidence"] = file
    model_update(instance=commitment, fields=list(data), data=data)
    move(
        suggestion,
        row,
        actor,
        note=_("承诺事项“%(w)s”已完成：%(n)s") % {"w": commitment.what, "n": note},
    )
    tell(
        staff_users(suggestion),
        suggestion,
        _("承办单位报告承诺事项已完成，请回头督：%(w)s") % {"w": commitment.what},
        note,
        kind="suggestion.commitment",
    )
    return commitment


@transaction.atomic
def commitment_mark_done(
    *,
    suggestion: Suggestion,
    actor: User,
    commitment_id: int,
    note: str = "",
    confirmed: bool = True,
) -> Commitment:
    """回头督: staff check a commitment. Confirmed, it is done (`done_at`); not confirmed (未落实),
    the unit's report is sent back (`reported_at` cleared, the evidence kept) and the unit told.
    Either way who checked, when and what they found is recorded."""
    suggestion, row = lock_and_check(suggestion, "commitment_done", actor)
    commitment = _open_commitment(suggestion, commitment_id)
    note = _note(note)
    if not confirmed and not note:
        raise invalid("note", _("请写明未落实的情况。"))
    now = timezone.now()
    data = {"checked_by": actor, "checked_at": now, "note": note}
    if confirmed:
        data["done_at"] = now
    else:
        data["reported_at"] = None
    model_update(instance=commitment, fields=list(data), data=data)
    if confirmed:
        text = _("回头督：%(w)s 已完成。%(n)s") % {"w": commitment.what, "n": note}
    else:
        text = _("回头督：%(w)s 未落实，退回承办单位。%(n)s") % {"w": commitment.what, "n": note}
    move(suggestion, row, actor, note=text)
    if not confirmed:
        tell(
            unit_users([commitment.reply.unit_id]),
            suggestion,
            _("承诺事项回头督未落实：%(w)s") % {"w": commitment.what},
            note,
            kind="suggestion.commitment",
        )
    return commitment


def supersede_commitments(*, suggestion: Suggestion, reply: Reply) -> list[int]:
    """The open commitments of the replies `reply` replaces are closed (已失效), so they leave
    the reminders and show as such; checked ones stay as they were. Returns their ids."""
    rows = list(
        Commitment.objects.filter(
            suggestion=suggestion, done_at__isnull=True, superseded_at__isnull=True
        ).exclude(reply=reply)
    )
    now = timezone.now()
    for commitment in rows:
        model_update(instance=commitment, fields=["superseded_at"], data={"superseded_at": now})
    return [c.pk for c in rows]


@transaction.atomic
def suggestion_urge(*, suggestion: Suggestion, actor: User, note: str = "") -> Suggestion:
    """催办: staff remind the units that hold an open suggestion (a notice each, a history row)."""
    suggestion, row = lock_and_check(suggestion, "urge", actor)
    note = _note(note)
    units = list(suggestion.assignments.filter(is_active=True).values_list("unit_id", flat=True))
    move(suggestion, row, actor, note=note)
    due = suggestion.reply_due
    tell(
        unit_users(units),
        suggestion,
        _("请抓紧办理：%(t)s") % {"t": suggestion.title},
        (_("答复期限 %(d)s。") % {"d": due} if due else "") + note,
        kind="suggestion.urge",
    )
    return suggestion


@dataclass
class BatchResult:
    id: int
    ok: bool
    message: str


def batch(rows, action, run) -> list[BatchResult]:
    """Run one action's service per row, each in its own transaction: a refused row (wrong
    status, not this viewer's, bad input) is reported with its reason, never skipped silently,
    and never undoes the others."""
    results = []
    for pk, suggestion in rows:
        if suggestion is None:
            results.append(BatchResult(pk, False, _("未找到该记录，或您无权查看。")))
            continue
        try:
            run(suggestion)
        except ApplicationError as error:
            results.append(BatchResult(pk, False, error.message))
        else:
            results.append(BatchResult(pk, True, _("已%(a)s") % {"a": action}))
    return results
