from django.urls import path

from supervision import views
from supervision.api import exports, files, inquiry, me, projects, rectifications

app_name = "supervision"

api = "api/v1/supervision/"
project = f"{api}projects/<int:pk>/"

urlpatterns = [
    # Pages (frontend/src/pages/supervision/)
    path("supervision/", views.projects, name="projects"),
    path("supervision/<int:pk>/", views.project_detail, name="project"),
    path("supervision/rectifications/", views.rectifications, name="rectifications"),
    path("me/supervision/", views.mine, name="mine"),
    # API
    path(f"{api}projects/", projects.ProjectListApi.as_view(), name="api-projects"),
    path(f"{api}projects/export.xlsx", exports.ProjectExportApi.as_view(), name="api-export"),
    path(f"{api}options/", projects.SupervisionOptionsApi.as_view(), name="api-options"),
    path(project, projects.ProjectDetailApi.as_view(), name="api-project"),
    path(f"{project}research/", projects.ProjectResearchApi.as_view(), name="api-research"),
    path(f"{project}hearing/", projects.ProjectHearingApi.as_view(), name="api-hearing"),
    path(f"{project}close/", projects.ProjectCloseApi.as_view(), name="api-close"),
    path(f"{project}participants/", projects.ParticipantsApi.as_view(), name="api-participants"),
    path(f"{project}townships/", projects.TownshipsApi.as_view(), name="api-townships"),
    path(f"{project}opinions/", rectifications.OpinionsSendApi.as_view(), name="api-opinions"),
    path(f"{project}documents/", files.ProjectDocumentListApi.as_view(), name="api-documents"),
    path(f"{project}questions/", inquiry.QuestionListApi.as_view(), name="api-questions"),
    path(f"{api}documents/<int:pk>/", files.ProjectDocumentDetailApi.as_view(), name="api-document"),
    path(f"{api}documents/<int:pk>/file/", files.ProjectDocumentFileApi.as_view(), name="api-document-file"),
    path(f"{api}rectifications/", rectifications.RectificationListApi.as_view(),
         name="api-rectifications"),
    path(f"{api}rectifications/<int:pk>/", rectifications.RectificationDetailApi.as_view(),
         name="api-rectification"),
    path(f"{api}rectifications/<int:pk>/submit/", rectifications.ReportSubmitApi.as_view(),
         name="api-submit"),
    path(f"{api}rectifications/<int:pk>/rate/", rectifications.ReportRateApi.as_view(),
         name="api-rate"),
    path(f"{api}rectifications/<int:pk>/ballots/", rectifications.BallotChoicesApi.as_view(),
         name="api-ballots"),
    path(f"{api}reports/<int:pk>/file/", files.RectificationReportFileApi.as_view(), name="api-report-file"),
    path(f"{api}questions/<int:pk>/commitments/", inquiry.InquiryCommitmentAddApi.as_view(),
         name="api-commitment-add"),
    path(f"{api}commitments/", inquiry.InquiryCommitmentListApi.as_view(), name="api-commitments"),
    path(f"{api}commitments/<int:pk>/report/", inquiry.InquiryCommitmentReportApi.as_view(),
         name="api-commitment-report"),
    path(f"{api}commitments/<int:pk>/check/", inquiry.InquiryCommitmentCheckApi.as_view(),
         name="api-commitment-check"),
    path(f"{api}commitments/<int:pk>/evidence/", files.CommitmentEvidenceFileApi.as_view(),
         name="api-commitment-evidence"),
    path("api/v1/me/supervision/", me.MyProjectListApi.as_view(), name="api-mine"),
]  # fmt: skip
