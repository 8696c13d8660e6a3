"""Sign-in rules: inside the window only, once, invitees only, with a genuine current code;
a race of two sign-ins leaves one; staff sign in by hand or by paper sheet."""

import io
import threading
from datetime import timedelta

import pytest
from django.core import signing
from django.db import connection
from openpyxl import Workbook

from meetings import tokens
from meetings.models import Invitation, SignIn
from meetings.services.attendance import sign_in_by_code
from meetings.services.events import event_open
from meetings.services.invitations import invitations_add
from tests.clock import NOW, frozen

pytestmark = pytest.mark.django_db
URL = "/api/v1/meetings/sign-in/"


@pytest.fixture
def opened(dongkou_staff, deputies, event):
    invitations_add(actor=dongkou_staff, event=event, deputies=deputies[:2])
    event_open(actor=dongkou_staff, event=event)
    event.refresh_from_db()
    return event


def post(client, token):
    return client.post(URL, {"token": token}, format="json")


def test_an_invitee_signs_in_inside_the_window(client_for, deputies, opened):
    with frozen(NOW - timedelta(minutes=5)):
        response = post(client_for(deputies[0].user), tokens.sign_in_token(opened))
    assert response.status_code == 201, response.content
    assert response.json()["attendance"] == "present"


def test_twice_is_a_409_and_changes_nothing(client_for, deputies, opened):
    client = client_for(deputies[0].user)
    with frozen(NOW):
        token = tokens.sign_in_token(opened)
        assert post(client, token).status_code == 201
        again = post(client, token)
    assert again.status_code == 409
    assert again.json()["message"] == "已经签到，无需重复签到。"
    assert SignIn.objects.count() == 1


def test_outside_the_window_is_a_409(client_for, deputies, opened):
    client = client_for(deputies[0].user)
    token = tokens.sign_in_token(opened)
    with frozen(NOW - timedelta(hours=2)):
        early = post(client, token)
    assert early.status_code == 409 and "签到尚未开始" in early.json()["message"]
    assert not SignIn.objects.exists()


def test_yesterdays_code_is_expired(client_for, deputies, opened):
    token = tokens.sign_in_token(opened)
    with frozen(NOW + timedelta(days=1)):
        response = post(client_for(deputies[0].user), token)
    assert response.status_code == 400
    assert response.json()["fields"]["token"] == ["签到码已过期，请扫描会场当前的二维码。"]
    assert not SignIn.objects.exists()


def test_a_forged_code_is_refused(client_for, deputies, opened):
    forged = signing.TimestampSigner(salt="other").sign_object(
        {"e": opened.pk, "k": "x", "x": 9e12}
    )
    with frozen(NOW):
        response = post(client_for(deputies[0].user), forged)
        tampered = post(client_for(deputies[0].user), tokens.sign_in_token(opened)[:-2] + "xx")
    assert response.status_code == 400 and tampered.status_code == 400
    assert response.json()["code"] == "sign_in_code_invalid"
    assert not SignIn.objects.exists()


def test_an_uninvited_deputy_is_refused(client_for, deputies, opened):
    with frozen(NOW):
        response = post(client_for(deputies[2].user), tokens.sign_in_token(opened))
    assert response.status_code == 400
    assert response.json()["message"] == "您不在本次会议活动的邀请名单中，不能签到。"
    assert not SignIn.objects.exists()


def test_a_planned_event_refuses_sign_in(client_for, dongkou_staff, deputies, event):
    invitations_add(actor=dongkou_staff, event=event, deputies=deputies[:1])
    with frozen(NOW):
        response = post(client_for(deputies[0].user), tokens.sign_in_token(event))
    assert response.status_code == 409 and response.json()["message"] == "签到尚未开启。"


@pytest.mark.django_db(transaction=True)
def test_two_sign_ins_at_once_leave_one(dongkou_staff, deputies, opened):
    token = tokens.sign_in_token(opened)
    user = deputies[0].user
    results, barrier = [], threading.Barrier(4)

    def attempt():
        barrier.wait()
        try:
            sign_in_by_code(actor=user, token=token)
            results.append("ok")
        except Exception as exc:  # noqa: BLE001 - the loser's refusal is what is counted
            results.append(getattr(exc, "status", repr(exc)))
        finally:
            connection.close()

    # One frozen clock around all four threads: a thread leaving its own frozen() would restore
    # the real clock for the others while they still check the window and the code's expiry.
    threads = [threading.Thread(target=attempt) for _ in range(4)]
    with frozen(NOW):
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    assert sorted(results, key=str) == [409, 409, 409, "ok"]
    assert SignIn.objects.filter(invitation__deputy=deputies[0]).count() == 1


def test_staff_sign_in_by_hand_marked_manual(client_for, dongkou_staff, deputies, opened):
    invitation = Invitation.objects.get(event=opened, deputy=deputies[1])
    with frozen(NOW + timedelta(minutes=40)):
        response = client_for(dongkou_staff).post(
            f"/api/v1/meetings/{opened.pk}/manual-sign-in/",
            {"invitations": [invitation.pk]},
            format="json",
        )
    assert response.status_code == 201, response.content
    sign_in = SignIn.objects.get(invitation=invitation)
    assert sign_in.method == "manual" and sign_in.late and sign_in.recorded_by == dongkou_staff


def _sheet(rows) -> io.BytesIO:
    wb = Workbook()
    ws = wb.active
    ws.append(["编号", "姓名", "单位", "身份", "答复", "签到时间", "出勤", "本人签名"])
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    out.seek(0)
    out.name = "sheet.xlsx"
    return out


def test_a_paper_sheet_with_a_bad_row_stores_nothing(client_for, dongkou_staff, deputies, opened):
    a, b = (Invitation.objects.get(event=opened, deputy=d) for d in deputies[:2])
    sheet = _sheet([[a.pk, a.name, "", "", "", "08:50", "出席"], [b.pk, "别人", "", "", "", "", "缺席"],
                    [999999, "谁", "", "", "", "", "出席"]])  # fmt: skip
    response = client_for(dongkou_staff).post(
        f"/api/v1/meetings/{opened.pk}/sheet/", {"file": sheet}
    )
    assert response.status_code == 400
    problems = response.json()["fields"]["file"]
    assert any("第 3 行" in p and "姓名与编号不符" in p for p in problems)
    assert any("第 4 行" in p for p in problems)
    assert not SignIn.objects.exists()


def test_a_paper_sheet_signs_people_in(client_for, dongkou_staff, deputies, opened):
    a, b = (Invitation.objects.get(event=opened, deputy=d) for d in deputies[:2])
    sheet = _sheet(
        [[a.pk, a.name, "", "", "", "09:50", "出席"], [b.pk, b.name, "", "", "", "", "缺席"]]
    )
    with frozen(NOW + timedelta(hours=1)):
        response = client_for(dongkou_staff).post(
            f"/api/v1/meetings/{opened.pk}/sheet/", {"file": sheet}
        )
    assert response.status_code == 200, response.content
    assert response.json() == {"signed_in": 1, "marked": 1, "unchanged": 0}
    assert SignIn.objects.get(invitation=a).method == "sheet"
    b.refresh_from_db()
    assert b.attendance == "absent"


def test_the_sheet_exports_as_xlsx(client_for, dongkou_staff, opened):
    response = client_for(dongkou_staff).get(f"/api/v1/meetings/{opened.pk}/sheet/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")


def test_the_code_and_qr_for_staff(client_for, dongkou_staff, opened):
    client = client_for(dongkou_staff)
    code = client.get(f"/api/v1/meetings/{opened.pk}/sign-in-code/")
    assert code.status_code == 200 and "/meetings/sign-in/?t=" in code.json()["url"]
    png = client.get(f"/api/v1/meetings/{opened.pk}/sign-in-code.png")
    assert png.status_code == 200 and png.content.startswith(b"\x89PNG")


def test_live_attendance_counts(
    client_for, dongkou_staff, deputies, opened, django_assert_max_num_queries
):
    with frozen(NOW):
        sign_in_by_code(actor=deputies[0].user, token=tokens.sign_in_token(opened))
    client = client_for(dongkou_staff)
    with django_assert_max_num_queries(8):
        live = client.get(f"/api/v1/meetings/{opened.pk}/live/")
    body = live.json()
    assert body["invited"] == 2 and body["signed_in"] == 1 and len(body["latest"]) == 1
