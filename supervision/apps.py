from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupervisionConfig(AppConfig):
    """Supervision 监督: the annual plan's topics with their form, stages and documents, 审议意见 and
    the supervised body's 整改 rated by the committee, 专题询问 with its commitments, and joint
    county–township topics (县乡同步监督)."""

    name = "supervision"
    label = "supervision"
    verbose_name = _("监督工作")
