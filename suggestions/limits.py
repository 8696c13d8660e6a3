"""The time limits before assignment (issue 14): a received suggestion is reviewed within the
region's review limit, and an accepted one assigned within its assignment limit (7 working days
between sessions by default). Both are stored on the suggestion when the clock starts
(`review_due` at submission, `assign_due` at acceptance), with `due_fallback` set when the
working days were counted on the Monday–Friday fallback."""

from datetime import date

from suggestions.models import Suggestion
from suggestions.policy import policy_for
from suggestions.workdays import Calendar


def review_due_for(suggestion: Suggestion, start: date, cal: Calendar | None = None) -> date:
    """The last day to finish the review of a suggestion received on `start`."""
    cal = cal or Calendar()
    return cal.add_workdays(start, policy_for(suggestion.region_id).review_workdays)


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
