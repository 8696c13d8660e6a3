"""Each contacts figure, defined once, for the dashboard, the drill-down lists, the API and the
township evaluation alike.

- a relation counts in a year when it is in force on any day of it (starts_on ≤ 31 Dec,
  ends_on empty or ≥ 1 Jan);
- its contacts of the year: Contact rows of the relation dated in the year;
- reached: its contacts of the year ≥ its yearly target; coverage = reached / relations.

Deputies ↔ constituents are counted by liaison_stations (station_visit_coverage), not here."""

import datetime as dt
from decimal import Decimal

from django.db.models import Count, F, IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce

from contacts.models import Contact, ContactRelation

RATE = Decimal("0.0001")


def in_year(year: int) -> QuerySet[ContactRelation]:
    return ContactRelation.objects.filter(starts_on__lte=dt.date(year, 12, 31)).exclude(
        ends_on__lt=dt.date(year, 1, 1)
    )


def contacts_in_year(year: int) -> QuerySet[Contact]:
    return Contact.objects.filter(occurred_on__year=year)


def with_done(qs: QuerySet[ContactRelation], year: int) -> QuerySet[ContactRelation]:
    """`done`: the relation's contacts of the year (a subquery: no GROUP BY over the relation)."""
    count = (
        contacts_in_year(year)
        .filter(relation=OuterRef("pk"))
        .order_by()
        .values("relation")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return qs.annotate(done=Coalesce(Subquery(count, output_field=IntegerField()), 0))


def reached(year: int) -> QuerySet[ContactRelation]:
    return with_done(in_year(year), year).filter(done__gte=F("yearly_target"))


def behind(year: int) -> QuerySet[ContactRelation]:
    return with_done(in_year(year), year).filter(done__lt=F("yearly_target"))


def coverage_counts(*, region_codes: list[str], year: int) -> dict[str, tuple[int, int]]:
    """{code: (reached, relations)} of the relations whose region lies under each code."""
    total = dict(in_year(year).values_list("region_id").annotate(n=Count("pk")).order_by())
    done = dict(reached(year).values_list("region_id").annotate(n=Count("pk")).order_by())
    out = {}
    for code in region_codes:
        under = [r for r in total if r.startswith(code)]
        out[code] = (sum(done.get(r, 0) for r in under), sum(total[r] for r in under))
    return out


def coverage_rate(*, region_codes: list[str], year: int) -> dict[str, Decimal | None]:
    """The share of relations that reached their yearly target (0-1), None where none exist."""
    return {
        code: (Decimal(done) / Decimal(total)).quantize(RATE) if total else None
        for code, (done, total) in coverage_counts(region_codes=region_codes, year=year).items()
    }
