"""Deputies' suggestions 代表建议 and everything that happens to one: signers, review,
assignment to handling units, contacts, replies, ratings, commitments and the history."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from congress.models import Congress, HandlingUnit, Region, Session, Term


class Status(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("待审查")
    RETURNED = "returned", _("退回修改")
    ACCEPTED = "accepted", _("待交办")
    ASSIGNED = "assigned", _("待签收")
    SIGNED = "signed", _("办理中")
    REPLIED = "replied", _("待测评")
    REHANDLING = "rehandling", _("重新办理")
    CLOSED = "closed", _("已办结")
    WITHDRAWN = "withdrawn", _("已撤回")


# Statuses in which a unit owes a reply (the reminder sweep and "overdue" look only here).
OPEN_FOR_REPLY = [Status.ASSIGNED, Status.SIGNED, Status.REHANDLING]


class Satisfaction(models.TextChoices):
    SATISFIED = "satisfied", _("满意")
    BASICALLY = "basically", _("基本满意")
    UNSATISFIED = "unsatisfied", _("不满意")


class SuggestionCategory(models.Model):
    """The configurable list of categories (经济, 城乡建设, 教育, …)."""

    name = models.CharField(_("类别名称"), max_length=30, unique=True)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)
    is_active = models.BooleanField(_("在用"), default=True)

    class Meta:
        verbose_name = _("建议类别")
        verbose_name_plural = _("建议类别")
        ordering = ["order", "id"]

    def __str__(self):
        return self.name


class ResultClass(models.Model):
    """The configurable list of reply result classes (A–D by default)."""

    code = models.CharField(_("代码"), max_length=4, unique=True)
    label = models.CharField(_("名称"), max_length=60)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)
    needs_commitment = models.BooleanField(
        _("须列承诺事项"), default=False, help_text=_("如 B 类：须写明承诺解决的事项和时限。")
    )
    is_active = models.BooleanField(_("在用"), default=True)

    class Meta:
        verbose_name = _("答复类别")
        verbose_name_plural = _("答复类别")
        ordering = ["order", "code"]

    def __str__(self):
        return f"{self.code} {self.label}"


class WorkdayOverride(models.Model):
    """Admin-entered official calendar days for years the chinese-calendar package does not know."""

    date = models.DateField(_("日期"), unique=True)
    is_workday = models.BooleanField(_("是否工作日"))
    note = models.CharField(_("说明"), max_length=60, blank=True)

    class Meta:
        verbose_name = _("工作日调整")
        verbose_name_plural = _("工作日调整")
        ordering = ["date"]

    def __str__(self):
        return f"{self.date} {'工作日' if self.is_workday else '休息日'}"


class WorkdayYear(models.Model):
    """A year whose official schedule staff have entered in full: only then do its deadlines
    stop falling back to Monday–Friday (one override of a year does not cover the year)."""

    year = models.PositiveSmallIntegerField(_("年度"), primary_key=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("录入人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    entered_at = models.DateTimeField(_("录入时间"), auto_now=True)
    source = models.CharField(_("依据"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("已录入全年安排的年度")
        verbose_name_plural = _("已录入全年安排的年度")
        ordering = ["year"]

    def __str__(self):
        return str(self.year)


class RegionPolicy(models.Model):
    """The suggestion rules of one region's congress; a region without its own uses the
    nearest one above it, and failing all, the defaults below (`suggestions.policy`)."""

    class UnratedOutcome(models.TextChoices):
        CLOSE = "close", _("记为“未测评”并办结")
        KEEP_OPEN = "keep_open", _("记为“未测评”，保持待测评")

    class AttitudeConsequence(models.TextChoices):
        REHANDLE = "rehandle", _("重新办理")
        RECORD = "record", _("记录在案，计入承办单位考评")

    region = models.OneToOneField(
        Region,
        verbose_name=_("区划"),
        primary_key=True,
        on_delete=models.PROTECT,
        related_name="suggestion_policy",
    )
    # Before assignment (working days).
    review_workdays = models.PositiveSmallIntegerField(
        _("审查时限（工作日）"), default=5, help_text=_("收到建议后须在此期限内审查完毕。")
    )
    assign_workdays = models.PositiveSmallIntegerField(
        _("闭会期间交办时限（工作日）"), default=7, help_text=_("审查通过后须在此期限内交办。")
    )
    session_assign_workdays = models.PositiveSmallIntegerField(
        _("大会期间交办时限（工作日）"), default=20
    )
    # Overdue replies.
    overdue_daily_to_unit = models.BooleanField(_("逾期后每日提醒承办单位"), default=True)
    digest_weekday = models.PositiveSmallIntegerField(
        _("每周汇总提醒工作人员（星期几，0为不发）"), default=1
    )
    escalate_after_days = models.PositiveSmallIntegerField(
        _("逾期多少天后提请分管领导督办（0为不提请）"), default=15
    )
    escalate_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("督办领导"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("不填则为本级全部领导。"),
    )
    # Replies nobody rates.
    unrated_remind_days = models.PositiveSmallIntegerField(
        _("答复后多少天未测评提醒代表"), default=30
    )
    unrated_after_days = models.PositiveSmallIntegerField(
        _("答复后多少天仍未测评记为“未测评”"), default=60
    )
    unrated_outcome = models.CharField(
        _("记为“未测评”后"),
        max_length=10,
        choices=UnratedOutcome.choices,
        default=UnratedOutcome.CLOSE,
    )
    # Ratings.
    attitude_unsatisfied = models.CharField(
        _("办理态度不满意时"),
        max_length=10,
        choices=AttitudeConsequence.choices,
        default=AttitudeConsequence.REHANDLE,
    )
    rehandle_months = models.PositiveSmallIntegerField(_("重新办理期限（月）"), default=1)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("修改人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)

    class Meta:
        verbose_name = _("建议办理规则")
        verbose_name_plural = _("建议办理规则")
        constraints = [
            models.CheckConstraint(
                condition=Q(rehandle_months__gte=1, rehandle_months__lte=3),
                name="policy_rehandle_one_to_three_months",
            ),
            models.CheckConstraint(
                condition=Q(digest_weekday__lte=7), name="policy_digest_weekday_0_to_7"
            ),
        ]

    def __str__(self):
        return f"{self.region} 建议办理规则"


class ReviewStage(models.Model):
    """One stage of a region's review 审查 (三审: e.g. 乡镇人大初审 → 选联委审查 → 主任会议审定)."""

    class Reviewer(models.TextChoices):
        STAFF = "staff", _("本级人大机关工作人员")
        SUPERVISOR = "supervisor", _("本级人大常委会领导")

    policy = models.ForeignKey(
        RegionPolicy, verbose_name=_("办理规则"), on_delete=models.CASCADE, related_name="stages"
    )
    order = models.PositiveSmallIntegerField(_("序号"))
    name = models.CharField(_("审查环节"), max_length=40)
    reviewer = models.CharField(
        _("审查人"), max_length=12, choices=Reviewer.choices, default=Reviewer.STAFF
    )
    reviewers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("指定审查人"),
        blank=True,
        related_name="+",
        help_text=_("不指定则本级该类人员均可审查。"),
    )

    class Meta:
        verbose_name = _("审查环节")
        verbose_name_plural = _("审查环节")
        ordering = ["policy_id", "order"]
        constraints = [
            models.UniqueConstraint(fields=["policy", "order"], name="review_stage_unique_order")
        ]

    def __str__(self):
        return self.name


class AssignmentMeeting(models.Model):
    """An assignment meeting 专会交办: many suggestions assigned at once, confirmed in one step."""

    region = models.ForeignKey(
        Region, verbose_name=_("区划"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("会议名称"), max_length=120)
    held_on = models.DateField(_("会议日期"))
    note = models.TextField(_("说明"), blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("确认人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    confirmed_at = models.DateTimeField(_("确认时间"))

    class Meta:
        verbose_name = _("交办会")
        verbose_name_plural = _("交办会")
        ordering = ["-held_on", "-id"]

    def __str__(self):
        return self.title


class Suggestion(models.Model):
    class Period(models.TextChoices):
        SESSION = "session", _("大会期间")
        BETWEEN = "between", _("闭会期间")

    congress = models.ForeignKey(
        Congress, verbose_name=_("人民代表大会"), on_delete=models.PROTECT, related_name="+"
    )
    term = models.ForeignKey(
        Term, verbose_name=_("届次"), on_delete=models.PROTECT, related_name="+"
    )
    session = models.ForeignKey(
        Session,
        verbose_name=_("会议"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    period = models.CharField(_("提出时间"), max_length=10, choices=Period.choices)
    # The congress's region, copied so that scope is one indexed prefix filter.
    region = models.ForeignKey(
        Region, verbose_name=_("所属区划"), on_delete=models.PROTECT, related_name="+"
    )
    category = models.ForeignKey(
        SuggestionCategory, verbose_name=_("类别"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("标题"), max_length=120)
    body = models.TextField(_("内容"))
    lead_deputy = models.ForeignKey(
        "representatives.Deputy",
        verbose_name=_("领衔代表"),
        on_delete=models.PROTECT,
        related_name="led_suggestions",
    )
    status = models.CharField(
        _("状态"), max_length=12, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    is_key = models.BooleanField(_("重点建议"), default=False)
    leading_leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("牵头领导"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="led_key_suggestions",
    )
    overseeing_committee = models.CharField(_("归口督办委员会"), max_length=60, blank=True)
    broad_scope = models.BooleanField(_("涉及面广、处理难度大"), default=False)
    round = models.PositiveSmallIntegerField(_("办理轮次"), default=1)
    # The deadline the units are held to now (lead unit's, extended or re-handling);
    # stored so that the reminder sweep and "overdue" lists are plain indexed filters.
    reply_due = models.DateField(_("答复期限"), null=True, blank=True)
    # Time limits before assignment (working days from submission and from acceptance).
    review_due = models.DateField(_("审查期限"), null=True, blank=True)
    assign_due = models.DateField(_("交办期限"), null=True, blank=True)
    # Any deadline of the suggestion itself (review, assignment, re-handling) computed on the
    # Monday–Friday fallback because its year's official schedule was not known.
    due_fallback = models.BooleanField(_("期限按周一至周五推算"), default=False)
    # 三审: how many review stages it has passed (0 before the first).
    review_stage = models.PositiveSmallIntegerField(_("已通过审查环节"), default=0)
    # Handed up (五联五同): the level that handles it now, when not its own.
    handled_by = models.ForeignKey(
        Region,
        verbose_name=_("现办理层级"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Nobody rated the reply within the region's limit: recorded, never taken as 满意.
    unrated_at = models.DateTimeField(_("记为未测评时间"), null=True, blank=True)
    similar_ids = models.JSONField(_("相似建议"), default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("录入人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("立案时间"), null=True, blank=True)
    assigned_at = models.DateTimeField(_("交办时间"), null=True, blank=True)
    replied_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("代表建议")
        verbose_name_plural = _("代表建议")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["status", "reply_due"], name="suggestion_status_due_idx"),
            models.Index(fields=["region", "status"], name="suggestion_region_status_idx"),
            # The list's default order (drafts are never listed to staff or units).
            models.Index(
                fields=["-created_at", "-id"],
                condition=~Q(status="draft"),
                name="suggestion_list_created_idx",
            ),
            # The overdue and handling boxes, and the dashboard's overdue drill-down.
            models.Index(
                fields=["reply_due", "id"],
                condition=Q(status__in=["assigned", "signed", "rehandling"]),
                name="suggestion_open_due_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(period="between") | Q(session__isnull=False),
                name="suggestion_session_when_in_session",
            ),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        if self.session_id and self.term_id and self.session.term_id != self.term_id:
            raise ValidationError({"session": _("会议不属于该届次。")})
        if self.term_id and self.congress_id and self.term.congress_id != self.congress_id:
            raise ValidationError({"term": _("届次不属于该人民代表大会。")})
        # 重点建议须指定牵头领导 is checked where a suggestion is marked key
        # (services/review.py: _key_fields), not here: full_clean runs on every step, and a
        # leader's account deleted later (SET_NULL) must not stop the suggestion for good.

    @property
    def number(self) -> str:
        return f"{self.created_at:%Y}-{self.pk:05d}" if self.created_at and self.pk else ""


class CoSigner(models.Model):
    """A co-signing deputy 附议代表: must confirm before submission; consents to withdrawal."""

    suggestion = models.ForeignKey(
        Suggestion, verbose_name=_("建议"), on_delete=models.CASCADE, related_name="cosigners"
    )
    deputy = models.ForeignKey(
        "representatives.Deputy",
        verbose_name=_("附议代表"),
        on_delete=models.PROTECT,
        related_name="cosigned",
    )
    confirmed_at = models.DateTimeField(_("确认时间"), null=True, blank=True)
    withdraw_consented_at = models.DateTimeField(_("同意撤回时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("附议代表")
        verbose_name_plural = _("附议代表")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["suggestion", "deputy"], name="cosigner_once")
        ]

    def __str__(self):
        return f"{self.deputy} · {self.suggestion}"


def attachment_path(instance, filename):
    return f"suggestions/{instance.suggestion_id}/{filename}"


class Attachment(models.Model):
    """A file of the suggestion (the deputy's), or of a unit's reply: `unit` is set for the
    latter, and `reply` once the reply is sent (until then only that unit sees it)."""

    suggestion = models.ForeignKey(
        Suggestion, verbose_name=_("建议"), on_delete=models.CASCADE, related_name="attachments"
    )
    unit = models.ForeignKey(
        HandlingUnit,
        verbose_name=_("答复单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reply = models.ForeignKey(
        "Reply",
        verbose_name=_("答复"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    file = models.FileField(_("文件"), upload_to=attachment_path)
    name = models.CharField(_("文件名"), max_length=200)
    size = models.PositiveIntegerField(_("大小"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("附件")
        verbose_name_plural = _("附件")
        ordering = ["id"]

    def __str__(self):
        return self.name


class Review(models.Model):
    """One review 审查 decision: accepted, or returned for rework with the reason; under 三审
    the decision of one stage (`stage_order` 0: the one-step review)."""

    class Decision(models.TextChoices):
        ACCEPTED = "accepted", _("审查通过")
        RETURNED = "returned", _("退回修改")

    suggestion = models.ForeignKey(
        Suggestion, verbose_name=_("建议"), on_delete=models.CASCADE, related_name="reviews"
    )
    decision = models.CharField(_("结论"), max_length=10, choices=Decision.choices)
    reason = models.TextField(_("意见"), blank=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审查人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("审查时间"), auto_now_add=True)
    # 三审: the stage decided (order and name kept: the region's stages may be edited later).
    stage = models.ForeignKey(
        ReviewStage,
        verbose_name=_("审查环节"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    stage_order = models.PositiveSmallIntegerField(
        _("审查环节序号"), default=0, help_text=_("0为不分环节的审查。")
    )
    stage_name = models.CharField(_("审查环节名称"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("审查记录")
        verbose_name_plural = _("审查记录")
        ordering = ["id"]

    def __str__(self):
        return f"{self.suggestion} {self.get_decision_display()}"


class Assignment(models.Model):
    """The suggestion handed to one unit 交办. Every deadline is computed and stored here,
    at assignment, so that later calendar edits never move a deadline already given."""

    class Role(models.TextChoices):
        LEAD = "lead", _("主办")
        CO = "co", _("协办")

    suggestion = models.ForeignKey(
        Suggestion, verbose_name=_("建议"), on_delete=models.CASCADE, related_name="assignments"
    )
    unit = models.ForeignKey(
        HandlingUnit, verbose_name=_("承办单位"), on_delete=models.PROTECT, related_name="+"
    )
    role = models.CharField(_("办理方式"), max_length=4, choices=Role.choices)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("交办人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    assigned_at = models.DateTimeField(_("交办时间"))
    reply_due = models.DateField(_("答复期限"), null=True, blank=True)
    opinion_due = models.DateField(_("协办意见期限"), null=True, blank=True)
    sign_due = models.DateField(_("签收期限"))
    return_until = models.DateField(_("可退回期限"))
    signed_at = models.DateTimeField(_("签收时间"), null=True, blank=True)
    opinion = models.TextField(_("协办意见"), blank=True)
    opinion_at = models.DateTimeField(_("协办意见时间"), null=True, blank=True)
    returned_at = models.DateTimeField(_("退回时间"), null=True, blank=True)
    return_reason = models.TextField(_("退回理由"), blank=True)
    is_active = models.BooleanField(_("有效"), default=True)
    # The re-handling deadline after a 不满意 rating, shown on the unit's assignment too.
    rehandle_due = models.DateField(_("重新办理期限"), null=True, blank=True)
    # Some deadline above was computed on the Monday–Friday fallback (year not on the calendar).
    deadlines_fallback = models.BooleanField(_("期限按周一至周五推算"), default=False)
    meeting = models.ForeignKey(
        AssignmentMeeting,
        verbose_name=_("交办会"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assignments",
    )

    class Meta:
        verbose_name = _("交办")
        verbose_name_plural = _("交办")
        ordering = ["suggestion_id", "role", "id"]
        indexes = [
            models.Index(fields=["unit", "is_active"], name="assignment_unit_active_idx"),
            models.Index(fields=["is_active", "signed_at", "sign_due"], name="assignment_sign_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["suggestion"],
                condition=Q(role="lead", is_active=True),
                name="assignment_one_active_lead",
            ),
        ]

    def __str__(self):
        return f"{self.unit} {self.get_role_display()} · {self.suggestion}"


class ExtensionRequest(models.Model):
    class Decision(models.TextChoices):
        PENDING = "pending", _("待审批")
        APPROVED = "approved", _("已同意")
        REFUSED = "refused", _("不同意")

    assignment = models.ForeignKey(
        Assignment, verbose_name=_("交办"), on_delete=models.CASCADE, related_name="extensions"
    )
    months = models.PositiveSmallIntegerField(_("延期月数"))
    reason = models.TextField(_("理由"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(_("申请时间"), auto_now_add=True)
    decision = models.CharField(
        _("审批结果"), max_length=10, choices=Decision.choices, default=Decision.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("审批时间"), null=True, blank=True)
    decision_note = models.TextField(_("审批意见"), blank=True)

    class Meta:
        verbose_name = _("延期申请")
        verbose_name_plural = _("延期申请")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(months__gte=1, months__lte=3), name="extension_at_most_three_months"
            )
        ]

    def __str__(self):
        return f"{self.assignment} +{self.months}"


class ContactLog(models.Model):
    class Method(models.TextChoices):
        PHONE = "phone", _("电话")
        VISIT = "visit", _("走访")
        MEETING = "meeting", _("座谈")
        OTHER = "other", _("其他")

    assignment = models.ForeignKey(
        Assignment, verbose_name=_("交办"), on_delete=models.CASCADE, related_name="contacts"
    )
    method = models.CharField(_("沟通方式"), max_length=10, choices=Method.choices)
    contacted_on = models.DateField(_("沟通日期"))
    summary = models.TextField(_("沟通情况"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("沟通记录")
        verbose_name_plural = _("沟通记录")
        ordering = ["contacted_on", "id"]

    def __str__(self):
        return f"{self.get_method_display()} {self.contacted_on}"


class Reply(models.Model):
    class Disclosure(models.TextChoices):
        PRIVATE = "private", _("未公开")
        PUBLISHED = "published", _("已公开")
        WITHDRAWN = "withdrawn", _("已撤回公开")

    suggestion = models.ForeignKey(
        Suggestion, verbose_name=_("建议"), on_delete=models.CASCADE, related_name="replies"
    )
    unit = models.ForeignKey(
        HandlingUnit, verbose_name=_("答复单位"), on_delete=models.PROTECT, related_name="+"
    )
    round = models.PositiveSmallIntegerField(_("轮次"), default=1)
    result_class = models.ForeignKey(
        ResultClass, verbose_name=_("答复类别"), on_delete=models.PROTECT, related_name="+"
    )
    body = models.TextField(_("答复内容"))
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    replied_at = models.DateTimeField(_("答复时间"))
    on_time = models.BooleanField(_("按期答复"), default=True)
    # What the public reads is stored once staff confirm it: a second publication reuses it
    # and never redacts the raw text again (that undid earlier redactions and staff edits).
    disclosure = models.CharField(
        _("公开状态"),
        max_length=10,
        choices=Disclosure.choices,
        default=Disclosure.PRIVATE,
        db_default=Disclosure.PRIVATE,
    )
    public_title = models.CharField(_("公开标题"), max_length=120, blank=True, db_default="")
    public_body = models.TextField(_("公开文本"), blank=True)
    published_at = models.DateTimeField(_("公开时间"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("公开人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    unpublished_at = models.DateTimeField(_("撤回公开时间"), null=True, blank=True)
    unpublished_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("撤回公开人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("答复")
        verbose_name_plural = _("答复")
        ordering = ["suggestion_id", "round"]
        constraints = [
            models.UniqueConstraint(fields=["suggestion", "round"], name="reply_once_per_round"),
            models.CheckConstraint(
                condition=~Q(disclosure="published")
                | (Q(published_at__isnull=False) & ~Q(public_body="")),
                name="reply_published_has_public_text",
            ),
        ]
        indexes = [
            # The public page: published replies, newest first.
            models.Index(
                fields=["-published_at", "-id"],
                condition=Q(disclosure="published"),
                name="reply_public_list_idx",
            ),
        ]

    def __str__(self):
        return f"{self.suggestion} 第{self.round}次答复"


class Rating(models.Model):
    """One signer's rating 测评 of one reply."""

    reply = models.ForeignKey(
        Reply, verbose_name=_("答复"), on_delete=models.CASCADE, related_name="ratings"
    )
    deputy = models.ForeignKey(
        "representatives.Deputy", verbose_name=_("代表"), on_delete=models.PROTECT, related_name="+"
    )
    attitude = models.CharField(_("办理态度"), max_length=12, choices=Satisfaction.choices)
    result = models.CharField(_("办理结果"), max_length=12, choices=Satisfaction.choices)
    comment = models.TextField(_("意见"), blank=True)
    rated_at = models.DateTimeField(_("测评时间"), auto_now_add=True)
    # A paper rating sheet 测评表 entered by staff on the deputy's behalf, with its scan.
    is_paper = models.BooleanField(_("纸质测评表"), default=False)
    sheet = models.FileField(_("测评表扫描件"), upload_to="suggestions/sheets/%Y/", blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("录入人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("测评")
        verbose_name_plural = _("测评")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["reply", "deputy"], name="rating_once"),
            models.CheckConstraint(
                condition=Q(is_paper=False) | ~Q(sheet=""), name="rating_paper_has_sheet"
            ),
        ]

    def __str__(self):
        return f"{self.deputy} {self.get_result_display()}"


class Commitment(models.Model):
    """One line of the commitment ledger 承诺解决台账 of a B-class reply."""

    reply = models.ForeignKey(
        Reply, verbose_name=_("答复"), on_delete=models.CASCADE, related_name="commitments"
    )
    suggestion = models.ForeignKey(
        Suggestion, verbose_name=_("建议"), on_delete=models.CASCADE, related_name="commitments"
    )
    what = models.CharField(_("承诺事项"), max_length=200)
    due_date = models.DateField(_("承诺时限"))
    done_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    note = models.TextField(_("回头督情况"), blank=True)
    # The unit reports it done, with its evidence; staff then check it (回头督, above).
    reported_at = models.DateTimeField(_("单位报告完成时间"), null=True, blank=True)
    evidence = models.FileField(_("完成佐证"), upload_to="suggestions/evidence/%Y/", blank=True)
    evidence_note = models.TextField(_("完成情况"), blank=True)
    checked_at = models.DateTimeField(_("回头督时间"), null=True, blank=True)
    # The reply it belongs to was superseded (re-handling): closed, never reminded again.
    superseded_at = models.DateTimeField(_("失效时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("承诺事项")
        verbose_name_plural = _("承诺解决台账")
        ordering = ["due_date", "id"]
        indexes = [models.Index(fields=["done_at", "due_date"], name="commitment_due_idx")]

    def __str__(self):
        return self.what


class History(models.Model):
    """Every action on a suggestion: who, when, from which status to which, and a note."""

    suggestion = models.ForeignKey(
        Suggestion, verbose_name=_("建议"), on_delete=models.CASCADE, related_name="history"
    )
    action = models.CharField(_("操作"), max_length=30)
    from_status = models.CharField(_("原状态"), max_length=12, choices=Status.choices)
    to_status = models.CharField(_("新状态"), max_length=12, choices=Status.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_name = models.CharField(_("操作人"), max_length=100, blank=True)
    at = models.DateTimeField(_("时间"))
    note = models.TextField(_("说明"), blank=True)

    class Meta:
        verbose_name = _("办理记录")
        verbose_name_plural = _("办理记录")
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.at:%Y-%m-%d} {self.action}"


class Handoff(models.Model):
    """A suggestion, or a citizen's opinion from a station, handed to the level above
    (怀化 "五联五同"): to that level's staff, or straight to one of its units. The sending
    level keeps seeing the record and its progress."""

    class Status(models.TextChoices):
        PENDING = "pending", _("待接收")
        ACCEPTED = "accepted", _("已接收")
        DECLINED = "declined", _("不予接收")

    suggestion = models.ForeignKey(
        Suggestion,
        verbose_name=_("建议"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="handoffs",
    )
    opinion = models.ForeignKey(
        "liaison_stations.Opinion",
        verbose_name=_("群众意见"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="handoffs",
    )
    from_region = models.ForeignKey(
        Region, verbose_name=_("移交层级"), on_delete=models.PROTECT, related_name="+"
    )
    to_region = models.ForeignKey(
        Region, verbose_name=_("接收层级"), on_delete=models.PROTECT, related_name="+"
    )
    to_unit = models.ForeignKey(
        HandlingUnit,
        verbose_name=_("接收单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reason = models.TextField(_("移交理由"))
    status = models.CharField(
        _("状态"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    sent_at = models.DateTimeField(_("移交时间"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("接收时间"), null=True, blank=True)
    decision_note = models.TextField(_("接收意见"), blank=True)

    class Meta:
        verbose_name = _("跨层级移交")
        verbose_name_plural = _("跨层级移交")
        ordering = ["-sent_at", "-id"]
        indexes = [models.Index(fields=["to_region", "status"], name="handoff_to_status_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(suggestion__isnull=False, opinion__isnull=True)
                | Q(suggestion__isnull=True, opinion__isnull=False),
                name="handoff_one_subject",
            ),
        ]

    def __str__(self):
        return f"{self.from_region} → {self.to_region}"
