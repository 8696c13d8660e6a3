"""Scope and bad input for every training endpoint: another county's course, material, plan or
item is a 404 (as if it did not exist), an account without a role is refused, and bad input is
a 400 naming each field in Chinese with nothing stored."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.training.conftest import PDF, offline_course, upload
from training.models import Course, Material, StudyPlan
from training.services import items, plans

pytestmark = pytest.mark.django_db


@pytest.fixture
def linwu_things(linwu_staff, linwu):
    """临武县's course (online, with an item), material and draft plan."""
    material = upload(linwu_staff, title="临武县学习资料")
    course = offline_course(linwu_staff, title="临武县专题培训", mode="online")
    item = items.item_add(actor=linwu_staff, course=course, title="第一课", material_id=material.pk)
    plan = plans.plan_create(actor=linwu_staff, month=dt.date(2026, 12, 1), title="临武县12月学习")
    return {"course": course, "material": material, "plan": plan, "item": item}


def foreign_requests(things):
    c, m, p, i = (things[k].pk for k in ("course", "material", "plan", "item"))
    base = "/api/v1/training"
    return [
        ("get", f"{base}/courses/{c}/", None),
        ("put", f"{base}/courses/{c}/", {"title": "改名"}),
        ("post", f"{base}/courses/{c}/cancel/", None),
        ("post", f"{base}/courses/{c}/items/", {"title": "x", "material": m}),
        ("post", f"{base}/courses/{c}/sessions/", {"hours": 2, "event": 1}),
        ("get", f"{base}/materials/{m}/", None),
        ("put", f"{base}/materials/{m}/", {"title": "改名"}),
        ("delete", f"{base}/materials/{m}/", None),
        ("get", f"{base}/materials/{m}/file/", None),
        ("get", f"{base}/plans/{p}/", None),
        ("put", f"{base}/plans/{p}/", {"title": "改名"}),
        ("delete", f"{base}/plans/{p}/", None),
        ("post", f"{base}/plans/{p}/items/", {"title": "x", "material": m}),
        ("post", f"{base}/plans/{p}/publish/", None),
        ("post", f"{base}/plans/{p}/withdraw/", None),
        ("get", f"{base}/plans/{p}/progress/", None),
        ("put", f"{base}/items/{i}/", {"title": "改名"}),
        ("delete", f"{base}/items/{i}/", None),
    ]


def test_another_countys_records_are_a_404_and_stay_as_they_were(
    client_for, dongkou_staff, linwu_things
):
    client = client_for(dongkou_staff)
    for method, url, body in foreign_requests(linwu_things):
        response = getattr(client, method)(url, body, format="json")
        assert response.status_code == 404, (method, url, response.content)
        assert response.json()["code"] == "not_found"
    course = Course.objects.get(pk=linwu_things["course"].pk)
    assert course.title == "临武县专题培训" and course.status == "open"
    assert Material.objects.filter(pk=linwu_things["material"].pk).exists()
    assert StudyPlan.objects.get(pk=linwu_things["plan"].pk).published_at is None


def test_lists_hold_only_the_viewers_scope(client_for, dongkou_staff, linwu_things, material):
    client = client_for(dongkou_staff)
    assert client.get("/api/v1/training/courses/").json()["count"] == 0
    assert [m["id"] for m in client.get("/api/v1/training/materials/").json()["results"]] == [
        material.pk
    ]
    assert client.get("/api/v1/training/plans/").json()["count"] == 0
    assert client.get("/api/v1/training/courses/?region=431025").status_code == 404
    assert client.get("/api/v1/training/coverage/?region=431025").status_code == 404
    assert client.get("/api/v1/training/coverage/deputies/?region=431025").status_code == 404


def test_a_city_sees_its_counties_and_a_county_the_citys_courses(
    client_for, dongkou_staff, shaoyang_staff
):
    county = offline_course(dongkou_staff, title="洞口县培训")
    city = offline_course(shaoyang_staff, title="邵阳市培训")
    seen_by_city = client_for(shaoyang_staff).get("/api/v1/training/courses/").json()["results"]
    seen_by_county = client_for(dongkou_staff).get("/api/v1/training/courses/").json()["results"]
    assert {c["id"] for c in seen_by_city} == {county.pk, city.pk}
    assert {c["id"] for c in seen_by_county} == {county.pk, city.pk}
    # the county reads the city's course but may not change it
    response = client_for(dongkou_staff).put(
        f"/api/v1/training/courses/{city.pk}/", {"title": "改名"}, format="json"
    )
    assert response.status_code == 404


def test_accounts_without_the_right_are_refused(client_for, outsider, supervisor, deputies):
    assert client_for(outsider).get("/api/v1/training/courses/").status_code == 403
    assert client_for(outsider).get("/api/v1/me/study/").status_code == 403
    assert client_for(None).get("/api/v1/me/training/").status_code in (401, 403)
    body = {"title": "x", "year": 2026, "kind": "annual", "mode": "offline", "hours": 2}
    assert client_for(supervisor).post("/api/v1/training/courses/", body).status_code == 403
    assert client_for(deputies[0].user).get("/api/v1/training/courses/").status_code == 403
    assert client_for(supervisor).get("/api/v1/training/coverage/").status_code == 200


def test_a_deputy_cannot_open_an_item_of_a_plan_not_theirs(
    client_for, linwu_deputy, plan, deputies
):
    item = plan.items.first()
    client = client_for(linwu_deputy.user)
    for url in (f"/api/v1/me/study/items/{item.pk}/", f"/api/v1/me/study/items/{item.pk}/finish/"):
        method = client.get if url.endswith(f"{item.pk}/") else client.post
        assert method(url).status_code == 404
    assert client.get(f"/api/v1/training/materials/{item.material_id}/file/").status_code == 404
    assert (
        client.post(
            f"/api/v1/me/study/items/{item.pk}/heartbeat/", {"seconds": 30}, format="json"
        ).status_code
        == 404
    )


def test_a_course_with_bad_fields_is_a_400_per_field_and_nothing_is_stored(
    client_for, dongkou_staff
):
    body = {"title": "", "year": 1990, "kind": "weekly", "mode": "", "hours": 0}
    response = client_for(dongkou_staff).post("/api/v1/training/courses/", body, format="json")
    assert response.status_code == 400
    fields = response.json()["fields"]
    assert set(fields) >= {"title", "year", "kind", "mode", "hours"}
    assert fields["kind"] == ["请选择培训类别。"]
    assert all(any("\u4e00" <= ch <= "\u9fff" for ch in m[0]) for m in fields.values())
    assert not Course.objects.exists()


def test_a_course_in_another_county_cannot_be_created(client_for, dongkou_staff):
    body = {"title": "越权", "year": 2026, "kind": "annual", "mode": "offline", "hours": 2,
            "region": "431025"}  # fmt: skip
    response = client_for(dongkou_staff).post("/api/v1/training/courses/", body, format="json")
    assert response.status_code == 400
    assert "region" in response.json()["fields"]
    assert not Course.objects.exists()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("通知.pdf", b"MZ\x90\x00 not a pdf", "文件内容与其类型不符，或文件已损坏。"),
        ("讲话.exe", b"MZ\x90\x00", "只能上传 PDF、Word、PPT、Excel 文档或 MP4、WebM 视频。"),
        ("讲堂.mp4", PDF, "文件内容与其类型不符，或文件已损坏。"),
        ("材料.docx", b"PK\x03\x04 not really a zip", "文件内容与其类型不符，或文件已损坏。"),
        ("空.pdf", b"", "上传的文件是空的。"),
    ],
)
def test_an_upload_is_checked_by_its_content(client_for, dongkou_staff, name, content, message):
    file = SimpleUploadedFile(name, content, "application/pdf")
    response = client_for(dongkou_staff).post(
        "/api/v1/training/materials/", {"file": file, "title": "材料"}, format="multipart"
    )
    assert response.status_code == 400, response.content
    assert response.json()["fields"]["file"] == [message]
    assert not Material.objects.exists()


def test_an_oversized_document_is_refused(client_for, dongkou_staff, monkeypatch):
    monkeypatch.setattr("training.files.DOCUMENT_MAX_BYTES", 10)
    file = SimpleUploadedFile("大.pdf", PDF, "application/pdf")
    response = client_for(dongkou_staff).post(
        "/api/v1/training/materials/", {"file": file}, format="multipart"
    )
    assert response.status_code == 400
    assert "MB" in response.json()["fields"]["file"][0]
    assert not Material.objects.exists()


def test_a_plan_with_bad_input_is_a_400_per_field(client_for, dongkou_staff, material):
    client = client_for(dongkou_staff)
    response = client.post(
        "/api/v1/training/plans/", {"month": "2026-13", "title": ""}, format="json"
    )
    assert response.status_code == 400
    assert set(response.json()["fields"]) == {"month", "title"}
    bad_quiz = {
        "month": "2026-12",
        "title": "十二月",
        "items": [
            {"title": "学习", "material": material.pk,
             "questions": [{"text": "题", "choices": ["甲", "乙"], "answers": [4]}]},
        ],
    }  # fmt: skip
    response = client.post("/api/v1/training/plans/", bad_quiz, format="json")
    assert response.status_code == 400, response.content
    assert response.json()["fields"] == {
        "items[0].questions[0].answers": ["请从选项中选出正确答案。"]
    }
    assert not StudyPlan.objects.exists()
    assert client.get("/api/v1/training/plans/?month=2026-1x").status_code == 400


def test_a_plan_cannot_use_another_countys_material(client_for, dongkou_staff, linwu_things):
    body = {"month": "2026-12", "title": "十二月",
            "items": [{"title": "学习", "material": linwu_things["material"].pk}]}  # fmt: skip
    response = client_for(dongkou_staff).post("/api/v1/training/plans/", body, format="json")
    assert response.status_code == 400
    assert response.json()["fields"] == {"items[0].material": ["所选的资料不存在，或您无权查看。"]}
    assert not StudyPlan.objects.filter(region_id="430525").exists()


def test_heartbeats_and_quiz_answers_out_of_bounds_are_a_400(client_for, deputies, plan):
    first, second = plan.items.order_by("order")
    client = client_for(deputies[0].user)
    url = f"/api/v1/me/study/items/{first.pk}/heartbeat/"
    for seconds in (0, 61, "半小时"):
        response = client.post(url, {"seconds": seconds}, format="json")
        assert response.status_code == 400
        assert list(response.json()["fields"]) == ["seconds"]
    quiz = f"/api/v1/me/study/items/{second.pk}/quiz/"
    assert client.post(quiz, {"answers": [[1]]}, format="json").json()["fields"] == {
        "answers": ["请回答全部 2 道题。"]
    }
    response = client.post(quiz, {"answers": [[0, 1], [3]]}, format="json")
    assert response.json()["fields"] == {
        "answers[0]": ["该题为单选题。"],
        "answers[1]": ["请从该题的选项中作答。"],
    }
    assert client.get("/api/v1/me/study/?month=12").status_code == 400
