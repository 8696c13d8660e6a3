from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from congress import account_api, api, job_api, views

api_v1 = [
    # public: exchanges a password for a token
    path("auth/token/", account_api.ObtainTokenApi.as_view(), name="api-token"),
    path("auth/logout/", account_api.LogoutApi.as_view(), name="api-logout"),
    path("me/", api.MeApi.as_view(), name="api-me"),
    path("me/password/", account_api.PasswordChangeApi.as_view(), name="api-me-password"),
    path("me/tokens/", account_api.TokenListApi.as_view(), name="api-me-tokens"),
    path("me/tokens/<int:pk>/", account_api.TokenDetailApi.as_view(), name="api-me-token"),
    path("todo/", api.TodoApi.as_view(), name="api-todo"),
    path("regions/", api.RegionListApi.as_view(), name="api-regions"),
    path("regions/<str:code>/", api.RegionDetailApi.as_view(), name="api-region"),
    path("handling-units/", api.HandlingUnitListApi.as_view(), name="api-handling-units"),
    path("terms/", api.TermListApi.as_view(), name="api-terms"),
    path("notifications/", api.NotificationListApi.as_view(), name="api-notifications"),
    path("outbox/failed/", api.OutboxFailedListApi.as_view(), name="api-outbox-failed"),
    path("outbox/<int:pk>/retry/", api.OutboxRetryApi.as_view(), name="api-outbox-retry"),
    path("jobs/", job_api.JobListApi.as_view(), name="api-jobs"),
    path("jobs/<uuid:pk>/", job_api.JobDetailApi.as_view(), name="api-job"),
    path("jobs/<uuid:pk>/download/", job_api.JobDownloadApi.as_view(), name="api-job-download"),
]

urlpatterns = [
    path("", views.home, name="home"),
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.logout, name="logout"),
    path("password/", views.password_change, name="password_change"),
    path("notifications/", views.notifications, name="notifications"),
    path("regions/", views.regions, name="regions"),
    path("outbox/", views.outbox, name="outbox"),
    path("healthz", api.HealthApi.as_view(), name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("admin/", admin.site.urls),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves Swagger UI's start-up script as a file (no inline script, for the CSP).
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="swagger-ui"),
    path("api/v1/", include(api_v1)),
    # Each app owns its pages and its API under /api/v1/ in its urls.py.
    path("", include("representatives.urls")),
    path("", include("suggestions.urls")),
    path("", include("liaison_stations.urls")),
    path("", include("evaluation.urls")),
    path("", include("ballots.urls")),
    path("", include("meetings.urls")),
    path("", include("training.urls")),
    path("", include("contacts.urls")),
    path("", include("supervision.urls")),
    path("", include("filings.urls")),
    path("", include("worktasks.urls")),
    path("", include("congress.dashboards.urls")),
]

# Styled Chinese error pages; under /api/ the one JSON error shape (congress.errors).
handler400 = "congress.errors.bad_request"
handler403 = "congress.errors.permission_denied"
handler404 = "congress.errors.page_not_found"
handler500 = "congress.errors.server_error"
