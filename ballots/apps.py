from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BallotsConfig(AppConfig):
    """Ballots: 满意度测评 of departments and appointed officials, 民生实事项目票决 and their follow-up."""

    name = "ballots"
    label = "ballots"
    verbose_name = _("测评与票决")
