"""The state machine of a suggestion, as one table you can read.

Each row: the action, its Chinese label, the statuses it may start from, the status it leads
to (None: the status does not change, but the action is still recorded in the history) and
who may take it. Every write to a suggestion is a row here, editing a draft and attaching a file
included. Services look the row up in `check()`; an action from a status not listed is a 409
with a Chinese message, an actor not listed is refused (403)."""

from django.utils.translation import gettext_lazy

from congress.models import Role, User
from congress.workflow import Table, Transition, row
from suggestions.models import Status as S
from suggestions.models import Suggestion

# Who, relative to one suggestion.
LEAD_DEPUTY = "lead_deputy"  # 领衔代表
COSIGNER = "cosigner"  # 附议代表
STAFF = "staff"  # 人大机关工作人员 of the level handling it (or above), and admins
LEAD_UNIT = "lead_unit"  # user of the active 主办 unit
CO_UNIT = "co_unit"  # user of an active 协办 unit
STAGE_REVIEWER = "stage_reviewer"  # 三审: who may decide the current review stage
CALENDAR = "calendar"  # nobody: deadlines recomputed when the working-day calendar changes

OPEN = {S.SUBMITTED, S.RETURNED, S.ACCEPTED, S.ASSIGNED, S.SIGNED, S.REHANDLING}
HANDLING = {S.ASSIGNED, S.SIGNED, S.REHANDLING}
ANSWERED = {S.REPLIED, S.REHANDLING, S.CLOSED}


T = row  # reads as a table row


TRANSITIONS = [
    # action             label             from                          to            who
    T("edit",            gettext_lazy("修改"),            {S.DRAFT, S.RETURNED},        None,         {LEAD_DEPUTY}),
    T("attach",          gettext_lazy("上传附件"),        {S.DRAFT, S.RETURNED},        None,         {LEAD_DEPUTY}),
    T("confirm_cosign",  gettext_lazy("确认附议"),        {S.DRAFT, S.RETURNED},        None,         {COSIGNER}),
    T("submit",          gettext_lazy("提交"),            {S.DRAFT, S.RETURNED},        S.SUBMITTED,  {LEAD_DEPUTY}),
    T("return_for_rework", gettext_lazy("退回修改"),      {S.SUBMITTED},                S.RETURNED,   {STAFF}),
    T("accept",          gettext_lazy("审查通过"),        {S.SUBMITTED},                S.ACCEPTED,   {STAFF}),
    T("mark_key",        gettext_lazy("设为重点建议"),    OPEN - {S.RETURNED},          None,         {STAFF}),
    T("assign",          gettext_lazy("交办"),            {S.ACCEPTED},                 S.ASSIGNED,   {STAFF}),
    T("reassign",        gettext_lazy("重新交办"),        {S.ASSIGNED, S.SIGNED},       S.ASSIGNED,   {STAFF}),
    T("sign",            gettext_lazy("签收"),            {S.ASSIGNED},                 S.SIGNED,     {LEAD_UNIT}),
    T("sign_co",         gettext_lazy("协办签收"),        HANDLING,                     None,         {CO_UNIT}),
    T("unit_return",     gettext_lazy("退回交办"),        {S.ASSIGNED, S.SIGNED},       S.ACCEPTED,   {LEAD_UNIT}),
    T("co_unit_return",  gettext_lazy("协办单位退回"),    HANDLING,                     None,         {CO_UNIT}),
    T("contact",         gettext_lazy("记录沟通"),        HANDLING,                     None,         {LEAD_UNIT, CO_UNIT}),
    T("co_opinion",      gettext_lazy("提交协办意见"),    HANDLING,                     None,         {CO_UNIT}),
    T("request_extension", gettext_lazy("申请延期"),      HANDLING,                     None,         {LEAD_UNIT}),
    T("decide_extension", gettext_lazy("审批延期"),       HANDLING,                     None,         {STAFF}),
    T("reply",           gettext_lazy("答复"),            {S.SIGNED, S.REHANDLING},     S.REPLIED,    {LEAD_UNIT}),
    T("rate_satisfied",  gettext_lazy("测评办结"),        {S.REPLIED},                  S.CLOSED,     {LEAD_DEPUTY}),
    T("rate_unsatisfied", gettext_lazy("测评不满意"),     {S.REPLIED},                  S.REHANDLING, {LEAD_DEPUTY}),
    T("rate_cosigner",   gettext_lazy("附议代表测评"),    ANSWERED,                     None,         {COSIGNER}),
    T("publish",         gettext_lazy("公开答复"),        ANSWERED,                     None,         {STAFF}),
    T("unpublish",       gettext_lazy("撤回公开"),        ANSWERED,                     None,         {STAFF}),
    T("commitment_done", gettext_lazy("承诺事项回头督"),  ANSWERED,                     None,         {STAFF}),
    T("consent_withdrawal", gettext_lazy("同意撤回"),     {S.DRAFT} | OPEN,             None,         {COSIGNER}),
    T("withdraw",        gettext_lazy("撤回"),            {S.DRAFT} | OPEN - {S.REHANDLING}, S.WITHDRAWN, {LEAD_DEPUTY}),
    # --- paper rating sheets and replies nobody rates (issue 14: ratings) ---
    T("paper_rate_satisfied", gettext_lazy("录入纸质测评表（办结）"), {S.REPLIED},          S.CLOSED,     {STAFF}),
    T("paper_rate_unsatisfied", gettext_lazy("录入纸质测评表（不满意）"), {S.REPLIED},      S.REHANDLING, {STAFF}),
    T("paper_rate_cosigner", gettext_lazy("录入附议代表纸质测评表"), ANSWERED,              None,         {STAFF}),
    T("mark_unrated",    gettext_lazy("记为未测评"),      {S.REPLIED},                  None,         {"system"}),  # the daily sweep (suggestions/unrated.py), no user
    # --- review in stages 三审 (issue 14: review stages) ---
    T("pass_stage",      gettext_lazy("审查环节通过"),    {S.SUBMITTED},                None,         {STAGE_REVIEWER}),
    T("return_stage",    gettext_lazy("审查环节退回修改"), {S.SUBMITTED},               S.RETURNED,   {STAGE_REVIEWER}),
    T("stage_adjust",    gettext_lazy("审查环节调整"),    {S.SUBMITTED},                None,         {"system"}),  # the region's stages edited (suggestions/rules.py), no endpoint
    # --- handed to the level above (issue 14: handoffs) ---
    T("handoff_send",    gettext_lazy("移交上级人大"),    {S.SUBMITTED, S.ACCEPTED},    None,         {STAFF}),
    T("handoff_accept",  gettext_lazy("接收移交"),        {S.SUBMITTED, S.ACCEPTED},    None,         {STAFF}),
    T("handoff_decline", gettext_lazy("不予接收移交"),    {S.SUBMITTED, S.ACCEPTED},    None,         {STAFF}),
    # --- the commitment ledger (issue 14: ledger) ---
    T("commitment_report", gettext_lazy("报告承诺完成"), ANSWERED,                     None,         {LEAD_UNIT}),
    T("urge",            gettext_lazy("催办"),            HANDLING,                     None,         {STAFF}),
    # --- the working-day calendar (issue 14: calendar) ---
    T("calendar_adjust", gettext_lazy("工作日安排调整"),  OPEN,                          None,         {CALENDAR}),
]  # fmt: skip
TABLE = Table(
    TRANSITIONS,
    denied=gettext_lazy("您不能对这条建议执行“%(action)s”。"),
    conflict=gettext_lazy("这条建议当前为“%(status)s”，不能%(action)s。"),
    status_label=lambda status: S(status).label,
)
BY_ACTION = TABLE.by_action


def actor_roles(suggestion: Suggestion, user: User, *, assignments=None) -> set[str]:
    """What the user is to this suggestion (a user can be nothing, or e.g. both deputy kinds)."""
    roles: set[str] = set()
    if not user.is_authenticated:
        return roles
    # Staff of the handling level (the suggestion's own, or the level it was handed to) or
    # above: after a handoff the sending level keeps seeing it (scope) but no longer acts on it.
    if user.is_admin or (
        user.role == Role.STAFF
        and user.region_id
        and (suggestion.handled_by_id or suggestion.region_id).startswith(user.region_id)
    ):
        roles.add(STAFF)
    deputy_id = getattr(getattr(user, "deputy", None), "pk", None)
    if user.role == Role.DEPUTY and deputy_id:
        if suggestion.lead_deputy_id == deputy_id:
            roles.add(LEAD_DEPUTY)
        if any(c.deputy_id == deputy_id for c in suggestion.cosigners.all()):
            roles.add(COSIGNER)
    if user.role == Role.HANDLING_UNIT and user.handling_unit_id:
        if assignments is None:
            assignments = suggestion.assignments.all()
        for a in assignments:
            if a.is_active and a.unit_id == user.handling_unit_id:
                roles.add(LEAD_UNIT if a.role == "lead" else CO_UNIT)
    reviewer_kind = user.is_admin or user.role in (Role.STAFF, Role.SUPERVISOR)
    if suggestion.status == S.SUBMITTED and reviewer_kind:
        from suggestions.services.review import current_stage, may_review_stage  # noqa: PLC0415

        stage = current_stage(suggestion)
        if stage is not None and may_review_stage(stage, suggestion, user):
            roles.add(STAGE_REVIEWER)
    return roles


def allowed_actions(suggestion: Suggestion, user: User) -> list[str]:
    actions = TABLE.allowed(suggestion.status, actor_roles(suggestion, user))
    if suggestion.status == S.SUBMITTED and {"accept", "return_for_rework"} & set(actions):
        # 三审: with review stages the review is decided stage by stage (pass/return_stage)
        from suggestions.services.review import review_stages  # noqa: PLC0415

        if review_stages(suggestion):
            actions = [a for a in actions if a not in ("accept", "return_for_rework")]
    return actions


def check(suggestion: Suggestion, action: str, user: User) -> Transition:
    """The table row for this action, or an error: wrong actor (403) or wrong status (409)."""
    return TABLE.check(suggestion.status, action, actor_roles(suggestion, user))
