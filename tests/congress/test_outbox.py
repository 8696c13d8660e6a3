"""The outbox: every e-mail and text is a row written with the change that causes it, marked
sent only after the mail server or gateway accepted it, retried with backoff, listed for staff
when it finally fails; a worker killed mid-delivery leaves the rest to the sweep. Each message
is counted at a real (loopback) SMTP server: delivered exactly once."""

import os
import signal
import subprocess
import sys
from collections import Counter
from datetime import timedelta
from pathlib import Path

import pytest
import redis
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from congress import outbox
from congress.models import Notification, OutboxMessage
from congress.notifications import notify
from congress.sms import MemoryBackend
from tests.conftest import make_user
from tests.outages import FlakySms, broker_at
from tests.smtp_server import FakeSMTP
from tests.waiting import PATIENCE

Status = OutboxMessage.Status
LATER = timedelta(days=1)  # past every backoff and lease


@pytest.fixture
def smtp_at(settings):
    """smtp_at(server): Django sends through the fake SMTP server."""

    def use(server: FakeSMTP) -> FakeSMTP:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = (
            "127.0.0.1",
            server.port,
            5,
        )
        return server

    return use


def people(n: int, **fields):
    return [
        make_user(f"user{i}", email=f"user{i}@example.org", region="430525", **fields)
        for i in range(n)
    ]


def test_a_mail_server_that_refuses_at_first_still_gets_each_message_exactly_once(
    regions, smtp_at, django_capture_on_commit_callbacks
):
    users = people(10)
    with FakeSMTP(refuse_first=3) as server:
        smtp_at(server)
        with django_capture_on_commit_callbacks(execute=True):
            notify(recipients=users, title="建议即将到期", body="还有7天", link="/suggestions/1/")

        # The send right after the commit: three refused, and those are not recorded as sent.
        assert server.refused == 3 and len(server.delivered) == 7
        waiting = OutboxMessage.objects.filter(status=Status.PENDING)
        assert waiting.count() == 3
        assert all(row.next_attempt_at > timezone.now() and "451" in row.last_error
                   for row in waiting)  # fmt: skip
        assert Notification.objects.filter(emailed_at__isnull=True).count() == 3

        assert outbox.sweep() == {"sent": 0, "retry": 0, "failed": 0}  # backoff not over yet
        assert outbox.sweep(now=timezone.now() + LATER)["sent"] == 3

    assert sorted(rcpt for _mid, rcpt in server.delivered) == sorted(u.email for u in users)
    assert len(set(server.message_ids())) == 10  # each message once, none twice
    assert not OutboxMessage.objects.exclude(status=Status.SENT).exists()
    assert not Notification.objects.filter(emailed_at__isnull=True).exists()
    body = OutboxMessage.objects.first().body
    assert body == "还有7天\n\n/suggestions/1/"


def test_a_rolled_back_change_leaves_no_message_in_the_outbox(
    regions, django_capture_on_commit_callbacks
):
    users = people(2)
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        notify(recipients=users, title="不会发出", sms=True)
        raise RuntimeError("roll back")
    assert callbacks == [] and not OutboxMessage.objects.exists()


def test_a_text_that_keeps_failing_is_listed_for_staff_of_its_region_and_sent_again_on_request(
    settings, dongkou_staff, linwu_staff, supervisor, client_for, django_capture_on_commit_callbacks
):
    settings.SMS_BACKEND, settings.OUTBOX_MAX_ATTEMPTS = "tests.outages.FlakySms", 2
    FlakySms.down, MemoryBackend.outbox = True, []
    deputy_user = make_user("deputy1", role="deputy", phone="13800000001", email="")
    colleague = make_user("colleague", role="staff", region="430525", phone="13800000002")
    with django_capture_on_commit_callbacks(execute=True):
        notify(recipients=[colleague], title="值班提醒", email=False, sms=True)
    outbox.sweep(now=timezone.now() + LATER)
    row = OutboxMessage.objects.get()
    assert (row.status, row.attempts) == (Status.FAILED, 2) and "短信网关无响应" in row.last_error
    assert Notification.objects.get().texted_at is None

    listed = client_for(dongkou_staff).get("/api/v1/outbox/failed/").json()
    assert [(r["id"], r["recipient"], r["recipient_name"]) for r in listed["results"]] == [
        (row.pk, "138****0002", "colleague")
    ]
    assert client_for(linwu_staff).get("/api/v1/outbox/failed/").json()["count"] == 0
    assert client_for(linwu_staff).post(f"/api/v1/outbox/{row.pk}/retry/").status_code == 404
    assert client_for(supervisor).get("/api/v1/outbox/failed/").status_code == 403
    assert client_for(deputy_user).post(f"/api/v1/outbox/{row.pk}/retry/").status_code == 403

    FlakySms.down = False
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(dongkou_staff).post(f"/api/v1/outbox/{row.pk}/retry/")
    assert response.status_code == 200, response.json()
    row.refresh_from_db()
    assert row.status == Status.SENT and row.sent_at
    assert MemoryBackend.outbox == [("13800000002", "【人大工作管理平台】值班提醒")]
    assert Notification.objects.get().texted_at is not None
    again = client_for(dongkou_staff).post(f"/api/v1/outbox/{row.pk}/retry/")
    assert again.status_code == 409 and again.json()["code"] == "conflict"


def test_the_failed_list_costs_the_same_queries_for_one_row_or_many(
    regions, admin_user, client_for
):
    users, client = people(5), client_for(admin_user)

    def listed(rows):
        OutboxMessage.objects.bulk_create(
            OutboxMessage(channel="email", recipient=u.email, user=u, status=Status.FAILED)
            for u in rows
        )
        with CaptureQueriesContext(connection) as queries:
            data = client.get("/api/v1/outbox/failed/").json()
        return data, len(queries)

    client.get("/api/v1/outbox/failed/")  # the session's idle stamp is written once
    (one, for_one), (five, for_five) = listed(users[:1]), listed(users[1:])
    assert (one["count"], five["count"]) == (1, 5) and for_one == for_five
    assert five["results"][0]["recipient"] == "u***@example.org"


def test_a_worker_whose_lease_expired_has_its_row_taken_by_the_next_and_the_first_cannot_mark_it(
    regions,
):
    (user,) = people(1)
    OutboxMessage.objects.create(channel="sms", recipient="13800000009", user=user, body="x")
    now = timezone.now()
    (first,) = outbox.claim(now=now)
    assert outbox.claim(now=now) == []  # held: nobody else takes it
    (second,) = outbox.claim(now=now + outbox.lease() + timedelta(seconds=1))
    assert second.attempts == 2
    assert outbox._mark_sent(first) is False  # the first worker's lease is gone
    assert outbox._mark_sent(second) is True


# --- A real worker, killed with SIGKILL in the middle of a delivery --------------------------

WORKER_SETTINGS = """
from congress.settings.test import *  # noqa
CELERY_TASK_ALWAYS_EAGER = False
CELERY_BROKER_URL = {broker!r}
EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST, EMAIL_PORT, EMAIL_TIMEOUT = "127.0.0.1", {port}, 5
DATABASES["default"]["NAME"] = {db!r}
"""


@pytest.fixture
def broker():
    """This process publishes to Redis (db of REDIS_URL, emptied first) instead of running
    tasks inline; restored afterwards."""
    url = os.environ["REDIS_URL"]
    redis.Redis.from_url(url).flushdb()
    with broker_at(url):
        yield url


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs REDIS_URL (CI sets it)")
@pytest.mark.skipif(connection.vendor != "postgresql", reason="a worker process needs PostgreSQL")
def test_a_worker_killed_mid_delivery_leaves_the_rest_to_the_sweep_which_sends_each_once(
    regions, smtp_at, broker, tmp_path
):
    users = people(12)
    with FakeSMTP(hang_on=6) as server:  # accepts five, then never answers the sixth
        (tmp_path / "outbox_worker_settings.py").write_text(
            WORKER_SETTINGS.format(
                broker=broker, port=server.port, db=connection.settings_dict["NAME"]
            )
        )
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "outbox_worker_settings",
               "PYTHONPATH": os.pathsep.join([str(tmp_path), str(Path.cwd())])}  # fmt: skip
        worker = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "congress", "worker", "-Q", "default,reminders",
             "--pool=solo", "--loglevel=WARNING", "--without-mingle", "--without-gossip"],
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        try:
            with transaction.atomic():
                notify(recipients=users, title="会议通知", body="请准时参加")
            assert server.stuck.wait(PATIENCE), "the worker never reached the sixth message"
            worker.send_signal(signal.SIGKILL)
            worker.wait(10)
        finally:
            if worker.poll() is None:
                worker.kill()
        server.release.set()  # the sixth was never answered: not delivered

        # What the dead worker left: five sent, seven claimed under its lease.
        assert len(server.delivered) == 5
        assert Counter(OutboxMessage.objects.values_list("status", flat=True)) == {
            Status.SENT: 5,
            Status.SENDING: 7,
        }
        assert Notification.objects.filter(emailed_at__isnull=False).count() == 5

        smtp_at(server)
        assert outbox.sweep()["sent"] == 0  # the lease still holds
        after_lease = timezone.now() + outbox.lease() + timedelta(seconds=1)
        assert outbox.sweep(now=after_lease) == {"sent": 7, "retry": 0, "failed": 0}

    assert sorted(rcpt for _mid, rcpt in server.delivered) == sorted(u.email for u in users)
    assert len(set(server.message_ids())) == 12
    assert OutboxMessage.objects.filter(status=Status.SENT).count() == 12
    assert not Notification.objects.filter(emailed_at__isnull=True).exists()
