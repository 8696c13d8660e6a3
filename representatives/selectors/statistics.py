"""The composition of the serving deputies: counts and shares by gender, ethnicity, occupation
category, age band, affiliation and education, and the key figures for each region one level
down."""

from datetime import date

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Substr
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from congress.models import Region, User
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


def _birth_range(low: int | None, high: int | None, today: date) -> Q:
    """Age in [low, high) as a birth-date range, so the database counts it."""

    def years_ago(n: int) -> date:
        try:
            return today.replace(year=today.year - n)
        except ValueError:  # 29 February
            return today.replace(year=today.year - n, day=28)

    q = Q()
    if low is not None:
        q &= Q(birth_date__lte=years_ago(low))
    if high is not None:
        q &= Q(birth_date__gt=years_ago(high))
    return q


HIGHLIGHTS = [
    ("women", _lazy("妇女代表")),
    ("minorities", _lazy("少数民族代表")),
    ("workers_farmers", _lazy("工人、农民代表")),
    ("non_cpc", _lazy("非中共党员代表")),
    ("young", _lazy("35岁以下代表")),
]
CHILD_CODE_LENGTH = {0: 2, 2: 4, 4: 6, 6: 9}


def _highlight_counts(today: date) -> dict:
    return {
        "total": Count("id"),
        "women": Count("id", filter=Q(gender=Gender.FEMALE)),
        "minorities": Count("id", filter=~Q(ethnicity="汉族")),
        "workers_farmers": Count(
            "id", filter=Q(occupation__in=[Occupation.WORKER, Occupation.FARMER])
        ),
        "non_cpc": Count(
            "id", filter=~Q(affiliation__in=[Affiliation.CPC, Affiliation.CPC_PROBATIONARY])
        ),
        "young": Count("id", filter=_birth_range(None, 35, today)),
    }


def _by_subregion(base: QuerySet, region_code: str, today: date) -> list[dict]:
    """The same key figures for each region one level down (one grouped query)."""
    length = CHILD_CODE_LENGTH.get(len(region_code))
    if length is None:
        return []
    rows = list(
        base.order_by()
        .annotate(sub=Substr("region_id", 1, length))
        .values("sub")
        .annotate(**_highlight_counts(today))
    )
    names = dict(
        Region.objects.filter(code__in=[r["sub"] for r in rows]).values_list("code", "name")
    )
    out = []
    for row in sorted(rows, key=lambda r: r["sub"]):
        code, total = row.pop("sub"), row["total"]
        name = names.get(code, code)
        if code == region_code:
            name = _("%(name)s（本级）") % {"name": name}
        out.append(
            {
                "code": code,
                "name": name,
                **row,
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

    def counted(field: str, labels: dict) -> list[dict]:
        rows = dict(base.order_by().values_list(field).annotate(n=Count("id")))
        return [
            {"value": value, "label": str(labels.get(value, value)), "count": rows.get(value, 0)}
            for value in labels
            if rows.get(value, 0) or field != "ethnicity"
        ]

    ethnic_counts = dict(base.order_by().values_list("ethnicity").annotate(n=Count("id")))
    ethnicities = sorted(ethnic_counts.items(), key=lambda kv: (kv[0] != "汉族", -kv[1]))
    bands = base.aggregate(
        **{
            f"band{i}": Count("id", filter=_birth_range(lo, hi, today))
            for i, (lo, hi) in enumerate(AGE_BANDS)
        },
        **_highlight_counts(today),
    )
    total = bands["total"]
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
                {"value": f"band{i}", "label": _age_band_label(lo, hi), "count": bands[f"band{i}"]}
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
            {"key": key, "label": str(label), "count": bands[key], "share": share(bands[key])}
            for key, label in HIGHLIGHTS
        ],
        "by_region": _by_subregion(base, region_code, today),
        "dimensions": [
            {
                "key": key,
                "label": str(label),
                "rows": [{**row, "share": share(row["count"])} for row in rows],
            }
            for key, label, rows in dimensions
        ],
    }
