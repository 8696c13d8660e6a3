from django.urls import path

from representatives import api, views

urlpatterns = [
    path("deputies/", views.deputy_list, name="deputy-list"),
    path("deputies/new/", views.deputy_create, name="deputy-create"),
    path("deputies/statistics/", views.statistics, name="deputy-statistics"),
    path("deputies/me/", views.my_info, name="deputy-me"),
    path("deputies/<int:pk>/", views.deputy_detail, name="deputy-detail"),
    path("deputies/<int:pk>/edit/", views.deputy_edit, name="deputy-edit"),
    path("deputies/<int:pk>/photo/", views.deputy_photo, name="deputy-photo"),
    path("api/v1/deputies/", api.DeputyListApi.as_view(), name="api-deputies"),
    path("api/v1/deputies/options/", api.OptionsApi.as_view(), name="api-deputy-options"),
    path("api/v1/deputies/export/", api.DeputyExportApi.as_view(), name="api-deputy-export"),
    path("api/v1/deputies/import/", api.DeputyImportApi.as_view(), name="api-deputy-import"),
    path(
        "api/v1/deputies/import/template/",
        api.ImportTemplateApi.as_view(),
        name="api-deputy-import-template",
    ),
    path("api/v1/deputies/accounts/", api.DeputyAccountsApi.as_view(), name="api-deputy-accounts"),
    path("api/v1/deputies/statistics/", api.StatisticsApi.as_view(), name="api-deputy-statistics"),
    path(
        "api/v1/deputies/statistics/export/",
        api.StatisticsExportApi.as_view(),
        name="api-deputy-statistics-export",
    ),
    path("api/v1/deputies/me/", api.MyInfoApi.as_view(), name="api-deputy-me"),
    path("api/v1/deputies/me/photo/", api.MyPhotoApi.as_view(), name="api-deputy-me-photo"),
    path("api/v1/deputies/<int:pk>/", api.DeputyDetailApi.as_view(), name="api-deputy"),
    path(
        "api/v1/deputies/<int:pk>/reveal/", api.DeputyRevealApi.as_view(), name="api-deputy-reveal"
    ),
    path(
        "api/v1/deputies/<int:pk>/mandates/",
        api.MandateCreateApi.as_view(),
        name="api-deputy-mandates",
    ),
    path("api/v1/mandates/<int:pk>/", api.MandateDetailApi.as_view(), name="api-mandate"),
    path("api/v1/mandates/<int:pk>/end/", api.MandateEndApi.as_view(), name="api-mandate-end"),
    path("api/v1/deputy-groups/", api.GroupListApi.as_view(), name="api-deputy-groups"),
]
