"""Ballots: one engine for satisfaction ballots 满意度测评 (units, appointed officials 任后监督,
livelihood projects at year end) and the livelihood-project vote 民生实事项目票决 (choose N of M).

How a vote is stored, and why an anonymous ballot cannot be traced back to a voter:

* `Participation` (ballot, deputy) says only *that* a deputy voted. Its unique constraint is
  what makes "one vote per voter" hold even when two requests race: the second INSERT fails.
* What was answered lives in `Tally` (ballot, item, answer) counters, created for every
  (item, answer) when the ballot opens. A vote adds to them with F() expressions inside the same
  transaction as the participation row. There is no per-vote answer row at all, so there is no
  id, timestamp or ordering that could be matched against the participation rows.
* On PostgreSQL each row version carries the id of the transaction that wrote it (xmin). A vote
  therefore updates *every* counter row of the ballot (adding 0 to those not chosen): every row
  then shows the same last transaction, whatever was answered. Superseded row versions are
  removed by VACUUM, which `ballot_close` runs on the tally table after commit.
* Per-vote counter changes are deliberately not written to the audit log (a before/after pair
  next to the participation's audit row would reveal the answer); the audit log records the
  participation, the opening, the paper totals and the final result at closing.
* Named ballots (记名) additionally keep a `NamedVote` row per voter and item.
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from congress.models import Congress, HandlingUnit, Region, Session, Term


class Answer(models.TextChoices):
    SATISFIED = "satisfied", _("满意")
    BASIC = "basic", _("基本满意")
    DISSATISFIED = "dissatisfied", _("不满意")
    APPROVE = "approve", _("赞成")


RATING_ANSWERS = [Answer.SATISFIED, Answer.BASIC, Answer.DISSATISFIED]


class CommitteeMeeting(models.Model):
    """A meeting of the standing committee 常委会会议 (ballots on officials are held there)."""

    term = models.ForeignKey(
        Term, verbose_name=_("届次"), on_delete=models.PROTECT, related_name="committee_meetings"
    )
    number = models.PositiveSmallIntegerField(_("会次"))
    date = models.DateField(_("会议日期"))

    class Meta:
        verbose_name = _("常委会会议")
        verbose_name_plural = _("常委会会议")
        ordering = ["term_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["term", "number"], name="committee_meeting_unique")
        ]

    def __str__(self):
        return f"{self.term.congress.name}常委会{self.term.label}第{self.number}次会议"


class CommitteeMember(models.Model):
    """A member of the standing committee 常委会组成人员 for one term: the electorate of
    committee ballots (a member is also a deputy, so they vote with their deputy account)."""

    term = models.ForeignKey(
        Term, verbose_name=_("届次"), on_delete=models.PROTECT, related_name="committee_members"
    )
    deputy = models.ForeignKey(
        "representatives.Deputy",
        verbose_name=_("代表"),
        on_delete=models.PROTECT,
        related_name="committee_seats",
    )
    post = models.CharField(_("职务"), max_length=30, default="委员")
    is_active = models.BooleanField(_("在任"), default=True)

    class Meta:
        verbose_name = _("常委会组成人员")
        verbose_name_plural = _("常委会组成人员")
        constraints = [
            models.UniqueConstraint(fields=["term", "deputy"], name="committee_member_unique")
        ]

    def __str__(self):
        return f"{self.deputy} · {self.post}"


class AppointedOfficial(models.Model):
    """An official appointed by the standing committee (e.g. 副县长), reviewed yearly 任后监督."""

    region = models.ForeignKey(
        Region, verbose_name=_("所属区划"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("姓名"), max_length=50)
    post = models.CharField(_("职务"), max_length=100)
    appointed_on = models.DateField(_("任命日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("任命人员")
        verbose_name_plural = _("任命人员")
        ordering = ["region_id", "name"]

    def __str__(self):
        return f"{self.post} {self.name}"


class OfficialReport(models.Model):
    """An appointed official's yearly report on their work 年度履职报告, attached to their ballot item."""

    official = models.ForeignKey(
        AppointedOfficial,
        verbose_name=_("任命人员"),
        on_delete=models.PROTECT,
        related_name="reports",
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("报告内容"), blank=True)
    file = models.FileField(_("报告附件"), upload_to="ballots/reports/%Y/", blank=True)
    appointment = models.ForeignKey(
        "ballots.Appointment",
        verbose_name=_("任命记录"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reports",
    )

    class Meta:
        verbose_name = _("履职报告")
        verbose_name_plural = _("履职报告")
        constraints = [
            models.UniqueConstraint(fields=["official", "year"], name="official_report_per_year")
        ]

    def __str__(self):
        return self.title


class LivelihoodProject(models.Model):
    """A livelihood project 民生实事项目: a candidate, screened, voted on and, once chosen,
    carried out by a responsible unit with milestones and reports."""

    class SourceKind(models.TextChoices):
        DEPARTMENT = "department", _("部门申报")
        SUGGESTION = "suggestion", _("代表建议")
        OPINION = "opinion", _("群众意见")
        OTHER = "other", _("其他")

    class Feasibility(models.TextChoices):
        UNASSESSED = "unassessed", _("未评估")
        FEASIBLE = "feasible", _("可行")
        CONDITIONAL = "conditional", _("有条件可行")
        INFEASIBLE = "infeasible", _("不可行")

    class Status(models.TextChoices):
        CANDIDATE = "candidate", _("候选")
        SHORTLISTED = "shortlisted", _("入围票决")
        REJECTED = "rejected", _("未入围")
        ELECTED = "elected", _("票决当选")
        NOT_ELECTED = "not_elected", _("未当选")
        COMPLETED = "completed", _("已完成")

    congress = models.ForeignKey(
        Congress, verbose_name=_("人民代表大会"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("实施年度"))
    title = models.CharField(_("项目名称"), max_length=120)
    description = models.TextField(_("项目内容"), blank=True)
    # Where the candidate came from: a generic link (kind + id + title at the time), so a
    # project survives a change or removal of the suggestion or opinion it came from.
    source_kind = models.CharField(_("来源"), max_length=12, choices=SourceKind.choices)
    source_unit = models.ForeignKey(
        HandlingUnit,
        verbose_name=_("申报部门"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    source_id = models.PositiveBigIntegerField(_("来源记录ID"), null=True, blank=True)
    source_title = models.CharField(_("来源标题"), max_length=200, blank=True)
    feasibility = models.CharField(
        _("可行性"), max_length=12, choices=Feasibility.choices, default=Feasibility.UNASSESSED
    )
    feasibility_note = models.TextField(_("可行性意见"), blank=True)
    estimated_cost = models.DecimalField(
        _("估算投资（万元）"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    screening_note = models.TextField(_("筛选意见"), blank=True)
    list_number = models.PositiveSmallIntegerField(_("清单序号"), null=True, blank=True)
    status = models.CharField(
        _("状态"), max_length=12, choices=Status.choices, default=Status.CANDIDATE
    )
    responsible_unit = models.ForeignKey(
        HandlingUnit,
        verbose_name=_("责任单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    budget = models.DecimalField(
        _("预算（万元）"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    progress = models.PositiveSmallIntegerField(
        _("总体进度%"), default=0, validators=[MaxValueValidator(100)]
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("民生实事项目")
        verbose_name_plural = _("民生实事项目")
        ordering = ["congress_id", "-year", "list_number", "id"]
        indexes = [models.Index(fields=["congress", "year", "status"], name="project_year_idx")]
        constraints = [
            # one number per place on the year's candidate list (services.projects numbers
            # under a lock; this is what makes a second equal number impossible)
            models.UniqueConstraint(
                fields=["congress", "year", "list_number"], name="project_list_number_unique"
            )
        ]

    def __str__(self):
        return self.title

    def clean(self):
        if self.source_kind == self.SourceKind.DEPARTMENT and not self.source_unit_id:
            raise ValidationError({"source_unit": _("部门申报的项目须选择申报部门。")})
        if self.source_kind in (self.SourceKind.SUGGESTION, self.SourceKind.OPINION) and not (
            self.source_id and self.source_title
        ):
            raise ValidationError({"source_id": _("来自代表建议或群众意见的项目须关联来源记录。")})
        if self.estimated_cost is not None and self.estimated_cost < 0:
            raise ValidationError({"estimated_cost": _("估算投资不能为负数。")})


class ProjectMilestone(models.Model):
    """A step of a chosen project, with its progress and the evidence for it."""

    project = models.ForeignKey(
        LivelihoodProject,
        verbose_name=_("项目"),
        on_delete=models.CASCADE,
        related_name="milestones",
    )
    order = models.PositiveSmallIntegerField(_("序号"), default=1)
    title = models.CharField(_("节点"), max_length=120)
    due_date = models.DateField(_("计划完成日期"))
    progress = models.PositiveSmallIntegerField(
        _("进度%"), default=0, validators=[MaxValueValidator(100)]
    )
    evidence = models.TextField(_("佐证说明"), blank=True)
    evidence_file = models.FileField(_("佐证材料"), upload_to="ballots/evidence/%Y/", blank=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("项目节点")
        verbose_name_plural = _("项目节点")
        ordering = ["project_id", "order", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(progress__lte=100), name="milestone_progress_max")
        ]

    def __str__(self):
        return self.title


class ProjectReport(models.Model):
    """The mid-year 年中 and year-end 年终 report of a chosen project."""

    class Kind(models.TextChoices):
        MID_YEAR = "mid_year", _("年中报告")
        YEAR_END = "year_end", _("年终报告")

    project = models.ForeignKey(
        LivelihoodProject, verbose_name=_("项目"), on_delete=models.CASCADE, related_name="reports"
    )
    kind = models.CharField(_("类别"), max_length=10, choices=Kind.choices)
    body = models.TextField(_("报告内容"))
    progress = models.PositiveSmallIntegerField(_("报告时进度%"), default=0)
    spent = models.DecimalField(
        _("已完成投资（万元）"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("提交人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("提交时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("项目报告")
        verbose_name_plural = _("项目报告")
        ordering = ["project_id", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["project", "kind"], name="project_report_once")
        ]

    def __str__(self):
        return f"{self.project} · {self.get_kind_display()}"


class Ballot(models.Model):
    """One ballot of the engine: who may vote (the electorate), when, on which items, with
    which answers, anonymous or named."""

    class Kind(models.TextChoices):
        UNIT_RATING = "unit_rating", _("部门满意度测评")
        OFFICIAL_RATING = "official_rating", _("任后监督测评")
        PROJECT_VOTE = "project_vote", _("民生实事项目票决")
        PROJECT_RATING = "project_rating", _("民生实事项目满意度测评")
        KEY_REVIEW = "key_review", _("重点建议集中评议")

    class Electorate(models.TextChoices):
        DEPUTIES = "deputies", _("本级人大代表")
        COMMITTEE = "committee", _("常委会组成人员")
        INVITED = "invited", _("受邀代表和群众")

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        OPEN = "open", _("投票中")
        CLOSED = "closed", _("已结束")

    TIE_RULE = _("得票相同且跨越当选名额时，清单序号在前（序号在投票前随候选清单公布）的项目当选。")

    congress = models.ForeignKey(
        Congress, verbose_name=_("人民代表大会"), on_delete=models.PROTECT, related_name="+"
    )
    term = models.ForeignKey(
        Term, verbose_name=_("届次"), on_delete=models.PROTECT, related_name="+"
    )
    session = models.ForeignKey(
        Session,
        verbose_name=_("人代会会议"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    committee_meeting = models.ForeignKey(
        CommitteeMeeting,
        verbose_name=_("常委会会议"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="ballots",
    )
    kind = models.CharField(_("类别"), max_length=16, choices=Kind.choices)
    title = models.CharField(_("名称"), max_length=150)
    year = models.PositiveSmallIntegerField(_("年度"))
    electorate = models.CharField(
        _("投票人"), max_length=10, choices=Electorate.choices, default=Electorate.DEPUTIES
    )
    anonymous = models.BooleanField(_("无记名"), default=True)
    opens_at = models.DateTimeField(_("开始时间"))
    closes_at = models.DateTimeField(_("截止时间"))
    choose_max = models.PositiveSmallIntegerField(_("应选数（N）"), null=True, blank=True)
    flag_threshold = models.DecimalField(
        _("不满意率预警线"),
        max_digits=4,
        decimal_places=3,
        default=Decimal("0.200"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("1"))],
        help_text=_("不满意票占有效票的比例超过此值时列为跟踪督办对象。"),
    )
    compare_with = models.ForeignKey(
        "self",
        verbose_name=_("对比上年测评"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(_("状态"), max_length=8, choices=Status.choices, default="draft")
    electorate_size = models.PositiveIntegerField(_("应投票人数"), default=0)
    paper_papers = models.PositiveIntegerField(_("纸质票张数"), default=0)
    # 集中评议: citizens vote with a one-time code through the meeting's public address
    # (/r/<public_token>/); how many did is a counter, never a row per vote (models_review.py)
    public_token = models.CharField(_("公开评议码"), max_length=32, blank=True, db_index=True)
    citizen_votes = models.PositiveIntegerField(_("群众评议票数"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("创建人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    opened_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    closed_at = models.DateTimeField(_("结束时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("测评票决")
        verbose_name_plural = _("测评票决")
        ordering = ["-opens_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=models.F("opens_at")), name="ballot_times_ordered"
            ),
            models.CheckConstraint(
                condition=~Q(kind="project_vote") | Q(choose_max__gte=1),
                name="ballot_project_vote_has_n",
            ),
        ]
        indexes = [models.Index(fields=["congress", "status"], name="ballot_congress_status_idx")]

    def __str__(self):
        return self.title

    @property
    def is_approval(self) -> bool:
        return self.kind == self.Kind.PROJECT_VOTE

    @property
    def answers(self) -> list[str]:
        return [Answer.APPROVE] if self.is_approval else list(RATING_ANSWERS)

    def clean(self):
        errors = {}
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            errors["closes_at"] = _("截止时间必须晚于开始时间。")
        if self.is_approval and not self.choose_max:
            errors["choose_max"] = _("差额票决须填写应选项目数。")
        if self.electorate == self.Electorate.COMMITTEE and not self.committee_meeting_id:
            errors["committee_meeting"] = _("常委会组成人员测评须选择常委会会议。")
        if self.session_id and self.term_id and self.session.term_id != self.term_id:
            errors["session"] = _("会议不属于该届次。")
        if self.term_id and self.congress_id and self.term.congress_id != self.congress_id:
            errors["term"] = _("届次不属于该人民代表大会。")
        if errors:
            raise ValidationError(errors)


class BallotItem(models.Model):
    """What is rated or chosen: a handling unit, an appointed official (with their report), or a
    livelihood project."""

    ballot = models.ForeignKey(
        Ballot, verbose_name=_("测评票决"), on_delete=models.CASCADE, related_name="items"
    )
    order = models.PositiveSmallIntegerField(_("序号"))
    title = models.CharField(_("名称"), max_length=150)
    handling_unit = models.ForeignKey(
        HandlingUnit,
        verbose_name=_("承办单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    official = models.ForeignKey(
        AppointedOfficial,
        verbose_name=_("任命人员"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    report = models.ForeignKey(
        OfficialReport,
        verbose_name=_("履职报告"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    project = models.ForeignKey(
        LivelihoodProject,
        verbose_name=_("民生实事项目"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="ballot_items",
    )
    suggestion = models.ForeignKey(
        "suggestions.Suggestion",
        verbose_name=_("重点建议"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="review_items",
    )
    # the unit leader's report on the item at a 集中评议 (汇报)
    presenter = models.CharField(_("汇报人"), max_length=60, blank=True)
    statement = models.TextField(_("汇报内容"), blank=True)
    statement_file = models.FileField(_("汇报材料"), upload_to="ballots/statements/%Y/", blank=True)

    class Meta:
        verbose_name = _("测评对象")
        verbose_name_plural = _("测评对象")
        ordering = ["ballot_id", "order"]
        constraints = [
            models.UniqueConstraint(fields=["ballot", "order"], name="ballot_item_order_unique")
        ]

    def __str__(self):
        return self.title

    @property
    def subject_key(self) -> str:
        """What the item is about, to find the same subject in last year's ballot."""
        for prefix, value in (
            ("suggestion", self.suggestion_id),
            ("unit", self.handling_unit_id),
            ("official", self.official_id),
            ("project", self.project_id),
        ):
            if value:
                return f"{prefix}:{value}"
        return f"title:{self.title}"


class Tally(models.Model):
    """A counter per (item, answer), created when the ballot opens: `electronic` counts votes
    cast on the portal (added to with F(), see the module docstring), `paper` the totals staff
    entered from hand-counted paper ballots. No per-vote row exists for what was answered."""

    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="tallies")
    item = models.ForeignKey(BallotItem, on_delete=models.CASCADE, related_name="tallies")
    answer = models.CharField(_("选项"), max_length=12, choices=Answer.choices)
    electronic = models.PositiveIntegerField(_("电子票"), default=0)
    paper = models.PositiveIntegerField(_("纸质票"), default=0)

    class Meta:
        verbose_name = _("计票")
        verbose_name_plural = _("计票")
        constraints = [
            models.UniqueConstraint(fields=["item", "answer"], name="tally_unique_item_answer")
        ]

    @property
    def total(self) -> int:
        return self.electronic + self.paper


class Participation(models.Model):
    """That a deputy voted in a ballot, never what: the unique constraint is the one-vote rule.
    `receipt` is shown to the voter as proof their vote was counted."""

    class Channel(models.TextChoices):
        ELECTRONIC = "electronic", _("电子投票")
        PAPER = "paper", _("纸质投票")

    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="participations")
    deputy = models.ForeignKey(
        "representatives.Deputy", on_delete=models.PROTECT, related_name="ballot_participations"
    )
    channel = models.CharField(
        _("方式"), max_length=10, choices=Channel.choices, default=Channel.ELECTRONIC
    )
    receipt = models.CharField(_("回执码"), max_length=16)
    voted_at = models.DateTimeField(_("投票时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("参与投票")
        verbose_name_plural = _("参与投票")
        constraints = [
            models.UniqueConstraint(fields=["ballot", "deputy"], name="one_vote_per_voter")
        ]

    def __str__(self):
        return f"{self.ballot_id}:{self.deputy_id}"


class NamedVote(models.Model):
    """Who answered what, kept only for named ballots 记名投票."""

    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="named_votes")
    item = models.ForeignKey(BallotItem, on_delete=models.CASCADE, related_name="+")
    deputy = models.ForeignKey("representatives.Deputy", on_delete=models.PROTECT, related_name="+")
    answer = models.CharField(_("选项"), max_length=12, choices=Answer.choices)

    class Meta:
        verbose_name = _("记名票")
        verbose_name_plural = _("记名票")
        constraints = [
            models.UniqueConstraint(fields=["item", "deputy"], name="named_vote_once_per_item")
        ]


class PaperEntry(models.Model):
    """Totals of hand-counted paper ballots entered by staff, kept as entered."""

    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="paper_entries")
    papers = models.PositiveIntegerField(_("纸质票张数"))
    totals = models.JSONField(_("各项票数"), help_text=_("{item_id: {answer: count}}"))
    note = models.CharField(_("说明"), max_length=200, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("录入人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    entered_at = models.DateTimeField(_("录入时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("纸质票录入")
        verbose_name_plural = _("纸质票录入")
        ordering = ["ballot_id", "entered_at"]


class ItemResult(models.Model):
    """The result of one item, fixed when the ballot closes (a closed ballot never changes)."""

    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="results")
    item = models.OneToOneField(BallotItem, on_delete=models.CASCADE, related_name="result")
    counts = models.JSONField(_("各选项票数"))
    valid = models.PositiveIntegerField(_("有效票"))
    satisfaction_rate = models.DecimalField(
        _("满意率"), max_digits=5, decimal_places=4, null=True, blank=True
    )
    dissatisfied_rate = models.DecimalField(
        _("不满意率"), max_digits=5, decimal_places=4, null=True, blank=True
    )
    rank = models.PositiveSmallIntegerField(_("名次"))
    flagged = models.BooleanField(_("列入跟踪督办"), default=False)
    elected = models.BooleanField(_("当选"), default=False)
    previous_rate = models.DecimalField(
        _("上年满意率"), max_digits=5, decimal_places=4, null=True, blank=True
    )
    previous_rank = models.PositiveSmallIntegerField(_("上年名次"), null=True, blank=True)

    class Meta:
        verbose_name = _("测评结果")
        verbose_name_plural = _("测评结果")
        ordering = ["ballot_id", "rank"]


from ballots.models_review import Appointment, BallotInvitee, CitizenCode  # noqa: E402, F401
