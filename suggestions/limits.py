"""The time limits before assignment (issue 14): a received suggestion is reviewed within the
region's review limit, and an accepted one assigned within its assignment limit (7 working days
between sessions by default). Both are stored on the suggestion when the clock starts
(`review_due` at submission, `assign_due` at acceptance), with `due_fallback` set when the
working days were counted on the Monday–Friday fallback."""

from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _

from congress.models import Region
from suggestions.models import OPEN_FOR_REPLY, Status, Suggestion
from suggestions.policy import policy_for
from suggestions.reminders import rule_text
from suggestions.workdays import Calendar


def review_due_for(suggestion: Suggestion, start: date, cal: Calendar | None = None) -> date:
    """The last day to finish the review of a suggestion received on `start`."""
    cal = cal or Calendar()
    return cal.add_workdays(
        start, policy_for(suggestion.handled_by_id or suggestion.region_id).review_workdays
    )


def assign_due_for(suggestion: Suggestion, start: date, cal: Calendar | None = None) -> date:
    """The last day to assign a suggestion accepted on `start` (its period decides the limit)."""
    cal = cal or Calendar()
    policy = policy_for(suggestion.handled_by_id or suggestion.region_id)
    days = (
        policy.session_assign_workdays
        if suggestion.period == Suggestion.Period.SESSION
        else policy.assign_workdays
    )
    return cal.add_workdays(start, days)


def deadlines(suggestion: Suggestion, today: date | None = None) -> dict:
    """What the suggestion page shows of its deadlines: each one it has (review, assignment,
    reply, re-handling), whether it is the one running now and overdue, whether it was counted
    on the Monday–Friday fallback, and the reminder rules in force for it."""
    today = today or timezone.localdate()
    lead = suggestion.assignments.filter(role="lead", is_active=True).first()
    assign_fallback = bool(lead and lead.deadlines_fallback)
    rows = [
        ("review", _("审查期限"), suggestion.review_due, [Status.SUBMITTED], suggestion.due_fallback),
        ("assign", _("交办期限"), suggestion.assign_due, [Status.ACCEPTED], suggestion.due_fallback),
        ("reply", _("答复期限"), suggestion.reply_due, OPEN_FOR_REPLY, assign_fallback),
        ("rehandle", _("重新办理期限"), lead and lead.rehandle_due, [Status.REHANDLING],
         assign_fallback or suggestion.due_fallback),
    ]  # fmt: skip
    items = []
    for key, label, due, running_in, fallback in rows:
        if not due:
            continue
        running = suggestion.status in running_in
        items.append(
            {
                "key": key,
                "label": label,
                "due": due,
                "running": running,
                "overdue": running and due < today,
                "days_overdue": (today - due).days if running and due < today else 0,
                "fallback": fallback,
            }
        )
    policy = policy_for(suggestion.handled_by_id or suggestion.region_id)
    own_rules = not policy._state.adding  # else the built-in defaults
    return {
        "items": items,
        "rule": rule_text(policy),
        "rule_region": str(Region.objects.get(pk=policy.region_id)) if own_rules else "",
        "fallback": any(i["fallback"] for i in items),
    }
