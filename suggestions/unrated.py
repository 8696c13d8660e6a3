"""Replies nobody rates: the daily sweep of the region's rule (RegionPolicy.unrated_*).

After `unrated_remind_days` since the latest reply without the lead deputy's rating, the deputy
is reminded (or, for a deputy without an account, the region's staff are asked to enter the
paper rating sheet), once per reply and threshold through the reminder ledger. After
`unrated_after_days` the suggestion is recorded as 未测评 (`unrated_at`, a history row by the
system) and, as the rule says, closed or kept waiting for a rating. Never taken as 满意: the
figures count it apart. A suggestion still 已答复 always lacks the lead deputy's rating of the
latest reply (that rating moves it on), so the status alone selects the rows."""

from datetime import timedelta

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from congress.models import Role, User
from congress.notifications import notify_once
from suggestions import workflow
from suggestions.models import RegionPolicy, Suggestion
from suggestions.models import Status as S
from suggestions.policy import policy_for
from suggestions.services.common import link, lock, move

KIND = "suggestion.unrated"


def waiting() -> "list[Suggestion]":
    """Replied suggestions not yet recorded as 未测评, with the time of their latest reply."""
    return list(
        Suggestion.objects.filter(status=S.REPLIED, unrated_at__isnull=True)
        .select_related("lead_deputy__user")
        .annotate(last_reply=Max("replies__replied_at"), last_round=Max("replies__round"))
        .order_by("id")
    )


def sweep() -> dict[str, int]:
    """Remind or record every replied suggestion past its region's limits. Idempotent: the
    ledger sends each reminder once and a recorded suggestion is not selected again."""
    today = timezone.localdate()
    policies: dict[str, RegionPolicy] = {}
    counts = {"reminded": 0, "recorded": 0}
    for s in waiting():
        if s.last_reply is None:
            continue
        level = s.handled_by_id or s.region_id  # the handling level's rules
        policy = policies.setdefault(level, policy_for(level))
        days = (today - timezone.localdate(s.last_reply)).days
        if policy.unrated_after_days and days >= policy.unrated_after_days:
            counts["recorded"] += mark_unrated(s, policy)
        elif policy.unrated_remind_days and days >= policy.unrated_remind_days:
            counts["reminded"] += remind(s, policy)
    return counts


def remind(s: Suggestion, policy: RegionPolicy) -> int:
    """The lead deputy, or (no active account) the region's staff, once per reply round."""
    user = getattr(s.lead_deputy, "user", None)
    threshold = f"r{s.last_round}:{policy.unrated_remind_days}"
    if user is not None and user.is_active:
        message = {
            "recipients": [user],
            "title": _("请对答复进行测评：%(t)s") % {"t": s.title},
            "body": _("承办单位已答复%(d)d天，请及时测评。") % {"d": policy.unrated_remind_days},
        }
    else:
        level = s.handled_by_id or s.region_id
        staff = User.objects.filter(role=Role.STAFF, region_id=level, is_active=True)
        message = {
            "recipients": list(staff),
            "title": _("请录入纸质测评表：%(t)s") % {"t": s.title},
            "body": _("领衔代表%(n)s没有平台账号，答复已%(d)d天未测评，请录入其纸质测评表。")
            % {"n": s.lead_deputy.name, "d": policy.unrated_remind_days},
        }
    if not message["recipients"]:
        return 0
    return int(notify_once(key_object=s, kind=KIND, threshold=threshold, link=link(s), **message))


@transaction.atomic
def mark_unrated(s: Suggestion, policy: RegionPolicy) -> int:
    """Record 未测评 (a history row by the system) and close or keep it, as the rule says."""
    s = lock(s)
    if s.status != S.REPLIED or s.unrated_at:
        return 0  # rated or recorded meanwhile
    now = timezone.now()
    close = policy.unrated_outcome == RegionPolicy.UnratedOutcome.CLOSE
    note = _("答复后%(d)d天无人测评，按本级规则记为“未测评”，%(o)s。") % {
        "d": policy.unrated_after_days,
        "o": _("办结") if close else _("仍可补录测评"),
    }
    changes = {"unrated_at": now, **({"closed_at": now} if close else {})}
    row = workflow.BY_ACTION["mark_unrated"]
    move(s, row, None, note=note, changes=changes, target=S.CLOSED if close else None)
    return 1


def due_on(s: Suggestion, policy: RegionPolicy):
    """The day the rule records this reply as 未测评 (for the page), or None."""
    if not policy.unrated_after_days or s.replied_at is None:
        return None
    return timezone.localdate(s.replied_at) + timedelta(days=policy.unrated_after_days)
