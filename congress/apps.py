from django.apps import AppConfig
from django.conf import settings
from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _

from congress.personal import mask_phone


class CongressConfig(AppConfig):
    name = "congress"
    verbose_name = _("基础")

    def ready(self):
        # These load models (congress.errors through DRF's views and their authentication
        # classes), so they wait for the registry; tokens only after the messages are installed.
        from congress import audit, errors, params

        errors.install_field_messages()  # before any serializer is declared
        params.install_integer_bounds()  # likewise
        if settings.AUDIT_SAVE_SIGNALS:
            audit.connect()
        # The audit trail is append-only: personal data enters it masked.
        audit.MASKED_FIELDS["congress.User"] = {"phone": mask_phone}
        # A token's digest and password fingerprint are credentials: the trail says they exist.
        audit.MASKED_FIELDS["congress.ApiToken"] = {
            "key_hash": _hidden,
            "password_fingerprint": _hidden,
        }

        from congress import tokens
        from congress.models import User

        post_save.connect(
            tokens.revoke_on_deactivation, sender=User, dispatch_uid="tokens_on_deactivation"
        )


def _hidden(value: str) -> str:
    return "********"
