"""The annual report of 备案审查 (年度备案审查工作情况): per region of the viewer's scope (a county's
own departments and each township; a city's counties), documents filed and on time, reviews
concluded by result, the correction rate and the corrections completed, by the definitions of
filings/figures.py, and its workbook."""

import datetime as dt
from io import BytesIO

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from openpyxl import Workbook

from congress.exports import xlsx_append
from congress.models import Region, User
from filings import figures
from filings.models import CORRECTION_RESULTS, Result, Review
from filings.selectors import filings_visible

COLUMNS = [
    ("filed", _l("报备件数")), ("on_time", _l("按期报备")), ("late", _l("逾期报备")),
    ("on_time_rate", _l("按期报备率(%)")), ("interventions", _l("提前介入")),
    ("concluded", _l("审查办结")), ("no_problem", _l("未发现问题")), ("suggest", _l("建议纠正")),
    ("required", _l("应当纠正")), ("correction_rate", _l("纠错率(%)")),
    ("corrected", _l("纠正到位")),
]  # fmt: skip
GROUP_LENGTH = {0: 4, 2: 4, 4: 6, 6: 9, 9: 9}


def _empty() -> dict:
    return {key: 0 for key, _label in COLUMNS}


def _rates(row: dict) -> dict:
    row["on_time_rate"] = round(row["on_time"] * 100 / row["filed"], 1) if row["filed"] else None
    row["correction_rate"] = figures.correction_rate({r: row[r] for r in Result.values})
    return row


def annual_report(*, viewer: User, region: str, year: int) -> dict:
    """{year, region, rows: [{code, name, ...counts}], total}; `region` is already in scope."""
    start, end = dt.date(year, 1, 1), dt.date(year + 1, 1, 1)
    length = GROUP_LENGTH.get(len(region), 9)
    qs = filings_visible(viewer).filter(region__code__startswith=region)
    rows: dict[str, dict] = {}

    def add(code: str, key: str, n: int = 1):
        rows.setdefault(code[:length], _empty())[key] += n

    for code, late in (
        figures.filed(start, end).filter(pk__in=qs.values("pk")).values_list("region_id", "late")
    ):
        add(code, "filed")
        add(code, "late" if late else "on_time")
    for code, result in (
        figures.concluded(start, end)
        .filter(pk__in=qs.values("pk"))
        .values_list("region_id", "result")
    ):
        add(code, "concluded")
        add(code, result)
    done = qs.filter(closed_on__gte=start, closed_on__lt=end, result__in=list(CORRECTION_RESULTS))
    for code in done.values_list("region_id", flat=True):
        add(code, "corrected")
    drafts = Review.objects.filter(
        Q(concluded_at__year=year), stage=Review.Stage.DRAFT, filing__in=qs
    ).values_list("filing__region_id", flat=True)
    for code in drafts:
        add(code, "interventions")
    names = dict(Region.objects.filter(code__in=rows).values_list("code", "name"))
    out = [
        {"code": code, "name": names.get(code, code), **_rates(row)}
        for code, row in sorted(rows.items())
    ]
    total = _empty()
    for row in out:
        for key, _label in COLUMNS:
            if key not in ("on_time_rate", "correction_rate"):
                total[key] += row[key]
    return {"year": year, "region": region, "rows": out, "total": _rates(total)}


def report_workbook(report: dict, region_name: str) -> bytes:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(_("备案审查年度报告"))
    title = _("%(region)s%(year)s年规范性文件备案审查情况") % {
        "region": region_name,
        "year": report["year"],
    }
    xlsx_append(ws, [title])
    xlsx_append(ws, [_("区划"), *[str(label) for _key, label in COLUMNS]])
    for row in [*report["rows"], {**report["total"], "name": _("合计")}]:
        xlsx_append(ws, [row["name"], *[row[key] for key, _label in COLUMNS]])
    out = BytesIO()
    wb.save(out)
    return out.getvalue()
