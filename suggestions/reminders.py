"""The reminder sweep: due soon, overdue, unsigned, co-unit opinion, rating pending, commitment.

Each reminder has a key (object, kind, threshold) in congress's SentReminder ledger, the same
ledger `congress.notifications.notify_once()` uses. Delivery is the core's batched
`notify_once_many()`: one transaction per batch claims the keys nobody holds yet with
`INSERT … ON CONFLICT DO NOTHING RETURNING` (a second worker blocks on the first one's
uncommitted rows, then gets nothing back) and writes notifications only for those, email queued
on commit; on PostgreSQL each batch is streamed with COPY, which is what lets the sweep cover
300,000 open suggestions in seconds. A reminder whose deadline moves
(extension, re-handling) has a new threshold key, so it is sent again for the new date.

The overdue rules are the region's (`RegionPolicy`, nearest region up, read once per sweep):
daily or weekly reminders to the unit, a weekly digest to the region's staff on its weekday
instead of one notice per suggestion, and escalation to the supervising leader once a reply is
N days overdue. The policy in force for a row is picked in SQL (the longest policy region that
prefixes the suggestion's handling region), so the sweep stays one query per kind."""

import logging
import queue
import threading
from collections import defaultdict
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from typing import NamedTuple

from django.db import connection
from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    F,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
    Window,
)
from django.db.models.functions import Cast, Coalesce, Concat, RowNumber
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from congress.models import Role, SentReminder, User
from congress.notifications import Once, notify_once_many, prepared
from representatives.models import Deputy
from suggestions import figures
from suggestions.models import OPEN_FOR_REPLY, Assignment, Commitment, RegionPolicy, Suggestion
from suggestions.models import Status as S

log = logging.getLogger(__name__)

DUE_THRESHOLDS = (1, 7, 15)  # days before the reply deadline
LIMIT_NOTICE_DAYS = 1  # review and assignment limits: a notice the day before, then when passed
DIGEST_WORST = 5  # overdue suggestions listed by name in the weekly digest
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
        self.supervisors = defaultdict(list)
        for region_id, pk in active.filter(role=Role.SUPERVISOR).values_list("region_id", "pk"):
            self.supervisors[region_id].append(pk)
        self.policies = Policies()
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


class Policies:
    """The region rules in force, read once: a policy per owning region code, and the SQL that
    names, for each row, the owner of the rules that apply to it ("" for the built-in ones)."""

    def __init__(self):
        self.by_owner = {p.region_id: p for p in RegionPolicy.objects.all()}
        self.default = RegionPolicy()

    def get(self, owner: str) -> RegionPolicy:
        return self.by_owner.get(owner, self.default)

    def owner(self, region_field: str):
        """The nearest region with rules: the longest owner code that prefixes the region."""
        longest_first = sorted(self.by_owner, key=len, reverse=True)
        return Case(
            *(When(**{f"{region_field}__startswith": code}, then=Value(code)) for code in longest_first),
            default=Value(""),
            output_field=CharField(),
        )  # fmt: skip

    def owners(self, test: Callable[[RegionPolicy], bool]) -> list[str]:
        """The owner codes ("" for the defaults) whose policy passes `test`."""
        found = [code for code, p in self.by_owner.items() if test(p)]
        return found + [""] if test(self.default) else found


def handled_by(prefix: str = "suggestion__"):
    """The region whose rules and staff a suggestion answers to: the level it was handed to,
    else its own."""
    return Coalesce(f"{prefix}handled_by_id", f"{prefix}region_id")


class DaysOverdue(Func):
    """Days between a deadline and today (1 the day after it)."""

    output_field = IntegerField()

    def __init__(self, due, today: date):
        super().__init__(due)
        self.today = today

    def as_sql(self, compiler, connection, **extra):
        due, params = compiler.compile(self.source_expressions[0])
        return f"(%s::date - {due})", [self.today, *params]

    def as_sqlite(self, compiler, connection, **extra):
        due, params = compiler.compile(self.source_expressions[0])
        sql = f"CAST(julianday(%s) - julianday({due}) AS integer)"
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


def _overdue_lead(today: date, policies: "Policies") -> QuerySet:
    due = "suggestion__reply_due"
    return (
        _open_lead(today)
        .filter(**{f"{due}__lt": today})
        .annotate(in_region=handled_by())
        .annotate(owner=policies.owner("in_region"))
    )


def overdue_rows(today: date, policies: "Policies | None" = None) -> QuerySet:
    """Past the deadline, to the unit: every day while it is overdue where the region's rules
    say so (threshold d<days>), else once a week (w<weeks>)."""
    policies = policies or Policies()
    due = "suggestion__reply_due"
    daily = policies.owners(lambda p: p.overdue_daily_to_unit)
    return (
        _overdue_lead(today, policies)
        .annotate(
            key=_key("suggestion", "suggestion_id"),
            thr=Concat(
                _text(due),
                Case(
                    When(
                        owner__in=daily, then=Concat(Value("/d"), _text(DaysOverdue(F(due), today)))
                    ),
                    default=Concat(Value("/w"), _text(WeeksOverdue(F(due), today))),
                    output_field=CharField(),
                ),
                output_field=CharField(),
            ),
        )  # fmt: skip
        .values("key", "thr", "suggestion_id", "unit_id", "suggestion__title", due)
    )


def overdue_message(row, today, who, t):
    """To the unit's users."""
    due = row["suggestion__reply_due"]
    return (
        who.units[row["unit_id"]],
        t["overdue"] % {"d": (today - due).days, "t": row["suggestion__title"]},
        t["overdue_unit_body"] % {"due": due},
        _link(row["suggestion_id"]),
    )


def overdue_weekly_rows(today: date, policies: "Policies | None" = None) -> QuerySet:
    """Past the deadline, once a week, to whoever follows it besides the unit: a key
    suggestion's leading leader, and the staff where the region sends no weekly digest."""
    policies = policies or Policies()
    due = "suggestion__reply_due"
    no_digest = policies.owners(lambda p: not p.digest_weekday)
    return (
        _overdue_lead(today, policies)
        .filter(Q(suggestion__is_key=True) | Q(owner__in=no_digest))
        .annotate(
            key=_key("suggestion", "suggestion_id"),
            thr=Concat(
                _text(due),
                Value("/w"),
                _text(WeeksOverdue(F(due), today)),
                output_field=CharField(),
            ),
            no_digest=Case(
                When(owner__in=no_digest, then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            ),
        )  # fmt: skip
        .values(
            "key",
            "thr",
            "suggestion_id",
            "suggestion__title",
            due,
            "in_region",
            "no_digest",
            "suggestion__is_key",
            "suggestion__leading_leader_id",
        )  # fmt: skip
    )


def overdue_weekly_message(row, today, who, t):
    due = row["suggestion__reply_due"]
    recipients = list(who.staff[row["in_region"]]) if row["no_digest"] else []
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


def escalation_rows(today: date, policies: "Policies | None" = None) -> QuerySet:
    """N days overdue (N from the region's rules; 0 never): once per suggestion and deadline,
    to the supervising leader, every suggestion and not only key ones."""
    policies = policies or Policies()
    due = "suggestion__reply_due"
    reached = Q(pk__in=[])
    for code in [*policies.by_owner, ""]:
        days = policies.get(code).escalate_after_days
        if days:
            reached |= Q(owner=code, **{f"{due}__lte": today - timedelta(days=days)})
    owner_days = Case(
        *(When(owner=c, then=Value(p.escalate_after_days)) for c, p in policies.by_owner.items()),
        default=Value(policies.default.escalate_after_days),
        output_field=IntegerField(),
    )
    return (
        _overdue_lead(today, policies)
        .filter(reached)
        .annotate(
            key=_key("suggestion", "suggestion_id"),
            thr=Concat(
                _text(due), Value("/"), _text(owner_days), Value("d"), output_field=CharField()
            ),
        )  # fmt: skip
        .values(
            "key",
            "thr",
            "suggestion_id",
            "suggestion__title",
            due,
            "in_region",
            "owner",
            "suggestion__is_key",
            "suggestion__leading_leader_id",
        )  # fmt: skip
    )


def escalation_message(row, today, who, t):
    """To the policy's supervising leader, else every leader of the handling region."""
    policy = who.policies.get(row["owner"])
    if policy.escalate_to_id and policy.escalate_to_id in who.active:
        recipients = [policy.escalate_to_id]
    else:
        recipients = list(who.supervisors[row["in_region"]])
    leader = row["suggestion__leading_leader_id"]
    if row["suggestion__is_key"] and leader in who.active:
        recipients.append(leader)
    due = row["suggestion__reply_due"]
    return (
        recipients,
        t["escalate"] % {"d": (today - due).days, "t": row["suggestion__title"]},
        t["escalate_body"] % {"due": due},
        _link(row["suggestion_id"]),
    )


def _limit_rows(today: date, status: str, field: str) -> QuerySet:
    """A limit before assignment: the day before it ("soon"), then once passed ("overdue");
    the threshold names the date, so a new limit (submitted again) is reminded afresh."""
    return (
        Suggestion.objects.filter(
            status=status, **{f"{field}__lte": today + timedelta(days=LIMIT_NOTICE_DAYS)}
        )
        .annotate(
            key=_key("suggestion", "id"),
            thr=Concat(
                _text(field),
                Value("/"),
                _when([(Q(**{f"{field}__lt": today}), "overdue")], "soon"),
                output_field=CharField(),
            ),
            in_region=handled_by(""),
        )  # fmt: skip
        .values("key", "thr", "id", "title", field, "in_region")
    )


def review_due_rows(today: date) -> QuerySet:
    return _limit_rows(today, S.SUBMITTED, "review_due")


def assign_due_rows(today: date) -> QuerySet:
    return _limit_rows(today, S.ACCEPTED, "assign_due")


def _limit_message(field: str, soon: str, late: str):
    def message(row, today, who, t):
        late_now = row["thr"].endswith("overdue")
        return (
            who.staff[row["in_region"]],
            t[late if late_now else soon] % {"t": row["title"]},
            t[f"{field}_body"] % {"due": row[field]},
            _link(row["id"]),
        )

    return message


review_due_message = _limit_message("review_due", "review_soon", "review_late")
assign_due_message = _limit_message("assign_due", "assign_soon", "assign_late")


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
    """Commitment-ledger lines due within a week or past due, until the unit reports them
    done (then staff check them on the ledger: nothing more to remind the unit of)."""
    return (
        Commitment.objects.filter(
            done_at__isnull=True,
            superseded_at__isnull=True,  # a superseded reply's commitments are closed
            reported_at__isnull=True,  # reported done by the unit: the staff's turn (回头督)
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
    Kind(
        "overdue_weekly", "suggestion.overdue_weekly", overdue_weekly_rows, overdue_weekly_message
    ),
    Kind("escalation", "suggestion.escalation", escalation_rows, escalation_message),
    Kind("review_due", "suggestion.review_due", review_due_rows, review_due_message),
    Kind("assign_due", "suggestion.assign_due", assign_due_rows, assign_due_message),
    Kind("unsigned", "suggestion.unsigned", unsigned_rows, unsigned_message),
    Kind("co_opinion_due", "suggestion.co_opinion", co_opinion_rows, co_opinion_message),
    Kind("rating_pending", "suggestion.rating", rating_rows, rating_message),
    Kind("commitment_due", "suggestion.commitment", commitment_rows, commitment_message),
]


def overdue_now(today: date) -> Q:
    """Late on any of the three limits: the reply, the review, the assignment (figures.py)."""
    return (
        Q(pk__in=figures.overdue(on=today).values("pk"))
        | Q(pk__in=figures.review_overdue(on=today).values("pk"))
        | Q(pk__in=figures.assign_overdue(on=today).values("pk"))
    )


def digest_messages(today: date, who: Recipients, t: dict) -> Iterator[Once]:
    """The weekly digest, on the weekday of the region's rules: one notification to the staff
    of each handling region with late suggestions, its counts and the longest-overdue replies
    by name (never one notice per suggestion). Keyed by region and day."""
    policies = who.policies
    owners = policies.owners(lambda p: p.digest_weekday == today.isoweekday())
    if not owners:
        return
    late = (
        Suggestion.objects.filter(overdue_now(today))
        .annotate(in_region=handled_by(""))
        .annotate(owner=policies.owner("in_region"))
        .filter(owner__in=owners)
    )
    counts = late.values("in_region").annotate(
        reply=Count("pk", filter=Q(status__in=OPEN_FOR_REPLY)),
        review=Count("pk", filter=Q(status=S.SUBMITTED)),
        assign=Count("pk", filter=Q(status=S.ACCEPTED)),
    )
    worst = defaultdict(list)
    ranked = (
        late.filter(status__in=OPEN_FOR_REPLY)
        .annotate(
            rank=Window(RowNumber(), partition_by=[F("in_region")], order_by=[F("reply_due"), F("pk")])
        )
        .filter(rank__lte=DIGEST_WORST)
        .values_list("in_region", "pk", "title", "reply_due")
        .order_by("in_region", "rank")
    )  # fmt: skip
    for region, pk, title, due in ranked:
        worst[region].append(
            t["digest_line"]
            % {"n": len(worst[region]) + 1, "t": title, "d": (today - due).days, "link": _link(pk)}
        )
    for row in counts:
        region = row["in_region"]
        lines = [t["digest_head"], *worst[region]] if worst[region] else []
        yield Once(
            f"suggestions.digest:{region}",
            today.isoformat(),
            who.staff[region],
            t["digest"] % row,
            "\n".join(lines),
            "/suggestions/board/?box=overdue",
        )


def weekday_name(iso_weekday: int) -> str:
    names = [
        pgettext("weekday", "一"), pgettext("weekday", "二"), pgettext("weekday", "三"),
        pgettext("weekday", "四"), pgettext("weekday", "五"), pgettext("weekday", "六"),
        pgettext("weekday", "日"),
    ]  # fmt: skip
    return names[iso_weekday - 1]


def rule_text(policy: RegionPolicy) -> str:
    """The overdue rules in a sentence, for the suggestion page
    (e.g. "逾期每日提醒承办单位；每周一向工作人员汇总；逾期15天提请分管领导督办")."""
    parts = [
        _("逾期每日提醒承办单位") if policy.overdue_daily_to_unit else _("逾期每周提醒承办单位")
    ]
    if policy.digest_weekday:
        parts.append(
            _("每周%(day)s向工作人员汇总逾期建议") % {"day": weekday_name(policy.digest_weekday)}
        )
    else:
        parts.append(_("逾期每周提醒工作人员"))
    if policy.escalate_after_days:
        who = str(policy.escalate_to) if policy.escalate_to_id else _("分管领导")
        parts.append(
            _("逾期%(n)d天提请%(who)s督办") % {"n": policy.escalate_after_days, "who": who}
        )
    else:
        parts.append(_("逾期不提请领导督办"))
    return "；".join(parts)


def texts() -> dict[str, str]:
    """The messages, translated once per sweep rather than once per reminder."""
    return {
        "due": _("建议答复期限还有%(d)d天：%(t)s"),
        "due_body": _("答复期限 %(due)s，请按时答复代表。"),
        "overdue": _("建议已超期%(d)d天未答复：%(t)s"),
        "overdue_body": _("答复期限为 %(due)s，请督促承办单位尽快答复。"),
        "overdue_unit_body": _("答复期限为 %(due)s，已超期，请尽快答复代表。"),
        "escalate": _("建议已超期%(d)d天未答复，提请督办：%(t)s"),
        "escalate_body": _("答复期限为 %(due)s。按本级建议办理规则，逾期建议提请分管领导督办。"),
        "review_soon": _("建议审查期限将至：%(t)s"),
        "review_late": _("建议已超过审查期限：%(t)s"),
        "review_due_body": _("审查期限 %(due)s，请及时审查。"),
        "assign_soon": _("建议交办期限将至：%(t)s"),
        "assign_late": _("建议已超过交办期限：%(t)s"),
        "assign_due_body": _("交办期限 %(due)s，请及时交办承办单位。"),
        "digest": _(
            "本周逾期建议汇总：逾期未答复%(reply)d件，审查超期%(review)d件，交办超期%(assign)d件"
        ),
        "digest_line": _("%(n)d. %(t)s（逾期%(d)d天）%(link)s"),
        "digest_head": _("逾期最久的建议："),
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


def due_today(kind: Kind, today: date, *, ledger: bool = True) -> QuerySet:
    """The kind's rows whose (key, kind, threshold) is not in the ledger yet. Only a filter to
    keep the steady state cheap: the ledger insert in claim() is what guarantees once-only, so
    without `ledger` (the ledger was empty when the sweep began) every row of the kind is read."""
    if not ledger:
        return kind.rows(today)
    sent = SentReminder.objects.filter(
        object_key=OuterRef("key"), kind=kind.kind, threshold=OuterRef("thr")
    )
    return kind.rows(today).filter(~Exists(sent))


def messages(
    kind: Kind, today: date, who: Recipients, t: dict, *, ledger: bool = True
) -> Iterator[Once]:
    """The kind's reminders due today, worded, for the once-only ledger."""
    for row in due_today(kind, today, ledger=ledger).order_by().iterator(chunk_size=BATCH):
        recipients, title, body, link = kind.message(row, today, who, t)
        yield Once(row["key"], row["thr"], recipients, title, body, link)  # inactive: skipped there


_DONE = object()  # end of one kind's reminders in the hand-over queue


class Worded:
    """The reminders of every kind, read and worded by a second thread on its own connection
    while this one claims and writes the previous batch: the wording is Python and the claim is
    PostgreSQL, so on two cores they overlap instead of taking turns (the reader also prepares
    each reminder's COPY line, so the claiming thread only waits on the database). Only a reader: the ledger
    insert still decides what is sent, so a snapshot older by a batch sends nothing twice.
    Inside a transaction (a test, a caller's atomic block) or off PostgreSQL it words inline,
    on this connection, so that it sees the caller's uncommitted rows."""

    def __init__(self, kinds: list[Kind], today: date, who: Recipients, t: dict, ledger: bool):
        self.kinds, self.today, self.who, self.t = kinds, today, who, t
        self.ledger = ledger
        self.inline = connection.vendor != "postgresql" or connection.in_atomic_block
        self.queue: queue.Queue = queue.Queue(maxsize=8)
        self.stop = threading.Event()
        self.thread = None if self.inline else threading.Thread(target=self._produce, daemon=True)
        if self.thread:
            self.thread.start()

    def _produce(self) -> None:
        try:
            for kind in self.kinds:
                chunk = []
                for item in messages(kind, self.today, self.who, self.t, ledger=self.ledger):
                    chunk.append(prepared(item, copy=True))
                    if len(chunk) >= BATCH:
                        if not self._put(chunk):
                            return
                        chunk = []
                if not self._put(chunk) or not self._put(_DONE):
                    return
        except BaseException as exc:  # handed to the claiming thread, which raises it
            self._put(exc)
        finally:
            connection.close()

    def _put(self, value) -> bool:
        while not self.stop.is_set():
            try:
                self.queue.put(value, timeout=0.5)
                return True
            except queue.Full:
                continue
        return False

    def of(self, kind: Kind) -> Iterator[Once]:
        """This kind's reminders (the kinds are asked for in the order given)."""
        if self.inline:
            yield from messages(kind, self.today, self.who, self.t, ledger=self.ledger)
            return
        while (chunk := self.queue.get()) is not _DONE:
            if isinstance(chunk, BaseException):
                raise chunk
            yield from chunk

    def close(self) -> None:
        self.stop.set()
        if self.thread:
            self.thread.join()


def refresh_ledger_statistics() -> bool:
    """One sweep can add hundreds of thousands of ledger rows; with statistics that still say
    "empty", PostgreSQL would pick a nested-loop anti-join and scan the ledger once per row.
    ANALYZE samples a fixed number of rows, so this stays cheap however big the ledger grows.

    Returns whether the ledger holds any row. An empty one (a new deployment, a cleared
    ledger) is not filtered against at all: PostgreSQL plans a kind's read when the table may
    still have no page on disk while this sweep's first claim is being written, estimates no
    row, and rescans the growing ledger once per suggestion (15 s instead of 0.8 s for the
    100,000 overdue ones of bench/suggestions_sweep.py)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(SentReminder._meta.db_table)}")
    return SentReminder.objects.exists()


def sweep(today: date | None = None) -> dict[str, int]:
    """Run every kind; returns how many reminders of each kind this run sent."""
    today = today or timezone.localdate()
    ledger = refresh_ledger_statistics()
    who, t = Recipients(), texts()
    counts: dict[str, int] = {}
    worded = Worded(KINDS, today, who, t, ledger)
    try:
        for kind in KINDS:
            # Overdue ones and escalations also go by SMS (congress.sms's backend) to whoever
            # has a phone.
            counts[kind.name] = notify_once_many(
                worded.of(kind),
                kind=kind.kind,
                email=True,
                sms=kind.kind in ("suggestion.overdue", "suggestion.escalation"),
                batch_size=SEND_BATCH,
            )
    finally:
        worded.close()
    counts["digest"] = notify_once_many(
        digest_messages(today, who, t), kind="suggestion.digest", email=True
    )
    log.info("suggestion reminder sweep %s: %s", today, counts)
    return counts
