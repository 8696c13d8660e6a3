"""The core: regions, congresses and terms, handling units, accounts, notifications, audit."""

import uuid

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

CN_DIGITS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """1 → 一, 18 → 十八, 20 → 二十 (enough for terms and sessions)."""
    if n < 10:
        return CN_DIGITS[n]
    tens, ones = divmod(n, 10)
    prefix = "" if tens == 1 else CN_DIGITS[tens]
    return f"{prefix}十{CN_DIGITS[ones] if ones else ''}"


class Region(models.Model):
    """An administrative division. The national code is the key, and a child's code always
    starts with its parent's, so a whole subtree is one indexed prefix query
    (`region_id LIKE '4305%'`), with no join and no recursion."""

    class Level(models.TextChoices):
        PROVINCE = "province", _("省")
        CITY = "city", _("市/州")
        COUNTY = "county", _("县/市/区")
        TOWNSHIP = "township", _("乡镇/街道")

    code = models.CharField(_("区划代码"), max_length=12, primary_key=True)
    name = models.CharField(_("名称"), max_length=50)
    level = models.CharField(_("层级"), max_length=10, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )

    class Meta:
        verbose_name = _("行政区划")
        verbose_name_plural = _("行政区划")
        ordering = ["code"]

    def __str__(self):
        return self.name

    def clean(self):
        if self.parent_id and not self.code.startswith(self.parent_id):
            raise ValidationError({"code": _("区划代码必须以上级区划代码开头。")})

    def contains(self, code: str | None) -> bool:
        return bool(code) and code.startswith(self.code)

    def ancestors(self) -> list["Region"]:
        """The chain from the province down to this region, in one query."""
        prefixes = [self.code[:n] for n in (2, 4, 6, 9) if n <= len(self.code)]
        return list(Region.objects.filter(code__in=prefixes).order_by("code"))

    @property
    def full_name(self) -> str:
        return (
            "".join(r.name for r in self.ancestors() if r.level != Region.Level.PROVINCE)
            or self.name
        )


class Congress(models.Model):
    """The people's congress of one region: every level from township up has one."""

    class Level(models.TextChoices):
        NATIONAL = "national", _("全国")
        PROVINCIAL = "provincial", _("省级")
        CITY = "city", _("市级")
        COUNTY = "county", _("县级")
        TOWNSHIP = "township", _("乡镇级")

    LEVEL_OF_REGION = {
        Region.Level.PROVINCE: Level.PROVINCIAL,
        Region.Level.CITY: Level.CITY,
        Region.Level.COUNTY: Level.COUNTY,
        Region.Level.TOWNSHIP: Level.TOWNSHIP,
    }

    region = models.OneToOneField(Region, verbose_name=_("行政区划"), on_delete=models.PROTECT)
    level = models.CharField(_("层级"), max_length=12, choices=Level.choices)
    name = models.CharField(_("名称"), max_length=80)

    class Meta:
        verbose_name = _("人民代表大会")
        verbose_name_plural = _("人民代表大会")
        ordering = ["region_id"]

    def __str__(self):
        return self.name

    @property
    def has_standing_committee(self) -> bool:
        return self.level != self.Level.TOWNSHIP


class Term(models.Model):
    """A numbered term 届 of a congress (five years)."""

    congress = models.ForeignKey(
        Congress, verbose_name=_("人民代表大会"), on_delete=models.PROTECT, related_name="terms"
    )
    number = models.PositiveSmallIntegerField(_("届次"))
    start_date = models.DateField(_("开始日期"))
    end_date = models.DateField(_("结束日期"))

    class Meta:
        verbose_name = _("届次")
        verbose_name_plural = _("届次")
        ordering = ["congress_id", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["congress", "number"], name="term_unique_number"),
            models.CheckConstraint(
                condition=models.Q(end_date__gt=models.F("start_date")), name="term_dates_ordered"
            ),
        ]

    def __str__(self):
        return f"{self.congress.name}第{chinese_number(self.number)}届"

    @property
    def label(self) -> str:
        """第十八届 in Chinese, "Term 18" (the catalogue's words, digits) in a translation."""
        number = (
            chinese_number(self.number)
            if (get_language() or "zh").startswith("zh")
            else self.number
        )
        return gettext("第%(number)s届") % {"number": number}

    def clean(self):
        if self.start_date and self.end_date and self.end_date <= self.start_date:
            raise ValidationError({"end_date": _("结束日期必须晚于开始日期。")})


class Session(models.Model):
    """A session 会议 of a term (e.g. 第三次会议)."""

    term = models.ForeignKey(
        Term, verbose_name=_("届次"), on_delete=models.PROTECT, related_name="sessions"
    )
    number = models.PositiveSmallIntegerField(_("会次"))
    start_date = models.DateField(_("开幕日期"))
    end_date = models.DateField(_("闭幕日期"))

    class Meta:
        verbose_name = _("会议")
        verbose_name_plural = _("会议")
        ordering = ["term_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["term", "number"], name="session_unique_number"),
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")),
                name="session_dates_ordered",
            ),
        ]

    def __str__(self):
        return f"{self.term}第{chinese_number(self.number)}次会议"

    def clean(self):
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("闭幕日期不能早于开幕日期。")})


class HandlingUnit(models.Model):
    """A body that handles deputies' suggestions (一府一委两院 and others)."""

    class Kind(models.TextChoices):
        GOVERNMENT = "government", _("政府部门")
        SUPERVISION = "supervision", _("监察委员会")
        COURT = "court", _("人民法院")
        PROCURATORATE = "procuratorate", _("人民检察院")
        OTHER = "other", _("其他单位")

    name = models.CharField(_("单位名称"), max_length=100)
    region = models.ForeignKey(
        Region, verbose_name=_("所属区划"), on_delete=models.PROTECT, related_name="handling_units"
    )
    kind = models.CharField(
        _("单位类别"), max_length=16, choices=Kind.choices, default=Kind.GOVERNMENT
    )
    contact_name = models.CharField(_("联系人"), max_length=30, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    is_active = models.BooleanField(_("在用"), default=True)

    class Meta:
        verbose_name = _("承办单位")
        verbose_name_plural = _("承办单位")
        ordering = ["region_id", "name"]
        constraints = [
            models.UniqueConstraint(fields=["region", "name"], name="unit_unique_name_in_region")
        ]

    def __str__(self):
        return self.name


class Role(models.TextChoices):
    ADMIN = "admin", _("系统管理员")
    STAFF = "staff", _("人大机关工作人员")
    SUPERVISOR = "supervisor", _("领导")
    HANDLING_UNIT = "unit", _("承办单位")
    DEPUTY = "deputy", _("人大代表")
    # A leader of 一府一委两院 bound to their body (handling_unit): contacts deputies, answers
    # 专题询问, owns their body's 整改 (contacts/, supervision/).
    OFFICIAL = "official", _("国家机关领导干部")
    # An outside legal expert 外脑: reads the files of the 备案审查 reviews they are invited to, and
    # nothing else (filings/).
    EXPERT = "expert", _("外脑专家")


class User(AbstractUser):
    """An account. Staff and supervisors are bound to a region and see its subtree;
    a handling-unit user to a unit; a deputy user to a Deputy (representatives.Deputy.user)."""

    name = models.CharField(_("姓名"), max_length=50, blank=True)
    role = models.CharField(_("角色"), max_length=12, choices=Role.choices, blank=True)
    region = models.ForeignKey(
        Region,
        verbose_name=_("所属区划"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    handling_unit = models.ForeignKey(
        HandlingUnit,
        verbose_name=_("承办单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    phone = models.CharField(_("手机号码"), max_length=20, blank=True)
    must_change_password = models.BooleanField(_("须修改密码"), default=False)

    objects = UserManager()

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(role__in=["staff", "supervisor"])
                | models.Q(region__isnull=False),
                name="user_region_required_for_staff",
            ),
            models.CheckConstraint(
                condition=~models.Q(role="unit") | models.Q(handling_unit__isnull=False),
                name="user_unit_required_for_unit_role",
            ),
        ]

    def __str__(self):
        return self.name or self.username

    def clean(self):
        super().clean()
        if self.role in (Role.STAFF, Role.SUPERVISOR) and not self.region_id:
            raise ValidationError({"region": _("工作人员和领导必须指定所属区划。")})
        if self.role == Role.HANDLING_UNIT and not self.handling_unit_id:
            raise ValidationError({"handling_unit": _("承办单位用户必须指定承办单位。")})

    @property
    def display_name(self) -> str:
        return self.name or self.username

    @property
    def is_admin(self) -> bool:
        return self.is_superuser or self.role == Role.ADMIN


class AuditLog(models.Model):
    """Who changed what, when, with the row before and after. Append-only: the application
    offers no way to change or delete a row, and on PostgreSQL a trigger refuses it too."""

    class Action(models.TextChoices):
        CREATE = "create", _("新增")
        UPDATE = "update", _("修改")
        DELETE = "delete", _("删除")
        REVEAL = "reveal", _("查看敏感信息")
        IMPORT = "import", _("导入")
        EXPORT = "export", _("导出")
        LOGIN = "login", _("登录")
        LOGOUT = "logout", _("退出")

    at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)
    actor_id = models.BigIntegerField(_("操作人ID"), null=True, blank=True)
    actor_name = models.CharField(_("操作人"), max_length=150, blank=True)
    action = models.CharField(_("操作"), max_length=10, choices=Action.choices)
    model = models.CharField(_("对象类型"), max_length=100)
    object_pk = models.CharField(_("对象ID"), max_length=64, blank=True)
    object_repr = models.CharField(_("对象"), max_length=200, blank=True)
    before = models.JSONField(_("修改前"), null=True, blank=True)
    after = models.JSONField(_("修改后"), null=True, blank=True)
    ip = models.GenericIPAddressField(_("IP地址"), null=True, blank=True)

    class Meta:
        verbose_name = _("审计日志")
        verbose_name_plural = _("审计日志")
        ordering = ["-at"]
        indexes = [models.Index(fields=["model", "object_pk"], name="audit_object_idx")]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} {self.get_action_display()} {self.object_repr}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValidationError(_("审计日志不可修改。"))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(_("审计日志不可删除。"))


class Notification(models.Model):
    """One message in a user's notification centre."""

    # No index of its own: notification_unread_idx leads with it (one index less to write for
    # each of the reminder sweep's 300,000 notices).
    recipient = models.ForeignKey(
        User,
        verbose_name=_("接收人"),
        on_delete=models.CASCADE,
        related_name="notifications",
        db_index=False,
    )
    kind = models.CharField(_("类别"), max_length=40, blank=True)
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("内容"), blank=True)
    link = models.CharField(_("链接"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)
    read_at = models.DateTimeField(_("已读时间"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("邮件发送时间"), null=True, blank=True)
    texted_at = models.DateTimeField(_("短信发送时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("通知")
        verbose_name_plural = _("通知")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notification_unread_idx")]

    def __str__(self):
        return self.title


class SentReminder(models.Model):
    """The once-only ledger: a reminder is recorded under (object, kind, threshold) before it
    is sent, so a second worker, a retry or a crash never sends it twice."""

    object_key = models.CharField(_("对象"), max_length=80)
    kind = models.CharField(_("提醒类别"), max_length=40)
    threshold = models.CharField(_("阈值"), max_length=40)
    sent_at = models.DateTimeField(_("发送时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("提醒记录")
        verbose_name_plural = _("提醒记录")
        constraints = [
            models.UniqueConstraint(
                fields=["object_key", "kind", "threshold"], name="reminder_sent_once"
            ),
        ]

    def __str__(self):
        return f"{self.object_key} {self.kind} {self.threshold}"


class OutboxMessage(models.Model):
    """One e-mail or text to send. Recorded in the transaction that causes it, claimed by a
    worker with a lease (`claimed_until`), marked sent only after the send succeeded, retried
    with exponential backoff and finally `failed`, listed for staff. A worker that dies leaves
    its lease to expire, and the periodic sweep sends the row again."""

    class Channel(models.TextChoices):
        EMAIL = "email", _("邮件")
        SMS = "sms", _("短信")

    class Status(models.TextChoices):
        PENDING = "pending", _("待发送")
        SENDING = "sending", _("发送中")
        SENT = "sent", _("已发送")
        FAILED = "failed", _("发送失败")

    channel = models.CharField(_("渠道"), max_length=8, choices=Channel.choices)
    recipient = models.CharField(_("收件地址"), max_length=254)
    subject = models.CharField(_("主题"), max_length=200, blank=True)
    body = models.TextField(_("内容"), blank=True)
    notification = models.ForeignKey(
        Notification,
        verbose_name=_("通知"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="outbox_messages",
        db_index=False,  # no index and no database constraint: see Meta
        db_constraint=False,
    )
    user = models.ForeignKey(
        User,
        verbose_name=_("接收人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="outbox_messages",
        db_index=False,
        db_constraint=False,
    )
    region = models.ForeignKey(
        Region,
        verbose_name=_("所属区划"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("用于决定哪些工作人员可以查看和重发。"),
        db_index=False,
        db_constraint=False,
    )
    kind = models.CharField(_("类别"), max_length=40, blank=True)
    status = models.CharField(
        _("状态"), max_length=8, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("尝试次数"), default=0)
    next_attempt_at = models.DateTimeField(_("下次尝试时间"), null=True, blank=True)
    claimed_until = models.DateTimeField(_("租约到期"), null=True, blank=True)
    last_error = models.TextField(_("最近错误"), blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    sent_at = models.DateTimeField(_("发送时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("待发消息")
        verbose_name_plural = _("待发消息")
        ordering = ["-created_at", "-id"]
        # Cheap to write: the reminder sweep writes an outbox row per e-mail and text in the
        # statement that writes the notifications. Measured on 80,000 notifications: +80 % with
        # a foreign-key index and a deferred constraint check per column, +20 % without them.
        # The rows point at a notification and a user written in the same statement, and
        # Django's on_delete still clears them; nothing looks rows up by notification, user or
        # region but the failed list (few rows) and deleting an account, which the portal never
        # does (it deactivates). The sweep finds due rows through the one index below.
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="outbox_due_idx")]

    def __str__(self):
        return f"{self.get_channel_display()} {self.recipient} {self.subject}"


class ApiToken(models.Model):
    """A key for the API, one per device or script. Only the key's SHA-256 is stored (the key is
    shown once, when it is issued). It ends when idle (settings.API_TOKEN_IDLE_MINUTES after its
    last use), at `expires_at` (settings.API_TOKEN_MAX_HOURS after issue), when revoked (logout,
    by its owner, deactivation), and whenever the account's password changes by any route:
    `password_fingerprint` is an HMAC of the password hash it was issued under
    (congress.tokens)."""

    class Reason(models.TextChoices):
        OWNER = "owner", _("本人吊销")
        ADMIN = "admin", _("管理员吊销")
        LOGOUT = "logout", _("退出登录")
        PASSWORD = "password", _("密码已修改")
        DEACTIVATED = "deactivated", _("账号已停用")
        REPLACED = "replaced", _("令牌数超过上限")

    user = models.ForeignKey(
        User, verbose_name=_("用户"), on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("名称"), max_length=50, blank=True)
    key_hash = models.CharField(_("令牌摘要"), max_length=64, unique=True)
    prefix = models.CharField(_("令牌前缀"), max_length=12)
    password_fingerprint = models.CharField(_("密码指纹"), max_length=64)
    created_at = models.DateTimeField(_("签发时间"))
    last_used_at = models.DateTimeField(_("最近使用时间"), null=True, blank=True)
    expires_at = models.DateTimeField(_("到期时间"))
    revoked_at = models.DateTimeField(_("吊销时间"), null=True, blank=True)
    revoked_reason = models.CharField(
        _("吊销原因"), max_length=12, choices=Reason.choices, blank=True
    )

    class Meta:
        verbose_name = _("API令牌")
        verbose_name_plural = _("API令牌")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "revoked_at"], name="apitoken_user_live_idx")]

    def __str__(self):
        return f"{self.user} {self.name or self.prefix}"


def job_file_path(job: "Job", filename: str) -> str:
    """Private, one folder per job (never served from /media/: congress.downloads is the way out)."""
    return f"jobs/{job.pk}/{filename}"


class Job(models.Model):
    """Long work a user started (an export, an import, a recomputation), run by a worker.

    A worker takes the row with a compare-and-swap (queued, or running with an expired lease →
    running under its own attempt number); progress and the outcome are written only while that
    attempt still holds it, so a retry or a second worker never runs it twice. The rows and
    their files expire (congress.jobs.services.jobs_sweep)."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("排队中")
        RUNNING = "running", _("进行中")
        DONE = "done", _("已完成")
        FAILED = "failed", _("失败")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(
        User, verbose_name=_("发起人"), on_delete=models.CASCADE, related_name="jobs"
    )
    kind = models.CharField(_("类别"), max_length=40)
    params = models.JSONField(_("参数"), default=dict, blank=True)
    # The language of the request that started it: a worker writes the file's headers and words
    # in it, as the request would have.
    language = models.CharField(_("语言"), max_length=10, blank=True)
    status = models.CharField(
        _("状态"), max_length=8, choices=Status.choices, default=Status.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("进度"), default=0)
    message = models.CharField(_("当前步骤"), max_length=200, blank=True)
    error = models.TextField(_("错误"), blank=True)
    result = models.JSONField(_("结果"), null=True, blank=True)
    upload = models.FileField(_("上传文件"), upload_to=job_file_path, max_length=200, blank=True)
    file = models.FileField(_("结果文件"), upload_to=job_file_path, max_length=200, blank=True)
    filename = models.CharField(_("文件名"), max_length=200, blank=True)
    attempts = models.PositiveSmallIntegerField(_("尝试次数"), default=0)
    claimed_until = models.DateTimeField(_("租约到期"), null=True, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True, db_index=True)
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("后台任务")
        verbose_name_plural = _("后台任务")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["owner", "-created_at"], name="job_owner_recent_idx")]

    def __str__(self):
        return f"{self.kind} {self.pk}"
