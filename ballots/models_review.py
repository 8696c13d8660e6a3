"""Models of 十大重点建议集中评议 (who is invited, the citizens' one-time codes) and of 人事任免
(the standing committee's appointment and removal records). Imported by ballots/models.py.

Why a citizen's vote cannot be traced to its code: a `CitizenCode` row keeps only the keyed hash
of the code and whether it was used, with no time; the vote adds to the ballot's `Tally`
counters (every counter row of the ballot is touched, as for a deputy's vote) and to
`Ballot.citizen_votes`. No row holds a code next to an answer."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from congress.models import Region, Term


class BallotInvitee(models.Model):
    """A deputy invited to score at a 集中评议 (the electorate of an `invited` ballot)."""

    ballot = models.ForeignKey("ballots.Ballot", on_delete=models.CASCADE, related_name="invitees")
    deputy = models.ForeignKey(
        "representatives.Deputy", on_delete=models.PROTECT, related_name="review_invitations"
    )

    class Meta:
        verbose_name = _("受邀评议代表")
        verbose_name_plural = _("受邀评议代表")
        constraints = [
            models.UniqueConstraint(fields=["ballot", "deputy"], name="ballot_invitee_unique")
        ]


class CitizenCode(models.Model):
    """One invited citizen's one-time code: only its keyed hash is kept (the code itself is shown
    once, on the printed sheet). `number` is the line of the sheet, so a lost sheet can be told."""

    ballot = models.ForeignKey(
        "ballots.Ballot", on_delete=models.CASCADE, related_name="citizen_codes"
    )
    number = models.PositiveIntegerField(_("序号"))
    digest = models.CharField(_("评议码摘要"), max_length=64, unique=True)
    used = models.BooleanField(_("已使用"), default=False)

    class Meta:
        verbose_name = _("群众评议码")
        verbose_name_plural = _("群众评议码")
        ordering = ["ballot_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["ballot", "number"], name="citizen_code_number_unique")
        ]


class Appointment(models.Model):
    """An appointment 任命 or removal 免职 decided by the standing committee at one meeting."""

    class Kind(models.TextChoices):
        APPOINT = "appoint", _("任命")
        REMOVE = "remove", _("免职")

    region = models.ForeignKey(
        Region, verbose_name=_("所属区划"), on_delete=models.PROTECT, related_name="+"
    )
    official = models.ForeignKey(
        "ballots.AppointedOfficial",
        verbose_name=_("任免人员"),
        on_delete=models.PROTECT,
        related_name="appointments",
    )
    kind = models.CharField(_("任免类别"), max_length=8, choices=Kind.choices)
    post = models.CharField(_("职务"), max_length=100)
    decided_on = models.DateField(_("任免日期"))
    term = models.ForeignKey(
        Term,
        verbose_name=_("任期届次"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    term_note = models.CharField(_("任期"), max_length=60, blank=True)
    committee_meeting = models.ForeignKey(
        "ballots.CommitteeMeeting",
        verbose_name=_("决定会议"),
        on_delete=models.PROTECT,
        related_name="appointments",
    )
    note = models.CharField(_("备注"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("人事任免")
        verbose_name_plural = _("人事任免")
        ordering = ["-decided_on", "-id"]
        indexes = [models.Index(fields=["region", "decided_on"], name="appointment_region_idx")]

    def __str__(self):
        return f"{self.get_kind_display()} {self.official.name} {self.post}"

    def clean(self):
        errors = {}
        if self.official_id and self.region_id and self.official.region_id != self.region_id:
            errors["official"] = _("任免人员不属于本级。")
        if self.committee_meeting_id and self.region_id:
            if self.committee_meeting.term.congress.region_id != self.region_id:
                errors["committee_meeting"] = _("决定会议不属于本级人大常委会。")
            elif self.decided_on and self.decided_on != self.committee_meeting.date:
                errors["decided_on"] = _("任免日期应为决定会议的日期。")
        if errors:
            raise ValidationError(errors)
