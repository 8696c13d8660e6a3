from django.utils.translation import gettext_lazy as _

# (order, key, label, url name, icon, permission)
ITEMS = [
    (10, "my-info", _("我的信息"), "deputy-me", "UserFilled", "deputy.self"),
    (20, "deputies", _("代表名册"), "deputy-list", "User", "deputy.view"),
    (
        22,
        "deputy-statistics",
        _("代表构成统计"),
        "deputy-statistics",
        "PieChart",
        "deputy.statistics",
    ),
]
