from django.urls import path

from ballots import views
from ballots.api import appointments, counting, projects, public, review, setup, voting

app_name = "ballots"

api_v1 = "api/v1/ballots/"

urlpatterns = [
    path("ballots/", views.ballot_list, name="list"),
    path("ballots/<int:pk>/", views.ballot_detail, name="detail"),
    path("ballots/vote/", views.vote_list, name="vote-list"),
    path("ballots/vote/<int:pk>/", views.vote, name="vote"),
    path("ballots/projects/", views.projects, name="projects"),
    path("ballots/projects/<int:pk>/", views.project_detail, name="project"),
    path("ballots/reviews/", views.review_list, name="reviews"),
    path("ballots/reviews/<int:pk>/", views.review_detail, name="review"),
    path("ballots/reviews/<int:pk>/sheet/", views.review_sheet, name="review-sheet"),
    path("ballots/appointments/", views.appointments, name="appointments"),
    path("ballots/officials/<int:pk>/", views.official, name="official"),
    path("r/<str:token>/", views.public_review, name="public-review"),
    path(
        "api/v1/public/reviews/<str:token>/",
        public.PublicReviewApi.as_view(),
        name="api-public-review",
    ),
    path(
        "api/v1/public/reviews/<str:token>/vote/",
        public.PublicReviewVoteApi.as_view(),
        name="api-public-review-vote",
    ),
    path(f"{api_v1}reviews/", review.ReviewListApi.as_view(), name="api-reviews"),
    path(f"{api_v1}reviews/options/", review.ReviewOptionsApi.as_view(), name="api-review-options"),
    path(f"{api_v1}reviews/<int:pk>/", review.ReviewDetailApi.as_view(), name="api-review"),
    path(
        f"{api_v1}reviews/<int:pk>/invitees/",
        review.ReviewInviteApi.as_view(),
        name="api-review-invite",
    ),
    path(
        f"{api_v1}reviews/<int:pk>/codes/",
        review.CitizenCodesApi.as_view(),
        name="api-review-codes",
    ),
    path(f"{api_v1}reviews/<int:pk>/qr.png", review.ReviewQrApi.as_view(), name="api-review-qr"),
    path(
        f"{api_v1}items/<int:pk>/statement/",
        review.ItemStatementApi.as_view(),
        name="api-item-statement",
    ),
    path(
        f"{api_v1}items/<int:pk>/statement-file/",
        review.ItemStatementFileApi.as_view(),
        name="api-item-statement-file",
    ),
    path(
        f"{api_v1}suggestions/<int:pk>/reviews/",
        review.SuggestionReviewsApi.as_view(),
        name="api-suggestion-reviews",
    ),
    path(
        f"{api_v1}appointments/", appointments.AppointmentListApi.as_view(), name="api-appointments"
    ),
    path(
        f"{api_v1}appointments/export/",
        appointments.AppointmentExportApi.as_view(),
        name="api-appointments-export",
    ),
    path(
        f"{api_v1}appointments/options/",
        appointments.AppointmentOptionsApi.as_view(),
        name="api-appointment-options",
    ),
    path(
        f"{api_v1}officials/<int:pk>/",
        appointments.OfficialHistoryApi.as_view(),
        name="api-official",
    ),
    path(api_v1, setup.BallotListApi.as_view(), name="api-ballots"),
    path(f"{api_v1}setup-options/", setup.SetupOptionsApi.as_view(), name="api-setup-options"),
    path(f"{api_v1}<int:pk>/", setup.BallotDetailApi.as_view(), name="api-ballot"),
    path(f"{api_v1}<int:pk>/open/", setup.BallotOpenApi.as_view(), name="api-ballot-open"),
    path(f"{api_v1}<int:pk>/close/", counting.BallotCloseApi.as_view(), name="api-ballot-close"),
    path(f"{api_v1}<int:pk>/vote/", voting.BallotVoteApi.as_view(), name="api-ballot-vote"),
    path(
        f"{api_v1}<int:pk>/turnout/", voting.BallotTurnoutApi.as_view(), name="api-ballot-turnout"
    ),
    path(f"{api_v1}<int:pk>/paper/", voting.BallotPaperApi.as_view(), name="api-ballot-paper"),
    path(
        f"{api_v1}<int:pk>/results/", counting.BallotResultsApi.as_view(), name="api-ballot-results"
    ),
    path(f"{api_v1}projects/", projects.ProjectListApi.as_view(), name="api-projects"),
    path(
        f"{api_v1}projects/summary/",
        projects.ProjectSummaryApi.as_view(),
        name="api-project-summary",
    ),
    path(f"{api_v1}projects/<int:pk>/", projects.ProjectDetailApi.as_view(), name="api-project"),
    path(
        f"{api_v1}projects/<int:pk>/screen/",
        projects.ProjectScreenApi.as_view(),
        name="api-project-screen",
    ),
    path(
        f"{api_v1}projects/<int:pk>/assign/",
        projects.ProjectAssignApi.as_view(),
        name="api-project-assign",
    ),
    path(
        f"{api_v1}projects/<int:pk>/milestones/",
        projects.MilestoneCreateApi.as_view(),
        name="api-project-milestones",
    ),
    path(
        f"{api_v1}projects/<int:pk>/reports/",
        projects.ProjectReportApi.as_view(),
        name="api-project-reports",
    ),
    path(
        f"{api_v1}milestones/<int:pk>/", projects.MilestoneUpdateApi.as_view(), name="api-milestone"
    ),
    path(
        f"{api_v1}milestones/<int:pk>/evidence/",
        projects.MilestoneEvidenceApi.as_view(),
        name="api-milestone-evidence",
    ),
    path(
        f"{api_v1}official-reports/<int:pk>/file/",
        setup.OfficialReportFileApi.as_view(),
        name="api-official-report-file",
    ),
]
