import pytest
from django.db.models import Count, F, Window
from django.db.models.functions import Rank
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from congress import pagination
from congress.models import HandlingUnit
from tests.conftest import DONGKOU

pytestmark = pytest.mark.django_db


def page_of(qs, **params):
    paginator = pagination.Pagination()
    request = Request(APIRequestFactory().get("/", params))
    rows = paginator.paginate_queryset(qs, request)
    return paginator.get_paginated_response([r.pk for r in rows]).data


def test_a_small_list_reports_its_exact_count(regions):
    HandlingUnit.objects.bulk_create(
        [HandlingUnit(name=f"单位{i}", region_id=DONGKOU) for i in range(7)]
    )
    body = page_of(HandlingUnit.objects.order_by("pk"), page_size=5)
    assert body["count"] == 7 and body["count_capped"] is False and len(body["results"]) == 5


def test_a_huge_list_counts_only_up_to_the_cap(regions, monkeypatch):
    monkeypatch.setattr(pagination, "COUNT_CAP", 5)
    HandlingUnit.objects.bulk_create(
        [HandlingUnit(name=f"单位{i}", region_id=DONGKOU) for i in range(12)]
    )
    body = page_of(HandlingUnit.objects.order_by("pk"), page_size=2)
    assert body["count"] == 5 and body["count_capped"] is True


def test_a_deep_page_reads_its_ids_first_and_gives_the_same_rows_in_the_same_order(
    regions, monkeypatch, django_assert_max_num_queries
):
    """From DEFERRED_FROM skipped rows a page reads the ids of its rows, then those rows (with
    their annotations): the same rows, in the order of the list, ties broken alike."""
    HandlingUnit.objects.bulk_create(
        [HandlingUnit(name=f"单位{i}", region_id=DONGKOU) for i in range(30)]
    )
    ordered = HandlingUnit.objects.annotate(n=Count("users")).order_by("region_id", "-pk")
    expected = [u.pk for u in ordered]
    monkeypatch.setattr(pagination, "DEFERRED_FROM", 10**6)
    plain = [page_of(ordered, page_size=4, page=p)["results"] for p in range(1, 9)]
    monkeypatch.setattr(pagination, "DEFERRED_FROM", 4)
    with django_assert_max_num_queries(3) as queries:  # the count, the ids, the rows
        page_of(ordered, page_size=4, page=3)
    skipping = [q["sql"] for q in queries.captured_queries if "OFFSET" in q["sql"]]
    assert len(skipping) == 1 and "COUNT" not in skipping[0]  # no annotation for skipped rows
    deferred = [page_of(ordered, page_size=4, page=p)["results"] for p in range(1, 9)]
    assert deferred == plain
    assert sum(deferred, []) == expected


def test_a_deep_page_of_plain_values_is_read_as_it_always_was(regions, monkeypatch):
    HandlingUnit.objects.bulk_create(
        [HandlingUnit(name=f"单位{i}", region_id=DONGKOU) for i in range(12)]
    )
    monkeypatch.setattr(pagination, "DEFERRED_FROM", 2)
    rows = HandlingUnit.objects.order_by("pk").values("pk", "name")
    paginator = pagination.Pagination()
    request = Request(APIRequestFactory().get("/", {"page_size": 4, "page": 3}))
    page = paginator.paginate_queryset(rows, request)
    assert [r["pk"] for r in page] == [r["pk"] for r in rows][8:12]


def test_a_deep_page_of_a_ranking_keeps_the_ranks_of_the_whole_list(regions, monkeypatch):
    """A window annotation (RANK() OVER …) is computed over the rows the WHERE leaves: a page
    read by its ids would rank its own rows 1, 2, 3 … instead of 9, 10, 11 …"""
    HandlingUnit.objects.bulk_create(
        [HandlingUnit(name=f"单位{i:02d}", region_id=DONGKOU) for i in range(12)]
    )
    monkeypatch.setattr(pagination, "DEFERRED_FROM", 2)
    ranked = HandlingUnit.objects.annotate(rank=Window(Rank(), order_by=F("name").asc()))
    paginator = pagination.Pagination()
    request = Request(APIRequestFactory().get("/", {"page_size": 4, "page": 3}))
    page = paginator.paginate_queryset(ranked.order_by("name"), request)
    assert [u.rank for u in page] == [9, 10, 11, 12]
