"""The dashboard as an .xlsx report: overview, the split by region, units and classes."""

from datetime import datetime
from io import BytesIO

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from congress.exports import xlsx_append, xlsx_cell, xlsx_put

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
    title = _("统计看板")  # outside the f-string, where makemessages sees it
    xlsx_put(ws, "A1", f"{region} {title} · {period}")
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
        [_("名次"), _("承办单位"), _("交办件数"), _("答复件数"), _("按期答复率 (%)"), _("上年同期 (%)"),
         _("测评人次"), _("满意率 (%)")],
        [
            [u["rank"], u["name"], u.get("assigned", 0), u["replies"], u["on_time_rate"],
             u["on_time_rate_last"], u["ratings"], u["satisfaction_rate"]]
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


RECORD_COLUMNS = [("title", _lazy("事项"), 36), ("region", _lazy("区划"), 16), ("detail", _lazy("说明"), 48),
                  ("date", _lazy("日期"), 14), ("status", _lazy("状态"), 12)]  # fmt: skip


def records_workbook(data: dict) -> bytes:
    """The records behind a figure as the records page shows them: the title, the total and
    the filters above, then one line per record (a write-only sheet: any number of rows)."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(_("明细")[:31])
    for i, (_key, _label, width) in enumerate(RECORD_COLUMNS, 1):
        ws.column_dimensions[get_column_letter(i)].width = width
    title = xlsx_cell(ws, data["label"])
    title.font = Font(bold=True, size=14)
    xlsx_append(ws, [title])
    total = _("共 %(n)d 条") % {"n": data["total"]}
    if data["truncated"]:
        total += _("（仅导出前 %(n)d 条）") % {"n": data["limit"]}
    xlsx_append(ws, [total])
    for f in data["filters"]:
        xlsx_append(ws, [f["label"], f["value"]])
    xlsx_append(ws, [])
    header = []
    for _key, label, _width in RECORD_COLUMNS:
        cell = xlsx_cell(ws, str(label))
        cell.font, cell.fill = HEAD, FILL
        header.append(cell)
    xlsx_append(ws, header)
    for row in data["rows"]:
        xlsx_append(ws, [_day(row["date"]) if key == "date" else row[key]
                         for key, _label, _width in RECORD_COLUMNS])  # fmt: skip
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


def _day(value):
    """Dates as the portal shows them (Beijing date), also for timestamps."""
    if isinstance(value, datetime):
        return timezone.localdate(value) if timezone.is_aware(value) else value.date()
    return value
