from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardsConfig(AppConfig):
    """The leaders' dashboard: figures gathered from every app's `dashboard.py`."""

    name = "congress.dashboards"
    label = "dashboards"
    verbose_name = _("统计看板")
