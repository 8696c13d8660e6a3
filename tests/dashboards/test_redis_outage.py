"""The dashboard is computed afresh while its cache (Redis) never answers, in about a second."""

import pytest

from tests.outages import SLOW, cache_at, silent_server, within

pytestmark = pytest.mark.django_db(transaction=True)  # the request runs in another thread


def test_the_dashboard_answers_while_the_cache_never_answers(settings, client_for, supervisor):
    client = client_for(supervisor)

    def dashboard(quarter: str):
        return client.get("/api/v1/dashboard/", {"period": "quarter", "value": quarter})

    assert dashboard("2026-Q1").status_code == 200  # the first one loads what every one needs
    with silent_server() as port, cache_at(settings, f"redis://127.0.0.1:{port}/0"):
        response, took = within(15, lambda: dashboard("2026-Q2"))
    assert response.status_code == 200, response.content
    assert took < SLOW, took
    assert response.json()["figures"]
