"""Time limits before assignment: the review limit stored at submission (and paper entry, and
submission again after 退回修改), the assignment limit at acceptance, both with the fallback
flag, reminded to the staff, counted as overdue, and shown on the suggestion's page."""

from datetime import date, datetime, timedelta

import pytest

from congress.models import Notification
from suggestions import figures, reminders
from suggestions.models import RegionPolicy, Status, Suggestion
from suggestions.services.review import suggestion_review
from suggestions.services.submission import suggestion_enter_paper, suggestion_submit
from tests.clock import SHANGHAI, frozen
from tests.conftest import DONGKOU

pytestmark = pytest.mark.django_db

TUESDAY = date(2026, 12, 1)  # tests.clock.NOW


@pytest.fixture(autouse=True)
def one_day():
    with frozen():
        yield


def test_submitting_stores_the_review_limit_in_working_days(walk):
    s = walk(Status.SUBMITTED)
    assert s.review_due == date(2026, 12, 8)  # 5 working days after Tuesday 1 December
    assert s.due_fallback is False and s.assign_due is None


def test_the_region_rules_set_the_review_limit(walk):
    RegionPolicy.objects.create(region_id=DONGKOU, review_workdays=2)
    assert walk(Status.SUBMITTED).review_due == date(2026, 12, 3)


def test_a_paper_suggestion_gets_its_review_limit_too(lead, dongkou_staff, category):
    s = suggestion_enter_paper(
        actor=dongkou_staff,
        lead_deputy_id=lead.deputy.pk,
        title="关于加强农村饮水安全的建议",
        body="部分村组饮水水源不稳定，建议实施农村供水保障工程。",
        category_id=category.pk,
    )
    s.refresh_from_db()
    assert s.status == Status.SUBMITTED and s.review_due == date(2026, 12, 8)


def test_acceptance_stores_the_assignment_limit(walk):
    s = walk(Status.ACCEPTED)
    assert s.assign_due == date(2026, 12, 10)  # 7 working days between sessions


def test_submitted_again_after_rework_the_limit_starts_again(walk, lead):
    s = walk(Status.RETURNED)
    with frozen(datetime(2026, 12, 14, 9, 0, tzinfo=SHANGHAI)):
        suggestion_submit(suggestion=s, actor=lead)
    s.refresh_from_db()
    assert s.review_due == date(2026, 12, 21)


def test_a_limit_in_a_year_not_on_the_calendar_says_it_fell_back(walk):
    with frozen(datetime(2027, 3, 1, 9, 0, tzinfo=SHANGHAI)):
        s = walk(Status.SUBMITTED)
    assert s.due_fallback is True and s.review_due == date(2027, 3, 8)


def test_the_staff_are_reminded_the_day_before_and_once_the_review_limit_passed(
    walk, dongkou_staff, linwu_staff
):
    walk(Status.SUBMITTED)
    assert reminders.sweep(today=date(2026, 12, 6))["review_due"] == 0
    assert reminders.sweep(today=date(2026, 12, 7))["review_due"] == 1
    assert reminders.sweep(today=date(2026, 12, 8))["review_due"] == 0  # the same "soon"
    assert reminders.sweep(today=date(2026, 12, 9))["review_due"] == 1
    assert reminders.sweep(today=date(2026, 12, 10))["review_due"] == 0
    got = Notification.objects.filter(recipient=dongkou_staff, kind="suggestion.review_due")
    assert sorted(got.values_list("title", flat=True)) == [
        "建议审查期限将至：关于改善高沙镇中心小学校舍的建议",
        "建议已超过审查期限：关于改善高沙镇中心小学校舍的建议",
    ]
    assert not Notification.objects.filter(recipient=linwu_staff).exists()


def test_an_unassigned_suggestion_past_its_limit_is_reminded_and_counted(walk, dongkou_staff):
    s = walk(Status.ACCEPTED)
    late_day = date(2026, 12, 11)
    assert reminders.sweep(today=late_day)["assign_due"] == 1
    assert list(figures.assign_overdue(on=late_day)) == [s]
    assert not figures.assign_overdue(on=date(2026, 12, 10)).exists()
    assert not figures.review_overdue(on=late_day).exists()


def test_one_submitted_before_the_limits_existed_is_never_late(walk):
    s = walk(Status.SUBMITTED)
    Suggestion.objects.filter(pk=s.pk).update(review_due=None)
    assert reminders.sweep(today=date(2027, 1, 30))["review_due"] == 0
    assert not figures.review_overdue(on=date(2027, 1, 30)).exists()


def test_the_page_shows_the_deadlines_which_is_late_and_the_rule_in_force(
    walk, client_for, dongkou_staff, linwu_staff
):
    RegionPolicy.objects.create(region_id=DONGKOU, escalate_after_days=10)
    s = walk(Status.ACCEPTED)
    with frozen(datetime(2026, 12, 14, 9, 0, tzinfo=SHANGHAI)):
        body = client_for(dongkou_staff).get(f"/api/v1/suggestions/{s.pk}/").json()
    d = body["deadlines"]
    by_key = {i["key"]: i for i in d["items"]}
    assert by_key["review"]["due"] == "2026-12-08" and not by_key["review"]["running"]
    assert by_key["assign"] == {
        "key": "assign",
        "label": "交办期限",
        "due": "2026-12-10",
        "running": True,
        "overdue": True,
        "days_overdue": 4,
        "fallback": False,
    }
    assert (
        d["rule"] == "逾期每日提醒承办单位；每周一向工作人员汇总逾期建议；逾期10天提请分管领导督办"
    )
    assert d["rule_region"] == "洞口县"
    assert client_for(linwu_staff).get(f"/api/v1/suggestions/{s.pk}/").status_code == 404


def test_a_reply_deadline_shows_with_its_fallback_flag(walk, client_for, dongkou_staff):
    s = walk(Status.SIGNED)
    s.assignments.filter(role="lead").update(deadlines_fallback=True)
    d = client_for(dongkou_staff).get(f"/api/v1/suggestions/{s.pk}/").json()["deadlines"]
    reply = next(i for i in d["items"] if i["key"] == "reply")
    assert reply["running"] and reply["fallback"] and d["fallback"]
    assert d["rule_region"] == ""  # the built-in rules


def test_review_without_the_hook_would_not_set_assign_due(walk, dongkou_staff):
    """Guard: acceptance goes through limits_hooks.on_accepted (suggestions/services/review.py)."""
    s = walk(Status.SUBMITTED)
    suggestion_review(suggestion=s, actor=dongkou_staff, accept=True)
    s.refresh_from_db()
    assert s.assign_due == date(2026, 12, 10) and s.accepted_at is not None
    assert s.assign_due - timedelta(days=9) == TUESDAY
