from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContactsConfig(AppConfig):
    """Contacts 联系: who contacts whom with a yearly target (分片联系, 委员联系代表, 国家机关领导干部联系代表,
    双联), each contact logged with its way, subject and the issues raised, and what became of them."""

    name = "contacts"
    label = "contacts"
    verbose_name = _("联系工作")
