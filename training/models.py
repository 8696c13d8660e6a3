"""Training and online learning: courses and their sessions, learning materials, the monthly
study plan 一月两学 with its items, quizzes and each deputy's progress, and the coverage standard.

A deputy's training hours are not stored here: they are the archive's `training_hour` entries
(evaluation.ArchiveEntry), written in the same transaction as the record they come from
(training/archive.py) and counted by training/figures.py."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from congress.models import Region
from representatives.models import Deputy

YEAR_VALIDATORS = [MinValueValidator(2000), MaxValueValidator(2100)]
HOURS_VALIDATORS = [MinValueValidator(0), MaxValueValidator(60)]


class Audience(models.TextChoices):
    DEPUTIES = "deputies", _("人大代表")
    TOWNSHIP_CHAIRS = "township_chairs", _("乡镇人大主席")


class Course(models.Model):
    """A course of one organiser region: annual or thematic, online (studied item by item) or
    offline (its sessions are training events with sign-in)."""

    class Kind(models.TextChoices):
        ANNUAL = "annual", _("年度培训")
        THEMATIC = "thematic", _("专题培训")

    class Mode(models.TextChoices):
        ONLINE = "online", _("线上")
        OFFLINE = "offline", _("线下")

    class Status(models.TextChoices):
        OPEN = "open", _("进行中")
        CANCELLED = "cancelled", _("已取消")

    region = models.ForeignKey(
        Region, verbose_name=_("主办区划"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("年度"), validators=YEAR_VALIDATORS)
    title = models.CharField(_("课程名称"), max_length=120)
    kind = models.CharField(_("培训类别"), max_length=10, choices=Kind.choices)
    mode = models.CharField(_("培训方式"), max_length=10, choices=Mode.choices)
    audience = models.CharField(
        _("培训对象"), max_length=16, choices=Audience.choices, default=Audience.DEPUTIES
    )
    hours = models.PositiveSmallIntegerField(
        _("学时"),
        validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text=_("线上课程学完全部内容计入的学时；线下课程按各场次签到计学时。"),
    )
    description = models.TextField(_("课程简介"), blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.OPEN)
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
        verbose_name = _("培训课程")
        verbose_name_plural = _("培训课程")
        ordering = ["-year", "region_id", "-id"]
        indexes = [models.Index(fields=["region", "year"], name="course_region_year_idx")]

    def __str__(self):
        return self.title

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED


class Material(models.Model):
    """A document or video stored by the portal (checked by content and size on upload,
    training/files.py), served only through a scoped view."""

    class Kind(models.TextChoices):
        DOCUMENT = "document", _("文档")
        VIDEO = "video", _("视频")

    region = models.ForeignKey(
        Region, verbose_name=_("所属区划"), on_delete=models.PROTECT, related_name="+"
    )
    course = models.ForeignKey(
        Course,
        verbose_name=_("所属课程"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="materials",
    )
    title = models.CharField(_("标题"), max_length=120)
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices)
    file = models.FileField(_("文件"), upload_to="training/materials/%Y/")
    file_name = models.CharField(_("原文件名"), max_length=200)
    content_type = models.CharField(_("文件格式"), max_length=80)
    size = models.PositiveBigIntegerField(_("大小（字节）"))
    minutes = models.PositiveSmallIntegerField(
        _("建议学习时长（分钟）"), default=0, validators=[MaxValueValidator(600)]
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("上传人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("学习资料")
        verbose_name_plural = _("学习资料")
        ordering = ["region_id", "-id"]

    def __str__(self):
        return self.title


class StudyPlan(models.Model):
    """一月两学: a region's two study items of one month for the deputies in its subtree (a
    deputy under a more specific region's plan of the month follows that one instead)."""

    region = models.ForeignKey(
        Region, verbose_name=_("发布区划"), on_delete=models.PROTECT, related_name="+"
    )
    month = models.DateField(_("月份"), help_text=_("该月的第一天。"))
    title = models.CharField(_("标题"), max_length=120)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("创建人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    ITEMS = 2  # 一月两学

    class Meta:
        verbose_name = _("月度学习计划")
        verbose_name_plural = _("月度学习计划")
        ordering = ["-month", "region_id"]
        constraints = [
            models.UniqueConstraint(fields=["region", "month"], name="study_plan_one_per_month"),
            models.CheckConstraint(condition=Q(month__day=1), name="study_plan_month_first_day"),
        ]

    def __str__(self):
        return self.title

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    def clean(self):
        if self.month and self.month.day != 1:
            raise ValidationError({"month": _("月份须为该月的第一天。")})


class StudyItem(models.Model):
    """One thing to study: an item of a monthly plan or of an online course, with its material,
    the time it asks for, the hours it earns and an optional quiz (its questions)."""

    plan = models.ForeignKey(
        StudyPlan,
        verbose_name=_("学习计划"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="items",
    )
    course = models.ForeignKey(
        Course,
        verbose_name=_("线上课程"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="items",
    )
    order = models.PositiveSmallIntegerField(_("序号"), validators=[MinValueValidator(1)])
    title = models.CharField(_("学习内容"), max_length=120)
    material = models.ForeignKey(
        Material, verbose_name=_("学习资料"), on_delete=models.PROTECT, related_name="items"
    )
    min_minutes = models.PositiveSmallIntegerField(
        _("最少学习时长（分钟）"), default=0, validators=[MaxValueValidator(600)]
    )
    hours = models.PositiveSmallIntegerField(
        _("学时"),
        default=1,
        validators=HOURS_VALIDATORS,
        help_text=_("学完计入的学时（线上课程的学时在学完整门课程时计入，此处为0）。"),
    )
    pass_mark = models.PositiveSmallIntegerField(
        _("及格分"),
        default=60,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_("百分制；设有测试题时，测试达到及格分才算学完。"),
    )

    class Meta:
        verbose_name = _("学习内容")
        verbose_name_plural = _("学习内容")
        ordering = ["plan_id", "course_id", "order"]
        constraints = [
            models.CheckConstraint(
                condition=Q(plan__isnull=False, course__isnull=True)
                | Q(plan__isnull=True, course__isnull=False),
                name="study_item_plan_or_course",
            ),
            models.UniqueConstraint(
                fields=["plan", "order"], condition=Q(plan__isnull=False), name="plan_item_order"
            ),
            models.UniqueConstraint(
                fields=["course", "order"],
                condition=Q(course__isnull=False),
                name="course_item_order",
            ),
        ]

    def __str__(self):
        return self.title


class Question(models.Model):
    """A quiz question with its choices; the right answers never leave the server."""

    item = models.ForeignKey(
        StudyItem, verbose_name=_("学习内容"), on_delete=models.CASCADE, related_name="questions"
    )
    order = models.PositiveSmallIntegerField(_("序号"))
    text = models.CharField(_("题目"), max_length=300)
    choices = models.JSONField(_("选项"))
    answers = models.JSONField(_("正确选项"), help_text=_("正确选项的序号（从0起）。"))

    class Meta:
        verbose_name = _("测试题")
        verbose_name_plural = _("测试题")
        ordering = ["item_id", "order"]
        constraints = [
            models.UniqueConstraint(fields=["item", "order"], name="question_unique_order")
        ]

    def __str__(self):
        return self.text

    @property
    def multiple(self) -> bool:
        return len(self.answers) > 1


class StudyAssignment(models.Model):
    """A deputy's plan for a month (one per deputy and month), written when a plan is published;
    `finished_at` when the deputy has finished every item of it."""

    plan = models.ForeignKey(
        StudyPlan, verbose_name=_("学习计划"), on_delete=models.CASCADE, related_name="assignments"
    )
    deputy = models.ForeignKey(
        Deputy, verbose_name=_("代表"), on_delete=models.PROTECT, related_name="+"
    )
    month = models.DateField(_("月份"))
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("代表学习计划")
        verbose_name_plural = _("代表学习计划")
        ordering = ["-month", "deputy_id"]
        constraints = [
            models.UniqueConstraint(fields=["deputy", "month"], name="study_one_plan_per_month"),
        ]
        indexes = [models.Index(fields=["plan", "deputy"], name="assignment_plan_deputy_idx")]

    def __str__(self):
        return f"{self.deputy_id} {self.month:%Y-%m}"


class StudyProgress(models.Model):
    """One deputy's progress on one item: time spent (reported by the client in bounded
    heartbeats), the best quiz result, and when it was finished."""

    item = models.ForeignKey(
        StudyItem, verbose_name=_("学习内容"), on_delete=models.CASCADE, related_name="progress"
    )
    deputy = models.ForeignKey(
        Deputy, verbose_name=_("代表"), on_delete=models.PROTECT, related_name="+"
    )
    seconds = models.PositiveIntegerField(_("学习时长（秒）"), default=0)
    last_beat_at = models.DateTimeField(_("最近学习时间"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("测试次数"), default=0)
    best_score = models.PositiveSmallIntegerField(_("最高得分"), null=True, blank=True)
    passed = models.BooleanField(_("测试通过"), default=False)
    finished_at = models.DateTimeField(_("学完时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("学习进度")
        verbose_name_plural = _("学习进度")
        ordering = ["item_id", "deputy_id"]
        constraints = [
            models.UniqueConstraint(fields=["item", "deputy"], name="progress_one_per_item"),
        ]
        indexes = [models.Index(fields=["deputy", "item"], name="progress_deputy_item_idx")]

    def __str__(self):
        return f"{self.deputy_id}/{self.item_id}"


class QuizAttempt(models.Model):
    """One submitted quiz: the answers as given and the score the server gave them."""

    progress = models.ForeignKey(
        StudyProgress, verbose_name=_("学习进度"), on_delete=models.CASCADE, related_name="+"
    )
    answers = models.JSONField(_("作答"))
    score = models.PositiveSmallIntegerField(_("得分"))
    passed = models.BooleanField(_("通过"))
    submitted_at = models.DateTimeField(_("提交时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("测试记录")
        verbose_name_plural = _("测试记录")
        ordering = ["-submitted_at", "-id"]


class CoverageStandard(models.Model):
    """N of "县乡两级人大代表履职培训全覆盖": a region's yearly hours that make a deputy count as
    trained. The most specific region's standard wins; without one, TRAINING_COVERAGE_HOURS."""

    region = models.OneToOneField(
        Region, verbose_name=_("区划"), on_delete=models.PROTECT, related_name="+"
    )
    min_hours = models.PositiveSmallIntegerField(
        _("年度达标学时"), validators=[MinValueValidator(1), MaxValueValidator(200)]
    )
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("培训达标学时")
        verbose_name_plural = _("培训达标学时")
        ordering = ["region_id"]

    def __str__(self):
        return f"{self.region_id}: {self.min_hours}"


class CourseSession(models.Model):
    """A session of an offline course: one training event of meetings (kind 培训, with its
    invitations and sign-in) and the hours its attendance earns. Its lecturer may be a deputy
    (学员讲师), whose lecture enters their archive."""

    course = models.ForeignKey(
        Course, verbose_name=_("培训课程"), on_delete=models.CASCADE, related_name="sessions"
    )
    event = models.OneToOneField(
        "meetings.Event",
        verbose_name=_("培训活动"),
        on_delete=models.PROTECT,
        related_name="course_session",
    )
    hours = models.PositiveSmallIntegerField(
        _("学时"), validators=[MinValueValidator(1), MaxValueValidator(60)]
    )
    lecturer = models.ForeignKey(
        Deputy,
        verbose_name=_("学员讲师"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    lecturer_name = models.CharField(_("授课人"), max_length=100, blank=True)
    topic = models.CharField(_("授课专题"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("培训场次")
        verbose_name_plural = _("培训场次")
        ordering = ["course_id", "id"]

    def __str__(self):
        return f"{self.course_id}/{self.event_id}"

    @property
    def lecturer_display(self) -> str:
        return self.lecturer.name if self.lecturer_id else self.lecturer_name
