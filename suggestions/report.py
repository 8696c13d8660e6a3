"""The annual handling report 年度建议办理情况 as an .xlsx workbook."""

from io import BytesIO

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from congress import audit
from congress.exports import xlsx_append
from congress.models import AuditLog, User
from suggestions import selectors
from suggestions.api.common import label
from suggestions.models import Status

HEAD = Font(bold=True, color="FFFFFF")
FILL = PatternFill("solid", fgColor="8F1D22")


def _sheet(ws, title: str, headers: list[str], rows: list[list]):
    ws.title = title
    xlsx_append(ws, headers)
    for cell in ws[1]:
        cell.font, cell.fill = HEAD, FILL
        cell.alignment = Alignment(horizontal="center")
    for row in rows:
        xlsx_append(ws, row)
    for i, header in enumerate(headers, 1):
        width = max(
            [len(str(header)) * 2, *(len(str(r[i - 1] or "")) * 2 for r in rows)], default=10
        )
        ws.column_dimensions[get_column_letter(i)].width = min(max(width, 8), 60)
    ws.freeze_panes = "A2"


def report_filename(year: int) -> str:
    return _("%(year)s年代表建议办理情况.xlsx") % {"year": year}


def annual_report(*, viewer: User, year: int) -> bytes:
    """The workbook in the request's language (headers, sheet names, statuses, categories)."""
    units = selectors.unit_statistics(viewer=viewer, year=year)
    regions = selectors.region_statistics(viewer=viewer, year=year)
    suggestions = selectors.suggestion_list(viewer=viewer, filters={"year": year})
    classes = sorted({c for u in units for c in u["classes"]})
    wb = Workbook()
    _sheet(
        wb.active,
        _("承办单位"),
        [_("承办单位"), _("交办件数"), _("已签收"), _("3个工作日内签收"), _("已答复"),
         _("按期答复"), _("按期答复率(%)"), *[_("%(code)s类") % {"code": c} for c in classes],
         _("测评人次"), _("满意及基本满意"), _("满意率(%)")],
        [[u["unit"], u["assigned"], u["signed"], u["signed_in_time"], u["replied"],
          u["replied_on_time"], u["on_time_rate"], *[u["classes"].get(c, 0) for c in classes],
          u["rated"], u["satisfied"], u["satisfaction_rate"]] for u in units],
    )  # fmt: skip
    statuses = [v for v, _label in Status.choices if v != Status.DRAFT]
    _sheet(
        wb.create_sheet(),
        _("按区划和状态"),
        [_("区划"), _("合计"), *[str(Status(v).label) for v in statuses]],
        [[r["region_name"], r["total"], *[r["statuses"].get(v, 0) for v in statuses]]
         for r in regions["regions"]],
    )  # fmt: skip
    _sheet(
        wb.create_sheet(),
        _("按类别"),
        [_("类别"), _("件数")],
        [[label(c["category"]), c["count"]] for c in regions["categories"]],
    )
    _sheet(
        wb.create_sheet(),
        _("建议清单"),
        [_("编号"), _("标题"), _("领衔代表"), _("类别"), _("状态"), _("重点"), _("主办单位"),
         _("答复期限")],
        [[s.number, s.title, s.lead_deputy.name, label(s.category.name), s.get_status_display(),
          _("是") if s.is_key else "", "、".join(a.unit.name for a in s.active_assignments
                                                 if a.role == "lead"), s.reply_due]
         for s in suggestions],
    )  # fmt: skip
    buffer = BytesIO()
    wb.save(buffer)
    audit.record(
        AuditLog.Action.EXPORT,
        model="suggestions.Suggestion",
        object_repr=_("%(year)s年代表建议办理情况报告") % {"year": year},
    )
    return buffer.getvalue()
