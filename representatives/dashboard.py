"""Dashboard figures of the register of deputies (owned by the dashboards app).

Serving mandates are a stock: +1 in the month a mandate starts, -1 in the month it ends, so the
seats held at the end of any period (this year's or last year's) are one sum over the months."""

from django.db.models import Case, CharField, Count, Exists, F, OuterRef, Q, Value, When
from django.db.models.functions import Cast, Concat, TruncMonth
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from congress.dashboards.context import Figure, rate
from congress.dashboards.facts import FactSource, grouped, month_of_date
from congress.models import Congress
from congress.params import InvalidParameter, query_text
from representatives.models import Affiliation, Deputy, Education, Gender, Mandate, Occupation

PARTY = Case(
    When(deputy__affiliation__in=["cpc", "cpc_probationary"], then=Value("cpc")),
    When(
        deputy__affiliation__in=sorted(Affiliation.democratic_parties()), then=Value("democratic")
    ),
    default=Value("other"),
    output_field=CharField(),
)
ETHNIC = Case(
    When(deputy__ethnicity="汉族", then=Value("han")),
    default=Value("minority"),
    output_field=CharField(),
)
# (key prefix, expression): each serving mandate counts once under every dimension.
DIMENSIONS = [
    ("level", F("congress__level")),
    ("gender", F("deputy__gender")),
    ("party", PARTY),
    ("occupation", F("deputy__occupation")),
    ("education", F("deputy__education")),
    ("ethnic", ETHNIC),
]


def _mandate_deltas():
    out = []
    for name, expr in DIMENSIONS:
        key = Concat(Value(f"{name}:"), expr, output_field=CharField())
        out.append(
            grouped(
                Mandate.objects.all(),
                region="deputy__region_id",
                month=month_of_date("start_date"),
                key=key,
            )
        )
        out.append(
            grouped(
                Mandate.objects.filter(end_date__isnull=False),
                region="deputy__region_id",
                month=month_of_date("end_date"),
                key=key,
                value=Count("pk") * Value(-1),
            )
        )
    return out


# The composition page (representatives/selectors/statistics.py): the deputies serving now, per
# region, by each dimension, with the month of birth for the age bands (ages change daily; the
# months of a band's boundary are counted live). A deputy counts once, in their own region.
COMPOSITION_FIELDS = ("gender", "ethnicity", "occupation", "affiliation", "education")


def _composition():
    serving = Deputy.objects.filter(
        Exists(Mandate.objects.filter(deputy=OuterRef("pk"), status=Mandate.Status.SERVING))
    )
    born = Cast(TruncMonth("birth_date"), CharField())
    keys = [Value("all"), *(Concat(Value(f"{f}:"), f, output_field=CharField()) for f in COMPOSITION_FIELDS),
            Concat(Value("born:"), born, output_field=CharField())]  # fmt: skip
    return [grouped(serving, region="region_id", key=key) for key in keys]


SOURCES = [
    FactSource("mandates", _mandate_deltas, kind="stock"),
    FactSource(
        "deputy_composition",
        _composition,
        kind="snapshot",
        marks=((Mandate, "deputy__region_id"),),
    ),
]


def serving_q(end) -> Q:
    """Mandates counted as serving at the end of a period (the same rule as the facts)."""
    return Q(start_date__lt=end) & (Q(end_date__isnull=True) | Q(end_date__gte=end))


def _prefixed(prefix: str):
    return lambda key: key.startswith(prefix)


def figures(ctx) -> list[Figure]:
    level = _prefixed("level:")
    total = ctx.by_region("mandates", level, "cum_cur")
    figures = [
        Figure(
            "deputies",
            _("在任代表（人次）"),
            "deputies",
            sum(total.values()),
            ctx.total("mandates", level, "cum_prev"),
            total,
            link=ctx.query(list="deputies"),
        )
    ]
    for code, label in Congress.Level.choices:
        key = f"level:{code}"
        figures.append(
            Figure(
                f"deputies_{code}",
                _("%(level)s代表") % {"level": label},
                "deputies",
                ctx.total("mandates", key, "cum_cur"),
                ctx.total("mandates", key, "cum_prev"),
                ctx.by_region("mandates", key, "cum_cur"),
                link=ctx.query(list="deputies", dim=key),
            )
        )
    shares = [
        ("female", _("妇女代表占比"), "gender:F"),
        ("minority", _("少数民族代表占比"), "ethnic:minority"),
        ("grassroots", _("工人农民代表占比"), ("occupation:worker", "occupation:farmer")),
        ("non_cpc", _("党外代表占比"), ("party:democratic", "party:other")),
        (
            "degree",
            _("大专以上学历占比"),
            tuple(
                f"education:{e}"
                for e in (Education.POSTGRADUATE, Education.BACHELOR, Education.COLLEGE)
            ),
        ),
    ]
    for name, label, keys in shares:
        keys = (keys,) if isinstance(keys, str) else keys

        def match(k, keys=keys):
            return k in keys

        part_now = ctx.by_region("mandates", match, "cum_cur")
        figures.append(
            Figure(
                f"share_{name}",
                label,
                "deputies",
                rate(sum(part_now.values()), sum(total.values())),
                rate(
                    ctx.total("mandates", match, "cum_prev"),
                    ctx.total("mandates", level, "cum_prev"),
                ),
                ctx.region_rates(part_now, total),
                unit="%",
                link=ctx.query(list="deputies", dim=dim_param(keys)),
                drill="part",
                whole=ctx.query(list="deputies"),
            )
        )
    return figures


def dim_param(keys) -> str:
    """`education:postgraduate,bachelor,college` for the keys of one dimension."""
    name = keys[0].partition(":")[0]
    return f"{name}:" + ",".join(k.partition(":")[2] for k in keys)


def panels(ctx) -> dict:
    def bars(prefix, choices):
        return [
            {
                "label": str(label),
                "value": ctx.total("mandates", f"{prefix}:{code}", "cum_cur"),
                "last": ctx.total("mandates", f"{prefix}:{code}", "cum_prev"),
            }
            for code, label in choices
        ]

    return {
        "deputy_levels": bars("level", Congress.Level.choices),
        "deputy_occupations": bars("occupation", Occupation.choices),
    }


DIM_LABELS = {
    "level": (_("层级"), Congress.Level),
    "gender": (_("性别"), None),
    "occupation": (_("职业"), Occupation),
    "education": (_("学历"), Education),
    "party": (_("党派"), None),
    "ethnic": (_("民族"), None),
}
GROUP_LABELS = {
    "party": {"cpc": _("中共"), "democratic": _("民主党派"), "other": _("无党派及群众")},
    "ethnic": {"han": _("汉族"), "minority": _("少数民族")},
    "gender": {"M": _("男"), "F": _("女")},
}


def records(*, qs_scope, period, params):
    """Drill-down: the serving mandates behind a deputies figure (人次: a deputy with seats in
    two congresses is two), at the end of the period; `dim` narrows them to one or more values
    of one dimension, as the figure counts them."""
    qs = Mandate.objects.filter(serving_q(period.end), **qs_scope("deputy__region__code"))
    name, values = _dim(params)
    lookups = {
        "level": "congress__level",
        "gender": "deputy__gender",
        "occupation": "deputy__occupation",
        "education": "deputy__education",
    }
    filters = []
    if name:
        if name in lookups:
            qs = qs.filter(**{f"{lookups[name]}__in": values})
        else:
            qs = qs.annotate(dim_group=PARTY if name == "party" else ETHNIC).filter(
                dim_group__in=values
            )
        label, choices = DIM_LABELS[name]
        names = dict(choices.choices) if choices else GROUP_LABELS.get(name, {})
        filters.append({"label": label, "value": "、".join(str(names.get(v, v)) for v in values)})
    filters.append({"label": _("口径"), "value": _("期末在任")})
    qs = qs.select_related("deputy", "deputy__region", "congress").order_by("deputy_id", "id")

    def row(m):
        d = m.deputy
        return {
            "title": d.name,
            "region": d.region.name,
            "detail": f"{m.congress.name} · {d.get_gender_display()} · {d.get_occupation_display()}"
            f" · {d.get_education_display()}",
            "date": m.start_date,
            "status": m.get_status_display(),
            "url": f"/deputies/{m.deputy_id}/",
            "perm": "deputy.view",
        }

    return qs, row, filters


def _dim(params) -> tuple[str, list[str]]:
    """`?dim=gender:F` or `?dim=occupation:worker,farmer`: one dimension and its values."""
    raw = query_text(params, "dim", max_length=200)
    if not raw:
        return "", []
    name, _sep, values = raw.partition(":")
    values = [v for v in values.split(",") if v]
    if name not in DIM_VALUES or not values:
        raise InvalidParameter(
            "dim",
            gettext("应为“维度:取值”，维度可选：%(names)s。") % {"names": "、".join(DIM_VALUES)},
        )
    if not set(values) <= DIM_VALUES[name]:
        raise InvalidParameter("dim", gettext("请从列表中选择。"))
    return name, values


DIM_VALUES = {
    "level": set(Congress.Level.values),
    "gender": set(Gender.values),
    "occupation": set(Occupation.values),
    "education": set(Education.values),
    "party": set(GROUP_LABELS["party"]),
    "ethnic": set(GROUP_LABELS["ethnic"]),
}

RECORDS = {"deputies": (_("在任代表（人次）"), records)}
