from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.db.models.query import ModelIterable
from django.utils.functional import cached_property
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response

from congress import params

COUNT_CAP = 10_000
DEFERRED_FROM = 500  # rows skipped: from here a page reads its ids first, then their rows


class CappedCountPaginator(Paginator):
    """Counts at most COUNT_CAP + 1 rows (`SELECT COUNT(*) FROM (... LIMIT n)`): an exact count
    over millions of station visits would cost more than the page itself, and nobody pages
    past the ten-thousandth row (they filter instead)."""

    @cached_property
    def count(self):
        if isinstance(self.object_list, QuerySet):
            return self.object_list.order_by()[: COUNT_CAP + 1].count()
        return self.object_list.count(at_most=COUNT_CAP + 1)  # a sequence of its own making

    @property
    def capped(self) -> bool:
        return self.count > COUNT_CAP

    def page(self, number):
        """A deep page reads the ids of its rows first (the ordering's columns only, no join,
        no per-row subquery count), then those rows: PostgreSQL computes a row's joins and
        counts for every row it skips with OFFSET, so page 200 of the province's meetings
        cost 180 ms where page 1 costs 5."""
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        rows = self.object_list
        deferrable = (
            isinstance(rows, QuerySet)
            and rows._iterable_class is ModelIterable  # model rows (not .values() dicts)
            and bottom >= DEFERRED_FROM
            and not rows.query.combinator
            and not rows.query.distinct
            # a window (a rank) is computed over the rows the WHERE leaves: over the page's
            # ids it would rank the page alone
            and not any(a.contains_over_clause for a in rows.query.annotations.values())
        )
        if not deferrable:
            return self._get_page(rows[bottom:top], number, self)
        ids = list(rows.values_list("pk", flat=True)[bottom:top])
        by_id = {row.pk: row for row in rows.order_by().filter(pk__in=ids)}
        return self._get_page([by_id[pk] for pk in ids if pk in by_id], number, self)


class Pagination(PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = 200
    django_paginator_class = CappedCountPaginator

    def get_page_size(self, request):
        return params.query_int(
            request, self.page_size_query_param, min=1, max=self.max_page_size,
            default=self.page_size,
        )  # fmt: skip

    def get_page_number(self, request, paginator):
        """A whole number from 1 (a page past the end is still DRF's 404)."""
        if request.query_params.get(self.page_query_param, "") in self.last_page_strings:
            return paginator.num_pages
        return params.query_int(
            request, self.page_query_param, min=1, max=params.INT_MAX, default=1
        )

    def get_paginated_response(self, data):
        capped = self.page.paginator.capped
        return Response(
            {
                "count": min(self.page.paginator.count, COUNT_CAP),
                "count_capped": capped,  # true: "10,000+" matching rows; narrow the filters
                "next": self.get_next_link(),
                "previous": self.get_previous_link(),
                "results": data,
            }
        )

    def get_paginated_response_schema(self, schema):
        response = super().get_paginated_response_schema(schema)
        response["properties"]["count_capped"] = {"type": "boolean"}
        return response
