"""The life of a meeting or activity as a table you can read (as in suggestions/workflow.py):
the action, its label, the statuses it starts from, the status it leads to (None: unchanged),
who may take it and the 409's message. Services lock the event, `check` the row, then act."""

from django.utils.translation import gettext_lazy as _

from congress.models import Role, User
from congress.scope import region_in_scope
from congress.workflow import Table, Transition, row
from meetings.models import Event

STAFF = "staff"  # an admin, or staff of the organising region or above
INVITEE = "invitee"  # the person an invitation is for (a deputy, or another account)
SCHEDULE = "schedule"  # the beat sweep (no user)

S = Event.Status
LIVE = {S.PLANNED, S.OPEN}
NOT_LIVE = {None: _("会议活动已结束或已取消，不能再执行此操作。")}


def T(action, label, sources, target, who, refused=None):  # noqa: N802 - reads as a table row
    return row(action, label, sources, target, who, refused=refused)


TRANSITIONS = [
    # action          label              from                       to          who        refused (409)
    T("edit",          _("修改"),          LIVE,                      None,       {STAFF},   NOT_LIVE),
    T("open",          _("开启签到"),      {S.PLANNED},               S.OPEN,     {STAFF},   _("只有筹备中的会议活动可以开启签到。")),
    T("close",         _("结束并统计出勤"), LIVE,                      S.CLOSED,   {STAFF},   _("会议活动已结束或已取消。")),
    T("cancel",        _("取消"),          LIVE,                      S.CANCELLED, {STAFF},  _("会议活动已结束或已取消，不能取消。")),
    T("invite",        _("邀请"),          LIVE,                      None,       {STAFF},   NOT_LIVE),
    T("uninvite",      _("移除邀请"),      LIVE,                      None,       {STAFF},   NOT_LIVE),
    T("answer",        _("答复"),          LIVE,                      None,       {INVITEE}, _("会议活动已结束或已取消，不能再答复。")),
    T("decide_leave",  _("审批请假"),      LIVE,                      None,       {STAFF},   _("会议活动已结束或已取消，不能再审批请假。")),
    T("sign_in",       _("签到"),          {S.OPEN},                  None,       {INVITEE}, {None: _("签到尚未开启。"), S.CLOSED: _("签到已经结束。"), S.CANCELLED: _("会议活动已取消。")}),
    T("sign_out",      _("签退"),          {S.OPEN},                  None,       {INVITEE}, {None: _("签到尚未开启。"), S.CLOSED: _("签到已经结束。"), S.CANCELLED: _("会议活动已取消。")}),
    T("manual_sign_in", _("代为签到"),     {S.OPEN, S.CLOSED},        None,       {STAFF},   _("只有签到中或已结束的会议活动可以代为签到。")),
    T("import_sheet",  _("导入签到表"),    {S.OPEN, S.CLOSED},        None,       {STAFF},   _("只有签到中或已结束的会议活动可以导入签到表。")),
    T("correct",       _("更正出勤"),      {S.CLOSED},                None,       {STAFF},   _("会议活动结束后才能更正出勤。")),
    T("agenda",        _("编辑议程"),      LIVE | {S.CLOSED},         None,       {STAFF},   _("已取消的会议活动不能编辑议程。")),
    T("document",      _("上传材料"),      LIVE | {S.CLOSED},         None,       {STAFF},   _("已取消的会议活动不能上传材料。")),
    T("remind",        _("会前提醒"),      LIVE,                      None,       {SCHEDULE}, NOT_LIVE),
]  # fmt: skip
TABLE = Table(TRANSITIONS, denied=_("您不能执行“%(action)s”。"))


def is_organiser(user: User | None, event: Event) -> bool:
    """Staff (or an admin) whose region contains the organising region."""
    if user is None or not user.is_authenticated:
        return False
    return user.is_admin or (user.role == Role.STAFF and region_in_scope(user, event.region_id))


def roles(event: Event, user: User | None, *, invitee: bool = False) -> set[str]:
    """What the actor is to this event; `invitee` says the caller found the actor's invitation."""
    if user is None:
        return {SCHEDULE}
    found = {INVITEE} if invitee else set()
    if is_organiser(user, event):
        found.add(STAFF)
    return found


def check(event: Event, action: str, actor_roles: set[str]) -> Transition:
    """Wrong actor first (403), then wrong status (409)."""
    return TABLE.check(event.status, action, actor_roles)


def allowed(event: Event, user: User | None, *, invitee: bool = False) -> list[str]:
    return TABLE.allowed(event.status, roles(event, user, invitee=invitee))
