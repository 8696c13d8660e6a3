"""述职测评审核 in a real browser: staff approve a deputy's pending tally and it enters the
archive."""

import pytest

from evaluation.models import ArchiveEntry, ReviewStatus, VoterReport
from evaluation.performance import voter_reports
from tests.conftest import axe_check, browser_login, page_ready, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_approve_a_pending_tally_on_the_review_page(
    live_server, page, script_errors, deputy_user, wang, dongkou_staff
):
    report = voter_reports.voter_report_create(actor=deputy_user, deputy=wang, reported_on="2026-06-18",
                                               audience="文昌街道选民代表", attendance=52, content="述职",
                                               satisfied=40, basically_satisfied=10)  # fmt: skip
    browser_login(page, live_server, "dongkou_staff")
    page.goto(f"{live_server.url}/performance/voter-reports/review/")
    page_ready(page)
    row = page.locator("[data-testid=report-review] .el-table__row", has_text="文昌街道选民代表")
    row.wait_for()
    axe_check(page)
    screenshot(page, "evaluation-report-review-staff-desktop")
    row.locator("[data-testid=approve]").click()
    page.click(".el-message-box__btns .el-button--primary")
    row.wait_for(state="detached")
    report.refresh_from_db()
    assert report.status == ReviewStatus.APPROVED
    assert ArchiveEntry.objects.filter(deputy=wang, source_key=f"report:{report.pk}").exists()
    assert VoterReport.objects.count() == 1
    assert script_errors == []
