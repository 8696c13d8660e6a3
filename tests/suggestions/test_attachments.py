"""Attachments are served through the suggestion's scope (404 outside), as downloads; units
attach files to their replies (type and size limited) and the deputy gets them with the reply."""

from urllib.parse import quote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from suggestions.models import Attachment, Status
from suggestions.services import attachments
from suggestions.services.attachments import attachment_add
from suggestions.services.submission import suggestion_submit

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def pdf(name="说明.pdf", content=b"%PDF-1.4 ok"):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def test_a_suggestion_attachment_downloads_in_scope_and_is_a_404_outside(
    walk, client_for, lead, dongkou_staff, linwu_staff, outsider, unit_user, cosigner
):
    s = walk(Status.DRAFT)
    a = attachment_add(suggestion=s, actor=lead, file=pdf())
    suggestion_submit(suggestion=s, actor=lead)
    url = client_for(lead).get(f"/api/v1/suggestions/{s.pk}/").json()["attachments"][0]["url"]
    assert url == f"/api/v1/suggestions/{s.pk}/attachments/{a.pk}/"
    for user in (lead, dongkou_staff):
        r = client_for(user).get(url)
        assert r.status_code == 200 and b"".join(r.streaming_content) == b"%PDF-1.4 ok"
        assert r["Content-Disposition"].startswith("attachment;")
        assert quote("说明.pdf") in r["Content-Disposition"]
        assert r["Cache-Control"] == "private, no-store"  # no shared or browser cache keeps it
    for user in (linwu_staff, unit_user, cosigner):  # the unit: not assigned yet
        assert client_for(user).get(url).status_code == 404
    assert client_for(outsider).get(url).status_code in (403, 404)  # no role: no API at all
    other = walk(Status.DRAFT, title="另一条建议")
    wrong = f"/api/v1/suggestions/{other.pk}/attachments/{a.pk}/"
    assert client_for(lead).get(wrong).status_code == 404


def test_the_unit_attaches_files_to_its_reply_and_the_deputy_receives_them(
    walk, client_for, lead, unit_user, other_unit_user, dongkou_staff
):
    s = walk(Status.SIGNED)
    unit = client_for(unit_user)
    r = unit.post(f"/api/v1/suggestions/{s.pk}/reply-attachments/",
                  {"file": pdf("改造计划.pdf")}, format="multipart")  # fmt: skip
    assert r.status_code == 201
    file_url = r.json()["url"]
    # before the reply is sent only the unit sees the file
    assert client_for(lead).get(file_url).status_code == 404
    assert client_for(lead).get(f"/api/v1/suggestions/{s.pk}/").json()[
        "draft_reply_attachments"] == []  # fmt: skip
    detail = unit.get(f"/api/v1/suggestions/{s.pk}/").json()
    assert [a["name"] for a in detail["draft_reply_attachments"]] == ["改造计划.pdf"]
    assert detail["attachments"] == []  # not one of the deputy's files
    r = unit.post(f"/api/v1/suggestions/{s.pk}/reply/", {"result_class": "A",
                  "body": "已完成改造。"}, format="json")  # fmt: skip
    assert r.status_code == 200
    reply = client_for(lead).get(f"/api/v1/suggestions/{s.pk}/").json()["replies"][0]
    assert [a["name"] for a in reply["attachments"]] == ["改造计划.pdf"]
    for user in (lead, dongkou_staff, unit_user):
        assert client_for(user).get(file_url).status_code == 200
    assert client_for(other_unit_user).get(file_url).status_code == 404


def test_reply_attachments_are_limited_like_suggestion_ones_and_only_the_lead_unit_adds_them(
    walk, client_for, lead, unit_user, dongkou_staff, monkeypatch
):
    s = walk(Status.SIGNED)
    url = f"/api/v1/suggestions/{s.pk}/reply-attachments/"
    monkeypatch.setattr(attachments, "ATTACHMENT_MAX_BYTES", 1024)
    unit = client_for(unit_user)
    r = unit.post(url, {"file": pdf(content=b"x" * 2048)}, format="multipart")
    assert r.status_code == 400 and "不能超过" in r.json()["fields"]["file"][0]
    exe = SimpleUploadedFile("a.exe", b"MZ", content_type="application/octet-stream")
    r = unit.post(url, {"file": exe}, format="multipart")
    assert r.status_code == 400 and "文件类型" in r.json()["fields"]["file"][0]
    r = unit.post(url, {}, format="multipart")
    assert r.status_code == 400 and r.json()["fields"]["file"] == ["请选择文件。"]
    assert client_for(lead).post(url, {"file": pdf()}, format="multipart").status_code == 403
    assert (
        client_for(dongkou_staff).post(url, {"file": pdf()}, format="multipart").status_code == 403
    )
    assert Attachment.objects.count() == 0


def test_the_unit_can_remove_a_reply_file_before_sending_but_not_after(walk, client_for, unit_user):
    s = walk(Status.SIGNED)
    unit = client_for(unit_user)
    url = f"/api/v1/suggestions/{s.pk}/reply-attachments/"
    first = unit.post(url, {"file": pdf("a.pdf")}, format="multipart").json()["id"]
    second = unit.post(url, {"file": pdf("b.pdf")}, format="multipart").json()["id"]
    assert unit.delete(f"{url}{first}/").status_code == 200
    assert list(Attachment.objects.values_list("pk", flat=True)) == [second]
    unit.post(f"/api/v1/suggestions/{s.pk}/reply/", {"result_class": "A", "body": "已解决。"},
              format="json")  # fmt: skip
    assert unit.delete(f"{url}{second}/").status_code == 409  # replied: no longer open
    assert Attachment.objects.get().reply_id is not None
