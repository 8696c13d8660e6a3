"""Pages of deputy performance; each a Vue app over the API, except the print page."""

from django.shortcuts import render
from django.utils import timezone

from congress import params
from congress.models import Congress, Term
from congress.pages import page
from congress.permissions import has_perm
from evaluation.models import GATHERED_KINDS, ActivityKind
from evaluation.performance import ranking, selectors


@page("performance.self")
def my_performance(request):
    return render(request, "evaluation/my_performance.html")


@page("performance.manage")
def archive(request):
    staff_kinds = [[k, str(label)] for k, label in ActivityKind.choices if k not in GATHERED_KINDS]
    return render(request, "evaluation/archive.html", {**_choices(), "staff_kinds": staff_kinds})


@page("performance.view")
def archive_print(request, pk):
    """A print-ready archive of one deputy for one term (all years of the term)."""
    deputy = selectors.deputy_get(viewer=request.user, pk=pk)
    terms = list(selectors.deputy_terms(deputy))
    term_id = params.query_id(request, "term")
    term = next((t for t in terms if t.pk == term_id), None) or (terms[0] if terms else None)
    filters = selectors.EntryFilters(deputy=deputy.pk)
    entries = selectors.archive_entry_list(viewer=request.user, filters=filters)
    reports = selectors.voter_report_list(viewer=request.user, deputy=deputy.pk)
    if isinstance(term, Term):
        entries = entries.filter(occurred_on__gte=term.start_date, occurred_on__lte=term.end_date)
        reports = reports.filter(reported_on__gte=term.start_date, reported_on__lte=term.end_date)
    entries = list(entries.order_by("occurred_on", "id"))
    years = sorted({e.occurred_on.year for e in entries})
    points = [ranking.deputy_points_summary(deputy=deputy, year=y) for y in years]
    counts: dict = {}
    for e in entries:
        counts[e.get_kind_display()] = counts.get(e.get_kind_display(), 0) + e.quantity
    return render(
        request,
        "evaluation/archive_print.html",
        {
            "deputy": deputy,
            "term": term,
            "terms": terms,
            "entries": entries,
            "reports": reports,
            "points": [p for p in points if p.get("rule_set")],
            "counts": sorted(counts.items(), key=lambda kv: -kv[1]),
            "printed_on": timezone.localdate(),
        },
    )


def _choices() -> dict:
    return {
        "kinds": [[k, str(label)] for k, label in ActivityKind.choices],
        "levels": [[k, str(label)] for k, label in Congress.Level.choices],
    }


@page("points.view")
def points(request):
    return render(
        request,
        "evaluation/points.html",
        {**_choices(), "can_manage": has_perm(request.user, "points.manage")},
    )
