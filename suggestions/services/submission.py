"""From draft to review: co-signers confirm, the lead deputy submits (with the similar
earlier suggestions), or staff type in a paper suggestion that goes straight into review."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from congress.errors import ApplicationError, TransitionError, invalid
from congress.models import Role, User
from congress.services import model_create, model_update
from representatives.models import Mandate
from suggestions import similarity
from suggestions.models import (
    CoSigner,
    Suggestion,
)
from suggestions.models import Status as S
from suggestions.services.common import (
    created,
    history,
    lock_and_check,
    move,
    signer_users,
    staff_users,
    tell,
)
from suggestions.services.drafting import fill, new_draft, one_mandate, valid_cosigners
from suggestions.services.limits_hooks import on_submitted


@transaction.atomic
def suggestion_enter_paper(
    *,
    actor: User,
    lead_deputy_id: int | None,
    title: str,
    body: str,
    category_id: int,
    session_id: int | None = None,
    congress_id: int | None = None,
    cosigner_ids: list[int] = (),
) -> Suggestion:
    """Staff type in a paper suggestion a deputy handed in (e.g. during the session): the lead
    deputy serves in a congress of the staff member's region or below, the co-signers signed the
    paper (so they count as confirmed), and it goes straight into review. The history says who
    typed it in."""
    if not (actor.is_admin or (actor.role == Role.STAFF and actor.region_id)):
        raise ApplicationError(_("只有人大工作人员可以代为录入纸质建议。"), status=403)
    mandates = Mandate.objects.filter(
        deputy_id=lead_deputy_id, status=Mandate.Status.SERVING
    ).select_related("congress", "term")
    if not actor.is_admin:
        mandates = mandates.filter(congress__region__code__startswith=actor.region_id)
    if not lead_deputy_id or not mandates.exists():
        raise invalid("lead_deputy", _("请选择本辖区人民代表大会的在任代表作为领衔代表。"))
    mandate = one_mandate(
        mandates,
        congress_id,
        unknown=_("该代表不是所选人民代表大会的在任代表。"),
        ambiguous=_("该代表在多级人民代表大会任职，请选择这条建议提交至哪一级人民代表大会。"),
    )
    suggestion = Suggestion(
        congress=mandate.congress,
        term=mandate.term,
        region_id=mandate.congress.region_id,
        lead_deputy_id=mandate.deputy_id,
        created_by=actor,
    )
    fields = fill(
        suggestion, title=title, body=body, category_id=category_id, session_id=session_id
    )
    cosigners = valid_cosigners(suggestion, cosigner_ids)
    now = timezone.now()
    suggestion.status, suggestion.submitted_at = S.SUBMITTED, now
    model_create(new_draft(suggestion, fields))
    created(
        CoSigner.objects.bulk_create(
            [CoSigner(suggestion=suggestion, deputy_id=i, confirmed_at=now) for i in cosigners]
        )
    )
    similar = [row["id"] for row in similar_earlier(suggestion)]
    data = on_submitted(suggestion, {"similar_ids": similar, "submitted_at": now})
    model_update(instance=suggestion, fields=list(data), data=data)
    history(
        suggestion,
        "enter_paper",
        S.DRAFT,
        actor,
        _("%(who)s代%(lead)s代表录入纸质建议，直接提交审查")
        % {"who": actor, "lead": mandate.deputy.name},
        at=now,
    )
    tell(
        [*signer_users(suggestion), *staff_users(suggestion)],
        suggestion,
        _("纸质建议已录入系统：%(title)s") % {"title": suggestion.title},
        _("工作人员已将您提交的纸质建议录入系统并提交审查。"),
        kind="suggestion.review",
    )
    return suggestion


@transaction.atomic
def cosigner_confirm(*, suggestion: Suggestion, actor: User) -> CoSigner:
    suggestion, row = lock_and_check(suggestion, "confirm_cosign", actor)
    cosigner = suggestion.cosigners.get(deputy=actor.deputy)
    if cosigner.confirmed_at:
        raise TransitionError(_("您已确认附议。"))
    model_update(instance=cosigner, fields=["confirmed_at"], data={"confirmed_at": timezone.now()})
    move(suggestion, row, actor, note=_("%(name)s确认附议") % {"name": actor.deputy.name})
    return cosigner


@transaction.atomic
def suggestion_submit(*, suggestion: Suggestion, actor: User) -> list[dict]:
    """Submit for review once every co-signer has confirmed; returns similar earlier ones."""
    suggestion, row = lock_and_check(suggestion, "submit", actor)
    waiting = list(
        suggestion.cosigners.filter(confirmed_at__isnull=True).values_list(
            "deputy__name", flat=True
        )
    )
    if waiting:
        raise TransitionError(
            _("还有附议代表未确认：%(names)s。全部确认后才能提交。") % {"names": "、".join(waiting)}
        )
    similar = similar_earlier(suggestion)
    changes = {"submitted_at": timezone.now(), "similar_ids": [s["id"] for s in similar]}
    on_submitted(suggestion, changes)
    move(suggestion, row, actor, changes=changes)
    tell(
        staff_users(suggestion),
        suggestion,
        _("新建议待审查：%(title)s") % {"title": suggestion.title},
        kind="suggestion.review",
    )
    return similar


def similar_earlier(suggestion: Suggestion, limit: int = 5) -> list[dict]:
    """Up to five earlier suggestions of the same region, any year, most similar first."""
    candidates = (
        Suggestion.objects.filter(region_id=suggestion.region_id)
        .exclude(pk=suggestion.pk)
        .exclude(status__in=[S.DRAFT, S.WITHDRAWN])
        .values_list("pk", "title", "body")
    )
    ranked = similarity.rank(
        f"{suggestion.title} {suggestion.title} {suggestion.body}",
        [(pk, f"{title} {title} {body}") for pk, title, body in candidates],
        limit=limit,
    )
    scores = dict(ranked)
    rows = Suggestion.objects.filter(pk__in=scores).values("pk", "title", "created_at", "status")
    out = [
        {
            "id": r["pk"],
            "title": r["title"],
            "year": r["created_at"].year,
            "status": S(r["status"]).label,
            "score": scores[r["pk"]],
        }
        for r in rows
    ]
    return sorted(out, key=lambda r: -r["score"])
