from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class DashboardsConfig(AppConfig):
    """The leaders' dashboard: figures gathered from every app's `dashboard.py`."""

    name = "congress.dashboards"
    label = "dashboards"
    verbose_name = _("统计看板")

    def ready(self):
        from congress.dashboards import marks  # noqa: PLC0415 (loads models)

        # The triggers that mark changed cells follow the sources' querysets: after every migrate.
        post_migrate.connect(marks.install, sender=self, dispatch_uid="dashboards_marks")
