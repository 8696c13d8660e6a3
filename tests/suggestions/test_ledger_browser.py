"""承诺解决台账 and the board's 批量催办 in a real browser: the unit (on a phone) reports a
commitment done with its evidence, staff see it as 单位已报完成 and record the 回头督 check; on
the board staff urge two suggestions, one refused with its reason."""

# ruff: noqa: F811 (the fixtures of test_browser are imported by name, then requested)

import pytest

from suggestions.models import Commitment, History, Status, Suggestion
from tests.suggestions.test_browser import check, field, open_as, settled, visit  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_unit_reports_with_evidence_and_staff_check_it_in_the_ledger(
    open_as,
    live_server,
    walk,
    settings,
    tmp_path,
):
    settings.MEDIA_ROOT = tmp_path
    s = walk(Status.REPLIED, title="关于校舍加固的建议")
    c = s.commitments.get()
    proof = tmp_path / "验收报告.pdf"
    proof.write_bytes(b"%PDF-1.4 proof")

    unit = open_as("dongkou_jyj", phone=True)
    visit(unit, f"{live_server.url}/suggestions/ledger/")
    unit.wait_for_selector("[data-testid=ledger-card]:has-text('完成教学楼加固')")
    unit.click("[data-testid=ledger-card] button:has-text('报告完成')")
    unit.fill(field("report-note"), "教学楼加固已完工并验收")
    unit.set_input_files("[data-testid=report-dialog] input[type=file]", str(proof))
    check(unit, "ledger-report-unit-phone")
    unit.click("[data-testid=report-dialog-submit]")
    unit.wait_for_selector("[data-testid=ledger-card]:has-text('单位已报完成')")
    c.refresh_from_db()
    assert c.reported_at and c.evidence

    staff = open_as("dongkou_staff")
    visit(staff, f"{live_server.url}/suggestions/ledger/")
    staff.wait_for_selector("[data-testid=state-reported] .value:has-text('1')")
    staff.click("[data-testid=state-reported]")
    staff.wait_for_selector("[data-testid=evidence-link]")
    staff.click("[data-testid=check-open]")
    staff.fill(field("check-note"), "现场查看已完工")
    check(staff, "ledger-check-staff")
    staff.click("[data-testid=check-dialog-submit]")
    staff.wait_for_selector("[data-testid=state-checked] .value:has-text('1')")
    c.refresh_from_db()
    assert c.done_at and c.checked_at and c.note == "现场查看已完工"
    assert Commitment.objects.filter(pk=c.pk, checked_by__username="dongkou_staff").exists()


def test_staff_urge_the_selected_suggestions_from_the_board(open_as, live_server, walk):
    signed = walk(Status.SIGNED, title="关于修缮村道的建议")
    review = walk(Status.SUBMITTED, title="关于增设路灯的建议")
    staff = open_as("dongkou_staff")
    visit(staff, f"{live_server.url}/suggestions/board/?box=all")
    staff.wait_for_selector("[data-testid=box-all] .value:has-text('2')")
    for title in (signed.title, review.title):
        staff.locator(".el-table__row", has_text=title).locator(".el-checkbox").click()
    staff.click("[data-testid=batch-urge]")
    staff.click(".el-message-box__btns .el-button--primary")
    staff.wait_for_selector("[data-testid=urge-result] [data-testid=urge-row-ok]")
    staff.wait_for_selector("[data-testid=urge-row-refused]:has-text('关于增设路灯的建议')")
    check(staff, "board-urge-staff")
    assert History.objects.filter(suggestion=signed, action="urge").exists()
    assert not History.objects.filter(suggestion=review, action="urge").exists()
    assert Suggestion.objects.get(pk=review.pk).status == Status.SUBMITTED


def test_staff_record_not_done_from_the_suggestions_own_panel(open_as, live_server, walk):
    """The commitments panel on a suggestion's page has its own 回头督 button; 未落实 sends the
    commitment back to the unit and the panel says so with the note."""
    s = walk(Status.REPLIED, title="关于操场改造的建议")
    c = s.commitments.get()
    staff = open_as("dongkou_staff")
    visit(staff, f"{live_server.url}/suggestions/{s.pk}/")
    staff.click("[data-testid=sg-commitment-ledger] [data-testid=cm-check-open]")
    staff.click("[data-testid=check-result] .el-radio:has-text('未落实')")
    staff.fill(field("check-note"), "现场查看尚未开工")
    staff.click("[data-testid=check-dialog-submit]")
    staff.wait_for_selector("[data-testid=cm-check]:has-text('未落实：现场查看尚未开工')")
    check(staff, "commitment-panel-not-done")
    c.refresh_from_db()
    assert c.checked_at and not c.done_at and c.note == "现场查看尚未开工"
