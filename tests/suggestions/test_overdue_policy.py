"""Overdue replies under the region's rules: a daily reminder to the unit, a weekly digest to
the staff, escalation to the supervising leader once N days overdue (every suggestion, not
only key ones), each once, with the rules of the nearest region up."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from congress.models import Notification, Role
from suggestions import reminders
from suggestions.models import RegionPolicy, Status, Suggestion
from tests.clock import frozen
from tests.conftest import DONGKOU, SHAOYANG, make_user

pytestmark = pytest.mark.django_db

DUE = date(2026, 11, 2)  # a Monday
MONDAY = date(2026, 11, 30)


@pytest.fixture(autouse=True)
def one_day():
    with frozen():
        yield


@pytest.fixture
def late(walk):
    """A signed suggestion whose reply was due on DUE."""

    def make(title="关于增设公交线路的建议"):
        s = walk(Status.SIGNED, title=title)
        Suggestion.objects.filter(pk=s.pk).update(reply_due=DUE)
        s.refresh_from_db()
        return s

    return make


def titles(user, kind):
    return list(
        Notification.objects.filter(recipient=user, kind=kind).values_list("title", flat=True)
    )


def test_an_overdue_reply_is_reminded_to_the_unit_every_day_but_once_a_day(late, unit_user):
    late()
    day = DUE + timedelta(days=1)
    assert reminders.sweep(today=day)["overdue"] == 1
    assert reminders.sweep(today=day)["overdue"] == 0
    assert reminders.sweep(today=day + timedelta(days=1))["overdue"] == 1
    assert len(titles(unit_user, "suggestion.overdue")) == 2


def test_a_region_that_wants_it_weekly_gets_it_weekly(late, unit_user):
    RegionPolicy.objects.create(region_id=DONGKOU, overdue_daily_to_unit=False)
    late()
    day = DUE + timedelta(days=1)
    counts = [reminders.sweep(today=day + timedelta(days=n))["overdue"] for n in range(8)]
    assert counts == [1, 0, 0, 0, 0, 0, 0, 1]


def test_the_staff_get_no_notice_per_suggestion_where_a_digest_is_sent(late, dongkou_staff):
    late()
    reminders.sweep(today=DUE + timedelta(days=1))  # a Tuesday: no digest day
    assert (
        not Notification.objects.filter(recipient=dongkou_staff)
        .exclude(kind="suggestion.review")
        .exists()
    )


def test_the_weekly_digest_is_one_notification_with_counts_and_the_worst_by_name(
    late, dongkou_staff, shaoyang_staff
):
    late("关于增设公交线路的建议")
    late("关于修缮村级道路的建议")
    assert reminders.sweep(today=MONDAY - timedelta(days=1))["digest"] == 0  # a Sunday
    assert reminders.sweep(today=MONDAY)["digest"] == 1
    assert reminders.sweep(today=MONDAY)["digest"] == 0
    digest = Notification.objects.get(recipient=dongkou_staff, kind="suggestion.digest")
    assert "逾期未答复2件" in digest.title and "审查超期0件" in digest.title
    assert "关于修缮村级道路的建议（逾期28天）/suggestions/" in digest.body
    assert digest.link == "/suggestions/board/?box=overdue"
    assert not Notification.objects.filter(recipient=shaoyang_staff).exists()  # the city's own


def test_the_digest_goes_on_the_weekday_of_the_region_rules(late, dongkou_staff):
    RegionPolicy.objects.create(region_id=DONGKOU, digest_weekday=5)
    late()
    assert reminders.sweep(today=MONDAY)["digest"] == 0
    assert reminders.sweep(today=date(2026, 12, 4))["digest"] == 1  # a Friday


def test_without_a_digest_the_staff_are_told_weekly_per_suggestion(late, dongkou_staff):
    RegionPolicy.objects.create(region_id=DONGKOU, digest_weekday=0)
    late()
    day = DUE + timedelta(days=1)
    assert reminders.sweep(today=day)["overdue_weekly"] == 1
    assert reminders.sweep(today=day + timedelta(days=1))["overdue_weekly"] == 0
    assert reminders.sweep(today=MONDAY)["digest"] == 0
    assert len(titles(dongkou_staff, "suggestion.overdue_weekly")) == 2  # a later week


def test_any_suggestion_15_days_overdue_is_escalated_once_to_the_region_leaders(
    late, supervisor, unit_user
):
    s = late()
    assert not s.is_key
    assert reminders.sweep(today=DUE + timedelta(days=14))["escalation"] == 0
    assert reminders.sweep(today=DUE + timedelta(days=15))["escalation"] == 1
    assert reminders.sweep(today=DUE + timedelta(days=16))["escalation"] == 0
    assert titles(supervisor, "suggestion.escalation") == [
        "建议已超期15天未答复，提请督办：关于增设公交线路的建议"
    ]
    assert not titles(unit_user, "suggestion.escalation")


def test_escalation_goes_to_the_leader_the_rules_name(late, supervisor):
    other = make_user("dongkou_leader2", role=Role.SUPERVISOR, region=DONGKOU, name="邓副主任")
    RegionPolicy.objects.create(region_id=DONGKOU, escalate_after_days=3, escalate_to=other)
    late()
    assert reminders.sweep(today=DUE + timedelta(days=3))["escalation"] == 1
    assert titles(other, "suggestion.escalation") and not titles(
        supervisor, "suggestion.escalation"
    )


def test_a_county_follows_its_city_rules_unless_it_has_its_own(late, supervisor):
    RegionPolicy.objects.create(region_id=SHAOYANG, escalate_after_days=5)
    late()
    assert reminders.sweep(today=DUE + timedelta(days=5))["escalation"] == 1  # the city's 5
    RegionPolicy.objects.create(region_id=DONGKOU, escalate_after_days=0)
    Suggestion.objects.update(reply_due=DUE - timedelta(days=1))  # a new deadline, a new key
    assert reminders.sweep(today=DUE + timedelta(days=40))["escalation"] == 0  # the county's 0


def test_a_suggestion_handed_to_the_city_follows_the_city_rules(late, supervisor):
    RegionPolicy.objects.create(region_id=DONGKOU, escalate_after_days=0)
    RegionPolicy.objects.create(region_id=SHAOYANG, escalate_after_days=2)
    city_leader = make_user("shaoyang_leader", role=Role.SUPERVISOR, region=SHAOYANG, name="市领导")
    s = late()
    Suggestion.objects.filter(pk=s.pk).update(handled_by_id=SHAOYANG)
    assert reminders.sweep(today=DUE + timedelta(days=2))["escalation"] == 1
    assert titles(city_leader, "suggestion.escalation") and not titles(
        supervisor, "suggestion.escalation"
    )


def test_the_sweep_reads_the_same_number_of_queries_for_one_or_many(late):
    RegionPolicy.objects.create(region_id=SHAOYANG, escalate_after_days=5)
    late()
    with CaptureQueriesContext(connection) as one:
        reminders.sweep(today=MONDAY)
    for n in range(3):
        late(f"关于第{n}条道路的建议")
    Suggestion.objects.update(reply_due=DUE - timedelta(days=1))
    with CaptureQueriesContext(connection) as many:
        reminders.sweep(today=MONDAY)
    assert len(many) == len(one)
