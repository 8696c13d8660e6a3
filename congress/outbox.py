"""The outbox: every e-mail and text the portal sends is first a row here.

A row is written in the transaction that causes it (so a rollback sends nothing and a commit
loses nothing); after the commit a task is queued to send it, and if the broker is down the
sweep (beat, every minute) finds it anyway. A worker claims rows with a lease: under
PostgreSQL `SELECT … FOR UPDATE SKIP LOCKED` and then an `UPDATE` that sets `claimed_until`,
so two workers never take the same row, and a worker killed mid-delivery leaves rows whose
lease expires and which the sweep sends again. A row is marked sent only after the gateway
accepted it; a refusal puts it back with exponential backoff, and after `MAX_ATTEMPTS` it is
`failed` and listed for staff, who may send it again.

Delivery is at least once: a worker killed after the mail server accepted a message and before
the row was marked sends that one message again. Each e-mail carries a Message-ID made from its
row, so a receiving system can recognise the repeat."""

import contextlib
import logging
from collections.abc import Iterable
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from congress import audit
from congress.errors import ApplicationError
from congress.models import AuditLog, Notification, OutboxMessage
from congress.queue import enqueue_after_commit
from congress.sms import send_sms

log = logging.getLogger(__name__)

SMS_PREFIX = "【人大工作管理平台】"
CHUNK = 50  # rows claimed at a time: a lease covers a short batch, never a whole sweep
Status = OutboxMessage.Status


def max_attempts() -> int:
    return settings.OUTBOX_MAX_ATTEMPTS


def lease() -> timedelta:
    return timedelta(seconds=settings.OUTBOX_LEASE_SECONDS)


def backoff(attempts: int) -> timedelta:
    """Delay before the next try after `attempts` failed ones: 1, 2, 4, 8 … minutes, capped."""
    base, cap = settings.OUTBOX_RETRY_SECONDS, settings.OUTBOX_RETRY_MAX_SECONDS
    return timedelta(seconds=min(base * 2 ** max(attempts - 1, 0), cap))


def email_body(body: str, link: str) -> str:
    """The notification's text and its link (the SQL in notifications.py builds the same)."""
    return f"{body}\n\n{link}" if body and link else body or link


# --- Writing rows (inside the caller's transaction) ---------------------------------------


def queue(messages: list[OutboxMessage]) -> list[int]:
    """Store the messages and queue their sending for after the commit; returns their ids."""
    rows = OutboxMessage.objects.bulk_create(messages)
    ids = [row.pk for row in rows]
    send_after_commit(ids)
    return ids


def send_after_commit(ids: list[int]) -> None:
    from congress import tasks  # noqa: PLC0415 - a cycle: congress.tasks imports this module

    if ids:
        enqueue_after_commit(tasks.send_outbox, ids)


def for_notifications(
    notes: Iterable[Notification], *, email: bool, sms: bool
) -> list[OutboxMessage]:
    """One e-mail and/or one text per notification whose recipient has that address."""
    out = []
    for note in notes:
        user = note.recipient
        if email and user.email:
            out.append(
                OutboxMessage(
                    channel=OutboxMessage.Channel.EMAIL,
                    recipient=user.email,
                    subject=note.title,
                    body=email_body(note.body, note.link),
                    notification=note,
                    user=user,
                    kind=note.kind,
                )
            )
        if sms and user.phone:
            out.append(
                OutboxMessage(
                    channel=OutboxMessage.Channel.SMS,
                    recipient=user.phone,
                    subject=note.title,
                    body=SMS_PREFIX + note.title,
                    notification=note,
                    user=user,
                    kind=note.kind,
                )
            )
    return out


def queue_sms(*, phone: str, text: str, kind: str, region_id: str | None = None) -> int:
    """A text to a phone with no account behind it (e.g. a deputy without a login)."""
    (pk,) = queue(
        [
            OutboxMessage(
                channel=OutboxMessage.Channel.SMS,
                recipient=phone,
                subject=text[:200],
                body=SMS_PREFIX + text,
                kind=kind,
                region_id=region_id,
            )
        ]
    )
    return pk


# --- Sending (the worker) -----------------------------------------------------------------


def _claimable(now: datetime) -> Q:
    pending = Q(status=Status.PENDING) & (
        Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)
    )
    abandoned = Q(status=Status.SENDING, claimed_until__lt=now, attempts__lt=max_attempts())
    return pending | abandoned


def claim(*, now: datetime, ids: list[int] | None = None, limit: int = CHUNK):
    """Take up to `limit` due rows for this worker with a lease, or [] when none is due."""
    due = OutboxMessage.objects.filter(_claimable(now))
    if ids is not None:
        due = due.filter(pk__in=ids)
    until = _clock(now) + lease()  # from the real time: a long sweep's `now` is minutes old
    with transaction.atomic():
        picked = list(
            due.order_by("pk")
            .select_for_update(skip_locked=True)
            .values_list("pk", flat=True)[:limit]
        )
        if not picked:
            return []
        # The condition again: on SQLite there is no row lock, the compare-and-swap decides.
        OutboxMessage.objects.filter(_claimable(now), pk__in=picked).update(
            status=Status.SENDING, claimed_until=until, attempts=F("attempts") + 1
        )
    return list(
        OutboxMessage.objects.filter(
            pk__in=picked, status=Status.SENDING, claimed_until=until
        ).order_by("pk")
    )


def _clock(now: datetime) -> datetime:
    return max(now, timezone.now())


def send_due(*, ids: list[int] | None = None, now: datetime | None = None) -> dict[str, int]:
    """Send what is due (of `ids`, or all), a chunk at a time; counts sent/retry/failed."""
    now = now or timezone.now()
    counts = {"sent": 0, "retry": 0, "failed": 0}
    chunks = [ids[i : i + CHUNK] for i in range(0, len(ids), CHUNK)] if ids is not None else None
    while True:
        if chunks is not None and not chunks:
            break
        rows = claim(now=now, ids=chunks.pop(0) if chunks is not None else None)
        if not rows and chunks is None:
            break
        for outcome in _deliver(rows, now):
            counts[outcome] += 1
    if any(counts.values()):
        log.info("outbox: %(sent)d sent, %(retry)d to retry, %(failed)d failed", counts)
    return counts


def sweep(*, now: datetime | None = None) -> dict[str, int]:
    """Beat: give up on rows whose worker died on their last allowed attempt, send what is due
    (pending rows whose task never arrived or whose backoff is over, and expired leases)."""
    now = now or timezone.now()
    OutboxMessage.objects.filter(
        status=Status.SENDING, claimed_until__lt=now, attempts__gte=max_attempts()
    ).update(
        status=Status.FAILED,
        claimed_until=None,
        last_error=_("发送过程中工作进程中断，已达最大尝试次数。"),
    )
    return send_due(now=now)


def _deliver(rows: list[OutboxMessage], now: datetime) -> Iterable[str]:
    mail = None
    try:
        for row in rows:
            try:
                if row.channel == OutboxMessage.Channel.EMAIL:
                    if mail is None:  # one connection for the batch, not one per message
                        mail = get_connection(fail_silently=False)
                        mail.open()
                    _email(row, mail)
                else:
                    send_sms(row.recipient, row.body)
            except Exception as exc:  # noqa: BLE001 - any refusal of the gateway is a retry
                if mail is not None:
                    _close(mail)
                    mail = None
                yield _refused(row, exc, now)
                continue
            _mark_sent(row)
            yield "sent"
    finally:
        if mail is not None:
            _close(mail)


def _email(row: OutboxMessage, connection) -> None:
    domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2] or "localhost"
    EmailMessage(
        row.subject,
        row.body,
        settings.DEFAULT_FROM_EMAIL,
        [row.recipient],
        connection=connection,
        headers={"Message-ID": f"<outbox.{row.pk}.{row.created_at:%Y%m%d%H%M%S}@{domain}>"},
    ).send()


def _close(connection) -> None:
    with contextlib.suppress(Exception):  # a broken connection may fail to say goodbye
        connection.close()


def _held(row: OutboxMessage):
    """The row while this worker still holds its lease (nobody re-claimed it meanwhile)."""
    return OutboxMessage.objects.filter(
        pk=row.pk, status=Status.SENDING, claimed_until=row.claimed_until
    )


def _mark_sent(row: OutboxMessage) -> bool:
    """Right after each send, so a worker killed later in the batch resends none of these."""
    at = timezone.now()
    done = _held(row).update(status=Status.SENT, sent_at=at, claimed_until=None, last_error="")
    if not done:
        log.warning("outbox %s was sent after its lease had expired", row.pk)
    if row.notification_id:  # the centre shows when it went out
        stamp = "emailed_at" if row.channel == OutboxMessage.Channel.EMAIL else "texted_at"
        Notification.objects.filter(pk=row.notification_id).update(**{stamp: at})
    return bool(done)


def _refused(row: OutboxMessage, exc: Exception, now: datetime) -> str:
    error = f"{type(exc).__name__}: {exc}"[:2000]
    log.warning("outbox %s (%s) attempt %d failed: %s", row.pk, row.channel, row.attempts, error)
    if row.attempts >= max_attempts():
        _held(row).update(status=Status.FAILED, claimed_until=None, last_error=error)
        return "failed"
    _held(row).update(
        status=Status.PENDING,
        claimed_until=None,
        next_attempt_at=_clock(now) + backoff(row.attempts),
        last_error=error,
    )
    return "retry"


# --- Staff ---------------------------------------------------------------------------------


def retry_failed(*, message: OutboxMessage) -> OutboxMessage:
    """Staff send a failed message again (a fresh set of attempts), e.g. after fixing an address."""
    with transaction.atomic():
        done = OutboxMessage.objects.filter(pk=message.pk, status=Status.FAILED).update(
            status=Status.PENDING, attempts=0, next_attempt_at=None, claimed_until=None
        )
        if not done:
            raise ApplicationError(
                _("只有发送失败的消息可以重新发送。"), code="conflict", status=409
            )
        audit.record(
            AuditLog.Action.UPDATE,
            model=OutboxMessage._meta.label,
            object_pk=message.pk,
            object_repr=_("重新发送：%(message)s") % {"message": message},
            before={"status": message.status, "attempts": message.attempts},
            after={"status": Status.PENDING, "attempts": 0},
        )
        send_after_commit([message.pk])
    message.refresh_from_db()
    return message
