"""整改 on time, defined once (supervision/figures.py): of the reports due in the period that are
sent or past their deadline, the share sent by the deadline. The unit measure of the evaluation,
a handling-unit round's computed indicator, and the dashboard's figure and drill-down all give it;
the projects by stage open exactly the projects they count."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.cache import cache

from congress.dashboards.services import facts_refresh
from congress.models import Region
from evaluation.models import Score, TargetKind
from evaluation.township import measures, systems
from supervision import figures
from supervision.models import Project, Rectification, Report
from tests.clock import SHANGHAI, frozen
from tests.conftest import DONGKOU
from tests.supervision.conftest import make_project

pytestmark = pytest.mark.django_db


def at(y, m, d):
    return dt.datetime(y, m, d, 10, tzinfo=SHANGHAI)


def rounds(project, unit, *reports, status="due"):
    """A 整改 with its rounds: (due date, submitted at or None)."""
    rect = Rectification.objects.create(project=project, unit=unit, opinions="意见", sent_at=at(2026, 5, 1),
                                        status=status)  # fmt: skip
    for n, (due, sent) in enumerate(reports, start=1):
        Report.objects.create(rectification=rect, round=n, due_date=due, submitted_at=sent,
                              on_time=None if sent is None else sent.date() <= due)  # fmt: skip
    Project.objects.filter(pk=project.pk).update(status=Project.Status.RECTIFYING)
    return rect


@pytest.fixture
def reports(dongkou_staff, dongkou, dongkou_unit, other_unit):
    with frozen():
        a = make_project(dongkou_staff, dongkou.region, unit=dongkou_unit, title="甲")
        b = make_project(dongkou_staff, dongkou.region, unit=dongkou_unit, title="乙")
        c = make_project(dongkou_staff, dongkou.region, unit=other_unit, title="丙")
        old = make_project(
            dongkou_staff, dongkou.region, unit=dongkou_unit, title="去年", year=2025
        )
        rounds(
            a,
            dongkou_unit,
            (dt.date(2026, 6, 30), at(2026, 6, 20)),
            (dt.date(2026, 9, 30), at(2026, 10, 5)),
        )
        rounds(b, dongkou_unit, (dt.date(2026, 11, 20), None))  # overdue: late
        rounds(c, other_unit, (dt.date(2026, 12, 20), None))  # not yet due: not counted
        rounds(old, dongkou_unit, (dt.date(2025, 12, 1), at(2025, 11, 1)))
        Project.objects.filter(pk=c.pk).update(status=Project.Status.CLOSED)
    return a, b, c


def test_the_unit_measure_is_the_share_sent_by_the_deadline(reports, dongkou_unit, other_unit):
    with frozen():
        got = measures.measure_units("unit_rectification_on_time", unit_ids=[dongkou_unit.pk, other_unit.pk],
                                     year=2026)  # fmt: skip
    assert got == {dongkou_unit.pk: (Decimal("0.3333"), "按期 1 份 / 应报 3 份")}
    with frozen():
        assert figures.unit_rectification_on_time(unit_ids=[dongkou_unit.pk], year=2025) == {
            dongkou_unit.pk: (Decimal("1.0000"), "按期 1 份 / 应报 1 份")
        }


def test_a_handling_unit_round_scores_the_indicator_from_the_same_figure(
    client_for, reports, dongkou_staff, dongkou_unit
):
    with frozen():
        system = systems.indicator_system_create(
            actor=dongkou_staff, region=Region.objects.get(code=DONGKOU), year=2026,
            target_kind=TargetKind.HANDLING_UNIT, name="洞口县2026年度承办单位考评",
            aspects=[{"name": "整改落实", "indicators": [{
                "name": "审议意见整改报告按期报送率", "max_score": 30, "scoring_rule": "按比例计分。",
                "method": "computed", "measure": "unit_rectification_on_time", "full_marks_at": 1,
            }]}],
        )  # fmt: skip
        staff = client_for(dongkou_staff)
        made = staff.post("/api/v1/evaluation/rounds/", {"system": system.pk, "name": "考评",
                                                         "unit_ids": [dongkou_unit.pk]}, format="json")  # fmt: skip
        assert made.status_code == 201, made.content
        assert (
            staff.post(f"/api/v1/evaluation/rounds/{made.json()['id']}/compute/").status_code == 200
        )
    score = Score.objects.get(is_computed=True)
    assert score.measured == Decimal("0.3333") and score.value == Decimal("10.00")


def test_the_dashboard_figures_open_exactly_their_records(client_for, supervisor, reports):
    cache.clear()
    with frozen():
        facts_refresh(only="supervision.dashboard")
        client = client_for(supervisor)
        data = client.get("/api/v1/dashboard/", {"period": "year", "value": "2026"}).json()
        shown = {f["key"]: f for f in data["figures"]}

        def total(link):
            query = "&".join(f"{k}={v}" for k, v in link.items() if v not in (None, ""))
            page = client.get(f"/api/v1/dashboard/records/?{query}&limit=100").json()
            return page["total"]

        on_time = shown["supervision_on_time"]
        assert on_time["value"] == 33.3 and on_time["drill"] == "part"
        assert (total(on_time["link"]), total(on_time["whole"])) == (1, 3)
        assert (
            shown["supervision_projects"]["value"]
            == 3
            == total(shown["supervision_projects"]["link"])
        )
        assert (
            shown["supervision_under_way"]["value"]
            == 2
            == total(shown["supervision_under_way"]["link"])
        )
        assert (
            shown["supervision_closed"]["value"] == 1 == total(shown["supervision_closed"]["link"])
        )
        stages = {s["key"]: s["value"] for s in data["panels"]["supervision_stages"]}
        assert stages == {"rectifying": 2, "closed": 1}
        last = client.get("/api/v1/dashboard/", {"period": "year", "value": "2025"}).json()
        assert {f["key"]: f["value"] for f in last["figures"]}["supervision_on_time"] == 100.0
