"""A deputy's draft: create it, edit it while it is a draft or returned, and its co-signers."""

from django.db import transaction
from django.utils.translation import gettext as _

from congress.errors import ApplicationError, invalid
from congress.models import Role, Session, User
from congress.services import model_create, model_delete, model_update
from representatives.models import Deputy, Mandate
from suggestions.models import (
    CoSigner,
    Suggestion,
    SuggestionCategory,
)
from suggestions.models import Status as S
from suggestions.services.common import created, history, lock_and_check, move, tell
from suggestions.services.lengths import BODY_MAX, length_errors


def _deputy_of(user: User) -> Deputy:
    deputy = getattr(user, "deputy", None) if user.role == Role.DEPUTY else None
    if deputy is None:
        raise ApplicationError(_("您的账号未关联人大代表，不能提出建议。"), status=403)
    return deputy


def _serving(deputy_ids, congress_id) -> set[int]:
    return set(
        Mandate.objects.filter(
            deputy_id__in=deputy_ids, congress_id=congress_id, status=Mandate.Status.SERVING
        ).values_list("deputy_id", flat=True)
    )


@transaction.atomic
def suggestion_create(
    *,
    author: User,
    title: str,
    body: str,
    category_id: int,
    session_id: int | None = None,
    congress_id: int | None = None,
    cosigner_ids: list[int] = (),
) -> Suggestion:
    """A draft by the author's deputy, in the congress where they serve (or the one named)."""
    deputy = _deputy_of(author)
    mandates = Mandate.objects.filter(deputy=deputy, status=Mandate.Status.SERVING).select_related(
        "congress", "term"
    )
    mandate = one_mandate(
        mandates,
        congress_id,
        unknown=_("您不是该人民代表大会的在任代表。"),
        ambiguous=_("您在多级人民代表大会任职，请选择向哪一级人民代表大会提出这条建议。"),
    )
    suggestion = Suggestion(
        congress=mandate.congress,
        term=mandate.term,
        region_id=mandate.congress.region_id,
        lead_deputy=deputy,
        created_by=author,
    )
    fields = fill(
        suggestion, title=title, body=body, category_id=category_id, session_id=session_id
    )
    cosigners = valid_cosigners(suggestion, cosigner_ids)
    model_create(new_draft(suggestion, fields))
    created(
        CoSigner.objects.bulk_create(
            [CoSigner(suggestion=suggestion, deputy_id=i) for i in cosigners]
        )
    )
    history(suggestion, "create", S.DRAFT, author, _("起草建议"))
    _invite_cosigners(suggestion, cosigners)
    return suggestion


def one_mandate(mandates, congress_id, *, unknown: str, ambiguous: str) -> Mandate:
    """The serving mandate a suggestion is filed under: the congress named, or the only one. A
    deputy of two congresses (e.g. county and township) must say which: guessing the lower one
    then refused the county's co-signers and session the form had offered."""
    if congress_id:
        mandate = mandates.filter(congress_id=congress_id).first()
        if mandate is None:
            raise invalid("congress", unknown)
        return mandate
    found = list(mandates[:2])
    if not found:
        raise invalid("congress", unknown)
    if len(found) > 1:
        raise invalid("congress", ambiguous)
    return found[0]


def fill(suggestion, *, title, body, category_id, session_id) -> dict:
    """The draft's fields checked (each bad one named at once), as `model_update` data."""
    errors = {}
    if not (title or "").strip():
        errors["title"] = [_("请填写标题。")]
    if not (body or "").strip():
        errors["body"] = [_("请填写建议内容。")]
    errors.update(length_errors(body=((body or "").strip(), BODY_MAX)))
    if not SuggestionCategory.objects.filter(pk=category_id, is_active=True).exists():
        errors["category"] = [_("未知的建议类别。")]
    session = None
    if session_id:
        session = Session.objects.filter(pk=session_id, term_id=suggestion.term_id).first()
        if session is None:
            errors["session"] = [_("会议不属于本届人民代表大会。")]
    if errors:
        raise invalid(errors)
    return {
        "title": title.strip(),
        "body": body.strip(),
        "category": category_id,
        "session": session,
        "period": Suggestion.Period.SESSION if session else Suggestion.Period.BETWEEN,
    }


def new_draft(suggestion, fields: dict) -> Suggestion:
    """A new suggestion with its checked fields, validated whole."""
    suggestion.title, suggestion.body = fields["title"], fields["body"]
    suggestion.category_id, suggestion.session = fields["category"], fields["session"]
    suggestion.period = fields["period"]
    suggestion.full_clean()
    return suggestion


def valid_cosigners(suggestion, cosigner_ids) -> list[int]:
    ids = list(dict.fromkeys(int(i) for i in cosigner_ids))
    if suggestion.lead_deputy_id in ids:
        raise invalid("cosigners", _("领衔代表不能同时作为附议代表。"))
    if set(ids) - _serving(ids, suggestion.congress_id):
        # Naming nobody: the ids may be another county's deputies, whose names (and whose very
        # existence) the caller must not learn from an error (a missing id reads the same).
        raise invalid(
            "cosigners",
            _("所选附议代表不存在，或不是本级人民代表大会的在任代表，不能附议。"),
        )
    return ids


def _invite_cosigners(suggestion, deputy_ids):
    users = User.objects.filter(deputy__in=deputy_ids)
    tell(
        users,
        suggestion,
        _("请确认附议：%(title)s") % {"title": suggestion.title},
        _("%(lead)s代表邀请您附议这条建议。") % {"lead": suggestion.lead_deputy.name},
        kind="suggestion.cosign",
    )


@transaction.atomic
def suggestion_update(
    *,
    suggestion: Suggestion,
    actor: User,
    title: str,
    body: str,
    category_id: int,
    session_id: int | None = None,
    cosigner_ids: list[int] = (),
) -> Suggestion:
    """Edit a draft (or a returned one); a changed co-signer list asks for fresh confirmations,
    and so does a returned one whose text changed: the co-signers confirmed the old text."""
    suggestion, row = lock_and_check(suggestion, "edit", actor)
    fields = fill(
        suggestion, title=title, body=body, category_id=category_id, session_id=session_id
    )
    wanted = valid_cosigners(suggestion, cosigner_ids)
    current = set(suggestion.cosigners.values_list("deputy_id", flat=True))
    text_changed = (fields["title"], fields["body"]) != (suggestion.title, suggestion.body)
    move(suggestion, row, actor, note=_("修改建议"), changes=fields)
    if text_changed and suggestion.status == S.RETURNED:
        _ask_again(suggestion, [i for i in wanted if i in current])
    for dropped in suggestion.cosigners.exclude(deputy_id__in=wanted):
        model_delete(dropped)
    added = [i for i in wanted if i not in current]
    created(
        CoSigner.objects.bulk_create([CoSigner(suggestion=suggestion, deputy_id=i) for i in added])
    )
    _invite_cosigners(suggestion, added)
    return suggestion


def _ask_again(suggestion, deputy_ids) -> None:
    """The kept co-signers confirm the changed text again (submission waits for them)."""
    again = list(suggestion.cosigners.filter(deputy_id__in=deputy_ids, confirmed_at__isnull=False))
    for cosigner in again:
        model_update(instance=cosigner, fields=["confirmed_at"], data={"confirmed_at": None})
    if again:
        tell(
            User.objects.filter(deputy__in=[c.deputy_id for c in again]),
            suggestion,
            _("建议内容已修改，请重新确认附议：%(title)s") % {"title": suggestion.title},
            _("%(lead)s代表在退回修改后修改了建议的标题或内容，请阅后重新确认附议。")
            % {"lead": suggestion.lead_deputy.name},
            kind="suggestion.cosign",
        )
