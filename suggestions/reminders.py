"""The reminder sweep: due soon, overdue, unsigned, co-unit opinion, rating pending, commitment.

Each reminder has a key (object, kind, threshold) in congress's SentReminder ledger, the same
ledger `congress.notifications.notify_once()` uses. Claiming and notifying happen in one
transaction per batch: `INSERT … ON CONFLICT DO NOTHING RETURNING` claims the keys nobody
holds yet (a second worker blocks on the first one's uncommitted rows, then gets nothing back),
and only the claimed ones are written to the notification centre and queued for email. That is
notify_once, batched: one statement per 2,000 reminders instead of three per reminder, which is
what lets the sweep cover 300,000 open suggestions in seconds. A reminder whose deadline moves
(extension, re-handling) has a new threshold key, so it is sent again for the new date."""

import logging
from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import date, timedelta
from typing import NamedTuple

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from congress.models import Notification, Role, SentReminder, User
from representatives.models import Deputy
from suggestions.models import OPEN_FOR_REPLY, Assignment, Commitment, Suggestion
from suggestions.models import Status as S

log = logging.getLogger(__name__)

DUE_THRESHOLDS = (1, 7, 15)  # days before the reply deadline
RATING_PENDING_DAYS = 14
COMMITMENT_NOTICE_DAYS = 7
CO_OPINION_NOTICE_DAYS = 3
BATCH = 2000


class Reminder(NamedTuple):
    key: str
    kind: str
    threshold: str
    recipients: tuple[int, ...]
    title: str
    body: str
    link: str


class Recipients:
    """User ids by unit, by region (staff) and by deputy, read once per sweep."""

    def __init__(self):
        active = User.objects.filter(is_active=True)
        self.units, self.staff = defaultdict(list), defaultdict(list)
        for unit_id, pk in active.filter(role=Role.HANDLING_UNIT).values_list(
            "handling_unit_id", "pk"
        ):
            self.units[unit_id].append(pk)
        for region_id, pk in active.filter(role=Role.STAFF).values_list("region_id", "pk"):
            self.staff[region_id].append(pk)
        self.active = set(active.values_list("pk", flat=True))

    def deputies(self, deputy_ids: Iterable[int]) -> dict[int, int]:
        return dict(
            Deputy.objects.filter(pk__in=set(deputy_ids), user__isnull=False).values_list(
                "pk", "user_id"
            )
        )


def _link(suggestion_id: int) -> str:
    return f"/suggestions/{suggestion_id}/"


def _key(model: str, pk: int) -> str:
    return f"suggestions.{model}:{pk}"


def reply_due(today: date, who: Recipients) -> Iterator[Reminder]:
    """15, 7 and 1 days before the reply deadline, to the lead unit."""
    rows = Assignment.objects.filter(
        role="lead",
        is_active=True,
        suggestion__status__in=OPEN_FOR_REPLY,
        suggestion__reply_due__gte=today,
        suggestion__reply_due__lte=today + timedelta(days=max(DUE_THRESHOLDS)),
    ).values_list("suggestion_id", "unit_id", "suggestion__title", "suggestion__reply_due")
    for sid, unit_id, title, due in rows:
        days = (due - today).days
        threshold = min(t for t in DUE_THRESHOLDS if days <= t)
        yield Reminder(
            _key("suggestion", sid),
            "suggestion.due",
            f"{due.isoformat()}/{threshold}d",
            tuple(who.units[unit_id]),
            _("建议答复期限还有%(d)d天：%(t)s") % {"d": days, "t": title},
            _("答复期限 %(due)s，请按时答复代表。") % {"due": due},
            _link(sid),
        )


def overdue(today: date, who: Recipients) -> Iterator[Reminder]:
    """Past the deadline: once, then again every week; key suggestions go to their leader too."""
    rows = Assignment.objects.filter(
        role="lead",
        is_active=True,
        suggestion__status__in=OPEN_FOR_REPLY,
        suggestion__reply_due__lt=today,
    ).values_list(
        "suggestion_id",
        "unit_id",
        "suggestion__title",
        "suggestion__reply_due",
        "suggestion__region_id",
        "suggestion__is_key",
        "suggestion__leading_leader_id",
    )
    for sid, unit_id, title, due, region_id, is_key, leader_id in rows:
        days = (today - due).days
        recipients = [*who.units[unit_id], *who.staff[region_id]]
        if is_key and leader_id in who.active:
            recipients.append(leader_id)
        yield Reminder(
            _key("suggestion", sid),
            "suggestion.overdue",
            f"{due.isoformat()}/w{(days - 1) // 7}",
            tuple(recipients),
            (_("【重点建议】") if is_key else "")
            + _("建议已超期%(d)d天未答复：%(t)s") % {"d": days, "t": title},
            _("答复期限为 %(due)s，请督促承办单位尽快答复。") % {"due": due},
            _link(sid),
        )


def unsigned(today: date, who: Recipients) -> Iterator[Reminder]:
    """Not signed for within 3 working days of assignment (sign_due is stored)."""
    rows = Assignment.objects.filter(
        is_active=True,
        signed_at__isnull=True,
        sign_due__lt=today,
        suggestion__status__in=OPEN_FOR_REPLY,
    ).values_list("pk", "suggestion_id", "unit_id", "suggestion__title", "suggestion__region_id")
    for pk, sid, unit_id, title, region_id in rows:
        yield Reminder(
            _key("assignment", pk),
            "suggestion.unsigned",
            "3wd",
            tuple([*who.units[unit_id], *who.staff[region_id]]),
            _("交办超过3个工作日未签收：%(t)s") % {"t": title},
            _("请尽快签收；如不属于本单位职责，请在7个工作日内退回。"),
            _link(sid),
        )


def co_opinion_due(today: date, who: Recipients) -> Iterator[Reminder]:
    rows = Assignment.objects.filter(
        role="co",
        is_active=True,
        opinion_at__isnull=True,
        opinion_due__lte=today + timedelta(days=CO_OPINION_NOTICE_DAYS),
        suggestion__status__in=OPEN_FOR_REPLY,
    ).values_list("pk", "suggestion_id", "unit_id", "suggestion__title", "opinion_due")
    for pk, sid, unit_id, title, due in rows:
        late = due < today
        yield Reminder(
            _key("assignment", pk),
            "suggestion.co_opinion",
            "overdue" if late else "soon",
            tuple(who.units[unit_id]),
            (_("协办意见已超期：%(t)s") if late else _("协办意见即将到期：%(t)s")) % {"t": title},
            _("请于 %(due)s 前将协办意见送主办单位。") % {"due": due},
            _link(sid),
        )


def rating_pending(today: date, who: Recipients) -> Iterator[Reminder]:
    """Replied 14 days ago and not yet rated by the lead deputy."""
    cutoff = timezone.now() - timedelta(days=RATING_PENDING_DAYS)
    rows = list(
        Suggestion.objects.filter(status=S.REPLIED, replied_at__lte=cutoff).values_list(
            "pk", "lead_deputy_id", "title", "round"
        )
    )
    users = who.deputies(r[1] for r in rows)
    for sid, deputy_id, title, round_ in rows:
        if deputy_id in users and users[deputy_id] in who.active:
            yield Reminder(
                _key("suggestion", sid),
                "suggestion.rating",
                f"round{round_}",
                (users[deputy_id],),
                _("请对建议答复进行测评：%(t)s") % {"t": title},
                _("答复已超过14天，请对办理态度和办理结果进行测评。"),
                _link(sid),
            )


def commitment_due(today: date, who: Recipients) -> Iterator[Reminder]:
    """Commitment-ledger lines due within a week or past due, to the unit and the staff."""
    rows = Commitment.objects.filter(
        done_at__isnull=True, due_date__lte=today + timedelta(days=COMMITMENT_NOTICE_DAYS)
    ).values_list(
        "pk", "suggestion_id", "reply__unit_id", "what", "due_date", "suggestion__region_id"
    )
    for pk, sid, unit_id, what, due, region_id in rows:
        late = due < today
        yield Reminder(
            _key("commitment", pk),
            "suggestion.commitment",
            "overdue" if late else "soon",
            tuple([*who.units[unit_id], *who.staff[region_id]]),
            (_("承诺事项已超期：%(w)s") if late else _("承诺事项即将到期：%(w)s")) % {"w": what},
            _("承诺完成时限 %(due)s，请报告落实情况（回头督）。") % {"due": due},
            _link(sid),
        )


PRODUCERS = [reply_due, overdue, unsigned, co_opinion_due, rating_pending, commitment_due]


def claim(keys: list[tuple[str, str, str]]) -> set[tuple[str, str, str]]:
    """Insert the keys into the once-only ledger; returns those this call inserted."""
    if not keys:
        return set()
    table = connection.ops.quote_name(SentReminder._meta.db_table)
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    values = ",".join(["(%s, %s, %s, %s)"] * len(keys))
    params = [value for key in keys for value in (*key, now)]
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (object_key, kind, threshold, sent_at) VALUES {values} "
            "ON CONFLICT (object_key, kind, threshold) DO NOTHING "
            "RETURNING object_key, kind, threshold",
            params,
        )
        return set(cursor.fetchall())


def send(batch: list[Reminder]) -> int:
    """Claim and notify one batch atomically; email is queued only after the commit."""
    from congress import tasks

    with transaction.atomic():
        claimed = claim([(r.key, r.kind, r.threshold) for r in batch])
        rows = [
            Notification(
                recipient_id=uid, kind=r.kind, title=r.title[:200], body=r.body, link=r.link
            )
            for r in batch
            if (r.key, r.kind, r.threshold) in claimed
            for uid in dict.fromkeys(r.recipients)
        ]
        Notification.objects.bulk_create(rows, batch_size=BATCH)
        ids = [row.pk for row in rows]
        if ids:
            transaction.on_commit(lambda: tasks.deliver_notifications.delay(ids, email=True))
    return len(claimed)


def sweep(today: date | None = None) -> dict[str, int]:
    """Run every producer; returns how many reminders of each kind this run sent."""
    today = today or timezone.localdate()
    who = Recipients()
    counts: dict[str, int] = {}
    for producer in PRODUCERS:
        sent, batch = 0, []
        for reminder in producer(today, who):
            batch.append(reminder)
            if len(batch) >= BATCH:
                sent, batch = sent + send(batch), []
        sent += send(batch) if batch else 0
        counts[producer.__name__] = sent
    log.info("suggestion reminder sweep %s: %s", today, counts)
    return counts
