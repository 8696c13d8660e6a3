"""Dashboard figures of deputies' suggestions (owned by the dashboards app)."""

from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from congress.dashboards.context import Figure, rate
from congress.dashboards.facts import FactSource, grouped, month
from congress.models import HandlingUnit
from suggestions.models import (
    OPEN_FOR_REPLY,
    Assignment,
    Rating,
    Reply,
    ResultClass,
    Satisfaction,
    Status,
    Suggestion,
)

SATISFIED = [Satisfaction.SATISFIED, Satisfaction.BASICALLY]


def _overdue_now():
    today = timezone.localdate()
    return grouped(
        Suggestion.objects.filter(status__in=OPEN_FOR_REPLY, reply_due__lt=today),
        region="region_id",
    )


SOURCES = [
    FactSource(
        "suggestions",
        lambda: grouped(
            Suggestion.objects.filter(submitted_at__isnull=False),
            region="region_id",
            month=month("submitted_at"),
            key="status",
        ),
        trend=True,
    ),
    FactSource("suggestions_overdue", _overdue_now, kind="snapshot"),
    FactSource(
        "replies",
        lambda: grouped(
            Reply.objects.all(),
            region="suggestion__region_id",
            month=month("replied_at"),
            key="on_time",
        ),
    ),
    FactSource(
        "reply_classes",
        lambda: grouped(
            Reply.objects.filter(round=1),
            region="suggestion__region_id",
            month=month("replied_at"),
            key="result_class__code",
        ),
    ),
    FactSource(
        "ratings",
        lambda: grouped(
            Rating.objects.all(),
            region="reply__suggestion__region_id",
            month=month("rated_at"),
            key="result",
        ),
    ),
    FactSource(
        "unit_replies",
        lambda: grouped(
            Reply.objects.all(),
            region="suggestion__region_id",
            month=month("replied_at"),
            key="unit_id",
        ),
        kind="unit",
    ),
    FactSource(
        "unit_replies_on_time",
        lambda: grouped(
            Reply.objects.filter(on_time=True),
            region="suggestion__region_id",
            month=month("replied_at"),
            key="unit_id",
        ),
        kind="unit",
    ),
    FactSource(
        "unit_ratings",
        lambda: grouped(
            Rating.objects.all(),
            region="reply__suggestion__region_id",
            month=month("rated_at"),
            key="reply__unit_id",
        ),
        kind="unit",
    ),
    FactSource(
        "unit_ratings_satisfied",
        lambda: grouped(
            Rating.objects.filter(result__in=SATISFIED),
            region="reply__suggestion__region_id",
            month=month("rated_at"),
            key="reply__unit_id",
        ),
        kind="unit",
    ),
]

ON_TIME = ("1", "true", "True", "t")


def _on_time(key: str) -> bool:
    return key in ON_TIME


def _satisfied(key: str) -> bool:
    return key in SATISFIED


def figures(ctx) -> list[Figure]:
    received = ctx.by_region("suggestions")
    replies = ctx.by_region("replies")
    on_time = ctx.by_region("replies", _on_time)
    ratings = ctx.by_region("ratings")
    satisfied = ctx.by_region("ratings", _satisfied)
    overdue = ctx.by_region("suggestions_overdue", which="snap")
    return [
        Figure(
            "suggestions",
            _("收到代表建议"),
            "suggestions",
            sum(received.values()),
            ctx.total("suggestions", which="prev"),
            received,
            link=ctx.query(list="suggestions"),
        ),
        Figure(
            "suggestions_overdue",
            _("当前逾期未答复"),
            "suggestions",
            sum(overdue.values()),
            None,
            overdue,
            link={**ctx.query(list="suggestions", box="overdue"), "period": "", "value": ""},
            note=_("当前状态，不分期间"),
        ),
        Figure(
            "reply_on_time_rate",
            _("按期答复率"),
            "suggestions",
            rate(sum(on_time.values()), sum(replies.values())),
            rate(ctx.total("replies", _on_time, "prev"), ctx.total("replies", which="prev")),
            ctx.region_rates(on_time, replies),
            unit="%",
            link=ctx.query(list="replies", on_time="0"),
        ),
        Figure(
            "satisfaction_rate",
            _("代表满意率"),
            "suggestions",
            rate(sum(satisfied.values()), sum(ratings.values())),
            rate(ctx.total("ratings", _satisfied, "prev"), ctx.total("ratings", which="prev")),
            ctx.region_rates(satisfied, ratings),
            unit="%",
            note=_("满意与基本满意占测评总数"),
            link=ctx.query(list="replies", rating="unsatisfied"),
        ),
    ]


def panels(ctx) -> dict:
    statuses = ctx.by_key("suggestions")
    statuses_last = ctx.by_key("suggestions", "prev")
    classes = ctx.by_key("reply_classes")
    classes_last = ctx.by_key("reply_classes", "prev")
    labels = dict(ResultClass.objects.values_list("code", "label"))
    units = _unit_ranking(ctx)
    return {
        "suggestion_statuses": [
            {"key": code, "label": str(label), "value": statuses.get(code, 0), "last": statuses_last.get(code, 0),
             "link": ctx.query(list="suggestions", status=code)}
            for code, label in Status.choices
            if code != Status.DRAFT
        ],
        "reply_classes": [
            {"key": code, "label": f"{code} {labels.get(code, '')}", "value": classes.get(code, 0),
             "last": classes_last.get(code, 0), "link": ctx.query(list="replies", result_class=code)}
            for code in sorted(set(labels) | set(classes))
        ],
        "units": units,
        "suggestion_trend": [
            {"month": m.strftime("%Y-%m"), "value": ctx.trend("suggestions").get(m, 0)} for m in ctx.months()
        ],
    }  # fmt: skip


def _unit_ranking(ctx, limit: int = 30) -> list[dict]:
    replies, on_time = ctx.units("unit_replies"), ctx.units("unit_replies_on_time")
    ratings, satisfied = ctx.units("unit_ratings"), ctx.units("unit_ratings_satisfied")
    last_replies, last_on_time = (
        ctx.units("unit_replies", "prev"),
        ctx.units("unit_replies_on_time", "prev"),
    )
    rows = []
    for k in set(replies) | set(ratings):
        if not k.isdigit():
            continue
        rows.append({
            "id": int(k), "replies": replies.get(k, 0),
            "on_time_rate": rate(on_time.get(k, 0), replies.get(k, 0)),
            "on_time_rate_last": rate(last_on_time.get(k, 0), last_replies.get(k, 0)),
            "ratings": ratings.get(k, 0), "satisfaction_rate": rate(satisfied.get(k, 0), ratings.get(k, 0)),
            "link": ctx.query(list="replies", unit=k),
        })  # fmt: skip
    rows.sort(key=lambda r: (-(r["on_time_rate"] or 0), -(r["satisfaction_rate"] or 0), r["id"]))
    for i, row in enumerate(rows, 1):
        row["rank"] = i
    # The leaders and the laggards: a province has thousands of units.
    shown = rows if len(rows) <= limit else rows[: limit // 2] + rows[-(limit // 2) :]
    names = dict(
        HandlingUnit.objects.filter(pk__in=[r["id"] for r in shown]).values_list("pk", "name")
    )
    for row in shown:
        row["name"] = names.get(row["id"], str(row["id"]))
    return shown


def suggestion_records(*, qs_scope, period, params):
    """Drill-down: suggestions behind a figure (received in the period, or overdue now)."""
    qs = Suggestion.objects.exclude(status=Status.DRAFT).filter(**qs_scope("region__code"))
    if params.get("box") == "overdue":
        qs = qs.filter(status__in=OPEN_FOR_REPLY, reply_due__lt=timezone.localdate()).order_by(
            "reply_due", "id"
        )
    else:
        start, end = period.aware_bounds()
        qs = qs.filter(submitted_at__gte=start, submitted_at__lt=end).order_by(
            "region_id", "status", "id"
        )  # the (region, status) index
    if params.get("status"):
        qs = qs.filter(status=params["status"])
    if str(params.get("unit", "")).isdigit():
        qs = qs.filter(
            Exists(
                Assignment.objects.filter(
                    suggestion=OuterRef("pk"), unit_id=params["unit"], is_active=True
                )
            )
        )
    qs = qs.select_related("region", "lead_deputy")

    def row(s):
        return {
            "title": s.title,
            "region": s.region.name,
            "detail": f"{_('领衔代表')}：{s.lead_deputy.name}"
            + (f" · {_('答复期限')} {s.reply_due}" if s.reply_due else ""),
            "date": s.submitted_at,
            "status": s.get_status_display(),
            "url": f"/suggestions/{s.pk}/",
        }

    return qs, row


def reply_records(*, qs_scope, period, params):
    """Drill-down: replies in the period (late ones, one unit's, one class, or rated unsatisfied)."""
    start, end = period.aware_bounds()
    qs = Reply.objects.filter(
        replied_at__gte=start, replied_at__lt=end, **qs_scope("suggestion__region__code")
    )
    if params.get("on_time") in ("0", "1"):
        qs = qs.filter(on_time=params["on_time"] == "1")
    if str(params.get("unit", "")).isdigit():
        qs = qs.filter(unit_id=params["unit"])
    if params.get("result_class"):
        qs = qs.filter(round=1, result_class__code=params["result_class"])
    if params.get("rating") in Satisfaction.values:
        qs = qs.filter(Exists(Rating.objects.filter(reply=OuterRef("pk"), result=params["rating"])))
    qs = qs.select_related("suggestion", "suggestion__region", "unit", "result_class").order_by(
        "suggestion_id", "round"
    )  # walks the (suggestion, round) key

    def row(r):
        return {
            "title": r.suggestion.title,
            "region": r.suggestion.region.name,
            "detail": f"{r.unit.name} · {r.result_class.code} · {_('按期') if r.on_time else _('逾期')}",
            "date": r.replied_at,
            "status": r.suggestion.get_status_display(),
            "url": f"/suggestions/{r.suggestion_id}/",
        }

    return qs, row


RECORDS = {
    "suggestions": (_("代表建议"), suggestion_records),
    "replies": (_("建议答复"), reply_records),
}
