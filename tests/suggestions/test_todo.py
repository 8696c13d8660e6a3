"""The home page's to-do list follows the suggestion through the roles that owe the next step."""

import pytest

from suggestions.models import Status
from suggestions.services.rating import rating_create

pytestmark = pytest.mark.django_db


def todo(client):
    return {t["key"]: t["count"] for t in client.get("/api/v1/todo/").json()}


def test_a_submitted_suggestion_waits_for_review_on_the_county_staffs_home(
    walk, client_for, dongkou_staff, linwu_staff
):
    walk(Status.SUBMITTED)
    assert todo(client_for(dongkou_staff))["suggestion_review"] == 1
    assert "suggestion_review" not in todo(client_for(linwu_staff))


def test_an_assigned_suggestion_waits_in_the_units_home(walk, client_for, unit_user):
    walk(Status.ASSIGNED)
    assert todo(client_for(unit_user))["suggestion_todo"] == 1


def test_a_reply_waits_for_the_deputys_rating_until_rated(walk, client_for, lead):
    suggestion = walk(Status.REPLIED)
    assert todo(client_for(lead))["suggestion_rate"] == 1
    # the card opens the deputy's list filtered to the replies waiting, not all of them
    (card,) = [
        t for t in client_for(lead).get("/api/v1/todo/").json() if t["key"] == "suggestion_rate"
    ]
    assert card["url"].endswith("?status=replied")
    rating_create(suggestion=suggestion, actor=lead, attitude="satisfied", result="satisfied")
    assert "suggestion_rate" not in todo(client_for(lead))


def test_the_todo_list_needs_a_role(client_for, outsider):
    assert client_for(outsider).get("/api/v1/todo/").status_code == 403
