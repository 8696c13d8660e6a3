"""The aggregate rows: rebuilt by the beat task (twice is harmless), listed in the menu for the
roles that read the dashboard, and the page itself is open to them only."""

import threading

import pytest
from django.db import connection

from congress.dashboards.models import Fact, Refresh
from congress.dashboards.schedule import SCHEDULE
from congress.dashboards.services import dashboards_warm, facts_refresh
from congress.dashboards.tasks import refresh_facts
from congress.menu import menu_for
from tests.dashboards.conftest import DONGKOU

pytestmark = pytest.mark.django_db


def test_the_beat_task_rebuilds_every_apps_rows_and_twice_changes_nothing(world):
    assert {entry["task"] for entry in SCHEDULE.values()} == {
        "congress.dashboards.tasks.refresh_facts",
        "congress.dashboards.tasks.fold_facts",
    }
    first = refresh_facts.delay().get()
    rows = sorted(Fact.objects.values_list("tier", "metric", "region", "month", "key", "value"))
    assert refresh_facts.delay().get() == first
    assert (
        sorted(Fact.objects.values_list("tier", "metric", "region", "month", "key", "value"))
        == rows
    )
    assert set(Refresh.objects.values_list("source", flat=True)) == set(first)


def test_one_apps_rows_are_rebuilt_alone(world):
    before = Refresh.objects.get(source="suggestions.dashboard").refreshed_at
    assert list(facts_refresh(only="liaison_stations.dashboard")) == ["liaison_stations.dashboard"]
    assert Refresh.objects.get(source="suggestions.dashboard").refreshed_at == before


def test_county_rows_fold_the_township_rows(world):
    fine = sum(
        Fact.objects.filter(tier="t", metric="visits", region__startswith=DONGKOU).values_list(
            "value", flat=True
        )
    )
    county = Fact.objects.filter(tier="c", metric="visits", region=DONGKOU).values_list(
        "value", flat=True
    )
    city = Fact.objects.filter(tier="p", metric="visits", region="4305").values_list(
        "value", flat=True
    )
    assert fine == sum(county) == 7  # 洞口's seven visits (two of them in 2025)
    assert sum(city) == 9  # and 邵东's two


def test_the_menu_offers_the_dashboard_to_leaders_and_staff_only(
    world, supervisor, dongkou_staff, unit_user
):
    assert "dashboard" in [item["key"] for item in menu_for(supervisor)]
    assert "dashboard" in [item["key"] for item in menu_for(dongkou_staff)]
    assert "dashboard" not in [item["key"] for item in menu_for(unit_user)]


def test_the_page_opens_for_a_supervisor_and_is_refused_to_a_unit_user(
    world, client, supervisor, unit_user
):
    client.force_login(supervisor)
    assert client.get("/dashboard/").status_code == 200
    assert client.get("/dashboard/records/").status_code == 200
    client.force_login(unit_user)
    assert client.get("/dashboard/").status_code == 403


def test_warming_computes_the_province_and_city_dashboards_only_with_a_shared_cache(
    world, settings
):
    assert dashboards_warm() == 0  # the local-memory cache of a worker helps no web process
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    assert dashboards_warm() == (1 + 14) * 2  # the province and its 14 cities, quarter and year


@pytest.mark.django_db(transaction=True)
def test_two_workers_rebuilding_at_once_do_not_double_the_figures(world):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers by itself")
    expected = sum(Fact.objects.filter(metric="visits", tier="t").values_list("value", flat=True))
    errors = []

    def rebuild():
        try:
            facts_refresh(only="liaison_stations.dashboard")
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=rebuild) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert (
        sum(Fact.objects.filter(metric="visits", tier="t").values_list("value", flat=True))
        == expected
    )
    assert (
        sum(Fact.objects.filter(metric="visits", tier="p").values_list("value", flat=True))
        == expected
        == 10
    )
