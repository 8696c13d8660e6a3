"""Incremental figures: every write marks the (metric, region) cells it changes, in its own
transaction (database triggers, so bulk paths mark too); the fold recomputes only those and
writes only the rows whose value changed; the nightly rebuild finds nothing to write."""

import threading
from datetime import date, timedelta

import pytest
from django.db import connection, transaction

from congress.celery import app
from congress.dashboards import cells
from congress.dashboards.facts import all_sources
from congress.dashboards.models import DirtyCell, Fact, Refresh
from congress.dashboards.services import (
    facts_fold,
    facts_refresh,
    facts_refresh_for_embedded_demo,
)
from liaison_stations.models import LiaisonStation, Opinion, StationVisit
from representatives.models import Deputy, Mandate
from suggestions.models import Suggestion
from tests.dashboards.conftest import DONGKOU, LINWU, township

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif("connection.vendor != 'postgresql'", reason="marks are PostgreSQL triggers"),
]


def facts():
    return sorted(
        Fact.objects.values_list("tier", "metric", "region", "month", "key", "value"),
        key=lambda r: (r[0], r[1], r[2], r[3] or date.min, r[4]),
    )


def marks() -> set[tuple[str, str]]:
    return set(DirtyCell.objects.values_list("metric", "region"))


def row_versions() -> set:
    """Each fact row's physical version: a row written again gets a new ctid."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id, ctid::text FROM {Fact._meta.db_table}")
        return set(cursor.fetchall())


def forget_marks():
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {DirtyCell._meta.db_table}")


def test_a_visit_marks_the_station_region_and_the_deputy_region(world):
    forget_marks()
    station = LiaisonStation.objects.filter(region__code__startswith=DONGKOU).first()
    deputy = Deputy.objects.filter(region__code__startswith=LINWU).first()
    visit = StationVisit.objects.create(deputy=deputy, station=station, date=date(2026, 2, 9))
    assert ("visits", station.region_id) in marks()
    assert ("visit_deputies_quarter", deputy.region_id) in marks()
    assert ("visits", deputy.region_id) not in marks()

    forget_marks()  # a queryset update (no signals) marks the region left and the one entered
    other = LiaisonStation.objects.filter(region__code__startswith=LINWU).first()
    StationVisit.objects.filter(pk=visit.pk).update(station=other)
    assert {("visits", station.region_id), ("visits", other.region_id)} <= marks()

    forget_marks()
    StationVisit.objects.filter(pk=visit.pk).delete()
    assert ("visits", other.region_id) in marks()


def test_bulk_writes_and_a_mandate_change_mark_too(world):
    forget_marks()
    deputy = Deputy.objects.filter(region__code__startswith=DONGKOU).first()
    station = LiaisonStation.objects.filter(region__code__startswith=DONGKOU).first()
    StationVisit.objects.bulk_create(
        [StationVisit(deputy=deputy, station=station, date=date(2026, 1, d)) for d in (5, 6)]
    )
    assert ("visits", station.region_id) in marks()
    forget_marks()
    # Serving is a subquery of the coverage: the mandate ending marks the deputy's cells.
    Mandate.objects.filter(deputy=deputy).update(status="resigned", end_date=date(2026, 3, 1))
    assert {
        ("mandates", deputy.region_id),
        ("deputies_active", deputy.region_id),
        ("visit_deputies_quarter", deputy.region_id),
    } <= marks()


def burst():
    """Writes of every kind the dashboard counts: new and moved records, a status change, an
    ended mandate, a deleted opinion, a withdrawn suggestion."""
    dk_town, lw_town = township(DONGKOU), township(LINWU)
    station = LiaisonStation.objects.filter(region_id=dk_town).first()
    deputies = list(Deputy.objects.filter(region_id=dk_town)[:5])
    StationVisit.objects.bulk_create(
        [StationVisit(deputy=d, station=station, date=date(2026, 3, 2)) for d in deputies]
    )
    Mandate.objects.filter(deputy=deputies[0]).update(status="resigned", end_date=date(2026, 2, 20))
    Deputy.objects.filter(pk=deputies[1].pk).update(gender="F", region_id=lw_town)
    Opinion.objects.filter(station=station).order_by("id").first().delete()
    Suggestion.objects.filter(region_id=DONGKOU, status="submitted").update(status="withdrawn")
    LiaisonStation.objects.filter(region_id=lw_town).update(rating="exemplary")


def test_a_fold_makes_the_figures_those_of_a_full_rebuild(world):
    facts_refresh()
    burst()
    stale = facts()
    folded = facts_fold()
    assert folded and set(folded) >= {"visits", "mandates", "opinions", "suggestions"}
    assert facts() != stale
    assert not DirtyCell.objects.exists()
    after_fold = facts()
    facts_refresh()
    assert facts() == after_fold


def test_a_fold_of_nothing_writes_nothing_and_a_rebuild_rewrites_no_unchanged_row(world):
    facts_refresh()
    facts_fold()
    before = row_versions()
    assert facts_fold() == {}
    assert row_versions() == before
    facts_refresh()
    assert row_versions() == before

    StationVisit.objects.create(
        deputy=Deputy.objects.filter(region__code__startswith=DONGKOU).first(),
        station=LiaisonStation.objects.filter(region__code__startswith=DONGKOU).first(),
        date=date(2026, 2, 9),
    )
    facts_fold()
    changed = before - row_versions()
    # Only the rows of that visit's cells were written: its month, its kind, three tiers.
    assert changed and len(changed) <= 12
    assert len(changed) < len(before) / 4


def test_each_cell_is_one_row(world):
    facts_refresh()
    burst()
    facts_fold()
    cells_seen = [(t, m, r, mo, k) for t, m, r, mo, k, _v in facts()]
    assert len(cells_seen) == len(set(cells_seen))


def test_a_fold_waits_its_turn_and_keeps_the_marks_meanwhile(world):
    facts_refresh()
    burst()
    pending = marks()
    with connection.cursor() as cursor:
        # Another session's fold holding the lock looks like this to the fold: it is refused.
        cursor.execute("SELECT pg_advisory_lock(%s)", [cells.LOCK])
        try:
            other = connection.copy()
            try:
                with other.cursor() as c2:
                    c2.execute("SELECT pg_try_advisory_xact_lock(%s)", [cells.LOCK])
                    assert c2.fetchone()[0] is False
            finally:
                other.close()
        finally:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [cells.LOCK])
    assert marks() == pending
    facts_fold()
    assert not marks()


def test_an_update_that_changes_no_figure_writes_no_fact(world):
    facts_refresh()
    facts_fold()
    before = row_versions()
    StationVisit.objects.filter(station__region__code__startswith=DONGKOU).update(confirmed=True)
    assert marks()
    facts_fold()
    assert row_versions() == before


def test_a_visit_of_a_deputy_no_longer_serving_is_not_in_the_coverage(world):
    """The finding: the coverage counted deputies who no longer serve. After a fold, the
    resigned deputy's visit is neither counted nor listed."""
    facts_refresh()
    today = date.today()
    visited = StationVisit.objects.filter(
        date__year=2026, station__region__code__startswith=DONGKOU
    )
    deputy = visited.first().deputy
    Mandate.objects.filter(deputy=deputy).update(
        status="resigned", end_date=today - timedelta(days=1)
    )
    facts_fold()
    cells_left = Fact.objects.filter(
        tier="t", metric="visit_deputies_year", region=deputy.region_id, month=date(2026, 1, 1)
    ).values_list("value", flat=True)
    serving_visitors = (
        visited.filter(deputy__region_id=deputy.region_id, deputy__mandates__status="serving")
        .values("deputy")
        .distinct()
        .count()
    )
    assert sum(cells_left) == serving_visitors


def _in_threads(target, count=2):
    barrier, errors = threading.Barrier(count), []

    def run():
        try:
            barrier.wait()
            target()
        except Exception as exc:  # noqa: BLE001 (reported below)
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors


@pytest.mark.django_db(transaction=True)
def test_two_folds_at_once_count_each_change_once(world):
    facts_refresh()
    burst()
    results = []
    _in_threads(lambda: results.append(facts_fold()))
    assert len(results) == 2 and any(results)
    folded = facts()
    facts_refresh()
    assert facts() == folded


@pytest.mark.django_db(transaction=True)
def test_two_writers_of_the_same_new_cells_upsert_them_once(world):
    """Even without the lock, the cells two writers insert at once meet ON CONFLICT: one row
    each, its value set, never added twice."""
    facts_refresh()
    expected = facts()
    station = LiaisonStation.objects.filter(region__code__startswith=DONGKOU).first()
    Fact.objects.filter(metric="visits").delete()
    source = all_sources()["visits"]

    def write():
        with transaction.atomic(), connection.cursor() as cursor:
            cells._fresh_table(cursor)
            cells._update_metric(cursor, source, {station.region_id})

    _in_threads(write)
    rows = [f for f in facts() if f[1] == "visits"]
    assert rows and len(rows) == len({f[:5] for f in rows})
    fine = [f for f in expected if f[:3] == ("t", "visits", station.region_id)]
    assert [f for f in rows if f[0] == "t"] == fine


def test_beat_folds_every_30_seconds_and_rebuilds_nightly():
    """Figures at most a minute old: a fold every 30 s (plus the fold's own time), each fold
    replaced by the next rather than queued; the full rebuild only once a night."""
    app.finalize()  # the apps' schedules are added when the app is finalised (alone: not yet)
    schedule = app.conf.beat_schedule
    fold = schedule["dashboards-fold"]
    assert fold["task"] == "congress.dashboards.tasks.fold_facts"
    assert fold["schedule"] <= 30 and fold["options"]["expires"] <= 30
    rebuilds = [
        e for e in schedule.values() if e["task"].endswith("dashboards.tasks.refresh_facts")
    ]
    assert len(rebuilds) == 1 and rebuilds[0]["schedule"].hour == {0}


def test_without_beat_the_page_folds_the_marks_and_never_rebuilds(world, settings):
    settings.DEBUG, settings.REDIS_URL = True, ""
    facts_refresh()
    facts_fold()
    stamps = dict(Refresh.objects.values_list("source", "refreshed_at"))
    StationVisit.objects.create(
        deputy=Deputy.objects.filter(region__code__startswith=DONGKOU).first(),
        station=LiaisonStation.objects.filter(region__code__startswith=DONGKOU).first(),
        date=date(2026, 2, 9),
    )
    assert facts_refresh_for_embedded_demo() is True
    after = dict(Refresh.objects.values_list("source", "refreshed_at"))
    changed = {s for s in stamps if after[s] != stamps[s]}
    assert changed == {"liaison_stations.dashboard"}
    assert facts_refresh_for_embedded_demo() is False  # nothing marked: nothing done
