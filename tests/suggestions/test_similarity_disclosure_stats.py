"""Similar earlier suggestions, redaction for publication, statistics and the xlsx report."""

from datetime import datetime
from io import BytesIO
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from suggestions.disclosure import redact
from suggestions.models import Status, Suggestion
from suggestions.services.drafting import suggestion_create
from suggestions.similarity import rank

pytestmark = pytest.mark.django_db


def test_similarity_ranks_a_reworded_chinese_text_above_an_unrelated_one():
    docs = [
        (1, "关于加快高沙镇集镇污水管网建设的建议 集镇生活污水直排河道，建议建设污水处理设施"),
        (2, "关于提高农村高龄老人补贴的建议 八十岁以上老人补贴标准偏低"),
        (3, "关于拓宽县城至黄桥镇公路的建议 公路狭窄弯道多"),
    ]
    ranked = rank("高沙镇生活污水处理和管网改造 污水直接排入河道", docs)
    assert ranked[0][0] == 1 and all(pk != 2 for pk, _ in ranked)


def test_submission_shows_up_to_five_similar_earlier_suggestions_of_the_same_region(
    walk, client_for, lead, linwu_deputy, category
):
    for i in range(7):
        walk(Status.ACCEPTED, title=f"关于改善高沙镇中心小学校舍条件的建议（{i}）")
    walk(Status.ACCEPTED, title="关于提高农村高龄老人补贴的建议", body="老人补贴标准偏低。")
    suggestion_create(
        author=linwu_deputy, title="关于改善临武县中心小学校舍的建议",
        body="校舍开裂，建议改造。", category_id=category.pk,
    )  # fmt: skip
    draft = walk(
        Status.DRAFT, title="高沙镇中心小学校舍需要改造", body="教学楼墙体开裂，建议维修改造校舍。"
    )
    r = client_for(lead).post(f"/api/v1/suggestions/{draft.pk}/submit/", {}, format="json")
    similar = r.json()["similar"]
    assert 1 <= len(similar) <= 5
    assert all("高沙镇中心小学" in s["title"] for s in similar)
    detail = client_for(lead).get(f"/api/v1/suggestions/{draft.pk}/").json()
    assert [s["id"] for s in detail["similar"]] == [s["id"] for s in similar]


def test_a_similar_suggestion_shows_the_year_it_was_made_in_beijing(walk, client_for, lead):
    earlier = walk(Status.ACCEPTED)
    # 00:30 on 1 January 2027 in Beijing is still 2026 in UTC.
    Suggestion.objects.filter(pk=earlier.pk).update(
        created_at=datetime(2027, 1, 1, 0, 30, tzinfo=ZoneInfo("Asia/Shanghai"))
    )
    draft = walk(Status.DRAFT)
    Suggestion.objects.filter(pk=draft.pk).update(similar_ids=[earlier.pk])
    detail = client_for(lead).get(f"/api/v1/suggestions/{draft.pk}/").json()
    assert [(s["id"], s["year"]) for s in detail["similar"]] == [(earlier.pk, 2027)]


def test_redaction_removes_phones_id_numbers_and_named_private_persons():
    text = ("村民张三丰反映道路积水，联系电话13812345678，座机0739-7221234，身份证号"
            "430525198001011234。群众李四等人同意。经办人王五。投资350万元。")  # fmt: skip
    out = redact(text, names=["王五"])
    for secret in ("13812345678", "7221234", "430525198001011234", "张三丰", "李四", "王五"):
        assert secret not in out
    assert "村民张某某" in out and "群众李某" in out and "王某" in out and "350万元" in out


def test_unit_statistics_count_signing_on_time_replies_classes_and_satisfaction(
    walk, client_for, dongkou_staff, linwu_staff
):
    walk(Status.CLOSED, result_class="A")
    walk(Status.REHANDLING, result_class="B")
    walk(Status.SIGNED)
    rows = client_for(dongkou_staff).get("/api/v1/suggestions/stats/units/").json()
    [row] = rows
    assert row["unit"] == "洞口县教育局" and row["assigned"] == 3 and row["signed_in_time"] == 3
    assert row["replied"] == 2 and row["on_time_rate"] == 100.0
    assert row["classes"] == {"A": 1, "B": 1}
    assert row["rated"] == 2 and row["satisfaction_rate"] == 50.0
    assert client_for(linwu_staff).get("/api/v1/suggestions/stats/units/").json() == []
    regions = client_for(dongkou_staff).get("/api/v1/suggestions/stats/regions/").json()
    assert regions["regions"][0]["total"] == 3 and regions["categories"][0]["count"] == 3


def test_the_annual_report_is_an_xlsx_with_units_regions_categories_and_the_list(
    walk, client_for, dongkou_staff, supervisor, unit_user
):
    walk(Status.CLOSED, result_class="A")
    year = timezone.localdate(walk(Status.SIGNED).assigned_at).year  # Beijing's year, not UTC's
    r = client_for(supervisor).get(f"/api/v1/suggestions/report.xlsx?year={year}")
    assert r.status_code == 200 and "attachment" in r["Content-Disposition"]
    wb = load_workbook(BytesIO(r.content))
    assert wb.sheetnames == ["承办单位", "按区划和状态", "按类别", "建议清单"]
    assert wb["承办单位"]["A2"].value == "洞口县教育局"
    assert wb["建议清单"].max_row == 3
    assert client_for(unit_user).get("/api/v1/suggestions/report.xlsx").status_code == 403


def test_pages_open_for_their_roles_and_the_public_page_needs_no_login(
    client_for, lead, dongkou_staff, unit_user, supervisor
):
    assert client_for(lead).get("/suggestions/").status_code == 200
    assert client_for(dongkou_staff).get("/suggestions/board/").status_code == 200
    assert client_for(supervisor).get("/suggestions/stats/").status_code == 200
    assert client_for(unit_user).get("/suggestions/inbox/").status_code == 200
    assert client_for(unit_user).get("/suggestions/board/").status_code == 403
    assert client_for(None).get("/suggestions/board/").status_code == 302
    assert client_for(None).get("/public/replies/").status_code == 200
