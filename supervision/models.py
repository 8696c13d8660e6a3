"""Supervision 监督: a topic of the annual supervision plan (监督项目) with its forms, the body it
supervises and the committee in charge, its stages, documents and deputies; the 审议意见 sent to
the body and its 整改 reports, each rated by the committee; 专题询问 questions with their follow-up
commitments; and joint topics (县乡同步监督), whose townships take part as child projects."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from congress.models import HandlingUnit, Region
from representatives.models import Deputy


class Form(models.TextChoices):
    WORK_REPORT = "work_report", _("听取和审议专项工作报告")
    LAW_CHECK = "law_check", _("执法检查")
    INQUIRY = "inquiry", _("专题询问")
    RESEARCH = "research", _("专题调研")
    INSPECTION = "inspection", _("视察")
    SATISFACTION = "satisfaction", _("满意度测评")
    WORK_REVIEW = "work_review", _("工作评议")


class Committee(models.TextChoices):
    LEGAL = "legal", _("法制委员会")
    FINANCE = "finance", _("财政经济委员会")
    EDUCATION = "education", _("教育科学文化卫生委员会")
    AGRICULTURE = "agriculture", _("农业与农村委员会")
    SOCIAL = "social", _("社会建设委员会")
    JUDICIAL = "judicial", _("监察和司法委员会")
    ENVIRONMENT = "environment", _("环境与资源保护委员会")
    DEPUTIES = "deputies", _("代表工作委员会")
    BUDGET = "budget", _("预算工作委员会")
    OFFICE = "office", _("办公室")


class Rating(models.TextChoices):
    SATISFIED = "satisfied", _("满意")
    BASIC = "basic", _("基本满意")
    DISSATISFIED = "dissatisfied", _("不满意")


class Project(models.Model):
    """One topic of the year's supervision plan, or one township's part in a joint topic."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("计划")
        RESEARCH = "research", _("调研")
        HEARING = "hearing", _("听取审议/检查")
        RECTIFYING = "rectifying", _("审议意见已交办·整改中")
        RECEIVED = "received", _("整改报告已报送")
        RATED = "rated", _("跟踪测评")
        CLOSED = "closed", _("已办结")

    year = models.PositiveSmallIntegerField(_("年度"))
    title = models.CharField(_("监督议题"), max_length=200)
    region = models.ForeignKey(
        Region, verbose_name=_("组织区划"), on_delete=models.PROTECT, related_name="+"
    )
    forms = models.JSONField(_("监督方式"), default=list)
    unit = models.ForeignKey(
        HandlingUnit,
        verbose_name=_("被监督单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="supervision_projects",
    )
    committee = models.CharField(_("牵头委员会"), max_length=16, choices=Committee.choices)
    description = models.TextField(_("监督内容"), blank=True)
    joint = models.BooleanField(_("县乡同步监督"), default=False)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("所属县级议题"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="children",
    )
    planned_on = models.DateField(_("计划审议日期"), null=True, blank=True)
    status = models.CharField(
        _("阶段"), max_length=12, choices=Status.choices, default=Status.PLANNED
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("监督项目")
        verbose_name_plural = _("监督项目")
        ordering = ["-year", "region_id", "id"]
        indexes = [models.Index(fields=["region", "year"], name="supervision_region_year_idx")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(joint=True) | Q(parent__isnull=True), name="supervision_joint_is_top"
            ),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        errors = {}
        forms = self.forms if isinstance(self.forms, list) else None
        if not forms:
            errors["forms"] = _("请至少选择一种监督方式。")
        elif any(f not in Form.values for f in forms) or len(set(forms)) != len(forms):
            errors["forms"] = _("监督方式无效。")
        if self.unit_id and self.region_id and not self.region_id.startswith(self.unit.region_id):
            errors["unit"] = _("被监督单位不属于组织区划。")
        if errors:
            raise ValidationError(errors)

    @property
    def combined(self) -> bool:
        """组合监督: several forms on one topic."""
        return len(self.forms or []) > 1

    def forms_display(self) -> list[str]:
        return [str(Form(f).label) for f in self.forms or [] if f in Form.values]


class ProjectDeputy(models.Model):
    """A deputy involved in a project (视察, 调研, 专题询问 …)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="deputies")
    deputy = models.ForeignKey(Deputy, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("参加代表")
        verbose_name_plural = _("参加代表")
        constraints = [
            models.UniqueConstraint(fields=["project", "deputy"], name="supervision_deputy_once")
        ]


class ProjectEvent(models.Model):
    """An activity of meetings/ (视察, 调研, 专题询问 meeting) that belongs to the project."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="events")
    event = models.ForeignKey("meetings.Event", on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("关联活动")
        verbose_name_plural = _("关联活动")
        constraints = [
            models.UniqueConstraint(fields=["project", "event"], name="supervision_event_once")
        ]


class Step(models.Model):
    """What happened to a project, when and by whom: its timeline."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="steps")
    action = models.CharField(_("操作"), max_length=20)
    label = models.CharField(_("环节"), max_length=60)
    from_status = models.CharField(_("原阶段"), max_length=12, blank=True)
    to_status = models.CharField(_("新阶段"), max_length=12, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_name = models.CharField(_("操作人"), max_length=100, blank=True)
    at = models.DateTimeField(_("时间"))
    note = models.TextField(_("说明"), blank=True)

    class Meta:
        verbose_name = _("监督环节")
        verbose_name_plural = _("监督环节")
        ordering = ["at", "id"]


class Document(models.Model):
    """A document of a stage (调研报告, 专项工作报告, 审议意见, 整改报告 …)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="documents")
    stage = models.CharField(_("阶段"), max_length=12, choices=Project.Status.choices)
    title = models.CharField(_("材料名称"), max_length=200)
    file = models.FileField(_("文件"), upload_to="supervision/documents/%Y/")
    file_name = models.CharField(_("原文件名"), max_length=200)
    content_type = models.CharField(_("文件类型"), max_length=100)
    size = models.PositiveIntegerField(_("大小（字节）"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("监督材料")
        verbose_name_plural = _("监督材料")
        ordering = ["project_id", "uploaded_at", "id"]


class Rectification(models.Model):
    """The 审议意见 sent to the supervised body, which reports in writing how it handled them
    (整改报告) by a deadline; each report is one round, rated by the committee."""

    class Status(models.TextChoices):
        DUE = "due", _("待报送整改报告")
        SUBMITTED = "submitted", _("已报送待测评")
        RETURNED = "returned", _("不满意·重新整改")
        ACCEPTED = "accepted", _("整改通过")

    project = models.OneToOneField(Project, on_delete=models.CASCADE, related_name="rectification")
    unit = models.ForeignKey(
        HandlingUnit, verbose_name=_("整改单位"), on_delete=models.PROTECT, related_name="+"
    )
    opinions = models.TextField(_("审议意见"))
    sent_at = models.DateTimeField(_("交办时间"))
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default="due")

    class Meta:
        verbose_name = _("审议意见整改")
        verbose_name_plural = _("审议意见整改")
        ordering = ["-sent_at", "-id"]

    def __str__(self):
        return f"{self.project} · {self.unit}"

    def current(self) -> "Report | None":
        """The latest round (from the prefetched rounds when a list fetched them)."""
        prefetched = getattr(self, "_prefetched_objects_cache", {}).get("reports")
        if prefetched is not None:
            return max(prefetched, key=lambda r: r.round, default=None)
        return self.reports.order_by("-round").first()


class Report(models.Model):
    """One round of 整改: due by a date, submitted (text and file), rated directly or by a ballot."""

    rectification = models.ForeignKey(
        Rectification, on_delete=models.CASCADE, related_name="reports"
    )
    round = models.PositiveSmallIntegerField(_("轮次"), default=1)
    due_date = models.DateField(_("报送期限"))
    submitted_at = models.DateTimeField(_("报送时间"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField(_("整改情况"), blank=True)
    file = models.FileField(_("整改报告"), upload_to="supervision/reports/%Y/", blank=True)
    file_name = models.CharField(_("原文件名"), max_length=200, blank=True)
    on_time = models.BooleanField(_("按期报送"), null=True, blank=True)
    rating = models.CharField(_("测评结果"), max_length=12, choices=Rating.choices, blank=True)
    rated_at = models.DateTimeField(_("测评时间"), null=True, blank=True)
    rated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    rating_note = models.TextField(_("测评意见"), blank=True)
    ballot_item = models.ForeignKey(
        "ballots.BallotItem",
        verbose_name=_("测评票决对象"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("整改报告")
        verbose_name_plural = _("整改报告")
        ordering = ["rectification_id", "round"]
        constraints = [
            models.UniqueConstraint(fields=["rectification", "round"], name="report_round_once")
        ]
        indexes = [models.Index(fields=["due_date"], name="supervision_report_due_idx")]


class Question(models.Model):
    """A question of a 专题询问: who asked (a committee member or a deputy), the official who
    answered, and the answer."""

    class Asker(models.TextChoices):
        MEMBER = "member", _("常委会组成人员")
        DEPUTY = "deputy", _("人大代表")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="questions")
    asker_kind = models.CharField(_("询问人身份"), max_length=8, choices=Asker.choices)
    asker_name = models.CharField(_("询问人"), max_length=50)
    deputy = models.ForeignKey(
        Deputy, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    question = models.TextField(_("询问问题"))
    answerer_name = models.CharField(_("应询人"), max_length=50)
    answerer_post = models.CharField(_("应询人职务"), max_length=100, blank=True)
    answerer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answer = models.TextField(_("答复"), blank=True)
    asked_at = models.DateTimeField(_("询问时间"))

    class Meta:
        verbose_name = _("专题询问问题")
        verbose_name_plural = _("专题询问问题")
        ordering = ["project_id", "asked_at", "id"]


class Commitment(models.Model):
    """A follow-up commitment made in answer to a question: reported done by the body with its
    evidence, then checked by staff (as in the suggestions' commitment ledger)."""

    class Status(models.TextChoices):
        OPEN = "open", _("落实中")
        REPORTED = "reported", _("已报告待核实")
        DONE = "done", _("已核实完成")

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="commitments")
    what = models.CharField(_("承诺事项"), max_length=200)
    due_date = models.DateField(_("承诺时限"))
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default="open")
    reported_at = models.DateTimeField(_("报告时间"), null=True, blank=True)
    evidence = models.FileField(_("完成佐证"), upload_to="supervision/evidence/%Y/", blank=True)
    evidence_name = models.CharField(_("佐证文件名"), max_length=200, blank=True)
    evidence_note = models.TextField(_("完成情况"), blank=True)
    checked_at = models.DateTimeField(_("核实时间"), null=True, blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    check_note = models.TextField(_("核实意见"), blank=True)

    class Meta:
        verbose_name = _("询问承诺事项")
        verbose_name_plural = _("询问承诺事项")
        ordering = ["due_date", "id"]
