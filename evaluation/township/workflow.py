"""The state machine of an evaluation round, as one table you can read.

A round is opened (rounds.round_open, by staff of the organising region) in 评价中 and ends, once
and for good, in 已结束. Each row: the action, its Chinese label, the statuses it may start
from, the status it leads to (None: the status does not change, but the action is still recorded
in the round's history, the audit trail) and who may take it. Services look the row up in
`check()` under the round's row lock: an actor not listed is a 403, an action from a status not
listed (anything on a closed round) a 409 with a Chinese message."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from congress import audit
from congress.errors import ApplicationError, TransitionError
from congress.models import AuditLog, Role, User
from congress.scope import region_in_scope, region_prefix
from congress.workflow import Table, Transition, row
from evaluation.models import EvaluationRound, RoundTarget

S = EvaluationRound.Status

# Who, relative to one round.
ORGANISER = "organiser"  # staff of the organising region (or above), and admins
EVALUATOR = "evaluator"  # a named evaluator 评价人 (admins count as evaluators)
TARGET = "target"  # staff of the evaluated region, for its self-assessment 自评


T = row  # reads as a table row


TRANSITIONS = [
    # action              label           from       to         who
    T("assign_evaluators", gettext_lazy("指定评价人"),   {S.OPEN},  None,      {ORGANISER}),
    T("score_self",        gettext_lazy("自评打分"),     {S.OPEN},  None,      {ORGANISER, TARGET}),
    T("score_review",      gettext_lazy("评审打分"),     {S.OPEN},  None,      {EVALUATOR}),
    T("compute",           gettext_lazy("计算自动指标"), {S.OPEN},  None,      {ORGANISER}),
    T("close",             gettext_lazy("结束评价"),     {S.OPEN},  S.CLOSED,  {ORGANISER}),
]  # fmt: skip
TABLE = Table(
    TRANSITIONS,
    denied=gettext_lazy("您不能对本轮评价执行“%(action)s”。"),
    conflict=gettext_lazy("本轮评价当前为“%(status)s”，不能%(action)s。"),
    status_label=lambda status: S(status).label,
)
BY_ACTION = TABLE.by_action

# The 403 of each kind of actor, in the words the pages already show.
REFUSALS = {
    frozenset({ORGANISER}): (
        "not_organiser",
        gettext_lazy("只有组织评价的人大机关可以执行此操作。"),
    ),
    frozenset({EVALUATOR}): (
        "not_evaluator",
        gettext_lazy("您不是本轮评价的评价人，不能评审打分。"),
    ),
}


def is_evaluator(user: User, round_: EvaluationRound) -> bool:
    return user.is_admin or round_.evaluators.filter(pk=user.pk).exists()


def actor_roles(round_: EvaluationRound, user: User, *, target: RoundTarget | None = None) -> set:
    """What the user is to this round: TARGET for the target scored, or (without one) for any
    target of the round in the user's region."""
    roles: set[str] = set()
    if user is None or not user.is_authenticated:
        return roles
    prefix = region_prefix(user)
    if region_in_scope(user, round_.region_id):
        roles.add(ORGANISER)
    unit = user.handling_unit_id if user.role == Role.HANDLING_UNIT else None
    if target is not None and target.handling_unit_id:
        # A unit target self-assesses through its own unit's users only.
        if unit and target.handling_unit_id == unit:
            roles.add(TARGET)
    elif target is None and unit:
        if round_.targets.filter(handling_unit_id=unit).exists():
            roles.add(TARGET)
    elif prefix and (
        region_in_scope(user, target.region_id)
        if target is not None
        else round_.targets.filter(
            region__code__startswith=prefix, handling_unit__isnull=True
        ).exists()
    ):
        roles.add(TARGET)
    if is_evaluator(user, round_):
        roles.add(EVALUATOR)
    return roles


def allowed_actions(round_: EvaluationRound, user: User) -> list[str]:
    return TABLE.allowed(round_.status, actor_roles(round_, user))


def check(
    round_: EvaluationRound, action: str, user: User, *, target: RoundTarget | None = None
) -> Transition:
    """The table row for this action, or an error: wrong actor (403) or wrong status (409)."""
    transition = BY_ACTION[action]
    roles = actor_roles(round_, user, target=target)
    if not roles & transition.who and transition.who in REFUSALS:
        code, message = REFUSALS[transition.who]  # in the words the pages already show
        raise ApplicationError(str(message), code=code, status=403)
    TABLE.check_actor(action, roles)
    if round_.is_closed:
        raise TransitionError(_("该评价轮次已结束并锁定，不能再修改。"))
    return TABLE.check_status(round_.status, action)


def history(round_: EvaluationRound, row: Transition, **details) -> AuditLog:
    """The round's history is its audit trail: one row per action taken, with what it did."""
    return audit.record(
        AuditLog.Action.UPDATE,
        model="evaluation.EvaluationRound",
        object_pk=round_.pk,
        object_repr=f"{round_}: {row.label}",
        after={"action": row.action, "status": round_.status, **details},
    )
