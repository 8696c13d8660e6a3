from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class DashboardsConfig(AppConfig):
    """The leaders' dashboard: figures gathered from every app's `dashboard.py`."""

    name = "congress.dashboards"
    label = "dashboards"
    verbose_name = _("统计看板")

    def ready(self):
        # The triggers that mark changed cells follow the sources' querysets: after every migrate.
        post_migrate.connect(_after_migrate, sender=self, dispatch_uid="dashboards_marks")


def _after_migrate(using: str = "default", **kwargs) -> None:
    """Reinstall the triggers when their SQL changed; a new source changes it, and its metric,
    which has no row yet, is then marked for a fold of every region (services.mark_unbuilt)."""
    from congress.dashboards import marks, services  # noqa: PLC0415 (loads models)

    if marks.install(using, **kwargs):
        services.mark_unbuilt()
