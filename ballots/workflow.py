"""The state machines of a ballot and of a livelihood project, as tables you can read (as in
suggestions/workflow.py).

Each row: the action, its Chinese label, the statuses it may start from, the status it leads to
(None: the status does not change) and who may take it, plus the message of the 409 when the
status does not allow it. Every service action follows the same steps: lock the row
(`ballot_locked`, `project_locked`), look the action up here (`check`), validate the input, save
only the changed fields (`congress.services.model_update`, which writes the audit row: for
ballots and projects the audit trail is the history), then notify.

The status is checked before the actor (a closed ballot is "closed" to everyone), an actor not
listed is a 403."""

from django.db.models import Model
from django.utils.translation import gettext_lazy as _

from ballots.models import Ballot, LivelihoodProject
from congress.models import Role, User
from congress.scope import region_in_scope
from congress.workflow import Table, Transition, row

# Who, relative to one ballot or project.
STAFF = "staff"  # an admin, or staff of the congress's region or above
VOTER = "voter"  # a deputy of the ballot's electorate
SCHEDULE = "schedule"  # the beat sweep closing a ballot at its closing time (no user)
COUNT = "count"  # the count of a closed project vote (no user)
UNIT = "unit"  # a user of the project's responsible unit
CITIZEN = "citizen"  # an invited citizen with a one-time code (集中评议, no account)


def T(action, label, sources, target, who, refused):  # noqa: N802 - reads as a table row
    return row(action, label, sources, target, who, refused=refused)


B = Ballot.Status
P = LivelihoodProject.Status
STARTED = {None: _("投票尚未开始。"), B.CLOSED: _("投票已经结束。")}

BALLOT_TRANSITIONS = [
    # action        label              from        to        who                 refused (409)
    T("edit",        _("修改"),         {B.DRAFT},  None,     {STAFF},            _("测评已经发布，不能再修改；只有草稿状态的测评可以修改。")),
    T("open",        _("发布"),         {B.DRAFT},  B.OPEN,   {STAFF},            _("只有草稿状态的测评可以发布。")),
    T("vote",        _("投票"),         {B.OPEN},   None,     {VOTER},            STARTED),
    T("enter_paper", _("录入纸质票"),   {B.OPEN},   None,     {STAFF},            _("只有投票中的测评可以录入纸质票。")),
    T("close",       _("结束投票并计票"), {B.OPEN}, B.CLOSED, {STAFF, SCHEDULE},  _("只有投票中的测评可以结束。")),
    # 十大重点建议集中评议 only (services/review.py also refuses them for other kinds)
    T("invite",      _("邀请代表"),     {B.DRAFT},  None,     {STAFF},            _("评议已经发布，不能再更改受邀代表。")),
    T("statement",   _("录入汇报材料"), {B.DRAFT, B.OPEN}, None, {STAFF},         _("评议已经结束，不能再修改汇报材料。")),
    T("issue_codes", _("发放群众评议码"), {B.DRAFT, B.OPEN}, None, {STAFF},       _("评议已经结束，不能再发放群众评议码。")),
    T("citizen_vote", _("群众评议"),    {B.OPEN},   None,     {CITIZEN},          STARTED),
]  # fmt: skip

SCREENABLE = {P.CANDIDATE, P.SHORTLISTED, P.REJECTED}
FOLLOWED = {P.ELECTED, P.COMPLETED}
NOT_SCREENABLE = _("已提交票决的项目不能再筛选。")
NOT_FOLLOWED = _("只有票决当选的项目需要跟踪实施进度。")

PROJECT_TRANSITIONS = [
    # action            label                from            to              who            refused (409)
    T("shortlist",       _("入围票决"),        SCREENABLE,     P.SHORTLISTED,  {STAFF},       NOT_SCREENABLE),
    T("reject",          _("不入围"),          SCREENABLE,     P.REJECTED,     {STAFF},       NOT_SCREENABLE),
    T("elect",           _("票决当选"),        {P.SHORTLISTED}, P.ELECTED,     {COUNT},       _("只有入围的项目可以当选。")),
    T("not_elect",       _("票决未当选"),      {P.SHORTLISTED}, P.NOT_ELECTED, {COUNT},       _("只有入围的项目可以落选。")),
    T("assign",          _("确定责任单位与预算"), {P.ELECTED},   None,           {STAFF},       _("只有票决当选的项目可以确定责任单位。")),
    T("add_milestone",   _("新增实施节点"),    FOLLOWED,       None,           {STAFF, UNIT}, NOT_FOLLOWED),
    T("report_progress", _("填报节点进度"),    FOLLOWED,       None,           {STAFF, UNIT}, NOT_FOLLOWED),
    T("submit_report",   _("提交年中/年终报告"), FOLLOWED,     None,           {STAFF, UNIT}, NOT_FOLLOWED),
    T("complete",        _("完成"),            {P.ELECTED},    P.COMPLETED,    {STAFF, UNIT}, NOT_FOLLOWED),
]  # fmt: skip
DENIED = _("您不能执行“%(action)s”。")
BALLOT_TABLE = Table(BALLOT_TRANSITIONS, denied=DENIED)
PROJECT_TABLE = Table(PROJECT_TRANSITIONS, denied=DENIED)
BALLOT_ACTIONS = BALLOT_TABLE.by_action
PROJECT_ACTIONS = PROJECT_TABLE.by_action


def _is_staff_of(user: User, region_code: str) -> bool:
    return (user.is_admin or user.role == Role.STAFF) and region_in_scope(user, region_code)


def ballot_roles(ballot: Ballot, user: User | None, *, voter: bool = False) -> set[str]:
    """What the actor is to this ballot: no user is the schedule; `voter` says the deputy casting
    a vote is in the electorate (the caller asked `in_electorate`)."""
    roles = {VOTER} if voter else set()
    if user is None:
        return roles | {SCHEDULE}
    if _is_staff_of(user, ballot.congress.region_id):
        roles.add(STAFF)
    return roles


def project_roles(project: LivelihoodProject, user: User | None) -> set[str]:
    """What the actor is to this project: no user is the count of a project vote."""
    if user is None:
        return {COUNT}
    roles = set()
    if _is_staff_of(user, project.congress.region_id):
        roles.add(STAFF)
    if (
        user.role == Role.HANDLING_UNIT
        and user.handling_unit_id
        and user.handling_unit_id == project.responsible_unit_id
    ):
        roles.add(UNIT)
    return roles


def _table(obj: Model) -> Table:
    return BALLOT_TABLE if isinstance(obj, Ballot) else PROJECT_TABLE


def check(obj: Model, action: str, roles: set[str]) -> Transition:
    """The table row for this action on a ballot or a project, or an error: wrong status (409,
    the row's message) or wrong actor (403)."""
    _table(obj).check_status(obj.status, action)
    return _table(obj).check_actor(action, roles)


def check_actor(obj: Model, action: str, roles: set[str]) -> Transition:
    """Only who may act (403 otherwise): for the one action whose status check is a
    compare-and-swap in the database (closing, see services/counting.py)."""
    return _table(obj).check_actor(action, roles)


def allowed(obj: Model, action: str, roles: set[str]) -> bool:
    return _table(obj).permits(obj.status, action, roles)
