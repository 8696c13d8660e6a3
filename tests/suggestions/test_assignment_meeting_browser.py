"""专会交办 in a real browser: staff open the meeting page, see the unit proposed for a waiting
suggestion from a similar past one, give one row another lead unit, confirm the meeting and see
it among the past meetings with its 交办清单."""

# ruff: noqa: F811 (the fixtures of test_browser are imported by name, then requested)

import pytest

from congress.models import HandlingUnit
from suggestions.models import Assignment, AssignmentMeeting, Status
from tests.suggestions.test_browser import check, field, open_as, settled, visit  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCHOOL = (
    "关于改善高沙镇中心小学校舍的建议",
    "高沙镇中心小学教学楼墙体开裂，建议列入校舍改造计划。",
)
SCHOOL_AGAIN = (
    "关于改造石江镇中心小学校舍的建议",
    "石江镇中心小学校舍老旧，教学楼墙体开裂需改造。",
)


def test_staff_confirm_a_meeting_after_changing_one_rows_lead_unit(
    open_as, live_server, walk, unit_user
):
    walk(Status.ASSIGNED, title=SCHOOL[0], body=SCHOOL[1])  # led by 洞口县教育局
    waiting = walk(Status.ACCEPTED, title=SCHOOL_AGAIN[0], body=SCHOOL_AGAIN[1])
    road = HandlingUnit.objects.create(name="洞口县交通运输局", region_id="430525")

    staff = open_as("dongkou_staff")
    visit(staff, f"{live_server.url}/suggestions/meetings/")
    row = staff.locator("[data-testid=pending-table] .el-table__row", has_text=SCHOOL_AGAIN[0])
    row.locator("[data-testid=reason]:has-text('相似建议')").wait_for()
    check(staff, "meeting-pending-staff")

    row.locator(".el-select").first.click()
    staff.locator(".el-select-dropdown__item:visible", has_text="洞口县交通运输局").click()
    staff.fill(field("meeting-title"), "2026年第1次建议交办会")
    staff.click("[data-testid=confirm-meeting]")
    staff.click(".el-message-box__btns .el-button--primary")
    staff.wait_for_selector(".el-message--success")
    staff.wait_for_selector("[data-testid=pending-table] :text('没有待交办的建议')")

    staff.click(".el-tabs__item:has-text('已开交办会')")
    staff.wait_for_selector("[data-testid=meetings] :text('2026年第1次建议交办会')")
    settled(staff)
    check(staff, "meeting-past-staff")
    meeting = AssignmentMeeting.objects.get(title="2026年第1次建议交办会")
    lead = Assignment.objects.get(suggestion=waiting, role="lead", is_active=True)
    assert (lead.unit_id, lead.meeting_id) == (road.pk, meeting.pk)
