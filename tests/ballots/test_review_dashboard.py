"""The ballots figures on the dashboard: the share of reviewed key suggestions whose 集中评议
satisfaction rate reached 80%, and the officials rated by the committee; each opens exactly the
records behind it (the drill-down relation of tests/dashboards/test_drilldown_totals.py)."""

import pytest

from ballots.services.counting import ballot_close
from ballots.services.review import citizen_codes_issue, citizen_vote
from ballots.services.setup import ballot_open
from congress.dashboards.facts import refresh
from tests.dashboards.test_drilldown_totals import all_records, check, dashboard

pytestmark = pytest.mark.django_db


def test_the_review_figure_is_its_drill_down(review_world, linwu_staff, client_for):
    review = review_world["review"]
    sheet = citizen_codes_issue(actor=linwu_staff, ballot=review, count=5)
    review = ballot_open(actor=linwu_staff, ballot=review)
    items = list(review.items.order_by("order"))
    for n, line in enumerate(sheet):
        # item 1: 5 of 5 satisfied; item 2: 3 of 5; item 3: 4 of 5 (80%, counts as reached)
        answers = {
            items[0].pk: "satisfied",
            items[1].pk: "satisfied" if n < 3 else "dissatisfied",
            items[2].pk: "basic" if n < 4 else "dissatisfied",
        }
        citizen_vote(ballot=review, code=line["code"], answers=answers)
    ballot_close(actor=linwu_staff, ballot=review)
    refresh()
    client = client_for(linwu_staff)
    data = dashboard(client, period="year", value=str(review.closes_at.year))
    figure = next(f for f in data["figures"] if f["key"] == "key_review_good")
    assert figure["value"] == 66.7 and figure["drill"] == "part"
    check(client, label="key_review_good", value=figure["value"], drill="part",
          url=figure["url"], whole_url=figure["whole_url"])  # fmt: skip
    rows = all_records(client, figure["url"])["rows"]
    assert sorted(r["title"] for r in rows) == ["重点建议1", "重点建议3"]
    assert all(r["url"].startswith("/suggestions/") for r in rows)
    rated = next(f for f in data["figures"] if f["key"] == "officials_rated")
    assert rated["value"] == 0
