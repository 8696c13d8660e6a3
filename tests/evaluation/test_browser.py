"""In the browser: staff score a township and watch the ranking move; the archive prints in Chinese;
a deputy reads their own performance on a phone."""

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.base import ContentFile

from evaluation.models import DeputyPoints, Indicator, RoundTarget, VoterReport
from evaluation.performance import points, voter_reports
from evaluation.township import rounds, scoring
from tests.clock import NOW
from tests.conftest import ARTIFACTS, browser_login
from tests.evaluation.conftest import entry

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HUAMINGLOU, DAOLIN, HUITANG = "430182102", "430182101", "430182109"


def test_staff_score_a_township_and_see_the_ranking_move(
    live_server, page, ningxiang_staff, ningxiang_system
):
    round_ = rounds.round_open(
        actor=ningxiang_staff,
        system=ningxiang_system,
        name="宁乡市2026年度乡镇（街道）人大工作评价",
        target_codes=[DAOLIN, HUAMINGLOU, HUITANG],
        evaluator_ids=[ningxiang_staff.pk],
    )
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
    assert table.locator("tbody tr").first.inner_text().startswith("1")
    assert "道林镇" in table.locator("tbody tr").first.inner_text()
    page.screenshot(path=str(ARTIFACTS / "evaluation-round-before.png"), full_page=True)

    page.click("[data-testid=target-select]")
    page.locator(".el-select-dropdown__item:has-text('花明楼镇')").click()
    page.click(f"[data-testid=score-{meeting.pk}]")
    page.fill("[data-testid=score-value]", "9")
    page.fill("[data-testid=score-reason]", "全年召开两次人代会，程序规范")
    page.click("[data-testid=score-save]")
    page.wait_for_selector("text=得分不能超过该指标满分8分")
    page.wait_for_selector("text=该指标须提供佐证材料")
    page.screenshot(path=str(ARTIFACTS / "evaluation-round-refused.png"), full_page=True)

    page.fill("[data-testid=score-value]", "8")
    page.fill("[data-testid=score-evidence]", "花明楼镇第十九届人大第六次会议决议")
    page.click("[data-testid=score-save]")
    page.wait_for_selector(f"[data-testid=review-{meeting.pk}]:has-text('8')")
    first = table.locator("tbody tr").first
    first.locator("text=花明楼镇").wait_for()
    assert first.inner_text().startswith("1")
    assert RoundTarget.objects.get(round=round_, region_id=HUAMINGLOU).rank == 1
    assert RoundTarget.objects.get(round=round_, region_id=DAOLIN).rank == 2
    page.screenshot(path=str(ARTIFACTS / "evaluation-round-after.png"), full_page=True)


def test_the_archive_print_page_renders_chinese(
    live_server, page, dongkou_staff, wang, dongkou_rules
):
    entry(wang, "inspection", date(2026, 5, 10))
    entry(wang, "meeting_attended", date(2026, 1, 5))
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
    )
    browser_login(page, live_server, "dongkou_staff")
    page.goto(f"{live_server.url}/performance/archive/{wang.pk}/print/")
    sheet = page.locator("[data-testid=archive-sheet]")
    text = sheet.inner_text()
    assert (
        "人大代表履职档案" in text
        and "王秀英" in text
        and "视察" in text
        and "文昌街道选民" in text
    )
    page.emulate_media(media="print")
    page.screenshot(path=str(ARTIFACTS / "evaluation-archive-print.png"), full_page=True)
    pdf = ARTIFACTS / "evaluation-archive-print.pdf"
    page.pdf(path=str(pdf), format="A4")
    assert pdf.stat().st_size > 10_000


def test_a_deputy_reads_their_performance_on_a_phone(live_server, phone_page, wang, dongkou_rules):
    entry(wang, "inspection", date(2026, 5, 10))
    entry(wang, "station_visit", date(2026, 6, 6), source="portal", key="visit:1")
    points.points_recompute(rule_set=dongkou_rules)
    browser_login(phone_page, live_server, "deputy_wang")
    phone_page.goto(f"{live_server.url}/performance/me/?year=2026")
    phone_page.wait_for_selector("[data-testid=my-points]")
    assert "5" in phone_page.inner_text("[data-testid=my-points]")
    assert "视察" in phone_page.inner_text("[data-testid=timeline]")
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 392


def test_staff_enter_an_inspection_and_the_deputys_points_follow(
    live_server, page, dongkou_staff, wang, dongkou_rules
):
    # The form's date is the browser's today; the rules are 2026's.
    page.clock.set_fixed_time(NOW.isoformat())
    browser_login(page, live_server, "dongkou_staff")
    page.goto(f"{live_server.url}/performance/archive/")
    page.click("[data-testid=new-entry]")
    page.click("[data-testid=entry-deputy]")
    page.keyboard.type("王秀")
    page.locator(".el-select-dropdown__item:has-text('王秀英')").click()
    page.fill("input[placeholder*='视察']", "参加县人大常委会农村公路建设情况视察")
    page.click(".el-dialog__footer >> text=保存")
    page.wait_for_selector("[data-testid=entries] >> text=参加县人大常委会农村公路建设情况视察")
    assert DeputyPoints.objects.get(rule_set=dongkou_rules, deputy=wang).total == 3


def test_staff_register_a_report_to_voters_with_its_rating(live_server, page, dongkou_staff, wang):
    browser_login(page, live_server, "dongkou_staff")
    page.goto(f"{live_server.url}/performance/archive/")
    page.click("[data-testid=new-report]")
    dialog = page.locator(".el-dialog:has-text('登记代表向选民述职')")
    dialog.locator(".el-select").click()
    page.keyboard.type("王秀")
    page.locator(".el-select-dropdown__item:has-text('王秀英')").click()
    dialog.locator(".el-form-item:has-text('述职对象') input").fill("文昌街道选民代表")
    dialog.locator("textarea").fill("一年来围绕乡村振兴提出建议三件。")
    dialog.locator(".el-form-item:has-text('选民测评') .el-input-number input").first.fill("25")
    dialog.locator("text=保存").click()
    page.wait_for_selector("[data-testid=entries] >> text=向文昌街道选民代表述职")
    assert VoterReport.objects.get(deputy=wang).satisfied == 25


def test_a_deputy_downloads_their_voter_report_file_on_a_phone(
    live_server, phone_page, wang, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    report = VoterReport.objects.create(
        deputy=wang, reported_on=date(2026, 3, 1), audience="石江镇选民", attendance=40
    )
    report.file.save("述职报告.pdf", ContentFile(b"%PDF report"))
    browser_login(phone_page, live_server, "deputy_wang")
    phone_page.goto(f"{live_server.url}/performance/me/?year=2026")
    link = phone_page.locator("[data-testid=report-file]")
    assert link.get_attribute("href") == f"/api/v1/performance/voter-reports/{report.pk}/file/"
    with phone_page.expect_download() as info:
        link.click()
    assert info.value.suggested_filename.endswith(".pdf")
    assert Path(info.value.path()).read_bytes() == b"%PDF report"
    phone_page.screenshot(path=str(ARTIFACTS / "evaluation_voter_report_file_phone.png"))
