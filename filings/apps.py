from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FilingsConfig(AppConfig):
    """备案审查 of normative documents 规范性文件: filed within 30 days of publication, registered,
    reviewed (提前介入 before, 事后审查纠错 after), with outside experts' (外脑) opinions, the result,
    the filer's correction and the annual report."""

    name = "filings"
    label = "filings"
    verbose_name = _("备案审查")
