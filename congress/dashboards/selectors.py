"""Reads of the dashboard: one region (the viewer's or one below it) and one period."""

from django.core.cache import cache
from django.db.models import Max
from django.http import Http404
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from congress.dashboards.context import DashboardContext, link_url
from congress.dashboards.models import Refresh
from congress.dashboards.periods import Period, PeriodError, period_for
from congress.models import Region, Term, User
from congress.params import query_bool
from congress.permissions import has_perm
from congress.registry import app_modules
from congress.scope import region_in_scope_or_404, region_prefix, viewer_region_code


def region_for(*, viewer: User, code: str | None) -> Region:
    """The region to show: the viewer's own by default (the root region for an admin); one
    below it on drill-down; a foreign or unknown region is the one 404 of every region filter."""
    if region_prefix(viewer) is None:
        raise Http404(_("未找到该记录，或您无权查看。"))
    code = (code or "").strip() or viewer_region_code(viewer)
    return region_in_scope_or_404(viewer, code)


def term_for(*, region: Region, term_id: str = "") -> Term | None:
    """The term a 'term' period means: the one asked for (of this region's congress or one
    above it), else the current term of the region's own congress."""
    terms = Term.objects.filter(congress__region_id__in=[region.code[:n] for n in (2, 4, 6, 9, 12)])
    if term_id:
        return terms.filter(pk=term_id).first() if str(term_id).isdigit() else None
    return terms.filter(congress__region_id=region.code).order_by("-start_date").first()


def period_from(*, region: Region, kind: str, value: str) -> Period:
    kind = kind or "quarter"
    term = term_for(region=region, term_id=value) if kind == "term" else None
    if kind == "term" and term is None:
        raise PeriodError("value", _("未找到该届次。"))
    return period_for(kind, "" if kind == "term" else value, term=term)


CACHE_SECONDS = 15 * 60


def dashboard_cached(*, viewer: User, region: Region, period: Period) -> dict:
    """The dashboard, computed once per region, period, language and rebuild of the aggregate
    rows: its figures depend on nothing else (the viewer's right to the region is checked
    before), so the next leader who opens the same page gets it from the cache (Redis when
    configured). Its labels are words, so each language has its own copy."""
    version = Refresh.objects.aggregate(v=Max("refreshed_at"))["v"]
    key = ":".join(
        ["dashboard", "v1", translation.get_language() or "", region.code, period.kind,
         period.value or "", str(period.start),
         str(timezone.localdate()), version.isoformat() if version else "-"]
    )  # fmt: skip
    data = cache.get(key)
    if data is None:
        data = dashboard_get(viewer=viewer, region=region, period=period)
        cache.set(key, data, CACHE_SECONDS)
    return data


def dashboard_get(*, viewer: User, region: Region, period: Period) -> dict:
    ctx = DashboardContext(viewer=viewer, region=region, period=period).load()
    figures, panels = [], {}
    for module in app_modules("dashboard"):
        if hasattr(module, "figures"):
            figures += module.figures(ctx)
        if hasattr(module, "panels"):
            panels.update(module.panels(ctx))
    subs = sorted(ctx.subregions.items())
    own = [(region.code, _("本级"))] if any(region.code in f.by_region for f in figures) else []
    breakdown = [
        {
            "code": code,
            "name": name,
            "drill": code != region.code,
            "values": {f.key: f.by_region.get(code) for f in figures if f.by_region},
            "links": {
                f.key: _links(f, code, own=code == region.code) for f in figures if f.by_region
            },
        }
        for code, name in subs + own
    ]
    return {
        "region": {"code": region.code, "name": region.name, "level": region.level,
                   "level_display": region.get_level_display(),
                   "path": [{"code": r.code, "name": r.name} for r in region.ancestors()]},
        "period": {"kind": period.kind, "value": period.value, "label": period.label,
                   "start": period.start, "end": period.end},
        "last_year": {"start": ctx.last.start, "end": ctx.last.end},
        "figures": [{**f.as_dict(), **_links(f)} for f in figures],
        "breakdown_columns": [{"key": f.key, "label": str(f.label), "unit": f.unit} for f in figures if f.by_region],
        "breakdown": breakdown,
        "panels": panels,
        "freshness": [{"source": r.source, "refreshed_at": r.refreshed_at}
                      for r in Refresh.objects.order_by("source")],
    }  # fmt: skip


def _links(figure, region: str | None = None, *, own: bool = False) -> dict:
    """The records page of a figure (or of one row of its split by region), and of the records
    its share is taken of."""
    return {
        "url": link_url(figure.link, region, own=own),
        "whole_url": link_url(figure.whole, region, own=own) if figure.link else "",
    }


def record_lists() -> dict:
    lists = {}
    for module in app_modules("dashboard"):
        lists.update(getattr(module, "RECORDS", {}))
    return lists


def records_query(*, viewer: User, region: Region, period: Period, name: str, params):
    """The records behind a figure: (label, queryset, row, filters). The filters are what a
    reader needs to know what is listed: region, period and the figure's own."""
    lists = record_lists()
    if name not in lists:
        raise PeriodError("list", _("未知的明细类型。"))
    label, build = lists[name]
    own = query_bool(params, "own", default=False)

    # A county's subtree as a list of codes: equality lets a (region, …) index answer in order,
    # where a LIKE prefix cannot under the database's collation. Wider regions keep the prefix.
    codes = None
    if own:
        codes = [region.code]
    elif len(region.code) >= 6:
        codes = list(
            Region.objects.filter(code__startswith=region.code).values_list("code", flat=True)
        )

    def qs_scope(path: str) -> dict:
        return {f"{path}__in": codes} if codes else {f"{path}__startswith": region.code}

    qs, row, extra = build(qs_scope=qs_scope, period=period, params=params)
    name = _("%(name)s（本级）") % {"name": region.name} if own else region.name
    filters = [{"label": _("区划"), "value": name}]
    if not any(str(f["label"]) == _("期间") for f in extra):
        filters.append({"label": _("期间"), "value": period.label})
    filters += [{"label": str(f["label"]), "value": str(f["value"])} for f in extra]
    return label, qs, _openable(viewer, row), filters


def _openable(viewer: User, row):
    """A row links only to a page the viewer may open: a row names the permission of its page
    (`perm`), and without it the row has no link rather than one that answers 403."""

    def checked(obj):
        out = row(obj)
        perm = out.pop("perm", None)
        if perm and not has_perm(viewer, perm):
            out["url"] = ""
        return out

    return checked


def _rows(qs, ids, row) -> list[dict]:
    by_pk = {obj.pk: obj for obj in qs.order_by().filter(pk__in=ids)}
    return [row(by_pk[pk]) for pk in ids if pk in by_pk]


def records_get(
    *, viewer: User, region: Region, period: Period, name: str, params, offset: int, limit: int
):
    """One page of the records behind a figure, with their total and the filters that make
    them. The page's keys come first without the joins (the planner can walk an index in
    order), then the rows with their related objects."""
    label, qs, row, filters = records_query(
        viewer=viewer, region=region, period=period, name=name, params=params
    )
    ids = list(qs.values_list("pk", flat=True)[offset : offset + limit + 1])
    # The total costs a COUNT only when there is more than this page to count.
    last_page = len(ids) <= limit and (ids or not offset)
    total = offset + len(ids) if last_page else qs.count()
    return {
        "label": str(label),
        "region": {"code": region.code, "name": region.name},
        "period": period.label,
        "total": total,
        "filters": filters,
        "rows": _rows(qs, ids[:limit], row),
        "has_next": len(ids) > limit,
        "offset": offset,
        "limit": limit,
    }


EXPORT_LIMIT = 50_000


def records_all(*, viewer: User, region: Region, period: Period, name: str, params) -> dict:
    """Every record behind a figure (up to EXPORT_LIMIT), for the export, fetched in chunks."""
    label, qs, row, filters = records_query(
        viewer=viewer, region=region, period=period, name=name, params=params
    )
    ids = list(qs.values_list("pk", flat=True)[: EXPORT_LIMIT + 1])
    total = len(ids) if len(ids) <= EXPORT_LIMIT else qs.count()
    ids = ids[:EXPORT_LIMIT]

    def rows():
        for i in range(0, len(ids), 1000):
            yield from _rows(qs, ids[i : i + 1000], row)

    return {"label": str(label), "total": total, "filters": filters, "rows": rows(),
            "truncated": total > len(ids), "limit": EXPORT_LIMIT}  # fmt: skip
