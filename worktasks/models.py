"""Work tasks 任务清单 (怀化 "一文一单三会": tasks issued as lists and projects, 交办、督导、问效).

Staff of a city or county issue a list of tasks, from a document or a meeting, to lower
congresses (a township's or a county's: `owner_region`) or to offices (`owner_unit`). Each task
has a deadline, the owner's progress reports with evidence files, and a result confirmed by the
issuer (按期完成, 逾期完成, 未完成). Joint inspections (一督三联) record findings per task.

`Task.region` repeats its list's issuing region, so scope is one prefix test on the task row."""

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from congress.models import HandlingUnit, Region

YEAR_VALIDATORS = [MinValueValidator(2000), MaxValueValidator(2100)]


def _user_fk(label, related_name="+"):
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=label,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name=related_name,
    )


class TaskList(models.Model):
    """一单: the tasks of one document or one meeting, issued together by one region's staff."""

    class Source(models.TextChoices):
        DOCUMENT = "document", _("文件")
        MEETING = "meeting", _("会议")
        CONTACT = "contact", _("联系工作")
        OTHER = "other", _("其他")

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        ISSUED = "issued", _("已交办")
        CLOSED = "closed", _("已办结")

    region = models.ForeignKey(
        Region, verbose_name=_("交办区划"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("年度"), validators=YEAR_VALIDATORS)
    title = models.CharField(_("清单名称"), max_length=120)
    source = models.CharField(_("来源"), max_length=10, choices=Source.choices)
    source_label = models.CharField(
        _("来源文件或会议"), max_length=200, help_text=_("如文件文号、会议名称。")
    )
    source_text = models.TextField(_("来源内容摘要"), blank=True)
    source_url = models.CharField(_("来源链接"), max_length=300, blank=True)
    event = models.ForeignKey(
        "meetings.Event",
        verbose_name=_("关联会议"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(
        _("状态"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    created_by = _user_fk(_("创建人"))
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    issued_at = models.DateTimeField(_("交办时间"), null=True, blank=True)
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("任务清单")
        verbose_name_plural = _("任务清单")
        ordering = ["-year", "-id"]
        indexes = [models.Index(fields=["region", "year"], name="tasklist_region_year_idx")]

    def __str__(self):
        return self.title


class Task(models.Model):
    """One task of a list: an owner (a region's congress or a unit), a deadline, a result."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("待交办")
        ISSUED = "issued", _("已交办")
        IN_PROGRESS = "in_progress", _("办理中")
        REPORTED = "reported", _("已报结")
        RETURNED = "returned", _("已退回")
        CLOSED = "closed", _("已办结")

    class Result(models.TextChoices):
        ON_TIME = "on_time", _("按期完成")
        LATE = "late", _("逾期完成")
        NOT_DONE = "not_done", _("未完成")

    task_list = models.ForeignKey(
        TaskList, verbose_name=_("任务清单"), on_delete=models.CASCADE, related_name="tasks"
    )
    region = models.ForeignKey(
        Region, verbose_name=_("交办区划"), on_delete=models.PROTECT, related_name="+"
    )
    number = models.PositiveSmallIntegerField(_("序号"), default=1)
    title = models.CharField(_("任务名称"), max_length=200)
    description = models.TextField(_("任务要求"), blank=True)
    owner_region = models.ForeignKey(
        Region,
        verbose_name=_("责任人大"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    owner_unit = models.ForeignKey(
        HandlingUnit,
        verbose_name=_("责任单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    due = models.DateField(_("完成时限"))
    status = models.CharField(
        _("状态"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    result = models.CharField(_("办理结果"), max_length=10, choices=Result.choices, blank=True)
    result_note = models.TextField(_("确认意见"), blank=True)
    reported_at = models.DateTimeField(_("报结时间"), null=True, blank=True)
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    closed_by = _user_fk(_("确认人"))
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("工作任务")
        verbose_name_plural = _("工作任务")
        ordering = ["task_list_id", "number", "id"]
        indexes = [
            models.Index(fields=["region", "due"], name="task_region_due_idx"),
            models.Index(fields=["owner_region", "due"], name="task_owner_region_due_idx"),
            models.Index(fields=["owner_unit", "due"], name="task_owner_unit_due_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(owner_region__isnull=True) ^ Q(owner_unit__isnull=True),
                name="task_one_owner",
            ),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        if bool(self.owner_region_id) == bool(self.owner_unit_id):
            raise ValidationError({"owner_region": _("请指定一个责任人大或一个责任单位。")})

    def is_overdue(self, today: dt.date) -> bool:
        """Past its deadline and not yet reported done nor closed (shown in red)."""
        return self.status in {
            self.Status.ISSUED,
            self.Status.IN_PROGRESS,
            self.Status.RETURNED,
        } and (self.due < today)

    @property
    def owner_name(self) -> str:
        if self.owner_unit_id:
            return self.owner_unit.name
        return f"{self.owner_region.name}人大" if self.owner_region_id else ""


class Report(models.Model):
    """The owner's progress report (进展) or completion report (报结), with evidence files."""

    class Kind(models.TextChoices):
        PROGRESS = "progress", _("进展情况")
        COMPLETION = "completion", _("完成报告")

    task = models.ForeignKey(
        Task, verbose_name=_("任务"), on_delete=models.CASCADE, related_name="reports"
    )
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices)
    text = models.TextField(_("内容"))
    created_by = _user_fk(_("报告人"))
    created_at = models.DateTimeField(_("报告时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("任务进展报告")
        verbose_name_plural = _("任务进展报告")
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"{self.task_id} {self.kind}"


class Evidence(models.Model):
    report = models.ForeignKey(
        Report, verbose_name=_("进展报告"), on_delete=models.CASCADE, related_name="files"
    )
    file = models.FileField(_("佐证材料"), upload_to="worktasks/evidence/%Y/")
    name = models.CharField(_("文件名"), max_length=200)
    size = models.PositiveBigIntegerField(_("大小（字节）"))

    class Meta:
        verbose_name = _("佐证材料")
        verbose_name_plural = _("佐证材料")
        ordering = ["id"]

    def __str__(self):
        return self.name


class History(models.Model):
    """Every action on a task: who, when, from which status to which, and a note."""

    task = models.ForeignKey(
        Task, verbose_name=_("任务"), on_delete=models.CASCADE, related_name="history"
    )
    action = models.CharField(_("操作"), max_length=30)
    from_status = models.CharField(_("原状态"), max_length=12, choices=Task.Status.choices)
    to_status = models.CharField(_("新状态"), max_length=12, choices=Task.Status.choices)
    actor = _user_fk(_("操作人"))
    actor_name = models.CharField(_("操作人姓名"), max_length=100, blank=True)
    at = models.DateTimeField(_("时间"))
    note = models.TextField(_("说明"), blank=True)

    class Meta:
        verbose_name = _("任务办理记录")
        verbose_name_plural = _("任务办理记录")
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.at:%Y-%m-%d} {self.action}"


class Inspection(models.Model):
    """一督三联: a joint inspection by the issuing region, the regions visited, its findings."""

    region = models.ForeignKey(
        Region, verbose_name=_("组织区划"), on_delete=models.PROTECT, related_name="+"
    )
    date = models.DateField(_("督查日期"))
    title = models.CharField(_("督查主题"), max_length=120)
    participants = models.TextField(_("参加人员"))
    regions = models.ManyToManyField(Region, verbose_name=_("督查地区"), related_name="+")
    summary = models.TextField(_("总体情况"), blank=True)
    created_by = _user_fk(_("记录人"))
    created_at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("联合督查")
        verbose_name_plural = _("联合督查")
        ordering = ["-date", "-id"]

    def __str__(self):
        return self.title


class Finding(models.Model):
    class Rating(models.TextChoices):
        GOOD = "good", _("推进有力")
        NORMAL = "normal", _("正常推进")
        BEHIND = "behind", _("进度滞后")

    inspection = models.ForeignKey(
        Inspection, verbose_name=_("督查"), on_delete=models.CASCADE, related_name="findings"
    )
    task = models.ForeignKey(
        Task, verbose_name=_("任务"), on_delete=models.CASCADE, related_name="findings"
    )
    rating = models.CharField(_("督查评价"), max_length=10, choices=Rating.choices)
    text = models.TextField(_("督查发现"))

    class Meta:
        verbose_name = _("督查发现")
        verbose_name_plural = _("督查发现")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["inspection", "task"], name="finding_one_per_task")
        ]

    def __str__(self):
        return f"{self.inspection_id}/{self.task_id}"
