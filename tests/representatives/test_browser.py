"""In a real browser, every page of the register for the roles that open it: county staff import
a register file (a bad one first), find a deputy by pinyin initials, export, create accounts,
register and edit a deputy, end and regroup a mandate; the supervisor reads; a deputy corrects
their phone and photo on a phone; the composition statistics on a desk and on a phone, in
Chinese and in English. Each page: mounted, its content asserted, axe-core clean, a screenshot
in artifacts/, no script error."""

import io
from datetime import date

import pytest
from PIL import Image

from congress.models import Job, Role
from congress.personal import make_id_number
from representatives.models import Deputy, DeputyGroup, Mandate
from tests.conftest import axe_check, browser_login, make_user, page_ready, screenshot
from tests.representatives.conftest import SHANMEN, make_deputy, person_row, register_file

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def write_file(tmp_path, rows, name):
    path = tmp_path / name
    path.write_bytes(register_file(rows).getvalue())
    return str(path)


def watch_errors(page) -> list[str]:
    """What the script_errors fixture collects, for a page that is not the `page` fixture."""
    errors = []
    page.on("pageerror", lambda e: errors.append(f"pageerror: {e}"))
    page.on("console", lambda m: errors.append(f"console: {m.text}") if m.type == "error" else None)
    return errors


def no_script_errors(errors: list[str]) -> None:
    """None but the browser's note of a 400 the test provoked on purpose (bad input)."""
    assert [e for e in errors if "status of 400" not in e] == []


def settle(page) -> None:
    """Pointer and focus off the button just clicked: axe judges the page at rest."""
    page.mouse.move(0, 0)
    page.evaluate("document.activeElement && document.activeElement.blur()")


def checked(page, name: str, errors: list[str]) -> None:
    settle(page)
    axe_check(page)
    screenshot(page, name)
    no_script_errors(errors)


@pytest.fixture
def register(dongkou_term):
    group = DeputyGroup.objects.create(
        congress=dongkou_term.congress, name="山门镇代表小组", region_id=SHANMEN
    )
    return {
        "zhang": make_deputy("张三", term=dongkou_term, group=group),
        "li": make_deputy("李芳", gender="F", term=dongkou_term, occupation="worker"),
        "wang": make_deputy("王五", term=dongkou_term, ethnicity="瑶族", phone="13900001111"),
        "group": group,
    }


@pytest.fixture
def deputy_user(dongkou_term):
    deputy = make_deputy("王秀英", gender="F", term=dongkou_term, workplace="山门镇中心小学")
    deputy.user = make_user("deputy_wxy", role=Role.DEPUTY, name="王秀英")
    deputy.save(update_fields=["user"])
    return deputy


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


# --- 代表名册 ---------------------------------------------------------------------------------


def test_staff_import_a_register_as_a_job_and_find_a_deputy_by_pinyin_initials(
    live_server, page, script_errors, tmp_path, dongkou_staff, dongkou_term
):
    rows = [
        person_row("张三", make_id_number("430525", date(1975, 3, 8), 11, "M")),
        person_row("李明", make_id_number("430525", date(1982, 7, 1), 12, "F"), gender="女"),
        person_row("王芳", make_id_number("430525", date(1990, 11, 30), 14, "F")),
    ]
    bad = [row[:] for row in rows]
    bad[1][5] = "1381234"  # a phone number two digits short, on spreadsheet row 3
    browser_login(page, live_server, "dongkou_staff")
    page.goto(f"{live_server.url}/deputies/")
    page_ready(page)
    assert "共 0 人" in page.inner_text("[data-testid=total]")

    page.click("[data-testid=open-import]")
    page.wait_for_selector("[data-testid=import-dialog] >> text=洞口县人民代表大会")
    page.set_input_files("[data-testid=import-file]", write_file(tmp_path, bad, "有错误.xlsx"))
    page.click("[data-testid=import-submit]")
    page.wait_for_selector(".import-errors >> text=手机号码")
    errors = page.inner_text(".import-errors")
    assert "3" in errors and "11位" in errors
    assert not Deputy.objects.exists()
    assert Job.objects.get().status == "failed"
    page.locator("[data-testid=job-progress]").wait_for(state="hidden")  # the rows are named here

    page.set_input_files("[data-testid=import-file]", write_file(tmp_path, rows, "名册.xlsx"))
    page.click("[data-testid=import-submit]")
    page.wait_for_selector("[data-testid=import-result]")
    assert "新增 3" in page.inner_text("[data-testid=import-result]")
    page.locator("[data-testid=job-progress]").wait_for(state="hidden")
    settle(page)
    axe_check(page)
    screenshot(page, "representatives-import-staff-desktop")
    page.keyboard.press("Escape")
    page.wait_for_selector("[data-testid=total] >> text=共 3 人")

    page.fill("[data-testid=search]", "zs")
    page.keyboard.press("Enter")
    page.wait_for_selector("[data-testid=total] >> text=共 1 人")
    table = page.inner_text("[data-testid=deputies-table]")
    assert "张三" in table and "李明" not in table
    assert "430525********" in table or "138****5678" in table
    checked(page, "representatives-list-staff-desktop", script_errors)

    page.click("[data-testid=deputies-table] >> text=张三")
    page.wait_for_selector("[data-testid=deputy-detail] .detail-title >> text=张三")
    page_ready(page)
    page.click("[data-testid=reveal]")
    page.wait_for_selector("[data-testid=id-number] >> text=" + rows[0][4])
    assert "审计日志" in page.inner_text("[data-testid=deputy-detail]")


def test_staff_filter_and_export_the_register_as_shown(
    live_server, page, script_errors, dongkou_staff, register
):
    browser_login(page, live_server, "dongkou_staff")
    page.goto(f"{live_server.url}/deputies/?category=worker")
    page_ready(page)
    page.wait_for_selector("[data-testid=total] >> text=共 1 人")
    assert "李芳" in page.inner_text("[data-testid=deputies-table]")
    assert "张三" not in page.inner_text("[data-testid=deputies-table]")

    with page.expect_download() as download:
        page.click("[data-testid=export]")
    assert download.value.suggested_filename.startswith("代表名册")
    job = Job.objects.get()
    assert (job.kind, job.status) == ("deputy_export", "done")
    assert job.params == {"category": "worker", "status": "serving"}
    page.wait_for_selector("[data-testid=job-dialog] >> text=已完成")
    screenshot(page, "representatives-export-job-staff-desktop")
    page.get_by_role("button", name="关闭", exact=True).click()
    page.locator("[data-testid=job-progress]").wait_for(state="hidden")
    checked(page, "representatives-export-staff-desktop", script_errors)


def test_staff_create_accounts_for_the_selected_deputies(
    live_server, page, script_errors, dongkou_staff, register
):
    browser_login(page, live_server, "dongkou_staff")
    page.goto(f"{live_server.url}/deputies/")
    page_ready(page)
    page.wait_for_selector("[data-testid=total] >> text=共 3 人")
    page.locator("[data-testid=deputies-table] .el-table__body .el-checkbox").first.click()
    page.click("[data-testid=batch-accounts]")
    assert "1 位代表" in page.inner_text(".el-message-box")
    page.click(".el-message-box >> text=取消")  # a cancel is an answer, nothing happens
    page.wait_for_selector(".el-message-box", state="hidden")
    assert not Deputy.objects.filter(user__isnull=False).exists()

    page.click("[data-testid=batch-accounts]")
    page.click(".el-message-box >> text=确定")
    page.wait_for_selector("[data-testid=accounts-table] >> text=初始密码")
    assert Deputy.objects.filter(user__isnull=False).count() == 1
    username = Deputy.objects.get(user__isnull=False).user.username
    assert username in page.inner_text("[data-testid=accounts-table]")
    checked(page, "representatives-accounts-staff-desktop", script_errors)


def test_the_supervisor_reads_the_register_and_a_record_without_staff_actions(
    live_server, page, script_errors, supervisor, register
):
    browser_login(page, live_server, "dongkou_leader")
    page.goto(f"{live_server.url}/deputies/")
    page_ready(page)
    page.wait_for_selector("[data-testid=total] >> text=共 3 人")
    assert page.locator("[data-testid=open-import]").count() == 0
    assert page.get_by_text("登记代表").count() == 0
    checked(page, "representatives-list-supervisor-desktop", script_errors)

    page.goto(f"{live_server.url}/deputies/{register['zhang'].pk}/")
    page_ready(page)
    detail = page.inner_text("[data-testid=deputy-detail]")
    assert "张三" in detail and "山门镇代表小组" in detail and "洞口县人民代表大会" in detail
    assert "138****5678" in detail
    for testid in ("edit", "reveal", "open-mandate", "end-mandate", "create-account"):
        assert page.locator(f"[data-testid={testid}]").count() == 0, testid
    checked(page, "representatives-detail-supervisor-desktop", script_errors)


# --- 登记代表 / 编辑代表 -----------------------------------------------------------------------


def pick_region(page, *path: str) -> None:
    """Open the region tree and choose the last of `path`, expanding the ones before it."""
    page.click(".el-select[data-testid=f-region]")
    for name in path[:-1]:
        node = page.locator(".el-tree-node__content", has_text=name).first
        node.locator(".el-tree-node__expand-icon").click()
    page.locator(".el-tree-node__content", has_text=path[-1]).first.click()


def test_staff_register_a_deputy_with_field_errors_then_with_a_mandate(
    live_server, page, script_errors, dongkou_staff, dongkou_term
):
    browser_login(page, live_server, "dongkou_staff")
    page.goto(f"{live_server.url}/deputies/new/")
    page_ready(page)
    page.fill("input[data-testid=f-name]", "赵敏")
    page.fill("input[data-testid=f-id-number]", "4305251980")
    page.click("[data-testid=f-save]")
    page.wait_for_selector(".el-form-item__error >> text=请选择政治面貌")
    field_errors = page.inner_text("[data-testid=deputy-form]")
    assert "请选择政治面貌" in field_errors and "请选择所属区划" in field_errors
    assert not Deputy.objects.exists()
    checked(page, "representatives-form-errors-staff-desktop", script_errors)

    id_number = make_id_number("430525", date(1980, 5, 4), 21, "F")
    page.fill("input[data-testid=f-id-number]", id_number)
    page.locator("input[data-testid=f-id-number]").blur()
    birth = page.locator(".el-form-item", has_text="出生日期").locator("input")
    assert birth.input_value() == "1980-05-04"
    for testid, label in (("f-affiliation", "中共党员"), ("f-education", "大学本科"),
                          ("f-occupation", "农民")):  # fmt: skip
        page.click(f"[data-testid={testid}]")
        page.locator(".el-select-dropdown__item:visible", has_text=label).first.click()
    pick_region(page, "洞口县", "山门镇")
    page.fill("input[data-testid=f-workplace]", "山门镇某村")
    assert "洞口县人民代表大会" in page.inner_text("[data-testid=f-congress]")
    page.click("[data-testid=f-save]")
    page.wait_for_url(lambda url: "/new/" not in url)
    page.wait_for_selector("[data-testid=deputy-detail] .detail-title >> text=赵敏")
    deputy = Deputy.objects.get(name="赵敏")
    assert (deputy.gender, deputy.region_id, deputy.birth_date) == ("F", SHANMEN, date(1980, 5, 4))
    assert deputy.mandates.get().congress == dongkou_term.congress


def test_staff_edit_a_deputy_and_keep_the_masked_id_number(
    live_server, page, script_errors, dongkou_staff, register
):
    zhang = register["zhang"]
    browser_login(page, live_server, "dongkou_staff")
    page.goto(f"{live_server.url}/deputies/{zhang.pk}/edit/")
    page_ready(page)
    assert page.input_value("input[data-testid=f-name]") == "张三"
    assert "430525" in page.get_attribute("input[data-testid=f-id-number]", "placeholder")
    assert "张三" in page.inner_text("[data-testid=breadcrumbs]")
    page.fill("input[data-testid=f-phone]", "123")
    page.click("[data-testid=f-save]")
    page.wait_for_selector(".el-form-item__error >> text=11位")
    checked(page, "representatives-form-edit-staff-desktop", script_errors)

    page.fill("input[data-testid=f-phone]", "")
    page.fill("input[data-testid=f-post]", "村委会主任")
    page.click("[data-testid=f-save]")
    page.wait_for_url(f"**/deputies/{zhang.pk}/")
    page.wait_for_selector("[data-testid=deputy-detail] >> text=村委会主任")
    zhang.refresh_from_db()
    assert (zhang.post, zhang.phone) == ("村委会主任", "13812345678")


# --- 代表详情 ---------------------------------------------------------------------------------


def test_staff_regroup_and_end_a_mandate_on_the_record(
    live_server, page, script_errors, dongkou_staff, register
):
    wang = register["wang"]
    browser_login(page, live_server, "dongkou_staff")
    page.goto(f"{live_server.url}/deputies/{wang.pk}/")
    page_ready(page)
    assert "未编组" in page.inner_text("[data-testid=mandates]")
    assert "登记入库" in page.inner_text("[data-testid=timeline]")
    checked(page, "representatives-detail-staff-desktop", script_errors)

    page.locator("[data-testid=mandates]").get_by_role("button", name="编组").click()
    page.click("[data-testid=grouping-group]")
    page.locator(".el-select-dropdown__item:visible", has_text="山门镇代表小组").click()
    page.click("[data-testid=grouping-submit]")
    page.wait_for_selector("[data-testid=mandates] >> text=山门镇代表小组")
    assert wang.mandates.get().group == register["group"]

    page.click("[data-testid=end-mandate]")
    page.click("[data-testid=end-submit]")
    page.wait_for_selector("[data-testid=end] .el-form-item__error")
    assert wang.mandates.get().status == Mandate.Status.SERVING  # nothing stored
    settle(page)
    axe_check(page)
    page.fill("textarea[data-testid=end-reason]", "本人申请辞去代表职务")
    page.click("[data-testid=end-submit]")
    page.wait_for_selector("[data-testid=mandates] >> text=本人申请辞去代表职务")
    mandate = wang.mandates.get()
    assert (mandate.status, mandate.end_reason) == ("resigned", "本人申请辞去代表职务")
    assert "代表资格辞职" in page.inner_text("[data-testid=timeline]")
    assert page.locator("[data-testid=end-mandate]").count() == 0
    no_script_errors(script_errors)


def test_staff_create_a_login_account_on_the_record(
    live_server, page, script_errors, dongkou_staff, register
):
    li = register["li"]
    browser_login(page, live_server, "dongkou_staff")
    page.goto(f"{live_server.url}/deputies/{li.pk}/")
    page_ready(page)
    page.click("[data-testid=create-account]")
    page.click(".el-message-box >> text=确定")
    page.wait_for_selector("[data-testid=account-dialog] >> text=初始密码")
    li.refresh_from_db()
    assert li.user.username == page.inner_text("[data-testid=account-username]")
    checked(page, "representatives-account-staff-desktop", script_errors)
    page.click("[data-testid=account-dialog] >> text=我已记下")
    page.wait_for_selector("[data-testid=account-tag]")
    assert page.locator("[data-testid=create-account]").count() == 0


# --- 我的信息 ---------------------------------------------------------------------------------


def photo_path(tmp_path) -> str:
    path = tmp_path / "我.png"
    buffer = io.BytesIO()
    Image.new("RGB", (300, 400), (200, 30, 30)).save(buffer, "PNG")
    path.write_bytes(buffer.getvalue())
    return str(path)


def test_a_deputy_corrects_their_phone_and_photo_on_a_phone(
    live_server, phone_page, tmp_path, media, deputy_user
):
    page, errors = phone_page, watch_errors(phone_page)
    browser_login(page, live_server, "deputy_wxy")
    page.goto(f"{live_server.url}/deputies/me/")
    page_ready(page)
    page.wait_for_selector("[data-testid=my-name] >> text=王秀英")
    mandate = page.inner_text("[data-testid=my-mandate]")
    assert "洞口县人民代表大会" in mandate and "在任" in mandate
    # A summary first: the ID number waits behind 个人信息.
    assert not page.locator("text=" + deputy_user.id_number).is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    checked(page, "representatives-my-info-deputy-phone", errors)

    page.click("[data-testid=edit-phone]")
    page.fill("input[data-testid=phone-input]", "12345")
    page.click("[data-testid=save-phone]")
    page.wait_for_selector("text=11位大陆手机号")
    page.fill("input[data-testid=phone-input]", "13975001234")
    page.click("[data-testid=save-phone]")
    page.wait_for_selector("[data-testid=my-phone] >> text=13975001234")
    deputy_user.refresh_from_db()
    assert deputy_user.phone == "13975001234"

    page.set_input_files("[data-testid=photo-input]", photo_path(tmp_path))
    page.wait_for_selector("[data-testid=my-photo]")
    deputy_user.refresh_from_db()
    assert deputy_user.photo

    page.click("[data-testid=my-details] .el-collapse-item__header")
    page.wait_for_selector("text=" + deputy_user.id_number)
    assert "山门镇中心小学" in page.inner_text("[data-testid=my-details]")
    checked(page, "representatives-my-info-details-deputy-phone", errors)


def test_a_deputy_reads_their_record_at_a_desk(live_server, page, script_errors, deputy_user):
    browser_login(page, live_server, "deputy_wxy")
    page.goto(f"{live_server.url}/deputies/me/")
    page_ready(page)
    assert "王秀英" in page.inner_text("[data-testid=my-name]")
    assert "13812345678" in page.inner_text("[data-testid=my-phone]")
    checked(page, "representatives-my-info-deputy-desktop", script_errors)


# --- 代表构成统计 -----------------------------------------------------------------------------


def test_staff_read_the_composition_drill_into_a_township_and_export(
    live_server, page, script_errors, dongkou_staff, register, dongkou_term
):
    make_deputy("陈县城", region="430525001", term=dongkou_term)  # 文昌街道
    browser_login(page, live_server, "dongkou_staff")
    page.goto(f"{live_server.url}/deputies/statistics/")
    page_ready(page)
    assert page.inner_text("[data-testid=stat-total]") == "4"
    assert "1" in page.inner_text("[data-testid=stat-women]")
    by_region = page.inner_text("[data-testid=by-region]")
    assert "山门镇" in by_region and "文昌街道" in by_region
    for key in ("gender", "ethnicity", "occupation", "age", "affiliation", "education"):
        chart = page.locator(f"[data-testid=chart-{key}] .echart")
        assert chart.locator("canvas").count() == 1, key
    assert "瑶族" in page.get_attribute("[data-testid=chart-ethnicity] .echart", "aria-label")
    checked(page, "representatives-statistics-staff-desktop", script_errors)

    page.click(f"[data-testid=drill-{SHANMEN}]")
    page.wait_for_selector("[data-testid=stat-total] >> text=3")
    with page.expect_download() as download:
        page.click("[data-testid=export]")
    assert download.value.suggested_filename.endswith(".xlsx")
    no_script_errors(script_errors)


def test_the_supervisor_reads_the_composition_on_a_phone(live_server, phone_page, supervisor,
                                                          register):  # fmt: skip
    page, errors = phone_page, watch_errors(phone_page)
    browser_login(page, live_server, "dongkou_leader")
    page.goto(f"{live_server.url}/deputies/statistics/")
    page_ready(page)
    assert page.inner_text("[data-testid=stat-total]") == "3"
    assert "山门镇" in page.inner_text("[data-testid=by-region]")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    checked(page, "representatives-statistics-supervisor-phone", errors)


def test_the_composition_and_a_record_read_english_when_english_is_chosen(
    live_server, page, script_errors, dongkou_staff, register
):
    browser_login(page, live_server, "dongkou_staff")
    page.click("[data-testid=user-chip]")
    page.click("[data-testid=switch-language]")
    page.wait_for_function("document.documentElement.lang === 'en'")
    page.goto(f"{live_server.url}/deputies/statistics/")
    page_ready(page)
    assert "Women deputies" in page.inner_text("[data-testid=stat-cards]")
    assert "Sex" in page.inner_text("[data-testid=chart-gender]")
    assert "Han" in page.get_attribute("[data-testid=chart-ethnicity] .echart", "aria-label")
    checked(page, "representatives-statistics-staff-desktop-en", script_errors)

    page.goto(f"{live_server.url}/deputies/{register['zhang'].pk}/")
    page_ready(page)
    assert "In office" in page.inner_text("[data-testid=mandates]")
