import pytest
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
