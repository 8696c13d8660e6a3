"""The board's filters (unit, key, session, deadline, status, category, year), the export of
what it shows, the filter options, and the labels the pages show in the viewer's language."""

from datetime import date
from io import BytesIO

import pytest
from django.utils import translation
from openpyxl import load_workbook

from congress.models import AuditLog, HandlingUnit, Session
from suggestions import report
from suggestions.exports import headers
from suggestions.models import Status, Suggestion
from tests.clock import frozen
from tests.conftest import DONGKOU, LINWU

pytestmark = pytest.mark.django_db

LIST, EXPORT, FILTERS = (
    "/api/v1/suggestions/",
    "/api/v1/suggestions/export/",
    "/api/v1/suggestions/filters/",
)


def ids(client, **params):
    r = client.get(LIST, params)
    assert r.status_code == 200, r.json()
    return {row["id"] for row in r.json()["results"]}


@pytest.fixture
def three(walk, other_unit_user):
    """A key suggestion with the education bureau, one with the transport bureau as co-unit,
    and one under review, filed at the 5th session."""
    with frozen():
        handled = walk(Status.SIGNED, title="关于改善中心小学校舍的建议")
        co = walk(Status.ASSIGNED, title="关于整治乡村道路的建议", co_units=[other_unit_user])
        review = walk(Status.SUBMITTED, title="关于增设公交线路的建议")
    Suggestion.objects.filter(pk=handled.pk).update(is_key=True, reply_due=date(2027, 3, 1))
    Suggestion.objects.filter(pk=co.pk).update(reply_due=date(2027, 6, 30))
    session = Session.objects.get(term__congress__region_id=DONGKOU, number=5)
    Suggestion.objects.filter(pk=review.pk).update(session=session, period="session")
    return handled, co, review, session


def test_each_filter_narrows_the_board(
    three, client_for, dongkou_staff, other_unit_user, unit_user
):
    handled, co, review, session = three
    client = client_for(dongkou_staff)
    assert ids(client, box="all") == {handled.pk, co.pk, review.pk}
    assert ids(client, box="all", unit=unit_user.handling_unit_id) == {handled.pk, co.pk}
    assert ids(client, box="all", unit=other_unit_user.handling_unit_id) == {co.pk}
    assert ids(client, box="all", key="true") == {handled.pk}
    assert ids(client, box="all", key="false") == {co.pk, review.pk}
    assert ids(client, box="all", session=session.pk) == {review.pk}
    assert ids(client, box="all", due_from="2027-01-01", due_to="2027-03-31") == {handled.pk}
    assert ids(client, box="all", due_from="2027-04-01") == {co.pk}
    assert ids(client, status=Status.SUBMITTED) == {review.pk}
    assert ids(client, box="all", year=2026) == {handled.pk, co.pk, review.pk}
    assert ids(client, box="all", year=2025) == set()


def test_a_unit_of_another_county_is_a_404_like_an_unknown_one(three, client_for, dongkou_staff):
    foreign = HandlingUnit.objects.create(name="临武县教育局", region_id=LINWU)
    client = client_for(dongkou_staff)
    for unit in (foreign.pk, 99999999):
        for url in (LIST, EXPORT):
            assert client.get(url, {"unit": unit}).status_code == 404, (url, unit)


@pytest.mark.parametrize(
    "name, value, message",
    [
        ("due_from", "2026-13-01", "请填写日期"),
        ("due_to", "明天", "请填写日期"),
        ("key", "maybe", "true 或 false"),
        ("unit", "教育局", "正整数"),
        ("session", "-1", "正整数"),
        ("box", "everything", "请从列表中选择"),
    ],
)
def test_a_bad_filter_is_a_400_on_that_parameter_and_exports_nothing(
    three, client_for, dongkou_staff, name, value, message
):
    client = client_for(dongkou_staff)
    before = AuditLog.objects.count()
    for url in (LIST, EXPORT):
        r = client.get(url, {name: value})
        assert r.status_code == 400, url
        assert message in r.json()["fields"][name][0]
    assert AuditLog.objects.count() == before


def test_the_export_holds_what_the_board_shows_and_is_audited(three, client_for, dongkou_staff):
    handled, co, _review, _session = three
    client = client_for(dongkou_staff)
    r = client.get(EXPORT, {"box": "handling", "page": 2})
    assert r.status_code == 200
    assert "attachment" in r["Content-Disposition"]
    ws = load_workbook(BytesIO(r.content)).active
    rows = list(ws.values)
    assert list(rows[0]) == headers()
    titles = {row[1] for row in rows[1:]}
    assert titles == {handled.title, co.title}  # every row of the filter, not one page
    units = {row[1]: row[9] for row in rows[1:]}
    assert units[co.title] == "洞口县教育局（主办）、洞口县交通运输局（协办）"
    log = AuditLog.objects.filter(action=AuditLog.Action.EXPORT).latest("id")
    assert log.model == "suggestions.Suggestion" and log.after == {"box": "handling"}


def test_only_staff_and_leaders_export_and_another_county_exports_none_of_ours(
    three, client_for, linwu_staff, unit_user, lead, supervisor
):
    for user in (unit_user, lead):
        assert client_for(user).get(EXPORT).status_code == 403
        assert client_for(user).get(FILTERS).status_code == 403
    assert client_for(supervisor).get(EXPORT, {"box": "all"}).status_code == 200
    rows = list(
        load_workbook(
            BytesIO(client_for(linwu_staff).get(EXPORT, {"box": "all"}).content)
        ).active.values
    )
    assert len(rows) == 1  # the headers only


def test_the_filter_options_are_the_units_and_sessions_of_the_viewers_region(
    three, client_for, dongkou_staff, linwu_staff, linwu_term
):
    HandlingUnit.objects.create(name="临武县教育局", region_id=LINWU)
    mine = client_for(dongkou_staff).get(FILTERS).json()
    assert {u["name"] for u in mine["units"]} == {"洞口县教育局", "洞口县交通运输局"}
    assert [s["id"] for s in mine["sessions"]] == [three[3].pk]
    theirs = client_for(linwu_staff).get(FILTERS).json()
    assert {u["name"] for u in theirs["units"]} == {"临武县教育局"}
    assert three[3].pk not in {s["id"] for s in theirs["sessions"]}


def test_the_filtered_list_query_count_does_not_grow_with_the_rows(
    walk, client_for, dongkou_staff, unit_user, django_assert_max_num_queries
):
    walk(Status.ASSIGNED)
    client = client_for(dongkou_staff)
    params = {
        "box": "all",
        "unit": unit_user.handling_unit_id,
        "key": "false",
        "due_from": "2026-01-01",
    }
    with django_assert_max_num_queries(9):
        small = client.get(LIST, params)
    for _ in range(4):
        walk(Status.SIGNED)
    with django_assert_max_num_queries(9):
        big = client.get(LIST, {**params, "page_size": 50})
    assert small.json()["count"] == 1 and big.json()["count"] == 5


def test_all_is_a_box_of_its_own_so_the_address_keeps_it(three, client_for, dongkou_staff):
    client = client_for(dongkou_staff)
    assert ids(client, box="all") == ids(client)


def test_labels_and_export_headers_follow_the_viewers_language(three, client_for, dongkou_staff):
    client = client_for(dongkou_staff)
    client.cookies["django_language"] = "en"  # the language the user chose
    row = client.get(LIST, {"box": "review"}).json()["results"][0]
    assert row["status_display"] == "To review"
    regions = client.get("/api/v1/suggestions/stats/regions/").json()
    assert regions["status_labels"]["submitted"] == "To review"
    assert {"id", "category", "count"} <= set(regions["categories"][0])
    ws = load_workbook(BytesIO(client.get(EXPORT).content)).active
    assert list(next(ws.values))[:3] == ["Number", "Title", "Lead deputy"]
    with translation.override("en"):
        content = report.annual_report(viewer=dongkou_staff, year=2026)
        assert report.report_filename(2026) == translation.gettext(
            "%(year)s年代表建议办理情况.xlsx"
        ) % {"year": 2026}
    book = load_workbook(BytesIO(content))
    assert book.sheetnames[0] == "Handling unit"
    assert list(next(book.worksheets[0].values))[:2] == ["Handling unit", "Assigned"]
