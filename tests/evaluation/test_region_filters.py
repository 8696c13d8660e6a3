"""A region filter naming a region outside the viewer's scope (or no region at all) is a 404,
for the archive list, the ranking and the export alike; the viewer's own subtree filters."""

import pytest

from evaluation.performance import points
from tests.conftest import LINWU
from tests.evaluation.conftest import make_deputy

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("code", [LINWU, "439999"])
def test_a_foreign_or_unknown_region_filter_is_a_404(
    client_for, dongkou_staff, dongkou_rules, code
):
    client = client_for(dongkou_staff)
    for url in (
        f"/api/v1/performance/entries/?region={code}",
        f"/api/v1/performance/rule-sets/{dongkou_rules.pk}/ranking/?region={code}",
        f"/api/v1/performance/export/?region={code}&year=2026",
    ):
        response = client.get(url)
        assert response.status_code == 404, url
        assert response.json()["code"] == "not_found"


def test_a_region_of_the_viewers_own_county_filters(client_for, dongkou_staff, dongkou_rules):
    town = make_deputy("洞口镇代表", region="430525001")
    points.points_recompute(rule_set=dongkou_rules)
    client = client_for(dongkou_staff)
    assert client.get("/api/v1/performance/entries/?region=430525001").status_code == 200
    ranking = client.get(
        f"/api/v1/performance/rule-sets/{dongkou_rules.pk}/ranking/?region=430525001"
    )
    assert ranking.status_code == 200
    assert town.pk in [row["deputy"] for row in ranking.json()["results"]]
