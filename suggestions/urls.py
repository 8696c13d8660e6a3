from importlib import import_module

from django.urls import path

from suggestions import views
from suggestions.api import detail, disclosure, files, lists, report, stats
from suggestions.api.actions import ACTIONS

app_name = "suggestions"

urlpatterns = [
    path("suggestions/", views.mine, name="mine"),
    path("suggestions/board/", views.board, name="board"),
    path("suggestions/inbox/", views.inbox, name="inbox"),
    path("suggestions/stats/", views.stats, name="stats"),
    path("suggestions/<int:pk>/", views.detail, name="detail"),
    path("public/replies/", views.public, name="public"),
    path("api/v1/suggestions/", lists.SuggestionListApi.as_view(), name="api-list"),
    path("api/v1/suggestions/paper/", lists.PaperSuggestionApi.as_view(), name="api-paper"),
    path("api/v1/suggestions/meta/", lists.MetaApi.as_view(), name="api-meta"),
    path("api/v1/suggestions/export/", lists.SuggestionExportApi.as_view(), name="api-export"),
    path("api/v1/suggestions/filters/", lists.FilterOptionsApi.as_view(), name="api-filters"),
    path(
        "api/v1/suggestions/cosigner-candidates/",
        lists.CosignerCandidatesApi.as_view(),
        name="api-cosigner-candidates",
    ),
    path("api/v1/suggestions/stats/units/", stats.UnitStatsApi.as_view(), name="api-stats-units"),
    path(
        "api/v1/suggestions/stats/regions/",
        stats.RegionStatsApi.as_view(),
        name="api-stats-regions",
    ),
    path("api/v1/suggestions/report.xlsx", report.AnnualReportApi.as_view(), name="api-report"),
    path("api/v1/suggestions/<int:pk>/", detail.SuggestionDetailApi.as_view(), name="api-detail"),
    path(
        "api/v1/suggestions/<int:pk>/options/", lists.AssignOptionsApi.as_view(), name="api-options"
    ),
    path(
        "api/v1/suggestions/<int:pk>/attachments/",
        files.AttachmentApi.as_view(),
        name="api-attachments",
    ),
    path(
        "api/v1/suggestions/<int:pk>/attachments/<int:attachment_id>/",
        files.AttachmentFileApi.as_view(),
        name="api-attachment-file",
    ),
    path(
        "api/v1/suggestions/<int:pk>/reply-attachments/",
        files.ReplyAttachmentApi.as_view(),
        name="api-reply-attachments",
    ),
    path(
        "api/v1/suggestions/<int:pk>/reply-attachments/<int:attachment_id>/",
        files.ReplyAttachmentDetailApi.as_view(),
        name="api-reply-attachment",
    ),
    path(
        "api/v1/suggestions/<int:pk>/public-text/",
        disclosure.PublicTextApi.as_view(),
        name="api-public-text",
    ),
    # One endpoint per row of the transition table, by its name (edit: PUT on the detail,
    # attach: POST on attachments/, above).
    *(
        path(f"api/v1/suggestions/<int:pk>/{action}/", api.as_view(), name=f"api-{action}")
        for action, api in ACTIONS.items()
    ),
    path(
        "api/v1/public/replies/",
        disclosure.PublicReplyListApi.as_view(),
        name="api-public-replies",
    ),
]

# Issue 14's rules, each in its own module (suggestions/urls_<topic>.py), in this namespace.
TOPICS = ["ratings", "rules", "calendar", "meetings", "handoffs", "ledger"]
for _topic in TOPICS:
    urlpatterns += import_module(f"suggestions.urls_{_topic}").urlpatterns
