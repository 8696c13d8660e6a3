"""The sidebar. Each app lists its entries in `<app>/menu.py` as ITEMS; an entry shows for a
user who holds its permission. Entries sit in the groups below (an entry's optional seventh
field names its group; otherwise GROUP_OF does), the way staff know from admin consoles: a group
with one visible entry shows as that entry."""

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from congress.models import Role
from congress.permissions import all_rules, has_perm
from congress.registry import app_modules

# (order, key, label, url name, icon, permission[, group])
ITEMS = [
    (0, "home", _("首页"), "home", "HomeFilled", "region.view", "workbench"),
    (90, "notifications", _("消息中心"), "notifications", "Bell", "notification.view", "workbench"),
    (92, "outbox", _("发送失败的消息"), "outbox", "WarningFilled", "outbox.view", "system"),
    (95, "regions", _("行政区划"), "regions", "Location", "congress.view", "system"),
]

# (key, label, icon), in the sidebar's order.
GROUPS = [
    ("workbench", _("工作台"), "HomeFilled"),
    ("deputies", _("代表管理"), "User"),
    ("meetings", _("会议活动"), "Calendar"),
    ("suggestions", _("建议办理"), "Tickets"),
    ("stations", _("联络站"), "OfficeBuilding"),
    ("evaluation", _("履职评价"), "Medal"),
    ("ballots", _("测评票决"), "Finished"),
    ("supervision", _("监督工作"), "Monitor"),
    ("system", _("系统管理"), "Setting"),
]

# The group of entries whose app does not name one.
GROUP_OF = {
    "dashboard": "workbench",
    "my-info": "deputies",
    "deputies": "deputies",
    "deputy-statistics": "deputies",
    "suggestions_mine": "suggestions",
    "suggestions_board": "suggestions",
    "suggestions_inbox": "suggestions",
    "suggestions_stats": "suggestions",
    "suggestions_public": "suggestions",
    "stations": "stations",
    "my_station": "stations",
    "opinions": "stations",
    "opinions_to_handle": "stations",
    "station_statistics": "stations",
    "my-performance": "evaluation",
    "performance-archive": "evaluation",
    "performance-report-review": "evaluation",
    "performance-points": "evaluation",
    "evaluation-rounds": "evaluation",
    "indicator-systems": "evaluation",
    "ballots": "ballots",
    "projects": "ballots",
    "vote": "ballots",
}


def _shown(user, perm: str) -> bool:
    """The user holds the permission, and the page is theirs: a superuser holds every
    permission, but a deputy's own pages (我的信息, 我的履职, 我的培训学时: permissions of deputies
    alone) answer 404 for one who is no deputy, so they are not listed for them."""
    if not has_perm(user, perm):
        return False
    roles = all_rules().get(perm, frozenset())
    return user.role in roles or roles != {Role.DEPUTY}


def menu_for(user) -> list[dict]:
    """The user's entries, flat, in order (each with its group's key)."""
    entries = []
    for module in app_modules("menu"):
        for order, key, label, url_name, icon, perm, *group in module.ITEMS:
            if not _shown(user, perm):
                continue
            try:
                url = reverse(url_name)
            except NoReverseMatch:
                continue
            group_key = group[0] if group else GROUP_OF.get(key, "workbench")
            entries.append(
                {"order": order, "key": key, "label": str(label), "url": url, "icon": icon,
                 "group": group_key}
            )  # fmt: skip
    # One page may have an entry per role (the ledger: staff and units); one who holds both
    # permissions (an admin) sees it once.
    seen, unique = set(), []
    for e in sorted(entries, key=lambda e: e["order"]):
        if e["url"] not in seen:
            seen.add(e["url"])
            unique.append(e)
    return unique


def menu_groups(entries: list[dict]) -> list[dict]:
    """Entries (menu_for's) in their groups; a group with no entry is left out."""
    groups = []
    for key, label, icon in GROUPS:
        items = [e for e in entries if e["group"] == key]
        if items:
            groups.append({"key": key, "label": str(label), "icon": icon, "items": items})
    return groups
