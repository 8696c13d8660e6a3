"""Publishing a reply in the real browser: staff open 公开, read the preview of exactly the
public text in an editable textarea, edit it, confirm; the public page shows what they
confirmed, as text; 撤回公开 takes it off the public page."""

import pytest

from suggestions.models import Reply, Status
from tests.suggestions.test_browser import check, field, open_as, visit  # noqa: F401 (fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RAW = "经研究，已与李明沟通。王秀英代表反映的问题已列入计划，联系人：刘建国，电话13912345678。"
PREVIEW = "经研究，已与李明沟通。王某某代表反映的问题已列入计划，联系人：刘某某，电话[电话已隐去]。"


def test_staff_preview_edit_publish_and_unpublish_a_reply(
    open_as,  # noqa: F811
    live_server,
    walk,
    cosigner,
    dongkou_staff,
):
    s = walk(Status.REPLIED, cosigners=[cosigner], title="关于解决村民李明房屋漏雨问题的建议")
    Reply.objects.filter(suggestion=s).update(body=RAW)
    staff = open_as("dongkou_staff")
    visit(staff, f"{live_server.url}/suggestions/{s.pk}/")
    staff.click("[data-testid=act-publish]")
    text = staff.locator(field("publish-text"))
    staff.wait_for_function(
        "s => [...document.querySelectorAll('textarea')].some(t => t.value === s)", arg=PREVIEW
    )
    assert (
        staff.locator(field("publish-title")).input_value() == "关于解决村民李某房屋漏雨问题的建议"
    )
    assert "王秀英" in staff.inner_text("[data-testid=publish-dialog]")  # the names it masked
    edited = PREVIEW.replace("李明", "李某") + "[[ 7*7 ]]"
    text.fill(edited)
    check(staff, "detail-publish-preview-staff-desktop")
    staff.click("[data-testid=publish-dialog-submit]")
    staff.wait_for_selector("[data-testid=reply-disclosure]:has-text('已公开')")
    assert edited in staff.inner_text("[data-testid=reply-public-text]")

    citizen = open_as("", phone=True)
    visit(citizen, f"{live_server.url}/public/replies/")
    citizen.wait_for_selector("[data-testid=public-reply]")
    shown = citizen.inner_text("[data-testid=public-reply]")
    assert edited in shown and "关于解决村民李某房屋漏雨问题的建议" in shown
    assert "李明" not in shown and "13912345678" not in shown

    staff.click("[data-testid=reply-unpublish]")
    staff.fill(".el-message-box input", "答复需更正")
    staff.click(".el-message-box__btns .el-button--primary")
    staff.wait_for_selector("[data-testid=reply-disclosure]:has-text('已撤回公开')")
    citizen.reload()
    citizen.wait_for_selector("[data-testid=public-cards] .el-empty")
    assert citizen.locator("[data-testid=public-reply]").count() == 0
    assert Reply.objects.get(suggestion=s).public_body == edited
    assert citizen.errors == []
