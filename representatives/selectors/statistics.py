"""The composition of the serving deputies: counts and shares by gender, ethnicity, occupation
category, age band, affiliation and education, and the key figures for each region one level
down."""

from datetime import date

from django.db import connection
from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q, QuerySet, Value
from django.db.models.functions import Substr
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from congress.dashboards.context import tier_for
from congress.dashboards.models import Fact
from congress.dashboards.services import facts_readable
from congress.models import Region, Role, User
from congress.scope import region_in_scope_or_404, region_prefix
from representatives.labels import ethnic_label
from representatives.models import (
    Affiliation,
    Education,
    Gender,
    Mandate,
    Occupation,
)
from representatives.selectors.register import visible_deputies


def age_on(birth: date, today: date) -> int:
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))


AGE_BANDS = [(None, 35), (35, 46), (46, 56), (56, None)]  # [from, to) years of age


def _age_band_label(low: int | None, high: int | None) -> str:
    if low is None:
        return _("35岁以下")
    if high is None:
        return _("%(n)d岁及以上") % {"n": low}
    return _("%(a)d-%(b)d岁") % {"a": low, "b": high - 1}


def years_ago(n: int, today: date) -> date:
    try:
        return today.replace(year=today.year - n)
    except ValueError:  # 29 February
        return today.replace(year=today.year - n, day=28)


def _birth_range(low: int | None, high: int | None, today: date) -> Q:
    """Age in [low, high) as a birth-date range, so the database counts it."""
    q = Q()
    if low is not None:
        q &= Q(birth_date__lte=years_ago(low, today))
    if high is not None:
        q &= Q(birth_date__gt=years_ago(high, today))
    return q


def _band_of(birth: date, today: date) -> int:
    """The age band of a birth date (the index into AGE_BANDS)."""
    for i, (low, high) in enumerate(AGE_BANDS):
        if (low is None or birth <= years_ago(low, today)) and (
            high is None or birth > years_ago(high, today)
        ):
            return i
    raise AssertionError(birth)  # the bands cover every age


HIGHLIGHTS = [
    ("women", _lazy("妇女代表")),
    ("minorities", _lazy("少数民族代表")),
    ("workers_farmers", _lazy("工人、农民代表")),
    ("non_cpc", _lazy("非中共党员代表")),
    ("young", _lazy("35岁以下代表")),
]
CHILD_CODE_LENGTH = {0: 2, 2: 4, 4: 6, 6: 9}
WORKERS_FARMERS = (Occupation.WORKER, Occupation.FARMER)
CPC = (Affiliation.CPC, Affiliation.CPC_PROBATIONARY)


def _flags(today: date) -> dict:
    """Each key figure and age band as a boolean column of the deputy's row, so one grouped
    query counts them all (FILTER on the flag) for every dimension at once."""
    flags = {
        "women": Q(gender=Gender.FEMALE),
        "minorities": ~Q(ethnicity="汉族"),
        "workers_farmers": Q(occupation__in=WORKERS_FARMERS),
        "non_cpc": ~Q(affiliation__in=CPC),
        "young": _birth_range(None, 35, today),
    }
    flags |= {f"band{i}": _birth_range(lo, hi, today) for i, (lo, hi) in enumerate(AGE_BANDS)}
    return {f"f_{k}": ExpressionWrapper(q, output_field=BooleanField()) for k, q in flags.items()}


DIMENSION_FIELDS = ["gender", "ethnicity", "occupation", "affiliation", "education"]


def _grouped(base: QuerySet, region_code: str, today: date) -> dict:
    """Every count of the composition in one query: the serving deputies are read once (a CTE,
    which PostgreSQL materialises when it is used more than once), then grouped by each
    dimension, by the region one level down, and as a whole (UNION ALL, so SQLite runs it too).
    Returns {("gender", "F"): {"total": n, …}, ("sub", code): {"total": n, "women": n, …},
    ("all", None): …}: a dimension's row holds its total only (its flags are 0)."""
    length = CHILD_CODE_LENGTH.get(len(region_code))
    flags = _flags(today)
    inner = base.order_by().annotate(
        sub=Substr("region_id", 1, length) if length else Value(""), **flags
    )
    sql, params = inner.values("sub", *DIMENSION_FIELDS, *flags).query.sql_with_params()
    q = connection.ops.quote_name
    highlights = {f"f_{k}" for k, _l in HIGHLIGHTS}

    def counts(wanted) -> str:  # the flags a grouping reads; 0 for the others
        return ", ".join(
            f"count(CASE WHEN {q(f)} THEN 1 END)" if f in wanted else "0" for f in flags
        )

    # A dimension's rows need only their count, a subregion its key figures, the whole all of
    # them: counting every flag for every grouping was 70 aggregates a deputy (600 ms for the
    # province's 194,000).
    selects = [
        f"SELECT '{c}', {q(c)}, count(*), {counts(())} FROM d GROUP BY {q(c)}"
        for c in DIMENSION_FIELDS
    ]
    if length:
        selects.append(
            f"SELECT 'sub', {q('sub')}, count(*), {counts(highlights)} FROM d GROUP BY {q('sub')}"
        )
    selects.append(f"SELECT 'all', NULL, count(*), {counts(flags)} FROM d")
    with connection.cursor() as cursor:
        cursor.execute(f"WITH d AS ({sql}) " + " UNION ALL ".join(selects), params)
        rows = cursor.fetchall()
    names = [f.removeprefix("f_") for f in flags]
    return {
        (dim, value): {"total": total, **dict(zip(names, figures, strict=True))}
        for dim, value, total, *figures in rows
    }


def _boundary_months(today: date) -> set[date]:
    """The months of birth that an age band's boundary splits today (one per boundary)."""
    return {years_ago(low, today).replace(day=1) for low, _high in AGE_BANDS if low is not None}


def _kept(base: QuerySet, region_code: str, today: date) -> dict:
    """What `_grouped` counts, from the aggregate rows (`deputy_composition`, by region, each
    dimension's value and the month of birth), in the same shape: the key figures of a region
    follow from its dimensions (妇女 = gender F, 少数民族 = all but 汉族, …), an age band from
    the months of birth, and only the deputies born in a month a band's boundary splits today
    (a few hundred in the province) are counted live."""
    length = CHILD_CODE_LENGTH.get(len(region_code))
    rows = (
        Fact.objects.filter(
            tier=tier_for(region_code),
            metric="deputy_composition",
            region__startswith=region_code,
            month__isnull=True,
        )
        .values_list("region", "key", "value")
        .order_by()
    )
    split = _boundary_months(today)
    by_key: dict[str, int] = {}
    subs: dict[str, dict[str, int]] = {}
    bands = [0] * len(AGE_BANDS)
    sub_young: dict[str, int] = {}
    for region, key, value in rows:
        by_key[key] = by_key.get(key, 0) + value
        if length:
            sub = subs.setdefault(region[:length], {})
            sub[key] = sub.get(key, 0) + value
        if key.startswith("born:"):
            born = date.fromisoformat(key.removeprefix("born:")[:10])
            if born in split:
                continue
            band = _band_of(born, today)
            bands[band] += value
            if band == 0 and length:
                sub_young[region[:length]] = sub_young.get(region[:length], 0) + value
    months = Q()
    for first in split:
        following = date(first.year + first.month // 12, first.month % 12 + 1, 1)
        months |= Q(birth_date__gte=first, birth_date__lt=following)
    live = _grouped(base.filter(months), region_code, today)
    for i in range(len(AGE_BANDS)):
        bands[i] += live[("all", None)][f"band{i}"]

    def figures(keys: dict[str, int], young: int) -> dict:
        total = keys.get("all", 0)
        return {
            "total": total,
            "women": keys.get(f"gender:{Gender.FEMALE}", 0),
            "minorities": total - keys.get("ethnicity:汉族", 0),
            "workers_farmers": sum(keys.get(f"occupation:{o}", 0) for o in WORKERS_FARMERS),
            "non_cpc": total - sum(keys.get(f"affiliation:{a}", 0) for a in CPC),
            "young": young,
        }

    out = {}
    for key, value in by_key.items():
        dim, _sep, v = key.partition(":")
        if dim in DIMENSION_FIELDS:
            out[(dim, v)] = {"total": value}
    for sub, keys in subs.items():
        young = sub_young.get(sub, 0) + live.get(("sub", sub), {}).get("young", 0)
        out[("sub", sub)] = figures(keys, young)
    whole = figures(by_key, bands[0])
    out[("all", None)] = whole | {f"band{i}": n for i, n in enumerate(bands)}
    return out


def _by_subregion(counts: dict, region_code: str) -> list[dict]:
    """The key figures for each region one level down (rows of the grouped query)."""
    if CHILD_CODE_LENGTH.get(len(region_code)) is None:
        return []
    rows = {code: row for (dim, code), row in counts.items() if dim == "sub"}
    names = dict(Region.objects.filter(code__in=list(rows)).values_list("code", "name"))
    out = []
    for code in sorted(rows):
        row, name = rows[code], names.get(code, code)
        total = row["total"]
        if code == region_code:
            name = _("%(name)s（本级）") % {"name": name}
        out.append(
            {
                "code": code,
                "name": name,
                "total": total,
                **{k: row[k] for k, _l in HIGHLIGHTS},
                "shares": {k: round(row[k] / total, 4) if total else 0.0 for k, _l in HIGHLIGHTS},
            }
        )
    return out


def composition(
    *,
    viewer: User,
    region_code: str = "",
    congress_id: int | None = None,
    today: date | None = None,
) -> dict:
    """Who the serving deputies are: counts and shares by gender, ethnicity, occupation
    category, age band, affiliation and education, for a region's subtree (and one congress)."""
    today = today or timezone.localdate()
    prefix = region_prefix(viewer)
    if prefix is None:
        raise Http404(_("未找到该记录，或您无权查看。"))
    if region_code:
        region_in_scope_or_404(viewer, region_code)
    region_code = region_code or prefix
    serving = Mandate.objects.filter(deputy=OuterRef("pk"), status=Mandate.Status.SERVING)
    if congress_id:
        serving = serving.filter(congress_id=congress_id)
    base = (
        visible_deputies(viewer)
        .filter(region__code__startswith=region_code)
        .filter(Exists(serving))
    )

    # From the aggregate rows once built, for a viewer who sees a region's whole subtree (not a
    # deputy, who sees themselves) and every congress; else counted.
    kept = (
        not congress_id
        and (viewer.is_admin or viewer.role != Role.DEPUTY)
        and facts_readable("representatives.dashboard", ["deputy_composition"])
    )
    counts = _kept(base, region_code, today) if kept else _grouped(base, region_code, today)
    whole = counts[("all", None)]
    total = whole["total"]

    def count_of(field: str, value) -> int:
        return (counts.get((field, value)) or {}).get("total", 0)

    def counted(field: str, labels: dict) -> list[dict]:
        return [
            {"value": v, "label": str(label), "count": count_of(field, v)}
            for v, label in labels.items()
        ]

    ethnicities = sorted(
        ((v, row["total"]) for (dim, v), row in counts.items() if dim == "ethnicity"),
        key=lambda kv: (kv[0] != "汉族", -kv[1], kv[0]),
    )
    dimensions = [
        ("gender", _("性别"), counted("gender", dict(Gender.choices))),
        (
            "ethnicity",
            _("民族"),
            [{"value": e, "label": ethnic_label(e), "count": n} for e, n in ethnicities],
        ),
        ("occupation", _("代表构成类别"), counted("occupation", dict(Occupation.choices))),
        (
            "age",
            _("年龄段"),
            [
                {"value": f"band{i}", "label": _age_band_label(lo, hi), "count": whole[f"band{i}"]}
                for i, (lo, hi) in enumerate(AGE_BANDS)
            ],
        ),
        ("affiliation", _("政治面貌"), counted("affiliation", dict(Affiliation.choices))),
        ("education", _("学历"), counted("education", dict(Education.choices))),
    ]

    def share(n: int) -> float:
        return round(n / total, 4) if total else 0.0

    return {
        "region": region_code,
        "congress": congress_id,
        "total": total,
        "highlights": [
            {"key": key, "label": str(label), "count": whole[key], "share": share(whole[key])}
            for key, label in HIGHLIGHTS
        ],
        "by_region": _by_subregion(counts, region_code),
        "dimensions": [
            {
                "key": key,
                "label": str(label),
                "rows": [{**row, "share": share(row["count"])} for row in rows],
            }
            for key, label, rows in dimensions
        ],
    }
