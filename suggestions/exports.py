"""The suggestion list as .xlsx: the board's rows with the filters it shows, in the viewer's
language (headers and statuses; titles and names as written)."""

from io import BytesIO

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook

from congress import audit
from congress.exports import xlsx_append
from congress.models import AuditLog
from suggestions.api.common import label, lead_first
from suggestions.models import Suggestion
from suggestions.selectors import commitment_state


def _units(s: Suggestion) -> str:
    roles = {"lead": _("主办"), "co": _("协办")}
    return "、".join(
        f"{a.unit.name}（{roles.get(a.role, a.role)}）"
        for a in sorted(getattr(s, "active_assignments", []), key=lead_first)
    )


def _row(s: Suggestion) -> list:
    return [
        s.number, s.title, s.lead_deputy.name, label(s.category.name), s.region.name,
        s.term.label, s.get_period_display(), s.get_status_display(),
        _("是") if s.is_key else "", _units(s), s.reply_due,
        timezone.localtime(s.submitted_at).strftime("%Y-%m-%d %H:%M") if s.submitted_at else "",
    ]  # fmt: skip


def headers() -> list[str]:
    return [
        _("编号"), _("标题"), _("领衔代表"), _("类别"), _("区划"), _("届次"), _("提出时间"),
        _("状态"), _("重点建议"), _("承办单位"), _("答复期限"), _("提交时间"),
    ]  # fmt: skip


def suggestion_list_xlsx(*, rows: QuerySet[Suggestion], source) -> tuple[bytes, str]:
    """The rows (selectors.suggestion_list) and the file's name; `source` (the query string)
    is audited."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(_("代表建议"))
    xlsx_append(ws, headers())
    for s in rows.iterator(chunk_size=1000):
        xlsx_append(ws, _row(s))
    buffer = BytesIO()
    wb.save(buffer)
    audit.record(
        AuditLog.Action.EXPORT,
        model="suggestions.Suggestion",
        object_repr=_("导出代表建议列表"),
        after={k: v for k, v in source.items() if k not in ("page", "page_size")},
    )
    name = _("代表建议-%(day)s.xlsx") % {"day": f"{timezone.localdate():%Y%m%d}"}
    return buffer.getvalue(), name


STATE_LABELS = {
    "pending": gettext_lazy("待完成"),
    "overdue": gettext_lazy("已逾期"),
    "reported": gettext_lazy("单位已报完成"),
    "checked": gettext_lazy("已回头督"),
    "superseded": gettext_lazy("已失效"),
}


def _when(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def commitment_headers() -> list[str]:
    return [
        _("建议编号"), _("建议标题"), _("区划"), _("承诺事项"), _("承诺时限"), _("承办单位"),
        _("状态"), _("单位报告完成"), _("完成情况"), _("回头督时间"), _("回头督情况"),
        _("失效时间"),
    ]  # fmt: skip


def commitment_list_xlsx(*, rows, source) -> tuple[bytes, str]:
    """The ledger's rows (selectors.commitment_list) as shown, and the file's name; audited."""
    today = timezone.localdate()
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(_("承诺解决台账"))
    xlsx_append(ws, commitment_headers())
    for c in rows.iterator(chunk_size=1000):
        xlsx_append(ws, [
            c.suggestion.number, c.suggestion.title, c.suggestion.region.name, c.what,
            c.due_date, c.reply.unit.name, str(STATE_LABELS[commitment_state(c, today)]),
            _when(c.reported_at), c.evidence_note, _when(c.checked_at), c.note,
            _when(c.superseded_at),
        ])  # fmt: skip
    buffer = BytesIO()
    wb.save(buffer)
    audit.record(
        AuditLog.Action.EXPORT,
        model="suggestions.Commitment",
        object_repr=_("导出承诺解决台账"),
        after={k: v for k, v in source.items() if k not in ("page", "page_size")},
    )
    name = _("承诺解决台账-%(day)s.xlsx") % {"day": f"{timezone.localdate():%Y%m%d}"}
    return buffer.getvalue(), name
