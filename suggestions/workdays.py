"""Working days on the official Chinese calendar (holidays and make-up working days).

The chinese-calendar package knows each year once the State Council publishes it; for a year
it does not know yet, the admin-editable WorkdayOverride table decides, and failing both we
fall back to Monday–Friday and say so loudly (log warning plus `Calendar.warnings`)."""

import calendar
import logging
from datetime import date, timedelta

import chinese_calendar
from django.utils.translation import gettext as _

from suggestions.models import WorkdayOverride

log = logging.getLogger(__name__)


def add_months(day: date, months: int) -> date:
    """Same day n months later, clipped to the month's end (31 Jan + 1 month = 28/29 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def package_covers(year: int) -> bool:
    try:
        chinese_calendar.is_workday(date(year, 6, 1))
    except NotImplementedError:
        return False
    return True


class Calendar:
    """One calendar for one computation: overrides are read once, fallbacks are collected."""

    def __init__(self):
        self.overrides = dict(WorkdayOverride.objects.values_list("date", "is_workday"))
        self.warnings: list[str] = []

    def is_workday(self, day: date) -> bool:
        if day in self.overrides:
            return self.overrides[day]
        try:
            return chinese_calendar.is_workday(day)
        except NotImplementedError:
            message = _(
                "%(year)s年的放假和调休安排尚未公布或尚未录入，这一年的工作日暂按周一至周五"
                "计算；请管理员在“工作日调整”中补录。"
            ) % {"year": day.year}
            if message not in self.warnings:
                log.warning(message)
                self.warnings.append(message)
            return day.weekday() < 5

    @property
    def fallback(self) -> bool:
        """Whether any day this calendar answered for was counted on the Monday–Friday fallback
        (store it with the deadline: `Assignment.deadlines_fallback`, `Suggestion.due_fallback`)."""
        return bool(self.warnings)

    def add_workdays(self, day: date, n: int) -> date:
        """The n-th working day after `day` (day itself does not count)."""
        current = day
        while n > 0:
            current += timedelta(days=1)
            if self.is_workday(current):
                n -= 1
        return current

    def next_workday(self, day: date) -> date:
        """`day` if it is a working day, else the first working day after it."""
        while not self.is_workday(day):
            day += timedelta(days=1)
        return day

    def month_deadline(self, day: date, months: int) -> date:
        """n months after `day`; a deadline falling on a rest day moves to the next working day."""
        return self.next_workday(add_months(day, months))

    def workdays_between(self, start: date, end: date) -> int:
        """Working days after `start` up to and including `end`."""
        count, current = 0, start
        while current < end:
            current += timedelta(days=1)
            count += self.is_workday(current)
        return count


def calendar_warning(today: date) -> str:
    """A warning for the staff pages when this year or next is not on the official calendar."""
    missing = []
    override_years = {d.year for d in WorkdayOverride.objects.values_list("date", flat=True)}
    for year in (today.year, today.year + 1):
        if not package_covers(year) and year not in override_years:
            missing.append(str(year))
    if not missing:
        return ""
    return _(
        "%(years)s年的法定节假日安排尚未收录，期限将按周一至周五计算；"
        "请管理员在“工作日调整”中补录放假和调休日期。"
    ) % {"years": "、".join(missing)}
