from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LiaisonStationsConfig(AppConfig):
    name = "liaison_stations"
    verbose_name = _("代表联络站")

    def ready(self):
        from congress import audit
        from liaison_stations.public import mask_name, mask_phone

        # Citizens' contact details are personal data; the append-only trail keeps them masked.
        audit.MASKED_FIELDS["liaison_stations.Opinion"] = {
            "citizen_name": mask_name,
            "citizen_phone": mask_phone,
        }
        # Calendar tokens are keys: the trail records that one exists, not what it is.
        audit.MASKED_FIELDS["liaison_stations.LiaisonStation"] = {"feed_token": _hidden}
        audit.MASKED_FIELDS["liaison_stations.DeputyCalendar"] = {"token": _hidden}


def _hidden(value: str) -> str:
    return "********"
