"""In the browser, the training pages: a deputy on a phone studies this month's two items
(heartbeats while the material is open, the quiz passed, finished) and the staff's plan progress,
study completion and coverage (with the region's N set on the page) change accordingly; the
deputy's hours and online courses; staff's courses list (filters narrow it), the course page
(material upload, items with a quiz, sessions linking to their meetings events, learners,
cancel with a confirm whose cancel changes nothing), the library and the plans; scope (another
county's course is a 404)."""

import pytest

from tests.conftest import PHONE, axe_check, browser_login, page_ready, screenshot
from tests.training.conftest import attend, offline_course, training_event, upload
from training import views
from training.models import Course, CoverageStandard, Material, StudyAssignment, StudyProgress
from training.services import courses, items, sessions

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CONFIRM = ".el-message-box__btns button.el-button--primary"
CANCEL = ".el-message-box__btns button:not(.el-button--primary)"


def checked(page, errors: list, name: str) -> None:
    page_ready(page)
    # a success toast fades after 3 s (Element Plus's pale green is not the page's to check)
    page.wait_for_selector(".el-message", state="detached", timeout=6000)
    axe_check(page)
    screenshot(page, name)
    assert errors == []


def phone(browser):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(15000)
    errors = []
    page.on("pageerror", lambda e: errors.append(f"pageerror: {e}"))
    page.on("console", lambda m: errors.append(f"console: {m.text}") if m.type == "error" else None)
    return page, errors


def test_a_deputy_studies_on_a_phone_and_the_staff_figures_follow(
    live_server, browser, page, script_errors, dongkou_staff, plan, deputies, clock, monkeypatch
):
    monkeypatch.setattr(views, "BEAT_INTERVAL", 1)
    first, second = list(plan.items.order_by("order"))
    learner, errors = phone(browser)
    browser_login(learner, live_server, "learner_a")
    learner.goto(f"{live_server.url}/me/study/?month=2026-12")
    learner.wait_for_selector("[data-testid=study-summary] >> text=2026年12月一月两学")
    cards = learner.locator("[data-testid=study-item]")
    assert cards.count() == 2
    assert "学习代表法" in cards.nth(0).inner_text() and "观看人大讲堂" in cards.nth(1).inner_text()
    assert "已学完 0 / 2 项" in learner.inner_text("[data-testid=study-summary]")
    checked(learner, errors, "training-my-study-deputy-phone")

    # the video item: open it, heartbeats while it is open, then the quiz (100 to pass)
    video = cards.nth(1)
    video.locator("[data-testid=start-study]").click()
    video.locator("[data-testid=video-player]").wait_for()
    learner.wait_for_timeout(2500)
    video.locator("[data-testid=stop-study]").click()
    learner.wait_for_function(
        "() => !document.querySelectorAll('[data-testid=study-item]')[1]"
        ".querySelector('[data-testid=item-seconds]').textContent.startsWith('0 ')"
    )
    assert StudyProgress.objects.get(item=second, deputy=deputies[0]).seconds >= 1
    video.locator("[data-testid=open-quiz]").click()
    quiz = video.locator("[data-testid=quiz]")
    quiz.locator("fieldset").nth(0).locator("text=一个月").click()
    quiz.locator("fieldset").nth(1).locator("text=视察").click()
    quiz.locator("[data-testid=submit-quiz]").click()
    learner.wait_for_selector("[data-testid=quiz-failed] >> text=得分 0 分")
    quiz.locator("fieldset").nth(0).locator("text=三个月").click()
    quiz.locator("fieldset").nth(1).locator("text=调研").click()
    quiz.locator("[data-testid=submit-quiz]").click()
    video.locator("[data-testid=item-status] >> text=已学完").wait_for()
    progress = StudyProgress.objects.get(item=second, deputy=deputies[0])
    assert progress.passed and progress.best_score == 100 and progress.finished_at

    # the document item needs two minutes: finishing before is refused on the page
    doc = cards.nth(0)
    doc.locator("[data-testid=start-study]").click()
    doc.locator("[data-testid=open-material]").wait_for()
    learner.wait_for_timeout(1500)
    doc.locator("[data-testid=stop-study]").click()
    learner.wait_for_timeout(500)
    assert doc.locator("[data-testid=finish-item]").is_disabled()
    assert "学满 2 分钟后可完成" in doc.inner_text()
    # two minutes of reading later (the server's clock moves; the page keeps beating)
    StudyProgress.objects.filter(item=first, deputy=deputies[0]).update(seconds=118)
    clock.advance(minutes=2)
    doc.locator("[data-testid=start-study]").click()
    learner.wait_for_timeout(2500)
    doc.locator("[data-testid=stop-study]").click()
    doc.locator("[data-testid=finish-item]:not([disabled])").wait_for()
    doc.locator("[data-testid=finish-item]").click()
    doc.locator("[data-testid=item-status] >> text=已学完").wait_for()
    learner.wait_for_selector("[data-testid=month-status] >> text=本月已完成")
    assert StudyAssignment.objects.get(plan=plan, deputy=deputies[0]).finished_at
    checked(learner, errors, "training-my-study-finished-deputy-phone")

    learner.goto(f"{live_server.url}/me/training/")
    learner.wait_for_selector("[data-testid=my-hours]")
    assert learner.inner_text("[data-testid=my-hours]") == "3"
    learner.click("[data-testid=toggle-rows]")
    assert "学习代表法" in learner.inner_text("[data-testid=hours-rows]")
    checked(learner, errors, "training-my-training-deputy-phone")
    learner.context.close()

    # staff: the plan's progress and the figures show it
    browser_login(page, live_server, "dongkou_staff")
    page.goto(f"{live_server.url}/training/plans/{plan.pk}/")
    page.wait_for_selector("[data-testid=progress] >> text=学员a")
    row = page.locator("[data-testid=progress] .el-table__row", has_text="学员a")
    assert "已完成" in row.inner_text() and "100 分" in row.inner_text()
    assert "共 3 人" in page.inner_text("[data-testid=progress] [data-testid=total]")
    page.click("[data-testid=filter-finished]")
    page.locator(".el-select-dropdown__item:visible", has_text="已完成").click()
    page.wait_for_function(
        "() => document.querySelector('[data-testid=progress] [data-testid=total]')"
        ".textContent.includes('共 1 人')"
    )
    checked(page, script_errors, "training-plan-staff-desktop")

    page.goto(f"{live_server.url}/training/figures/")
    page.wait_for_selector("[data-testid=study-rate]")
    assert page.inner_text("[data-testid=study-rate]") == "33.3%"
    assert page.inner_text("[data-testid=coverage-serving]") == "3"
    assert page.inner_text("[data-testid=coverage-trained]") == "0"  # N is 8 by default
    page.click("[data-testid=edit-standard]")
    page.fill("[data-testid=standard-hours] input", "3")
    page.click("[data-testid=standard-form-submit]")
    page.wait_for_function(
        "() => document.querySelector('[data-testid=coverage-trained]').textContent.trim() === '1'"
    )
    assert CoverageStandard.objects.get(region_id="430525").min_hours == 3
    assert page.inner_text("[data-testid=coverage-rate]") == "33.3%"
    own = page.locator("[data-testid=coverage-rows] .el-table__row", has_text="（本级）")
    own.locator("[data-testid=show-trained]").click()
    page.wait_for_selector("[data-testid=drill-list] >> text=学员a")
    assert "共 1 人" in page.inner_text("[data-testid=drill-list] [data-testid=total]")
    page.locator("[data-testid=show-study-finished]").first.click()
    page.wait_for_selector("[data-testid=drill-list] >> text=2026年12月一月两学")
    checked(page, script_errors, "training-figures-staff-desktop")


def test_staff_courses_course_page_library_and_plans(
    live_server, page, script_errors, dongkou_staff, dongkou, deputies, material, video, plan
):
    offline = offline_course(dongkou_staff)
    event = training_event(dongkou_staff, dongkou.region)
    sessions.session_create(actor=dongkou_staff, course=offline, event_id=event.pk, hours=3)
    attend(dongkou_staff, event, deputies[:2])
    online = offline_course(dongkou_staff, title="专题培训：预算审查监督", mode="online", hours=4)
    items.item_add(actor=dongkou_staff, course=online, title="预算法解读", material_id=material.pk)

    browser_login(page, live_server, "dongkou_staff")
    page.goto(f"{live_server.url}/training/courses/")
    page.wait_for_selector("[data-testid=course-link] >> text=专题培训：预算审查监督")
    assert "共 2 门" in page.inner_text("[data-testid=total]")
    page.click("[data-testid=filter-mode]")
    page.locator(".el-select-dropdown__item:visible", has_text="线上").click()
    page.wait_for_function(
        "() => document.querySelector('[data-testid=total]').textContent.includes('共 1 门')"
    )
    assert "2026年度代表履职能力提升培训班" not in page.inner_text("[data-testid=courses]")
    checked(page, script_errors, "training-courses-staff-desktop")

    page.goto(f"{live_server.url}/training/courses/{offline.pk}/")
    page.wait_for_selector("[data-testid=session-link]")
    assert page.get_attribute("[data-testid=session-link]", "href") == f"/meetings/{event.pk}/"
    assert page.inner_text("[data-testid=session-attended]") == "2 / 2"
    page.wait_for_selector("[data-testid=learners] >> text=学员b")
    assert "共 2 人" in page.inner_text("[data-testid=learners] [data-testid=total]")
    page.set_input_files(
        "[data-testid=material-upload] input[type=file]",
        files=[{"name": "培训讲义.pdf", "mimeType": "application/pdf",
                "buffer": b"%PDF-1.4\n% handout\n"}],
    )  # fmt: skip
    page.wait_for_selector("[data-testid=material-row] >> text=培训讲义")
    assert Material.objects.filter(course=offline, file_name="培训讲义.pdf").exists()
    page.click("[data-testid=cancel-course]")
    page.click(CANCEL)
    page.wait_for_timeout(300)
    assert Course.objects.get(pk=offline.pk).status == "open"
    checked(page, script_errors, "training-course-offline-staff-desktop")
    page.click("[data-testid=cancel-course]")
    page.click(CONFIRM)
    page.wait_for_selector("[data-testid=course-status] >> text=已取消")
    assert Course.objects.get(pk=offline.pk).status == "cancelled"

    page.goto(f"{live_server.url}/training/courses/{online.pk}/")
    page.wait_for_selector("[data-testid=items] >> text=预算法解读")
    page.click("[data-testid=add-item]")
    page.fill("[data-testid=item-title]", "观看人大讲堂")
    page.click("[data-testid=item-material]")
    page.locator(".el-select-dropdown__item:visible", has_text="人大讲堂").click()
    page.click("[data-testid=add-question]")
    page.fill("[data-testid=question-text]", "代表建议几个月内答复？")
    page.locator("[data-testid=choice-text]").nth(0).fill("一个月")
    page.locator("[data-testid=choice-text]").nth(1).fill("三个月")
    page.locator("[data-testid=choice-right]").nth(1).click()
    page.click("[data-testid=item-form-submit]")
    page.wait_for_selector("[data-testid=items] >> text=观看人大讲堂")
    added = online.items.get(title="观看人大讲堂")
    assert [(q.text, q.answers) for q in added.questions.all()] == [("代表建议几个月内答复？", [1])]
    checked(page, script_errors, "training-course-online-staff-desktop")

    page.goto(f"{live_server.url}/training/materials/")
    page.wait_for_selector("[data-testid=material-link] >> text=人大讲堂：如何提出高质量建议")
    page.click("[data-testid=filter-kind]")
    page.locator(".el-select-dropdown__item:visible", has_text="视频").click()
    page.wait_for_function(
        "() => document.querySelector('[data-testid=total]').textContent.includes('共 1 份')"
    )
    checked(page, script_errors, "training-materials-staff-desktop")

    page.goto(f"{live_server.url}/training/plans/")
    page.wait_for_selector("[data-testid=plan-link] >> text=2026年12月一月两学")
    assert page.inner_text("[data-testid=plan-progress]") == "0 / 3"
    checked(page, script_errors, "training-plans-staff-desktop")


def test_another_countys_course_is_a_404_and_a_deputy_cannot_open_staff_pages(
    live_server, page, dongkou_staff, linwu_staff, deputies
):
    course = courses.course_create(
        actor=dongkou_staff, title="洞口县专题培训", year=2026, kind="thematic", mode="online",
        hours=2,
    )  # fmt: skip
    upload(dongkou_staff)
    browser_login(page, live_server, "linwu_staff")
    assert page.goto(f"{live_server.url}/training/courses/{course.pk}/").status == 404
    assert page.goto(f"{live_server.url}/training/courses/").status == 200
    page.context.clear_cookies()
    browser_login(page, live_server, "learner_a")
    assert page.goto(f"{live_server.url}/training/courses/").status == 403
    assert page.goto(f"{live_server.url}/me/training/courses/{course.pk}/").status == 200
