"""In the browser, every evaluation page for the roles that open it: staff keep the archive (enter,
filter, delete, export as a job), run the points (ranking by a region from the tree, recompute as
a job, the rules, the publications), open a township round, score it and watch the ranking move,
read and copy indicator systems; a township scores itself; the archive prints; a deputy reads a
summary of their year on a phone and opens the detail on demand. Each page is checked for
content, script errors and accessibility (axe), and screenshotted into artifacts/."""

from datetime import date
from decimal import Decimal
from io import BytesIO
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from openpyxl import load_workbook

from congress.models import Role
from evaluation.models import (
    ArchiveEntry,
    DeputyPoints,
    EvaluationRound,
    Indicator,
    IndicatorSystem,
    PointsSnapshot,
    RoundTarget,
    VoterReport,
)
from evaluation.performance import points, voter_reports
from evaluation.township import rounds, scoring
from tests.clock import NOW
from tests.conftest import (
    ARTIFACTS,
    axe_check,
    browser_login,
    make_user,
    page_ready,
    screenshot,
)
from tests.evaluation.conftest import entry, make_deputy

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HUAMINGLOU, DAOLIN, HUITANG = "430182102", "430182101", "430182109"
WENCHANG = "430525001"


@pytest.fixture
def phone_errors(phone_page):
    """Uncaught errors and console errors of the phone page (script_errors is the desktop's)."""
    errors = []
    phone_page.on("pageerror", lambda e: errors.append(f"pageerror: {e}"))
    phone_page.on(
        "console", lambda m: errors.append(f"console: {m.text}") if m.type == "error" else None
    )
    return errors


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def unexpected(errors: list[str]) -> list[str]:
    """Script errors but the browser's own log line for a 400 the test provoked on purpose."""
    return [e for e in errors if "status of 400" not in e]


def workbook(download):
    return load_workbook(BytesIO(Path(download.path()).read_bytes()))


def checked(page, name: str) -> None:
    """The page is ready, has no serious accessibility violation, and is screenshotted."""
    page_ready(page)
    axe_check(page)
    screenshot(page, name)


def open_round(staff, system, codes=(DAOLIN, HUAMINGLOU, HUITANG)):
    return rounds.round_open(
        actor=staff,
        system=system,
        name="宁乡市2026年度乡镇（街道）人大工作评价",
        target_codes=list(codes),
        evaluator_ids=[staff.pk],
    )


# --- 乡镇人大工作评价 -------------------------------------------------------------------------


def test_staff_score_a_township_and_see_the_ranking_move(
    live_server, page, script_errors, ningxiang_staff, ningxiang_system
):
    round_ = open_round(ningxiang_staff, ningxiang_system)
    report = Indicator.objects.get(aspect__system=ningxiang_system, name="听取审议专项工作报告")
    meeting = Indicator.objects.get(
        aspect__system=ningxiang_system, name="按时召开乡镇人民代表大会"
    )
    scoring.score_submit(
        actor=ningxiang_staff,
        target=RoundTarget.objects.get(round=round_, region_id=DAOLIN),
        indicator=report,
        stage="review",
        value=Decimal("5"),
        reason="听取审议2项报告",
    )
    browser_login(page, live_server, "ningxiang_staff")
    page.goto(f"{live_server.url}/evaluation/rounds/{round_.pk}/")
    table = page.locator("[data-testid=ranking-table]")
    table.locator("tr:has-text('道林镇')").first.wait_for()
    assert page.inner_text(".detail-title") == "宁乡市2026年度乡镇（街道）人大工作评价"
    assert page.inner_text("[data-testid=round-status]") == "评价中"
    assert "周立新" in page.inner_text(".detail-fields")
    assert table.locator("tbody tr").first.inner_text().startswith("1")
    assert "道林镇" in table.locator("tbody tr").first.inner_text()
    page.locator("[data-testid=ranking-chart] canvas").wait_for()
    checked(page, "evaluation-round-staff-desktop")

    page.click("[data-testid=target-select]")
    page.locator(".el-select-dropdown__item:has-text('花明楼镇')").click()
    page.wait_for_selector("[data-testid=current-total] >> text=花明楼镇")
    page.click(f"[data-testid=score-{meeting.pk}]")
    page.fill("[data-testid=score-value]", "9")
    page.fill("[data-testid=score-reason]", "全年召开两次人代会，程序规范")
    page.click("[data-testid=score-dialog-submit]")
    page.wait_for_selector("text=得分不能超过该指标满分8分")
    page.wait_for_selector("text=该指标须提供佐证材料")
    axe_check(page)
    screenshot(page, "evaluation-round-score-refused-staff-desktop")
    assert not RoundTarget.objects.get(round=round_, region_id=HUAMINGLOU).scores.exists()

    page.fill("[data-testid=score-value]", "8")
    page.fill("[data-testid=score-evidence]", "花明楼镇第十九届人大第六次会议决议")
    page.click("[data-testid=score-dialog-submit]")
    page.wait_for_selector(f"[data-testid=review-{meeting.pk}]:has-text('8')")
    first = table.locator("tbody tr").first
    first.locator("text=花明楼镇").wait_for()
    assert first.inner_text().startswith("1")
    assert RoundTarget.objects.get(round=round_, region_id=HUAMINGLOU).rank == 1
    assert RoundTarget.objects.get(round=round_, region_id=DAOLIN).rank == 2
    screenshot(page, "evaluation-round-after-staff-desktop")

    with page.expect_download() as info:
        page.click("[data-testid=export]")
    sheet = workbook(info.value)["评价结果"]
    assert sheet["B3"].value == "花明楼镇"

    page.click("[data-testid=close-round]")
    page.locator(".el-message-box__btns button:has-text('取消')").click()
    page.wait_for_selector(".el-message-box", state="hidden")
    assert EvaluationRound.objects.get(pk=round_.pk).status == "open"
    page.click("[data-testid=close-round]")
    page.locator(".el-message-box__btns button:has-text('确定')").click()
    page.wait_for_selector("[data-testid=closed-notice]")
    assert page.inner_text("[data-testid=round-status]") == "已结束"
    assert page.locator(f"[data-testid=score-{meeting.pk}]").count() == 0
    assert EvaluationRound.objects.get(pk=round_.pk).status == "closed"
    screenshot(page, "evaluation-round-closed-staff-desktop")
    assert unexpected(script_errors) == []


def test_a_township_assesses_itself_and_sees_only_itself(
    live_server, page, script_errors, ningxiang_staff, ningxiang_system
):
    round_ = open_round(ningxiang_staff, ningxiang_system)
    make_user("huaminglou_staff", role=Role.STAFF, region=HUAMINGLOU, name="花明楼镇人大")
    meeting = Indicator.objects.get(
        aspect__system=ningxiang_system, name="按时召开乡镇人民代表大会"
    )
    browser_login(page, live_server, "huaminglou_staff")
    page.goto(f"{live_server.url}/evaluation/rounds/{round_.pk}/")
    page.wait_for_selector("[data-testid=current-total] >> text=花明楼镇")
    rows = page.locator("[data-testid=ranking-table] tbody tr")
    assert rows.count() == 1 and "花明楼镇" in rows.first.inner_text()
    assert page.locator("[data-testid=close-round]").count() == 0
    checked(page, "evaluation-round-township-desktop")

    page.click(f"[data-testid=score-{meeting.pk}]")
    dialog = page.locator("[data-testid=score-dialog]")
    assert dialog.locator("label:has-text('评审')").get_attribute("class").count("is-disabled")
    page.fill("[data-testid=score-value]", "7")
    page.fill("[data-testid=score-reason]", "召开两次人代会")
    page.fill("[data-testid=score-evidence]", "会议决议")
    page.click("[data-testid=score-dialog-submit]")
    page.wait_for_selector(f"[data-testid=self-{meeting.pk}]:has-text('7')")
    score = RoundTarget.objects.get(round=round_, region_id=HUAMINGLOU).scores.get()
    assert (score.stage, score.value) == ("self", Decimal("7"))
    assert script_errors == []


def test_staff_open_a_round_for_the_townships_they_choose(
    live_server, page, script_errors, ningxiang_staff, ningxiang_system
):
    open_round(ningxiang_staff, ningxiang_system)
    browser_login(page, live_server, "ningxiang_staff")
    page.goto(f"{live_server.url}/evaluation/rounds/")
    page.wait_for_selector(
        "[data-testid=rounds-table] >> text=宁乡市2026年度乡镇（街道）人大工作评价"
    )
    assert page.inner_text("[data-testid=total]") == "共 1 条"
    assert "评价中" in page.inner_text("[data-testid=rounds-table]")
    checked(page, "evaluation-rounds-staff-desktop")

    page.fill("[data-testid=year]", "2025")
    page.keyboard.press("Enter")
    page.wait_for_selector("[data-testid=total] >> text=共 0 条")
    page.fill("[data-testid=year]", "")
    page.keyboard.press("Enter")
    page.wait_for_selector("[data-testid=total] >> text=共 1 条")

    page.click("[data-testid=new-round]")
    page.click("[data-testid=round-system]")
    page.locator(".el-select-dropdown__item:has-text('宁乡市')").click()
    dialog = page.locator("[data-testid=round-dialog]")
    dialog.locator(".el-checkbox:has-text('道林镇')").wait_for()
    assert page.input_value("[data-testid=round-name]") == "宁乡市2026年度乡镇（街道）人大工作评价"
    page.fill("[data-testid=round-name]", "宁乡市2026年度乡镇人大工作第二次评价")
    page.click("[data-testid=round-all]")  # none
    page.click("[data-testid=round-dialog-submit]")
    dialog.locator(".el-form-item__error").first.wait_for()
    assert EvaluationRound.objects.count() == 1
    axe_check(page)
    dialog.locator(".el-checkbox:has-text('道林镇')").click()
    dialog.locator(".el-checkbox:has-text('花明楼镇')").click()
    page.click("[data-testid=round-dialog-submit]")
    page.wait_for_url("**/evaluation/rounds/*/")
    made = EvaluationRound.objects.get(name="宁乡市2026年度乡镇人大工作第二次评价")
    assert set(made.targets.values_list("region_id", flat=True)) == {DAOLIN, HUAMINGLOU}
    page.wait_for_selector("[data-testid=ranking-table] >> text=花明楼镇")
    assert unexpected(script_errors) == []


def test_a_supervisor_reads_the_rounds_without_changing_them(
    live_server, page, script_errors, ningxiang_staff, ningxiang_system
):
    round_ = open_round(ningxiang_staff, ningxiang_system)
    make_user("ningxiang_leader", role=Role.SUPERVISOR, region="430182", name="宁乡市人大领导")
    browser_login(page, live_server, "ningxiang_leader")
    page.goto(f"{live_server.url}/evaluation/rounds/")
    page.wait_for_selector("[data-testid=rounds-table] >> text=宁乡市2026年度")
    assert page.locator("[data-testid=new-round]").count() == 0
    checked(page, "evaluation-rounds-supervisor-desktop")
    page.click("[data-testid=rounds-table] >> text=宁乡市2026年度")
    page.wait_for_url(f"**/evaluation/rounds/{round_.pk}/")
    page.wait_for_selector("[data-testid=ranking-table] >> text=道林镇")
    assert page.locator("[data-testid=compute], [data-testid^=score-]").count() == 0
    checked(page, "evaluation-round-supervisor-desktop")
    assert script_errors == []


def test_staff_read_an_indicator_system_and_copy_it_to_next_year(
    live_server, page, script_errors, ningxiang_staff, ningxiang_system
):
    browser_login(page, live_server, "ningxiang_staff")
    page.goto(f"{live_server.url}/evaluation/systems/")
    page.wait_for_selector("[data-testid=system-name]")
    assert page.inner_text("[data-testid=system-name]") == ningxiang_system.name
    assert page.locator("[data-testid^=aspect-]").count() == 7
    card = page.inner_text("[data-testid=system]")
    assert "按时召开乡镇人民代表大会" in card and "平台数据自动计算" in card
    checked(page, "evaluation-systems-staff-desktop")

    page.fill("[data-testid=copy-year] input", "2027")
    page.click("[data-testid=copy-system]")
    page.locator(".el-message-box__btns button:has-text('确定')").click()
    page.wait_for_selector("text=已复制，可据此发起新一年度的评价")
    copy = IndicatorSystem.objects.get(region_id="430182", year=2027)
    assert page.inner_text("[data-testid=system-name]") == copy.name
    assert script_errors == []


# --- 履职档案 ---------------------------------------------------------------------------------


def test_staff_enter_an_inspection_filter_the_archive_and_delete_it(
    live_server, page, script_errors, dongkou_staff, wang, dongkou_rules
):
    # The form's date is the browser's today; the rules are 2026's.
    page.clock.set_fixed_time(NOW.isoformat())
    entry(wang, "station_visit", date(2026, 6, 6), source="portal", key="visit:1")
    browser_login(page, live_server, "dongkou_staff")
    page.goto(f"{live_server.url}/performance/archive/")
    page.wait_for_selector("[data-testid=entries-table] >> text=王秀英")
    assert page.inner_text("[data-testid=total]") == "共 1 条"
    checked(page, "evaluation-archive-staff-desktop")

    page.click("[data-testid=new-entry]")
    dialog = page.locator(".el-dialog:has-text('录入履职记录')")
    assert dialog.locator(".el-form-item:has-text('日期') input").input_value() == "2026-12-01"
    page.click("[data-testid=entry-deputy]")
    page.keyboard.type("王秀")
    page.locator(".el-select-dropdown__item:has-text('王秀英')").click()
    page.fill("[data-testid=entry-title]", "参加县人大常委会农村公路建设情况视察")
    axe_check(page)
    dialog.locator("button:has-text('保存')").click()
    page.wait_for_selector("[data-testid=entries] >> text=参加县人大常委会农村公路建设情况视察")
    # 3 for the inspection, and the station visit (2) counts now that her points are recomputed
    assert DeputyPoints.objects.get(rule_set=dongkou_rules, deputy=wang).total == 5
    page.wait_for_selector("[data-testid=total] >> text=共 2 条")

    page.click("[data-testid=source-filter]")
    page.locator(".el-select-dropdown__item:has-text('工作人员录入')").click()
    page.wait_for_selector("[data-testid=total] >> text=共 1 条")
    assert "进站履职" not in page.inner_text("[data-testid=entries-table]")
    assert "source=staff" in page.url

    staff_entry = ArchiveEntry.objects.get(source="staff")
    page.click(f"[data-testid=remove-{staff_entry.pk}]")
    page.locator(".el-message-box__btns button:has-text('取消')").click()
    assert ArchiveEntry.objects.filter(pk=staff_entry.pk).exists()
    page.click(f"[data-testid=remove-{staff_entry.pk}]")
    page.locator(".el-message-box__btns button:has-text('确定')").click()
    page.wait_for_selector("[data-testid=total] >> text=共 0 条")
    assert not ArchiveEntry.objects.filter(pk=staff_entry.pk).exists()
    assert DeputyPoints.objects.get(rule_set=dongkou_rules, deputy=wang).total == 2
    assert script_errors == []


def test_staff_export_the_years_archive_as_a_job_with_its_progress(
    live_server, page, script_errors, dongkou_staff, wang
):
    entry(wang, "inspection", date(2026, 5, 10))
    entry(wang, "training", date(2026, 3, 2))
    browser_login(page, live_server, "dongkou_staff")
    page.goto(f"{live_server.url}/performance/archive/")
    page.wait_for_selector("[data-testid=entries-table] >> text=王秀英")
    with page.expect_download() as info:
        page.click("[data-testid=export-archive]")
    page.wait_for_selector("[data-testid=job-dialog] >> text=导出履职档案")
    assert info.value.suggested_filename == "洞口县2026年代表履职档案.xlsx"
    rows = list(workbook(info.value).active.values)
    assert rows[0][:4] == ("代表", "所属区划", "日期", "类别")
    assert sorted(r[3] for r in rows[1:]) == ["参加培训", "视察"]
    page.wait_for_selector("[data-testid=job-download]")
    assert page.get_attribute("[data-testid=job-progress]", "aria-valuenow") == "100"
    checked(page, "evaluation-archive-export-staff-desktop")
    assert script_errors == []


def test_staff_register_a_report_to_voters_with_its_rating(
    live_server, page, script_errors, dongkou_staff, wang
):
    browser_login(page, live_server, "dongkou_staff")
    page.goto(f"{live_server.url}/performance/archive/")
    page.click("[data-testid=new-report]")
    dialog = page.locator(".el-dialog:has-text('登记代表向选民述职')")
    dialog.locator("[data-testid=report-audience]").wait_for()
    axe_check(page)
    page.click("[data-testid=report-dialog-submit]")
    dialog.locator(".el-form-item:has-text('代表') .el-form-item__error").first.wait_for()
    assert not VoterReport.objects.exists()
    page.click("[data-testid=report-deputy]")
    page.keyboard.type("王秀")
    page.locator(".el-select-dropdown__item:has-text('王秀英')").click()
    page.fill("[data-testid=report-audience]", "文昌街道选民代表")
    page.fill("[data-testid=report-content]", "一年来围绕乡村振兴提出建议三件。")
    page.fill("[data-testid=report-satisfied] input", "25")
    page.click("[data-testid=report-dialog-submit]")
    # Entered without approving it, the tally waits for 述职测评审核 before it enters the archive.
    page.wait_for_selector("text=述职记录已登记，选民测评经审核（述职测评审核）后计入履职档案")
    report = VoterReport.objects.get(deputy=wang)
    assert (report.satisfied, report.status) == (25, "pending")
    assert not ArchiveEntry.objects.filter(deputy=wang).exists()
    assert unexpected(script_errors) == []


def test_the_archive_print_page_renders_chinese(
    live_server, page, script_errors, dongkou_staff, wang, dongkou_rules
):
    entry(wang, "inspection", date(2026, 5, 10))
    entry(wang, "meeting_attended", date(2026, 1, 5))
    entry(wang, "meeting_attended", date(2026, 3, 5))
    points.points_recompute(rule_set=dongkou_rules)
    voter_reports.voter_report_create(
        actor=dongkou_staff,
        deputy=wang,
        reported_on=date(2026, 6, 18),
        audience="文昌街道选民",
        attendance=40,
        content="述职报告",
        satisfied=30,
        basically_satisfied=8,
        dissatisfied=2,
        tally_sheet=ContentFile(b"%PDF tally", name="统计表.pdf"),
        approve=True,  # only an approved tally is in the archive
    )
    browser_login(page, live_server, "dongkou_staff")
    page.goto(f"{live_server.url}/performance/archive/{wang.pk}/print/")
    sheet = page.locator("[data-testid=archive-sheet]")
    sheet.wait_for()
    text = sheet.inner_text()
    assert "人大代表履职档案" in text and "文昌街道选民" in text
    assert page.inner_text("[data-testid=deputy-name]") == "王秀英"
    counts = page.inner_text("[data-testid=counts]")
    assert "出席会议" in counts and "2" in counts and "视察" in counts
    assert "95%" in page.inner_text("[data-testid=reports]")
    assert "洞口县2026年代表履职积分办法" in page.inner_text("[data-testid=points]")
    assert page.locator(".shell-aside").count() == 0  # bare: no console around the sheet
    checked(page, "evaluation-archive-print-staff-desktop")
    page.emulate_media(media="print")
    assert not page.locator("[data-testid=print]").is_visible()
    pdf = ARTIFACTS / "evaluation-archive-print.pdf"
    page.pdf(path=str(pdf), format="A4")
    assert pdf.stat().st_size > 10_000
    assert script_errors == []


def test_a_deputy_opens_their_printable_archive_on_a_phone(
    live_server, phone_page, phone_errors, wang
):
    entry(wang, "inspection", date(2026, 5, 10))
    browser_login(phone_page, live_server, "deputy_wang")
    phone_page.goto(f"{live_server.url}/performance/archive/{wang.pk}/print/")
    phone_page.wait_for_selector("[data-testid=entries] >> text=视察")
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 392
    checked(phone_page, "evaluation-archive-print-deputy-phone")
    assert phone_errors == []


# --- 我的履职 ---------------------------------------------------------------------------------


def test_a_deputy_reads_a_summary_of_their_year_on_a_phone_then_the_detail(
    live_server, phone_page, phone_errors, wang, dongkou_rules
):
    for month in range(1, 13):
        entry(wang, "station_visit", date(2026, month, 6), source="portal", key=f"visit:{month}")
    for day in (10, 20):
        entry(wang, "inspection", date(2026, 5, day))
    entry(wang, "meeting_absent", date(2026, 3, 3), quantity=2)
    points.points_recompute(rule_set=dongkou_rules)
    total = DeputyPoints.objects.get(rule_set=dongkou_rules, deputy=wang).total
    browser_login(phone_page, live_server, "deputy_wang")
    phone_page.goto(f"{live_server.url}/performance/me/?year=2026")
    phone_page.wait_for_selector("[data-testid=my-points]")
    assert float(phone_page.inner_text("[data-testid=points-total]")) == float(total)
    assert "全区域第 1 名 / 1 人" in phone_page.inner_text("[data-testid=my-points]")
    assert phone_page.inner_text("[data-testid=kind-station_visit]").split() == ["进站履职", "12"]
    assert phone_page.inner_text("[data-testid=kind-inspection]").split() == ["视察", "2"]
    assert phone_page.inner_text("[data-testid=kind-all]").split() == ["履职记录", "15"]
    # Summary first: the detail stays folded until asked for.
    assert not phone_page.locator("[data-testid=timeline]").is_visible()
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 392
    assert phone_page.evaluate("document.documentElement.scrollHeight") < 1800
    checked(phone_page, "evaluation-my-performance-deputy-phone")

    phone_page.click("[data-testid=kind-inspection]")
    timeline = phone_page.locator("[data-testid=timeline]")
    timeline.wait_for()
    assert timeline.locator(".el-timeline-item").count() == 2
    assert "视察" in timeline.inner_text() and "进站履职" not in timeline.inner_text()
    phone_page.click("[data-testid=kind-all]")
    phone_page.wait_for_function(
        "() => document.querySelectorAll('[data-testid=timeline] .el-timeline-item').length === 15"
    )
    phone_page.click("[data-testid=section-points] .el-collapse-item__header")
    breakdown = phone_page.locator("[data-testid=breakdown]")
    breakdown.wait_for()
    assert "无故缺席会议 × 2" in breakdown.inner_text() and "-2" in breakdown.inner_text()
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 392
    checked(phone_page, "evaluation-my-performance-detail-deputy-phone")
    assert phone_errors == []


def test_a_deputy_registers_a_report_and_downloads_its_file_on_a_phone(
    live_server, phone_page, phone_errors, wang
):
    report = VoterReport.objects.create(
        deputy=wang, reported_on=date(2026, 3, 1), audience="石江镇选民", attendance=40
    )
    report.file.save("述职报告.pdf", ContentFile(b"%PDF report"))
    browser_login(phone_page, live_server, "deputy_wang")
    phone_page.goto(f"{live_server.url}/performance/me/?year=2026")
    phone_page.click("[data-testid=section-reports] .el-collapse-item__header")
    link = phone_page.locator("[data-testid=report-file]")
    link.wait_for()
    assert link.get_attribute("href") == f"/api/v1/performance/voter-reports/{report.pk}/file/"
    with phone_page.expect_download() as info:
        link.click()
    assert info.value.suggested_filename.endswith(".pdf")
    assert Path(info.value.path()).read_bytes() == b"%PDF report"

    phone_page.click("[data-testid=new-report]")
    phone_page.fill("[data-testid=report-audience]", "山门镇选民代表")
    phone_page.fill("[data-testid=report-satisfied] input", "30")
    checked(phone_page, "evaluation-my-performance-report-deputy-phone")
    phone_page.click("[data-testid=report-dialog-submit]")  # neither the text nor its file
    phone_page.wait_for_selector("text=请填写述职报告内容或上传报告附件")
    assert not VoterReport.objects.filter(audience="山门镇选民代表").exists()
    phone_page.set_input_files(
        "[data-testid=report-file-input-input]",
        files=[{"name": "述职.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4 r"}],
    )
    phone_page.click("[data-testid=report-dialog-submit]")
    phone_page.wait_for_selector("[data-testid=report] >> text=山门镇选民代表")
    made = VoterReport.objects.get(audience="山门镇选民代表")
    assert made.deputy == wang and made.file.read() == b"%PDF-1.4 r"
    assert unexpected(phone_errors) == []


# --- 履职积分 ---------------------------------------------------------------------------------


def test_staff_rank_by_a_region_from_the_tree_and_recompute_as_a_job(
    live_server, page, script_errors, dongkou_staff, wang, dongkou_rules
):
    other = make_deputy("李建国", region="430525002")
    entry(wang, "inspection", date(2026, 5, 10))
    entry(other, "training", date(2026, 5, 11))
    points.points_recompute(rule_set=dongkou_rules)
    browser_login(page, live_server, "dongkou_staff")
    page.goto(f"{live_server.url}/performance/points/")
    table = page.locator("[data-testid=ranking-table]")
    table.locator("text=李建国").wait_for()
    assert page.inner_text("[data-testid=total]") == "共 2 人"
    assert table.locator("tbody tr").first.inner_text().split()[:2] == ["1", "王秀英"]
    checked(page, "evaluation-points-staff-desktop")

    page.click("[data-testid=region-picker]")
    page.locator(".el-tree-node__content:has-text('洞口县') .el-tree-node__expand-icon").click()
    page.locator(".el-tree-node__content:has-text('文昌街道')").click()
    page.wait_for_selector("[data-testid=total] >> text=共 1 人")
    assert "李建国" not in table.inner_text()
    assert f"region={WENCHANG}" in page.url

    # Entered straight into the table: only a recompute brings it into the points.
    entry(other, "inspection", date(2026, 6, 1))
    page.click("[data-testid=recompute]")
    page.wait_for_selector("text=已重新计算，1 位代表的积分有变化")
    assert DeputyPoints.objects.get(rule_set=dongkou_rules, deputy=other).total == 4
    assert script_errors == []


def test_staff_change_the_rules_and_publish_a_quarter(
    live_server, page, script_errors, dongkou_staff, wang, dongkou_rules
):
    entry(wang, "inspection", date(2026, 5, 10))
    points.points_recompute(rule_set=dongkou_rules)
    browser_login(page, live_server, "dongkou_staff")
    page.goto(f"{live_server.url}/performance/points/")
    page.wait_for_selector("[data-testid=ranking-table] >> text=王秀英")
    page.click(".el-tabs__item:has-text('积分规则')")
    page.fill("[data-testid=rules-name]", "洞口县2026年代表履职积分办法（修订）")
    page.click("[data-testid=add-rule]")
    page.click("[data-testid=save-rules]")
    page.wait_for_selector("text=同一履职类别只能设置一条规则")
    page.wait_for_selector(".el-message", state="detached")  # the toast's light colours
    checked(page, "evaluation-points-rules-staff-desktop")
    page.locator("[data-testid^=rule-]").last.locator("button:has-text('删除')").click()
    page.click("[data-testid=save-rules]")
    page.wait_for_selector("text=规则已保存，全部代表积分已重新计算")
    dongkou_rules.refresh_from_db()
    assert dongkou_rules.name == "洞口县2026年代表履职积分办法（修订）"

    page.click(".el-tabs__item:has-text('季度公示')")
    page.click("[data-testid=quarter]")
    page.locator(".el-select-dropdown__item:has-text('第2季度')").click()
    page.click("[data-testid=publish]")
    page.locator(".el-message-box__btns button:has-text('确定')").click()
    page.wait_for_selector("[data-testid=snapshots-table] >> text=第2季度")
    assert PointsSnapshot.objects.get(rule_set=dongkou_rules).quarter == 2
    page.click("[data-testid=open-snapshot-2]")
    page.wait_for_selector("[data-testid=snapshot-rows-table] >> text=王秀英")
    checked(page, "evaluation-points-snapshot-staff-desktop")
    assert unexpected(script_errors) == []


def test_a_supervisor_reads_the_points_without_changing_them(
    live_server, page, script_errors, supervisor, wang, dongkou_rules
):
    entry(wang, "inspection", date(2026, 5, 10))
    points.points_recompute(rule_set=dongkou_rules)
    browser_login(page, live_server, "dongkou_leader")
    page.goto(f"{live_server.url}/performance/points/")
    page.wait_for_selector("[data-testid=ranking-table] >> text=王秀英")
    for testid in ("recompute", "new-rule-set", "publish", "save-rules"):
        assert page.locator(f"[data-testid={testid}]").count() == 0
    assert page.locator("[data-testid=export-archive]").count() == 1
    checked(page, "evaluation-points-supervisor-desktop")
    assert script_errors == []


def test_in_english_the_points_and_the_archive_speak_english(
    live_server, page, script_errors, dongkou_staff, wang, dongkou_rules
):
    entry(wang, "inspection", date(2026, 5, 10))
    points.points_recompute(rule_set=dongkou_rules)  # labels stored in Chinese
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    browser_login(page, live_server, "dongkou_staff")
    page.goto(f"{live_server.url}/performance/points/")
    table = page.locator("[data-testid=ranking-table]")
    table.locator("text=王秀英").wait_for()
    assert "Inspection" in table.inner_text() and "视察" not in table.inner_text()
    page.goto(f"{live_server.url}/performance/archive/")
    page.wait_for_selector("[data-testid=entries-table] >> text=王秀英")
    assert "Inspection" in page.inner_text("[data-testid=entries-table]")
    screenshot(page, "evaluation-archive-staff-desktop-en")
    assert script_errors == []
