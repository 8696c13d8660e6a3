"""Duty-day arithmetic, free of the database: which dates a rule gives between two days."""

import calendar
from datetime import date, timedelta


def add_months(day: date, months: int) -> date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def days_of_month_dates(days: list[int], start: date, end: date) -> list[date]:
    """e.g. 逢六 [6, 16, 26]: every such day of each month between start and end (inclusive).
    A day a month does not have (31 in April) is skipped, never moved."""
    found = []
    year, month = start.year, start.month
    while (year, month) <= (end.year, end.month):
        last = calendar.monthrange(year, month)[1]
        for d in sorted(set(days)):
            if d <= last and start <= date(year, month, d) <= end:
                found.append(date(year, month, d))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return found


def weekday_dates(weekdays: list[int], start: date, end: date) -> list[date]:
    """Every given weekday (0 = Monday) between start and end (inclusive)."""
    wanted = set(weekdays)
    return [
        start + timedelta(days=n)
        for n in range((end - start).days + 1)
        if (start + timedelta(days=n)).weekday() in wanted
    ]


def listed_dates(days: list[str], start: date, end: date) -> list[date]:
    return sorted({d for d in map(date.fromisoformat, days) if start <= d <= end})


def rule_dates(kind: str, days: list, start: date, end: date) -> list[date]:
    if kind == "days_of_month":
        return days_of_month_dates(days, start, end)
    if kind == "weekday":
        return weekday_dates(days, start, end)
    return listed_dates(days, start, end)
