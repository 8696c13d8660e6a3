"""The public opinion form keeps working while Redis (its rate limit's cache) is down or never
answers: the limit fails open with a log line, the opinion is stored once, and the request
waits about a second at most."""

import pytest

from liaison_stations.models import Opinion
from tests.liaison_stations.test_opinions import opinion_form, public_url
from tests.outages import SLOW, cache_at, closed_port, silent_server, within

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("redis", ["down", "silent"])
def test_a_citizen_leaves_an_opinion_while_redis_is_unreachable(
    redis, settings, client, dongkou_station, caplog
):
    with silent_server() as port:
        url = f"redis://127.0.0.1:{port if redis == 'silent' else closed_port()}/0"
        with cache_at(settings, url):
            form = opinion_form()
            response, took = within(
                15, lambda: client.post(public_url(dongkou_station), form, format="json")
            )
    assert response.status_code == 201, response.content
    assert took < SLOW, took
    assert Opinion.objects.filter(tracking_code=response.json()["tracking_code"]).count() == 1
    assert "cache unavailable" in caplog.text
