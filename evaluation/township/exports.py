"""The workbook of a round's results: the ranking, and every score with its reason. Headers and
words are in the request's language (gettext)."""

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from congress.exports import xlsx_put
from evaluation.exports import sheet, workbook_bytes
from evaluation.models import Score


def round_workbook(*, round_, targets, indicators, scores) -> bytes:
    wb = Workbook()
    ws = wb.active
    by_key = {(s.target_id, s.indicator_id, s.stage): s for s in scores}
    headers = [_("名次"), _("评价对象"), _("总分"), _("评审得分"), _("创新加分"), _("自评得分")] + [
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
    sheet(ws, _("评价结果"), headers, rows, [6, 16, 9, 9, 9, 9] + [14] * len(indicators))
    ws.insert_rows(1)
    xlsx_put(ws, "A1", f"{round_.name}（{round_.get_status_display()}）")
    ws["A1"].font = Font(bold=True, size=14)
    ws.freeze_panes = "C3"
    detail = wb.create_sheet(_("评分明细"))
    stage_names = dict(Score.Stage.choices)
    yes, no = _("是"), _("否")
    sheet(
        detail,
        _("评分明细"),
        [
            _("评价对象"),
            _("方面"),
            _("指标"),
            _("环节"),
            _("得分"),
            _("实测值"),
            _("自动计算"),
            _("评分理由"),
            _("佐证材料"),
            _("评分人"),
        ],
        (
            [
                t.name,
                i.aspect.name,
                i.name,
                str(stage_names[s.stage]),
                float(s.value),
                float(s.measured) if s.measured is not None else None,
                yes if s.is_computed else no,
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
    return workbook_bytes(wb)
