"""Every figure equals an independent count over the fixture data (2026 Q1 against 2025 Q1)."""

from datetime import date

import pytest
from django.db.models import Q

from liaison_stations.models import Opinion, StationVisit
from representatives.models import Deputy, Mandate
from suggestions.models import Rating, Reply, Suggestion
from tests.dashboards.conftest import DONGKOU, at

pytestmark = pytest.mark.django_db
Q1 = (at(2026, 1, 1, 0, 0), at(2026, 4, 1, 0, 0))
Q1_LAST = (at(2025, 1, 1, 0, 0), at(2025, 4, 1, 0, 0))


def dashboard(client, **params):
    response = client.get("/api/v1/dashboard/", {"period": "quarter", "value": "2026-Q1", **params})
    assert response.status_code == 200, response.content
    data = response.json()
    return data, {f["key"]: f for f in data["figures"]}


def rate(part, whole):
    return round(part * 100 / whole, 1) if whole else None


def test_suggestion_figures_equal_independent_counts(world, client_for, supervisor):
    _data, f = dashboard(client_for(supervisor))
    received = Suggestion.objects.filter(
        region__code__startswith=DONGKOU, submitted_at__range=Q1
    ).exclude(submitted_at=Q1[1])
    assert f["suggestions"]["value"] == received.count() == 5
    assert f["suggestions"]["last"] == 2
    assert (
        f["suggestions_overdue"]["value"]
        == 1
        == Suggestion.objects.filter(
            region_id=DONGKOU,
            status__in=["assigned", "signed", "rehandling"],
            reply_due__lt=world["today"],
        ).count()
    )
    replies = Reply.objects.filter(
        suggestion__region__code__startswith=DONGKOU, replied_at__gte=Q1[0], replied_at__lt=Q1[1]
    )
    assert (
        f["reply_on_time_rate"]["value"]
        == rate(replies.filter(on_time=True).count(), replies.count())
        == 50.0
    )
    assert f["reply_on_time_rate"]["last"] == 100.0
    ratings = Rating.objects.filter(
        reply__suggestion__region_id=DONGKOU, rated_at__gte=Q1[0], rated_at__lt=Q1[1]
    )
    satisfied = ratings.filter(result__in=["satisfied", "basically"]).count()
    assert f["satisfaction_rate"]["value"] == rate(satisfied, ratings.count()) == 50.0
    assert f["satisfaction_rate"]["last"] == 100.0


def test_status_and_class_panels_count_the_period(world, client_for, supervisor):
    data, _f = dashboard(client_for(supervisor))
    statuses = {s["key"]: s["value"] for s in data["panels"]["suggestion_statuses"]}
    assert statuses["signed"] == 2 and statuses["closed"] == 1 and statuses["replied"] == 1
    assert statuses["submitted"] == 1
    last = {s["key"]: s["last"] for s in data["panels"]["suggestion_statuses"]}
    assert last["withdrawn"] == 1 and last["closed"] == 1
    classes = {c["key"]: c["value"] for c in data["panels"]["reply_classes"]}
    assert classes["A"] == 1 and classes["B"] == 1 and classes.get("C", 0) == 0


def test_units_are_ranked_by_on_time_rate_with_satisfaction(
    world, client_for, supervisor, dongkou_unit
):
    data, _f = dashboard(client_for(supervisor))
    units = data["panels"]["units"]
    assert [u["name"] for u in units] == ["洞口县教育局"]
    assert units[0]["replies"] == 2 and units[0]["on_time_rate"] == 50.0
    assert units[0]["satisfaction_rate"] == 50.0 and units[0]["on_time_rate_last"] == 100.0


def test_station_visit_and_opinion_figures_equal_independent_counts(world, client_for, supervisor):
    _data, f = dashboard(client_for(supervisor))
    visits = StationVisit.objects.filter(
        station__region__code__startswith=DONGKOU,
        date__gte=date(2026, 1, 1),
        date__lt=date(2026, 4, 1),
    )
    assert f["visits"]["value"] == visits.count() == 5
    assert f["visits"]["last"] == 2
    active = (
        Deputy.objects.filter(region__code__startswith=DONGKOU, mandates__status="serving")
        .distinct()
        .count()
    )
    visited = (
        visits.filter(deputy__region__code__startswith=DONGKOU).values("deputy").distinct().count()
    )
    assert f["visit_coverage"]["value"] == rate(visited, active) == 40.0
    assert f["visit_coverage"]["last"] == 20.0
    assert f["stations"]["value"] == 2 and f["stations"]["last"] == 1
    assert f["stations_exemplary"]["value"] == 1
    opinions = Opinion.objects.filter(
        station__region__code__startswith=DONGKOU, received_at__gte=Q1[0], received_at__lt=Q1[1]
    )
    assert f["opinions"]["value"] == opinions.count() == 2
    assert (
        f["opinions_answered_rate"]["value"]
        == rate(opinions.filter(status="answered").count(), 2)
        == 50.0
    )
    assert f["opinions_answered_rate"]["last"] == 100.0
    # Overdue: the one forwarded with a due date passed, and the one received on 1 April that
    # was never forwarded, whose 15 days (OPINION_ANSWER_DAYS) ran out long ago.
    assert f["opinions_overdue"]["value"] == 2


def test_deputy_figures_count_serving_mandates_at_the_period_end(world, client_for, supervisor):
    _data, f = dashboard(client_for(supervisor))
    end = date(2026, 4, 1)
    serving = Mandate.objects.filter(
        Q(end_date__isnull=True) | Q(end_date__gte=end),
        deputy__region__code__startswith=DONGKOU,
        start_date__lt=end,
    )
    assert f["deputies"]["value"] == serving.count() == 10
    assert f["deputies_county"]["value"] == 10
    assert (
        f["share_female"]["value"] == rate(serving.filter(deputy__gender="F").count(), 10) == 30.0
    )
    assert f["share_minority"]["value"] == 10.0
    _data, year_2024 = dashboard(client_for(supervisor), period="year", value="2024")
    assert (
        year_2024["deputies"]["value"] == 11
    )  # the deputy who resigned in March 2025 still served


def test_breakdown_splits_by_township_and_keeps_the_county_level_row(world, client_for, supervisor):
    data, f = dashboard(client_for(supervisor))
    rows = {r["code"]: r for r in data["breakdown"]}
    assert all(code.startswith(DONGKOU) for code in rows)
    assert rows[DONGKOU]["name"] == "本级" and rows[DONGKOU]["values"]["deputies"] == 1
    assert sum(r["values"]["visits"] or 0 for r in rows.values()) == f["visits"]["value"]
    assert sum(r["values"]["deputies"] or 0 for r in rows.values()) == f["deputies"]["value"]
