"""Contacts 联系: a relation says who contacts whom with a yearly target (分片联系: a committee leader
and the townships they answer for; 委员联系代表 and 双联: a standing-committee member and deputies;
国家机关领导干部联系代表: a leader of 一府一委两院 and deputies); each contact is logged with its date,
way and subject, and every issue raised in it is followed until its result is fed back.

Deputies ↔ constituents are not relations here: they live in liaison_stations (station visits,
opinions), whose figures count them."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from congress.models import Region, Role


class Kind(models.TextChoices):
    TOWNSHIP = "township", _("分片联系")
    MEMBER = "member", _("委员联系代表")
    OFFICIAL = "official", _("国家机关领导干部联系代表")
    SHUANGLIAN = "shuanglian", _("双联")


# Kinds whose contacted side is a deputy (the other one: a township).
DEPUTY_KINDS = frozenset({Kind.MEMBER, Kind.OFFICIAL, Kind.SHUANGLIAN})
# Kinds whose contactor is a standing-committee member (ballots.CommitteeMember).
MEMBER_KINDS = frozenset({Kind.MEMBER, Kind.SHUANGLIAN})
# 宁乡's rule: every leader of 一府一委两院 contacts each bound deputy at least twice a year.
OFFICIAL_MIN_TARGET = 2


class Way(models.TextChoices):
    VISIT = "visit", _("走访")
    MEETING = "meeting", _("座谈")
    PHONE = "phone", _("电话")
    ONLINE = "online", _("网络")


class ContactRelation(models.Model):
    """Who contacts whom, with how many contacts a year. `region` is the contacted side's (the
    township, or the deputy's region): the scope of staff and leaders."""

    kind = models.CharField(_("联系类别"), max_length=12, choices=Kind.choices)
    region = models.ForeignKey(
        Region, verbose_name=_("所属区划"), on_delete=models.PROTECT, related_name="+"
    )
    contactor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("联系人（领导或干部）"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="contact_relations",
    )
    member = models.ForeignKey(
        "ballots.CommitteeMember",
        verbose_name=_("常委会组成人员"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="contact_relations",
    )
    township = models.ForeignKey(
        Region,
        verbose_name=_("联系乡镇"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    deputy = models.ForeignKey(
        "representatives.Deputy",
        verbose_name=_("联系代表"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="contact_relations",
    )
    yearly_target = models.PositiveSmallIntegerField(
        _("年度联系次数目标"), default=2, validators=[MinValueValidator(1), MaxValueValidator(52)]
    )
    starts_on = models.DateField(_("开始日期"), default=timezone.localdate)
    ends_on = models.DateField(_("结束日期"), null=True, blank=True)
    note = models.CharField(_("备注"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("创建人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("联系关系")
        verbose_name_plural = _("联系关系")
        ordering = ["region_id", "kind", "id"]
        indexes = [models.Index(fields=["region", "kind"], name="contact_rel_region_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="contact_rel_dates_ordered",
            ),
            models.CheckConstraint(
                condition=Q(township__isnull=True) | Q(deputy__isnull=True),
                name="contact_rel_one_side",
            ),
        ]

    def __str__(self):
        return f"{self.contactor_name} → {self.contacted_name}"

    @property
    def contactor_name(self) -> str:
        if self.member_id:
            return self.member.deputy.name
        return self.contactor.display_name if self.contactor_id else ""

    @property
    def contacted_name(self) -> str:
        if self.township_id:
            return self.township.name
        return self.deputy.name if self.deputy_id else ""

    def contactor_user_id(self) -> int | None:
        """The account that logs this relation's contacts (a member logs as their deputy)."""
        if self.member_id:
            return self.member.deputy.user_id
        return self.contactor_id

    def clean(self):
        errors = {}
        if self.kind == Kind.TOWNSHIP:
            if not self.township_id:
                errors["township"] = _("分片联系须选择联系的乡镇。")
            if not self.contactor_id or self.contactor.role not in (Role.SUPERVISOR, Role.STAFF):
                errors["contactor"] = _("分片联系的联系人须为常委会领导或工作人员账号。")
        elif self.kind in DEPUTY_KINDS and not self.deputy_id:
            errors["deputy"] = _("请选择联系的代表。")
        if self.kind in MEMBER_KINDS and not self.member_id:
            errors["member"] = _("请选择常委会组成人员。")
        if self.kind == Kind.OFFICIAL:
            if not self.contactor_id or self.contactor.role != Role.OFFICIAL:
                errors["contactor"] = _("联系人须为国家机关领导干部账号。")
            elif not self.contactor.handling_unit_id:
                errors["contactor"] = _("该领导干部账号未绑定所在机关。")
            if self.yearly_target is not None and self.yearly_target < OFFICIAL_MIN_TARGET:
                errors["yearly_target"] = _("国家机关领导干部每年联系代表不少于2次。")
        if self.ends_on and self.starts_on and self.ends_on < self.starts_on:
            errors["ends_on"] = _("结束日期不能早于开始日期。")
        if errors:
            raise ValidationError(errors)


class Contact(models.Model):
    """One contact made under a relation."""

    relation = models.ForeignKey(
        ContactRelation,
        verbose_name=_("联系关系"),
        on_delete=models.CASCADE,
        related_name="contacts",
    )
    occurred_on = models.DateField(_("联系日期"))
    way = models.CharField(_("联系方式"), max_length=10, choices=Way.choices)
    subject = models.TextField(_("联系内容"))
    place = models.CharField(_("地点"), max_length=100, blank=True)
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("联系记录")
        verbose_name_plural = _("联系记录")
        ordering = ["-occurred_on", "-id"]
        indexes = [models.Index(fields=["relation", "occurred_on"], name="contact_rel_date_idx")]

    def __str__(self):
        return f"{self.occurred_on} {self.get_way_display()}"

    def clean(self):
        if self.occurred_on and self.occurred_on > timezone.localdate():
            raise ValidationError({"occurred_on": _("联系日期不能晚于今天。")})


class Issue(models.Model):
    """An issue raised in a contact, followed until its result is told back to whoever raised it."""

    class Status(models.TextChoices):
        OPEN = "open", _("待处理")
        CONVERTED = "converted", _("已转办")
        ANSWERED = "answered", _("已有结果")
        FED_BACK = "fed_back", _("已反馈")
        CLOSED = "closed", _("无需办理")

    class Target(models.TextChoices):
        NONE = "", _("直接答复")
        OPINION = "opinion", _("社情民意")
        SUGGESTION = "suggestion", _("代表建议")
        TASK = "task", _("工作任务")

    contact = models.ForeignKey(
        Contact, verbose_name=_("联系记录"), on_delete=models.CASCADE, related_name="issues"
    )
    content = models.TextField(_("反映的问题"))
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.OPEN)
    target = models.CharField(
        _("转办为"), max_length=12, choices=Target.choices, blank=True, default=Target.NONE
    )
    # Ids in the apps that own them (liaison_stations.Opinion, suggestions.Suggestion, a
    # worktasks task): no foreign key, so neither app needs the other to migrate.
    target_id = models.BigIntegerField(_("转办记录ID"), null=True, blank=True)
    result = models.TextField(_("办理结果"), blank=True)
    result_at = models.DateTimeField(_("结果时间"), null=True, blank=True)
    feedback = models.TextField(_("反馈情况"), blank=True)
    fed_back_at = models.DateTimeField(_("反馈时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("联系中反映的问题")
        verbose_name_plural = _("联系中反映的问题")
        ordering = ["id"]
        indexes = [models.Index(fields=["status", "target"], name="contact_issue_status_idx")]

    def __str__(self):
        return self.content[:40]
