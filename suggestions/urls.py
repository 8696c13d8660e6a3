from django.urls import path

from suggestions import api, views

app_name = "suggestions"

urlpatterns = [
    path("suggestions/", views.mine, name="mine"),
    path("suggestions/board/", views.board, name="board"),
    path("suggestions/inbox/", views.inbox, name="inbox"),
    path("suggestions/stats/", views.stats, name="stats"),
    path("suggestions/<int:pk>/", views.detail, name="detail"),
    path("public/replies/", views.public, name="public"),
    path("api/v1/suggestions/", api.SuggestionListApi.as_view(), name="api-list"),
    path("api/v1/suggestions/paper/", api.PaperSuggestionApi.as_view(), name="api-paper"),
    path("api/v1/suggestions/meta/", api.MetaApi.as_view(), name="api-meta"),
    path(
        "api/v1/suggestions/cosigner-candidates/",
        api.CosignerCandidatesApi.as_view(),
        name="api-cosigner-candidates",
    ),  # fmt: skip
    path("api/v1/suggestions/stats/units/", api.UnitStatsApi.as_view(), name="api-stats-units"),
    path(
        "api/v1/suggestions/stats/regions/", api.RegionStatsApi.as_view(), name="api-stats-regions"
    ),
    path("api/v1/suggestions/report.xlsx", api.AnnualReportApi.as_view(), name="api-report"),
    path("api/v1/suggestions/<int:pk>/", api.SuggestionDetailApi.as_view(), name="api-detail"),
    path("api/v1/suggestions/<int:pk>/options/", api.OptionsApi.as_view(), name="api-options"),
    path(
        "api/v1/suggestions/<int:pk>/attachments/",
        api.AttachmentApi.as_view(),
        name="api-attachments",
    ),  # fmt: skip
    path(
        "api/v1/suggestions/<int:pk>/attachments/<int:attachment_id>/",
        api.AttachmentFileApi.as_view(),
        name="api-attachment-file",
    ),
    path(
        "api/v1/suggestions/<int:pk>/reply-attachments/",
        api.ReplyAttachmentApi.as_view(),
        name="api-reply-attachments",
    ),
    path(
        "api/v1/suggestions/<int:pk>/reply-attachments/<int:attachment_id>/",
        api.ReplyAttachmentDetailApi.as_view(),
        name="api-reply-attachment",
    ),
    path(
        "api/v1/suggestions/<int:pk>/public-text/",
        api.PublicTextApi.as_view(),
        name="api-public-text",
    ),
    path(
        "api/v1/suggestions/<int:pk>/<str:action>/",
        api.SuggestionActionApi.as_view(),
        name="api-action",
    ),  # fmt: skip
    path("api/v1/public/replies/", api.PublicReplyListApi.as_view(), name="api-public-replies"),
]
