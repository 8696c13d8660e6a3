"""In the browser, the indicator-system editor (/evaluation/systems/new/, /<id>/edit/): 洞口县's
staff copy the township system 邵阳市 made into their own region, open the copy, add an aspect with
a computed indicator (a measure and the value that earns full marks), watch the live total, are
told under the field what the server refused, save, and find it all again on reload; a system a
round has used opens read-only and offers 复制 instead."""

import pytest

from congress.models import Region
from evaluation.models import Aspect, Indicator, IndicatorSystem
from evaluation.township import rounds, systems
from tests.clock import frozen
from tests.conftest import DONGKOU, SHAOYANG, axe_check, browser_login, page_ready, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def unexpected(errors: list[str]) -> list[str]:
    """Script errors but the browser's own log line for a 400 the test provoked on purpose."""
    return [e for e in errors if "status of 400" not in e]


def city_system(staff) -> IndicatorSystem:
    """邵阳市's township system (25 points: 10 + 5 manual, 10 computed), inherited by 洞口县."""
    return systems.indicator_system_create(
        actor=staff,
        region=Region.objects.get(code=SHAOYANG),
        year=2026,
        target_kind="township",
        name="邵阳市2026年度乡镇人大工作评价指标体系",
        bonus_cap=5,
        description="",
        aspects=[
            {
                "name": "依法开好会",
                "indicators": [
                    {"name": "按时召开人代会", "max_score": 10, "scoring_rule": "两次得满分。"},
                    {"name": "主席团履职", "max_score": 5, "scoring_rule": "每季度一次。"},
                ],
            },
            {
                "name": "代表工作",
                "indicators": [
                    {
                        "name": "进站履职覆盖率",
                        "max_score": 10,
                        "scoring_rule": "按比例计分。",
                        "method": "computed",
                        "measure": "station_visit_coverage",
                        "full_marks_at": 1,
                    }
                ],
            },
        ],
    )


def choose(page, select: str, option: str) -> None:
    page.click(select)
    page.locator(".el-select-dropdown__item", has_text=option).locator("visible=true").click()


def number(page, testid: str, value: str) -> None:
    """An el-input-number takes its value on change (blur)."""
    field = page.locator(f"[data-testid={testid}] input")
    field.fill(value)
    field.press("Tab")


def test_county_staff_copy_the_citys_system_extend_it_and_a_used_one_is_read_only(
    live_server, page, script_errors, dongkou_staff, shaoyang_staff
):
    city = city_system(shaoyang_staff)
    browser_login(page, live_server, "dongkou_staff")
    page.goto(f"{live_server.url}/evaluation/systems/")
    page.wait_for_selector("[data-testid=system-origin] >> text=上级制定")
    assert page.locator("[data-testid=edit-system]").is_disabled()  # the city's: copy it first

    number(page, "copy-year", "2026")
    page.click("[data-testid=copy-system]")
    page.locator(".el-message-box__btns button:has-text('确定')").click()
    page.wait_for_selector("text=已复制，可据此发起新一年度的评价")
    copy = IndicatorSystem.objects.get(region_id=DONGKOU)
    assert (copy.year, copy.copied_from_id) == (2026, city.pk)
    page.wait_for_selector("[data-testid=system-origin] >> text=本级制定")

    page.click("[data-testid=edit-system]")
    page.wait_for_url(f"**/evaluation/systems/{copy.pk}/edit/")
    page_ready(page)
    total = page.locator("[data-testid=live-total]")
    assert total.inner_text() == "基础分合计 25 分"
    assert page.input_value("[data-testid=system-name]") == copy.name  # named for 洞口县
    assert copy.name.startswith("洞口县")

    page.click("[data-testid=add-aspect]")  # with one blank manual indicator of 5 points
    page.wait_for_selector("[data-testid=aspect-2]")
    assert total.inner_text() == "基础分合计 30 分"
    page.fill("[data-testid=aspect-name-2]", "建议办理监督")
    page.fill("[data-testid=ind-name-2-0]", "代表建议办理满意率")
    number(page, "ind-max-2-0", "8")
    page.wait_for_function("() => document.querySelector('[data-testid=live-total]')"
                           ".textContent.includes('33')")  # fmt: skip
    page.click("[data-testid=ind-computed-2-0]")
    choose(page, "[data-testid=ind-measure-2-0]", "代表建议办理满意率")
    number(page, "ind-full-2-0", "0.9")

    # The scoring rule left blank: the server's 400 shows under that field, nothing is saved.
    page.click("[data-testid=save-system]")
    rule_item = page.locator(
        ".el-form-item:has([data-testid=ind-rule-2-0])", has=page.locator(".el-form-item__error")
    )
    rule_item.wait_for()
    assert rule_item.locator(".el-form-item__error").inner_text().strip()
    assert page.locator(".el-form-item__error").count() == 1
    assert Aspect.objects.filter(system=copy).count() == 2
    axe_check(page)
    screenshot(page, "evaluation-system-editor-refused-staff-desktop")

    page.fill("[data-testid=ind-rule-2-0]", "满意率达到90%得满分，按比例计分。")
    page.click("[data-testid=save-system]")
    page.wait_for_url(f"**/evaluation/systems/?system={copy.pk}")
    page.wait_for_selector("[data-testid=system] >> text=建议办理监督")
    added = Indicator.objects.get(aspect__system=copy, name="代表建议办理满意率")
    assert (added.method, added.measure, float(added.full_marks_at)) == (
        "computed",
        "satisfaction_rate",
        0.9,
    )
    assert float(added.max_score) == 8 and added.aspect.order == 3

    page.goto(f"{live_server.url}/evaluation/systems/{copy.pk}/edit/")
    page_ready(page)
    assert total.inner_text() == "基础分合计 33 分"
    assert page.input_value("[data-testid=aspect-name-2]") == "建议办理监督"
    assert page.input_value("[data-testid=ind-full-2-0] input") == "0.90"
    assert "代表建议办理满意率" in page.inner_text("[data-testid=ind-measure-2-0]")
    axe_check(page)
    screenshot(page, "evaluation-system-editor-staff-desktop")

    # Used by a round: read-only, 复制 offered instead (to the next year, in the county).
    with frozen():
        rounds.round_open(
            actor=dongkou_staff, system=copy, name="洞口县2026年度评价", target_codes=["430525001"]
        )
    page.reload()
    page_ready(page)
    page.wait_for_selector("[data-testid=locked-notice]")
    assert page.locator("[data-testid=save-system], [data-testid=add-aspect]").count() == 0
    assert page.locator("[data-testid=system-name]").is_disabled()
    assert page.locator("[data-testid=ind-name-2-0]").is_disabled()
    axe_check(page)
    screenshot(page, "evaluation-system-editor-locked-staff-desktop")
    page.click("[data-testid=copy-instead]")
    page.wait_for_url(lambda url: "/edit/" in url and f"/{copy.pk}/" not in url)
    again = IndicatorSystem.objects.get(copied_from=copy)
    assert (again.region_id, again.year) == (DONGKOU, 2027)
    page_ready(page)
    assert page.locator("[data-testid=locked-notice]").count() == 0
    assert page.locator("[data-testid=save-system]").is_visible()
    assert unexpected(script_errors) == []
