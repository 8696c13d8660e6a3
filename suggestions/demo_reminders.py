"""Demo of the overdue and time-limit rules (issue 14 items 4, 5, 16) on 洞口县: the open
suggestions get their review and assignment limits (computed from when they were submitted
and accepted: the demo's own backfill, never the product's), a few are late in review and in
assignment, one reply is long overdue so that dongkou_leader receives an escalation, dongkou_staff
this week's digest, and an open evaluation round has its periods near their end. Idempotent:
dates are only filled where empty and the reminders go through the once-only ledger."""

from datetime import timedelta

from django.utils import timezone

from evaluation import reminders as round_reminders
from evaluation.models import EvaluationRound
from suggestions import reminders
from suggestions.limits import assign_due_for, review_due_for
from suggestions.models import Status, Suggestion
from suggestions.policy import policy_for
from suggestions.workdays import Calendar

COUNTY = "430525"


def _backfill(today) -> None:
    cal = Calendar()
    mine = Suggestion.objects.filter(region_id=COUNTY)
    for s in mine.filter(
        status=Status.SUBMITTED, review_due__isnull=True, submitted_at__isnull=False
    ):
        due = review_due_for(s, timezone.localdate(s.submitted_at), cal)
        Suggestion.objects.filter(pk=s.pk).update(review_due=due, due_fallback=cal.fallback)
    for s in mine.filter(
        status=Status.ACCEPTED, assign_due__isnull=True, accepted_at__isnull=False
    ):
        due = assign_due_for(s, timezone.localdate(s.accepted_at), cal)
        Suggestion.objects.filter(pk=s.pk).update(assign_due=due, due_fallback=cal.fallback)
    # A few late before assignment, whatever day the demo is seeded.
    for status, field, days in (
        (Status.SUBMITTED, "review_due", 3),
        (Status.ACCEPTED, "assign_due", 2),
    ):
        late = mine.filter(status=status, **{f"{field}__lt": today})
        if late.count() < 2:
            pks = list(mine.filter(status=status).order_by("id").values_list("pk", flat=True)[:2])
            Suggestion.objects.filter(pk__in=pks).update(**{field: today - timedelta(days=days)})
    # One reply long overdue: escalated to the county's leaders.
    escalate = policy_for(COUNTY).escalate_after_days or 15
    open_ = mine.filter(status__in=[Status.ASSIGNED, Status.SIGNED])
    if not open_.filter(reply_due__lte=today - timedelta(days=escalate)).exists():
        first = open_.order_by("id").first()
        if first:
            Suggestion.objects.filter(pk=first.pk).update(
                reply_due=today - timedelta(days=escalate + 5)
            )


def _digest_day(today):
    """The last day (today or before) on which the county's digest goes out."""
    weekday = policy_for(COUNTY).digest_weekday or today.isoweekday()
    return today - timedelta(days=(today.isoweekday() - weekday) % 7)


def _round_periods(today) -> None:
    for r in EvaluationRound.objects.filter(
        status=EvaluationRound.Status.OPEN, self_due__isnull=True
    ):
        EvaluationRound.objects.filter(pk=r.pk).update(
            self_due=today + timedelta(days=3),
            review_due=today + timedelta(days=7),
            closes_on=today + timedelta(days=14),
        )


def seed(stdout=None) -> None:
    today = timezone.localdate()
    _backfill(today)
    sent = reminders.sweep(today=today)
    who, texts = reminders.Recipients(), reminders.texts()
    digest = reminders.notify_once_many(
        reminders.digest_messages(_digest_day(today), who, texts), kind="suggestion.digest"
    )
    _round_periods(today)
    rounds = round_reminders.sweep(today=today)
    if stdout:
        stdout.write(f"  overdue rules: {sent}, digest {digest}, rounds {rounds}")
