"""The sidebar. Each app lists its entries in `<app>/menu.py` as ITEMS; an entry shows for a
user who holds its permission."""

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from congress.permissions import has_perm
from congress.registry import app_modules

# (order, key, label, url name, icon, permission)
ITEMS = [
    (0, "home", _("首页"), "home", "HomeFilled", "region.view"),
    (90, "notifications", _("消息中心"), "notifications", "Bell", "notification.view"),
    (92, "outbox", _("发送失败的消息"), "outbox", "WarningFilled", "outbox.view"),
    (95, "regions", _("行政区划"), "regions", "Location", "congress.view"),
]


def menu_for(user) -> list[dict]:
    entries = []
    for module in app_modules("menu"):
        for order, key, label, url_name, icon, perm in module.ITEMS:
            if not has_perm(user, perm):
                continue
            try:
                url = reverse(url_name)
            except NoReverseMatch:
                continue
            entries.append(
                {"order": order, "key": key, "label": str(label), "url": url, "icon": icon}
            )
    return sorted(entries, key=lambda e: e["order"])
