"""The life of a supervision project, of its 整改 and of an inquiry's commitment, each as a table
you can read (as in suggestions/workflow.py): the action, its label, the statuses it starts from,
the status it leads to (None: unchanged, or decided by the service, as a rating is), who may take
it and the 409's message. Services lock the row, `check` the table, then act."""

from django.utils.translation import gettext_lazy as _

from congress.models import Role, User
from congress.scope import region_in_scope
from congress.workflow import Table, row
from supervision.models import Commitment, Project, Rectification

STAFF = "staff"  # an admin, or staff of the organising region or above
BODY = "body"  # the supervised body: its unit accounts and the officials bound to it
SCHEDULE = "schedule"  # the beat sweep (no user)

P = Project.Status
OPEN = {P.PLANNED, P.RESEARCH, P.HEARING, P.RECTIFYING, P.RECEIVED, P.RATED}
CLOSED = {None: _("监督项目已办结，不能再执行此操作。")}


def T(action, label, sources, target, who, refused=None):  # noqa: N802 - reads as a table row
    return row(action, label, sources, target, who, refused=refused)


PROJECT = Table([
    # action          label                 from                          to            who       refused (409)
    T("edit",          _("修改"),             OPEN,                         None,         {STAFF},  CLOSED),
    T("research",      _("开展调研"),          {P.PLANNED},                  P.RESEARCH,   {STAFF},  _("只有计划阶段的项目可以开始调研。")),
    T("hearing",       _("听取审议/检查"),     {P.PLANNED, P.RESEARCH},      P.HEARING,    {STAFF},  _("项目已过听取审议阶段。")),
    T("send_opinions", _("交办审议意见"),      {P.HEARING},                  P.RECTIFYING, {STAFF},  _("听取审议（或检查）之后才能交办审议意见。")),
    T("report",        _("报送整改报告"),      {P.RECTIFYING},               P.RECEIVED,   {BODY},   _("当前没有待报送的整改报告。")),
    T("rate",          _("跟踪测评"),          {P.RECEIVED},                 None,         {STAFF},  _("收到整改报告后才能测评。")),
    T("close",         _("办结"),             {P.PLANNED, P.RESEARCH, P.HEARING, P.RATED}, P.CLOSED, {STAFF},
      {None: _("整改未测评通过，不能办结。"), P.CLOSED: _("监督项目已经办结。")}),
    T("document",      _("上传材料"),          OPEN,                         None,         {STAFF},  CLOSED),
    T("deputies",      _("设置参加代表和活动"), OPEN,                         None,         {STAFF},  CLOSED),
    T("question",      _("登记专题询问"),      OPEN - {P.PLANNED},           None,         {STAFF},  _("专题询问在听取审议阶段登记，计划阶段不能登记。")),
    T("townships",     _("安排乡镇同步监督"),  {P.PLANNED, P.RESEARCH, P.HEARING}, None,   {STAFF},  _("交办审议意见后不能再增加乡镇。")),
], denied=_("您不能执行“%(action)s”。"))  # fmt: skip

R = Rectification.Status
RECTIFICATION = Table([
    T("submit",        _("报送整改报告"),      {R.DUE, R.RETURNED},          R.SUBMITTED,  {BODY},   _("整改报告已报送，等待测评。")),
    T("rate",          _("测评整改报告"),      {R.SUBMITTED},                None,         {STAFF},  _("整改报告尚未报送，或已经测评。")),
    T("remind",        _("提醒报送"),          {R.DUE, R.RETURNED},          None,         {SCHEDULE}, _("整改报告已报送。")),
], denied=_("您不能执行“%(action)s”。"))  # fmt: skip

C = Commitment.Status
COMMITMENT = Table([
    T("report",        _("报告完成情况"),      {C.OPEN},                     C.REPORTED,   {BODY},   _("该承诺事项已报告或已核实。")),
    T("check",         _("核实"),             {C.REPORTED},                 None,         {STAFF},  _("单位报告完成后才能核实。")),
    T("remind",        _("提醒落实"),          {C.OPEN},                     None,         {SCHEDULE}, _("该承诺事项已报告。")),
], denied=_("您不能执行“%(action)s”。"))  # fmt: skip


def is_organiser(user: User | None, project: Project) -> bool:
    if user is None or not user.is_authenticated:
        return False
    return user.is_admin or (user.role == Role.STAFF and region_in_scope(user, project.region_id))


def is_body(user: User | None, unit_id: int | None) -> bool:
    """A unit account of the body, or an official (国家机关领导干部) bound to it."""
    if user is None or not user.is_authenticated or not unit_id:
        return False
    return user.role in (Role.HANDLING_UNIT, Role.OFFICIAL) and user.handling_unit_id == unit_id


def roles(project: Project, user: User | None) -> set[str]:
    if user is None:
        return {SCHEDULE}
    found = set()
    if is_organiser(user, project):
        found.add(STAFF)
    if is_body(user, project.unit_id):
        found.add(BODY)
    return found


def project_allowed(project: Project, user: User | None) -> list[str]:
    return PROJECT.allowed(project.status, roles(project, user))


def rectification_allowed(rectification: Rectification, user: User | None) -> list[str]:
    return RECTIFICATION.allowed(rectification.status, roles(rectification.project, user))
