"""The period selector: month, quarter, year or term, with boundaries in Asia/Shanghai.

Figures are pre-grouped by calendar month in Asia/Shanghai (see models.Fact), so a period is a
half-open range of months [start, end). A term is taken from its first to its last month."""

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.utils import timezone
from django.utils.translation import gettext as _

SHANGHAI = ZoneInfo("Asia/Shanghai")
KINDS = ("month", "quarter", "year", "term")


class PeriodError(ValueError):
    """Bad selector input; the message is for the user."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


def add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def month_of(moment: datetime | date) -> date:
    """The first day of the month a moment falls in, in Asia/Shanghai."""
    if isinstance(moment, datetime):
        moment = moment.astimezone(SHANGHAI).date() if timezone.is_aware(moment) else moment.date()
    return date(moment.year, moment.month, 1)


def quarter_start(day: date) -> date:
    return date(day.year, (day.month - 1) // 3 * 3 + 1, 1)


@dataclass(frozen=True)
class Period:
    kind: str
    start: date  # first day of the first month
    end: date  # first day of the month after the last (exclusive)
    label: str
    value: str

    @property
    def months(self) -> list[date]:
        out, month = [], self.start
        while month < self.end:
            out.append(month)
            month = add_months(month, 1)
        return out

    def last_year(self) -> "Period":
        start, end = add_months(self.start, -12), add_months(self.end, -12)
        return Period(self.kind, start, end, _("上年同期"), "")

    def aware_bounds(self) -> tuple[datetime, datetime]:
        """The period as aware datetimes, for live queries on timestamp columns."""
        return (
            datetime(self.start.year, self.start.month, 1, tzinfo=SHANGHAI),
            datetime(self.end.year, self.end.month, 1, tzinfo=SHANGHAI),
        )


def period_for(kind: str, value: str = "", *, term=None, today: date | None = None) -> Period:
    """Parse the selector: month '2026-03', quarter '2026-Q1', year '2026'; a term is passed
    in as the Term object (its dates give the months). Empty value: the current one."""
    today = today or timezone.localdate()
    value = (value or "").strip()
    try:
        if kind == "month":
            start = date.fromisoformat(f"{value}-01") if value else date(today.year, today.month, 1)
            return Period(
                kind,
                start,
                add_months(start, 1),
                _("%(year)s年%(month)s月") % {"year": start.year, "month": start.month},
                start.strftime("%Y-%m"),
            )
        if kind == "quarter":
            if value:
                year, q = value.upper().split("-Q")
                year, q = int(year), int(q)
                if not 1 <= q <= 4:
                    raise ValueError
                start = date(year, (q - 1) * 3 + 1, 1)
            else:
                start = quarter_start(today)
            q = (start.month - 1) // 3 + 1
            return Period(
                kind,
                start,
                add_months(start, 3),
                _("%(year)s年第%(n)s季度") % {"year": start.year, "n": q},
                f"{start.year}-Q{q}",
            )
        if kind == "year":
            year = int(value) if value else today.year
            if not 2000 <= year <= 2100:
                raise ValueError
            start = date(year, 1, 1)
            return Period(
                kind, start, date(year + 1, 1, 1), _("%(year)s年") % {"year": year}, str(year)
            )
    except ValueError:
        raise PeriodError("value", _("期间格式不正确。")) from None
    if kind == "term":
        if term is None:
            raise PeriodError("term", _("未找到该届次。"))
        start = month_of(term.start_date)
        return Period(kind, start, add_months(month_of(term.end_date), 1), str(term), str(term.pk))
    raise PeriodError("period", _("期间类型应为月、季度、年度或届次。"))
