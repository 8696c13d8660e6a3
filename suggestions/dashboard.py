"""Dashboard figures of deputies' suggestions (owned by the dashboards app). What each figure
counts, and at which moment, is defined once in suggestions/figures.py."""

from django.db.models import CharField, Exists, OuterRef, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from congress.dashboards.context import Figure, rate
from congress.dashboards.facts import FactSource, grouped, month, year
from congress.models import HandlingUnit
from congress.params import InvalidParameter, query_bool, query_choice, query_id, query_text
from suggestions import figures as defined
from suggestions.models import Assignment, ResultClass, Satisfaction, Status, Suggestion

SATISFIED = defined.SATISFIED


def _overdue_now():
    return grouped(defined.overdue(on=timezone.localdate()), region="region_id")


def _review_overdue_now():
    return grouped(defined.review_overdue(on=timezone.localdate()), region="region_id")


def _assign_overdue_now():
    return grouped(defined.assign_overdue(on=timezone.localdate()), region="region_id")


def _units(metric: str, qs, *, region: str, moment: str, unit: str) -> FactSource:
    return FactSource(
        metric,
        lambda: grouped(qs(), region=region, month=month(moment), key=unit),
        kind="unit",
    )


def _unit_year(metric, qs, moment, unit="unit_id", region="suggestion__region_id"):
    """A figure per unit by the year (kept on 1 January), read by the statistics page only."""
    return FactSource(
        metric,
        lambda: grouped(qs(), region=region, month=year(moment), key=unit),
        kind="statistics",
    )


def _term_and(field: str):
    """The key of a statistics row by term: "<term id>:<value>" ("" for no term)."""
    return Concat(
        Cast("term_id", CharField()), Value(":"), Cast(field, CharField()), output_field=CharField()
    )


def _region_year(metric: str, field: str) -> FactSource:
    """The statistics page's counts by region (the suggestion's own), by the year it was
    created (kept on 1 January), split by term and `field`."""
    return FactSource(
        metric,
        lambda: grouped(
            Suggestion.objects.exclude(status=Status.DRAFT),
            region="region_id",
            month=year("created_at"),
            key=_term_and(field),
        ),
        kind="statistics",
    )


def _unit_and_class():
    """The key of a unit's replies by class: "<unit id>:<class code>" ("" for no class)."""
    return Concat(
        Cast("unit_id", CharField()), Value(":"), "result_class__code", output_field=CharField()
    )


SOURCES = [
    FactSource(
        "suggestions",
        lambda: grouped(
            defined.received(), region="region_id", month=month("submitted_at"), key="status"
        ),
        trend=True,
    ),
    FactSource("suggestions_overdue", _overdue_now, kind="snapshot"),
    FactSource("suggestions_review_overdue", _review_overdue_now, kind="snapshot"),
    FactSource("suggestions_assign_overdue", _assign_overdue_now, kind="snapshot"),
    FactSource(
        "suggestions_unrated",
        lambda: grouped(defined.unrated(), region="region_id", month=month("unrated_at")),
    ),
    FactSource(
        "replies",
        lambda: grouped(
            defined.replied(),
            region="suggestion__region_id",
            month=month("replied_at"),
            key="on_time",
        ),
    ),
    FactSource(
        "reply_classes",
        lambda: grouped(
            defined.replied(),
            region="suggestion__region_id",
            month=month("replied_at"),
            key="result_class__code",
        ),
    ),
    FactSource(
        "ratings",
        lambda: grouped(
            defined.rated(),
            region="reply__suggestion__region_id",
            month=month("rated_at"),
            key="result",
        ),
    ),
    _units("unit_assigned", defined.assigned, region="suggestion__region_id",
           moment="assigned_at", unit="unit_id"),
    _units("unit_replies", defined.replied, region="suggestion__region_id",
           moment="replied_at", unit="unit_id"),
    _units("unit_replies_on_time", lambda: defined.replied().filter(on_time=True),
           region="suggestion__region_id", moment="replied_at", unit="unit_id"),
    _units("unit_ratings", defined.rated, region="reply__suggestion__region_id",
           moment="rated_at", unit="reply__unit_id"),
    _units("unit_ratings_satisfied", lambda: defined.rated().filter(defined.satisfied()),
           region="reply__suggestion__region_id", moment="rated_at", unit="reply__unit_id"),
    # The statistics page's table per lead unit (suggestions/statistics.py), by the year.
    *(_unit_year(*source) for source in (
        ("unit_year_assigned", defined.assigned, "assigned_at"),
        ("unit_year_signed", lambda: defined.assigned().filter(signed_at__isnull=False),
         "assigned_at"),
        ("unit_year_signed_in_time",
         lambda: defined.with_signed_on(defined.assigned()).filter(defined.signed_in_time()),
         "assigned_at"),
        ("unit_year_classes", defined.replied, "replied_at", _unit_and_class()),
        ("unit_year_on_time", lambda: defined.replied().filter(on_time=True), "replied_at"),
        ("unit_year_rated", defined.rated, "rated_at", "reply__unit_id",
         "reply__suggestion__region_id"),
        ("unit_year_satisfied", lambda: defined.rated().filter(defined.satisfied()), "rated_at",
         "reply__unit_id", "reply__suggestion__region_id"),
        ("unit_year_unrated", defined.lead_unrated, "unrated_at", "assignments__unit_id",
         "region_id"),
    )),
    # Its counts by region, term and status, and by term and category.
    _region_year("region_year_status", "status"),
    _region_year("region_year_category", "category_id"),
]  # fmt: skip

ON_TIME = ("1", "true", "True", "t")


def _on_time(key: str) -> bool:
    return key in ON_TIME


def _satisfied(key: str) -> bool:
    return key in SATISFIED


def _current(ctx, key: str, label, note) -> Figure:
    """A figure of the current state (overdue now), not of the period: its list is the board's
    box of the same name (the key without "suggestions_"), over every period."""
    counts = ctx.by_region(key, which="snap")
    box = key.removeprefix("suggestions_")
    return Figure(key, label, "suggestions", sum(counts.values()), None, counts, note=note,
                  link={**ctx.query(list="suggestions", box=box), "period": "", "value": ""})  # fmt: skip


def figures(ctx) -> list[Figure]:
    received = ctx.by_region("suggestions")
    replies = ctx.by_region("replies")
    on_time = ctx.by_region("replies", _on_time)
    ratings = ctx.by_region("ratings")
    satisfied = ctx.by_region("ratings", _satisfied)
    unrated = ctx.by_region("suggestions_unrated")
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
        *(
            _current(ctx, key, label, note)
            for key, label, note in (
                ("suggestions_overdue", _("当前逾期未答复"), _("当前状态，不分期间")),
                (
                    "suggestions_review_overdue",
                    _("审查超期"),
                    _("当前超过审查期限仍未审查的建议，不分期间"),
                ),
                (
                    "suggestions_assign_overdue",
                    _("交办超期"),
                    _("当前审查通过后超过交办期限仍未交办的建议，不分期间"),
                ),
            )
        ),  # fmt: skip
        Figure(
            "suggestions_unrated",
            _("未测评"),
            "suggestions",
            sum(unrated.values()),
            ctx.total("suggestions_unrated", which="prev"),
            unrated,
            link=ctx.query(list="suggestions", box="unrated"),
            note=_("期间内按本地规则记为未测评的建议（不计入满意）"),
        ),
        Figure(
            "reply_on_time_rate",
            _("按期答复率"),
            "suggestions",
            rate(sum(on_time.values()), sum(replies.values())),
            rate(ctx.total("replies", _on_time, "prev"), ctx.total("replies", which="prev")),
            ctx.region_rates(on_time, replies),
            unit="%",
            note=_("建议首次答复中按期答复的占比"),
            link=ctx.query(list="replies", on_time="0"),
            drill="rest",
            whole=ctx.query(list="replies"),
        ),
        Figure(
            "satisfaction_rate",
            _("代表满意率"),
            "suggestions",
            rate(sum(satisfied.values()), sum(ratings.values())),
            rate(ctx.total("ratings", _satisfied, "prev"), ctx.total("ratings", which="prev")),
            ctx.region_rates(satisfied, ratings),
            unit="%",
            note=_("满意与基本满意占测评总数（每位代表对每件建议的最新测评）"),
            link=ctx.query(list="ratings", result=Satisfaction.UNSATISFIED),
            drill="rest",
            whole=ctx.query(list="ratings"),
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
    assigned = ctx.units("unit_assigned")
    rows = []
    for k in set(replies) | set(ratings) | set(assigned):
        if not k.isdigit():
            continue
        rows.append({
            "id": int(k), "assigned": assigned.get(k, 0), "replies": replies.get(k, 0),
            "on_time_rate": rate(on_time.get(k, 0), replies.get(k, 0)),
            "on_time_rate_last": rate(last_on_time.get(k, 0), last_replies.get(k, 0)),
            "ratings": ratings.get(k, 0), "satisfaction_rate": rate(satisfied.get(k, 0), ratings.get(k, 0)),
            "link": ctx.query(list="replies", unit=k),
            # The records behind each count of the row.
            "links": {"assigned": ctx.query(list="assigned", unit=k), "replies": ctx.query(list="replies", unit=k),
                      "ratings": ctx.query(list="ratings", unit=k)},
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


def _unit_name(params, qs_scope) -> tuple[int | None, str]:
    """`?unit=`: the id of a handling unit of the region shown (a 400 when it is not one: the
    same answer for another county's unit as for no unit, so no name leaks)."""
    unit = query_id(params, "unit")
    if unit is None:
        return None, ""
    units = HandlingUnit.objects.filter(pk=unit, **qs_scope("region__code"))
    name = units.values_list("name", flat=True).first()
    if name is None:
        raise InvalidParameter("unit", gettext("未找到该承办单位。"))
    return unit, name


def _suggestion_row(s, detail: str, date) -> dict:
    return {
        "title": s.title,
        "region": s.region.name,
        "detail": detail,
        "date": date,
        "status": s.get_status_display(),
        "url": f"/suggestions/{s.pk}/",
        "perm": "suggestion.view",
    }


def suggestion_records(*, qs_scope, period, params):
    """Drill-down: suggestions received in the period (defined.received); overdue now (答复,
    审查 or 交办, defined.overdue/review_overdue/assign_overdue); recorded 未测评 in the period
    (defined.unrated)."""
    filters = []
    box = query_choice(params, "box", ["overdue", "review_overdue", "assign_overdue", "unrated"])
    now = {
        "overdue": (defined.overdue, "reply_due", _("逾期未答复")),
        "review_overdue": (defined.review_overdue, "review_due", _("审查超期")),
        "assign_overdue": (defined.assign_overdue, "assign_due", _("交办超期")),
    }
    if box in now:
        of, due, label = now[box]
        qs = of(on=timezone.localdate()).filter(**qs_scope("region__code"))
        qs = qs.order_by(due, "id")
        filters += [
            {"label": _("期间"), "value": _("当前")},
            {"label": _("状态"), "value": label},
        ]
    elif box == "unrated":
        start, end = period.aware_bounds()
        qs = defined.unrated().filter(
            unrated_at__gte=start, unrated_at__lt=end, **qs_scope("region__code")
        )
        qs = qs.order_by("unrated_at", "id")
        filters.append({"label": _("状态"), "value": _("未测评")})
    else:
        start, end = period.aware_bounds()
        qs = defined.received().filter(
            submitted_at__gte=start, submitted_at__lt=end, **qs_scope("region__code")
        )
        qs = qs.order_by("region_id", "status", "id")  # the (region, status) index
    if status := query_choice(params, "status", Status.choices):
        qs = qs.filter(status=status)
        filters.append({"label": _("状态"), "value": Status(status).label})
    unit, name = _unit_name(params, qs_scope)
    if unit:
        qs = qs.filter(
            Exists(
                Assignment.objects.filter(suggestion=OuterRef("pk"), unit_id=unit, is_active=True)
            )
        )
        filters.append({"label": _("承办单位"), "value": name})
    qs = qs.select_related("region", "lead_deputy")

    def row(s):
        detail = _("领衔代表：%(name)s") % {"name": s.lead_deputy.name}
        if box == "review_overdue":
            detail += " · " + _("审查期限 %(date)s") % {"date": s.review_due}
        elif box == "assign_overdue":
            detail += " · " + _("交办期限 %(date)s") % {"date": s.assign_due}
        elif s.reply_due:
            detail += " · " + _("答复期限 %(date)s") % {"date": s.reply_due}
        return _suggestion_row(s, detail, s.submitted_at)

    return qs, row, filters


def assigned_records(*, qs_scope, period, params):
    """Drill-down of 交办件数: the current lead assignments made in the period (defined.assigned)."""
    start, end = period.aware_bounds()
    qs = defined.assigned().filter(
        assigned_at__gte=start, assigned_at__lt=end, **qs_scope("suggestion__region__code")
    )
    filters = []
    unit, name = _unit_name(params, qs_scope)
    if unit:
        qs = qs.filter(unit_id=unit)
        filters.append({"label": _("主办单位"), "value": name})
    qs = qs.select_related("suggestion", "suggestion__region", "unit").order_by(
        "unit_id", "assigned_at", "id"
    )

    def row(a):
        signed = _("已签收") if a.signed_at else _("未签收")
        return _suggestion_row(a.suggestion, f"{a.unit.name} · {signed}", a.assigned_at)

    return qs, row, filters


def reply_records(*, qs_scope, period, params):
    """Drill-down: first replies in the period (defined.replied): late ones, one unit's, one class."""
    start, end = period.aware_bounds()
    qs = defined.replied().filter(
        replied_at__gte=start, replied_at__lt=end, **qs_scope("suggestion__region__code")
    )
    filters = []
    on_time = query_bool(params, "on_time")
    if on_time is not None:
        qs = qs.filter(on_time=on_time)
        filters.append({"label": _("答复"), "value": _("按期答复") if on_time else _("逾期答复")})
    unit, name = _unit_name(params, qs_scope)
    if unit:
        qs = qs.filter(unit_id=unit)
        filters.append({"label": _("答复单位"), "value": name})
    if result_class := query_text(params, "result_class", max_length=4):
        if not ResultClass.objects.filter(code=result_class).exists():
            raise InvalidParameter("result_class", gettext("请从列表中选择。"))
        qs = qs.filter(result_class__code=result_class)
        filters.append({"label": _("答复类别"), "value": result_class})
    qs = qs.select_related("suggestion", "suggestion__region", "unit", "result_class").order_by(
        "suggestion_id", "round"
    )  # walks the (suggestion, round) key

    def row(r):
        timing = _("按期") if r.on_time else _("逾期")
        detail = f"{r.unit.name} · {r.result_class.code} · {timing}"
        return _suggestion_row(r.suggestion, detail, r.replied_at)

    return qs, row, filters


def rating_records(*, qs_scope, period, params):
    """Drill-down: current ratings given in the period (defined.rated), of one result, one unit."""
    start, end = period.aware_bounds()
    qs = defined.rated().filter(
        rated_at__gte=start, rated_at__lt=end, **qs_scope("reply__suggestion__region__code")
    )
    filters = []
    if result := query_choice(params, "result", Satisfaction.choices):
        qs = qs.filter(result=result)
        filters.append({"label": _("办理结果测评"), "value": Satisfaction(result).label})
    unit, name = _unit_name(params, qs_scope)
    if unit:
        qs = qs.filter(reply__unit_id=unit)
        filters.append({"label": _("答复单位"), "value": name})
    qs = qs.select_related("reply__suggestion__region", "reply__unit", "deputy").order_by(
        "reply_id", "id"
    )

    def row(r):
        reply = _("第%(n)d次答复") % {"n": r.reply.round}
        detail = f"{r.deputy.name} · {r.reply.unit.name} · {reply} · {r.get_result_display()}"
        return _suggestion_row(r.reply.suggestion, detail, r.rated_at)

    return qs, row, filters


RECORDS = {
    "suggestions": (_("代表建议"), suggestion_records),
    "assigned": (_("交办建议"), assigned_records),
    "replies": (_("建议答复（首次答复）"), reply_records),
    "ratings": (_("代表测评"), rating_records),
}
