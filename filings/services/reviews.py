"""Reviewing: start the review of a registered filing, fill in its checklist (legal basis,
conflict with higher law, procedure, each with a note), invite outside experts (外脑) whose
opinions come back on the review, and conclude it: 提前介入 with an opinion on the draft, a
filing with no problem found or with a correction (suggested or required) due by a date; a
closed filing can be taken up again (事后审查纠错)."""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from congress.errors import TransitionError, invalid
from congress.models import User
from congress.notifications import notify
from congress.services import model_create, model_update
from filings.models import CORRECTION_RESULTS, ExpertInvitation, Filing, Result, Review
from filings.selectors import experts_for
from filings.services.common import history, locked_and_checked, step, tell_unit, titled

# A correction is due within this much time at most (most local rules: 2 months, extendable).
CORRECTION_MAX_DAYS = 180
CHECK_FIELDS = [f"{name}_{part}" for name in Review.CHECKS for part in ("ok", "note")]


def open_review(filing: Filing) -> Review:
    review = filing.reviews.filter(concluded_at__isnull=True).first()
    if review is None:  # a table row let the action through: the review must be there
        raise TransitionError(_("该文件不在审查中。"))
    return review


@transaction.atomic
def review_start(*, actor: User, filing: Filing) -> Review:
    filing = locked_and_checked(filing, "start_review", actor)
    review = model_create(Review(filing=filing, stage=Review.Stage.FILED, reviewer=actor))
    step(filing, "start_review", actor)
    return review


@transaction.atomic
def review_check(*, actor: User, filing: Filing, data: dict) -> Review:
    """Save the checklist: a problem found needs its note."""
    filing = locked_and_checked(filing, "check", actor)
    review = open_review(filing)
    merged = {name: data.get(name, getattr(review, name)) for name in CHECK_FIELDS}
    errors = {}
    for name in Review.CHECKS:
        if merged[f"{name}_ok"] is False and not (merged[f"{name}_note"] or "").strip():
            errors[f"{name}_note"] = [_("发现问题时请写明审查意见。")]
    if errors:
        raise invalid(errors)
    fields = [n for n in CHECK_FIELDS if n in data] + ["reviewer"]
    model_update(instance=review, fields=fields, data={**data, "reviewer": actor})
    history(filing, "check", actor)
    return review


def _experts(actor: User, filing: Filing, expert_ids: list[int]) -> list[User]:
    found = list(experts_for(actor, filing).filter(pk__in=set(expert_ids)))
    if not expert_ids or len(found) != len(set(expert_ids)):
        raise invalid("experts", _("请选择本地区专家库中的专家。"))
    return found


@transaction.atomic
def experts_invite(
    *, actor: User, filing: Filing, expert_ids: list[int], question: str = ""
) -> list[ExpertInvitation]:
    """Invite experts to the open review: they see this filing's files, and nothing else."""
    filing = locked_and_checked(filing, "invite", actor)
    review = open_review(filing)
    experts = _experts(actor, filing, expert_ids)
    already = set(review.invitations.values_list("expert_id", flat=True))
    added = []
    for expert in experts:
        if expert.pk in already:
            continue
        added.append(model_create(ExpertInvitation(
            review=review, expert=expert, invited_by=actor, question=question.strip(),
        )))  # fmt: skip
    if added:
        names = "、".join(i.expert.display_name for i in added)
        history(filing, "invite", actor, note=names)
        notify(recipients=[i.expert for i in added], title=titled(_("备案审查专家意见邀请"), filing),
               body=question.strip(), link="/filings/reviews/", kind="filing_expert")  # fmt: skip
    return added


@transaction.atomic
def expert_opinion(*, actor: User, invitation: ExpertInvitation, opinion: str) -> ExpertInvitation:
    """The expert's opinion on an open review (they may revise it until the review ends)."""
    if not opinion.strip():
        raise invalid("opinion", _("请填写专家意见。"))
    filing = locked_and_checked(invitation.review.filing, "expert_opinion", actor)
    invitation = ExpertInvitation.objects.select_for_update().get(pk=invitation.pk)
    if not Review.objects.filter(pk=invitation.review_id, concluded_at__isnull=True).exists():
        raise TransitionError(_("该审查已经结束，不能再提交意见。"))
    model_update(instance=invitation, fields=["opinion", "answered_at"],
                 data={"opinion": opinion.strip(), "answered_at": timezone.now()})  # fmt: skip
    history(filing, "expert_opinion", actor, note=actor.display_name)
    return invitation


def _conclude(review: Review, actor: User, opinion: str) -> None:
    model_update(instance=review, fields=["opinion", "concluded_at", "reviewer"],
                 data={"opinion": opinion, "concluded_at": timezone.now(), "reviewer": actor})  # fmt: skip


@transaction.atomic
def intervention_opinion(*, actor: User, filing: Filing, opinion: str) -> Filing:
    """提前介入: the opinion on the draft goes back to the filer, who then publishes it."""
    if not opinion.strip():
        raise invalid("opinion", _("请填写介入意见。"))
    filing = locked_and_checked(filing, "intervention_opinion", actor)
    _conclude(open_review(filing), actor, opinion.strip())
    step(filing, "intervention_opinion", actor, note=opinion.strip())
    tell_unit(filing, titled(_("提前介入意见已反馈"), filing), opinion.strip())
    return filing


def _checklist_done(review: Review) -> None:
    if review.unchecked():
        raise invalid({f"{name}_ok": [_("请先完成审查清单的这一项。")] for name in review.unchecked()},
                      summary=_("审查清单未完成："))  # fmt: skip


@transaction.atomic
def review_close(*, actor: User, filing: Filing, opinion: str = "") -> Filing:
    """No problem found: the filing is closed."""
    filing = locked_and_checked(filing, "close_no_problem", actor)
    review = open_review(filing)
    _checklist_done(review)
    opinion = opinion.strip() or _("经审查，未发现问题。")
    _conclude(review, actor, opinion)
    today = timezone.localdate()
    data = {"result": Result.NO_PROBLEM, "result_note": opinion, "concluded_on": today,
            "closed_on": today, "correction_due": None}  # fmt: skip
    step(filing, "close_no_problem", actor, data=data, note=opinion)
    tell_unit(filing, titled(_("备案审查办结"), filing), opinion)
    return filing


def check_due(due: dt.date | None, today: dt.date, field: str = "correction_due") -> dt.date:
    if due is None:
        raise invalid(field, _("请填写纠正期限。"))
    if due <= today:
        raise invalid(field, _("纠正期限应晚于今天。"))
    if due > today + dt.timedelta(days=CORRECTION_MAX_DAYS):
        raise invalid(field, _("纠正期限最长为 %(n)d 天。") % {"n": CORRECTION_MAX_DAYS})
    return due


@transaction.atomic
def review_require_correction(
    *, actor: User, filing: Filing, result: str, opinion: str, correction_due: dt.date | None
) -> Filing:
    """A problem found: the filer must (or is advised to) correct it by `correction_due`."""
    errors = {}
    if result not in CORRECTION_RESULTS:
        errors["result"] = [_("请选择“建议纠正”或“应当纠正”。")]
    if not opinion.strip():
        errors["opinion"] = [_("请写明需要纠正的问题。")]
    if errors:
        raise invalid(errors)
    today = timezone.localdate()
    check_due(correction_due, today)
    filing = locked_and_checked(filing, "require_correction", actor)
    review = open_review(filing)
    _checklist_done(review)
    _conclude(review, actor, opinion.strip())
    data = {"result": result, "result_note": opinion.strip(), "concluded_on": today,
            "correction_due": correction_due, "corrected_on": None, "correction_report": ""}  # fmt: skip
    step(filing, "require_correction", actor, data=data, note=opinion.strip())
    body = _("请于 %(due)s 前纠正并报送纠正情况。%(note)s") % {
        "due": correction_due.isoformat(),
        "note": opinion.strip(),
    }
    tell_unit(filing, titled(Result(result).label, filing), body)
    return filing


@transaction.atomic
def review_reopen(*, actor: User, filing: Filing, reason: str) -> Review:
    """事后审查纠错: a closed filing is reviewed again (a citizen's request, a new higher law)."""
    if not reason.strip():
        raise invalid("reason", _("请填写启动事后审查纠错的原因。"))
    filing = locked_and_checked(filing, "reopen", actor)
    review = model_create(
        Review(filing=filing, stage=Review.Stage.POST, reason=reason.strip(), reviewer=actor)
    )
    step(filing, "reopen", actor, data={"closed_on": None}, note=reason.strip())
    tell_unit(filing, titled(_("启动事后审查纠错"), filing), reason.strip())
    return review
