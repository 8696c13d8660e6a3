from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CongressConfig(AppConfig):
    name = "congress"
    verbose_name = _("基础")

    def ready(self):
        from congress import audit
        from congress.personal import mask_phone

        audit.connect()
        # The audit trail is append-only: personal data enters it masked.
        audit.MASKED_FIELDS["congress.User"] = {"phone": mask_phone}
