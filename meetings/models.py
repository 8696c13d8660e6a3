"""Meetings and activities 会议与活动: one Event for both (a session of a congress extends the
existing congress.Session), its agenda and documents, the people invited, their sign-ins, and
campaigns that group activities under one theme."""

import datetime as dt
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from congress.models import Region, Session
from representatives.models import Deputy


class Kind(models.TextChoices):
    SESSION = "session", _("代表大会会议")
    STANDING_COMMITTEE = "standing_committee", _("常委会会议")
    CHAIRPERSONS = "chairpersons", _("主任会议")
    JOINT = "joint", _("联席会议")
    GROUP_MEETING = "group_meeting", _("代表小组会议")
    INSPECTION = "inspection", _("视察")
    RESEARCH = "research", _("调研")
    LAW_CHECK = "law_check", _("执法检查")
    INQUIRY = "inquiry", _("专题询问")
    LEGAL_PUBLICITY = "legal_publicity", _("普法宣传")
    RECEPTION = "reception", _("接待选民")
    GROUP_ACTIVITY = "group_activity", _("小组活动")
    TRAINING = "training", _("培训")


MEETING_KINDS = frozenset(
    {
        Kind.SESSION,
        Kind.STANDING_COMMITTEE,
        Kind.CHAIRPERSONS,
        Kind.JOINT,
        Kind.GROUP_MEETING,
    }
)
# Leave from these needs the approval of the organising region's staff (代表法: a deputy who
# cannot attend a session asks for leave; the standing committee's rules say the same).
LEAVE_NEEDS_APPROVAL = frozenset({Kind.SESSION, Kind.STANDING_COMMITTEE})


def new_sign_in_key() -> str:
    return secrets.token_urlsafe(12)


class Campaign(models.Model):
    """A themed campaign (代表在行动, 千名代表访万人, ...) that groups activities for a period."""

    theme = models.CharField(_("主题"), max_length=100)
    region = models.ForeignKey(
        Region, verbose_name=_("组织区划"), on_delete=models.PROTECT, related_name="campaigns"
    )
    starts_on = models.DateField(_("开始日期"))
    ends_on = models.DateField(_("结束日期"))
    description = models.TextField(_("说明"), blank=True)
    target_events = models.PositiveIntegerField(_("目标活动场次"), default=0)
    target_participants = models.PositiveIntegerField(_("目标参加人次"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("创建人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("主题活动")
        verbose_name_plural = _("主题活动")
        ordering = ["-starts_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="campaign_dates_ordered"
            ),
        ]

    def __str__(self):
        return self.theme

    def clean(self):
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("结束日期不能早于开始日期。")})


class Event(models.Model):
    """A meeting or an activity: who organises it, when and where, and its sign-in rules."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("筹备中")
        OPEN = "open", _("签到中")
        CLOSED = "closed", _("已结束")
        CANCELLED = "cancelled", _("已取消")

    kind = models.CharField(_("类别"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("名称"), max_length=200)
    description = models.TextField(_("内容说明"), blank=True)
    region = models.ForeignKey(
        Region, verbose_name=_("组织区划"), on_delete=models.PROTECT, related_name="events"
    )
    session = models.ForeignKey(
        Session,
        verbose_name=_("代表大会会议"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="events",
        help_text=_("代表大会会议关联已登记的会次。"),
    )
    campaign = models.ForeignKey(
        Campaign,
        verbose_name=_("所属主题活动"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
    )
    starts_at = models.DateTimeField(_("开始时间"))
    ends_at = models.DateTimeField(_("结束时间"))
    place = models.CharField(_("地点"), max_length=200, blank=True)
    online = models.BooleanField(_("线上举行"), default=False)
    online_link = models.URLField(_("线上会议链接"), blank=True)
    latitude = models.DecimalField(_("纬度"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(
        _("经度"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    status = models.CharField(
        _("状态"), max_length=10, choices=Status.choices, default=Status.PLANNED
    )
    requires_deputies = models.BooleanField(_("必邀代表参加"), default=False)
    requires_sign_out = models.BooleanField(_("须签退（半天计）"), default=False)
    sign_in_opens_at = models.DateTimeField(_("签到开始"), null=True, blank=True)
    sign_in_closes_at = models.DateTimeField(_("签到截止"), null=True, blank=True)
    late_after_minutes = models.PositiveSmallIntegerField(
        _("迟到宽限（分钟）"),
        default=15,
        validators=[MaxValueValidator(240)],
        help_text=_("开始后超过该分钟数签到记为迟到。"),
    )
    # Rotated at every opening: a code printed for an earlier opening no longer verifies.
    sign_in_key = models.CharField(_("签到密钥"), max_length=32, default=new_sign_in_key)
    cancel_reason = models.CharField(_("取消原因"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("创建人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    opened_at = models.DateTimeField(_("开启签到时间"), null=True, blank=True)
    closed_at = models.DateTimeField(_("结束时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("会议活动")
        verbose_name_plural = _("会议活动")
        ordering = ["-starts_at", "-id"]
        indexes = [
            models.Index(fields=["region", "starts_at"], name="event_region_start_idx"),
            models.Index(fields=["starts_at"], name="event_start_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="event_times_ordered"
            ),
            models.CheckConstraint(
                condition=~Q(kind="session") | Q(session__isnull=False),
                name="event_session_linked",
            ),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        errors = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("结束时间必须晚于开始时间。")
        if self.kind == Kind.SESSION and not self.session_id:
            errors["session"] = _("代表大会会议须关联会次。")
        if self.kind != Kind.SESSION and self.session_id:
            errors["session"] = _("只有代表大会会议可以关联会次。")
        if not self.online and not self.place.strip():
            errors["place"] = _("请填写地点，或选择线上举行。")
        if (self.latitude is None) != (self.longitude is None):
            errors["latitude"] = _("经纬度须同时填写。")
        if self.latitude is not None and not -90 <= self.latitude <= 90:
            errors["latitude"] = _("纬度应在 -90 到 90 之间。")
        if self.longitude is not None and not -180 <= self.longitude <= 180:
            errors["longitude"] = _("经度应在 -180 到 180 之间。")
        opens, closes = self.sign_in_opens_at, self.sign_in_closes_at
        if opens and closes and closes <= opens:
            errors["sign_in_closes_at"] = _("签到截止时间必须晚于签到开始时间。")
        if closes and self.ends_at and closes > self.ends_at + dt.timedelta(hours=12):
            errors["sign_in_closes_at"] = _("签到截止时间不能晚于结束后12小时。")
        if errors:
            raise ValidationError(errors)

    @property
    def is_meeting(self) -> bool:
        return self.kind in MEETING_KINDS

    @property
    def leave_needs_approval(self) -> bool:
        return self.kind in LEAVE_NEEDS_APPROVAL

    @property
    def window(self) -> tuple[dt.datetime, dt.datetime]:
        """The sign-in window: as set, else from 30 minutes before the start to the end."""
        opens = self.sign_in_opens_at or self.starts_at - dt.timedelta(minutes=30)
        closes = self.sign_in_closes_at or self.ends_at
        return opens, closes

    @property
    def half_days(self) -> int:
        """How many half days the event spans (what an absence costs under 常德/江北 rules)."""
        hours = (self.ends_at - self.starts_at).total_seconds() / 3600
        if hours <= 5:
            return 1
        days = (timezone.localdate(self.ends_at) - timezone.localdate(self.starts_at)).days + 1
        return min(60, 2 * max(1, days))


class AgendaItem(models.Model):
    event = models.ForeignKey(
        Event, verbose_name=_("会议活动"), on_delete=models.CASCADE, related_name="agenda"
    )
    order = models.PositiveSmallIntegerField(_("序号"), validators=[MinValueValidator(1)])
    title = models.CharField(_("议程"), max_length=200)
    presenter = models.CharField(_("汇报人"), max_length=100, blank=True)
    starts_at = models.DateTimeField(_("时间"), null=True, blank=True)
    notes = models.TextField(_("说明"), blank=True)

    class Meta:
        verbose_name = _("议程")
        verbose_name_plural = _("议程")
        ordering = ["event_id", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["event", "order"], name="agenda_unique_order"),
        ]

    def __str__(self):
        return f"{self.order}. {self.title}"


class EventDocument(models.Model):
    """A document of a meeting (材料): each upload under the same title is a new version."""

    event = models.ForeignKey(
        Event, verbose_name=_("会议活动"), on_delete=models.CASCADE, related_name="documents"
    )
    title = models.CharField(_("材料名称"), max_length=200)
    version = models.PositiveSmallIntegerField(_("版本"), default=1)
    is_final = models.BooleanField(_("定稿"), default=False)
    file = models.FileField(_("文件"), upload_to="meetings/documents/%Y/")
    file_name = models.CharField(_("原文件名"), max_length=200)
    content_type = models.CharField(_("文件类型"), max_length=100)
    size = models.PositiveIntegerField(_("大小（字节）"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("上传人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("会议材料")
        verbose_name_plural = _("会议材料")
        ordering = ["event_id", "title", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "title", "version"], name="document_unique_version"
            ),
        ]

    def __str__(self):
        return f"{self.title} v{self.version}"


class Invitation(models.Model):
    """One person invited to an event: a deputy, or someone who may not be one (a committee
    member, an official of 一府一委两院, staff), by account or by name and organisation. Their
    answer, their leave and its approval, and the attendance the event ends with."""

    class Role(models.TextChoices):
        DEPUTY = "deputy", _("代表")
        COMMITTEE = "committee", _("常委会组成人员")
        OFFICIAL = "official", _("一府一委两院人员")
        STAFF = "staff", _("工作人员")
        OTHER = "other", _("其他人员")

    class Answer(models.TextChoices):
        PENDING = "pending", _("未答复")
        ATTEND = "attend", _("参加")
        LEAVE = "leave", _("请假")

    class Leave(models.TextChoices):
        NONE = "", _("无")
        PENDING = "pending", _("待审批")
        APPROVED = "approved", _("已批准")
        REFUSED = "refused", _("未批准")

    class Attendance(models.TextChoices):
        UNKNOWN = "", _("未签到")
        PRESENT = "present", _("出席")
        LATE = "late", _("迟到")
        LEAVE = "leave", _("请假")
        ABSENT = "absent", _("缺席")

    event = models.ForeignKey(
        Event, verbose_name=_("会议活动"), on_delete=models.CASCADE, related_name="invitations"
    )
    role = models.CharField(_("身份"), max_length=12, choices=Role.choices, default=Role.DEPUTY)
    deputy = models.ForeignKey(
        Deputy,
        verbose_name=_("代表"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="event_invitations",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("账号"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="event_invitations",
    )
    name = models.CharField(_("姓名"), max_length=50)
    organisation = models.CharField(_("单位"), max_length=100, blank=True)
    answer = models.CharField(
        _("答复"), max_length=8, choices=Answer.choices, default=Answer.PENDING
    )
    answer_reason = models.CharField(_("请假事由"), max_length=300, blank=True)
    answered_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    leave = models.CharField(_("请假审批"), max_length=8, choices=Leave.choices, blank=True)
    leave_decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审批人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    leave_decided_at = models.DateTimeField(_("审批时间"), null=True, blank=True)
    leave_note = models.CharField(_("审批意见"), max_length=300, blank=True)
    attendance = models.CharField(_("出勤"), max_length=8, choices=Attendance.choices, blank=True)
    attendance_corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("更正人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    notified_at = models.DateTimeField(_("通知时间"), null=True, blank=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("邀请人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("邀请时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("邀请")
        verbose_name_plural = _("邀请")
        ordering = ["event_id", "role", "name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "deputy"],
                condition=Q(deputy__isnull=False),
                name="invitation_deputy_once",
            ),
            models.UniqueConstraint(
                fields=["event", "user"],
                condition=Q(user__isnull=False),
                name="invitation_user_once",
            ),
            models.CheckConstraint(
                condition=~Q(role="deputy") | Q(deputy__isnull=False),
                name="invitation_deputy_role_has_deputy",
            ),
        ]
        indexes = [
            models.Index(fields=["deputy", "event"], name="invitation_deputy_idx"),
            models.Index(fields=["user", "event"], name="invitation_user_idx"),
        ]

    def __str__(self):
        return f"{self.name} · {self.event_id}"


class SignIn(models.Model):
    """The one sign-in of an invitation: the unique key is what makes a second one impossible,
    even when two requests race."""

    class Method(models.TextChoices):
        QR = "qr", _("扫码签到")
        MANUAL = "manual", _("工作人员代签")
        SHEET = "sheet", _("纸质签到表导入")

    invitation = models.OneToOneField(
        Invitation, verbose_name=_("邀请"), on_delete=models.CASCADE, related_name="sign_in"
    )
    event = models.ForeignKey(
        Event, verbose_name=_("会议活动"), on_delete=models.CASCADE, related_name="sign_ins"
    )
    signed_in_at = models.DateTimeField(_("签到时间"))
    late = models.BooleanField(_("迟到"), default=False)
    method = models.CharField(_("签到方式"), max_length=8, choices=Method.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    signed_out_at = models.DateTimeField(_("签退时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("签到")
        verbose_name_plural = _("签到")
        ordering = ["event_id", "signed_in_at", "id"]
        indexes = [models.Index(fields=["event", "signed_in_at"], name="signin_event_time_idx")]

    def __str__(self):
        return f"{self.invitation_id} {self.signed_in_at:%Y-%m-%d %H:%M}"
