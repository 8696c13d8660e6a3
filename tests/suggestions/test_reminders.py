"""The reminder sweep: each reminder exactly once, however often and however many workers run
it; nothing leaves when the transaction rolls back; a real worker on Redis runs it."""

import os
import threading
from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection, transaction
from django.utils import timezone

from congress.models import Notification, SentReminder
from congress.notifications import notify_once_many
from congress.sms import MemoryBackend
from suggestions import reminders
from suggestions.models import Assignment, RegionPolicy, Status, Suggestion
from suggestions.services.assignment import assignment_sign, suggestion_assign
from suggestions.services.handling import extension_decide, extension_request
from suggestions.services.review import suggestion_mark_key
from suggestions.tasks import sweep_suggestion_reminders
from tests.clock import frozen
from tests.waiting import wait_until
from tests.workers import real_worker

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def one_day():
    """Deadlines are three months after assignment, moved past holidays: near the Spring
    Festival or National Day "assigned 100 days ago" is not yet overdue (on 20 September 2026,
    for one), so the sweep's counts hold only on a fixed day. The worker thread sees it too."""
    with frozen():
        yield


def days_ago(n: int):
    return timezone.now() - timedelta(days=n)


@pytest.fixture
def due_world(walk, dongkou_staff, unit_user, other_unit_user, supervisor, lead):
    """One suggestion per reminder kind, with deadlines relative to today."""
    unit_user.email, unit_user.phone = "jyj@example.org", "13900000000"
    unit_user.save(update_fields=["email", "phone"])
    soon = walk(Status.ACCEPTED, title="关于修缮村级道路的建议")
    suggestion_assign(
        suggestion=soon, actor=dongkou_staff, lead_unit_id=unit_user.handling_unit_id,
        co_unit_ids=[other_unit_user.handling_unit_id], at=days_ago(80),
    )  # fmt: skip
    late = walk(Status.ACCEPTED, title="关于增设公交线路的建议")
    suggestion_mark_key(
        suggestion=late, actor=dongkou_staff, is_key=True, leading_leader_id=supervisor.pk
    )
    suggestion_assign(
        suggestion=late, actor=dongkou_staff, lead_unit_id=unit_user.handling_unit_id,
        at=days_ago(100),
    )  # fmt: skip
    assignment_sign(suggestion=late, actor=unit_user)
    replied = walk(Status.REPLIED, title="关于学校食堂改造的建议")
    Suggestion.objects.filter(pk=replied.pk).update(replied_at=days_ago(20))
    replied.commitments.update(due_date=timezone.localdate() + timedelta(days=3))
    for s in (soon, late, replied):
        s.refresh_from_db()
    return {"soon": soon, "late": late, "replied": replied}


def test_the_sweep_sends_each_kind_once_and_a_second_run_sends_nothing(
    due_world, unit_user, supervisor, lead
):
    first = reminders.sweep()
    assert first["reply_due"] == 1 and first["overdue"] == 1 and first["rating_pending"] == 1
    assert first["overdue_weekly"] == 1  # the key suggestion's leader, weekly
    assert first["unsigned"] == 2  # the lead and the co-unit of `soon` never signed
    assert first["co_opinion_due"] == 1 and first["commitment_due"] == 1
    assert reminders.sweep() == dict.fromkeys(first, 0)
    assert SentReminder.objects.count() == sum(first.values())
    late_title = Notification.objects.filter(recipient=supervisor).values_list("title", flat=True)
    assert any("【重点建议】" in t and "超期" in t for t in late_title)  # escalated to the leader
    assert Notification.objects.filter(recipient=lead, kind="suggestion.rating").count() == 1
    assert any("答复期限" in m.subject for m in mail.outbox)  # email went out after commit
    assert any(phone == "13900000000" and "超期" in text for phone, text in MemoryBackend.outbox)


def test_an_extended_deadline_is_reminded_again_for_the_new_date(
    due_world, dongkou_staff, unit_user
):
    late = due_world["late"]
    reminders.sweep()
    extension_request(suggestion=late, actor=unit_user, months=3, reason="需省级资金")
    ext = Assignment.objects.get(suggestion=late, role="lead").extensions.get()
    extension_decide(suggestion=late, actor=dongkou_staff, extension_id=ext.pk, approve=True)
    late.refresh_from_db()
    assert late.reply_due > timezone.localdate()
    # 100 days after assignment + 3 + 3 months: within 15 days? only if it is; otherwise nothing
    later = reminders.sweep(today=late.reply_due - timedelta(days=5))
    assert later["reply_due"] >= 1


def test_weekly_overdue_reminders_repeat_each_week_but_not_each_day(due_world):
    RegionPolicy.objects.create(region_id=due_world["late"].region_id, overdue_daily_to_unit=False)
    late = due_world["late"]
    today = late.reply_due + timedelta(days=1)
    assert reminders.sweep(today=today)["overdue"] == 1
    assert reminders.sweep(today=today + timedelta(days=3))["overdue"] == 0
    assert reminders.sweep(today=today + timedelta(days=7))["overdue"] == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrency needs PostgreSQL")
def test_two_workers_sweeping_at_once_send_each_reminder_exactly_once(due_world):
    who, texts, today = reminders.Recipients(), reminders.texts(), timezone.localdate()
    expected = sum(
        len({u for u in kind.message(row, today, who, texts)[0] if u in who.active})
        for kind in reminders.KINDS
        for row in reminders.due_today(kind, today)
    )
    before = Notification.objects.count()
    barrier, results, errors = threading.Barrier(2), [], []

    def worker():
        try:
            barrier.wait()
            results.append(reminders.sweep())
        except Exception as exc:  # pragma: no cover - surfaced below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors
    total = {k: results[0][k] + results[1][k] for k in results[0]}
    assert total == {"reply_due": 1, "overdue": 1, "overdue_weekly": 1, "escalation": 0,
                     "review_due": 0, "assign_due": 0, "unsigned": 2, "co_opinion_due": 1,
                     "rating_pending": 1, "commitment_due": 1, "digest": 0}  # fmt: skip
    assert SentReminder.objects.count() == 8
    # one notification per (reminder, recipient), not two
    assert Notification.objects.count() - before == expected


def test_a_reminder_queued_in_a_transaction_that_rolls_back_never_runs(due_world):
    mail.outbox.clear()
    with pytest.raises(RuntimeError), transaction.atomic():
        reminders.sweep()
        raise RuntimeError("crash after the sweep, before commit")
    assert mail.outbox == []
    assert SentReminder.objects.count() == 0
    assert not Notification.objects.filter(kind="suggestion.due").exists()
    reminders.sweep()
    assert mail.outbox and SentReminder.objects.count() == 8


@pytest.mark.celery_worker
@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="REDIS_URL is not set")
def test_a_real_celery_worker_on_redis_runs_the_sweep_end_to_end(due_world):
    with real_worker():
        sweep_suggestion_reminders.delay()
        wait_until(lambda: SentReminder.objects.count() >= 8)
        assert SentReminder.objects.count() == 8
        # The e-mails are sent by a second task on the worker, after the sweep commits:
        # wait for the one asserted below, not merely the first to arrive.
        wait_until(lambda: any("超期" in m.subject for m in mail.outbox))
    assert any("超期" in m.subject for m in mail.outbox)


def test_a_sweep_on_an_empty_ledger_reads_unfiltered_and_still_sends_each_reminder_once(due_world):
    """The first sweep of a new deployment reads the rows without the ledger filter (nothing can
    be in it yet); what keeps each reminder once-only is the claim, so reading everything again
    sends nothing a second time."""
    today = timezone.localdate()
    assert reminders.refresh_ledger_statistics() is False
    sent = reminders.sweep(today=today)
    assert sum(sent.values()) > 0
    assert reminders.refresh_ledger_statistics() is True
    who, texts = reminders.Recipients(), reminders.texts()
    before = Notification.objects.count()
    for kind in reminders.KINDS:
        unfiltered = list(reminders.messages(kind, today, who, texts, ledger=False))
        assert len(unfiltered) >= sent.get(kind.name, 0)
        assert notify_once_many(unfiltered, kind=kind.kind) == 0
    assert Notification.objects.count() == before
