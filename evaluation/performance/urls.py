from django.urls import path

from evaluation.performance import views
from evaluation.performance.api import archives, entries, ranking, rule_sets, voter_reports

urlpatterns = [
    path("performance/me/", views.my_performance, name="performance-me"),
    path("performance/archive/", views.archive, name="performance-archive"),
    path("performance/archive/<int:pk>/print/", views.archive_print, name="performance-print"),
    path("performance/points/", views.points, name="performance-points"),
    path(
        "api/v1/performance/entries/",
        entries.ArchiveEntryListApi.as_view(),
        name="api-archive-entries",
    ),
    path(
        "api/v1/performance/entries/<int:pk>/",
        entries.ArchiveEntryDetailApi.as_view(),
        name="api-archive-entry",
    ),
    path(
        "api/v1/performance/entries/<int:pk>/evidence/",
        entries.ArchiveEntryEvidenceApi.as_view(),
        name="api-archive-entry-evidence",
    ),
    path(
        "api/v1/performance/deputies/<int:pk>/",
        archives.DeputyArchiveApi.as_view(),
        name="api-deputy-archive",
    ),
    path("api/v1/performance/me/", archives.MyArchiveApi.as_view(), name="api-my-archive"),
    path(
        "api/v1/performance/deputies/",
        archives.DeputySearchApi.as_view(),
        name="api-performance-deputies",
    ),
    path(
        "api/v1/performance/export/", archives.ArchiveExportApi.as_view(), name="api-archive-export"
    ),
    path(
        "api/v1/performance/gather/", archives.ArchiveGatherApi.as_view(), name="api-archive-gather"
    ),
    path(
        "api/v1/performance/voter-reports/",
        voter_reports.VoterReportListApi.as_view(),
        name="api-voter-reports",
    ),
    path(
        "api/v1/performance/voter-reports/<int:pk>/file/",
        voter_reports.VoterReportFileApi.as_view(),
        name="api-voter-report-file",
    ),
    path(
        "api/v1/performance/voter-reports/<int:pk>/tally/",
        voter_reports.VoterReportTallyApi.as_view(),
        name="api-voter-report-tally",
    ),
    path(
        "api/v1/performance/voter-reports/<int:pk>/approve/",
        voter_reports.VoterReportApproveApi.as_view(),
        name="api-voter-report-approve",
    ),
    path(
        "api/v1/performance/voter-reports/<int:pk>/reject/",
        voter_reports.VoterReportRejectApi.as_view(),
        name="api-voter-report-reject",
    ),
    path(
        "performance/voter-reports/review/", views.report_review, name="performance-report-review"
    ),
    path("api/v1/performance/rule-sets/", rule_sets.RuleSetListApi.as_view(), name="api-rule-sets"),
    path(
        "api/v1/performance/rule-sets/<int:pk>/",
        rule_sets.RuleSetDetailApi.as_view(),
        name="api-rule-set",
    ),
    path(
        "api/v1/performance/rule-sets/<int:pk>/ranking/",
        ranking.RankingApi.as_view(),
        name="api-points-ranking",
    ),
    path(
        "api/v1/performance/rule-sets/<int:pk>/groups/",
        ranking.GroupChoicesApi.as_view(),
        name="api-points-groups",
    ),
    path(
        "api/v1/performance/rule-sets/<int:pk>/snapshots/",
        rule_sets.SnapshotListApi.as_view(),
        name="api-points-snapshots",
    ),
    path(
        "api/v1/performance/snapshots/<int:pk>/rows/",
        ranking.SnapshotRowsApi.as_view(),
        name="api-points-snapshot-rows",
    ),
]
