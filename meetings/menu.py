from django.utils.translation import gettext_lazy as _

# (order, key, label, url name, icon, permission, group)
ITEMS = [
    (14, "my-events", _("我的会议活动"), "meetings:my-events", "Calendar", "event.mine", "meetings"),
    (15, "my-attendance", _("我的出勤"), "meetings:my-attendance", "Checked", "event.mine",
     "meetings"),
    (50, "meetings", _("会议活动日历"), "meetings:calendar", "Calendar", "event.view", "meetings"),
    (52, "campaigns", _("主题活动"), "meetings:campaigns", "Flag", "campaign.view", "meetings"),
]  # fmt: skip
