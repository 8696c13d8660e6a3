from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    """Meetings and activities: 会议 (sessions, standing committee, joint and group meetings),
    活动 (视察, 调研, 执法检查, ...) and campaigns, with invitations, leave, sign-in and attendance."""

    name = "meetings"
    label = "meetings"
    verbose_name = _("会议与活动")
