"""Deadline reminders go out once per threshold; the completion rate is the same number in
figures.completion_rate, the township evaluation indicator, and the dashboard with its
drill-down."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.cache import cache

from congress.dashboards.services import facts_refresh
from congress.models import Notification, Region
from evaluation.models import Score
from evaluation.township import rounds, scoring, systems
from evaluation.township.examples import ningxiang_system_fields
from tests.conftest import DONGKOU
from tests.worktasks.conftest import GAOSHA, JIANGKOU, evidence, make_list
from worktasks import figures
from worktasks.services.progress import task_accept, task_close_undone, task_report
from worktasks.services.reminders import reminders_sweep

pytestmark = pytest.mark.django_db


def reminders(user):
    return list(
        Notification.objects.filter(recipient=user, kind="worktasks_deadline")
        .order_by("id")
        .values_list("title", flat=True)
    )


def test_reminders_before_and_after_the_deadline_are_sent_once(
    dongkou_staff, gaosha_staff, regions
):
    today = dt.date.today()
    make_list(dongkou_staff, DONGKOU, tasks=[
        {"title": "七天后到期", "owner_region": regions.get(pk=GAOSHA), "due": today + dt.timedelta(days=6)},
        {"title": "已逾期", "owner_region": regions.get(pk=GAOSHA), "due": today - dt.timedelta(days=2)},
        {"title": "还早", "owner_region": regions.get(pk=GAOSHA), "due": today + dt.timedelta(days=40)},
    ])  # fmt: skip
    assert reminders_sweep(on=today) == 2
    assert reminders_sweep(on=today) == 0  # a second run (or a second worker) sends nothing
    assert reminders(gaosha_staff) == ["任务即将到期：七天后到期", "任务已逾期：已逾期"]
    # the day before, the near task gets its last reminder, once; the overdue one nothing more
    assert reminders_sweep(on=today + dt.timedelta(days=5)) == 1
    assert reminders_sweep(on=today + dt.timedelta(days=5)) == 0
    assert len(reminders(gaosha_staff)) == 3
    assert reminders(dongkou_staff) == []


def test_a_reported_task_is_not_reminded(dongkou_staff, gaosha_staff, regions):
    today = dt.date.today()
    task_list = make_list(dongkou_staff, DONGKOU, tasks=[
        {"owner_region": regions.get(pk=GAOSHA), "due": today - dt.timedelta(days=1)}])  # fmt: skip
    task_report(actor=gaosha_staff, task=task_list.tasks.get(), text="完成", files=[evidence()])
    assert reminders_sweep(on=today) == 0


@pytest.fixture
def settled(dongkou_staff, gaosha_staff, jiangkou_staff, regions):
    """高沙镇: three tasks due this year (one on time, one not done, one open overdue); 江口镇:
    one on time."""
    today = dt.date.today()
    gaosha, jiangkou = regions.get(pk=GAOSHA), regions.get(pk=JIANGKOU)
    soon = today + dt.timedelta(days=1) if today.month < 12 or today.day < 31 else today
    task_list = make_list(dongkou_staff, DONGKOU, tasks=[
        {"title": "按期", "owner_region": gaosha, "due": soon},
        {"title": "未完成", "owner_region": gaosha, "due": soon},
        {"title": "逾期", "owner_region": gaosha, "due": today - dt.timedelta(days=1)},
        {"title": "江口", "owner_region": jiangkou, "due": soon},
    ])  # fmt: skip
    t = {x.title: x for x in task_list.tasks.all()}
    task_report(actor=gaosha_staff, task=t["按期"], text="完成", files=[evidence()])
    task_accept(actor=dongkou_staff, task=t["按期"])
    task_close_undone(actor=dongkou_staff, task=t["未完成"], reason="未完成")
    task_report(actor=jiangkou_staff, task=t["江口"], text="完成", files=[evidence()])
    task_accept(actor=dongkou_staff, task=t["江口"])
    return today.year


def test_the_completion_rate_per_region(settled):
    got = figures.completion_rate(
        region_codes=[GAOSHA, JIANGKOU, "430525102", DONGKOU], year=settled
    )
    assert got == {GAOSHA: Decimal("0.3333"), JIANGKOU: Decimal("1.0000"), "430525102": None,
                   DONGKOU: Decimal("0.5000")}  # fmt: skip


def test_a_township_indicator_scores_the_completion_rate(dongkou_staff, settled):
    fields = ningxiang_system_fields(settled)
    aspect = {**fields["aspects"][0]}
    aspect["indicators"] = [{
        "name": "工作任务按期完成率", "max_score": Decimal("10"), "scoring_rule": "按期完成率100%得满分",
        "method": "computed", "measure": "task_completion", "full_marks_at": Decimal("1"),
        "evidence_wanted": "平台数据自动计算",
    }]  # fmt: skip
    system = systems.indicator_system_create(
        actor=dongkou_staff, region=Region.objects.get(code=DONGKOU),
        **{**fields, "aspects": [aspect]},
    )  # fmt: skip
    round_ = rounds.round_open(
        actor=dongkou_staff, system=system, name="乡镇人大工作评价", target_codes=[GAOSHA, JIANGKOU]
    )
    scoring.round_compute(actor=dongkou_staff, round_=round_)
    scores = {s.target.region_id: (s.measured, s.value) for s in
              Score.objects.filter(target__round=round_).select_related("target")}  # fmt: skip
    assert scores == {GAOSHA: (Decimal("0.3333"), Decimal("3.33")),
                      JIANGKOU: (Decimal("1.0000"), Decimal("10.00"))}  # fmt: skip


def test_the_dashboard_figures_equal_their_drilldowns(client_for, supervisor, settled):
    cache.clear()
    facts_refresh(only="worktasks.dashboard")
    client = client_for(supervisor)
    data = client.get("/api/v1/dashboard/", {"period": "year", "value": str(settled)}).json()
    f = {x["key"]: x for x in data["figures"]}
    completion, overdue = f["task_completion"], f["task_overdue"]
    assert completion["value"] == 50.0 and overdue["value"] == 1

    def rows(link):
        query = "&".join(f"{k}={v}" for k, v in link.items() if v not in (None, ""))
        return client.get(f"/api/v1/dashboard/records/?{query}&limit=100").json()["rows"]

    assert sorted(r["title"] for r in rows(completion["link"])) == ["按期", "江口"]
    assert len(rows(completion["whole"])) == 4
    assert [r["title"] for r in rows(overdue["link"])] == ["逾期"]
    cells = {row["code"]: row["values"]["task_completion"] for row in data["breakdown"]}
    assert cells[GAOSHA] == 33.3 and cells[JIANGKOU] == 100.0
