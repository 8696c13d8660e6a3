"""Issue 14: the commitment ledger 承诺解决台账 (page, list, export, evidence) and the board's
counts and batch 催办."""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from congress.models import Role
from congress.pages import page, render_page
from congress.permissions import has_perm
from suggestions.api.actions import ledger
from suggestions.api.lists import SuggestionCountsApi


@page(("suggestion.board", "suggestion.inbox"))
def ledger_page(request):
    """Staff and leaders of a region, and handling units (their own commitments)."""
    user = request.user
    props = {
        "can": {
            "board": has_perm(user, "suggestion.board"),
            "unit": user.role == Role.HANDLING_UNIT,
        }
    }
    return render_page(request, "suggestions/Ledger", title=_("承诺解决台账"), props=props)


urlpatterns = [
    path("suggestions/ledger/", ledger_page, name="ledger"),
    path(
        "api/v1/suggestions/commitments/",
        ledger.CommitmentListApi.as_view(),
        name="api-commitments",
    ),
    path(
        "api/v1/suggestions/commitments/export/",
        ledger.CommitmentExportApi.as_view(),
        name="api-commitments-export",
    ),
    path(
        "api/v1/suggestions/commitments/<int:pk>/evidence/",
        ledger.CommitmentEvidenceApi.as_view(),
        name="api-commitment-evidence",
    ),
    path("api/v1/suggestions/counts/", SuggestionCountsApi.as_view(), name="api-counts"),
    path("api/v1/suggestions/batch/urge/", ledger.BatchUrgeApi.as_view(), name="api-batch-urge"),
]
