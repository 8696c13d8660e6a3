from django.utils.translation import gettext_lazy as _

# (order, key, label, url name, icon, permission, group)
ITEMS = [
    (16, "my-supervision", _("我参加的监督活动"), "supervision:mine", "Flag", "supervision.mine",
     "supervision"),
    (60, "supervision", _("监督项目"), "supervision:projects", "Monitor", "supervision.view",
     "supervision"),
    (62, "rectifications", _("我的整改"), "supervision:rectifications", "EditPen",
     "supervision.rectify", "supervision"),
]  # fmt: skip
