"""Issue 18: the coverage drill-down ranks deputies by hours in one of two ways (training.figures
.HoursRanking): per deputy for a small scope, by one grouped read from GROUPED_FROM deputies.
Both must give the same deputies, hours, order and counts, and the API the same pages."""

import datetime as dt

import pytest

from evaluation.models import ActivityKind, ArchiveEntry
from tests.ballots.conftest import make_deputy
from tests.training.conftest import DONGKOU_TOWN, attend, offline_course, training_event
from training import figures
from training.services import courses, sessions, standards

pytestmark = pytest.mark.django_db
DONGKOU = "430525"


@pytest.fixture
def hours_world(dongkou_staff, dongkou, deputies):
    """Seven serving deputies with hours from both sources and ties: a session of 3 hours
    attended by the first four, a cancelled course's session by all (it counts for nobody),
    archive entries of this year and of last (last year's do not count this year), one
    resigned deputy with hours (not serving); N is 4 in 洞口县, 2 in 江口镇."""
    extra = [make_deputy(dongkou, f"代表{n}") for n in range(4)]
    people = deputies + extra
    course = offline_course(dongkou_staff)
    event = training_event(dongkou_staff, dongkou.region)
    sessions.session_create(actor=dongkou_staff, course=course, event_id=event.pk, hours=3)
    attend(dongkou_staff, event, people[:4])
    cancelled = offline_course(dongkou_staff, title="取消的培训")
    other = training_event(dongkou_staff, dongkou.region)
    sessions.session_create(actor=dongkou_staff, course=cancelled, event_id=other.pk, hours=9)
    attend(dongkou_staff, other, people)
    courses.course_cancel(actor=dongkou_staff, course=cancelled)
    for deputy, day, hours in [(people[0], dt.date(2026, 3, 1), 2), (people[4], dt.date(2026, 5, 1), 5),
                               (people[5], dt.date(2026, 6, 1), 1), (people[5], dt.date(2026, 7, 1), 1),
                               (people[6], dt.date(2025, 6, 1), 8), (people[2], dt.date(2026, 2, 1), 1)]:  # fmt: skip
        ArchiveEntry.objects.create(deputy=deputy, kind=ActivityKind.TRAINING_HOUR, occurred_on=day,
                                    title="外出培训", quantity=hours, source="staff")  # fmt: skip
    gone = make_deputy(dongkou, "已辞职", serving=False)
    ArchiveEntry.objects.create(deputy=gone, kind=ActivityKind.TRAINING_HOUR, title="培训",
                                occurred_on=dt.date(2026, 4, 1), quantity=9, source="staff")  # fmt: skip
    standards.coverage_standard_set(actor=dongkou_staff, region=DONGKOU, min_hours=4)
    standards.coverage_standard_set(actor=dongkou_staff, region=DONGKOU_TOWN, min_hours=2)
    return people


def _ranked(ranking, part=slice(None)):
    return [(d.pk, d.training_hours, d.hours_needed, d.region.name) for d in ranking[part]]


@pytest.mark.parametrize("trained", [None, True, False])
def test_grouped_and_per_deputy_rank_alike(hours_world, monkeypatch, trained):
    scope = figures.serving_deputies(2026).filter(region__code__startswith=DONGKOU)
    monkeypatch.setattr(figures, "GROUPED_FROM", 10**6)
    per_deputy = figures.HoursRanking(scope, 2026, trained)
    assert not per_deputy.grouped
    expected = _ranked(per_deputy)
    counts = per_deputy.count(), per_deputy.count(at_most=2)
    pages = [_ranked(per_deputy, part) for part in (slice(0, 2), slice(2, 5), slice(3, None))]
    monkeypatch.setattr(figures, "GROUPED_FROM", 0)
    grouped = figures.HoursRanking(scope, 2026, trained)
    assert grouped.grouped
    assert _ranked(grouped) == expected
    assert (grouped.count(), grouped.count(at_most=2)) == counts
    assert [_ranked(grouped, part) for part in (slice(0, 2), slice(2, 5), slice(3, None))] == pages
    # and what they agree on is the definition: hours_of per deputy, fewest first
    hours = {pk: figures.hours_of(deputy_id=pk, year=2026) for pk, *_rest in expected}
    assert [h for _pk, h, _n, _r in expected] == sorted(hours.values())
    assert all(hours[pk] == h for pk, h, _n, _r in expected)


def test_the_ranking_knows_who_is_trained(hours_world):
    people = hours_world
    rows = {pk: (h, n) for pk, h, n, _r in _ranked(figures.HoursRanking(
        figures.serving_deputies(2026).filter(region__code__startswith=DONGKOU), 2026))}  # fmt: skip
    # 3 + 2; 3; 3 + 1 in 江口镇 (N 2); 3; 5; 1 + 1; last year's 8 not counted
    assert [rows[p.pk] for p in people] == [(5, 4), (3, 4), (4, 2), (3, 4), (5, 4), (2, 4), (0, 4)]
    assert len(rows) == 7  # the resigned deputy is not serving


def test_the_api_pages_alike_both_ways(hours_world, client_for, dongkou_staff, monkeypatch):
    client = client_for(dongkou_staff)
    urls = [f"/api/v1/training/coverage/deputies/?year=2026&page_size=3&page={n}{q}"
            for q in ("", "&trained=true", "&trained=false", f"&region={DONGKOU_TOWN}")
            for n in (1, 2, 3)]  # fmt: skip
    seen = {}
    for cut in (10**6, 0):
        monkeypatch.setattr(figures, "GROUPED_FROM", cut)
        seen[cut] = [(r.status_code, r.json()) for r in map(client.get, urls)]
    assert seen[0] == seen[10**6]
    assert seen[0][0][1]["count"] == 7 and seen[0][3][1]["count"] == 3
