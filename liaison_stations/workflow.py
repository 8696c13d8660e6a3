"""The state machine of a citizen's opinion 社情民意, as one table you can read.

Each row: the action, its Chinese label, the statuses it may start from, the status it leads to
(None: the status does not change), who may take it, and the progress note the citizen reads on
the tracking page (None: an internal step, recorded only in the audit trail). The services in
`services/triage.py` look the row up in `check()` under the opinion's row lock; a wrong actor is
a 403, a wrong status a 409 with a Chinese message."""

from django.utils.translation import gettext_lazy

from congress.models import Role, User
from congress.scope import region_in_scope
from congress.workflow import Table, Transition, row
from liaison_stations.models import Opinion

S = Opinion.Status

# Who, relative to one opinion.
STAFF = "staff"  # 人大机关工作人员 of the station's region (or above), and admins
UNIT = "unit"  # user of the handling unit it was forwarded to
DEPUTY = "deputy"  # the deputy of the station it was passed to (or drafted a suggestion for)

ANY = frozenset(S.values)


def T(action, label, sources, target, who, note):  # noqa: N802 - reads as a table row
    return row(action, label, sources, target, who, note=note)


TRANSITIONS = [
    # action           label                          from                           to             who       progress note
    T("take",          gettext_lazy("认领"),         ANY,                            None,          {STAFF},  None),
    T("answer",        gettext_lazy("答复"),         {S.RECEIVED, S.WITH_DEPUTY, S.FORWARDED, S.SUGGESTION},
                                                                                    S.ANSWERED,    {STAFF},  gettext_lazy("已办结并答复。")),
    T("pass_to_deputy", gettext_lazy("转交代表"),    {S.RECEIVED},                   S.WITH_DEPUTY, {STAFF},  gettext_lazy("已转交本站代表跟进。")),
    T("forward",       gettext_lazy("转办"),         {S.RECEIVED, S.WITH_DEPUTY},    S.FORWARDED,   {STAFF},  gettext_lazy("已转有关单位办理。")),
    T("to_suggestion", gettext_lazy("转为代表建议"), {S.RECEIVED, S.WITH_DEPUTY},    S.SUGGESTION,  {STAFF},  gettext_lazy("已转为代表建议，由代表依法提出。")),
    T("unit_reply",    gettext_lazy("反馈办理情况"), {S.FORWARDED},                  None,          {UNIT},   gettext_lazy("承办单位已反馈办理情况，待答复。")),
    T("deputy_reply",  gettext_lazy("反馈办理情况"), {S.WITH_DEPUTY},                None,          {DEPUTY}, gettext_lazy("代表已反馈办理情况，待答复。")),
]  # fmt: skip
TABLE = Table(
    TRANSITIONS,
    denied=gettext_lazy("您不能对这条意见执行“%(action)s”。"),
    conflict=gettext_lazy("这条意见当前为“%(status)s”，不能%(action)s。"),
    status_label=lambda status: S(status).label,
)
BY_ACTION = TABLE.by_action
TRIAGE_ACTIONS = [t.action for t in TRANSITIONS if t.who == {STAFF}]


def actor_roles(opinion: Opinion, user: User) -> set[str]:
    """What the user is to this opinion (nothing, or one of the roles above)."""
    roles: set[str] = set()
    if not user.is_authenticated or not user.is_active:
        return roles
    if user.is_admin or (
        user.role == Role.STAFF and region_in_scope(user, opinion.station.region_id)
    ):
        roles.add(STAFF)
    if (
        user.role == Role.HANDLING_UNIT
        and user.handling_unit_id is not None
        and user.handling_unit_id == opinion.handling_unit_id
    ):
        roles.add(UNIT)
    deputy = getattr(user, "deputy", None) if user.role == Role.DEPUTY else None
    if deputy is not None and deputy.pk == opinion.assigned_deputy_id:
        roles.add(DEPUTY)
    return roles


def allowed_actions(opinion: Opinion, user: User) -> list[str]:
    return TABLE.allowed(opinion.status, actor_roles(opinion, user))


def check(opinion: Opinion, action: str, user: User) -> Transition:
    """The table row for this action, or an error: wrong actor (403) or wrong status (409)."""
    return TABLE.check(opinion.status, action, actor_roles(opinion, user))
