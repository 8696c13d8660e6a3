"""Working days on the official Chinese calendar (holidays and make-up working days).

The chinese-calendar package knows each year once the State Council publishes it; for a year
it does not know yet, staff enter the year's official schedule on the page 工作日安排
(`WorkdayYear` plus its WorkdayOverride days). A year counts as covered only then: a single
override decides its own day, but the other days of a year neither the package nor a complete
entered schedule covers fall back to Monday–Friday, and we say so loudly (log warning plus
`Calendar.warnings`)."""

import calendar
import logging
from datetime import date, timedelta

import chinese_calendar
from django.utils.translation import gettext as _

from suggestions.models import WorkdayOverride, WorkdayYear

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


def entered_years() -> set[int]:
    """The years whose official schedule staff have entered in full (WorkdayYear)."""
    return set(WorkdayYear.objects.values_list("year", flat=True))


def year_covered(year: int, entered: set[int] | None = None) -> bool:
    """Whether the official schedule of the year is known: by the package or entered in full."""
    return package_covers(year) or year in (entered_years() if entered is None else entered)


# The years whose fallback this process has logged (every calendar still records its own).
_LOGGED: set[int] = set()


class Calendar:
    """One calendar for one computation: overrides are read once, fallbacks are collected."""

    def __init__(self):
        self.overrides = dict(WorkdayOverride.objects.values_list("date", "is_workday"))
        self.entered = entered_years()
        self.warnings: list[str] = []

    def fresh(self) -> "Calendar":
        """The same calendar (no new queries) with its own fallback record, for one of many
        computations (e.g. recomputing thousands of deadlines after the calendar changed)."""
        other = Calendar.__new__(Calendar)
        other.overrides, other.entered, other.warnings = self.overrides, self.entered, []
        return other

    def is_workday(self, day: date) -> bool:
        if day in self.overrides:
            return self.overrides[day]
        try:
            return chinese_calendar.is_workday(day)
        except NotImplementedError:
            if day.year in self.entered:  # a complete schedule: every other day is as usual
                return day.weekday() < 5
            message = _(
                "%(year)s年的放假和调休安排尚未公布或尚未录入，这一年的工作日暂按周一至周五"
                "计算；请在“工作日安排”页面录入全年安排。"
            ) % {"year": day.year}
            if message not in self.warnings:
                self.warnings.append(message)
                if day.year not in _LOGGED:  # the log says it once per process and year
                    _LOGGED.add(day.year)
                    log.warning(message)
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
    entered = entered_years()
    missing = [str(y) for y in (today.year, today.year + 1) if not year_covered(y, entered)]
    if not missing:
        return ""
    return _(
        "%(years)s年的法定节假日安排尚未收录，期限将按周一至周五计算；"
        "请在“工作日安排”页面录入全年的放假和调休日期。"
    ) % {"years": "、".join(missing)}
