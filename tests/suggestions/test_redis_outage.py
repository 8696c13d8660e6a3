"""A Redis outage never turns a committed write into a 500: the assignment is saved once, the
answer is 200, and its e-mail waits in the outbox for the sweep. A Redis that accepts
connections and never answers holds the request for about a second, not 30."""

import pytest
from django.core import mail

from congress import outbox
from congress.models import OutboxMessage
from suggestions.models import Assignment, Status
from tests.outages import SLOW, broker_at, closed_port, silent_server, within

pytestmark = pytest.mark.django_db(transaction=True)  # after-commit work runs on a real commit


@pytest.fixture
def accepted(walk, unit_user):
    unit_user.email = "jyj@example.org"
    unit_user.save(update_fields=["email"])
    mail.outbox.clear()
    return walk(Status.ACCEPTED)


def assign(client, suggestion, unit_user):
    return client.post(
        f"/api/v1/suggestions/{suggestion.pk}/assign/",
        {"lead_unit": unit_user.handling_unit_id},
        format="json",
    )


def test_an_assignment_made_while_the_broker_is_down_answers_200_and_its_mail_follows_later(
    accepted, client_for, dongkou_staff, unit_user
):
    with broker_at(f"redis://127.0.0.1:{closed_port()}/0"):
        response = assign(client_for(dongkou_staff), accepted, unit_user)
        assert response.status_code == 200, response.content
        assert mail.outbox == []  # nothing could be queued …
        (waiting,) = OutboxMessage.objects.filter(recipient="jyj@example.org")
        assert waiting.status == OutboxMessage.Status.PENDING  # … but nothing is lost
    assert Assignment.objects.filter(suggestion=accepted, role="lead").count() == 1

    assert outbox.sweep()["sent"] == 1  # beat's sweep, once the broker is back
    assert [m.to for m in mail.outbox] == [["jyj@example.org"]]
    assert outbox.sweep()["sent"] == 0


def test_a_redis_that_never_answers_holds_a_write_for_about_a_second(
    accepted, client_for, dongkou_staff, unit_user
):
    with silent_server() as port, broker_at(f"redis://127.0.0.1:{port}/0"):
        response, took = within(15, lambda: assign(client_for(dongkou_staff), accepted, unit_user))
    assert response.status_code == 200, response.content
    assert took < SLOW, took
    assert OutboxMessage.objects.get().status == OutboxMessage.Status.PENDING
