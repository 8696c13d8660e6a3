"""The paper rating dialog 录入纸质测评表 in a real browser: staff pick the lead deputy, rate,
attach the scan, and the suggestion is closed with the sheet listed."""

import pytest

from representatives.models import Deputy
from suggestions.models import Rating, Status
from tests.suggestions.test_browser import check, choose, open_as, settled, status_is, visit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
__all__ = ["open_as"]  # the fixture, shared with the other browser tests


def test_staff_enter_a_paper_rating_sheet_with_its_scan(
    open_as, live_server, walk, lead, dongkou_staff, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    s = walk(Status.REPLIED)
    Deputy.objects.filter(pk=lead.deputy.pk).update(user=None)  # a deputy without an account
    scan = tmp_path / "测评表.pdf"
    scan.write_bytes(b"%PDF-1.4 sheet")
    staff = open_as("dongkou_staff")
    visit(staff, f"{live_server.url}/suggestions/{s.pk}/")
    staff.click("[data-testid=act-paper-rate]")
    dialog = staff.locator("[data-testid=paper-rate-dialog]")
    dialog.wait_for()
    choose(staff, "paper-deputy", "王秀英")
    dialog.locator("[data-testid=paper-attitude] label", has_text="满意").first.click()
    dialog.locator("[data-testid=paper-result] label", has_text="基本满意").first.click()
    staff.click("[data-testid=paper-rate-dialog-submit]")  # without the scan: refused on its field
    dialog.locator(".el-form-item__error", has_text="扫描件").wait_for()
    staff.errors.clear()  # the browser logs that expected 400
    staff.set_input_files("[data-testid=paper-sheet-input]", str(scan))
    settled(staff)
    check(staff, "paper-rating-dialog-staff-desktop")
    staff.click("[data-testid=paper-rate-dialog-submit]")
    status_is(staff, "已办结")
    staff.locator("[data-testid=paper-sheets]", has_text="王秀英").wait_for()
    ratings = staff.locator("[data-testid=reply-ratings]")  # the reply's ratings say so too
    ratings.locator("[data-testid=rating-paper]", has_text="纸质测评表").wait_for()
    assert "/sheet/" in ratings.locator("[data-testid=rating-sheet]").get_attribute("href")
    rating = Rating.objects.get()
    assert rating.is_paper and rating.entered_by == dongkou_staff and rating.result == "basically"
    assert staff.errors == [], staff.errors
