"""In the browser, on a phone: a deputy's 我的履职 lists each report to voters with its review
(待审核 / 已审核 / 退回 and the staff's note), and a returned one is corrected and submitted again
(a new report pending review, filled in from the returned one, which stays 退回)."""

from datetime import date

import pytest

from evaluation.models import ReviewStatus, VoterReport
from tests.conftest import axe_check, browser_login, page_ready, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def phone_errors(phone_page):
    errors = []
    phone_page.on("pageerror", lambda e: errors.append(f"pageerror: {e}"))
    phone_page.on(
        "console", lambda m: errors.append(f"console: {m.text}") if m.type == "error" else None
    )
    return errors


def test_a_deputy_sees_each_reports_review_and_resubmits_a_returned_one_on_a_phone(
    live_server, phone_page, phone_errors, wang, dongkou_staff
):
    def report(audience, day, status, note=""):
        return VoterReport.objects.create(
            deputy=wang,
            reported_on=day,
            audience=audience,
            attendance=40,
            satisfied=30,
            basically_satisfied=8,
            dissatisfied=2,
            status=status,
            review_note=note,
            reviewed_by=None if status == ReviewStatus.PENDING else dongkou_staff,
        )

    report("文昌街道选民代表", date(2026, 3, 1), ReviewStatus.APPROVED)
    report("山门镇选民代表", date(2026, 4, 1), ReviewStatus.PENDING)
    returned = report(
        "石江镇选民代表", date(2026, 5, 1), ReviewStatus.REJECTED, "测评票合计与参加人数不符"
    )

    browser_login(phone_page, live_server, "deputy_wang")
    phone_page.goto(f"{live_server.url}/performance/me/?year=2026")
    phone_page.click("[data-testid=section-reports] .el-collapse-item__header")
    cards = phone_page.locator("[data-testid=report]")
    cards.first.wait_for()
    by_audience = {name: cards.filter(has_text=name) for name in ("文昌街道", "山门镇", "石江镇")}
    status = {
        k: c.locator("[data-testid=report-status]").inner_text() for k, c in by_audience.items()
    }
    assert status == {"文昌街道": "已审核", "山门镇": "待审核", "石江镇": "退回"}
    note = by_audience["石江镇"].locator("[data-testid=report-review-note]")
    assert note.inner_text().strip() == "退回理由：测评票合计与参加人数不符"
    assert phone_page.locator("[data-testid=report-resubmit]").count() == 1
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 392
    page_ready(phone_page)
    axe_check(phone_page)
    screenshot(phone_page, "evaluation-my-reports-review-deputy-phone")

    by_audience["石江镇"].locator("[data-testid=report-resubmit]").click()
    dialog = phone_page.locator("[data-testid=report-dialog]")
    dialog.wait_for()
    assert "测评票合计与参加人数不符" in dialog.inner_text()
    assert phone_page.input_value("[data-testid=report-audience]") == "石江镇选民代表"
    phone_page.fill("[data-testid=report-satisfied] input", "29")
    phone_page.fill("[data-testid=report-content]", "2026年5月向石江镇选民代表述职。")
    axe_check(phone_page)
    phone_page.click("[data-testid=report-dialog-submit]")
    phone_page.wait_for_selector("[data-testid=report] >> nth=3")
    again = VoterReport.objects.exclude(pk=returned.pk).get(audience="石江镇选民代表")
    assert (again.status, again.satisfied, again.reported_on) == (
        ReviewStatus.PENDING,
        29,
        date(2026, 5, 1),
    )
    returned.refresh_from_db()
    assert returned.status == ReviewStatus.REJECTED
    assert sorted(
        cards.filter(has_text="石江镇").locator("[data-testid=report-status]").all_inner_texts()
    ) == ["待审核", "退回"]
    assert phone_errors == []
