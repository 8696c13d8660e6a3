"""The staff page of messages that failed for good (issue 11 item 13, "listed for staff when it
finally fails"): administrators and staff open it, staff see their region's messages only,
addresses masked, and send one again from there (audited); the home page counts them."""

import pytest

from congress.menu import menu_for
from congress.models import AuditLog, OutboxMessage, Role
from congress.sms import MemoryBackend
from tests.conftest import DONGKOU, LINWU, browser_login, make_user

Status = OutboxMessage.Status


def failed(region: str, subject: str, phone: str) -> OutboxMessage:
    return OutboxMessage.objects.create(
        channel=OutboxMessage.Channel.SMS,
        recipient=phone,
        subject=subject,
        body="【人大工作管理平台】" + subject,
        kind="duty_notice",
        region_id=region,
        status=Status.FAILED,
        attempts=8,
        last_error="RuntimeError: 短信网关无响应",
    )


@pytest.mark.django_db
def test_anonymous_is_sent_to_the_login_page(client):
    response = client.get("/outbox/")
    assert response.status_code == 302 and response.url == "/login/?next=/outbox/"


@pytest.mark.django_db
def test_a_deputy_or_a_leader_gets_the_403_page(client, regions, supervisor):
    for user in (make_user("deputy1", role=Role.DEPUTY), supervisor):
        client.force_login(user)
        response = client.get("/outbox/")
        assert response.status_code == 403 and "没有权限" in response.content.decode()


@pytest.mark.django_db
def test_staff_and_administrators_open_the_page_from_their_menu(
    client, dongkou_staff, admin_user, supervisor
):
    for user in (dongkou_staff, admin_user):
        client.force_login(user)
        response = client.get("/outbox/")
        assert response.status_code == 200 and "发送失败的消息" in response.content.decode()
        assert "/outbox/" in [e["url"] for e in menu_for(user)]
    assert "/outbox/" not in [e["url"] for e in menu_for(supervisor)]


@pytest.mark.django_db
def test_the_home_page_counts_the_failed_messages_of_the_staffs_region(
    client_for, dongkou_staff, linwu_staff, admin_user
):
    def todo(user):
        return {
            t["key"]: (t["count"], t["url"]) for t in client_for(user).get("/api/v1/todo/").json()
        }

    assert "outbox_failed" not in todo(dongkou_staff)
    failed(DONGKOU, "值班提醒", "13800000002")
    failed(DONGKOU, "值班提醒", "13800000003")
    assert todo(dongkou_staff)["outbox_failed"] == (2, "/outbox/")
    assert "outbox_failed" not in todo(linwu_staff)
    assert todo(admin_user)["outbox_failed"] == (2, "/outbox/")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_staff_see_their_countys_failed_text_masked_and_send_it_again(
    live_server, page, dongkou_staff, linwu_staff
):
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    MemoryBackend.outbox = []
    ours = failed(DONGKOU, "洞口县值班提醒", "13800000002")
    failed(LINWU, "临武县值班提醒", "13900000009")

    browser_login(page, live_server, "dongkou_staff")
    waiting = page.locator("[data-testid=todo-outbox_failed]")  # the home page's to-do list
    assert waiting.locator(".label").inner_text() == "发送失败的消息"
    assert waiting.locator(".value").inner_text() == "1"
    waiting.click()
    page.wait_for_url(f"{live_server.url}/outbox/")
    row = page.locator("[data-testid=outbox] .el-table__row", has_text="洞口县值班提醒")
    row.wait_for()
    assert page.locator("[data-testid=outbox] .el-table__row").count() == 1
    assert page.locator("text=临武县值班提醒").count() == 0
    text = row.inner_text()
    assert "138****0002" in text and "13800000002" not in text
    assert "短信" in text and "短信网关无响应" in text and "发送失败" in text

    row.locator("button:has-text('重新发送')").click()
    box = page.locator(".el-message-box")
    box.locator("button:has-text('取消')").click()  # a cancelled confirm changes nothing
    box.wait_for(state="hidden")
    assert OutboxMessage.objects.get(pk=ours.pk).status == Status.FAILED

    row.locator("button:has-text('重新发送')").click()
    box.locator("button:has-text('确定')").click()
    row.locator("text=已发送").wait_for()
    ours.refresh_from_db()
    # A fresh set of attempts; the gateway (in memory here) took it at the first.
    assert (ours.status, ours.attempts) == (Status.SENT, 1)
    assert MemoryBackend.outbox == [("13800000002", "【人大工作管理平台】洞口县值班提醒")]
    assert AuditLog.objects.filter(model="congress.OutboxMessage", object_pk=str(ours.pk)).count()
    assert row.locator("button:has-text('重新发送')").is_disabled()
    assert errors == []


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_with_nothing_failed_the_page_says_so(live_server, page, dongkou_staff, linwu_staff):
    failed(LINWU, "临武县值班提醒", "13900000009")
    browser_login(page, live_server, "dongkou_staff")
    page.goto(f"{live_server.url}/outbox/")
    page.locator("text=没有发送失败的消息").wait_for()
