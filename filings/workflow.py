"""The life of a filed normative document as a table you can read (as in suggestions/workflow.py):
the action, its label, the statuses it starts from, the status it leads to (None: unchanged),
who may take it and the 409's message. Services lock the filing, `check` the row, then act."""

from django.utils.translation import gettext_lazy as _

from congress.models import Role, User
from congress.scope import region_in_scope
from congress.workflow import Table, Transition, row
from filings.models import ExpertInvitation, Filing, Status

UNIT = "unit"  # a user of the filer (the HandlingUnit that made the document)
STAFF = "staff"  # an admin, or staff of the reviewing county or above
EXPERT = "expert"  # an outside expert invited to the filing's open review
SCHEDULE = "schedule"  # the beat sweep (no user)

S = Status
REVIEWING = {S.INTERVENTION, S.UNDER_REVIEW}


def T(action, label, sources, target, who, refused=None):  # noqa: N802 - reads as a table row
    return row(action, label, sources, target, who, refused=refused)


TRANSITIONS = [
    # action               label                  from                           to                  who       refused (409)
    T("edit",               _("修改"),             {S.INTERVENTION, S.PUBLISHED}, None,               {UNIT},   _("已报备的文件不能再修改。")),
    T("upload",             _("上传材料"),         {S.INTERVENTION, S.PRE_REVIEWED, S.PUBLISHED, S.CORRECTION_DUE}, None, {UNIT},
      _("现在不能上传材料。")),
    T("attach",             _("补充材料"),         set(S) - {S.CLOSED},           None,               {STAFF},  _("已办结的文件不能再补充材料。")),
    T("intervention_opinion", _("反馈介入意见"),   {S.INTERVENTION},              S.PRE_REVIEWED,     {STAFF},  _("只有提前介入中的文件可以反馈介入意见。")),
    T("publish",            _("登记公布"),         {S.PRE_REVIEWED},              S.PUBLISHED,        {UNIT},   _("只有已反馈介入意见的草案可以登记公布。")),
    T("file",               _("报备"),             {S.PUBLISHED},                 S.FILED,            {UNIT},   _("该文件已报备，或尚未公布。")),
    T("return",             _("退回补报"),         {S.FILED},                     S.PUBLISHED,        {STAFF},  _("只有已报备待登记的文件可以退回补报。")),
    T("register",           _("登记"),             {S.FILED},                     S.REGISTERED,       {STAFF},  _("只有已报备待登记的文件可以登记。")),
    T("start_review",       _("开始审查"),         {S.REGISTERED},                S.UNDER_REVIEW,     {STAFF},  _("只有已登记的文件可以开始审查。")),
    T("check",              _("填写审查清单"),     REVIEWING,                     None,               {STAFF},  _("该文件不在审查中。")),
    T("invite",             _("邀请专家"),         REVIEWING,                     None,               {STAFF},  _("该文件不在审查中，不能邀请专家。")),
    T("expert_opinion",     _("提交专家意见"),     REVIEWING,                     None,               {EXPERT}, _("该审查已经结束，不能再提交意见。")),
    T("close_no_problem",   _("审查未发现问题"),   {S.UNDER_REVIEW},              S.CLOSED,           {STAFF},  _("该文件不在审查中。")),
    T("require_correction", _("提出纠正意见"),     {S.UNDER_REVIEW},              S.CORRECTION_DUE,   {STAFF},  _("该文件不在审查中。")),
    T("report_correction",  _("报送纠正情况"),     {S.CORRECTION_DUE},            S.CORRECTED,        {UNIT},   _("该文件没有待报送的纠正情况。")),
    T("accept_correction",  _("确认纠正到位"),     {S.CORRECTED},                 S.CLOSED,           {STAFF},  _("制定机关尚未报送纠正情况。")),
    T("reject_correction",  _("退回重新纠正"),     {S.CORRECTED},                 S.CORRECTION_DUE,   {STAFF},  _("制定机关尚未报送纠正情况。")),
    T("reopen",             _("事后审查纠错"),     {S.CLOSED},                    S.UNDER_REVIEW,     {STAFF},  _("只有已办结的文件可以启动事后审查纠错。")),
    T("remind",             _("到期提醒"),         {S.PUBLISHED, S.CORRECTION_DUE}, None,             {SCHEDULE}, _("该文件没有待办期限。")),
]  # fmt: skip
TABLE = Table(TRANSITIONS, denied=_("您不能执行“%(action)s”。"))


def is_reviewer(user: User | None, filing: Filing) -> bool:
    """An admin, or staff whose region contains the reviewing county (township staff read their
    township's filings but the county's standing committee reviews them)."""
    if user is None or not user.is_authenticated:
        return False
    return user.is_admin or (
        user.role == Role.STAFF and region_in_scope(user, filing.reviewing_region_id)
    )


def roles(filing: Filing, user: User | None) -> set[str]:
    """What the actor is to this filing."""
    if user is None:
        return {SCHEDULE}
    found = set()
    if is_reviewer(user, filing):
        found.add(STAFF)
    if user.role == Role.HANDLING_UNIT and user.handling_unit_id == filing.unit_id:
        found.add(UNIT)
    if user.role == Role.EXPERT and (
        ExpertInvitation.objects.filter(expert=user, review__filing=filing).exists()
    ):
        found.add(EXPERT)
    return found


def check(filing: Filing, action: str, actor_roles: set[str]) -> Transition:
    """Wrong actor first (403), then wrong status (409)."""
    return TABLE.check(filing.status, action, actor_roles)


def allowed(filing: Filing, user: User | None) -> list[str]:
    return TABLE.allowed(filing.status, roles(filing, user))
