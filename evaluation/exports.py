"""Excel workbooks: a region's archive for a year, and a round's results table."""

from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from congress.exports import xlsx_append, xlsx_cell, xlsx_put
from evaluation.models import ArchiveEntry

HEADER_FILL = PatternFill("solid", fgColor="F4D4D4")


def _sheet(ws, title: str, headers: list[str], rows, widths: list[int]) -> None:
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


def _header(ws, values: list[str]) -> list:
    cells = []
    for value in values:
        cell = xlsx_cell(ws, value)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cells.append(cell)
    return cells


def _bytes(wb: Workbook) -> bytes:
    buffer = BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def archive_workbook(*, region, year: int, entries) -> bytes:
    """Streamed (write-only): a county's year is tens of thousands of rows."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(f"{region.name}{year}年履职档案"[:31])
    for i, width in enumerate([10, 14, 12, 14, 40, 6, 12, 24, 40], start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = "A2"
    xlsx_append(
        ws,
        _header(
            ws, ["代表", "所属区划", "日期", "类别", "事项", "数量", "来源", "佐证材料", "详细情况"]
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
    for name, region_name, day, kind, title, quantity, source, evidence, detail in rows.iterator(
        chunk_size=5000
    ):
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
    return _bytes(wb)


def round_workbook(*, round_, targets, indicators, scores) -> bytes:
    wb = Workbook()
    ws = wb.active
    by_key = {(s.target_id, s.indicator_id, s.stage): s for s in scores}
    headers = ["名次", "评价对象", "总分", "评审得分", "创新加分", "自评得分"] + [
        f"{i.aspect.name}｜{i.name}（{i.max_score:g}）" for i in indicators
    ]
    rows = []
    for t in targets:
        row = [
            t.rank,
            t.name,
            float(t.final_total),
            float(t.review_total),
            float(t.bonus),
            float(t.self_total),
        ]
        for i in indicators:
            score = by_key.get((t.pk, i.pk, "review"))
            row.append(float(score.value) if score else None)
        rows.append(row)
    _sheet(ws, "评价结果", headers, rows, [6, 16, 9, 9, 9, 9] + [14] * len(indicators))
    ws.insert_rows(1)
    xlsx_put(ws, "A1", f"{round_.name}（{round_.get_status_display()}）")
    ws["A1"].font = Font(bold=True, size=14)
    ws.freeze_panes = "C3"
    detail = wb.create_sheet("评分明细")
    stage_names = {"self": "自评", "review": "评审"}
    _sheet(
        detail,
        "评分明细",
        [
            "评价对象",
            "方面",
            "指标",
            "环节",
            "得分",
            "实测值",
            "自动计算",
            "评分理由",
            "佐证材料",
            "评分人",
        ],
        (
            [
                t.name,
                i.aspect.name,
                i.name,
                stage_names[s.stage],
                float(s.value),
                float(s.measured) if s.measured is not None else None,
                "是" if s.is_computed else "否",
                s.reason,
                s.evidence,
                s.scored_by.display_name if s.scored_by_id else "",
            ]
            for t in targets
            for i in indicators
            for s in [by_key.get((t.pk, i.pk, "self")), by_key.get((t.pk, i.pk, "review"))]
            if s is not None
        ),
        [16, 16, 28, 6, 8, 10, 8, 40, 30, 10],
    )
    return _bytes(wb)
