"""Spreadsheet formula injection: user text that starts like a formula (OWASP's = + - @ tab CR,
and error values such as #N/A) is stored as a quote-prefixed text cell in every .xlsx the portal
writes, downloaded through the real endpoints; numbers and dates stay numbers and dates."""

from datetime import date
from io import BytesIO

import pytest
from django.utils import translation
from django.utils.translation import gettext_lazy
from openpyxl import Workbook, load_workbook

from congress.dashboards.services import facts_refresh
from congress.exports import xlsx_append, xlsx_cell, xlsx_put
from evaluation.models import ArchiveEntry, Aspect, EvaluationRound, Indicator, RoundTarget
from representatives.models import DeputyGroup
from suggestions.models import Suggestion, SuggestionCategory
from tests.dashboards.conftest import at, world  # noqa: F401 (fixtures)
from tests.evaluation.conftest import ningxiang_staff, ningxiang_system  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db

EVIL = {
    "title": '=HYPERLINK("http://x","点我")',
    "deputy": "=1+2",
    "category": '=cmd|" /C calc"!A0',
    "unit": "=SUM(1+9)*cmd|' /C calc'!A0",
    "workplace": "+1+1 某村",
    "post": "#N/A",
    "group": "-2+3 小组",
    "entry_title": '=HYPERLINK("http://x","档案")',
    "entry_detail": "\t=1+1",
    "entry_evidence": "\r=2+2",
    "round": "=1+1 评价",
    "aspect": "=2+2 方面",
    "indicator": "+3+3 指标",
    "reason": "@reason",
    "score_evidence": '=HYPERLINK("http://x","佐证")',
    "scorer": "-9+9 评分人",
}


@pytest.fixture
def evil(world, dongkou_unit, ningxiang_staff, ningxiang_system, client_for):  # noqa: F811
    """The same records the exports read, with formula-like text in every field a user writes."""
    deputy = world["dk"][1]
    suggestion = world["open_ok"]
    Suggestion.objects.filter(pk=suggestion.pk).update(
        title=EVIL["title"], created_at=at(2026, 1, 6)
    )
    SuggestionCategory.objects.filter(pk=suggestion.category_id).update(name=EVIL["category"])
    dongkou_unit.name = EVIL["unit"]
    dongkou_unit.save(update_fields=["name"])
    group = DeputyGroup.objects.create(
        congress=deputy.mandates.get().congress, name=EVIL["group"], region_id=deputy.region_id
    )
    deputy.mandates.update(group=group)
    deputy.name, deputy.workplace, deputy.post = EVIL["deputy"], EVIL["workplace"], EVIL["post"]
    deputy.save(update_fields=["name", "workplace", "post"])
    ArchiveEntry.objects.create(
        deputy=deputy,
        kind="inspection",
        occurred_on=date(2026, 3, 2),
        title=EVIL["entry_title"],
        detail=EVIL["entry_detail"],
        evidence=EVIL["entry_evidence"],
        quantity=2,
        source=ArchiveEntry.Source.STAFF,
    )
    facts_refresh()
    # A round of 宁乡市 scored by a staff member whose name, like the round's texts, is a formula.
    aspect = Aspect.objects.filter(system=ningxiang_system).order_by("pk").first()
    Aspect.objects.filter(pk=aspect.pk).update(name=EVIL["aspect"])
    indicator = Indicator.objects.filter(aspect=aspect, method="manual").order_by("pk").first()
    Indicator.objects.filter(pk=indicator.pk).update(name=EVIL["indicator"])
    ningxiang_staff.name = EVIL["scorer"]
    ningxiang_staff.save(update_fields=["name"])
    client = client_for(ningxiang_staff)
    response = client.post(
        "/api/v1/evaluation/rounds/",
        {"system": ningxiang_system.pk, "name": EVIL["round"], "target_codes": ["430182102"]},
        format="json",
    )
    assert response.status_code == 201, response.json()
    round_ = EvaluationRound.objects.get(pk=response.json()["id"])
    response = client.post(
        f"/api/v1/evaluation/rounds/{round_.pk}/scores/",
        {
            "target": RoundTarget.objects.get(round=round_).pk,
            "indicator": indicator.pk,
            "stage": "review",
            "value": "1",
            "reason": EVIL["reason"],
            "evidence": EVIL["score_evidence"],
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    return {"round": round_}


EXPORTS = [
    (
        "annual report",
        "dongkou_staff",
        "/api/v1/suggestions/report.xlsx?year=2026",
        ["title", "deputy", "category", "unit"],
    ),
    (
        "suggestion list",
        "dongkou_staff",
        "/api/v1/suggestions/export/?box=all",
        ["title", "deputy", "category", "unit"],
    ),
    (
        "deputy register",
        "dongkou_staff",
        "/api/v1/deputies/export/",
        ["deputy", "workplace", "post", "group"],
    ),
    ("composition statistics", "dongkou_staff", "/api/v1/deputies/statistics/export/", []),
    ("import template", "dongkou_staff", "/api/v1/deputies/import/template/", []),
    (
        "performance archive",
        "dongkou_staff",
        "/api/v1/performance/export/?region=430525&year=2026",
        ["deputy", "entry_title", "entry_detail", "entry_evidence"],
    ),
    (
        "evaluation round results",
        "ningxiang_staff",
        "/api/v1/evaluation/rounds/{round}/export/",
        ["round", "aspect", "indicator", "reason", "score_evidence", "scorer"],
    ),
    (
        "dashboard",
        "supervisor",
        "/api/v1/dashboard/export.xlsx?period=quarter&value=2026-Q1",
        ["unit"],
    ),
]


@pytest.mark.parametrize("name,who,url,fields", EXPORTS, ids=[e[0] for e in EXPORTS])
def test_every_export_stores_formula_like_user_text_as_literal_text(
    evil, request, client_for, name, who, url, fields
):
    response = client_for(request.getfixturevalue(who)).get(url.format(round=evil["round"].pk))
    assert response.status_code == 200, response.content[:300]
    workbook = load_workbook(BytesIO(response.content))
    cells = [cell for ws in workbook.worksheets for row in ws.iter_rows() for cell in row]
    assert [c.coordinate for c in cells if c.data_type in ("f", "e")] == []
    for field in fields:
        # A title cell may add to the text ("<round>（进行中）"); XML reads a bare CR as LF.
        text = EVIL[field].replace("\r", "\n")
        found = [c for c in cells if isinstance(c.value, str) and c.value.startswith(text)]
        assert found, f"{field} {EVIL[field]!r} is missing from the {name}"
        for cell in found:
            assert (cell.data_type, cell.quotePrefix) == ("s", True), (field, cell.coordinate)


def test_numbers_and_dates_stay_numbers_and_dates(evil, client_for, dongkou_staff):
    response = client_for(dongkou_staff).get("/api/v1/performance/export/?region=430525&year=2026")
    sheet = load_workbook(BytesIO(response.content)).worksheets[0]
    row = next(r for r in sheet.iter_rows(min_row=2) if r[4].value == EVIL["entry_title"])
    assert row[2].is_date and row[2].value.date() == date(2026, 3, 2)
    assert (row[5].data_type, row[5].value, row[5].quotePrefix) == ("n", 2, False)
    assert (row[1].data_type, row[1].quotePrefix) == ("s", False)  # plain text stays plain


def test_the_helper_drops_characters_a_worksheet_cannot_hold_and_leaves_plain_text_alone():
    for write_only in (False, True):
        wb = Workbook(write_only=write_only)
        ws = wb.create_sheet("s")
        header = xlsx_cell(ws, "=标题")
        xlsx_append(ws, [header, "备注\x01\x02", "-", 3, date(2026, 1, 2), None, "普通"])
        if not write_only:
            xlsx_put(ws, "A3", "=A1")
        buffer = BytesIO()
        wb.save(buffer)
        sheet = load_workbook(buffer)["s"]
        assert [c.value for c in sheet[1]][:4] == ["=标题", "备注", "-", 3]
        assert [c.data_type for c in sheet[1]][:3] == ["s", "s", "s"]
        assert sheet["G1"].quotePrefix is False and sheet["D1"].data_type == "n"
        if not write_only:
            assert (sheet["A3"].value, sheet["A3"].data_type) == ("=A1", "s")


def test_a_lazy_translation_is_written_as_text_in_the_active_language():

    ws = Workbook().active
    with translation.override("en"):
        xlsx_append(ws, [gettext_lazy("在任"), 3])  # openpyxl refused the lazy object before
        expected = str(gettext_lazy("在任"))
    assert ws.cell(1, 1).value == expected
    assert type(ws.cell(1, 1).value) is str
