"""Pages of deputy performance: compiled components (frontend/src/pages/evaluation/) over the API;
the print page gets its term's archive as JSON."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from congress import params
from congress.models import Congress, Term
from congress.pages import page, render_page
from congress.permissions import has_perm
from evaluation.models import (
    GATHERED_KINDS,
    ActivityKind,
    ArchiveEntry,
    PeriodChoices,
    ReviewStatus,
)
from evaluation.performance import ranking, selectors
from evaluation.performance.api.entries import EntryOut
from evaluation.performance.api.voter_reports import ReportOut


def _options(choices, skip=()) -> list[dict]:
    return [{"value": k, "label": str(label)} for k, label in choices if k not in skip]


@page("performance.self")
def my_performance(request):
    return render_page(request, "evaluation/MyPerformance", title=_("我的履职"))


@page("performance.manage")
def archive(request):
    props = {
        "kinds": _options(ActivityKind.choices),
        "staffKinds": _options(ActivityKind.choices, skip=GATHERED_KINDS),
        "sources": _options(ArchiveEntry.Source.choices),
        "can": {"export": has_perm(request.user, "performance.export")},
    }
    return render_page(request, "evaluation/Archive", title=_("履职档案"), props=props)


@page("performance.view")
def archive_print(request, pk):
    """A print-ready archive of one deputy for one term (all years of the term)."""
    deputy = selectors.deputy_get(viewer=request.user, pk=pk)
    terms = list(selectors.deputy_terms(deputy))
    term_id = params.query_id(request, "term")
    term = next((t for t in terms if t.pk == term_id), None) or (terms[0] if terms else None)
    filters = selectors.EntryFilters(deputy=deputy.pk)
    entries = selectors.archive_entry_list(viewer=request.user, filters=filters)
    reports = selectors.voter_report_list(viewer=request.user, deputy=deputy.pk).filter(
        status=ReviewStatus.APPROVED
    )  # a tally counts once staff approved it
    if isinstance(term, Term):
        entries = entries.filter(occurred_on__gte=term.start_date, occurred_on__lte=term.end_date)
        reports = reports.filter(reported_on__gte=term.start_date, reported_on__lte=term.end_date)
    entries = list(entries.order_by("occurred_on", "id"))
    years = sorted({e.occurred_on.year for e in entries})
    points = [ranking.deputy_points_summary(deputy=deputy, year=y) for y in years]
    counts: dict = {}
    for e in entries:
        counts[e.get_kind_display()] = counts.get(e.get_kind_display(), 0) + e.quantity
    props = {
        "deputy": _deputy_facts(deputy),
        "term": _term(term) if term else None,
        "terms": [_term(t) for t in terms],
        "entries": EntryOut(entries, many=True).data,
        "reports": ReportOut(reports, many=True).data,
        "points": [_points(p) for p in points if p.get("rule_set")],
        "counts": [
            {"label": k, "count": n} for k, n in sorted(counts.items(), key=lambda kv: -kv[1])
        ],
        "printedOn": timezone.localdate().isoformat(),
    }
    title = _("%(name)s · 代表履职档案") % {"name": deputy.name}
    return render_page(request, "evaluation/ArchivePrint", title=title, props=props, bare=True)


def _deputy_facts(deputy) -> dict:
    return {
        "id": deputy.pk,
        "name": deputy.name,
        "gender": deputy.get_gender_display(),
        "ethnicity": deputy.ethnicity,
        "affiliation": deputy.get_affiliation_display(),
        "region": deputy.region.full_name,
        "education": deputy.get_education_display(),
        "workplace": f"{deputy.workplace}{deputy.post}",
    }


def _term(term: Term) -> dict:
    return {
        "id": term.pk,
        "label": f"{term.congress.name}{term.label}",
        "start": term.start_date.isoformat(),
        "end": term.end_date.isoformat(),
    }


def _points(summary: dict) -> dict:
    keys = ("year", "total", "group", "group_rank", "group_size", "region_rank", "region_size")
    return {**{k: summary.get(k) for k in keys}, "rule_set": summary["rule_set"]["name"]}


@page("points.view")
def points(request):
    props = {
        "kinds": _options(ActivityKind.choices),
        "levels": _options(Congress.Level.choices),
        "periods": _options(PeriodChoices.choices),
        "can": {
            "manage": has_perm(request.user, "points.manage"),
            "export": has_perm(request.user, "performance.export"),
        },
    }
    return render_page(request, "evaluation/Points", title=_("履职积分"), props=props)


@page("performance.manage")
def report_review(request):
    """Reports to voters 述职 waiting for review: approve the voters' tally or return it."""
    props = {"statuses": _options(ReviewStatus.choices)}
    return render_page(request, "evaluation/ReportReview", title=_("述职测评审核"), props=props)
