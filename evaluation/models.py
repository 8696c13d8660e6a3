"""Deputy performance (archive 履职档案, points 积分, reports to voters 述职) and the
indicator-based evaluation 评价 of township congresses (systems, rounds, scores)."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from congress.models import HandlingUnit, Region
from representatives.models import Deputy


class ActivityKind(models.TextChoices):
    MEETING_ATTENDED = "meeting_attended", _("出席会议")
    MEETING_LEAVE = "meeting_leave", _("请假缺席会议")
    MEETING_ABSENT = "meeting_absent", _("无故缺席会议")
    STATION_VISIT = "station_visit", _("进站履职")
    INSPECTION = "inspection", _("视察")
    RESEARCH = "research", _("调研")
    LAW_ENFORCEMENT_CHECK = "law_enforcement_check", _("执法检查")
    TRAINING = "training", _("参加培训")
    TRAINING_HOUR = "training_hour", _("培训学时")
    LECTURE = "lecture", _("学员讲师授课")
    SUGGESTION_LED = "suggestion_led", _("领衔提出建议")
    SUGGESTION_COSIGNED = "suggestion_cosigned", _("附议建议")
    RATING_GIVEN = "rating_given", _("建议办理测评")
    REPORT_TO_VOTERS = "report_to_voters", _("向选民述职")
    AWARD = "award", _("表彰奖励")
    OTHER = "other", _("其他履职活动")


# What the portal gathers by itself; staff may not type these in (they would be counted twice).
GATHERED_KINDS = {
    ActivityKind.STATION_VISIT,
    ActivityKind.SUGGESTION_LED,
    ActivityKind.SUGGESTION_COSIGNED,
    ActivityKind.RATING_GIVEN,
    ActivityKind.REPORT_TO_VOTERS,
    ActivityKind.LECTURE,
}
# Kinds counted in half days (a session day missed is 2).
HALF_DAY_KINDS = {ActivityKind.MEETING_LEAVE, ActivityKind.MEETING_ABSENT}


class ArchiveEntry(models.Model):
    """One activity in a deputy's archive: gathered from the portal or entered by staff."""

    class Source(models.TextChoices):
        PORTAL = "portal", _("平台汇集")
        STAFF = "staff", _("工作人员录入")
        REPORT = "report", _("述职记录")

    deputy = models.ForeignKey(
        Deputy, verbose_name=_("代表"), on_delete=models.PROTECT, related_name="archive_entries"
    )
    kind = models.CharField(_("履职类别"), max_length=24, choices=ActivityKind.choices)
    occurred_on = models.DateField(_("日期"))
    title = models.CharField(_("事项"), max_length=200)
    detail = models.TextField(_("详细情况"), blank=True)
    quantity = models.PositiveSmallIntegerField(
        _("数量"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text=_("次数；缺席会议按半天计。"),
    )
    source = models.CharField(_("来源"), max_length=10, choices=Source.choices)
    source_key = models.CharField(
        _("来源标识"),
        max_length=80,
        blank=True,
        help_text=_("平台汇集记录的原始对象，防止重复汇集。"),
    )
    evidence = models.CharField(_("佐证材料"), max_length=300, blank=True)
    evidence_file = models.FileField(_("佐证附件"), upload_to="evaluation/evidence/%Y/", blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("录入人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("录入时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("履职档案记录")
        verbose_name_plural = _("履职档案记录")
        ordering = ["-occurred_on", "-id"]
        indexes = [models.Index(fields=["deputy", "occurred_on"], name="archive_deputy_date_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["deputy", "source_key"],
                condition=~Q(source_key=""),
                name="archive_gathered_once",
            ),
        ]

    def __str__(self):
        return f"{self.deputy_id} {self.occurred_on} {self.get_kind_display()}"

    def clean(self):
        if self.source == self.Source.STAFF and self.kind in GATHERED_KINDS:
            raise ValidationError({"kind": _("该类别由平台自动汇集，不能手工录入。")})


class PeriodChoices(models.TextChoices):
    MONTH = "month", _("每月")
    QUARTER = "quarter", _("每季度")
    YEAR = "year", _("每年")


class PointsRuleSet(models.Model):
    """The points rules of one region for one year; a more specific region's set wins."""

    region = models.ForeignKey(
        Region, verbose_name=_("适用区划"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(
        _("年度"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    name = models.CharField(_("名称"), max_length=100)
    talk_threshold = models.DecimalField(
        _("约谈分数线"),
        max_digits=6,
        decimal_places=1,
        default=Decimal("10"),
        help_text=_("年度积分低于此分数的代表列入约谈名单。"),
    )
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("积分规则")
        verbose_name_plural = _("积分规则")
        ordering = ["-year", "region_id"]
        constraints = [
            models.UniqueConstraint(fields=["region", "year"], name="points_rule_set_unique"),
        ]

    def __str__(self):
        return self.name


class PointsRule(models.Model):
    """Points per unit of one activity kind, with an optional cap per period."""

    rule_set = models.ForeignKey(
        PointsRuleSet, verbose_name=_("积分规则"), on_delete=models.CASCADE, related_name="rules"
    )
    kind = models.CharField(_("履职类别"), max_length=24, choices=ActivityKind.choices)
    points = models.DecimalField(
        _("分值"),
        max_digits=5,
        decimal_places=1,
        help_text=_("每次（缺席按每半天）的分值，扣分为负数。"),
    )
    cap = models.DecimalField(
        _("封顶分值"),
        max_digits=6,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.1"))],
        help_text=_("每个周期内该类别最多计（或扣）多少分；留空为不封顶。"),
    )
    period = models.CharField(
        _("封顶周期"), max_length=8, choices=PeriodChoices.choices, default=PeriodChoices.YEAR
    )

    class Meta:
        verbose_name = _("积分细则")
        verbose_name_plural = _("积分细则")
        ordering = ["rule_set_id", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["rule_set", "kind"], name="points_rule_one_per_kind"),
            models.CheckConstraint(condition=~Q(points=0), name="points_rule_nonzero"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.points}"

    def clean(self):
        if self.points is not None and self.points == 0:
            raise ValidationError({"points": _("分值不能为0。")})


class DeputyPoints(models.Model):
    """A deputy's points under one rule set: always computed from the archive, never typed in."""

    rule_set = models.ForeignKey(
        PointsRuleSet, verbose_name=_("积分规则"), on_delete=models.CASCADE, related_name="balances"
    )
    deputy = models.ForeignKey(
        Deputy, verbose_name=_("代表"), on_delete=models.CASCADE, related_name="points"
    )
    total = models.DecimalField(_("积分"), max_digits=8, decimal_places=1, default=0)
    breakdown = models.JSONField(_("明细"), default=dict)
    computed_at = models.DateTimeField(_("计算时间"), auto_now=True)

    class Meta:
        verbose_name = _("代表积分")
        verbose_name_plural = _("代表积分")
        ordering = ["-total", "deputy_id"]
        constraints = [
            models.UniqueConstraint(fields=["rule_set", "deputy"], name="points_one_per_deputy"),
        ]

    def __str__(self):
        return f"{self.deputy_id}: {self.total}"


class PointsSnapshot(models.Model):
    """A quarterly publication: frozen rows that later archive edits never change."""

    rule_set = models.ForeignKey(
        PointsRuleSet,
        verbose_name=_("积分规则"),
        on_delete=models.PROTECT,
        related_name="snapshots",
    )
    quarter = models.PositiveSmallIntegerField(
        _("季度"), validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    cutoff = models.DateField(_("截止日期"))
    published_at = models.DateTimeField(_("发布时间"), auto_now_add=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("发布人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("积分公示")
        verbose_name_plural = _("积分公示")
        ordering = ["-rule_set__year", "-quarter"]
        constraints = [
            models.UniqueConstraint(
                fields=["rule_set", "quarter"], name="snapshot_one_per_quarter"
            ),
        ]

    def __str__(self):
        return f"{self.rule_set} 第{self.quarter}季度"


class PointsSnapshotRow(models.Model):
    snapshot = models.ForeignKey(
        PointsSnapshot, verbose_name=_("积分公示"), on_delete=models.CASCADE, related_name="rows"
    )
    deputy = models.ForeignKey(
        Deputy, verbose_name=_("代表"), on_delete=models.PROTECT, related_name="+"
    )
    deputy_name = models.CharField(_("姓名"), max_length=50)
    region_name = models.CharField(_("区划"), max_length=50)
    group_name = models.CharField(_("代表小组"), max_length=80, blank=True)
    total = models.DecimalField(_("积分"), max_digits=8, decimal_places=1)
    rank = models.PositiveIntegerField(_("名次"))
    breakdown = models.JSONField(_("明细"), default=dict)

    class Meta:
        verbose_name = _("积分公示明细")
        verbose_name_plural = _("积分公示明细")
        ordering = ["snapshot_id", "rank", "deputy_id"]
        constraints = [
            models.UniqueConstraint(fields=["snapshot", "deputy"], name="snapshot_row_unique"),
        ]


class ReviewStatus(models.TextChoices):
    PENDING = "pending", _("待审核")
    APPROVED = "approved", _("已审核")
    REJECTED = "rejected", _("退回")


class VoterReport(models.Model):
    """A deputy's report to voters 述职 and the voters' rating of it."""

    deputy = models.ForeignKey(
        Deputy, verbose_name=_("代表"), on_delete=models.PROTECT, related_name="voter_reports"
    )
    reported_on = models.DateField(_("述职日期"))
    audience = models.CharField(_("述职对象"), max_length=200)
    attendance = models.PositiveIntegerField(_("参加人数"))
    content = models.TextField(_("述职报告"), blank=True)
    file = models.FileField(_("报告附件"), upload_to="evaluation/reports/%Y/", blank=True)
    satisfied = models.PositiveIntegerField(_("满意"), default=0)
    basically_satisfied = models.PositiveIntegerField(_("基本满意"), default=0)
    dissatisfied = models.PositiveIntegerField(_("不满意"), default=0)
    tally_sheet = models.FileField(
        _("测评票统计表扫描件"), upload_to="evaluation/tallies/%Y/", blank=True
    )
    # The voters' tally counts (enters the archive and the points) only once staff approve it.
    status = models.CharField(
        _("审核状态"), max_length=10, choices=ReviewStatus.choices, default=ReviewStatus.PENDING
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审核人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    review_note = models.TextField(_("审核意见"), blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("录入人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("录入时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("代表述职")
        verbose_name_plural = _("代表述职")
        ordering = ["-reported_on", "-id"]

    def __str__(self):
        return f"{self.deputy} {self.reported_on} 述职"

    def clean(self):
        votes = (self.satisfied or 0) + (self.basically_satisfied or 0) + (self.dissatisfied or 0)
        if self.attendance is not None and votes > self.attendance:
            raise ValidationError({"satisfied": _("测评票数合计不能超过参加人数。")})
        if not (self.content or "").strip() and not self.file:
            raise ValidationError({"content": _("请填写述职报告内容或上传报告附件。")})

    @property
    def votes(self) -> int:
        return self.satisfied + self.basically_satisfied + self.dissatisfied

    @property
    def satisfaction_rate(self) -> Decimal | None:
        """满意 plus 基本满意 over all votes cast."""
        if not self.votes:
            return None
        return (Decimal(self.satisfied + self.basically_satisfied) / self.votes).quantize(
            Decimal("0.0001")
        )


# --- Evaluation of township congresses -------------------------------------------------------


class TargetKind(models.TextChoices):
    TOWNSHIP = "township", _("乡镇（街道）人大")
    STREET_COMMITTEE = "street_committee", _("街道人大工委")
    HANDLING_UNIT = "handling_unit", _("承办单位")
    # Any level evaluates the level below (怀化 "同步推动县乡评价新机制").
    COUNTY = "county", _("县（市、区）人大")
    CITY = "city", _("市（州）人大")


class ComputedMeasure(models.TextChoices):
    """Indicators the portal measures from its own data (see evaluation/sources.py)."""

    STATION_VISIT_COVERAGE = "station_visit_coverage", _("代表进站履职覆盖率")
    OPINIONS_ANSWERED_ON_TIME = "opinions_answered_on_time", _("群众意见按时答复率")
    SUGGESTIONS_REPLIED_ON_TIME = "suggestions_replied_on_time", _("代表建议按时答复率")
    SATISFACTION_RATE = "satisfaction_rate", _("代表建议办理满意率")
    DEPUTIES_AVERAGE_POINTS = "deputies_average_points", _("代表平均履职积分")
    TRAINING_COVERAGE = "training_coverage", _("代表履职培训全覆盖（达标学时代表占比）")
    # Defined by the app that owns the records (township/measures.py OTHER_APPS).
    CONTACT_COVERAGE = "contact_coverage", _("联系工作达标率（完成年度联系次数的联系关系占比）")
    TASK_COMPLETION = "task_completion", _("工作任务按期完成率")
    FILING_ON_TIME = "filing_on_time", _("规范性文件按期报备率")
    # Of one handling unit (承办单位考评, the way 鄂州 scores units).
    UNIT_SIGNED_ON_TIME = "unit_signed_on_time", _("承办单位按期签收率")
    UNIT_REPLIED_ON_TIME = "unit_replied_on_time", _("承办单位按期答复率")
    UNIT_SATISFACTION = "unit_satisfaction", _("承办单位代表满意率")
    UNIT_COMMITMENTS_DONE = "unit_commitments_done", _("承办单位承诺事项完成率")
    UNIT_RECTIFICATION_ON_TIME = "unit_rectification_on_time", _("审议意见整改报告按期报送率")


class IndicatorSystem(models.Model):
    """An indicator tree (aspect → indicator) for one year and one kind of target."""

    region = models.ForeignKey(
        Region, verbose_name=_("制定机关区划"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(
        _("年度"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    target_kind = models.CharField(_("评价对象"), max_length=20, choices=TargetKind.choices)
    name = models.CharField(_("名称"), max_length=120)
    bonus_cap = models.DecimalField(
        _("创新加分上限"), max_digits=5, decimal_places=1, default=Decimal("0")
    )
    description = models.TextField(_("说明"), blank=True)
    copied_from = models.ForeignKey(
        "self",
        verbose_name=_("复制自"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("评价指标体系")
        verbose_name_plural = _("评价指标体系")
        ordering = ["-year", "region_id", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "year", "target_kind", "name"], name="indicator_system_unique"
            ),
        ]

    def __str__(self):
        return self.name


class Aspect(models.Model):
    system = models.ForeignKey(
        IndicatorSystem,
        verbose_name=_("指标体系"),
        on_delete=models.CASCADE,
        related_name="aspects",
    )
    order = models.PositiveSmallIntegerField(_("序号"))
    name = models.CharField(_("评价方面"), max_length=80)
    is_bonus = models.BooleanField(_("加分项"), default=False)

    class Meta:
        verbose_name = _("评价方面")
        verbose_name_plural = _("评价方面")
        ordering = ["system_id", "order"]
        constraints = [
            models.UniqueConstraint(fields=["system", "order"], name="aspect_unique_order"),
        ]

    def __str__(self):
        return self.name


class Indicator(models.Model):
    class Method(models.TextChoices):
        MANUAL = "manual", _("人工评分")
        COMPUTED = "computed", _("平台数据自动计算")

    aspect = models.ForeignKey(
        Aspect, verbose_name=_("评价方面"), on_delete=models.CASCADE, related_name="indicators"
    )
    order = models.PositiveSmallIntegerField(_("序号"))
    name = models.CharField(_("指标"), max_length=120)
    max_score = models.DecimalField(
        _("满分"), max_digits=5, decimal_places=1, validators=[MinValueValidator(Decimal("0.1"))]
    )
    weight = models.DecimalField(
        _("权重"),
        max_digits=4,
        decimal_places=2,
        default=Decimal("1"),
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    scoring_rule = models.TextField(_("评分细则"))
    evidence_wanted = models.CharField(_("佐证材料要求"), max_length=300, blank=True)
    evidence_required = models.BooleanField(_("必须提供佐证"), default=False)
    method = models.CharField(
        _("评分方式"), max_length=10, choices=Method.choices, default=Method.MANUAL
    )
    measure = models.CharField(
        _("自动计算口径"), max_length=32, choices=ComputedMeasure.choices, blank=True
    )
    full_marks_at = models.DecimalField(
        _("满分标准值"),
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("自动计算的指标达到此值得满分，低于则按比例得分（比率用0-1表示）。"),
    )

    class Meta:
        verbose_name = _("评价指标")
        verbose_name_plural = _("评价指标")
        ordering = ["aspect_id", "order"]
        constraints = [
            models.UniqueConstraint(fields=["aspect", "order"], name="indicator_unique_order"),
            models.CheckConstraint(
                condition=Q(method="manual") | ~Q(measure=""), name="indicator_computed_has_measure"
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        if self.method == self.Method.COMPUTED and not self.measure:
            raise ValidationError({"measure": _("自动计算的指标须选择计算口径。")})
        if self.method == self.Method.COMPUTED and not self.full_marks_at:
            raise ValidationError({"full_marks_at": _("自动计算的指标须填写满分标准值。")})


class EvaluationRound(models.Model):
    """One year's evaluation of a set of targets under one indicator system."""

    class Status(models.TextChoices):
        OPEN = "open", _("评价中")
        CLOSED = "closed", _("已结束")

    system = models.ForeignKey(
        IndicatorSystem, verbose_name=_("指标体系"), on_delete=models.PROTECT, related_name="rounds"
    )
    region = models.ForeignKey(
        Region, verbose_name=_("组织评价的区划"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    name = models.CharField(_("名称"), max_length=120)
    status = models.CharField(_("状态"), max_length=8, choices=Status.choices, default=Status.OPEN)
    evaluators = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("评价人"), blank=True, related_name="+"
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("发起人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    opened_at = models.DateTimeField(_("发起时间"), auto_now_add=True)
    closed_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    # The periods (reminded once per threshold as each comes near).
    self_due = models.DateField(_("自评截止日期"), null=True, blank=True)
    review_due = models.DateField(_("评分截止日期"), null=True, blank=True)
    closes_on = models.DateField(_("评价结束日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("评价轮次")
        verbose_name_plural = _("评价轮次")
        ordering = ["-year", "-id"]

    def __str__(self):
        return self.name

    @property
    def is_closed(self) -> bool:
        return self.status == self.Status.CLOSED


class RoundTarget(models.Model):
    """One evaluated body in a round, with its totals and rank kept current as scores come in."""

    round = models.ForeignKey(
        EvaluationRound,
        verbose_name=_("评价轮次"),
        on_delete=models.CASCADE,
        related_name="targets",
    )
    region = models.ForeignKey(
        Region, verbose_name=_("被评价区划"), on_delete=models.PROTECT, related_name="+"
    )
    handling_unit = models.ForeignKey(
        HandlingUnit,
        verbose_name=_("被评价单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    self_total = models.DecimalField(_("自评得分"), max_digits=7, decimal_places=2, default=0)
    review_total = models.DecimalField(_("评审得分"), max_digits=7, decimal_places=2, default=0)
    bonus = models.DecimalField(_("创新加分"), max_digits=6, decimal_places=2, default=0)
    final_total = models.DecimalField(_("总分"), max_digits=7, decimal_places=2, default=0)
    rank = models.PositiveIntegerField(_("名次"), null=True, blank=True)

    class Meta:
        verbose_name = _("评价对象")
        verbose_name_plural = _("评价对象")
        ordering = ["round_id", "rank", "region_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "region"],
                condition=Q(handling_unit__isnull=True),
                name="round_target_unique",
            ),
            models.UniqueConstraint(
                fields=["round", "handling_unit"],
                condition=Q(handling_unit__isnull=False),
                name="round_target_unit_unique",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        return self.handling_unit.name if self.handling_unit_id else self.region.name


class Score(models.Model):
    class Stage(models.TextChoices):
        SELF = "self", _("自评")
        REVIEW = "review", _("评审")

    target = models.ForeignKey(
        RoundTarget, verbose_name=_("评价对象"), on_delete=models.CASCADE, related_name="scores"
    )
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("指标"), on_delete=models.PROTECT, related_name="scores"
    )
    stage = models.CharField(_("环节"), max_length=8, choices=Stage.choices)
    value = models.DecimalField(
        _("得分"), max_digits=6, decimal_places=2, validators=[MinValueValidator(Decimal("0"))]
    )
    measured = models.DecimalField(
        _("实测值"), max_digits=10, decimal_places=4, null=True, blank=True
    )
    is_computed = models.BooleanField(_("自动计算"), default=False)
    reason = models.TextField(_("评分理由"), blank=True)
    evidence = models.CharField(_("佐证材料"), max_length=300, blank=True)
    evidence_file = models.FileField(_("佐证附件"), upload_to="evaluation/scores/%Y/", blank=True)
    scored_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("评分人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    scored_at = models.DateTimeField(_("评分时间"), auto_now=True)

    class Meta:
        verbose_name = _("指标得分")
        verbose_name_plural = _("指标得分")
        ordering = ["target_id", "indicator_id", "stage"]
        constraints = [
            models.UniqueConstraint(
                fields=["target", "indicator", "stage"], name="score_one_per_stage"
            ),
        ]

    def __str__(self):
        return f"{self.target_id}/{self.indicator_id}/{self.stage}: {self.value}"
