"""The reminder sweep: due soon, overdue, unsigned, co-unit opinion, rating pending, commitment.

Each reminder has a key (object, kind, threshold) in congress's SentReminder ledger, the same
ledger `congress.notifications.notify_once()` uses. Delivery is the core's batched
`notify_once_many()`: one transaction per batch claims the keys nobody holds yet with
`INSERT … ON CONFLICT DO NOTHING RETURNING` (a second worker blocks on the first one's
uncommitted rows, then gets nothing back) and writes notifications only for those, email queued
on commit; on PostgreSQL each batch is streamed with COPY, which is what lets the sweep cover
300,000 open suggestions in seconds. A reminder whose deadline moves
(extension, re-handling) has a new threshold key, so it is sent again for the new date."""

import logging
from collections import defaultdict
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from typing import NamedTuple

from django.db import connection
from django.db.models import (
    Case,
    CharField,
    Exists,
    F,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Cast, Concat
from django.utils import timezone
from django.utils.translation import gettext as _

from congress.models import Role, SentReminder, User
from congress.notifications import Once, notify_once_many
from representatives.models import Deputy
from suggestions.models import OPEN_FOR_REPLY, Assignment, Commitment, Suggestion
from suggestions.models import Status as S

log = logging.getLogger(__name__)

DUE_THRESHOLDS = (1, 7, 15)  # days before the reply deadline
RATING_PENDING_DAYS = 14
COMMITMENT_NOTICE_DAYS = 7
CO_OPINION_NOTICE_DAYS = 3
BATCH = 2000  # rows read per round trip
SEND_BATCH = 25_000  # reminders claimed and notified per transaction (fewer commits)


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
        self.deputies = dict(
            Deputy.objects.filter(user__is_active=True).values_list("pk", "user_id")
        )


class WeeksOverdue(Func):
    """Whole weeks between a deadline and today, less a day: 0 for days 1–7 overdue, 1 for 8–14…"""

    output_field = IntegerField()

    def __init__(self, due, today: date):
        super().__init__(due)
        self.today = today

    def as_sql(self, compiler, connection, **extra):  # PostgreSQL: date - date is days
        due, params = compiler.compile(self.source_expressions[0])
        return f"((%s::date - {due} - 1) / 7)", [self.today, *params]

    def as_sqlite(self, compiler, connection, **extra):
        due, params = compiler.compile(self.source_expressions[0])
        sql = f"CAST((julianday(%s) - julianday({due}) - 1) / 7 AS integer)"
        return sql, [self.today.isoformat(), *params]


def _text(expression):
    return Cast(expression, CharField())


def _key(model: str, field: str):
    return Concat(Value(f"suggestions.{model}:"), _text(field), output_field=CharField())


def _when(cases: list[tuple[Q, str]], default: str):
    return Case(*(When(q, then=Value(v)) for q, v in cases), default=Value(default),
                output_field=CharField())  # fmt: skip


class Kind(NamedTuple):
    """One kind of reminder: the rows due today (annotated with their ledger key and threshold)
    and how to word one row's message."""

    name: str
    kind: str
    rows: Callable[[date], QuerySet]
    message: Callable[[dict, date, Recipients, dict], tuple[list[int], str, str, str]]


def _open_lead(today):
    return Assignment.objects.filter(
        role="lead", is_active=True, suggestion__status__in=OPEN_FOR_REPLY
    )


def _link(suggestion_id: int) -> str:
    return f"/suggestions/{suggestion_id}/"


def reply_due_rows(today: date) -> QuerySet:
    """15, 7 and 1 days before the reply deadline (the threshold names the deadline too,
    so an extended or re-handling deadline is reminded afresh)."""
    due = "suggestion__reply_due"
    return (
        _open_lead(today)
        .filter(
            **{f"{due}__gte": today, f"{due}__lte": today + timedelta(days=max(DUE_THRESHOLDS))}
        )
        .annotate(
            key=_key("suggestion", "suggestion_id"),
            thr=Concat(
                _text(due),
                Value("/"),
                _when(
                    [
                        (Q(**{f"{due}__lte": today + timedelta(days=t)}), f"{t}d")
                        for t in DUE_THRESHOLDS
                    ],
                    "15d",
                ),
                output_field=CharField(),
            ),
        )  # fmt: skip
        .values("key", "thr", "suggestion_id", "unit_id", "suggestion__title", due)
    )


def reply_due_message(row, today, who, t):
    days = (row["suggestion__reply_due"] - today).days
    return (
        who.units[row["unit_id"]],
        t["due"] % {"d": days, "t": row["suggestion__title"]},
        t["due_body"] % {"due": row["suggestion__reply_due"]},
        _link(row["suggestion_id"]),
    )


def overdue_rows(today: date) -> QuerySet:
    """Past the deadline: once, then again every week."""
    due = "suggestion__reply_due"
    return (
        _open_lead(today)
        .filter(**{f"{due}__lt": today})
        .annotate(
            key=_key("suggestion", "suggestion_id"),
            thr=Concat(
                _text(due),
                Value("/w"),
                _text(WeeksOverdue(F(due), today)),
                output_field=CharField(),
            ),
        )  # fmt: skip
        .values(
            "key",
            "thr",
            "suggestion_id",
            "unit_id",
            "suggestion__title",
            due,
            "suggestion__region_id",
            "suggestion__is_key",
            "suggestion__leading_leader_id",
        )  # fmt: skip
    )


def overdue_message(row, today, who, t):
    """To the unit and the staff; a key suggestion's is escalated to its leading leader."""
    due = row["suggestion__reply_due"]
    recipients = [*who.units[row["unit_id"]], *who.staff[row["suggestion__region_id"]]]
    leader = row["suggestion__leading_leader_id"]
    if row["suggestion__is_key"] and leader in who.active:
        recipients.append(leader)
    title = t["overdue"] % {"d": (today - due).days, "t": row["suggestion__title"]}
    return (
        recipients,
        (t["key"] + title) if row["suggestion__is_key"] else title,
        t["overdue_body"] % {"due": due},
        _link(row["suggestion_id"]),
    )


def unsigned_rows(today: date) -> QuerySet:
    """Not signed for within 3 working days of assignment (sign_due is stored)."""
    return (
        Assignment.objects.filter(
            is_active=True,
            signed_at__isnull=True,
            sign_due__lt=today,
            suggestion__status__in=OPEN_FOR_REPLY,
        )
        .annotate(key=_key("assignment", "id"), thr=Value("3wd", output_field=CharField()))
        .values(
            "key", "thr", "suggestion_id", "unit_id", "suggestion__title", "suggestion__region_id"
        )  # fmt: skip
    )


def unsigned_message(row, today, who, t):
    return (
        [*who.units[row["unit_id"]], *who.staff[row["suggestion__region_id"]]],
        t["unsigned"] % {"t": row["suggestion__title"]},
        t["unsigned_body"],
        _link(row["suggestion_id"]),
    )


def co_opinion_rows(today: date) -> QuerySet:
    return (
        Assignment.objects.filter(
            role="co",
            is_active=True,
            opinion_at__isnull=True,
            opinion_due__lte=today + timedelta(days=CO_OPINION_NOTICE_DAYS),
            suggestion__status__in=OPEN_FOR_REPLY,
        )
        .annotate(
            key=_key("assignment", "id"), thr=_when([(Q(opinion_due__lt=today), "overdue")], "soon")
        )  # fmt: skip
        .values("key", "thr", "suggestion_id", "unit_id", "suggestion__title", "opinion_due")
    )


def co_opinion_message(row, today, who, t):
    late = row["thr"] == "overdue"
    return (
        who.units[row["unit_id"]],
        t["co_late" if late else "co_soon"] % {"t": row["suggestion__title"]},
        t["co_body"] % {"due": row["opinion_due"]},
        _link(row["suggestion_id"]),
    )


def rating_rows(today: date) -> QuerySet:
    """Replied 14 days ago and not yet rated by the lead deputy."""
    cutoff = timezone.now() - timedelta(days=RATING_PENDING_DAYS)
    return (
        Suggestion.objects.filter(status=S.REPLIED, replied_at__lte=cutoff)
        .annotate(
            key=_key("suggestion", "id"),
            thr=Concat(Value("round"), _text("round"), output_field=CharField()),
        )  # fmt: skip
        .values("key", "thr", "id", "lead_deputy_id", "title")
    )


def rating_message(row, today, who, t):
    user = who.deputies.get(row["lead_deputy_id"])
    return ([user] if user else [], t["rating"] % {"t": row["title"]}, t["rating_body"],
            _link(row["id"]))  # fmt: skip


def commitment_rows(today: date) -> QuerySet:
    """Commitment-ledger lines due within a week or past due (回头督)."""
    return (
        Commitment.objects.filter(
            done_at__isnull=True,
            superseded_at__isnull=True,  # a superseded reply's commitments are closed
            due_date__lte=today + timedelta(days=COMMITMENT_NOTICE_DAYS),
        )
        .annotate(
            key=_key("commitment", "id"), thr=_when([(Q(due_date__lt=today), "overdue")], "soon")
        )  # fmt: skip
        .values(
            "key",
            "thr",
            "suggestion_id",
            "reply__unit_id",
            "what",
            "due_date",
            "suggestion__region_id",
        )  # fmt: skip
    )


def commitment_message(row, today, who, t):
    late = row["thr"] == "overdue"
    return (
        [*who.units[row["reply__unit_id"]], *who.staff[row["suggestion__region_id"]]],
        t["commit_late" if late else "commit_soon"] % {"w": row["what"]},
        t["commit_body"] % {"due": row["due_date"]},
        _link(row["suggestion_id"]),
    )


KINDS = [
    Kind("reply_due", "suggestion.due", reply_due_rows, reply_due_message),
    Kind("overdue", "suggestion.overdue", overdue_rows, overdue_message),
    Kind("unsigned", "suggestion.unsigned", unsigned_rows, unsigned_message),
    Kind("co_opinion_due", "suggestion.co_opinion", co_opinion_rows, co_opinion_message),
    Kind("rating_pending", "suggestion.rating", rating_rows, rating_message),
    Kind("commitment_due", "suggestion.commitment", commitment_rows, commitment_message),
]


def texts() -> dict[str, str]:
    """The messages, translated once per sweep rather than once per reminder."""
    return {
        "due": _("建议答复期限还有%(d)d天：%(t)s"),
        "due_body": _("答复期限 %(due)s，请按时答复代表。"),
        "overdue": _("建议已超期%(d)d天未答复：%(t)s"),
        "overdue_body": _("答复期限为 %(due)s，请督促承办单位尽快答复。"),
        "key": _("【重点建议】"),
        "unsigned": _("交办超过3个工作日未签收：%(t)s"),
        "unsigned_body": _("请尽快签收；如不属于本单位职责，请在7个工作日内退回。"),
        "co_soon": _("协办意见即将到期：%(t)s"),
        "co_late": _("协办意见已超期：%(t)s"),
        "co_body": _("请于 %(due)s 前将协办意见送主办单位。"),
        "rating": _("请对建议答复进行测评：%(t)s"),
        "rating_body": _("答复已超过14天，请对办理态度和办理结果进行测评。"),
        "commit_soon": _("承诺事项即将到期：%(w)s"),
        "commit_late": _("承诺事项已超期：%(w)s"),
        "commit_body": _("承诺完成时限 %(due)s，请报告落实情况（回头督）。"),
    }


def due_today(kind: Kind, today: date) -> QuerySet:
    """The kind's rows whose (key, kind, threshold) is not in the ledger yet. Only a filter to
    keep the steady state cheap: the ledger insert in claim() is what guarantees once-only."""
    sent = SentReminder.objects.filter(
        object_key=OuterRef("key"), kind=kind.kind, threshold=OuterRef("thr")
    )
    return kind.rows(today).filter(~Exists(sent))


def messages(kind: Kind, today: date, who: Recipients, t: dict) -> Iterator[Once]:
    """The kind's reminders due today, worded, for the once-only ledger."""
    for row in due_today(kind, today).iterator(chunk_size=BATCH):
        recipients, title, body, link = kind.message(row, today, who, t)
        yield Once(row["key"], row["thr"], recipients, title, body, link)  # inactive: skipped there


def refresh_ledger_statistics() -> None:
    """One sweep can add hundreds of thousands of ledger rows; with statistics that still say
    "empty", PostgreSQL would pick a nested-loop anti-join and scan the ledger once per row.
    ANALYZE samples a fixed number of rows, so this stays cheap however big the ledger grows."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(SentReminder._meta.db_table)}")


def sweep(today: date | None = None) -> dict[str, int]:
    """Run every kind; returns how many reminders of each kind this run sent."""
    today = today or timezone.localdate()
    refresh_ledger_statistics()
    who, t = Recipients(), texts()
    counts: dict[str, int] = {}
    for kind in KINDS:
        # Overdue ones also go by SMS (through congress.sms's backend) to whoever has a phone.
        counts[kind.name] = notify_once_many(
            messages(kind, today, who, t),
            kind=kind.kind,
            email=True,
            sms=kind.kind == "suggestion.overdue",
            batch_size=SEND_BATCH,
        )
    log.info("suggestion reminder sweep %s: %s", today, counts)
    return counts
