"""Issue 14: paper rating sheets 测评表 and replies nobody rates (the action endpoints are in
suggestions/api/actions/ratings.py, routed with the table's other rows)."""

from django.urls import path

from suggestions.api.actions.ratings import PaperRatingApi, SheetFileApi

urlpatterns = [
    path(
        "api/v1/suggestions/<int:pk>/paper-rating/",
        PaperRatingApi.as_view(),
        name="api-paper-rating",
    ),
    path(
        "api/v1/suggestions/<int:pk>/ratings/<int:rating_id>/sheet/",
        SheetFileApi.as_view(),
        name="api-rating-sheet",
    ),
]
