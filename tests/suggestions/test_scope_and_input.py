"""Who sees what (404 outside scope), and bad input that stores nothing."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from congress.models import AuditLog
from suggestions.models import Attachment, CoSigner, Status, Suggestion
from suggestions.services import attachments
from tests.conftest import DONGKOU, LINWU

pytestmark = pytest.mark.django_db


def ids(client, url="/api/v1/suggestions/"):
    r = client.get(url)
    assert r.status_code == 200
    return {row["id"] for row in r.json()["results"]}


def test_staff_see_their_county_and_the_city_above_sees_it_too_but_not_another_county(
    walk, client_for, dongkou_staff, shaoyang_staff, linwu_staff
):
    s = walk(Status.SUBMITTED)
    assert ids(client_for(dongkou_staff)) == {s.pk}
    assert ids(client_for(shaoyang_staff)) == {s.pk}
    assert ids(client_for(linwu_staff)) == set()
    assert client_for(linwu_staff).get(f"/api/v1/suggestions/{s.pk}/").status_code == 404
    r = client_for(linwu_staff).post(f"/api/v1/suggestions/{s.pk}/accept/", {}, format="json")
    assert r.status_code == 404


def test_the_page_of_another_countys_suggestion_is_the_404_page_like_a_missing_one(
    walk, client, dongkou_staff, linwu_staff
):
    s = walk(Status.SUBMITTED)
    client.force_login(dongkou_staff)
    assert client.get(f"/suggestions/{s.pk}/").status_code == 200
    client.force_login(linwu_staff)
    other, missing = client.get(f"/suggestions/{s.pk}/"), client.get("/suggestions/99999999/")
    assert other.status_code == missing.status_code == 404
    assert same_page(other) == same_page(missing)


def same_page(response) -> str:
    """The page without what differs on every response (the CSRF token) or names the address
    asked for (the language form's way back)."""
    text = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", response.content.decode())
    return re.sub(r'name="next" value="[^"]*"', "", text)


def test_a_region_filter_outside_the_viewers_scope_is_a_404_like_an_unknown_region(
    walk, client_for, dongkou_staff, shaoyang_staff
):
    s = walk(Status.SUBMITTED)
    assert ids(client_for(shaoyang_staff), f"/api/v1/suggestions/?region={DONGKOU}") == {s.pk}
    for code in (LINWU, "439999"):
        r = client_for(dongkou_staff).get(f"/api/v1/suggestions/?region={code}")
        assert r.status_code == 404, code


def test_staff_do_not_see_drafts(walk, client_for, dongkou_staff):
    s = walk(Status.DRAFT)
    assert client_for(dongkou_staff).get(f"/api/v1/suggestions/{s.pk}/").status_code == 404


def test_a_unit_sees_only_suggestions_assigned_to_it(walk, client_for, unit_user, other_unit_user):
    assigned = walk(Status.ASSIGNED)
    walk(Status.ACCEPTED)
    assert ids(client_for(unit_user)) == {assigned.pk}
    assert ids(client_for(other_unit_user)) == set()
    assert client_for(other_unit_user).get(f"/api/v1/suggestions/{assigned.pk}/").status_code == 404


def test_a_deputy_sees_their_own_and_co_signed_but_not_others(
    walk, client_for, lead, cosigner, linwu_deputy, outsider
):
    s = walk(Status.DRAFT, cosigners=[cosigner], confirm=False)
    assert ids(client_for(lead)) == {s.pk}
    [row] = client_for(cosigner).get("/api/v1/suggestions/").json()["results"]
    assert row["to_confirm"] is True
    assert ids(client_for(cosigner)) == {s.pk}
    assert ids(client_for(linwu_deputy)) == set()
    assert client_for(linwu_deputy).get(f"/api/v1/suggestions/{s.pk}/").status_code == 404
    assert client_for(outsider).get(f"/api/v1/suggestions/{s.pk}/").status_code in (403, 404)
    assert client_for(None).get("/api/v1/suggestions/").status_code == 401


def test_the_list_query_count_does_not_grow_with_the_page(
    walk, client_for, dongkou_staff, django_assert_max_num_queries
):
    for _ in range(3):
        walk(Status.ASSIGNED)
    client = client_for(dongkou_staff)
    with django_assert_max_num_queries(8):
        small = client.get("/api/v1/suggestions/?page_size=1")
    for _ in range(5):
        walk(Status.SIGNED)
    with django_assert_max_num_queries(8):
        big = client.get("/api/v1/suggestions/?page_size=50")
    assert small.json()["count"] == 3 and len(big.json()["results"]) == 8


def _count():
    return (Suggestion.objects.count(), CoSigner.objects.count(), Attachment.objects.count())


@pytest.mark.parametrize(
    "change, field, message",
    [
        ({"body": "   "}, "body", "请填写建议内容。"),
        ({"title": ""}, "title", "请填写标题。"),
        ({"category": 999999}, "category", "未知的建议类别。"),
        ({"category": "教育"}, "category", "未知的建议类别。"),
    ],
)
def test_bad_input_gives_a_400_with_the_fields_chinese_message_and_stores_nothing(
    client_for, lead, category, change, field, message
):
    before = _count()
    data = {"title": "关于修路的建议", "body": "村道破损。", "category": category.pk, **change}
    r = client_for(lead).post("/api/v1/suggestions/", data, format="json")
    assert r.status_code == 400
    assert r.json()["fields"][field] == [message]
    assert _count() == before


def test_a_co_signer_who_is_not_a_serving_deputy_is_refused_and_nothing_is_stored(
    client_for, lead, former_deputy, linwu_deputy, category
):
    before, audit = _count(), AuditLog.objects.count()
    for deputy in (former_deputy, linwu_deputy.deputy):
        r = client_for(lead).post(
            "/api/v1/suggestions/",
            {"title": "关于修路的建议", "body": "村道破损。", "category": category.pk,
             "cosigners": [deputy.pk]},
            format="json",
        )  # fmt: skip
        assert r.status_code == 400
        message = r.json()["fields"]["cosigners"][0]
        assert "不是本级人民代表大会的在任代表" in message and deputy.name not in message
    assert _count() == before and AuditLog.objects.count() == audit


def test_an_oversize_or_wrong_type_attachment_is_refused_and_not_stored(
    walk, client_for, lead, monkeypatch
):
    s = walk(Status.DRAFT)
    monkeypatch.setattr(attachments, "ATTACHMENT_MAX_BYTES", 1024)
    client = client_for(lead)
    big = SimpleUploadedFile("现场照片.jpg", b"x" * 2048, content_type="image/jpeg")
    r = client.post(f"/api/v1/suggestions/{s.pk}/attachments/", {"file": big}, format="multipart")
    assert r.status_code == 400 and "不能超过" in r.json()["fields"]["file"][0]
    exe = SimpleUploadedFile("a.exe", b"MZ", content_type="application/octet-stream")
    r = client.post(f"/api/v1/suggestions/{s.pk}/attachments/", {"file": exe}, format="multipart")
    assert r.status_code == 400 and "文件类型" in r.json()["fields"]["file"][0]
    assert Attachment.objects.count() == 0
    ok = SimpleUploadedFile("说明.pdf", b"%PDF-1.4 ok", content_type="application/pdf")
    r = client.post(f"/api/v1/suggestions/{s.pk}/attachments/", {"file": ok}, format="multipart")
    assert r.status_code == 201 and Attachment.objects.count() == 1
    Attachment.objects.get().file.delete(save=False)


def test_a_rating_without_a_value_is_a_400_and_the_status_stays(walk, client_for, lead):
    s = walk(Status.REPLIED)
    r = client_for(lead).post(f"/api/v1/suggestions/{s.pk}/rate_unsatisfied/", {"attitude": "satisfied",
                              "result": "unsatisfied"}, format="json")  # fmt: skip
    assert r.status_code == 400 and "comment" in r.json()["fields"]
    s.refresh_from_db()
    assert s.status == Status.REPLIED and not s.replies.get().ratings.exists()
