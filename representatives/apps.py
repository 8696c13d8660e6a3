from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from congress.personal import mask_id_number, mask_phone


class RepresentativesConfig(AppConfig):
    name = "representatives"
    verbose_name = _("代表")

    def ready(self):
        from congress import audit  # models: the registry must be ready

        # The audit trail is append-only, so full ID numbers and phones must never enter it.
        audit.MASKED_FIELDS["representatives.Deputy"] = {
            "id_number": mask_id_number,
            "phone": mask_phone,
        }
        audit.MASKED_FIELDS["representatives.Invitation"] = {"sent_to": mask_phone}
