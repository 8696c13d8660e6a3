"""Two requests at once, each on its own database connection (PostgreSQL): one vote counts."""

import threading

import pytest
from django.db import connection, connections

from ballots.models import Participation, Tally
from tests.ballots.conftest import rating_ballot

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif("connection.vendor != 'postgresql'", reason="needs real concurrency"),
]


def test_two_simultaneous_votes_by_one_deputy_count_once(
    client_for, dongkou_staff, voters, dongkou_units
):
    ballot = rating_ballot(dongkou_staff, voters[0].mandates.first().congress, dongkou_units)
    body = {"answers": {str(i.pk): "satisfied" for i in ballot.items.all()}}
    url = f"/api/v1/ballots/{ballot.pk}/vote/"
    clients = [client_for(voters[0].user) for _ in range(2)]
    start = threading.Barrier(2)
    statuses = []

    def vote(client):
        try:
            start.wait()
            statuses.append(client.post(url, body, format="json").status_code)
        finally:
            connections.close_all()  # this thread's own connection

    threads = [threading.Thread(target=vote, args=(c,)) for c in clients]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert sorted(statuses) == [201, 409]
    assert Participation.objects.filter(ballot=ballot).count() == 1
    assert sum(t.electronic for t in Tally.objects.filter(ballot=ballot)) == 3
    assert connection.vendor == "postgresql"


def test_many_deputies_voting_at_once_are_all_counted(
    client_for, dongkou_staff, voters, dongkou_units
):
    ballot = rating_ballot(dongkou_staff, voters[0].mandates.first().congress, dongkou_units)
    body = {"answers": {str(i.pk): "basic" for i in ballot.items.all()}}
    url = f"/api/v1/ballots/{ballot.pk}/vote/"
    start = threading.Barrier(len(voters))
    statuses = []

    def vote(user):
        try:
            client = client_for(user)
            start.wait()
            statuses.append(client.post(url, body, format="json").status_code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=vote, args=(d.user,)) for d in voters]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert statuses == [201] * len(voters)
    assert [t.electronic for t in Tally.objects.filter(ballot=ballot, answer="basic")] == [3, 3, 3]
