"""The common look of evaluation's workbooks (bold shaded header row, widths, frozen header);
the workbooks themselves are performance/exports.py (archive) and township/exports.py (rounds)."""

from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from congress.exports import xlsx_append, xlsx_cell

HEADER_FILL = PatternFill("solid", fgColor="F4D4D4")


def sheet(ws, title: str, headers: list[str], rows, widths: list[int]) -> None:
    ws.title = title[:31]
    xlsx_append(ws, headers)
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for row in rows:
        xlsx_append(ws, row)
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = "A2"


def header_cells(ws, values: list[str]) -> list:
    cells = []
    for value in values:
        cell = xlsx_cell(ws, value)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cells.append(cell)
    return cells


def workbook_bytes(wb: Workbook) -> bytes:
    buffer = BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
