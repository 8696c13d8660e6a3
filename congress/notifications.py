"""Notification delivery shared by every app: the in-app centre, email and SMS.

`notify()` writes the in-app rows and, in the same transaction, the e-mails and texts into the
outbox (congress/outbox.py), whose sending is queued after the commit;
`notify_once()` first claims (object, kind, threshold) in the SentReminder ledger, so a
reminder is sent at most once however many workers run the sweep; `notify_once_many()` does the
same for thousands of reminders at a time (the reminder sweeps)."""

import io
import re
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from django.db import IntegrityError, connection, transaction
from django.db.models import Model
from django.utils import timezone

from congress import outbox
from congress.models import Notification, OutboxMessage, SentReminder, User


def object_key(obj: Model) -> str:
    return f"{obj._meta.label_lower}:{obj.pk}"


def notify(
    *,
    recipients: Iterable[User],
    title: str,
    body: str = "",
    link: str = "",
    kind: str = "",
    email: bool = True,
    sms: bool = False,
) -> list[Notification]:
    """Create one notification per distinct active recipient, and its e-mail and text in the
    outbox, in one transaction."""
    unique = {user.pk: user for user in recipients if user is not None and user.is_active}
    with transaction.atomic():
        rows = Notification.objects.bulk_create(
            [
                Notification(recipient=user, title=title[:200], body=body, link=link, kind=kind)
                for user in unique.values()
            ]
        )
        if rows and (email or sms):
            outbox.queue(outbox.for_notifications(rows, email=email, sms=sms))
    return rows


def notify_once(*, key_object: Model | str, kind: str, threshold: str, **message) -> bool:
    """Send unless (object, kind, threshold) was already sent; True when this call sent it."""
    key = key_object if isinstance(key_object, str) else object_key(key_object)
    try:
        with transaction.atomic():
            SentReminder.objects.create(object_key=key, kind=kind, threshold=str(threshold))
            notify(kind=kind, **message)
    except IntegrityError:
        return False
    return True


def unread_count(user: User) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


class Once(NamedTuple):
    """One once-only message for `notify_once_many`: the ledger key (object_key(obj) or a
    string), its threshold, the recipients (users or user ids) and the message."""

    key: str
    threshold: str
    recipients: Sequence[int | User]
    title: str
    body: str = ""
    link: str = ""
    line: str = ""  # its row for PostgreSQL's COPY, when prepared() made it ahead


def prepared(item: Once, *, copy: bool) -> Once:
    """`item` as `notify_once_many` sends it: key and threshold as text, the recipients as
    distinct user ids and, with `copy` (PostgreSQL), its COPY line. A caller that reads its
    reminders on another thread (the suggestion sweep) prepares them there, while this thread
    waits on the database, instead of after."""
    if item.line:
        return item
    key, threshold, recipients, title, body, link, _line = item
    if type(key) is not str:
        key = _key(key)
    if type(threshold) is not str:
        threshold = str(threshold)
    ids = list(_user_ids(recipients))
    item = Once(key, threshold, ids, title, body, link)
    return item._replace(line=_copy_line(item, ids)) if copy else item


ONCE_BATCH = 10_000


def notify_once_many(
    items: Iterable[Once],
    *,
    kind: str,
    email: bool = True,
    sms: bool = False,
    batch_size: int = ONCE_BATCH,
) -> int:
    """`notify_once` for many reminders: per batch of keys, one transaction that claims the
    (key, kind, threshold) rows nobody holds yet with `INSERT … ON CONFLICT DO NOTHING
    RETURNING` and writes notifications, and their e-mails and texts into the outbox, only for the
    keys this call claimed; the outbox's sending is queued after the commit. A second worker blocks on the first one's uncommitted keys and then
    gets none of them back, so each reminder goes out exactly once. Recipients who are inactive
    when the batch is claimed are skipped. Returns how many keys this call claimed.

    PostgreSQL streams each batch with COPY into temporary tables and claims and notifies in one
    statement (the outbox rows too); other databases (SQLite) use multi-row INSERT … RETURNING."""
    claimed, batch, seen = 0, [], set()
    copy = connection.vendor == "postgresql"
    for item in items:
        item = prepared(item, copy=copy)
        if (once := (item.key, item.threshold)) in seen:
            continue
        seen.add(once)
        batch.append(item)
        if len(batch) >= batch_size:
            claimed, batch = claimed + _once_batch(batch, kind, email, sms), []
    if batch:
        claimed += _once_batch(batch, kind, email, sms)
    return claimed


def _key(key_object: Model | str) -> str:
    return key_object if isinstance(key_object, str) else object_key(key_object)


def _user_ids(recipients) -> Iterable[int]:
    return dict.fromkeys(user if type(user) is int else user.pk for user in recipients if user)


def _once_batch(batch: list[Once], kind: str, email: bool, sms: bool) -> int:
    """One transaction: claim, notify, queue (items are prepared())."""
    with transaction.atomic():
        now = timezone.now()
        claim = _claim_copy if connection.vendor == "postgresql" else _claim_insert
        channels = [c for c, on in (("email", email), ("sms", sms)) if on]
        count, outbox_ids = claim(batch, kind, now, channels)
        outbox.send_after_commit(outbox_ids)
    return count


_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})
_COPY_SPECIAL = re.compile(r"[\\\t\n\r]")


def _esc(text: str) -> str:
    """A value in COPY's text format (most need no escaping: test before translating)."""
    return text.translate(_COPY_ESCAPES) if _COPY_SPECIAL.search(text) else text


def _copy(cursor, table: str, columns: str, lines: Iterable[str]) -> None:
    buffer = io.StringIO()
    buffer.writelines(lines)
    buffer.seek(0)
    cursor.cursor.copy_expert(f"COPY {table} ({columns}) FROM STDIN", buffer)


def _copy_line(item: Once, to: list[int]) -> str:
    """One key in COPY's text format: its message and its recipients as an array. One test
    for characters that need escaping per line, not per field (they are rare)."""
    key, threshold, title, body, link = (
        item.key,
        item.threshold,
        item.title[:200],
        item.body,
        item.link,
    )
    if _COPY_SPECIAL.search(key + threshold + title + body + link):
        key, threshold, title, body, link = map(_esc, (key, threshold, title, body, link))
    return f"{key}\t{threshold}\t{title}\t{body}\t{link}\t{{{','.join(map(str, to))}}}\n"


def _claim_copy(batch, kind, now, channels) -> tuple[int, list[int]]:
    """PostgreSQL: COPY the keys with their message and their recipients into a session temp
    table (numbered in the order given); then one statement claims the keys (in key order, so
    two workers lock alike and never deadlock), inserts the notifications of the claimed ones
    only, for their active recipients, and their e-mails and texts into the outbox (for
    recipients with that address). Returns the number of keys
    claimed and the outbox ids. The joins of a batch of 25,000 keys fit in memory with a
    larger work_mem (for this transaction only), instead of sorting on disk."""
    qn = connection.ops.quote_name
    ledger, centre = qn(SentReminder._meta.db_table), qn(Notification._meta.db_table)
    box, users = qn(OutboxMessage._meta.db_table), qn(User._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            "SET LOCAL work_mem = '64MB';"
            "CREATE TEMP TABLE IF NOT EXISTS once_batch (n bigserial, object_key varchar(80), "
            "threshold varchar(40), title varchar(200), body text, link varchar(300), "
            "recipients bigint[]);"
            "TRUNCATE once_batch RESTART IDENTITY"
        )
        _copy(
            cursor,
            "once_batch",
            "object_key, threshold, title, body, link, recipients",
            (item.line for item in batch),
        )
        cursor.execute(
            f"""
            WITH claimed AS (
              INSERT INTO {ledger} (object_key, kind, threshold, sent_at)
              SELECT object_key, %(kind)s, threshold, %(now)s FROM once_batch
              ORDER BY object_key, threshold
              ON CONFLICT (object_key, kind, threshold) DO NOTHING
              RETURNING object_key, threshold
            ), notified AS (
              INSERT INTO {centre} (recipient_id, kind, title, body, link, created_at)
              SELECT o.recipient_id, %(kind)s, k.title, k.body, k.link, %(now)s
              FROM claimed c
              JOIN once_batch k ON k.object_key = c.object_key AND k.threshold = c.threshold
              CROSS JOIN LATERAL unnest(k.recipients) AS o(recipient_id)
              JOIN {users} a ON a.id = o.recipient_id AND a.is_active
              ORDER BY k.n, o.recipient_id
              RETURNING id, recipient_id, title, body, link
            ), queued AS (
              INSERT INTO {box} (channel, recipient, subject, body, notification_id, user_id,
                                 kind, status, attempts, last_error, created_at)
              SELECT c.channel, CASE c.channel WHEN 'email' THEN u.email ELSE u.phone END,
                     n.title,
                     CASE WHEN c.channel = 'sms' THEN %(sms_prefix)s || n.title
                          WHEN n.body <> '' AND n.link <> '' THEN n.body || E'\n\n' || n.link
                          ELSE n.body || n.link END,
                     n.id, n.recipient_id, %(kind)s, 'pending', 0, '', %(now)s
              FROM notified n
              JOIN {users} u ON u.id = n.recipient_id
              CROSS JOIN unnest(%(channels)s::varchar[]) AS c(channel)
              WHERE CASE c.channel WHEN 'email' THEN u.email ELSE u.phone END <> ''
              ORDER BY n.id, c.channel
              RETURNING id
            )
            SELECT (SELECT count(*) FROM claimed), array(SELECT id FROM queued ORDER BY id)
            """,
            {"kind": kind, "now": now, "channels": channels, "sms_prefix": outbox.SMS_PREFIX},
        )
        count, ids = cursor.fetchone()
    return count, list(ids)


def _insert_returning(table: str, columns: list[str], rows: list[tuple], suffix: str):
    """Multi-row INSERT … RETURNING (SQLite ≥ 3.35), chunked under SQLite's parameter limit."""
    qn = connection.ops.quote_name
    out, per_statement = [], 30_000 // len(columns)
    with connection.cursor() as cursor:
        for start in range(0, len(rows), per_statement):
            chunk = rows[start : start + per_statement]
            values = ",".join(["(" + ", ".join(["%s"] * len(columns)) + ")"] * len(chunk))
            cursor.execute(
                f"INSERT INTO {qn(table)} ({', '.join(map(qn, columns))}) VALUES {values} {suffix}",
                [value for row in chunk for value in row],
            )
            out += cursor.fetchall()
    return out


def _claim_insert(batch, kind, now, channels) -> tuple[int, list[int]]:
    """Portable path: claim with multi-row INSERT … ON CONFLICT DO NOTHING RETURNING, then insert
    the claimed keys' notifications (for the active recipients) and their outbox rows the same
    way."""
    wanted = {uid for item in batch for uid in item.recipients}
    active = set(
        User.objects.filter(pk__in=wanted, is_active=True).values_list("pk", flat=True)
    ) if wanted else set()  # fmt: skip
    to = [[uid for uid in item.recipients if uid in active] for item in batch]
    when = connection.ops.adapt_datetimefield_value(now)
    rows = _insert_returning(
        SentReminder._meta.db_table,
        ["object_key", "kind", "threshold", "sent_at"],
        [(item.key, kind, item.threshold, when) for item in batch],
        "ON CONFLICT (object_key, kind, threshold) DO NOTHING RETURNING object_key, threshold",
    )
    claimed = {tuple(row) for row in rows}
    keep = {n for n, item in enumerate(batch) if (item.key, item.threshold) in claimed}
    ids = _insert_returning(
        Notification._meta.db_table,
        ["recipient_id", "kind", "title", "body", "link", "created_at"],
        [
            (uid, kind, batch[n].title[:200], batch[n].body, batch[n].link, when)
            for n in sorted(keep)
            for uid in to[n]
        ],
        "RETURNING id, recipient_id, title, body, link",
    )
    contacts = {
        pk: {"email": mail, "sms": phone}
        for pk, mail, phone in User.objects.filter(pk__in={row[1] for row in ids}).values_list(
            "pk", "email", "phone"
        )
    }
    queued = _insert_returning(
        OutboxMessage._meta.db_table,
        ["channel", "recipient", "subject", "body", "notification_id", "user_id", "kind",
         "status", "attempts", "last_error", "created_at"],
        [
            (channel, contacts[uid][channel], title,
             outbox.SMS_PREFIX + title if channel == "sms" else outbox.email_body(body, link),
             pk, uid, kind, "pending", 0, "", when)
            for pk, uid, title, body, link in ids
            for channel in channels
            if contacts[uid][channel]
        ],
        "RETURNING id",
    )  # fmt: skip
    return len(claimed), [pk for (pk,) in queued]
