"""The coverage figure, defined once (contacts/figures.py): the same number on the staff summary,
the dashboard with its drill-down, and a township evaluation indicator computed from it; the
year-end reminders reach the contactors behind target once per threshold."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.cache import cache

from congress.dashboards.services import facts_refresh
from congress.models import Notification, Region, SentReminder
from contacts import figures
from contacts.services.contacts import contact_log
from contacts.services.reminders import reminders_sweep
from evaluation.models import Score, TargetKind
from evaluation.township import measures, rounds, scoring, systems
from tests.conftest import DONGKOU
from tests.contacts.conftest import DONGKOU_TOWN

pytestmark = pytest.mark.django_db


def contacts(actor, relation, n, year=2026):
    for month in range(1, n + 1):
        contact_log(actor=actor, relation=relation, occurred_on=dt.date(year, month, 10),
                    way="phone", subject="电话联系")  # fmt: skip


@pytest.fixture
def world(dongkou_staff, official, official_relation, member_relation, township_relation):
    contacts(official, official_relation, 2)  # reached (2 of 2)
    contacts(dongkou_staff, member_relation, 1)  # behind (1 of 2)
    contacts(dongkou_staff, township_relation, 4)  # reached (4 of 4), in 江口镇
    return {"official": official_relation, "member": member_relation,
            "township": township_relation}  # fmt: skip


def test_coverage_counts_relations_that_reached_their_target(world):
    got = figures.coverage_rate(region_codes=[DONGKOU, DONGKOU_TOWN, "430525102"], year=2026)
    assert got == {DONGKOU: Decimal("0.6667"), DONGKOU_TOWN: Decimal("1"), "430525102": None}
    assert figures.coverage_rate(region_codes=[DONGKOU], year=2025) == {DONGKOU: None}


def test_the_summary_the_dashboard_and_its_drilldown_agree(client_for, supervisor, world):
    client = client_for(supervisor)
    summary = client.get("/api/v1/contacts/relations/summary/").json()
    assert (summary["reached"], summary["relations"]) == (2, 3)
    cache.clear()
    facts_refresh(only="contacts.dashboard")
    data = client.get("/api/v1/dashboard/", {"period": "year", "value": "2026"}).json()
    coverage = {f["key"]: f for f in data["figures"]}["contact_coverage"]
    assert coverage["value"] == 66.7 and coverage["drill"] == "part"

    def records(link):
        query = "&".join(f"{k}={v}" for k, v in link.items() if v not in (None, ""))
        return client.get(f"/api/v1/dashboard/records/?{query}&limit=100").json()

    part, whole = records(coverage["link"]), records(coverage["whole"])
    assert (part["total"], whole["total"]) == (2, 3)
    assert {r["url"] for r in part["rows"]} == {
        f"/contacts/{world['official'].pk}/", f"/contacts/{world['township'].pk}/"
    }  # fmt: skip
    cells = {row["code"]: row["values"]["contact_coverage"] for row in data["breakdown"]}
    assert cells[DONGKOU_TOWN] == 100.0


def test_a_township_indicator_is_computed_from_the_same_figure(dongkou_staff, world):
    assert measures.measure_many("contact_coverage", region_codes=[DONGKOU_TOWN],
                                 year=2026) == {DONGKOU_TOWN: Decimal("1")}  # fmt: skip
    system = systems.indicator_system_create(
        actor=dongkou_staff, region=Region.objects.get(code=DONGKOU), year=2026,
        target_kind=TargetKind.TOWNSHIP, name="2026年度联系工作评价",
        aspects=[{"name": "联系群众", "indicators": [{
            "name": "分片联系达标", "max_score": Decimal("100"), "scoring_rule": "达标率100%得满分",
            "method": "computed", "measure": "contact_coverage", "full_marks_at": Decimal("1"),
        }]}],
    )  # fmt: skip
    round_ = rounds.round_open(actor=dongkou_staff, system=system, name="2026年度联系工作评价",
                               target_codes=[DONGKOU_TOWN])  # fmt: skip
    scoring.round_compute(actor=dongkou_staff, round_=round_)
    score = Score.objects.get(target__round=round_)
    assert (score.measured, score.value, score.is_computed) == (Decimal("1"), Decimal("100"), True)


def test_reminders_go_once_on_1_november_and_once_on_1_december(world, member):
    assert reminders_sweep(today=dt.date(2026, 10, 31)) == 0
    assert reminders_sweep(today=dt.date(2026, 11, 1)) == 1
    assert reminders_sweep(today=dt.date(2026, 11, 20)) == 0
    sent = Notification.objects.filter(kind="contact_behind")
    assert [n.recipient for n in sent] == [member.deputy.user]
    assert "还差 1 次" in sent[0].title
    assert reminders_sweep(today=dt.date(2026, 12, 1)) == 1
    assert reminders_sweep(today=dt.date(2026, 12, 1)) == 0
    assert set(SentReminder.objects.values_list("threshold", flat=True)) == {"2026-11", "2026-12"}
