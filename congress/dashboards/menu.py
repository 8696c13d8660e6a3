from django.utils.translation import gettext_lazy as _

# (order, key, label, url name, icon, permission)
ITEMS = [
    (5, "dashboard", _("统计看板"), "dashboard", "DataAnalysis", "dashboard.view"),
]
