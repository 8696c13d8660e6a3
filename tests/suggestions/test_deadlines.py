"""Deadlines on the official calendar: weekends, national holidays and make-up working days."""

import logging
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from suggestions import workdays
from suggestions.models import Status, WorkdayOverride
from suggestions.services.assignment import assignment_deadlines, suggestion_assign
from suggestions.workdays import Calendar, add_months, calendar_warning

pytestmark = pytest.mark.django_db
CST = ZoneInfo("Asia/Shanghai")


def deadlines(day: date, **kw):
    return assignment_deadlines(day, role=kw.pop("role", "lead"), cal=Calendar(), **kw)


def test_seven_working_days_skip_the_weekend():
    # Monday 2025-03-03 → the 7th working day is Wednesday 2025-03-12
    assert deadlines(date(2025, 3, 3), broad_scope=False)["return_until"] == date(2025, 3, 12)


def test_the_return_window_skips_national_day_and_counts_the_make_up_saturday():
    # Assigned Tue 2025-09-30: Oct 1–8 are holidays, Sat Oct 11 is a make-up working day.
    # Working days: Oct 9 (1), 10 (2), 11 Sat (3), 13 (4), 14 (5), 15 (6), 16 (7).
    d = deadlines(date(2025, 9, 30), broad_scope=False)
    assert d["sign_due"] == date(2025, 10, 11)
    assert d["return_until"] == date(2025, 10, 16)


def test_the_make_up_sunday_before_national_day_is_a_working_day():
    # Fri 2025-09-26 → Sun 28 is a make-up working day: 28 (1), 29 (2), 30 (3)
    assert deadlines(date(2025, 9, 26), broad_scope=False)["sign_due"] == date(2025, 9, 30)


def test_the_spring_festival_holiday_is_skipped():
    # Fri 2025-01-24: Sun Jan 26 is a make-up day (1), Mon 27 (2), Jan 28–Feb 4 off, Feb 5 (3)
    assert deadlines(date(2025, 1, 24), broad_scope=False)["sign_due"] == date(2025, 2, 5)


def test_reply_is_due_three_months_later_or_six_for_broad_matters():
    assert deadlines(date(2025, 3, 3), broad_scope=False)["reply_due"] == date(2025, 6, 3)
    assert deadlines(date(2025, 3, 3), broad_scope=True)["reply_due"] == date(2025, 9, 3)


def test_a_month_deadline_on_a_holiday_moves_to_the_next_working_day():
    # 2025-07-01 + 3 months = Oct 1 (National Day) → Thursday Oct 9
    assert deadlines(date(2025, 7, 1), broad_scope=False)["reply_due"] == date(2025, 10, 9)


def test_a_co_unit_owes_its_opinion_in_a_month_and_no_reply_deadline():
    d = deadlines(date(2025, 3, 3), broad_scope=False, role="co")
    assert d["opinion_due"] == date(2025, 4, 3) and d["reply_due"] is None


def test_month_arithmetic_clips_to_the_end_of_the_month():
    assert add_months(date(2025, 11, 30), 3) == date(2026, 2, 28)
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)


def test_an_uncovered_year_falls_back_to_weekdays_with_a_logged_and_visible_warning(
    caplog, monkeypatch
):
    monkeypatch.setattr(workdays, "_LOGGED", set())
    cal = Calendar()
    with caplog.at_level(logging.WARNING, logger="suggestions.workdays"):
        assert cal.add_workdays(date(2040, 1, 6), 1) == date(2040, 1, 9)  # Fri → Mon
    assert cal.warnings and "2040" in cal.warnings[0]
    assert "2040" in caplog.text
    assert "2040" in calendar_warning(date(2040, 3, 1))
    # Every later calendar still records the fallback; the log has said it once.
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="suggestions.workdays"):
        again = Calendar()
        again.add_workdays(date(2040, 2, 3), 3)
    assert again.warnings and "2040" not in caplog.text


def test_the_override_table_decides_for_years_the_package_does_not_know():
    WorkdayOverride.objects.create(date=date(2040, 1, 9), is_workday=False, note="假设的假日")
    WorkdayOverride.objects.create(date=date(2040, 1, 7), is_workday=True, note="假设的调休")
    cal = Calendar()
    # Fri Jan 6 → Sat Jan 7 is an override working day
    assert cal.add_workdays(date(2040, 1, 6), 1) == date(2040, 1, 7)
    assert cal.add_workdays(date(2040, 1, 7), 1) == date(2040, 1, 10)  # Mon 9 is off
    # a few override days do not cover their year: the rest of 2040 is still on the fallback
    assert "2040" in calendar_warning(date(2040, 3, 1))


def test_assignment_stores_the_deadlines_it_computed(walk, dongkou_staff, unit_user):
    s = walk(Status.ACCEPTED)
    suggestion_assign(
        suggestion=s,
        actor=dongkou_staff,
        lead_unit_id=unit_user.handling_unit_id,
        at=datetime(2025, 9, 30, 10, 0, tzinfo=CST),
    )
    s.refresh_from_db()
    a = s.assignments.get()
    assert (a.sign_due, a.return_until, a.reply_due) == (
        date(2025, 10, 11),
        date(2025, 10, 16),
        date(2025, 12, 30),
    )
    assert s.reply_due == a.reply_due
    # a later calendar edit does not move a deadline already given
    WorkdayOverride.objects.create(date=date(2025, 12, 30), is_workday=False)
    a.refresh_from_db()
    assert a.reply_due == date(2025, 12, 30)
