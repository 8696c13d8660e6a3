"""The figures about suggestions, each defined once: what counts, and at which moment.

The statistics page and the annual report (statistics.unit_statistics), the dashboard's
aggregate rows and drill-downs (suggestions/dashboard.py) and the township evaluation
(evaluation/sources.py) all count through these querysets, so a number means the same
wherever it is shown.

- 收到建议 (received): suggestions submitted (drafts never), at the moment of submission
  (`Suggestion.submitted_at`), split by their status now.
- 交办件数 (assigned): suggestions, not assignment rows. A suggestion counts for the unit that
  holds its lead assignment now (the active one): one reassigned, or returned and assigned
  again, counts once, for its current unit, at the moment of that current assignment
  (`Assignment.assigned_at`). One returned and not yet assigned again counts for no unit;
  a withdrawn one for none. 已签收 / 3个工作日内签收 are read on the same assignments.
- 答复件数 (replied): a suggestion's first reply (round 1), at the moment it was given
  (`Reply.replied_at`); 按期答复 of those, the ones on time (`Reply.on_time`, which knows
  approved extensions). A re-handling reply (round 2) answers the same suggestion again and
  is not counted a second time.
- 测评人次 (rated): each signer's current rating of a suggestion, at the moment it was given
  (`Rating.rated_at`). A rating is superseded when the same deputy rated a later round of
  the same suggestion: the first-round 不满意 that sent it back for re-handling no longer
  counts once the deputy has rated the re-handled reply (it disappears from its own month's
  figure too, since figures are rebuilt from the records). A co-signer who rated only the
  first round keeps that rating. 满意 of those: 满意 or 基本满意 on the result.
- 逾期未答复 (overdue): open for a reply (assigned, signed, re-handling) and past the
  deadline the units are held to now (`Suggestion.reply_due`), on a given day.
"""

from datetime import date

from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.db.models.functions import TruncDate

from congress.dashboards.periods import SHANGHAI
from suggestions.models import (
    OPEN_FOR_REPLY,
    Assignment,
    Rating,
    Reply,
    Satisfaction,
    Status,
    Suggestion,
)

SATISFIED = [Satisfaction.SATISFIED, Satisfaction.BASICALLY]
NOT_COUNTED = [Status.DRAFT, Status.WITHDRAWN]


def received() -> QuerySet[Suggestion]:
    """收到建议: submitted, whatever has become of them since (drafts are not received)."""
    return Suggestion.objects.filter(submitted_at__isnull=False).exclude(status=Status.DRAFT)


def assigned() -> QuerySet[Assignment]:
    """交办: the current lead assignment of each suggestion (one per suggestion at most)."""
    return Assignment.objects.filter(role=Assignment.Role.LEAD, is_active=True).exclude(
        suggestion__status__in=NOT_COUNTED
    )


def with_signed_on(qs: QuerySet[Assignment]) -> QuerySet[Assignment]:
    """Assignments with `signed_on`, the Beijing date of signing, for `signed_in_time()`."""
    return qs.annotate(signed_on=TruncDate("signed_at", tzinfo=SHANGHAI))


def signed_in_time() -> Q:
    """Of `with_signed_on(assigned())`: signed on or before the stored signing deadline."""
    return Q(signed_at__isnull=False, signed_on__lte=F("sign_due"))


def replied() -> QuerySet[Reply]:
    """答复: the first reply of each suggestion."""
    return Reply.objects.filter(round=1)


def rated() -> QuerySet[Rating]:
    """测评: each signer's current rating of a suggestion (not superseded by a later round)."""
    later = Rating.objects.filter(
        deputy_id=OuterRef("deputy_id"),
        reply__suggestion_id=OuterRef("reply__suggestion_id"),
        reply__round__gt=OuterRef("reply__round"),
    )
    return Rating.objects.exclude(Exists(later))


def satisfied() -> Q:
    """Of `rated()`: 满意 or 基本满意 on the result."""
    return Q(result__in=SATISFIED)


def overdue(*, on: date) -> QuerySet[Suggestion]:
    """逾期未答复 on a day."""
    return Suggestion.objects.filter(status__in=OPEN_FOR_REPLY, reply_due__lt=on)


def unrated() -> QuerySet[Suggestion]:
    """未测评: replies nobody rated within the region's limit (`Suggestion.unrated_at`), at the
    moment they were recorded; counted apart, never as 满意 (they have no rating). One rated
    later (a paper sheet) is no longer 未测评."""
    return Suggestion.objects.filter(unrated_at__isnull=False).exclude(status__in=NOT_COUNTED)


def lead_unrated() -> QuerySet[Suggestion]:
    """未测评 under the lead unit holding the suggestion now (per unit: `assignments__unit_id`)."""
    return unrated().filter(assignments__role=Assignment.Role.LEAD, assignments__is_active=True)


def review_overdue_q(*, on: date) -> Q:
    """审查超期 on a day: under review past its stored review limit (`review_due`, set at
    submission; one submitted before the limits existed has none and is never late)."""
    return Q(status=Status.SUBMITTED, review_due__lt=on)


def assign_overdue_q(*, on: date) -> Q:
    """交办超期 on a day: accepted and not assigned by its stored limit (`assign_due`)."""
    return Q(status=Status.ACCEPTED, assign_due__lt=on)


def review_overdue(*, on: date) -> QuerySet[Suggestion]:
    """审查超期 on a day (review_overdue_q; the board's deadline filter uses the same)."""
    return Suggestion.objects.filter(review_overdue_q(on=on))


def assign_overdue(*, on: date) -> QuerySet[Suggestion]:
    """交办超期 on a day (assign_overdue_q; the board's deadline filter uses the same)."""
    return Suggestion.objects.filter(assign_overdue_q(on=on))
