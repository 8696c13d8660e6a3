"""The life of a task list and of a task as tables you can read (as in suggestions/workflow.py):
the action, its label, the statuses it starts from, the status it leads to (None: unchanged),
who may take it and the 409's message. Services lock the row, `check` it, then act."""

from django.utils.translation import gettext_lazy as _

from congress.models import Role, User
from congress.scope import region_in_scope
from congress.workflow import Table, Transition, row
from worktasks.models import Task, TaskList

ISSUER = "issuer"  # an admin, or staff of the issuing region or above
OWNER = "owner"  # staff of the owning region's congress, or a user of the owning unit
SCHEDULE = "schedule"  # the beat sweep (no user)

L = TaskList.Status
S = Task.Status
OPEN = {S.ISSUED, S.IN_PROGRESS, S.RETURNED}
NOT_DRAFT = {None: _("清单已交办，不能再修改；请在任务上调整。")}


def T(action, label, sources, target, who, refused=None):  # noqa: N802 - reads as a table row
    return row(action, label, sources, target, who, refused=refused)


LIST_TRANSITIONS = [
    # action      label          from          to          who        refused (409)
    T("edit",     _("修改"),      {L.DRAFT},    None,       {ISSUER},  NOT_DRAFT),
    T("add_task", _("添加任务"),  {L.DRAFT},    None,       {ISSUER},  _("清单已交办，不能再添加任务。")),
    T("issue",    _("交办"),      {L.DRAFT},    L.ISSUED,   {ISSUER},  _("清单已经交办。")),
    T("close",    _("办结清单"),  {L.ISSUED},   L.CLOSED,   {ISSUER},  {None: _("只有已交办的清单可以办结。"), L.CLOSED: _("清单已经办结。")}),
    T("delete",   _("删除"),      {L.DRAFT},    None,       {ISSUER},  _("清单已交办，不能删除。")),
]  # fmt: skip
LIST_TABLE = Table(LIST_TRANSITIONS, denied=_("您不能对这份清单执行“%(action)s”。"))

TASK_TRANSITIONS = [
    # action          label            from                  to             who        refused (409)
    T("edit",         _("修改任务"),    {S.DRAFT} | OPEN,     None,          {ISSUER},  _("任务已报结或已办结，不能再修改。")),
    T("remove",       _("删除任务"),    {S.DRAFT},            None,          {ISSUER},  _("任务已交办，不能删除。")),
    T("issue",        _("交办"),        {S.DRAFT},            S.ISSUED,      {ISSUER},  _("任务已经交办。")),
    T("progress",     _("报送进展"),    OPEN,                 S.IN_PROGRESS, {OWNER},   {None: _("任务尚未交办，不能报送进展。"), S.REPORTED: _("任务已报结，等待交办方确认。"), S.CLOSED: _("任务已办结。")}),
    T("report",       _("报结"),        OPEN,                 S.REPORTED,    {OWNER},   {None: _("任务尚未交办，不能报结。"), S.REPORTED: _("任务已经报结，等待交办方确认。"), S.CLOSED: _("任务已办结。")}),
    T("accept",       _("确认办结"),    {S.REPORTED},         S.CLOSED,      {ISSUER},  _("只有已报结的任务可以确认办结。")),
    T("return",       _("退回"),        {S.REPORTED},         S.RETURNED,    {ISSUER},  _("只有已报结的任务可以退回。")),
    T("close_undone", _("认定未完成"),  OPEN | {S.REPORTED},  S.CLOSED,      {ISSUER},  _("任务尚未交办或已经办结。")),
    T("remind",       _("到期提醒"),    OPEN,                 None,          {SCHEDULE}, _("任务已报结或已办结。")),
    T("inspect",      _("记录督查发现"), OPEN | {S.REPORTED, S.CLOSED}, None, {ISSUER}, _("任务尚未交办。")),
]  # fmt: skip
TASK_TABLE = Table(TASK_TRANSITIONS, denied=_("您不能对这项任务执行“%(action)s”。"))


def is_issuer(user: User | None, region_id: str) -> bool:
    """An admin, or staff whose region contains the issuing region (a supervisor only reads)."""
    if user is None or not user.is_authenticated:
        return False
    return user.is_admin or (user.role == Role.STAFF and region_in_scope(user, region_id))


def is_owner(user: User | None, task: Task) -> bool:
    """Staff of the owning region's own congress, or a unit user or official of the owning unit."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if task.owner_region_id:
        return user.role == Role.STAFF and user.region_id == task.owner_region_id
    return (
        user.role in (Role.HANDLING_UNIT, Role.OFFICIAL)
        and user.handling_unit_id is not None
        and user.handling_unit_id == task.owner_unit_id
    )


def list_roles(task_list: TaskList, user: User | None) -> set[str]:
    if user is None:
        return {SCHEDULE}
    return {ISSUER} if is_issuer(user, task_list.region_id) else set()


def task_roles(task: Task, user: User | None) -> set[str]:
    if user is None:
        return {SCHEDULE}
    found = set()
    if is_issuer(user, task.region_id):
        found.add(ISSUER)
    if is_owner(user, task):
        found.add(OWNER)
    return found


def check_list(task_list: TaskList, action: str, user: User | None) -> Transition:
    """Wrong actor first (403), then wrong status (409)."""
    return LIST_TABLE.check(task_list.status, action, list_roles(task_list, user))


def check_task(task: Task, action: str, user: User | None) -> Transition:
    return TASK_TABLE.check(task.status, action, task_roles(task, user))


def list_allowed(task_list: TaskList, user: User | None) -> list[str]:
    return LIST_TABLE.allowed(task_list.status, list_roles(task_list, user))


def task_allowed(task: Task, user: User | None) -> list[str]:
    return TASK_TABLE.allowed(task.status, task_roles(task, user))
