"""The computed measures of township evaluation: what each one counts, from other apps' data.

Everything that knows another app's models lives here, so a change over there is fixed here.
Each measure returns {region_code: Decimal | None} for a set of target regions and a year;
None means "nothing to measure" (the indicator is left unscored rather than scored 0).

Definitions (the tests count the same things independently):
- station-visit coverage: of the deputies registered in the region who held a seat during the
  year, the share with at least one confirmed station visit 进站履职 dated in the year;
- opinions answered on time: of the citizens' opinions received in the year at the region's
  stations, the share answered no later than their deadline: the due date a handling unit was
  given when forwarded, otherwise OPINION_ANSWER_DAYS after receipt (both defined once in
  liaison_stations.models: Opinion.deadline_of and Opinion.objects.overdue); one still open
  and not yet due is left out (it may still be answered in time), one turned into a
  suggestion is followed as a suggestion instead;
- suggestions replied on time: of the suggestions led by the region's deputies and assigned in
  the year, the share whose first reply was on time (suggestions.Reply.on_time, which knows
  about approved extensions); one not replied and past its due date counts as late, one not
  yet due is left out;
- satisfaction rate: of the deputies' current ratings (on the result; suggestions.figures.rated,
  a first-round rating superseded by the re-handling round is not counted) made in the year of
  replies to suggestions led by the region's deputies, the share 满意 or 基本满意;
- deputies' average points: the mean of the stored points of the region's deputies under the
  year's rules;
- training coverage (代表履职培训全覆盖): of the region's serving deputies, the share whose training
  hours in the year reach their region's standard (training.figures, its one definition).
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal
from importlib import import_module

from django.apps import apps
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from evaluation.models import DeputyPoints
from evaluation.other_apps import local_date as _local
from evaluation.other_apps import model as _model
from evaluation.performance.gathering import VISITS_CONFIRMED_ONLY
from representatives.models import Deputy, Mandate

RATE = Decimal("0.0001")


def _year(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def _aware_year(year: int) -> tuple[dt.datetime, dt.datetime]:
    tz = timezone.get_current_timezone()
    return (
        dt.datetime(year, 1, 1, tzinfo=tz),
        dt.datetime(year + 1, 1, 1, tzinfo=tz),
    )


def _rate(numerator: int, denominator: int) -> Decimal | None:
    if not denominator:
        return None
    return (Decimal(numerator) / Decimal(denominator)).quantize(RATE)


def _starts_with_any(path: str, codes: Iterable[str]) -> Q:
    q = Q(pk__in=[])
    for code in codes:
        q |= Q(**{f"{path}__startswith": code})
    return q


def _owner(code: str, targets: list[str]) -> str | None:
    """The target region a row's region code falls under (targets do not nest)."""
    for target in targets:
        if code.startswith(target):
            return target
    return None


def station_visit_coverage(*, region_codes: list[str], year: int) -> dict[str, Decimal | None]:
    StationVisit = _model("liaison_stations.StationVisit")

    start, end = _year(year)
    seated = Mandate.objects.filter(start_date__lte=end).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=start)
    )
    in_regions = Deputy.objects.filter(
        _starts_with_any("region__code", region_codes), pk__in=seated.values("deputy_id")
    )
    deputies = in_regions.values_list("pk", "region_id")
    visited = set()
    if StationVisit is not None:
        visits = StationVisit.objects.filter(
            date__gte=start, date__lte=end, deputy__in=in_regions.values("pk")
        )
        if VISITS_CONFIRMED_ONLY:
            visits = visits.filter(confirmed=True)
        visited = set(visits.values_list("deputy_id", flat=True).distinct())
    counts = defaultdict(lambda: [0, 0])
    for pk, code in deputies:
        owner = _owner(code, region_codes)
        counts[owner][1] += 1
        counts[owner][0] += pk in visited
    if StationVisit is None:
        return {code: None for code in region_codes}
    return {code: _rate(*counts[code]) if code in counts else None for code in region_codes}


def opinion_counts(*, region_codes: list[str], year: int) -> dict[str, dict[str, int]]:
    """Of the opinions received in the year at each region's stations: answered on time,
    answered late, and overdue now (liaison_stations' one definition, Opinion.objects.overdue);
    one still open and not yet due, or turned into a suggestion, is not counted."""
    Opinion = _model("liaison_stations.Opinion")
    if Opinion is None:
        return {}
    a, b = _aware_year(year)
    received = Opinion.objects.filter(
        _starts_with_any("station__region__code", region_codes),
        received_at__gte=a,
        received_at__lt=b,
    )
    counts = defaultdict(lambda: {"on_time": 0, "answered_late": 0, "overdue": 0})
    answered = received.filter(status="answered", answered_at__isnull=False)
    for code, received_at, answered_at, due in answered.values_list(
        "station__region_id", "received_at", "answered_at", "due_date"
    ):
        in_time = _local(answered_at) <= Opinion.deadline_of(due, received_at)
        counts[_owner(code, region_codes)]["on_time" if in_time else "answered_late"] += 1
    overdue = received.overdue(on=timezone.localdate())
    for code in overdue.values_list("station__region_id", flat=True):
        counts[_owner(code, region_codes)]["overdue"] += 1
    return dict(counts)


def opinions_answered_on_time(*, region_codes: list[str], year: int) -> dict[str, Decimal | None]:
    if _model("liaison_stations.Opinion") is None:
        return {code: None for code in region_codes}
    counts = opinion_counts(region_codes=region_codes, year=year)
    return {
        code: _rate(c["on_time"], c["on_time"] + c["answered_late"] + c["overdue"])
        if (c := counts.get(code))
        else None
        for code in region_codes
    }


def suggestions_replied_on_time(*, region_codes: list[str], year: int) -> dict[str, Decimal | None]:
    Suggestion, Reply = _model("suggestions.Suggestion"), _model("suggestions.Reply")
    if Suggestion is None or Reply is None:
        return {code: None for code in region_codes}
    a, b = _aware_year(year)
    today = timezone.localdate()
    suggestions = list(
        Suggestion.objects.filter(
            _starts_with_any("lead_deputy__region__code", region_codes),
            assigned_at__gte=a,
            assigned_at__lt=b,
        ).values_list("pk", "lead_deputy__region_id", "reply_due")
    )
    first_reply = {
        suggestion_id: on_time
        for suggestion_id, on_time in Reply.objects.filter(
            suggestion_id__in=[s[0] for s in suggestions], round=1
        ).values_list("suggestion_id", "on_time")
    }
    counts = defaultdict(lambda: [0, 0])
    for pk, code, due in suggestions:
        if pk not in first_reply and (due is None or due >= today):
            continue  # not replied yet, not yet due
        owner = _owner(code, region_codes)
        counts[owner][1] += 1
        counts[owner][0] += bool(first_reply.get(pk, False))
    return {code: _rate(*counts[code]) if code in counts else None for code in region_codes}


def satisfaction_rate(*, region_codes: list[str], year: int) -> dict[str, Decimal | None]:
    Rating = _model("suggestions.Rating")
    if Rating is None:
        return {code: None for code in region_codes}
    # Each signer's current rating, as everywhere else; imported here, once Rating is known to be
    # installed, because suggestions is optional to evaluation (evaluation/other_apps.py).
    from suggestions import figures  # noqa: PLC0415 - suggestions may not be installed

    a, b = _aware_year(year)
    rows = (
        figures.rated()
        .filter(
            _starts_with_any("reply__suggestion__lead_deputy__region__code", region_codes),
            rated_at__gte=a,
            rated_at__lt=b,
        )
        .values_list("reply__suggestion__lead_deputy__region_id", "result")
    )
    counts = defaultdict(lambda: [0, 0])
    for code, result in rows:
        owner = _owner(code, region_codes)
        counts[owner][1] += 1
        counts[owner][0] += result in ("satisfied", "basically")
    return {code: _rate(*counts[code]) if code in counts else None for code in region_codes}


def deputies_average_points(*, region_codes: list[str], year: int) -> dict[str, Decimal | None]:
    """Mean stored points of the deputies registered in each region, under the year's rules."""

    rows = DeputyPoints.objects.filter(
        _starts_with_any("deputy__region__code", region_codes), rule_set__year=year
    ).values_list("deputy__region_id", "total")
    sums = defaultdict(lambda: [Decimal(0), 0])
    for code, total in rows:
        owner = _owner(code, region_codes)
        sums[owner][0] += total
        sums[owner][1] += 1
    return {
        code: (sums[code][0] / sums[code][1]).quantize(Decimal("0.01")) if code in sums else None
        for code in region_codes
    }


def training_coverage(*, region_codes: list[str], year: int) -> dict[str, Decimal | None]:
    if _model("training.Course") is None:
        return {code: None for code in region_codes}
    # The definition lives with training (training/figures.py); imported once training is known
    # to be installed, because training is optional to evaluation (evaluation/other_apps.py).
    from training import figures as training_figures  # noqa: PLC0415 - training may be absent

    return training_figures.coverage_rate(region_codes=region_codes, year=year)


def _other_app(label: str, function: str, default):
    """A measure defined by the app that owns its records, `<label>.figures.<function>`; the
    measure answers `default` (nothing to measure) while that app is not installed."""

    def measure(**kwargs):
        if not apps.is_installed(label):
            return default(**kwargs)
        return getattr(import_module(f"{label}.figures"), function)(**kwargs)

    return measure


def _no_regions(*, region_codes: list[str], year: int) -> dict:
    return {code: None for code in region_codes}


def _no_units(*, unit_ids: list[int], year: int) -> dict:
    return {}


MEASURES = {
    "station_visit_coverage": station_visit_coverage,
    "opinions_answered_on_time": opinions_answered_on_time,
    "suggestions_replied_on_time": suggestions_replied_on_time,
    "satisfaction_rate": satisfaction_rate,
    "deputies_average_points": deputies_average_points,
    "training_coverage": training_coverage,
    # {region_code: Decimal | None}, like the rest
    "contact_coverage": _other_app("contacts", "coverage_rate", _no_regions),
    "task_completion": _other_app("worktasks", "completion_rate", _no_regions),
    "filing_on_time": _other_app("filings", "on_time_rate", _no_regions),
}


def measure_many(measure: str, *, region_codes: list[str], year: int) -> dict[str, Decimal | None]:
    function = MEASURES.get(measure)
    if function is None or not region_codes:
        return {}
    return function(region_codes=region_codes, year=year)


# --- Of one handling unit (承办单位考评, the way 鄂州 scores units) ---------------------------
# Each returns {unit_id: (Decimal | None, note)}: the rate over the round's year, and a note shown
# with the computed score (what was left out, e.g. suggestions recorded as 未测评).


def _unit_rate(num: int, den: int, note: str = "") -> tuple[Decimal | None, str]:
    return _rate(num, den), note


def unit_signed_on_time(*, unit_ids: list[int], year: int) -> dict[int, tuple]:
    """Of the unit's assignments (lead or co) made in the year and not returned: the share signed
    no later than their sign_due; one unsigned and not yet due is left out."""
    Assignment = _model("suggestions.Assignment")
    if Assignment is None:
        return {}
    a, b = _aware_year(year)
    today = timezone.localdate()
    counts = defaultdict(lambda: [0, 0])
    for unit_id, signed_at, sign_due in Assignment.objects.filter(
        unit_id__in=unit_ids, assigned_at__gte=a, assigned_at__lt=b, returned_at__isnull=True
    ).values_list("unit_id", "signed_at", "sign_due"):
        if signed_at is None and sign_due >= today:
            continue
        counts[unit_id][1] += 1
        counts[unit_id][0] += signed_at is not None and _local(signed_at) <= sign_due
    return {u: _unit_rate(*counts[u]) for u in unit_ids if u in counts}


def unit_replied_on_time(*, unit_ids: list[int], year: int) -> dict[int, tuple]:
    """Of the suggestions the unit leads (active lead assignment made in the year) whose reply
    was due: the share whose first reply by the unit was on time (Reply.on_time, which knows
    about approved extensions); one not replied and past its due date counts as late."""
    Assignment, Reply = _model("suggestions.Assignment"), _model("suggestions.Reply")
    if Assignment is None or Reply is None:
        return {}
    a, b = _aware_year(year)
    today = timezone.localdate()
    leads = list(
        Assignment.objects.filter(
            unit_id__in=unit_ids,
            role="lead",
            is_active=True,
            assigned_at__gte=a,
            assigned_at__lt=b,
        ).values_list("unit_id", "suggestion_id", "reply_due")
    )
    first = {}
    for suggestion_id, unit_id, on_time in (
        Reply.objects.filter(suggestion_id__in=[s for _u, s, _d in leads], unit_id__in=unit_ids)
        .order_by("-round")
        .values_list("suggestion_id", "unit_id", "on_time")
    ):
        first[(suggestion_id, unit_id)] = on_time  # the lowest round wins (ordered last)
    counts = defaultdict(lambda: [0, 0])
    for unit_id, suggestion_id, due in leads:
        key = (suggestion_id, unit_id)
        if key not in first and (due is None or due >= today):
            continue
        counts[unit_id][1] += 1
        counts[unit_id][0] += bool(first.get(key, False))
    return {u: _unit_rate(*counts[u]) for u in unit_ids if u in counts}


def unit_satisfaction(*, unit_ids: list[int], year: int) -> dict[int, tuple]:
    """One outcome per suggestion: the lead deputy's current rating (online or on a paper sheet)
    made in the year of a reply by the unit, 满意 or 基本满意 on the result over all such
    suggestions. A suggestion recorded as 未测评 (Suggestion.unrated_at in the year) is left out
    of the denominator and counted apart, in the note."""
    Rating, Suggestion = _model("suggestions.Rating"), _model("suggestions.Suggestion")
    if Rating is None or Suggestion is None:
        return {}
    from suggestions import figures  # noqa: PLC0415 - suggestions may not be installed

    a, b = _aware_year(year)
    outcome = {}
    for unit_id, suggestion_id, result in (
        figures.rated()
        .filter(
            reply__unit_id__in=unit_ids,
            deputy_id=F("reply__suggestion__lead_deputy_id"),
            rated_at__gte=a,
            rated_at__lt=b,
        )
        .order_by("reply__round")
        .values_list("reply__unit_id", "reply__suggestion_id", "result")
    ):
        outcome[(unit_id, suggestion_id)] = result
    unrated = defaultdict(set)
    for unit_id, suggestion_id in (
        Suggestion.objects.filter(
            unrated_at__gte=a,
            unrated_at__lt=b,
            assignments__unit_id__in=unit_ids,
            assignments__role="lead",
            assignments__is_active=True,
        )
        .values_list("assignments__unit_id", "pk")
        .distinct()
    ):
        if (unit_id, suggestion_id) not in outcome:
            unrated[unit_id].add(suggestion_id)
    counts = defaultdict(lambda: [0, 0])
    for (unit_id, _s), result in outcome.items():
        counts[unit_id][1] += 1
        counts[unit_id][0] += result in ("satisfied", "basically")
    answer = {}
    for u in unit_ids:
        if u not in counts and u not in unrated:
            continue
        note = _("未测评 %(n)s 件（不计入）") % {"n": len(unrated[u])} if unrated.get(u) else ""
        answer[u] = _unit_rate(*counts[u], note)
    return answer


def unit_commitments_done(*, unit_ids: list[int], year: int) -> dict[int, tuple]:
    """Of the commitments 承诺事项 in the unit's replies falling due in the year (up to today):
    the share done by their due date; one superseded by re-handling is left out."""
    Commitment = _model("suggestions.Commitment")
    if Commitment is None:
        return {}
    start, end = _year(year)
    end = min(end, timezone.localdate())
    counts = defaultdict(lambda: [0, 0])
    for unit_id, done_at, due in Commitment.objects.filter(
        reply__unit_id__in=unit_ids,
        superseded_at__isnull=True,
        due_date__gte=start,
        due_date__lte=end,
    ).values_list("reply__unit_id", "done_at", "due_date"):
        counts[unit_id][1] += 1
        counts[unit_id][0] += done_at is not None and _local(done_at) <= due
    return {u: _unit_rate(*counts[u]) for u in unit_ids if u in counts}


UNIT_MEASURES = {
    "unit_signed_on_time": unit_signed_on_time,
    "unit_replied_on_time": unit_replied_on_time,
    "unit_satisfaction": unit_satisfaction,
    "unit_commitments_done": unit_commitments_done,
    # {unit_id: (Decimal | None, note)}
    "unit_rectification_on_time": _other_app(
        "supervision", "unit_rectification_on_time", _no_units
    ),
}


def measures_for_kind(target_kind: str) -> list[str]:
    """The computed measures an indicator system of this kind of target may use."""
    if target_kind == "handling_unit":
        return list(UNIT_MEASURES)
    return list(MEASURES)


def measure_units(measure: str, *, unit_ids: list[int], year: int) -> dict[int, tuple]:
    function = UNIT_MEASURES.get(measure)
    if function is None or not unit_ids:
        return {}
    return function(unit_ids=unit_ids, year=year)
