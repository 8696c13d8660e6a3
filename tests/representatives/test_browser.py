"""In a real browser: county staff import a register file (a bad one first) and find a deputy
by pinyin initials; a deputy corrects their phone on a phone-sized screen."""

from datetime import date

import pytest

from congress.models import Role
from congress.personal import make_id_number
from representatives.models import Deputy
from tests.conftest import ARTIFACTS, browser_login, make_user
from tests.representatives.conftest import make_deputy, person_row, register_file

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def write_file(tmp_path, rows, name):
    path = tmp_path / name
    path.write_bytes(register_file(rows).getvalue())
    return str(path)


def test_staff_import_a_register_and_find_a_deputy_by_pinyin_initials(
    live_server, page, tmp_path, dongkou_staff, dongkou_term
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
    page.wait_for_selector("[data-testid=deputy-table]")

    page.click("[data-testid=open-import]")
    page.wait_for_selector("[data-testid=import-dialog] >> text=洞口县人民代表大会")
    page.set_input_files("[data-testid=import-file]", write_file(tmp_path, bad, "有错误.xlsx"))
    page.click("[data-testid=import-submit]")
    page.wait_for_selector(".import-errors >> text=手机号码")
    errors = page.inner_text(".import-errors")
    assert "3" in errors and "11位" in errors
    assert not Deputy.objects.exists()

    page.set_input_files("[data-testid=import-file]", write_file(tmp_path, rows, "名册.xlsx"))
    page.click("[data-testid=import-submit]")
    page.wait_for_selector("[data-testid=import-result]")
    assert "新增 3" in page.inner_text("[data-testid=import-result]")
    page.screenshot(path=str(ARTIFACTS / "deputies-import-result.png"))
    page.keyboard.press("Escape")

    page.fill("[data-testid=search]", "zs")
    page.keyboard.press("Enter")
    page.wait_for_selector("[data-testid=total] >> text=共 1 人")
    table = page.inner_text("[data-testid=deputy-table]")
    assert "张三" in table and "李明" not in table
    assert "430525********" in table and "138****5678" in table
    page.screenshot(path=str(ARTIFACTS / "deputies-pinyin-search.png"), full_page=True)

    page.click("text=张三")
    page.wait_for_selector("[data-testid=deputy-name] >> text=张三")
    page.click("[data-testid=reveal]")
    page.wait_for_selector("[data-testid=id-number] >> text=" + rows[0][4])


def test_a_deputy_corrects_their_phone_on_a_phone(live_server, phone_page, dongkou_term):
    deputy = make_deputy("王秀英", gender="F", term=dongkou_term)
    deputy.user = make_user("deputy_wxy", role=Role.DEPUTY, name="王秀英")
    deputy.save(update_fields=["user"])
    browser_login(phone_page, live_server, "deputy_wxy")
    phone_page.goto(f"{live_server.url}/deputies/me/")
    phone_page.wait_for_selector("[data-testid=my-name] >> text=王秀英")
    assert "洞口县人民代表大会" in phone_page.inner_text("[data-testid=my-mandate]")

    phone_page.click("[data-testid=edit-phone]")
    phone_page.fill("[data-testid=phone-input]", "12345")
    phone_page.click("[data-testid=save-phone]")
    phone_page.wait_for_selector("text=11位大陆手机号")
    phone_page.fill("[data-testid=phone-input]", "13975001234")
    phone_page.click("[data-testid=save-phone]")
    phone_page.wait_for_selector("[data-testid=my-phone] >> text=13975001234")
    deputy.refresh_from_db()
    assert deputy.phone == "13975001234"
    phone_page.screenshot(path=str(ARTIFACTS / "deputies-my-info-phone.png"), full_page=True)
