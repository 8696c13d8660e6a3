"""The archive workbook: a region's archive entries for a year (streamed), headed in the request's
(or the job's) language."""

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from congress.exports import xlsx_append, xlsx_cell
from evaluation.exports import header_cells, workbook_bytes
from evaluation.models import ArchiveEntry

TICK_ROWS = 2000


def archive_workbook(*, region, year: int, entries, tick=None) -> bytes:
    """Streamed (write-only): a county's year is tens of thousands of rows. `tick(rows written)`
    is called every TICK_ROWS rows (a job's progress bar)."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(
        (_("%(region)s%(year)s年履职档案") % {"region": region.name, "year": year})[:31]
    )
    for i, width in enumerate([10, 14, 12, 14, 40, 6, 12, 24, 40], start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = "A2"
    xlsx_append(
        ws,
        header_cells(
            ws,
            [
                _("代表"),
                _("所属区划"),
                _("日期"),
                _("类别"),
                _("事项"),
                _("数量"),
                _("来源"),
                _("佐证材料"),
                _("详细情况"),
            ],
        ),
    )
    kinds, sources = (
        dict(ArchiveEntry._meta.get_field("kind").flatchoices),
        dict(ArchiveEntry.Source.choices),
    )
    rows = entries.values_list(
        "deputy__name",
        "deputy__region__name",
        "occurred_on",
        "kind",
        "title",
        "quantity",
        "source",
        "evidence",
        "detail",
    )
    for number, row in enumerate(rows.iterator(chunk_size=5000), 1):
        if tick is not None and number % TICK_ROWS == 0:
            tick(number)
        name, region_name, day, kind, title, quantity, source, evidence, detail = row
        date_cell = xlsx_cell(ws, day)
        date_cell.number_format = "yyyy-mm-dd"
        xlsx_append(
            ws,
            [
                name,
                region_name,
                date_cell,
                str(kinds.get(kind, kind)),
                title,
                quantity,
                str(sources.get(source, source)),
                evidence,
                detail,
            ],
        )
    return workbook_bytes(wb)
