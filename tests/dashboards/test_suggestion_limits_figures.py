"""The dashboard's 审查超期, 交办超期 and 未测评 (issue 14): counted as suggestions by the
definitions of suggestions/figures.py, each opening exactly the suggestions behind it, in scope."""

from datetime import timedelta

import pytest

from congress.dashboards.services import facts_refresh
from suggestions.models import Suggestion
from tests.dashboards.conftest import DONGKOU, LINWU, at, suggestion

pytestmark = pytest.mark.django_db
QUARTER = {"period": "quarter", "value": "2026-Q1"}


@pytest.fixture
def late(world):
    today = world["today"]
    dk, lw = world["dk"], world["lw"]
    review = suggestion(DONGKOU, dk[7], at(2026, 1, 20), status="submitted")
    review_ok = suggestion(DONGKOU, dk[8], at(2026, 1, 21), status="submitted")
    assign = suggestion(DONGKOU, dk[9], at(2026, 1, 22), status="accepted")
    lw_review = suggestion(LINWU, lw[1], at(2026, 1, 23), status="submitted")
    unrated = suggestion(DONGKOU, dk[7], at(2026, 1, 24), status="closed")
    unrated_last_year = suggestion(DONGKOU, dk[8], at(2025, 1, 24), status="closed")
    Suggestion.objects.filter(pk__in=[review.pk, lw_review.pk]).update(
        review_due=today - timedelta(days=2)
    )
    Suggestion.objects.filter(pk=review_ok.pk).update(review_due=today + timedelta(days=5))
    Suggestion.objects.filter(pk=assign.pk).update(assign_due=today - timedelta(days=1))
    Suggestion.objects.filter(pk=unrated.pk).update(unrated_at=at(2026, 3, 10))
    Suggestion.objects.filter(pk=unrated_last_year.pk).update(unrated_at=at(2025, 3, 10))
    facts_refresh()
    return {"review": review, "assign": assign, "unrated": unrated}


def figures(client, **params):
    r = client.get("/api/v1/dashboard/", {**QUARTER, **params})
    assert r.status_code == 200, r.content
    return {f["key"]: f for f in r.json()["figures"]}


def drill(client, link):
    r = client.get("/api/v1/dashboard/records/", {k: v for k, v in link.items() if v})
    assert r.status_code == 200, r.content
    return [row["url"] for row in r.json()["rows"]]


def test_review_and_assignment_overdue_and_unrated_are_counted_and_drill_down(
    late, client_for, supervisor
):
    client = client_for(supervisor)
    f = figures(client)
    review, assign, unrated = (
        f["suggestions_review_overdue"],
        f["suggestions_assign_overdue"],
        f["suggestions_unrated"],
    )
    assert review["section"] == assign["section"] == unrated["section"] == "suggestions"
    assert review["label"] == "审查超期" and assign["label"] == "交办超期"
    assert unrated["label"] == "未测评"
    # 临武's late review is another county's; the one still within its limit is not late
    assert review["value"] == 1 and assign["value"] == 1
    assert unrated["value"] == 1 and unrated["last"] == 1  # last year's own quarter
    assert drill(client, review["link"]) == [f"/suggestions/{late['review'].pk}/"]
    assert drill(client, assign["link"]) == [f"/suggestions/{late['assign'].pk}/"]
    assert drill(client, unrated["link"]) == [f"/suggestions/{late['unrated'].pk}/"]


def test_a_city_counts_its_counties_late_reviews(late, client_for, shaoyang_staff, linwu_staff):
    assert figures(client_for(shaoyang_staff))["suggestions_review_overdue"]["value"] == 1
    assert figures(client_for(linwu_staff))["suggestions_review_overdue"]["value"] == 1
    r = client_for(linwu_staff).get(
        "/api/v1/dashboard/records/", {"list": "suggestions", "box": "review_overdue",
                                       "region": DONGKOU}
    )  # fmt: skip
    assert r.status_code == 404
