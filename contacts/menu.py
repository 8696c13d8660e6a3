from django.utils.translation import gettext_lazy as _

# (order, key, label, url name, icon, permission, group)
ITEMS = [
    (16, "my-contacts", _("我的联系"), "contacts:mine", "Connection", "contact.mine", "workbench"),
    (36, "contacts", _("联系工作"), "contacts:relations", "Connection", "contact.view",
     "deputies"),
]  # fmt: skip
