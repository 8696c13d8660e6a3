"""The life of an issue raised in a contact, as a table you can read (as in
suggestions/workflow.py): the action, its label, the statuses it starts from, the status it leads
to, who may take it and the 409's message. Services lock the issue, `check` the row, then act."""

from django.utils.translation import gettext_lazy as _

from congress.models import Role, User
from congress.scope import region_in_scope
from congress.workflow import Table, Transition, row
from contacts.models import ContactRelation, Issue

STAFF = "staff"  # an admin, or staff of the relation's region or above
CONTACTOR = "contactor"  # whoever logs the relation's contacts (the official, the member)
SCHEDULE = "schedule"  # the beat sweep that reads the converted record's result (no user)

S = Issue.Status
NOT_OPEN = _("该问题已处理，不能再转办。")


def T(action, label, sources, target, who, refused=None):  # noqa: N802 - reads as a table row
    return row(action, label, sources, target, who, refused=refused)


TRANSITIONS = [
    # action           label              from                     to            who                    refused (409)
    T("to_opinion",    _("转为社情民意"),  {S.OPEN},                S.CONVERTED,  {STAFF, CONTACTOR},    NOT_OPEN),
    T("to_suggestion", _("转为代表建议"),  {S.OPEN},                S.CONVERTED,  {STAFF, CONTACTOR},    NOT_OPEN),
    T("to_task",       _("转为工作任务"),  {S.OPEN},                S.CONVERTED,  {STAFF},               NOT_OPEN),
    T("answer",        _("登记办理结果"),  {S.OPEN, S.CONVERTED},   S.ANSWERED,   {STAFF, CONTACTOR},    _("该问题已有办理结果。")),
    T("sync",          _("同步办理结果"),  {S.CONVERTED},           S.ANSWERED,   {SCHEDULE},            _("该问题不在转办中。")),
    T("feed_back",     _("反馈提出人"),    {S.ANSWERED},            S.FED_BACK,   {STAFF, CONTACTOR},    {None: _("有了办理结果才能反馈。"), S.FED_BACK: _("该问题已经反馈过了。")}),
    T("close",         _("无需办理"),      {S.OPEN},                S.CLOSED,     {STAFF, CONTACTOR},    _("只有待处理的问题可以标为无需办理。")),
]  # fmt: skip
TABLE = Table(TRANSITIONS, denied=_("您不能执行“%(action)s”。"))


def is_staff_of(user: User | None, relation: ContactRelation) -> bool:
    if user is None or not user.is_authenticated:
        return False
    return user.is_admin or (user.role == Role.STAFF and region_in_scope(user, relation.region_id))


def is_contactor(user: User | None, relation: ContactRelation) -> bool:
    return bool(user and user.is_authenticated and relation.contactor_user_id() == user.pk)


def roles(relation: ContactRelation, user: User | None) -> set[str]:
    if user is None:
        return {SCHEDULE}
    found = set()
    if is_staff_of(user, relation):
        found.add(STAFF)
    if is_contactor(user, relation):
        found.add(CONTACTOR)
    return found


def check(issue: Issue, relation: ContactRelation, action: str, user: User | None) -> Transition:
    """Wrong actor first (403), then wrong status (409)."""
    return TABLE.check(issue.status, action, roles(relation, user))


def allowed(issue: Issue, relation: ContactRelation, user: User | None) -> list[str]:
    return TABLE.allowed(issue.status, roles(relation, user))
