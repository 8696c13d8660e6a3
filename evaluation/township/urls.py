from django.urls import path

from evaluation.township import views
from evaluation.township.api import rounds, scores, systems

urlpatterns = [
    path("evaluation/rounds/", views.rounds, name="evaluation-rounds"),
    path("evaluation/rounds/<int:pk>/", views.round_detail, name="evaluation-round"),
    path("evaluation/systems/", views.systems, name="indicator-systems"),
    path("evaluation/systems/new/", views.system_editor, name="indicator-system-new"),
    path("evaluation/systems/<int:pk>/edit/", views.system_editor, name="indicator-system-edit"),
    path(
        "api/v1/evaluation/systems/", systems.SystemListApi.as_view(), name="api-indicator-systems"
    ),
    path(
        "api/v1/evaluation/systems/<int:pk>/",
        systems.SystemDetailApi.as_view(),
        name="api-indicator-system",
    ),
    path(
        "api/v1/evaluation/systems/<int:pk>/copy/",
        systems.SystemCopyApi.as_view(),
        name="api-indicator-system-copy",
    ),
    path(
        "api/v1/evaluation/systems/<int:pk>/targets/",
        systems.SystemTargetsApi.as_view(),
        name="api-indicator-system-targets",
    ),
    path("api/v1/evaluation/rounds/", rounds.RoundListApi.as_view(), name="api-rounds"),
    path("api/v1/evaluation/rounds/<int:pk>/", rounds.RoundDetailApi.as_view(), name="api-round"),
    path(
        "api/v1/evaluation/rounds/<int:pk>/evaluators/",
        rounds.RoundEvaluatorsApi.as_view(),
        name="api-round-evaluators",
    ),
    path(
        "api/v1/evaluation/rounds/<int:pk>/scores/",
        scores.ScoreApi.as_view(),
        name="api-round-scores",
    ),
    path(
        "api/v1/evaluation/scores/<int:pk>/evidence/",
        scores.ScoreEvidenceApi.as_view(),
        name="api-score-evidence",
    ),
    path(
        "api/v1/evaluation/rounds/<int:pk>/compute/",
        rounds.RoundComputeApi.as_view(),
        name="api-round-compute",
    ),
    path(
        "api/v1/evaluation/rounds/<int:pk>/close/",
        rounds.RoundCloseApi.as_view(),
        name="api-round-close",
    ),
    path(
        "api/v1/evaluation/rounds/<int:pk>/export/",
        rounds.RoundExportApi.as_view(),
        name="api-round-export",
    ),
]
