from django.urls import path

from representatives import views
from representatives.api import accounts, imports, mandates, me, options, register, statistics

urlpatterns = [
    path("deputies/", views.deputy_list, name="deputy-list"),
    path("deputies/new/", views.deputy_create, name="deputy-create"),
    path("deputies/statistics/", views.statistics, name="deputy-statistics"),
    path("deputies/me/", views.my_info, name="deputy-me"),
    path("deputies/invitations/print/", views.invitation_print, name="deputy-invitation-print"),
    path("deputies/<int:pk>/", views.deputy_detail, name="deputy-detail"),
    path("deputies/<int:pk>/edit/", views.deputy_edit, name="deputy-edit"),
    path("deputies/<int:pk>/photo/", views.deputy_photo, name="deputy-photo"),
    path("api/v1/deputies/", register.DeputyListApi.as_view(), name="api-deputies"),
    path("api/v1/deputies/options/", options.OptionsApi.as_view(), name="api-deputy-options"),
    path("api/v1/deputies/export/", imports.DeputyExportApi.as_view(), name="api-deputy-export"),
    path("api/v1/deputies/import/", imports.DeputyImportApi.as_view(), name="api-deputy-import"),
    path(
        "api/v1/deputies/import/template/",
        imports.ImportTemplateApi.as_view(),
        name="api-deputy-import-template",
    ),
    path(
        "api/v1/deputies/accounts/",
        accounts.DeputyAccountsApi.as_view(),
        name="api-deputy-accounts",
    ),
    path(
        "api/v1/deputies/accounts/open/",
        accounts.AccountsOpenApi.as_view(),
        name="api-deputy-accounts-open",
    ),
    path(
        "api/v1/deputies/invitations/",
        accounts.InvitationsApi.as_view(),
        name="api-deputy-invitations",
    ),
    path(
        "api/v1/deputies/invitations/targets/",
        accounts.InvitationTargetsApi.as_view(),
        name="api-deputy-invitation-targets",
    ),
    path(
        "api/v1/deputies/<int:pk>/account/",
        accounts.AccountStateApi.as_view(),
        name="api-deputy-account",
    ),
    path(
        "api/v1/deputies/statistics/",
        statistics.StatisticsApi.as_view(),
        name="api-deputy-statistics",
    ),
    path(
        "api/v1/deputies/statistics/export/",
        statistics.StatisticsExportApi.as_view(),
        name="api-deputy-statistics-export",
    ),
    path("api/v1/deputies/me/", me.MyInfoApi.as_view(), name="api-deputy-me"),
    path("api/v1/deputies/me/photo/", me.MyPhotoApi.as_view(), name="api-deputy-me-photo"),
    path("api/v1/deputies/<int:pk>/", register.DeputyDetailApi.as_view(), name="api-deputy"),
    path(
        "api/v1/deputies/<int:pk>/reveal/",
        register.DeputyRevealApi.as_view(),
        name="api-deputy-reveal",
    ),
    path(
        "api/v1/deputies/<int:pk>/mandates/",
        mandates.MandateCreateApi.as_view(),
        name="api-deputy-mandates",
    ),
    path("api/v1/mandates/<int:pk>/", mandates.MandateDetailApi.as_view(), name="api-mandate"),
    path("api/v1/mandates/<int:pk>/end/", mandates.MandateEndApi.as_view(), name="api-mandate-end"),
    path("api/v1/deputy-groups/", options.GroupListApi.as_view(), name="api-deputy-groups"),
]
