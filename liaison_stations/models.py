"""Liaison stations 代表联络站: stations and their standardization, deputies grouped into them
(编组进站), duty days, visits 进站履职 and citizens' opinions 社情民意."""

import secrets
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from congress.models import HandlingUnit, Region
from representatives.models import Deputy, DeputyGroup, Mandate

# Letters and digits a citizen cannot confuse when reading a code aloud (no 0/O, 1/I/L).
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def random_code(length: int) -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(length))


def new_public_code() -> str:
    return random_code(8)


def new_feed_token() -> str:
    return secrets.token_urlsafe(24)


class StationKind(models.TextChoices):
    HOME = "home", _("代表之家")
    STATION = "station", _("代表联络站")
    LEGISLATIVE = "legislative", _("基层立法联系点")
    INFO = "info", _("信息采集站")
    ONLINE = "online", _("线上联络站")


class Rating(models.TextChoices):
    EXEMPLARY = "exemplary", _("示范站/标杆站")
    STANDARD = "standard", _("达标")
    SUBSTANDARD = "substandard", _("未达标")
    UNRATED = "", _("未评定")


class LiaisonStation(models.Model):
    name = models.CharField(_("站点名称"), max_length=100)
    kind = models.CharField(
        _("类型"), max_length=16, choices=StationKind.choices, default=StationKind.STATION
    )
    region = models.ForeignKey(
        Region, verbose_name=_("所在区划"), on_delete=models.PROTECT, related_name="stations"
    )
    address = models.CharField(_("地址"), max_length=200, blank=True)
    latitude = models.DecimalField(_("纬度"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(
        _("经度"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    contact_name = models.CharField(_("联系人"), max_length=30, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    opening_rules = models.CharField(
        _("开放时间"),
        max_length=200,
        blank=True,
        help_text=_("例如：每月6日、16日、26日 9:00-12:00"),
    )
    photo = models.ImageField(_("站点照片"), upload_to="stations/%Y/", blank=True)
    rating = models.CharField(
        _("评定等级"), max_length=12, choices=Rating.choices, default=Rating.UNRATED, blank=True
    )
    is_public = models.BooleanField(_("对外公开"), default=True)
    is_active = models.BooleanField(_("在用"), default=True)
    public_code = models.CharField(
        _("公开码"), max_length=12, unique=True, default=new_public_code, editable=False
    )
    feed_token = models.CharField(
        _("日历订阅令牌"), max_length=40, unique=True, default=new_feed_token, editable=False
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("代表联络站")
        verbose_name_plural = _("代表联络站")
        ordering = ["region_id", "name"]
        constraints = [
            models.UniqueConstraint(fields=["region", "name"], name="station_unique_name")
        ]

    def __str__(self):
        return self.name

    def clean(self):
        if self.latitude is not None and not -90 <= self.latitude <= 90:
            raise ValidationError({"latitude": _("纬度应在 -90 到 90 之间。")})
        if self.longitude is not None and not -180 <= self.longitude <= 180:
            raise ValidationError({"longitude": _("经度应在 -180 到 180 之间。")})


class StandardCriterion(models.Model):
    """One item of the "建管用" standard; configurable, so each province can keep its own list."""

    class Category(models.TextChoices):
        BUILD = "build", _("高标准建设")
        MANAGE = "manage", _("规范化管理")
        USE = "use", _("常态化使用")

    category = models.CharField(_("类别"), max_length=10, choices=Category.choices)
    title = models.CharField(_("标准项"), max_length=120)
    description = models.TextField(_("说明"), blank=True)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)
    is_active = models.BooleanField(_("在用"), default=True)

    class Meta:
        verbose_name = _("建设标准项")
        verbose_name_plural = _("建设标准项")
        ordering = ["order", "id"]

    def __str__(self):
        return self.title


class CriterionCheck(models.Model):
    """Whether a station meets one criterion, with the evidence."""

    station = models.ForeignKey(
        LiaisonStation, verbose_name=_("联络站"), on_delete=models.CASCADE, related_name="checks"
    )
    criterion = models.ForeignKey(
        StandardCriterion, verbose_name=_("标准项"), on_delete=models.CASCADE, related_name="checks"
    )
    met = models.BooleanField(_("是否达到"), default=False)
    evidence = models.CharField(_("佐证"), max_length=300, blank=True)
    checked_at = models.DateTimeField(_("核查时间"), auto_now=True)

    class Meta:
        verbose_name = _("标准核查")
        verbose_name_plural = _("标准核查")
        constraints = [
            models.UniqueConstraint(fields=["station", "criterion"], name="check_unique")
        ]

    def __str__(self):
        return f"{self.station} · {self.criterion}"


class MembershipQuerySet(models.QuerySet):
    def serving(self):
        """Active memberships of deputies who still hold a mandate: the ones a station counts,
        puts on duty and shows to citizens (a resigned deputy's membership may not be ended yet)."""
        holds_seat = Mandate.objects.filter(
            deputy_id=models.OuterRef("deputy_id"), status=Mandate.Status.SERVING
        )
        return self.filter(end_date__isnull=True).filter(models.Exists(holds_seat))


class StationMembership(models.Model):
    """A deputy grouped into a station 编组进站; ended, never deleted, when they move."""

    station = models.ForeignKey(
        LiaisonStation,
        verbose_name=_("联络站"),
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    deputy = models.ForeignKey(
        Deputy, verbose_name=_("代表"), on_delete=models.PROTECT, related_name="station_memberships"
    )
    group = models.ForeignKey(
        DeputyGroup,
        verbose_name=_("代表小组"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="station_memberships",
    )
    start_date = models.DateField(_("进站日期"), default=timezone.localdate)
    end_date = models.DateField(_("离站日期"), null=True, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("编组进站")
        verbose_name_plural = _("编组进站")
        ordering = ["station_id", "deputy_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["station", "deputy"],
                condition=Q(end_date__isnull=True),
                name="membership_one_active",
            )
        ]

    def __str__(self):
        return f"{self.deputy} · {self.station}"


class DutyRule(models.Model):
    """When deputies of a station (or of one group in it) receive citizens."""

    class Kind(models.TextChoices):
        DAYS_OF_MONTH = "days_of_month", _("每月固定日（如逢六）")
        WEEKDAY = "weekday", _("每周固定星期")
        DATES = "dates", _("指定日期")

    station = models.ForeignKey(
        LiaisonStation,
        verbose_name=_("联络站"),
        on_delete=models.CASCADE,
        related_name="duty_rules",
    )
    group = models.ForeignKey(
        DeputyGroup,
        verbose_name=_("代表小组"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        help_text=_("留空表示全站代表。"),
    )
    kind = models.CharField(_("规则类型"), max_length=16, choices=Kind.choices)
    days = models.JSONField(
        _("日期"),
        default=list,
        blank=True,
        help_text=_("每月几日（如 [6, 16, 26]）、星期几（[0] 为星期一）或日期列表。"),
    )
    start_time = models.TimeField(_("开始时间"), default="09:00")
    end_time = models.TimeField(_("结束时间"), default="12:00")
    per_day = models.PositiveSmallIntegerField(
        _("每次值班人数"), default=0, help_text=_("0 表示全部代表同时进站；否则轮流排班。")
    )
    is_active = models.BooleanField(_("在用"), default=True)

    class Meta:
        verbose_name = _("值班规则")
        verbose_name_plural = _("值班规则")
        ordering = ["station_id", "id"]

    def __str__(self):
        return f"{self.station} · {self.describe()}"

    def describe(self) -> str:
        if self.kind == self.Kind.DAYS_OF_MONTH:
            days = "、".join(f"{d}日" for d in self.days)
            return f"每月{days}"
        if self.kind == self.Kind.WEEKDAY:
            names = "一二三四五六日"
            return "每周" + "、".join(f"星期{names[d]}" for d in self.days)
        return "、".join(self.days)

    def clean(self):
        days = self.days if isinstance(self.days, list) else None
        if not days:
            raise ValidationError({"days": _("请至少填写一个日期。")})
        if self.kind == self.Kind.DAYS_OF_MONTH and not all(
            isinstance(d, int) and 1 <= d <= 31 for d in days
        ):
            raise ValidationError({"days": _("每月日期应为 1 到 31 之间的整数。")})
        if self.kind == self.Kind.WEEKDAY and not all(
            isinstance(d, int) and 0 <= d <= 6 for d in days
        ):
            raise ValidationError({"days": _("星期应为 0（星期一）到 6（星期日）。")})
        if self.kind == self.Kind.DATES:
            try:
                [date.fromisoformat(d) for d in days]
            except (TypeError, ValueError):
                raise ValidationError({"days": _("日期格式应为 YYYY-MM-DD。")}) from None
        if self.start_time and self.end_time and str(self.end_time) <= str(self.start_time):
            raise ValidationError({"end_time": _("结束时间必须晚于开始时间。")})


class DutyShift(models.Model):
    """One deputy on duty at one station on one day: a line of the roster."""

    station = models.ForeignKey(
        LiaisonStation, verbose_name=_("联络站"), on_delete=models.CASCADE, related_name="shifts"
    )
    deputy = models.ForeignKey(
        Deputy, verbose_name=_("代表"), on_delete=models.CASCADE, related_name="duty_shifts"
    )
    date = models.DateField(_("值班日期"))
    start_time = models.TimeField(_("开始时间"))
    end_time = models.TimeField(_("结束时间"))
    rule = models.ForeignKey(
        DutyRule, verbose_name=_("值班规则"), null=True, blank=True, on_delete=models.SET_NULL
    )
    swapped_from = models.ForeignKey(
        Deputy,
        verbose_name=_("原值班代表"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("值班安排")
        verbose_name_plural = _("值班安排")
        ordering = ["date", "station_id", "deputy_id"]
        constraints = [
            models.UniqueConstraint(fields=["station", "date", "deputy"], name="shift_unique")
        ]
        indexes = [models.Index(fields=["date"], name="shift_date_idx")]

    def __str__(self):
        return f"{self.date} {self.station} {self.deputy}"


class DeputyCalendar(models.Model):
    """The secret address of a deputy's duty calendar, so a phone can subscribe without login."""

    deputy = models.OneToOneField(
        Deputy, verbose_name=_("代表"), on_delete=models.CASCADE, related_name="duty_calendar"
    )
    token = models.CharField(_("订阅令牌"), max_length=40, unique=True, default=new_feed_token)

    class Meta:
        verbose_name = _("值班日历订阅")
        verbose_name_plural = _("值班日历订阅")

    def __str__(self):
        return str(self.deputy)


class VisitKind(models.TextChoices):
    RECEPTION = "reception", _("接待选民")
    INSPECTION = "inspection", _("视察")
    RESEARCH = "research", _("调研")
    LEGAL_PUBLICITY = "legal_publicity", _("普法宣传")
    LEGISLATIVE = "legislative", _("立法意见征集")
    GROUP_ACTIVITY = "group_activity", _("小组活动")
    OTHER = "other", _("其他")


class StationVisit(models.Model):
    """One deputy's visit 进站履职: one row per deputy, so the performance archive and the
    evaluation read it by (deputy, date, kind, confirmed) without unpacking groups."""

    # No index of their own: the (deputy, date) and (station, date) indexes lead with them.
    deputy = models.ForeignKey(
        Deputy,
        verbose_name=_("代表"),
        on_delete=models.PROTECT,
        related_name="station_visits",
        db_index=False,
    )
    station = models.ForeignKey(
        LiaisonStation,
        verbose_name=_("联络站"),
        on_delete=models.PROTECT,
        related_name="visits",
        db_index=False,
    )
    date = models.DateField(_("日期"))
    kind = models.CharField(_("活动类型"), max_length=20, choices=VisitKind.choices)
    kind_other = models.CharField(_("其他活动说明"), max_length=50, blank=True)
    online = models.BooleanField(_("线上履职"), default=False)
    people_received = models.PositiveIntegerField(_("接待群众人数"), default=0)
    matters = models.TextField(_("反映的问题"), blank=True)
    group = models.ForeignKey(
        DeputyGroup,
        verbose_name=_("代表小组"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    batch = models.CharField(
        _("同一活动"), max_length=32, blank=True, help_text=_("同一次小组活动的各条记录共享此值。")
    )
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    confirmed = models.BooleanField(_("已确认"), default=False)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("确认人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    confirmed_at = models.DateTimeField(_("确认时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("进站履职")
        verbose_name_plural = _("进站履职")
        ordering = ["-date", "-id"]
        indexes = [
            models.Index(fields=["deputy", "date"], name="visit_deputy_date_idx"),
            models.Index(fields=["station", "date"], name="visit_station_date_idx"),
            # the visits list, newest first: walked in order, stopped after one page
            models.Index(fields=["-date", "-id"], name="visit_date_id_idx"),
            # the station statistics of a quarter or a year: who came to which station, read
            # from the index alone (2.5 million visits: 4.3 s to 2.5 s at province scale)
            models.Index(
                fields=["date", "station", "deputy"], name="visit_date_station_deputy_idx"
            ),
        ]

    def __str__(self):
        return f"{self.date} {self.deputy} {self.get_kind_display()}"

    def clean(self):
        if self.date and self.date > timezone.localdate():
            raise ValidationError({"date": _("履职日期不能晚于今天。")})
        if self.kind == VisitKind.OTHER and not self.kind_other:
            raise ValidationError({"kind_other": _("活动类型为“其他”时请说明。")})


class VisitPhoto(models.Model):
    visit = models.ForeignKey(
        StationVisit, verbose_name=_("履职记录"), on_delete=models.CASCADE, related_name="photos"
    )
    image = models.ImageField(_("照片"), upload_to="visits/%Y/%m/")

    class Meta:
        verbose_name = _("履职照片")
        verbose_name_plural = _("履职照片")

    def __str__(self):
        return self.image.name


# The deadline of an opinion that was not forwarded with a due date of its own: this many days
# after the day it was received (Beijing time).
OPINION_ANSWER_DAYS = 15


def _start_of_day(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=timezone.get_default_timezone())


class OpinionQuerySet(models.QuerySet):
    def still_open(self) -> "OpinionQuerySet":
        """Not answered and not turned into a suggestion (that one is followed as a suggestion)."""
        return self.exclude(status__in=[Opinion.Status.ANSWERED, Opinion.Status.SUGGESTION])

    def overdue(self, *, on: date) -> "OpinionQuerySet":
        """超期 on a day: the one definition that the board, the to-do list, the statistics, the
        dashboard and the township evaluation count. Still open and past its deadline: the due
        date given when it was forwarded, otherwise OPINION_ANSWER_DAYS after the day it was
        received. Its deadline day itself is still in time."""
        received_by = _start_of_day(on - timedelta(days=OPINION_ANSWER_DAYS))
        return self.still_open().filter(
            Q(due_date__lt=on) | Q(due_date__isnull=True, received_at__lt=received_by)
        )


class Opinion(models.Model):
    """A citizen's opinion 社情民意, followed from receipt to an answer the citizen can see."""

    class Source(models.TextChoices):
        PUBLIC_FORM = "public_form", _("扫码留言")
        STATION = "station", _("站内登记")
        HOTLINE = "hotline", _("12345热线转来")

    class Status(models.TextChoices):
        RECEIVED = "received", _("已受理")
        WITH_DEPUTY = "with_deputy", _("已转代表")
        FORWARDED = "forwarded", _("已转办")
        SUGGESTION = "suggestion", _("已转为代表建议")
        ANSWERED = "answered", _("已办结")

    station = models.ForeignKey(
        LiaisonStation, verbose_name=_("联络站"), on_delete=models.PROTECT, related_name="opinions"
    )
    tracking_code = models.CharField(_("查询码"), max_length=12, unique=True)
    source = models.CharField(_("来源"), max_length=12, choices=Source.choices)
    hotline_ref = models.CharField(_("12345工单号"), max_length=40, blank=True)
    title = models.CharField(_("标题"), max_length=100)
    content = models.TextField(_("内容"))
    citizen_name = models.CharField(_("群众姓名"), max_length=30, blank=True)
    citizen_phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    status = models.CharField(
        _("状态"), max_length=12, choices=Status.choices, default=Status.RECEIVED
    )
    received_at = models.DateTimeField(_("受理时间"), default=timezone.now)
    assigned_staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("经办人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    assigned_deputy = models.ForeignKey(
        Deputy,
        verbose_name=_("转交代表"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="opinions",
    )
    handling_unit = models.ForeignKey(
        HandlingUnit,
        verbose_name=_("承办单位"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="opinions",
    )
    due_date = models.DateField(_("办理期限"), null=True, blank=True)
    suggestion_id = models.BigIntegerField(_("代表建议ID"), null=True, blank=True)
    handler_reply = models.TextField(
        _("办理反馈"),
        blank=True,
        help_text=_("承办单位或转交代表反馈的办理情况，供工作人员答复群众。"),
    )
    handler_replied_at = models.DateTimeField(_("反馈时间"), null=True, blank=True)
    public_answer = models.TextField(_("答复（群众可见）"), blank=True)
    answered_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    internal_note = models.TextField(_("内部备注"), blank=True)

    objects = OpinionQuerySet.as_manager()

    class Meta:
        verbose_name = _("社情民意")
        verbose_name_plural = _("社情民意")
        ordering = ["-received_at", "-id"]
        indexes = [
            models.Index(fields=["station", "received_at"], name="opinion_station_idx"),
            models.Index(fields=["status", "due_date"], name="opinion_status_due_idx"),
            # the opinions list, newest first
            models.Index(fields=["-received_at", "-id"], name="opinion_received_id_idx"),
        ]

    def __str__(self):
        return f"{self.tracking_code} {self.title}"

    @staticmethod
    def deadline_of(due_date: date | None, received_at: datetime) -> date:
        """The day by which an opinion is to be answered (see OpinionQuerySet.overdue)."""
        return due_date or timezone.localdate(received_at) + timedelta(days=OPINION_ANSWER_DAYS)

    @property
    def deadline(self) -> date:
        return self.deadline_of(self.due_date, self.received_at)

    @property
    def is_overdue(self) -> bool:
        """The same as `Opinion.objects.overdue(on=today)`, for one opinion already loaded."""
        still_open = self.status not in (self.Status.ANSWERED, self.Status.SUGGESTION)
        return still_open and self.deadline < timezone.localdate()


class OpinionEvent(models.Model):
    """One step of an opinion's handling; `public_note` is what the citizen reads."""

    opinion = models.ForeignKey(
        Opinion, verbose_name=_("社情民意"), on_delete=models.CASCADE, related_name="events"
    )
    status = models.CharField(_("状态"), max_length=12, choices=Opinion.Status.choices)
    public_note = models.CharField(_("进展说明"), max_length=200, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("时间"), default=timezone.now)

    class Meta:
        verbose_name = _("办理进展")
        verbose_name_plural = _("办理进展")
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.opinion_id} {self.status}"
