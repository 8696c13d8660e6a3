"""The time limits before assignment, stored when their clock starts (issue 14 item 5): the
review limit when a suggestion is submitted (or typed in from paper, or submitted again after
退回修改), the assignment limit when it is accepted. Each hook adds its fields to the `changes`
the action saves through `common.move`, so they are audited with the step itself."""

from datetime import date, datetime

from django.utils import timezone

from suggestions.limits import assign_due_for, review_due_for
from suggestions.models import Suggestion
from suggestions.workdays import Calendar


def _day(at: datetime | date | None) -> date:
    if at is None:
        return timezone.localdate()
    return timezone.localdate(at) if isinstance(at, datetime) else at


def on_submitted(suggestion: Suggestion, changes: dict) -> dict:
    """Add `review_due` (counted from the submission day) to the submit step's changes."""
    cal = Calendar()
    changes["review_due"] = review_due_for(suggestion, _day(changes.get("submitted_at")), cal)
    changes["due_fallback"] = cal.fallback
    return changes


def on_accepted(suggestion: Suggestion, changes: dict) -> dict:
    """Add `assign_due` (counted from the acceptance day) to the accept step's changes; the
    review limit is then met, so the fallback flag follows the new deadline."""
    cal = Calendar()
    changes["assign_due"] = assign_due_for(suggestion, _day(changes.get("accepted_at")), cal)
    changes["due_fallback"] = cal.fallback
    return changes
