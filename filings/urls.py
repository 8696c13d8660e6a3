from django.urls import path

from filings import views
from filings.api import actions, documents, experts, filings, report

app_name = "filings"

api = "api/v1/filings/"
one = f"{api}<int:pk>/"

urlpatterns = [
    # Pages (frontend/src/pages/filings/)
    path("filings/", views.filing_list, name="list"),
    path("filings/mine/", views.my_filings, name="mine"),
    path("filings/report/", views.report, name="report"),
    path("filings/reviews/", views.my_reviews, name="reviews"),
    path("filings/reviews/<int:pk>/", views.my_review, name="review"),
    path("filings/<int:pk>/", views.filing_detail, name="detail"),
    # API
    path(api, filings.FilingListApi.as_view(), name="api-list"),
    path(f"{api}paper/", filings.PaperFilingApi.as_view(), name="api-paper"),
    path(f"{api}options/", filings.FilingOptionsApi.as_view(), name="api-options"),
    path(f"{api}export.xlsx", filings.FilingExportApi.as_view(), name="api-export"),
    path(f"{api}report/", report.FilingReportApi.as_view(), name="api-report"),
    path(f"{api}report.xlsx", report.FilingReportExportApi.as_view(), name="api-report-xlsx"),
    path(f"{api}invitations/", experts.ExpertInvitationListApi.as_view(), name="api-invitations"),
    path(f"{api}invitations/<int:pk>/", experts.ExpertInvitationDetailApi.as_view(),
         name="api-invitation"),
    path(f"{api}invitations/<int:pk>/opinion/", experts.ExpertOpinionApi.as_view(),
         name="api-invitation-opinion"),
    path(f"{api}documents/<int:pk>/file/", documents.DocumentFileApi.as_view(),
         name="api-document-file"),
    path(one, filings.FilingDetailApi.as_view(), name="api-detail"),
    path(f"{one}documents/", documents.DocumentUploadApi.as_view(), name="api-documents"),
    path(f"{one}publish/", actions.FilingPublishApi.as_view(), name="api-publish"),
    path(f"{one}file/", actions.FilingFileApi.as_view(), name="api-file"),
    path(f"{one}return/", actions.FilingReturnApi.as_view(), name="api-return"),
    path(f"{one}register/", actions.FilingRegisterApi.as_view(), name="api-register"),
    path(f"{one}start-review/", actions.ReviewStartApi.as_view(), name="api-start-review"),
    path(f"{one}checklist/", actions.ReviewCheckApi.as_view(), name="api-checklist"),
    path(f"{one}experts/", actions.ExpertInviteApi.as_view(), name="api-experts"),
    path(f"{one}intervention-opinion/", actions.InterventionOpinionApi.as_view(),
         name="api-intervention-opinion"),
    path(f"{one}close/", actions.ReviewCloseApi.as_view(), name="api-close"),
    path(f"{one}require-correction/", actions.RequireCorrectionApi.as_view(),
         name="api-require-correction"),
    path(f"{one}correction/", actions.CorrectionReportApi.as_view(), name="api-correction"),
    path(f"{one}accept-correction/", actions.CorrectionAcceptApi.as_view(),
         name="api-accept-correction"),
    path(f"{one}reject-correction/", actions.CorrectionRejectApi.as_view(),
         name="api-reject-correction"),
    path(f"{one}reopen/", actions.ReviewReopenApi.as_view(), name="api-reopen"),
]  # fmt: skip
