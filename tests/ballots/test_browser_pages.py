"""In the browser, the staff console's ballots and projects pages (desktop): the list of the
county's ballots and its filters, a draft edited (a field error, then a save) and published (a
cancelled confirm changes nothing), paper totals entered in the grid, a ballot closed and its
result shown; the supervisor reads; staff collect and screen a candidate project and assign a
chosen one; the responsible unit reports a milestone's progress with evidence and a report."""

import pytest

from ballots.models import Ballot, LivelihoodProject, PaperEntry, ProjectMilestone, Tally
from ballots.services.setup import ballot_open
from ballots.services.voting import ballot_vote
from congress.models import HandlingUnit, Role
from tests.ballots.conftest import checked, expected_400, make_deputy, rating_ballot, settled
from tests.ballots.test_deputy_projects import board  # noqa: F401
from tests.conftest import LINWU, browser_login, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CONFIRM = ".el-message-box__btns button.el-button--primary"
CANCEL = ".el-message-box__btns button:not(.el-button--primary)"


def choose(page, testid: str, option: str) -> None:
    """Pick an option of an Element Plus select."""
    page.click(f"[data-testid={testid}]")
    page.locator(".el-select-dropdown__item:visible", has_text=option).first.click()


def test_staff_list_their_countys_ballots_and_a_filter_narrows_them(
    live_server,
    page,
    script_errors,
    dongkou_staff,
    linwu_staff,
    voters,
    dongkou_units,
    dongkou,
    linwu,
):
    rating_ballot(dongkou_staff, dongkou, dongkou_units)
    draft = rating_ballot(dongkou_staff, dongkou, dongkou_units[:1], opened=False)
    Ballot.objects.filter(pk=draft.pk).update(title="洞口县2026年度部门满意度测评（草稿）")
    unit = HandlingUnit.objects.create(name="临武县教育局", region_id=LINWU)
    other = rating_ballot(linwu_staff, linwu, [unit], opened=False)

    browser_login(page, live_server, "dongkou_staff")
    page.goto(f"{live_server.url}/ballots/")
    page.wait_for_selector("[data-testid=ballots-table] .el-table__row")
    assert page.inner_text("[data-testid=total]") == "共 2 条"
    table = page.inner_text("[data-testid=ballots-table]")
    assert "（草稿）" in table and "临武县" not in table
    assert "投票中" in table and "草稿" in table and "0 / 3" in table and "未发布" in table
    checked(page, script_errors, "ballots-list-staff-desktop")

    choose(page, "filter-status", "投票中")
    page.wait_for_selector("[data-testid=total] >> text=共 1 条")
    assert "（草稿）" not in page.inner_text("[data-testid=ballots-table]")
    assert "status=open" in page.url  # a link opens the list filtered

    page.click("[data-testid=new-ballot]")
    page.wait_for_selector("[data-testid=ballot-form] >> text=洞口县人民代表大会")
    assert page.locator("[data-testid=ballot-form] >> text=洞口县教育局").count() == 0  # closed
    settled(page)
    checked(page, script_errors, "ballots-new-form-staff-desktop")
    page.keyboard.press("Escape")

    page.locator("[data-testid=ballots-table] .el-table__row").first.click()
    page.wait_for_url(lambda url: "/ballots/" in url and url.rstrip("/")[-1].isdigit())
    assert page.goto(f"{live_server.url}/ballots/{other.pk}/").status == 404


def test_staff_edit_a_draft_see_the_field_error_save_and_publish(
    live_server, page, script_errors, dongkou_staff, voters, dongkou_units, dongkou
):
    draft = rating_ballot(dongkou_staff, dongkou, dongkou_units[:2], opened=False)
    browser_login(page, live_server, "dongkou_staff")
    page.goto(f"{live_server.url}/ballots/{draft.pk}/")
    page.wait_for_selector("[data-testid=draft-hint]")
    assert "草稿" in page.inner_text("[data-testid=ballot-status]")
    assert page.locator("[data-testid=item-row]").count() == 2
    checked(page, script_errors, "ballots-draft-staff-desktop")

    page.click("[data-testid=edit-ballot]")
    title = page.locator("[data-testid=ballot-form] input[data-testid=ballot-title-input]")
    title.wait_for()
    assert title.input_value() == draft.title
    title.fill("")
    page.click("[data-testid=ballot-form-submit]")
    page.wait_for_selector("[data-testid=ballot-form] .el-form-item__error")
    assert "请填写此项" in page.inner_text("[data-testid=ballot-form] .el-form-item__error")
    assert Ballot.objects.get(pk=draft.pk).title == draft.title  # nothing stored
    title.fill("洞口县2026年度部门满意度测评（修改后）")
    page.locator("[data-testid=ballot-form] .el-form-item__error").wait_for(state="detached")
    expected_400(script_errors)
    page.click("[data-testid=ballot-form-submit]")
    page.wait_for_selector(".detail-title >> text=修改后")
    assert Ballot.objects.get(pk=draft.pk).title == "洞口县2026年度部门满意度测评（修改后）"

    page.click("[data-testid=open-ballot]")
    page.click(CANCEL)  # a cancelled confirm is an answer, not an error
    page.wait_for_timeout(300)
    assert Ballot.objects.get(pk=draft.pk).status == Ballot.Status.DRAFT
    page.click("[data-testid=open-ballot]")
    page.click(CONFIRM)
    page.wait_for_selector("[data-testid=close-ballot]")
    assert Ballot.objects.get(pk=draft.pk).status == Ballot.Status.OPEN
    assert "投票中" in page.inner_text("[data-testid=ballot-status]")
    assert page.locator("[data-testid=edit-ballot]").count() == 0  # no editing once open
    checked(page, script_errors, "ballots-published-staff-desktop")


def test_staff_enter_hand_counted_paper_totals_in_the_grid(
    live_server, page, script_errors, dongkou_staff, voters, dongkou_units, dongkou
):
    ballot = rating_ballot(dongkou_staff, dongkou, dongkou_units[:2])
    browser_login(page, live_server, "dongkou_staff")
    page.goto(f"{live_server.url}/ballots/{ballot.pk}/")
    page.click("[data-testid=paper-button]")
    page.wait_for_selector("[data-testid=paper-grid]")
    page.fill("[data-testid=paper-papers] input", "2")
    rows = page.locator("[data-testid=paper-grid] tbody tr")
    rows.nth(0).locator("input").nth(0).fill("2")  # item 1: 满意 2
    rows.nth(1).locator("input").nth(1).fill("1")  # item 2: 基本满意 1
    rows.nth(1).locator("input").nth(2).fill("1")  # item 2: 不满意 1
    page.locator("[data-testid=paper-grid] thead").click()  # blur: the last number is committed
    assert rows.nth(1).locator("td").last.inner_text().strip() == "2"
    settled(page)
    checked(page, script_errors, "ballots-paper-grid-staff-desktop")
    page.click("[data-testid=paper-dialog-submit]")
    page.wait_for_selector("[data-testid=turnout-paper] >> text=2")
    entry = PaperEntry.objects.get(ballot=ballot)
    assert entry.papers == 2
    paper = {(t.item.order, t.answer): t.paper for t in Tally.objects.filter(ballot=ballot)}
    assert paper[(1, "satisfied")] == 2 and paper[(2, "basic")] == 1
    assert paper[(2, "dissatisfied")] == 1 and sum(paper.values()) == 4


def test_staff_close_a_ballot_and_see_the_fixed_result(
    live_server, page, script_errors, dongkou_staff, voters, dongkou_units, dongkou
):
    ballot = rating_ballot(dongkou_staff, dongkou, dongkou_units)
    items = list(ballot.items.order_by("order"))
    ballot_vote(deputy=voters[0], ballot=ballot, answers={i.pk: "satisfied" for i in items})
    ballot_vote(
        deputy=voters[1],
        ballot=ballot,
        answers={items[0].pk: "satisfied", items[1].pk: "basic", items[2].pk: "dissatisfied"},
    )
    browser_login(page, live_server, "dongkou_staff")
    page.goto(f"{live_server.url}/ballots/{ballot.pk}/")
    page.wait_for_selector("[data-testid=turnout-electronic] >> text=2")
    assert page.inner_text("[data-testid=turnout-rate]") == "66.7%"
    assert page.locator("[data-testid=results]").count() == 0  # no result while open
    page.click("[data-testid=close-ballot]")
    page.click(CONFIRM)
    page.wait_for_selector("[data-testid=results] .el-table__row")
    assert "已结束" in page.inner_text("[data-testid=ballot-status]")
    rows = page.locator("[data-testid=results] .el-table__row")
    first, last = rows.nth(0).inner_text(), rows.nth(2).inner_text()
    assert "洞口县教育局" in first and "100.0%" in first
    assert "洞口县交通运输局" in last and "50.0%" in last and "列入" in last  # over 20%
    page.wait_for_timeout(600)  # the chart's animation
    checked(page, script_errors, "ballots-result-staff-desktop")


def test_the_supervisor_reads_ballots_and_turnout_without_actions(
    live_server, page, script_errors, supervisor, dongkou_staff, voters, dongkou_units, dongkou
):
    ballot = rating_ballot(dongkou_staff, dongkou, dongkou_units)
    ballot_vote(
        deputy=voters[0], ballot=ballot, answers={i.pk: "basic" for i in ballot.items.all()}
    )
    browser_login(page, live_server, "dongkou_leader")
    page.goto(f"{live_server.url}/ballots/")
    page.wait_for_selector("[data-testid=ballots-table] .el-table__row")
    assert "1 / 3" in page.inner_text("[data-testid=ballots-table]")
    assert page.locator("[data-testid=new-ballot]").count() == 0
    checked(page, script_errors, "ballots-list-supervisor-desktop")
    page.goto(f"{live_server.url}/ballots/{ballot.pk}/")
    page.wait_for_selector("[data-testid=turnout-electronic] >> text=1")
    for action in ("close-ballot", "paper-button", "edit-ballot", "open-ballot"):
        assert page.locator(f"[data-testid={action}]").count() == 0
    checked(page, script_errors, "ballots-detail-supervisor-desktop")


def test_staff_collect_a_candidate_screen_it_and_assign_a_chosen_project(
    live_server,
    page,
    script_errors,
    dongkou_staff,
    board,  # noqa: F811
    dongkou_units,
):
    browser_login(page, live_server, "dongkou_staff")
    page.goto(f"{live_server.url}/ballots/projects/?year=2026")
    page.wait_for_selector("[data-testid=project-card]")
    text = page.inner_text("[data-testid=project-board]")
    assert "候选：乡村公厕改造" in text and "民生项目1" in text and "候选与筛选" in text
    chosen = page.locator("[data-testid=project-summary] .stat-card").first.inner_text()
    assert chosen.split() == ["当选项目", "2"]
    checked(page, script_errors, "ballots-projects-staff-desktop")

    page.click("[data-testid=new-project]")
    page.wait_for_selector("[data-testid=project-form] >> text=申报部门")
    page.click("[data-testid=project-form-submit]")
    page.wait_for_selector("[data-testid=project-form] .el-form-item__error")
    assert "请填写此项" in page.inner_text("[data-testid=project-form]")
    assert LivelihoodProject.objects.count() == 5  # nothing stored
    expected_400(script_errors)
    page.fill("[data-testid=project-title]", "城区停车场建设")
    choose(page, "source-unit", "洞口县交通运输局")
    page.click("[data-testid=project-form-submit]")
    page.wait_for_selector(".detail-title >> text=城区停车场建设")
    created = LivelihoodProject.objects.get(title="城区停车场建设")
    assert created.source_unit.name == "洞口县交通运输局" and created.year == 2026
    assert "候选" in page.inner_text("[data-testid=project-status]")

    page.click("[data-testid=screen-project]")
    page.click("[data-testid=screen-dialog-submit]")  # feasible, shortlisted: the defaults
    page.wait_for_selector("[data-testid=project-status] >> text=入围票决")
    created.refresh_from_db()
    assert created.status == "shortlisted" and created.feasibility == "feasible"
    checked(page, script_errors, "ballots-project-candidate-staff-desktop")

    second = board["elected"][1]
    page.goto(f"{live_server.url}/ballots/projects/{second.pk}/")
    page.click("[data-testid=assign-project]")
    choose(page, "responsible-unit", "洞口县卫生健康局")
    page.fill("[data-testid=budget] input", "350")
    page.click("[data-testid=assign-dialog-submit]")
    page.wait_for_selector(".detail-fields >> text=洞口县卫生健康局")
    second.refresh_from_db()
    assert second.responsible_unit.name == "洞口县卫生健康局" and second.budget == 350
    checked(page, script_errors, "ballots-project-chosen-staff-desktop")


def test_the_responsible_unit_reports_a_milestone_with_evidence_and_a_report(
    live_server,
    page,
    script_errors,
    board,  # noqa: F811
    settings,
    tmp_path,
):
    settings.MEDIA_ROOT = tmp_path
    chosen = LivelihoodProject.objects.get(pk=board["chosen"].pk)
    make_user("dongkou_slj", role=Role.HANDLING_UNIT, unit=chosen.responsible_unit, name="水利局")
    evidence = tmp_path / "中标通知书.pdf"
    evidence.write_bytes(b"%PDF-1.4 evidence")
    browser_login(page, live_server, "dongkou_slj")
    page.goto(f"{live_server.url}/ballots/projects/")
    page.wait_for_selector("[data-testid=project-card]")
    assert page.locator("[data-testid=project-card]").count() == 1  # only the unit's project
    assert page.locator("[data-testid=new-project]").count() == 0
    checked(page, script_errors, "ballots-projects-unit-desktop")

    page.goto(f"{live_server.url}/ballots/projects/{chosen.pk}/")
    page.wait_for_selector("[data-testid=milestones] >> text=完成招标")
    assert page.locator("[data-testid=screen-project]").count() == 0
    page.click("[data-testid=add-milestone]")
    page.fill("[data-testid=milestone-title]", "开工建设")
    page.fill("[data-testid=milestone-due] input", "2026-12-20")
    page.keyboard.press("Enter")
    page.click("[data-testid=milestone-dialog-submit]")
    page.wait_for_selector("[data-testid=milestones] >> text=开工建设")

    page.locator("[data-testid=update-milestone]").last.click()
    page.fill("[data-testid=milestone-progress] .el-input-number input", "50")
    page.keyboard.press("Tab")
    page.set_input_files("[data-testid=evidence-upload-input]", str(evidence))
    page.wait_for_selector("[data-testid=evidence-upload] >> text=中标通知书.pdf")
    page.click("[data-testid=update-dialog-submit]")
    page.wait_for_selector("[data-testid=milestones] >> text=佐证材料")
    milestone = ProjectMilestone.objects.get(project=chosen, title="开工建设")
    assert milestone.progress == 50 and milestone.evidence_file.name.endswith(".pdf")
    chosen.refresh_from_db()
    assert chosen.progress == 45  # (40 + 50) / 2

    page.click("[data-testid=add-report]")
    page.fill("[data-testid=report-dialog] textarea", "已完成招标并开工。")
    page.click("[data-testid=report-dialog-submit]")
    page.wait_for_selector("[data-testid=reports] >> text=已完成招标并开工。")
    assert chosen.reports.get().kind == "mid_year"
    checked(page, script_errors, "ballots-project-unit-desktop")


def test_another_countys_ballot_is_a_404_page_draft_or_open(
    live_server, page, dongkou_staff, linwu_staff, voters, dongkou_units, dongkou
):
    ballot = rating_ballot(dongkou_staff, dongkou, dongkou_units, opened=False)
    browser_login(page, live_server, "linwu_staff")
    assert page.goto(f"{live_server.url}/ballots/{ballot.pk}/").status == 404
    ballot_open(actor=dongkou_staff, ballot=ballot)
    assert page.goto(f"{live_server.url}/ballots/{ballot.pk}/").status == 404
    assert ballot.title not in page.content()


def test_linwu_staff_see_their_own_ballots_only(
    live_server,
    page,
    script_errors,
    dongkou_staff,
    linwu_staff,
    voters,
    dongkou_units,
    dongkou,
    linwu,
):
    make_deputy(linwu, "临武代表", username="linwu_deputy")
    rating_ballot(dongkou_staff, dongkou, dongkou_units)
    mine = rating_ballot(
        linwu_staff, linwu, [HandlingUnit.objects.create(name="临武县教育局", region_id=LINWU)]
    )
    browser_login(page, live_server, "linwu_staff")
    page.goto(f"{live_server.url}/ballots/")
    page.wait_for_selector("[data-testid=ballots-table] .el-table__row")
    table = page.inner_text("[data-testid=ballots-table]")
    assert page.inner_text("[data-testid=total]") == "共 1 条"
    assert mine.title in table and "洞口县" not in table and "0 / 1" in table
    checked(page, script_errors, "ballots-list-other-county-staff-desktop")
