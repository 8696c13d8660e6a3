"""The annual handling report 年度建议办理情况 as an .xlsx workbook."""

from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from congress import audit
from congress.exports import xlsx_append
from congress.models import AuditLog, User
from suggestions import selectors
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


def annual_report(*, viewer: User, year: int) -> bytes:
    units = selectors.unit_statistics(viewer=viewer, year=year)
    regions = selectors.region_statistics(viewer=viewer, year=year)
    suggestions = selectors.suggestion_list(viewer=viewer, filters={"year": year})
    classes = sorted({c for u in units for c in u["classes"]})
    wb = Workbook()
    _sheet(
        wb.active,
        "承办单位",
        ["承办单位", "交办件数", "已签收", "3个工作日内签收", "已答复", "按期答复",
         "按期答复率(%)", *[f"{c}类" for c in classes], "测评人次", "满意及基本满意", "满意率(%)"],
        [[u["unit"], u["assigned"], u["signed"], u["signed_in_time"], u["replied"],
          u["replied_on_time"], u["on_time_rate"], *[u["classes"].get(c, 0) for c in classes],
          u["rated"], u["satisfied"], u["satisfaction_rate"]] for u in units],
    )  # fmt: skip
    statuses = [v for v, _ in Status.choices if v != Status.DRAFT]
    _sheet(
        wb.create_sheet(),
        "按区划和状态",
        ["区划", "合计", *[str(Status(v).label) for v in statuses]],
        [[r["region_name"], r["total"], *[r["statuses"].get(v, 0) for v in statuses]]
         for r in regions["regions"]],
    )  # fmt: skip
    _sheet(
        wb.create_sheet(),
        "按类别",
        ["类别", "件数"],
        [[c["category"], c["count"]] for c in regions["categories"]],
    )
    _sheet(
        wb.create_sheet(),
        "建议清单",
        ["编号", "标题", "领衔代表", "类别", "状态", "重点", "主办单位", "答复期限"],
        [[s.number, s.title, s.lead_deputy.name, s.category.name, s.get_status_display(),
          "是" if s.is_key else "", "、".join(a.unit.name for a in s.active_assignments
                                              if a.role == "lead"), s.reply_due]
         for s in suggestions],
    )  # fmt: skip
    buffer = BytesIO()
    wb.save(buffer)
    audit.record(
        AuditLog.Action.EXPORT,
        model="suggestions.Suggestion",
        object_repr=f"{year}年代表建议办理情况报告",
    )
    return buffer.getvalue()
