"""What the archive gathers from the rest of the portal (station visits, suggestions led and
co-signed, ratings given), as archive entry fields. Everything here that knows another app's
models is read through evaluation.other_apps, so a change over there is fixed here."""

import datetime as dt

from django.utils import timezone

from congress.registry import app_modules
from evaluation.other_apps import local_date as _local
from evaluation.other_apps import model as _model

VISITS_CONFIRMED_ONLY = True  # a deputy's own log counts once staff have confirmed it


def gathered_activities(*, deputy_ids: list[int], start: dt.date, end: dt.date) -> list[dict]:
    """Activities of the deputies recorded elsewhere in the portal, as archive entry fields
    (deputy_id, kind, occurred_on, title, detail, evidence, source_key)."""
    if not deputy_ids:
        return []
    return [
        *_station_visits(deputy_ids, start, end),
        *_suggestions_led(deputy_ids, start, end),
        *_suggestions_cosigned(deputy_ids, start, end),
        *_ratings_given(deputy_ids, start, end),
        *_other_apps(deputy_ids, start, end),
    ]


def _other_apps(deputy_ids, start, end) -> list[dict]:
    """Entries that other apps write in their own transactions (meetings: attendance) and
    describe here through `<app>/archive.py`'s gathered_activities, so the gather keeps them."""
    out = []
    for module in app_modules("archive"):
        if hasattr(module, "gathered_activities"):
            out += module.gathered_activities(deputy_ids=deputy_ids, start=start, end=end)
    return out


def _chunks(ids: list[int], size: int = 900):
    for i in range(0, len(ids), size):
        yield ids[i : i + size]


def _station_visits(deputy_ids, start, end) -> list[dict]:
    StationVisit = _model("liaison_stations.StationVisit")
    if StationVisit is None:
        return []
    labels = {k: str(v) for k, v in StationVisit._meta.get_field("kind").flatchoices}
    out = []
    for chunk in _chunks(deputy_ids):
        visits = StationVisit.objects.filter(deputy_id__in=chunk, date__gte=start, date__lte=end)
        if VISITS_CONFIRMED_ONLY:
            visits = visits.filter(confirmed=True)
        rows = visits.values_list(
            "pk", "deputy_id", "date", "kind", "kind_other", "online", "people_received",
            "matters", "station__name",
        )  # fmt: skip
        for pk, deputy_id, day, kind, other, online, people, matters, station in rows.iterator(
            chunk_size=5000
        ):
            what = other if kind == "other" and other else labels.get(kind, kind)
            out.append(
                {
                    "deputy_id": deputy_id,
                    "kind": "station_visit",
                    "occurred_on": day,
                    "title": f"{'线上' if online else ''}进站履职：{what}（{station}）"[:200],
                    "detail": f"接待群众{people}人。{matters}" if people else matters,
                    "evidence": "联络站履职登记（已确认）",
                    "source_key": f"visit:{pk}",
                }
            )
    return out


NOT_FILED = ("draft", "withdrawn", "returned", "submitted")


def _suggestions_led(deputy_ids, start, end) -> list[dict]:
    Suggestion = _model("suggestions.Suggestion")
    if Suggestion is None:
        return []
    a, b = _aware_between(start, end)
    out = []
    for chunk in _chunks(deputy_ids):
        rows = (
            Suggestion.objects.filter(
                lead_deputy_id__in=chunk, submitted_at__gte=a, submitted_at__lt=b
            )
            .exclude(status__in=("draft", "withdrawn"))
            .values_list("pk", "lead_deputy_id", "title", "submitted_at")
        )
        for pk, deputy_id, title, submitted_at in rows:
            out.append(
                {
                    "deputy_id": deputy_id,
                    "kind": "suggestion_led",
                    "occurred_on": _local(submitted_at),
                    "title": f"领衔提出建议：{title}"[:200],
                    "detail": "",
                    "evidence": f"代表建议 #{pk}",
                    "source_key": f"suggestion:{pk}",
                }
            )
    return out


def _suggestions_cosigned(deputy_ids, start, end) -> list[dict]:
    CoSigner = _model("suggestions.CoSigner")
    if CoSigner is None:
        return []
    a, b = _aware_between(start, end)
    out = []
    for chunk in _chunks(deputy_ids):
        rows = (
            CoSigner.objects.filter(
                deputy_id__in=chunk,
                confirmed_at__isnull=False,
                suggestion__submitted_at__gte=a,
                suggestion__submitted_at__lt=b,
            )
            .exclude(suggestion__status__in=("draft", "withdrawn"))
            .values_list(
                "pk", "deputy_id", "suggestion_id", "suggestion__title", "suggestion__submitted_at"
            )
        )
        for pk, deputy_id, suggestion_id, title, submitted_at in rows:
            out.append(
                {
                    "deputy_id": deputy_id,
                    "kind": "suggestion_cosigned",
                    "occurred_on": _local(submitted_at),
                    "title": f"附议建议：{title}"[:200],
                    "detail": "",
                    "evidence": f"代表建议 #{suggestion_id}",
                    "source_key": f"cosigner:{pk}",
                }
            )
    return out


def _ratings_given(deputy_ids, start, end) -> list[dict]:
    Rating = _model("suggestions.Rating")
    if Rating is None:
        return []
    a, b = _aware_between(start, end)
    labels = {"satisfied": "满意", "basically": "基本满意", "unsatisfied": "不满意"}
    out = []
    for chunk in _chunks(deputy_ids):
        rows = Rating.objects.filter(
            deputy_id__in=chunk, rated_at__gte=a, rated_at__lt=b
        ).values_list(
            "pk",
            "deputy_id",
            "reply__suggestion_id",
            "reply__suggestion__title",
            "result",
            "rated_at",
        )
        for pk, deputy_id, suggestion_id, title, result, rated_at in rows:
            out.append(
                {
                    "deputy_id": deputy_id,
                    "kind": "rating_given",
                    "occurred_on": _local(rated_at),
                    "title": f"测评建议办理结果：{title}"[:200],
                    "detail": f"办理结果：{labels.get(result, result)}",
                    "evidence": f"代表建议 #{suggestion_id}",
                    "source_key": f"rating:{pk}",
                }
            )
    return out


def _aware_between(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    tz = timezone.get_current_timezone()
    return (
        dt.datetime.combine(start, dt.time.min, tzinfo=tz),
        dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=tz),
    )
