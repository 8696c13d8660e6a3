from django.urls import path

from ballots import api, views

app_name = "ballots"

api_v1 = "api/v1/ballots/"

urlpatterns = [
    path("ballots/", views.ballot_list, name="list"),
    path("ballots/<int:pk>/", views.ballot_detail, name="detail"),
    path("ballots/vote/", views.vote_list, name="vote-list"),
    path("ballots/vote/<int:pk>/", views.vote, name="vote"),
    path("ballots/projects/", views.projects, name="projects"),
    path("ballots/projects/<int:pk>/", views.project_detail, name="project"),
    path(api_v1, api.BallotListApi.as_view(), name="api-ballots"),
    path(f"{api_v1}setup-options/", api.SetupOptionsApi.as_view(), name="api-setup-options"),
    path(f"{api_v1}<int:pk>/", api.BallotDetailApi.as_view(), name="api-ballot"),
    path(f"{api_v1}<int:pk>/open/", api.BallotOpenApi.as_view(), name="api-ballot-open"),
    path(f"{api_v1}<int:pk>/close/", api.BallotCloseApi.as_view(), name="api-ballot-close"),
    path(f"{api_v1}<int:pk>/vote/", api.BallotVoteApi.as_view(), name="api-ballot-vote"),
    path(f"{api_v1}<int:pk>/turnout/", api.BallotTurnoutApi.as_view(), name="api-ballot-turnout"),
    path(f"{api_v1}<int:pk>/paper/", api.BallotPaperApi.as_view(), name="api-ballot-paper"),
    path(f"{api_v1}<int:pk>/results/", api.BallotResultsApi.as_view(), name="api-ballot-results"),
    path(f"{api_v1}projects/", api.ProjectListApi.as_view(), name="api-projects"),
    path(f"{api_v1}projects/summary/", api.ProjectSummaryApi.as_view(), name="api-project-summary"),
    path(f"{api_v1}projects/<int:pk>/", api.ProjectDetailApi.as_view(), name="api-project"),
    path(
        f"{api_v1}projects/<int:pk>/screen/",
        api.ProjectScreenApi.as_view(),
        name="api-project-screen",
    ),
    path(
        f"{api_v1}projects/<int:pk>/assign/",
        api.ProjectAssignApi.as_view(),
        name="api-project-assign",
    ),
    path(
        f"{api_v1}projects/<int:pk>/milestones/",
        api.MilestoneCreateApi.as_view(),
        name="api-project-milestones",
    ),
    path(
        f"{api_v1}projects/<int:pk>/reports/",
        api.ProjectReportApi.as_view(),
        name="api-project-reports",
    ),
    path(f"{api_v1}milestones/<int:pk>/", api.MilestoneUpdateApi.as_view(), name="api-milestone"),
    path(
        f"{api_v1}milestones/<int:pk>/evidence/",
        api.MilestoneEvidenceApi.as_view(),
        name="api-milestone-evidence",
    ),
    path(
        f"{api_v1}official-reports/<int:pk>/file/",
        api.OfficialReportFileApi.as_view(),
        name="api-official-report-file",
    ),
]
