from django.urls import path

from congress.dashboards import api, views

urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
    path("dashboard/records/", views.records, name="dashboard-records"),
    path("dashboard/print/", views.printable, name="dashboard-print"),
    path("api/v1/dashboard/", api.DashboardApi.as_view(), name="api-dashboard"),
    path("api/v1/dashboard/records/", api.RecordsApi.as_view(), name="api-dashboard-records"),
    path(
        "api/v1/dashboard/records/export.xlsx",
        api.RecordsExportApi.as_view(),
        name="api-dashboard-records-export",
    ),
    path("api/v1/dashboard/export.xlsx", api.ExportApi.as_view(), name="api-dashboard-export"),
]
