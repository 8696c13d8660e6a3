"""备案审查 of normative documents 规范性文件: a document of a township government or a county
department (the filer, a HandlingUnit), its publication and its filing within 30 days, its
registration, its reviews (提前介入 on the draft, 备案审查 after filing, 事后审查纠错 when a
closed one is taken up again) with a checklist and the opinions of invited outside experts
(外脑), the result, and the filer's correction with its deadline and report."""

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from congress.models import HandlingUnit, Region

# 规范性文件备案审查: filed within 30 days of publication (most local rules, 监督法 art. 38).
FILING_DAYS = 30


class Status(models.TextChoices):
    INTERVENTION = "intervention", _("提前介入中")
    PRE_REVIEWED = "pre_reviewed", _("介入意见已反馈")
    PUBLISHED = "published", _("已公布待报备")
    FILED = "filed", _("已报备待登记")
    REGISTERED = "registered", _("已登记待审查")
    UNDER_REVIEW = "under_review", _("审查中")
    CORRECTION_DUE = "correction_due", _("待纠正")
    CORRECTED = "corrected", _("纠正情况待确认")
    CLOSED = "closed", _("已办结")


class Result(models.TextChoices):
    NO_PROBLEM = "no_problem", _("未发现问题")
    SUGGEST = "suggest", _("建议纠正")
    REQUIRED = "required", _("应当纠正")


CORRECTION_RESULTS = frozenset({Result.SUGGEST, Result.REQUIRED})


class Filing(models.Model):
    """One normative document filed (or to be filed) for review by the county's standing
    committee; `region` is the filer's region (a township or the county itself)."""

    region = models.ForeignKey(
        Region, verbose_name=_("报备区划"), on_delete=models.PROTECT, related_name="filings"
    )
    unit = models.ForeignKey(
        HandlingUnit, verbose_name=_("制定机关"), on_delete=models.PROTECT, related_name="filings"
    )
    title = models.CharField(_("文件名称"), max_length=200)
    doc_number = models.CharField(_("文号"), max_length=60, blank=True)
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices)
    intervention = models.BooleanField(_("提前介入"), default=False)
    paper = models.BooleanField(_("纸质报备（工作人员登记）"), default=False)
    published_on = models.DateField(_("公布日期"), null=True, blank=True)
    # Stored when the document is published: the 30-day deadline never moves afterwards.
    due_on = models.DateField(_("报备期限"), null=True, blank=True)
    filed_on = models.DateField(_("报备日期"), null=True, blank=True)
    late = models.BooleanField(_("逾期报备"), default=False)
    number = models.CharField(_("备案登记号"), max_length=40, blank=True)
    registered_on = models.DateField(_("登记日期"), null=True, blank=True)
    result = models.CharField(_("审查结果"), max_length=12, choices=Result.choices, blank=True)
    result_note = models.TextField(_("审查意见"), blank=True)
    concluded_on = models.DateField(_("审查办结日期"), null=True, blank=True)
    correction_due = models.DateField(_("纠正期限"), null=True, blank=True)
    correction_report = models.TextField(_("纠正情况报告"), blank=True)
    corrected_on = models.DateField(_("报送纠正情况日期"), null=True, blank=True)
    closed_on = models.DateField(_("办结日期"), null=True, blank=True)
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
        verbose_name = _("规范性文件备案")
        verbose_name_plural = _("规范性文件备案")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["region", "filed_on"], name="filing_region_filed_idx"),
            models.Index(fields=["status", "due_on"], name="filing_status_due_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["number"], condition=~Q(number=""), name="filing_unique_number"
            ),
            models.CheckConstraint(
                condition=Q(filed_on__isnull=True)
                | Q(published_on__isnull=True)
                | Q(filed_on__gte=models.F("published_on")),
                name="filing_filed_after_published",
            ),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        errors = {}
        if self.unit_id and self.region_id and self.unit.region_id != self.region_id:
            errors["unit"] = _("制定机关不属于报备区划。")
        if self.published_on and self.filed_on and self.filed_on < self.published_on:
            errors["filed_on"] = _("报备日期不能早于公布日期。")
        if errors:
            raise ValidationError(errors)

    @property
    def reviewing_region_id(self) -> str:
        """The county whose standing committee reviews it (a township's documents go to it)."""
        return self.region_id[:6]

    @staticmethod
    def due_for(published_on: dt.date) -> dt.date:
        return published_on + dt.timedelta(days=FILING_DAYS)


class Review(models.Model):
    """One review of a filing, with its checklist: 提前介入 (the draft, before publication),
    备案审查 (after filing) or 事后审查纠错 (a closed filing taken up again)."""

    class Stage(models.TextChoices):
        DRAFT = "draft", _("提前介入")
        FILED = "filed", _("备案审查")
        POST = "post", _("事后审查纠错")

    filing = models.ForeignKey(
        Filing, verbose_name=_("备案文件"), on_delete=models.CASCADE, related_name="reviews"
    )
    stage = models.CharField(_("审查阶段"), max_length=8, choices=Stage.choices)
    reason = models.TextField(_("启动原因"), blank=True)
    # The checklist: None not yet checked, True no problem found, False a problem (see note).
    basis_ok = models.BooleanField(_("制定依据合法"), null=True, blank=True)
    basis_note = models.TextField(_("制定依据审查意见"), blank=True)
    conflict_ok = models.BooleanField(_("不与上位法抵触"), null=True, blank=True)
    conflict_note = models.TextField(_("上位法抵触审查意见"), blank=True)
    procedure_ok = models.BooleanField(_("制定程序合规"), null=True, blank=True)
    procedure_note = models.TextField(_("制定程序审查意见"), blank=True)
    opinion = models.TextField(_("审查结论意见"), blank=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审查人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    started_at = models.DateTimeField(_("开始时间"), auto_now_add=True)
    concluded_at = models.DateTimeField(_("结束时间"), null=True, blank=True)

    CHECKS = ("basis", "conflict", "procedure")

    class Meta:
        verbose_name = _("审查")
        verbose_name_plural = _("审查")
        ordering = ["started_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["filing"], condition=Q(concluded_at__isnull=True), name="review_one_open"
            ),
        ]

    def __str__(self):
        return f"{self.filing} · {self.get_stage_display()}"

    @property
    def is_open(self) -> bool:
        return self.concluded_at is None

    def unchecked(self) -> list[str]:
        return [name for name in self.CHECKS if getattr(self, f"{name}_ok") is None]


class ExpertInvitation(models.Model):
    """An outside legal expert 外脑 invited by staff to give an opinion on one review: the
    only way an expert sees anything of a filing."""

    review = models.ForeignKey(
        Review, verbose_name=_("审查"), on_delete=models.CASCADE, related_name="invitations"
    )
    expert = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("专家"),
        on_delete=models.PROTECT,
        related_name="filing_invitations",
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("邀请人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    invited_at = models.DateTimeField(_("邀请时间"), auto_now_add=True)
    question = models.TextField(_("请专家重点研究的问题"), blank=True)
    opinion = models.TextField(_("专家意见"), blank=True)
    answered_at = models.DateTimeField(_("提交意见时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("专家审查邀请")
        verbose_name_plural = _("专家审查邀请")
        ordering = ["-invited_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["review", "expert"], name="expert_invited_once"),
        ]

    def __str__(self):
        return f"{self.expert} · {self.review}"


class Document(models.Model):
    """A file of a filing: the document itself, its drafting explanation and basis, a draft for
    提前介入, the filer's correction report. Streamed through a scoped view, never /media/."""

    class Kind(models.TextChoices):
        TEXT = "text", _("文件正文")
        EXPLANATION = "explanation", _("起草说明")
        BASIS = "basis", _("制定依据")
        DRAFT = "draft", _("征求意见稿")
        CORRECTION = "correction", _("纠正情况报告")
        OTHER = "other", _("其他材料")

    filing = models.ForeignKey(
        Filing, verbose_name=_("备案文件"), on_delete=models.CASCADE, related_name="documents"
    )
    kind = models.CharField(_("材料类别"), max_length=12, choices=Kind.choices)
    file = models.FileField(_("文件"), upload_to="filings/%Y/")
    file_name = models.CharField(_("文件名"), max_length=200)
    content_type = models.CharField(_("文件类型"), max_length=100)
    size = models.PositiveIntegerField(_("大小"))
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
        verbose_name = _("备案材料")
        verbose_name_plural = _("备案材料")
        ordering = ["uploaded_at", "id"]

    def __str__(self):
        return self.file_name


class History(models.Model):
    """Every step of a filing: the action, the statuses, who took it and their note."""

    filing = models.ForeignKey(
        Filing, verbose_name=_("备案文件"), on_delete=models.CASCADE, related_name="history"
    )
    action = models.CharField(_("操作"), max_length=24)
    label = models.CharField(_("操作名称"), max_length=40)
    from_status = models.CharField(_("原状态"), max_length=16, blank=True)
    to_status = models.CharField(_("新状态"), max_length=16, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.TextField(_("说明"), blank=True)
    at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("备案审查记录")
        verbose_name_plural = _("备案审查记录")
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.filing} · {self.label}"
