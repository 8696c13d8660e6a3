from django.urls import path

from evaluation import api, views

urlpatterns = [
    path("performance/me/", views.my_performance, name="performance-me"),
    path("performance/archive/", views.archive, name="performance-archive"),
    path("performance/archive/<int:pk>/print/", views.archive_print, name="performance-print"),
    path("performance/points/", views.points, name="performance-points"),
    path("evaluation/rounds/", views.rounds, name="evaluation-rounds"),
    path("evaluation/rounds/<int:pk>/", views.round_detail, name="evaluation-round"),
    path("evaluation/systems/", views.systems, name="indicator-systems"),
    # API
    path(
        "api/v1/performance/entries/", api.ArchiveEntryListApi.as_view(), name="api-archive-entries"
    ),
    path(
        "api/v1/performance/entries/<int:pk>/",
        api.ArchiveEntryDetailApi.as_view(),
        name="api-archive-entry",
    ),
    path(
        "api/v1/performance/entries/<int:pk>/evidence/",
        api.ArchiveEntryEvidenceApi.as_view(),
        name="api-archive-entry-evidence",
    ),
    path(
        "api/v1/performance/deputies/<int:pk>/",
        api.DeputyArchiveApi.as_view(),
        name="api-deputy-archive",
    ),
    path("api/v1/performance/me/", api.MyArchiveApi.as_view(), name="api-my-archive"),
    path(
        "api/v1/performance/deputies/",
        api.DeputySearchApi.as_view(),
        name="api-performance-deputies",
    ),
    path("api/v1/performance/export/", api.ArchiveExportApi.as_view(), name="api-archive-export"),
    path("api/v1/performance/gather/", api.ArchiveGatherApi.as_view(), name="api-archive-gather"),
    path(
        "api/v1/performance/voter-reports/",
        api.VoterReportListApi.as_view(),
        name="api-voter-reports",
    ),
    path(
        "api/v1/performance/voter-reports/<int:pk>/file/",
        api.VoterReportFileApi.as_view(),
        name="api-voter-report-file",
    ),
    path("api/v1/performance/rule-sets/", api.RuleSetListApi.as_view(), name="api-rule-sets"),
    path(
        "api/v1/performance/rule-sets/<int:pk>/",
        api.RuleSetDetailApi.as_view(),
        name="api-rule-set",
    ),
    path(
        "api/v1/performance/rule-sets/<int:pk>/ranking/",
        api.RankingApi.as_view(),
        name="api-points-ranking",
    ),
    path(
        "api/v1/performance/rule-sets/<int:pk>/groups/",
        api.GroupChoicesApi.as_view(),
        name="api-points-groups",
    ),
    path(
        "api/v1/performance/rule-sets/<int:pk>/snapshots/",
        api.SnapshotListApi.as_view(),
        name="api-points-snapshots",
    ),
    path(
        "api/v1/performance/snapshots/<int:pk>/rows/",
        api.SnapshotRowsApi.as_view(),
        name="api-points-snapshot-rows",
    ),
    path("api/v1/evaluation/systems/", api.SystemListApi.as_view(), name="api-indicator-systems"),
    path(
        "api/v1/evaluation/systems/<int:pk>/",
        api.SystemDetailApi.as_view(),
        name="api-indicator-system",
    ),
    path(
        "api/v1/evaluation/systems/<int:pk>/copy/",
        api.SystemCopyApi.as_view(),
        name="api-indicator-system-copy",
    ),
    path("api/v1/evaluation/rounds/", api.RoundListApi.as_view(), name="api-rounds"),
    path("api/v1/evaluation/rounds/<int:pk>/", api.RoundDetailApi.as_view(), name="api-round"),
    path(
        "api/v1/evaluation/rounds/<int:pk>/evaluators/",
        api.RoundEvaluatorsApi.as_view(),
        name="api-round-evaluators",
    ),
    path(
        "api/v1/evaluation/rounds/<int:pk>/scores/", api.ScoreApi.as_view(), name="api-round-scores"
    ),
    path(
        "api/v1/evaluation/scores/<int:pk>/evidence/",
        api.ScoreEvidenceApi.as_view(),
        name="api-score-evidence",
    ),
    path(
        "api/v1/evaluation/rounds/<int:pk>/compute/",
        api.RoundComputeApi.as_view(),
        name="api-round-compute",
    ),
    path(
        "api/v1/evaluation/rounds/<int:pk>/close/",
        api.RoundCloseApi.as_view(),
        name="api-round-close",
    ),
    path(
        "api/v1/evaluation/rounds/<int:pk>/export/",
        api.RoundExportApi.as_view(),
        name="api-round-export",
    ),
]
