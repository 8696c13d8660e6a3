"""The archive: staff entries, reports to voters, the deputy's own view, scope and export."""

from datetime import date
from io import BytesIO

import pytest
from openpyxl import load_workbook

from congress import exports as congress_exports
from congress.models import AuditLog
from evaluation.models import ArchiveEntry, VoterReport
from evaluation.performance import points, publication, voter_reports
from tests.evaluation.conftest import entry, make_deputy

pytestmark = pytest.mark.django_db

ENTRIES = "/api/v1/performance/entries/"


def test_a_deputy_sees_their_own_archive_and_points_only(
    client_for, wang, deputy_user, dongkou_rules
):
    other = make_deputy("李四")
    entry(wang, "inspection", date(2026, 5, 10))
    entry(other, "inspection", date(2026, 5, 10))
    points.points_recompute(rule_set=dongkou_rules)
    client = client_for(deputy_user)
    mine = client.get("/api/v1/performance/me/?year=2026").json()
    assert mine["deputy"]["name"] == "王秀英"
    assert [e["deputy_name"] for e in mine["entries"]] == ["王秀英"]
    assert mine["points"]["total"] == 3.0
    publication.points_publish(actor=None, rule_set=dongkou_rules, quarter=2)
    published = client.get("/api/v1/performance/me/?year=2026").json()["points"]["published"]
    assert published == [{"quarter": 2, "total": 3.0, "rank": 1}]
    listed = client.get(ENTRIES).json()
    assert [e["deputy_name"] for e in listed["results"]] == ["王秀英"]
    assert client.get(f"/api/v1/performance/deputies/{other.pk}/").status_code == 404
    assert client.get(f"/performance/archive/{other.pk}/print/").status_code == 404
    assert (
        client.post(
            ENTRIES,
            {"deputy": wang.pk, "kind": "award", "occurred_on": "2026-01-01", "title": "自评"},
            format="json",
        ).status_code
        == 403
    )


def test_staff_of_another_county_get_404_for_a_deputy_and_an_entry(client_for, linwu_staff, wang):
    row = entry(wang, "training", date(2026, 3, 1))
    client = client_for(linwu_staff)
    assert client.get(f"/api/v1/performance/deputies/{wang.pk}/").status_code == 404
    assert client.get(f"{ENTRIES}{row.pk}/").status_code == 404
    assert client.delete(f"{ENTRIES}{row.pk}/").status_code == 404
    response = client.post(
        ENTRIES,
        {"deputy": wang.pk, "kind": "award", "occurred_on": "2026-01-01", "title": "优秀代表"},
        format="json",
    )
    assert response.status_code == 404
    assert ArchiveEntry.objects.count() == 1


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        ({"title": ""}, "title", "请填写此项"),
        ({"kind": "suggestion_led"}, "kind", "该类别由平台自动汇集"),
        ({"occurred_on": "2999-01-01"}, "occurred_on", "日期不能晚于今天"),
        ({"quantity": 0}, "quantity", "1"),
    ],
)
def test_bad_entries_give_400_in_chinese_and_store_nothing(
    client_for, dongkou_staff, wang, body, field, message
):
    data = {
        "deputy": wang.pk,
        "kind": "inspection",
        "occurred_on": "2026-04-01",
        "title": "视察",
        **body,
    }
    response = client_for(dongkou_staff).post(ENTRIES, data, format="json")
    assert response.status_code == 400
    assert message in response.json()["fields"][field][0]
    assert not ArchiveEntry.objects.exists()


def test_gathered_entries_cannot_be_edited_by_hand(client_for, dongkou_staff, wang):
    row = entry(wang, "station_visit", date(2026, 3, 6), source="portal", key="visit:1")
    client = client_for(dongkou_staff)
    assert client.patch(f"{ENTRIES}{row.pk}/", {"title": "改"}, format="json").status_code == 409
    assert client.delete(f"{ENTRIES}{row.pk}/").status_code == 409
    assert ArchiveEntry.objects.get(pk=row.pk).title != "改"


def test_a_report_to_voters_enters_the_archive_with_the_voters_rating(
    client_for, deputy_user, wang, dongkou_staff
):
    response = client_for(deputy_user).post(
        "/api/v1/performance/voter-reports/",
        {
            "reported_on": "2026-06-18",
            "audience": "文昌街道选民代表",
            "attendance": 52,
            "content": "一年来，我围绕乡村振兴提出建议3件……",
            "satisfied": 40,
            "basically_satisfied": 10,
            "dissatisfied": 2,
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["satisfaction_rate"] == "0.9615"
    # The voters' tally counts once staff approve it (test_voter_report_review.py).
    assert not ArchiveEntry.objects.filter(deputy=wang).exists()
    approve = f"/api/v1/performance/voter-reports/{response.json()['id']}/approve/"
    assert client_for(dongkou_staff).post(approve).status_code == 200
    row = ArchiveEntry.objects.get(deputy=wang, kind="report_to_voters")
    assert row.source == "report" and "满意40" in row.detail
    mine = client_for(deputy_user).get("/api/v1/performance/me/?year=2026").json()
    assert mine["reports"][0]["audience"] == "文昌街道选民代表"


def test_a_report_with_more_votes_than_people_is_refused(client_for, dongkou_staff, wang):
    response = client_for(dongkou_staff).post(
        "/api/v1/performance/voter-reports/",
        {
            "deputy": wang.pk,
            "reported_on": "2026-06-18",
            "audience": "选民",
            "attendance": 10,
            "content": "述职",
            "satisfied": 11,
        },
        format="json",
    )
    assert response.status_code == 400
    assert "测评票数合计不能超过参加人数" in response.json()["fields"]["satisfied"][0]
    assert not VoterReport.objects.exists() and not ArchiveEntry.objects.exists()


def test_the_region_export_holds_the_years_entries(client_for, dongkou_staff, wang, linwu_deputy):
    entry(wang, "research", date(2026, 4, 2))
    entry(linwu_deputy, "research", date(2026, 4, 2))
    response = client_for(dongkou_staff).get("/api/v1/performance/export/?region=430525&year=2026")
    assert response.status_code == 200
    rows = list(
        load_workbook(BytesIO(response.content)).active.iter_rows(min_row=2, values_only=True)
    )
    assert [(r[0], r[3]) for r in rows] == [("王秀英", "调研")]
    assert (
        client_for(dongkou_staff).get("/api/v1/performance/export/?region=431025").status_code
        == 404
    )


def test_a_direct_archive_download_above_the_limit_is_a_400_naming_the_job(
    client_for, dongkou_staff, wang, monkeypatch
):
    for day in (2, 3):
        entry(wang, "research", date(2026, 4, day))
    monkeypatch.setattr(congress_exports, "SYNC_MAX_ROWS", 1)
    response = client_for(dongkou_staff).get("/api/v1/performance/export/?region=430525&year=2026")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "export_too_large" and "archive_export" in body["message"]
    assert not AuditLog.objects.filter(action=AuditLog.Action.EXPORT).exists()


def test_the_entry_list_query_count_does_not_grow(
    client_for, dongkou_staff, wang, django_assert_max_num_queries
):
    for day in range(1, 26):
        entry(wang, "training", date(2026, 1, day))
    client = client_for(dongkou_staff)
    with django_assert_max_num_queries(8):
        client.get(f"{ENTRIES}?page_size=2")
    with django_assert_max_num_queries(8):
        assert len(client.get(f"{ENTRIES}?page_size=100").json()["results"]) == 25


def test_the_print_page_hands_the_term_archive_to_its_component(client, dongkou_staff, wang):
    entry(wang, "inspection", date(2026, 5, 10))
    client.force_login(dongkou_staff)
    response = client.get(f"/performance/archive/{wang.pk}/print/")
    assert response.context["page_component"] == "evaluation/ArchivePrint"
    assert response.context["bare"] is True
    props = response.context["page_props"]
    assert props["deputy"]["name"] == "王秀英"
    assert [e["kind_display"] for e in props["entries"]] == ["视察"]
    assert props["counts"] == [{"label": "视察", "count": 1}]
    assert props["term"]["label"].startswith("洞口县人民代表大会")


def test_the_report_and_rule_set_lists_keep_their_query_count(
    client_for, dongkou_staff, wang, dongkou_rules, django_assert_max_num_queries
):
    for i in range(6):
        voter_reports.voter_report_create(
            actor=dongkou_staff,
            deputy=wang,
            reported_on=date(2026, 6, 1 + i),
            audience="选民",
            attendance=20,
            content="述职",
            satisfied=10,
        )
    client = client_for(dongkou_staff)
    for url in ("/api/v1/performance/voter-reports/", "/api/v1/performance/rule-sets/"):
        with django_assert_max_num_queries(8):
            client.get(url + "?page_size=1")
        with django_assert_max_num_queries(8):
            client.get(url + "?page_size=100")
    assert client_for(dongkou_staff).get("/api/v1/performance/voter-reports/").json()["count"] == 6
