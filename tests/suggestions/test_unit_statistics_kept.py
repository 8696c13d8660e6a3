"""The unit statistics (承办单位办理统计) read from the dashboard's aggregate rows once they are
built (issue 18: a province's 300,000 suggestions are not counted again per request): every
figure equals the live count of suggestions/figures.py, in every year and none, and a later
write shows after the next fold (the rows are at most a fold old), not before."""

from datetime import datetime, timedelta

import pytest
from django.conf import settings
from django.db import connection  # noqa: F401 - read by the skipif strings
from django.utils import timezone

from congress.dashboards.models import DirtyCell, Fact, Refresh
from congress.dashboards.services import facts_fold, facts_refresh, mark_unbuilt
from suggestions.models import Assignment, Reply, Status, Suggestion
from suggestions.services.rating import rating_create
from tests.clock import SHANGHAI

pytestmark = pytest.mark.django_db
URL = "/api/v1/suggestions/stats/units/"
# The fold recomputes what the PostgreSQL triggers marked; SQLite (the demo) rebuilds instead.
ON_POSTGRESQL = pytest.mark.skipif(
    "connection.vendor != 'postgresql'", reason="marks are PostgreSQL triggers"
)


@pytest.fixture
def handled(walk, lead, cosigner):
    """Suggestions at every moment the table counts: signed, replied in two classes, rated
    satisfied, and one replied last year and recorded 未测评 this year."""
    walk(Status.SIGNED)
    walk(Status.REPLIED, result_class="A")
    rated = walk(Status.REPLIED, result_class="B", cosigners=[cosigner])
    rating_create(suggestion=rated, actor=lead, attitude="satisfied", result="satisfied")
    rating_create(
        suggestion=rated,
        actor=cosigner,
        attitude="satisfied",
        result="unsatisfied",
        comment="校舍改造尚未列入计划",
    )
    old = walk(Status.REPLIED, result_class="C")
    last_year = datetime(timezone.localdate().year - 1, 11, 3, 10, 0, tzinfo=SHANGHAI)
    Assignment.objects.filter(suggestion=old).update(assigned_at=last_year)
    Reply.objects.filter(suggestion=old).update(replied_at=last_year + timedelta(days=20))
    Suggestion.objects.filter(pk=old.pk).update(
        status=Status.CLOSED, unrated_at=timezone.now() - timedelta(days=1)
    )


def live(client, **params):
    """The table counted from the records (no aggregate rows are read before they are built)."""
    Refresh.objects.all().delete()
    return table(client, **params)


def table(client, **params):
    response = client.get(URL, params)
    assert response.status_code == 200, response.content
    return response.json()


def test_the_kept_figures_equal_the_live_count_in_every_year(
    handled, client_for, dongkou_staff, supervisor
):
    year = timezone.localdate().year
    for viewer in (dongkou_staff, supervisor):
        client = client_for(viewer)
        for params in ({"year": year}, {"year": year - 1}, {}):
            counted = live(client, **params)
            assert counted, params
            facts_refresh(only="suggestions.dashboard")
            assert table(client, **params) == counted, (viewer.username, params)
    [row] = [r for r in counted if r["unit"] == "洞口县教育局"]
    assert (row["assigned"], row["signed"], row["replied"], row["unrated"]) == (4, 4, 3, 1)
    assert row["classes"] == {"A": 1, "B": 1, "C": 1}
    assert (row["rated"], row["satisfied"]) == (2, 1)


@ON_POSTGRESQL
def test_a_write_shows_after_the_next_fold(handled, walk, client_for, dongkou_staff):
    client = client_for(dongkou_staff)
    facts_refresh(only="suggestions.dashboard")
    before = table(client)
    walk(Status.REPLIED, result_class="A")
    assert table(client) == before  # read from the rows, which the fold has not updated yet
    facts_fold()
    after = table(client)
    assert after != before
    assert after == live(client)


def test_a_term_filter_is_counted_live(handled, walk, client_for, dongkou_staff, dongkou_term):
    client = client_for(dongkou_staff)
    facts_refresh(only="suggestions.dashboard")
    kept = table(client)
    walk(Status.SIGNED)  # not folded yet
    assert table(client) == kept
    assert table(client, term=dongkou_term.pk) != kept  # the term is not a column of the rows
    assert table(client, term=dongkou_term.pk) == live(client)


REGIONS = "/api/v1/suggestions/stats/regions/"


def canonical(body: dict) -> dict:
    """The regions table with its category ties in a fixed order (the live count leaves the
    order of equal counts to the database)."""
    return {**body, "categories": sorted(body["categories"], key=lambda c: (-c["count"], c["id"]))}


def test_the_counts_by_region_term_status_and_category_are_kept_too(
    handled, client_for, dongkou_staff, supervisor, dongkou_term
):
    """按区划、届次、状态和类别统计: the same from the rows in every year and for every term."""
    year = timezone.localdate().year
    for viewer in (dongkou_staff, supervisor):
        client = client_for(viewer)
        for params in ({"year": year}, {"year": year - 1}, {}, {"term": dongkou_term.pk}):
            Refresh.objects.all().delete()
            counted = canonical(client.get(REGIONS, params).json())
            assert counted["regions"] or params.get("year") == year - 1, params
            facts_refresh(only="suggestions.dashboard")
            assert canonical(client.get(REGIONS, params).json()) == counted, params
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    names = [c["category"] for c in client.get(REGIONS).json()["categories"]]
    assert names and all(name.isascii() for name in names), names  # the default names, in English


@ON_POSTGRESQL
def test_a_write_shows_in_the_counts_by_region_after_the_next_fold(
    handled, walk, client_for, dongkou_staff
):
    client = client_for(dongkou_staff)
    facts_refresh(only="suggestions.dashboard")
    before = client.get(REGIONS).json()
    assert sum(r["total"] for r in before["regions"]) == 4
    walk(Status.SIGNED)
    assert client.get(REGIONS).json() == before  # not folded yet
    facts_fold()
    after = client.get(REGIONS).json()
    assert sum(r["total"] for r in after["regions"]) == 5


@ON_POSTGRESQL
def test_a_figure_added_after_the_first_build_is_counted_live_until_the_fold_builds_it(
    handled, client_for, dongkou_staff
):
    """A deployment built before the counts by region were kept has none of their rows: after
    `migrate` (mark_unbuilt) the page counts live, not from empty rows, until the next fold
    builds them for every region."""
    client = client_for(dongkou_staff)
    facts_refresh(only="suggestions.dashboard")
    counted = canonical(client.get(REGIONS).json())
    Fact.objects.filter(metric__in=["region_year_status", "region_year_category"]).delete()
    assert {"region_year_status", "region_year_category"} <= set(mark_unbuilt())
    assert canonical(client.get(REGIONS).json()) == counted  # live, not the empty rows
    facts_fold()
    assert Fact.objects.filter(metric="region_year_status").exists()
    assert not DirtyCell.objects.filter(metric="region_year_status").exists()
    assert canonical(client.get(REGIONS).json()) == counted  # from the rows again
