"""The dashboard as an .xlsx report: overview, the split by region, units and classes."""

from io import BytesIO

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

from congress.exports import xlsx_append, xlsx_put

HEAD = Font(bold=True, color="FFFFFF")
FILL = PatternFill("solid", fgColor="8F1D22")


def _sheet(wb, title, header, rows, first=False):
    ws = wb.active if first else wb.create_sheet()
    ws.title = title
    xlsx_append(ws, header)
    for cell in ws[1]:
        cell.font, cell.fill = HEAD, FILL
        cell.alignment = Alignment(horizontal="center")
    for row in rows:
        xlsx_append(ws, row)
    for i, _h in enumerate(header, 1):
        ws.column_dimensions[ws.cell(1, i).column_letter].width = 18 if i > 1 else 26
    ws.freeze_panes = "B2"
    return ws


def workbook(data: dict) -> bytes:
    wb = Workbook()
    region, period = data["region"]["name"], data["period"]["label"]
    ws = _sheet(
        wb,
        _("概览"),
        [_("指标"), period, _("上年同期"), _("同比"), _("单位"), _("说明")],
        [
            [f["label"], f["value"], f["last"], f["change"], f["unit"], f["note"]]
            for f in data["figures"]
        ],
        first=True,
    )
    ws.insert_rows(1)
    xlsx_put(ws, "A1", f"{region} {_('统计看板')} · {period}")
    ws["A1"].font = Font(bold=True, size=14)
    columns = data["breakdown_columns"]
    _sheet(
        wb,
        _("分地区"),
        [_("区划")] + [c["label"] + (" (%)" if c["unit"] == "%" else "") for c in columns],
        [[r["name"]] + [r["values"].get(c["key"]) for c in columns] for r in data["breakdown"]],
    )
    panels = data["panels"]
    _sheet(
        wb,
        _("承办单位"),
        [_("名次"), _("承办单位"), _("答复件数"), _("按期答复率 (%)"), _("上年同期 (%)"), _("测评数"), _("满意率 (%)")],
        [
            [u["rank"], u["name"], u["replies"], u["on_time_rate"], u["on_time_rate_last"],
             u["ratings"], u["satisfaction_rate"]]
            for u in panels.get("units", [])
        ],
    )  # fmt: skip
    _sheet(
        wb,
        _("建议状态与答复类别"),
        [_("项目"), period, _("上年同期")],
        [[s["label"], s["value"], s["last"]] for s in panels.get("suggestion_statuses", [])]
        + [[c["label"], c["value"], c["last"]] for c in panels.get("reply_classes", [])],
    )
    out = BytesIO()
    wb.save(out)
    return out.getvalue()
