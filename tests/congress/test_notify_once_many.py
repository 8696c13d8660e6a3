"""notify_once_many: the batched once-only delivery the reminder sweeps use (COPY on PostgreSQL,
multi-row INSERT elsewhere): each (object, kind, threshold) is sent exactly once, however many
calls or workers, and nothing leaves when the transaction rolls back."""

import threading

import pytest
from django.core import mail
from django.db import connection, transaction

from congress.models import Notification, SentReminder
from congress.notifications import Once, notify_once, notify_once_many, object_key

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def people(dongkou_staff, linwu_staff, supervisor):
    for user, email in ((dongkou_staff, "a@example.org"), (linwu_staff, "b@example.org")):
        user.email = email
        user.save(update_fields=["email"])
    supervisor.is_active = False
    supervisor.save(update_fields=["is_active"])
    return dongkou_staff, linwu_staff, supervisor


def items(people, thresholds=("7",), count=5):
    staff, other, inactive = people
    return [
        Once(
            f"suggestions.suggestion:{i}",
            t,
            [staff, other.pk, inactive, staff],
            f"第{i}号 {t}天",
            "正文\t含制表符\n换行 与 反斜杠 \\ 结尾",
            f"/suggestions/{i}/",
        )  # fmt: skip
        for i in range(count)
        for t in thresholds
    ]


def test_each_key_is_sent_once_to_each_active_recipient_and_a_second_call_sends_nothing(people):
    staff, other, inactive = people
    assert notify_once_many(items(people), kind="suggestion.due", batch_size=2) == 5
    assert notify_once_many(items(people), kind="suggestion.due", batch_size=2) == 0
    assert SentReminder.objects.filter(kind="suggestion.due").count() == 5
    rows = Notification.objects.filter(kind="suggestion.due")
    assert rows.count() == 10  # two active recipients, the repeated one and the inactive skipped
    assert not rows.filter(recipient=inactive).exists()
    row = rows.filter(recipient=staff, link="/suggestions/3/").get()
    assert row.title == "第3号 7天" and row.body == "正文\t含制表符\n换行 与 反斜杠 \\ 结尾"
    assert len(mail.outbox) == 10  # email queued after each batch's commit


def test_a_new_threshold_or_kind_is_a_new_reminder_and_duplicates_in_one_call_count_once(people):
    notify_once_many(items(people), kind="suggestion.due")
    again = items(people, thresholds=("7", "1", "1"))
    assert notify_once_many(again, kind="suggestion.due") == 5  # only the "1" ones are new
    assert notify_once_many(items(people), kind="suggestion.overdue") == 5


def test_it_shares_the_ledger_with_notify_once(people, dongkou_unit):
    staff = people[0]
    assert notify_once(key_object=dongkou_unit, kind="k", threshold="1", recipients=[staff],
                       title="一次")  # fmt: skip
    batch = [
        Once(object_key(dongkou_unit), "1", [staff], "再一次"),
        Once(dongkou_unit, 2, [staff], "二"),
    ]
    assert notify_once_many(batch, kind="k") == 1
    assert SentReminder.objects.filter(object_key=object_key(dongkou_unit), threshold="2").exists()


def test_nothing_is_claimed_or_sent_when_the_transaction_rolls_back(people):
    with pytest.raises(RuntimeError), transaction.atomic():
        assert notify_once_many(items(people), kind="suggestion.due", batch_size=2) == 5
        raise RuntimeError("crash before commit")
    assert mail.outbox == [] and not SentReminder.objects.exists()
    assert not Notification.objects.exists()
    assert notify_once_many(items(people), kind="suggestion.due") == 5
    assert len(mail.outbox) == 10


@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrency needs PostgreSQL")
def test_two_threads_claiming_the_same_keys_at_once_send_each_exactly_once(people):
    barrier, results, errors = threading.Barrier(2), [], []
    many = items(people, thresholds=("7", "1"), count=300)

    def worker():
        try:
            barrier.wait()
            results.append(notify_once_many(many, kind="suggestion.due", batch_size=100))
        except Exception as exc:  # pragma: no cover - surfaced below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors and sum(results) == 600
    assert SentReminder.objects.count() == 600
    assert Notification.objects.count() == 1200
