"""The register of deputies: a person (Deputy) and their mandates (Mandate), one per congress."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from congress.models import Congress, Region, Term


class Gender(models.TextChoices):
    MALE = "M", _("男")
    FEMALE = "F", _("女")


class Affiliation(models.TextChoices):
    CPC = "cpc", _("中共党员")
    CPC_PROBATIONARY = "cpc_probationary", _("中共预备党员")
    RCCK = "rcck", _("民革党员")
    CDL = "cdl", _("民盟盟员")
    CDNCA = "cdnca", _("民建会员")
    CAPD = "capd", _("民进会员")
    CPWDP = "cpwdp", _("农工党党员")
    CZGP = "czgp", _("致公党党员")
    JS = "js", _("九三学社社员")
    TDSGL = "tdsgl", _("台盟盟员")
    NON_PARTY = "non_party", _("无党派人士")
    MASSES = "masses", _("群众")

    @classmethod
    def democratic_parties(cls) -> set[str]:
        return {cls.RCCK, cls.CDL, cls.CDNCA, cls.CAPD, cls.CPWDP, cls.CZGP, cls.JS, cls.TDSGL}


class Education(models.TextChoices):
    POSTGRADUATE = "postgraduate", _("研究生")
    BACHELOR = "bachelor", _("大学本科")
    COLLEGE = "college", _("大学专科")
    SECONDARY = "secondary", _("中专/高中")
    JUNIOR = "junior", _("初中及以下")


class Occupation(models.TextChoices):
    WORKER = "worker", _("工人")
    FARMER = "farmer", _("农民")
    PROFESSIONAL = "professional", _("专业技术人员")
    OFFICIAL = "official", _("党政领导干部")
    BUSINESS = "business", _("企业负责人")
    MILITARY = "military", _("解放军")
    OTHER = "other", _("其他")


ETHNIC_GROUPS = [
    "汉族",
    "蒙古族",
    "回族",
    "藏族",
    "维吾尔族",
    "苗族",
    "彝族",
    "壮族",
    "布依族",
    "朝鲜族",
    "满族",
    "侗族",
    "瑶族",
    "白族",
    "土家族",
    "哈尼族",
    "哈萨克族",
    "傣族",
    "黎族",
    "傈僳族",
    "佤族",
    "畲族",
    "高山族",
    "拉祜族",
    "水族",
    "东乡族",
    "纳西族",
    "景颇族",
    "柯尔克孜族",
    "土族",
    "达斡尔族",
    "仫佬族",
    "羌族",
    "布朗族",
    "撒拉族",
    "毛南族",
    "仡佬族",
    "锡伯族",
    "阿昌族",
    "普米族",
    "塔吉克族",
    "怒族",
    "乌孜别克族",
    "俄罗斯族",
    "鄂温克族",
    "德昂族",
    "保安族",
    "裕固族",
    "京族",
    "塔塔尔族",
    "独龙族",
    "鄂伦春族",
    "赫哲族",
    "门巴族",
    "珞巴族",
    "基诺族",
]


class Deputy(models.Model):
    """A person who holds (or held) one or more mandates. Never hard-deleted: mandates end."""

    name = models.CharField(_("姓名"), max_length=50)
    name_initials = models.CharField(_("姓名拼音首字母"), max_length=50, blank=True, db_index=True)
    gender = models.CharField(_("性别"), max_length=1, choices=Gender.choices)
    ethnicity = models.CharField(
        _("民族"), max_length=10, choices=[(e, e) for e in ETHNIC_GROUPS], default="汉族"
    )
    birth_date = models.DateField(_("出生日期"))
    affiliation = models.CharField(_("政治面貌"), max_length=20, choices=Affiliation.choices)
    education = models.CharField(_("学历"), max_length=20, choices=Education.choices)
    occupation = models.CharField(_("代表构成类别"), max_length=20, choices=Occupation.choices)
    workplace = models.CharField(_("工作单位"), max_length=100, blank=True)
    post = models.CharField(_("职务"), max_length=100, blank=True)
    phone = models.CharField(_("手机号码"), max_length=11, blank=True)
    id_number = models.CharField(_("公民身份号码"), max_length=18, unique=True)
    photo = models.ImageField(_("照片"), upload_to="deputies/%Y/", blank=True)
    region = models.ForeignKey(
        Region,
        verbose_name=_("所属区划"),
        on_delete=models.PROTECT,
        related_name="deputies",
        help_text=_("代表登记所在的区划，决定哪些工作人员可以管理该代表。"),
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登录账号"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="deputy",
    )
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("人大代表")
        verbose_name_plural = _("人大代表")
        ordering = ["region_id", "name", "id"]
        indexes = [
            models.Index(fields=["region", "name"], name="deputy_region_name_idx"),
            # the register's default order (selectors.register.deputy_list): a page is read in order
            models.Index(
                fields=["region", "name_initials", "id"], name="deputy_region_initials_idx"
            ),
        ]

    def __str__(self):
        return self.name


class DeputyGroup(models.Model):
    """A deputy group 代表小组 of one congress (often one per township or station)."""

    congress = models.ForeignKey(
        Congress,
        verbose_name=_("人民代表大会"),
        on_delete=models.PROTECT,
        related_name="deputy_groups",
    )
    name = models.CharField(_("小组名称"), max_length=80)
    region = models.ForeignKey(
        Region, verbose_name=_("所在区划"), on_delete=models.PROTECT, related_name="deputy_groups"
    )

    class Meta:
        verbose_name = _("代表小组")
        verbose_name_plural = _("代表小组")
        ordering = ["region_id", "name"]
        constraints = [
            models.UniqueConstraint(fields=["congress", "name"], name="group_unique_name")
        ]

    def __str__(self):
        return self.name


class Mandate(models.Model):
    """A deputy's seat in one congress for one term."""

    class Status(models.TextChoices):
        SERVING = "serving", _("在任")
        RESIGNED = "resigned", _("辞职")
        RECALLED = "recalled", _("罢免")
        TERMINATED = "terminated", _("资格终止")
        TRANSFERRED = "transferred", _("调离")

    deputy = models.ForeignKey(
        Deputy, verbose_name=_("代表"), on_delete=models.PROTECT, related_name="mandates"
    )
    congress = models.ForeignKey(
        Congress, verbose_name=_("人民代表大会"), on_delete=models.PROTECT, related_name="mandates"
    )
    term = models.ForeignKey(
        Term, verbose_name=_("届次"), on_delete=models.PROTECT, related_name="mandates"
    )
    electoral_unit = models.CharField(_("选区/选举单位"), max_length=100, blank=True)
    group = models.ForeignKey(
        DeputyGroup,
        verbose_name=_("代表小组"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="mandates",
    )
    start_date = models.DateField(_("开始日期"))
    end_date = models.DateField(_("结束日期"), null=True, blank=True)
    status = models.CharField(
        _("状态"), max_length=12, choices=Status.choices, default=Status.SERVING
    )
    end_reason = models.CharField(_("终止原因"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("代表资格")
        verbose_name_plural = _("代表资格")
        ordering = ["deputy_id", "-start_date"]
        constraints = [
            models.UniqueConstraint(
                fields=["deputy", "congress"],
                condition=Q(status="serving"),
                name="mandate_one_serving_per_congress",
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="mandate_dates_ordered",
            ),
        ]
        indexes = [models.Index(fields=["congress", "status"], name="mandate_congress_status_idx")]

    def __str__(self):
        return f"{self.deputy} · {self.congress}"

    def clean(self):
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("结束日期不能早于开始日期。")})
        if self.term_id and self.congress_id and self.term.congress_id != self.congress_id:
            raise ValidationError({"term": _("届次不属于该人民代表大会。")})
        if self.status != self.Status.SERVING and not self.end_date:
            raise ValidationError({"end_date": _("终止代表资格须填写结束日期。")})

    @property
    def is_serving(self) -> bool:
        return self.status == self.Status.SERVING


class Invitation(models.Model):
    """A deputy's one-time code to log in for the first time, handed over on a printed sheet or by
    text. Only its keyed hash is kept (HMAC-SHA256, representatives.accounts.code_digest), never
    as the account's password; it expires, serves one login, and a new one revokes it."""

    class Channel(models.TextChoices):
        PRINT = "print", _("打印邀请函")
        SMS = "sms", _("短信")
        SCREEN = "screen", _("页面显示")

    class State(models.TextChoices):
        PENDING = "pending", _("待登录")
        USED = "used", _("已使用")
        EXPIRED = "expired", _("已过期")
        REVOKED = "revoked", _("已作废")

    deputy = models.ForeignKey(
        Deputy, verbose_name=_("代表"), on_delete=models.CASCADE, related_name="invitations"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登录账号"),
        on_delete=models.CASCADE,
        related_name="invitations",
    )
    # Named `password` so that the audit trail treats it as the secret it is (congress.audit).
    password = models.CharField(_("邀请码散列"), max_length=128)
    channel = models.CharField(_("发放方式"), max_length=8, choices=Channel.choices)
    sent_to = models.CharField(_("发送号码"), max_length=11, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("发放人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    issued_at = models.DateTimeField(_("发放时间"))
    expires_at = models.DateTimeField(_("有效期至"))
    used_at = models.DateTimeField(_("登录时间"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("作废时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("账号邀请")
        verbose_name_plural = _("账号邀请")
        ordering = ["-issued_at", "-id"]
        indexes = [
            models.Index(fields=["deputy", "-issued_at"], name="deputy_invitation_idx"),
            models.Index(
                fields=["expires_at"],
                condition=Q(used_at__isnull=True, revoked_at__isnull=True),
                name="deputy_invitation_open_idx",
            ),
        ]

    def __str__(self):
        return f"{self.deputy} · {self.issued_at:%Y-%m-%d}"

    def state_at(self, now) -> str:
        if self.revoked_at:
            return self.State.REVOKED
        if self.used_at:
            return self.State.USED
        if now >= self.expires_at:
            return self.State.EXPIRED
        return self.State.PENDING
