"""In the browser, the round page for those who assess themselves: a township's staff on a phone
(390 px: no sideways scrolling, the score dialog and its inputs inside the screen) score one of
their indicators; a handling unit's user in a 承办单位考评 round sees and self-assesses only its
own target (no review, no other unit)."""

from decimal import Decimal

import pytest

from congress.models import HandlingUnit, Region, Role
from evaluation.models import Indicator, RoundTarget, TargetKind
from evaluation.township import rounds, systems
from tests.conftest import (
    DONGKOU,
    axe_check,
    browser_login,
    make_user,
    page_ready,
    screenshot,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HUAMINGLOU, DAOLIN = "430182102", "430182101"


@pytest.fixture
def phone_errors(phone_page):
    errors = []
    phone_page.on("pageerror", lambda e: errors.append(f"pageerror: {e}"))
    phone_page.on(
        "console", lambda m: errors.append(f"console: {m.text}") if m.type == "error" else None
    )
    return errors


def inside_the_screen(page, selector: str, min_width: int = 120) -> None:
    """Within the 390 px screen, and wide enough to tap (a button) or type into (an input)."""
    box = page.locator(selector).bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= 390, (selector, box)
    assert box["width"] >= min_width and box["height"] >= 24, (selector, box)


def test_a_townships_staff_self_assess_on_a_phone(
    live_server, phone_page, phone_errors, ningxiang_staff, ningxiang_system
):
    round_ = rounds.round_open(
        actor=ningxiang_staff,
        system=ningxiang_system,
        name="宁乡市2026年度乡镇（街道）人大工作评价",
        target_codes=[DAOLIN, HUAMINGLOU],
        evaluator_ids=[ningxiang_staff.pk],
    )
    make_user("huaminglou_staff", role=Role.STAFF, region=HUAMINGLOU, name="花明楼镇人大")
    meeting = Indicator.objects.get(
        aspect__system=ningxiang_system, name="按时召开乡镇人民代表大会"
    )
    browser_login(phone_page, live_server, "huaminglou_staff")
    phone_page.goto(f"{live_server.url}/evaluation/rounds/{round_.pk}/")
    phone_page.wait_for_selector("[data-testid=current-total] >> text=花明楼镇")
    page_ready(phone_page)
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 392
    # The round's fields one to a row (a label and its value), not three squeezed pairs.
    cells = phone_page.locator(".detail-fields tbody tr").first.locator("th, td")
    assert cells.count() == 2
    assert phone_page.locator("[data-testid=ranking-chart]").count() == 0  # only itself to rank
    button = phone_page.locator(f"[data-testid=score-{meeting.pk}]")
    button.scroll_into_view_if_needed()
    inside_the_screen(phone_page, f"[data-testid=score-{meeting.pk}]", min_width=40)
    axe_check(phone_page)
    screenshot(phone_page, "evaluation-round-township-phone")

    button.click()
    phone_page.locator("[data-testid=score-dialog]").wait_for()
    for field in ("score-value", "score-reason", "score-evidence"):  # labels above: full width
        inside_the_screen(phone_page, f"[data-testid={field}]", min_width=280)
    phone_page.fill("[data-testid=score-value]", "7")
    phone_page.fill("[data-testid=score-reason]", "召开两次人代会")
    phone_page.fill("[data-testid=score-evidence]", "会议决议")
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 392
    axe_check(phone_page)
    screenshot(phone_page, "evaluation-round-score-township-phone")
    phone_page.click("[data-testid=score-dialog-submit]")
    phone_page.wait_for_selector(f"[data-testid=self-{meeting.pk}]:has-text('7')")
    score = RoundTarget.objects.get(round=round_, region_id=HUAMINGLOU).scores.get()
    assert (score.stage, score.value) == ("self", Decimal("7"))
    assert phone_errors == []


def test_a_unit_self_assesses_its_own_target_only(live_server, page, script_errors, dongkou_staff):
    edu = HandlingUnit.objects.create(name="洞口县教育局", region_id=DONGKOU)
    roads = HandlingUnit.objects.create(name="洞口县交通运输局", region_id=DONGKOU)
    make_user("edu_user", role=Role.HANDLING_UNIT, unit=edu, name="教育局办理员")
    system = systems.indicator_system_create(
        actor=dongkou_staff,
        region=Region.objects.get(code=DONGKOU),
        year=2026,
        target_kind=TargetKind.HANDLING_UNIT,
        name="洞口县2026年度代表建议承办单位考评",
        aspects=[
            {
                "name": "办理态度",
                "indicators": [
                    {"name": "主要领导亲自研究", "max_score": 10, "scoring_rule": "有记录得满分。"}
                ],
            },
            {
                "name": "代表满意度",
                "indicators": [
                    {
                        "name": "代表满意率",
                        "max_score": 20,
                        "scoring_rule": "按比例计分。",
                        "method": "computed",
                        "measure": "unit_satisfaction",
                        "full_marks_at": 1,
                    }
                ],
            },
        ],
    )
    round_ = rounds.round_open(
        actor=dongkou_staff,
        system=system,
        name="洞口县2026年度承办单位考评",
        unit_ids=[edu.pk, roads.pk],
        evaluator_ids=[dongkou_staff.pk],
    )
    manual = Indicator.objects.get(aspect__system=system, method="manual")
    computed = Indicator.objects.get(aspect__system=system, method="computed")

    browser_login(page, live_server, "edu_user")
    page.goto(f"{live_server.url}/evaluation/rounds/{round_.pk}/")
    page.wait_for_selector("[data-testid=current-total] >> text=洞口县教育局")
    rows = page.locator("[data-testid=ranking-table] tbody tr")
    assert rows.count() == 1 and "洞口县教育局" in rows.first.inner_text()
    assert "交通运输局" not in page.inner_text("body")
    assert page.locator("[data-testid=close-round], [data-testid=compute]").count() == 0
    assert page.locator(f"[data-testid=score-{computed.pk}]").count() == 0  # platform-measured
    page_ready(page)
    axe_check(page)
    screenshot(page, "evaluation-round-unit-desktop")

    page.click(f"[data-testid=score-{manual.pk}]")
    dialog = page.locator("[data-testid=score-dialog]")
    assert "is-disabled" in dialog.locator("label:has-text('评审')").get_attribute("class")
    page.fill("[data-testid=score-value]", "8")
    page.fill("[data-testid=score-reason]", "局党组专题研究两次")
    page.click("[data-testid=score-dialog-submit]")
    page.wait_for_selector(f"[data-testid=self-{manual.pk}]:has-text('8')")
    score = RoundTarget.objects.get(round=round_, handling_unit=edu).scores.get()
    assert (score.stage, score.value) == ("self", Decimal("8"))
    assert not RoundTarget.objects.get(round=round_, handling_unit=roads).scores.exists()
    assert script_errors == []
