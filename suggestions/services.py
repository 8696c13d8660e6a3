"""Writes. Every action takes the suggestion row lock, checks the transition table, validates
everything, then writes and records the step in the history, all in one transaction."""

import os
from datetime import date, datetime

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from congress import audit
from congress.env import envint
from congress.errors import ApplicationError
from congress.models import AuditLog, HandlingUnit, Role, Session, User
from congress.notifications import notify
from representatives.models import Deputy, Mandate
from suggestions import disclosure, selectors, similarity, workflow
from suggestions.models import (
    Assignment,
    Attachment,
    Commitment,
    ContactLog,
    CoSigner,
    ExtensionRequest,
    History,
    Rating,
    Reply,
    ResultClass,
    Review,
    Satisfaction,
    Suggestion,
    SuggestionCategory,
)
from suggestions.models import Status as S
from suggestions.workdays import Calendar

REPLY_MONTHS = 3  # 代表法 art. 51
REPLY_MONTHS_BROAD = 6  # 涉及面广、处理难度大
CO_OPINION_MONTHS = 1
RETURN_WORKDAYS = 7
SIGN_WORKDAYS = 3
MAX_EXTENSION_MONTHS = 3
REHANDLE_MONTHS = envint("SUGGESTION_REHANDLE_MONTHS", 1)  # local rules vary: 1–3 months
ATTACHMENT_MAX_BYTES = envint("SUGGESTION_ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024)
ATTACHMENT_TYPES = {".pdf", ".doc", ".docx", ".xls", ".xlsx", ".jpg", ".jpeg", ".png", ".txt"}


def _bad(field: str, message: str) -> ApplicationError:
    return ApplicationError(message, fields={field: [message]})


def _lock(suggestion: Suggestion) -> Suggestion:
    """Re-read the row under a lock, so two people acting at once are serialised."""
    return (
        Suggestion.objects.select_for_update(of=("self",))
        .select_related("region", "lead_deputy")
        .get(pk=suggestion.pk)
    )


def _history(suggestion, action, from_status, actor, note="", at=None) -> History:
    return History.objects.create(
        suggestion=suggestion,
        action=action,
        from_status=from_status,
        to_status=suggestion.status,
        actor=actor,
        actor_name=str(actor) if actor else _("系统"),
        at=at or timezone.now(),
        note=note,
    )


def _move(suggestion, row, actor, *, note="", fields=(), target=None) -> Suggestion:
    """Apply a table row: new status (if the row has one), save the named fields, record it."""
    before = suggestion.status
    if target or row.target:
        suggestion.status = target or row.target
    suggestion.full_clean()
    suggestion.save(update_fields=["status", "updated_at", *fields])
    _history(suggestion, row.action, before, actor, note)
    return suggestion


def _bulk_created(rows: list) -> list:
    """bulk_create skips the audit signals, so each new row is recorded here."""
    for row in rows:
        audit.record(
            AuditLog.Action.CREATE,
            model=row._meta.label,
            object_pk=row.pk or "",
            object_repr=str(row),
            after=audit.snapshot(row),
        )
    return rows


def _deactivate_assignments(suggestion, note: str) -> None:
    """Take the current units off a suggestion (a queryset update, so audited by hand)."""
    active = list(suggestion.assignments.filter(is_active=True).values_list("pk", flat=True))
    Assignment.objects.filter(pk__in=active).update(is_active=False)
    for pk in active:
        audit.record(
            AuditLog.Action.UPDATE,
            model=Assignment._meta.label,
            object_pk=pk,
            object_repr=note,
            before={"is_active": True},
            after={"is_active": False},
        )


def _link(suggestion) -> str:
    return f"/suggestions/{suggestion.pk}/"


def unit_users(unit_ids) -> list[User]:
    return list(User.objects.filter(handling_unit_id__in=unit_ids, role=Role.HANDLING_UNIT))


def signer_users(suggestion) -> list[User]:
    ids = [suggestion.lead_deputy_id, *suggestion.cosigners.values_list("deputy_id", flat=True)]
    return list(User.objects.filter(deputy__in=ids))


def staff_users(suggestion) -> list[User]:
    return list(User.objects.filter(role=Role.STAFF, region_id=suggestion.region_id))


def _tell(users, suggestion, title, body="", kind="suggestion"):
    notify(recipients=users, title=title, body=body, link=_link(suggestion), kind=kind)


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


# --- Drafting and submission ------------------------------------------------------------


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
    mandate = _one_mandate(
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
    _fill(suggestion, title=title, body=body, category_id=category_id, session_id=session_id)
    cosigners = _valid_cosigners(suggestion, cosigner_ids)
    suggestion.save()
    _bulk_created(
        CoSigner.objects.bulk_create(
            [CoSigner(suggestion=suggestion, deputy_id=i) for i in cosigners]
        )
    )
    _history(suggestion, "create", S.DRAFT, author, _("起草建议"))
    _invite_cosigners(suggestion, cosigners)
    return suggestion


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
        raise _bad("lead_deputy", _("请选择本辖区人民代表大会的在任代表作为领衔代表。"))
    mandate = _one_mandate(
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
    _fill(suggestion, title=title, body=body, category_id=category_id, session_id=session_id)
    cosigners = _valid_cosigners(suggestion, cosigner_ids)
    now = timezone.now()
    suggestion.status, suggestion.submitted_at = S.SUBMITTED, now
    suggestion.save()
    _bulk_created(
        CoSigner.objects.bulk_create(
            [CoSigner(suggestion=suggestion, deputy_id=i, confirmed_at=now) for i in cosigners]
        )
    )
    similar = similar_earlier(suggestion)
    suggestion.similar_ids = [row["id"] for row in similar]
    suggestion.save(update_fields=["similar_ids"])
    _history(
        suggestion,
        "enter_paper",
        S.DRAFT,
        actor,
        _("%(who)s代%(lead)s代表录入纸质建议，直接提交审查")
        % {"who": actor, "lead": mandate.deputy.name},
        at=now,
    )
    _tell(
        [*signer_users(suggestion), *staff_users(suggestion)],
        suggestion,
        _("纸质建议已录入系统：%(title)s") % {"title": suggestion.title},
        _("工作人员已将您提交的纸质建议录入系统并提交审查。"),
        kind="suggestion.review",
    )
    return suggestion


def _one_mandate(mandates, congress_id, *, unknown: str, ambiguous: str) -> Mandate:
    """The serving mandate a suggestion is filed under: the congress named, or the only one. A
    deputy of two congresses (e.g. county and township) must say which: guessing the lower one
    then refused the county's co-signers and session the form had offered."""
    if congress_id:
        mandate = mandates.filter(congress_id=congress_id).first()
        if mandate is None:
            raise _bad("congress", unknown)
        return mandate
    found = list(mandates[:2])
    if not found:
        raise _bad("congress", unknown)
    if len(found) > 1:
        raise _bad("congress", ambiguous)
    return found[0]


def _fill(suggestion, *, title, body, category_id, session_id):
    errors = {}
    if not (title or "").strip():
        errors["title"] = [_("请填写标题。")]
    if not (body or "").strip():
        errors["body"] = [_("请填写建议内容。")]
    if not SuggestionCategory.objects.filter(pk=category_id, is_active=True).exists():
        errors["category"] = [_("未知的建议类别。")]
    session = None
    if session_id:
        session = Session.objects.filter(pk=session_id, term_id=suggestion.term_id).first()
        if session is None:
            errors["session"] = [_("会议不属于本届人民代表大会。")]
    if errors:
        raise ApplicationError(next(iter(errors.values()))[0], fields=errors)
    suggestion.title, suggestion.body = title.strip(), body.strip()
    suggestion.category_id = category_id
    suggestion.session = session
    suggestion.period = Suggestion.Period.SESSION if session else Suggestion.Period.BETWEEN
    suggestion.full_clean()


def _valid_cosigners(suggestion, cosigner_ids) -> list[int]:
    ids = list(dict.fromkeys(int(i) for i in cosigner_ids))
    if suggestion.lead_deputy_id in ids:
        raise _bad("cosigners", _("领衔代表不能同时作为附议代表。"))
    if set(ids) - _serving(ids, suggestion.congress_id):
        # Naming nobody: the ids may be another county's deputies, whose names (and whose very
        # existence) the caller must not learn from an error (a missing id reads the same).
        raise _bad(
            "cosigners",
            _("所选附议代表不存在，或不是本级人民代表大会的在任代表，不能附议。"),
        )
    return ids


def _invite_cosigners(suggestion, deputy_ids):
    users = User.objects.filter(deputy__in=deputy_ids)
    _tell(
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
    """Edit a draft (or a returned one); a changed co-signer list asks for fresh confirmations."""
    suggestion = _lock(suggestion)
    if workflow.LEAD_DEPUTY not in workflow.actor_roles(suggestion, actor):
        raise ApplicationError(_("只有领衔代表可以修改建议。"), status=403)
    if suggestion.status not in (S.DRAFT, S.RETURNED):
        raise workflow.TransitionError(_("只有草稿或退回修改的建议可以修改。"))
    _fill(suggestion, title=title, body=body, category_id=category_id, session_id=session_id)
    wanted = _valid_cosigners(suggestion, cosigner_ids)
    current = set(suggestion.cosigners.values_list("deputy_id", flat=True))
    suggestion.save(update_fields=["title", "body", "category", "session", "period", "updated_at"])
    suggestion.cosigners.exclude(deputy_id__in=wanted).delete()
    added = [i for i in wanted if i not in current]
    _bulk_created(
        CoSigner.objects.bulk_create([CoSigner(suggestion=suggestion, deputy_id=i) for i in added])
    )
    _history(suggestion, "edit", suggestion.status, actor, _("修改建议"))
    _invite_cosigners(suggestion, added)
    return suggestion


@transaction.atomic
def cosigner_confirm(*, suggestion: Suggestion, actor: User) -> CoSigner:
    suggestion = _lock(suggestion)
    row = workflow.check(suggestion, "confirm_cosign", actor)
    cosigner = suggestion.cosigners.get(deputy=actor.deputy)
    if cosigner.confirmed_at:
        raise workflow.TransitionError(_("您已确认附议。"))
    cosigner.confirmed_at = timezone.now()
    cosigner.save(update_fields=["confirmed_at"])
    _move(suggestion, row, actor, note=_("%(name)s确认附议") % {"name": actor.deputy.name})
    return cosigner


@transaction.atomic
def suggestion_submit(*, suggestion: Suggestion, actor: User) -> list[dict]:
    """Submit for review once every co-signer has confirmed; returns similar earlier ones."""
    suggestion = _lock(suggestion)
    row = workflow.check(suggestion, "submit", actor)
    waiting = list(
        suggestion.cosigners.filter(confirmed_at__isnull=True).values_list(
            "deputy__name", flat=True
        )
    )
    if waiting:
        raise workflow.TransitionError(
            _("还有附议代表未确认：%(names)s。全部确认后才能提交。") % {"names": "、".join(waiting)}
        )
    similar = similar_earlier(suggestion)
    suggestion.similar_ids = [s["id"] for s in similar]
    suggestion.submitted_at = timezone.now()
    _move(suggestion, row, actor, fields=["submitted_at", "similar_ids"])
    _tell(
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


def _check_file(file) -> None:
    extension = os.path.splitext(file.name)[1].lower()
    if extension not in ATTACHMENT_TYPES:
        raise _bad("file", _("不支持的文件类型，请上传 PDF、Word、Excel、图片或文本文件。"))
    if file.size > ATTACHMENT_MAX_BYTES:
        raise _bad(
            "file",
            _("附件不能超过 %(mb)d MB。") % {"mb": ATTACHMENT_MAX_BYTES // (1024 * 1024)},
        )


@transaction.atomic
def attachment_add(*, suggestion: Suggestion, actor: User, file) -> Attachment:
    suggestion = _lock(suggestion)
    if workflow.LEAD_DEPUTY not in workflow.actor_roles(suggestion, actor):
        raise ApplicationError(_("只有领衔代表可以上传附件。"), status=403)
    if suggestion.status not in (S.DRAFT, S.RETURNED):
        raise workflow.TransitionError(_("只有草稿或退回修改的建议可以上传附件。"))
    _check_file(file)
    attachment = Attachment(
        suggestion=suggestion, file=file, name=file.name[:200], size=file.size, uploaded_by=actor
    )
    attachment.save()
    return attachment


@transaction.atomic
def reply_attachment_add(*, suggestion: Suggestion, actor: User, file) -> Attachment:
    """A file for the lead unit's coming reply; it joins the reply when the reply is sent."""
    suggestion = _lock(suggestion)
    workflow.check(suggestion, "reply", actor)
    _check_file(file)
    attachment = Attachment(
        suggestion=suggestion,
        unit_id=_my_assignment(suggestion, actor).unit_id,
        file=file,
        name=file.name[:200],
        size=file.size,
        uploaded_by=actor,
    )
    attachment.save()
    return attachment


@transaction.atomic
def reply_attachment_remove(*, suggestion: Suggestion, actor: User, attachment_id: int) -> None:
    suggestion = _lock(suggestion)
    workflow.check(suggestion, "reply", actor)
    attachment = Attachment.objects.filter(
        pk=attachment_id,
        suggestion=suggestion,
        unit_id=_my_assignment(suggestion, actor).unit_id,
        reply__isnull=True,
    ).first()
    if attachment is None:
        raise _bad("attachment", _("只能删除本单位尚未随答复发出的附件。"))
    attachment.file.delete(save=False)
    attachment.delete()


# --- Review -------------------------------------------------------------------------------


@transaction.atomic
def suggestion_review(
    *,
    suggestion: Suggestion,
    actor: User,
    accept: bool,
    reason: str = "",
    is_key: bool = False,
    leading_leader_id: int | None = None,
    overseeing_committee: str = "",
) -> Suggestion:
    """Accept (optionally as a key suggestion) or return to the lead deputy for rework."""
    suggestion = _lock(suggestion)
    row = workflow.check(suggestion, "accept" if accept else "return_for_rework", actor)
    if not accept and not reason.strip():
        raise _bad("reason", _("退回修改须写明理由。"))
    Review.objects.create(
        suggestion=suggestion,
        decision=Review.Decision.ACCEPTED if accept else Review.Decision.RETURNED,
        reason=reason.strip(),
        reviewer=actor,
    )
    fields = []
    if accept:
        suggestion.accepted_at = timezone.now()
        fields = ["accepted_at"]
        if is_key or overseeing_committee:
            fields += _set_key(suggestion, is_key, leading_leader_id, overseeing_committee)
    _move(suggestion, row, actor, note=reason.strip(), fields=fields)
    if not accept:
        _tell(
            signer_users(suggestion),
            suggestion,
            _("建议被退回修改：%(title)s") % {"title": suggestion.title},
            reason,
        )
    return suggestion


def _set_key(suggestion, is_key, leading_leader_id, overseeing_committee) -> list[str]:
    leader = None
    if is_key:
        leader = User.objects.filter(
            pk=leading_leader_id, role__in=[Role.SUPERVISOR, Role.STAFF, Role.ADMIN]
        ).first()
        if leader is None or (
            leader.region_id and not suggestion.region_id.startswith(leader.region_id)
        ):
            raise _bad("leading_leader", _("重点建议须指定本级的牵头领导。"))
    suggestion.is_key = is_key
    suggestion.leading_leader = leader
    suggestion.overseeing_committee = overseeing_committee.strip()
    return ["is_key", "leading_leader", "overseeing_committee"]


@transaction.atomic
def suggestion_mark_key(
    *,
    suggestion: Suggestion,
    actor: User,
    is_key: bool,
    leading_leader_id: int | None = None,
    overseeing_committee: str = "",
) -> Suggestion:
    suggestion = _lock(suggestion)
    row = workflow.check(suggestion, "mark_key", actor)
    fields = _set_key(suggestion, is_key, leading_leader_id, overseeing_committee)
    note = (
        _("设为重点建议，牵头领导：%(leader)s") % {"leader": suggestion.leading_leader}
        if is_key
        else _("取消重点建议")
    )
    _move(suggestion, row, actor, note=note, fields=fields)
    if is_key:
        _tell(
            [suggestion.leading_leader],
            suggestion,
            _("请牵头督办重点建议：%(t)s") % {"t": suggestion.title},
        )
    return suggestion


# --- Assignment -----------------------------------------------------------------------------


def assignment_deadlines(assigned_on: date, *, role: str, broad_scope: bool, cal: Calendar) -> dict:
    """Every deadline of one assignment, computed once and stored."""
    months = REPLY_MONTHS_BROAD if broad_scope else REPLY_MONTHS
    return {
        "reply_due": cal.month_deadline(assigned_on, months) if role == "lead" else None,
        "opinion_due": cal.month_deadline(assigned_on, CO_OPINION_MONTHS) if role == "co" else None,
        "sign_due": cal.add_workdays(assigned_on, SIGN_WORKDAYS),
        "return_until": cal.add_workdays(assigned_on, RETURN_WORKDAYS),
    }


@transaction.atomic
def suggestion_assign(
    *,
    suggestion: Suggestion,
    actor: User,
    lead_unit_id: int,
    co_unit_ids: list[int] = (),
    broad_scope: bool = False,
    at: datetime | None = None,
) -> list[str]:
    """Hand it to one lead unit and optional co-units; returns calendar warnings, if any."""
    suggestion = _lock(suggestion)
    action = "assign" if suggestion.status == S.ACCEPTED else "reassign"
    row = workflow.check(suggestion, action, actor)
    co_unit_ids = [int(i) for i in dict.fromkeys(co_unit_ids) if int(i) != int(lead_unit_id)]
    units = {
        u.pk: u
        for u in HandlingUnit.objects.filter(
            pk__in=[lead_unit_id, *co_unit_ids],
            is_active=True,
            region__code__startswith=suggestion.region_id,
        )
    }
    if int(lead_unit_id) not in units:
        raise _bad("lead_unit", _("请选择本级的主办单位。"))
    if set(co_unit_ids) - set(units):
        raise _bad("co_units", _("协办单位须为本级在用的承办单位。"))
    at = at or timezone.now()
    cal = Calendar()
    _deactivate_assignments(suggestion, _("重新交办"))
    rows = []
    for unit_id, role in [(int(lead_unit_id), "lead"), *((i, "co") for i in co_unit_ids)]:
        deadlines = assignment_deadlines(
            timezone.localdate(at), role=role, broad_scope=broad_scope, cal=cal
        )
        rows.append(
            Assignment(
                suggestion=suggestion,
                unit_id=unit_id,
                role=role,
                assigned_by=actor,
                assigned_at=at,
                **deadlines,
            )
        )
    for assignment in rows:
        assignment.save()
    suggestion.broad_scope = broad_scope
    suggestion.assigned_at = at
    suggestion.reply_due = rows[0].reply_due
    suggestion.round = 1
    names = "、".join(units[a.unit_id].name + f"（{a.get_role_display()}）" for a in rows)
    note = _("交办%(units)s，答复期限%(due)s") % {"units": names, "due": rows[0].reply_due}
    _move(
        suggestion,
        row,
        actor,
        note=note,
        fields=["broad_scope", "assigned_at", "reply_due", "round"],
        target=S.ASSIGNED,
    )
    _tell(
        unit_users(units),
        suggestion,
        _("新交办建议：%(title)s") % {"title": suggestion.title},
        _("请在3个工作日内签收；答复期限 %(due)s。") % {"due": rows[0].reply_due},
        kind="suggestion.assigned",
    )
    return cal.warnings


def _my_assignment(suggestion, actor) -> Assignment:
    return suggestion.assignments.get(is_active=True, unit_id=actor.handling_unit_id)


@transaction.atomic
def assignment_sign(*, suggestion: Suggestion, actor: User) -> Assignment:
    suggestion = _lock(suggestion)
    roles = workflow.actor_roles(suggestion, actor)
    row = workflow.check(suggestion, "sign" if workflow.LEAD_UNIT in roles else "sign_co", actor)
    assignment = _my_assignment(suggestion, actor)
    if assignment.signed_at:
        raise workflow.TransitionError(_("已签收，无需重复签收。"))
    assignment.signed_at = timezone.now()
    assignment.save(update_fields=["signed_at"])
    _move(suggestion, row, actor, note=_("%(unit)s签收") % {"unit": assignment.unit})
    return assignment


@transaction.atomic
def assignment_return(*, suggestion: Suggestion, actor: User, reason: str) -> Assignment:
    """A unit that is not responsible returns the assignment within 7 working days."""
    suggestion = _lock(suggestion)
    roles = workflow.actor_roles(suggestion, actor)
    lead = workflow.LEAD_UNIT in roles
    row = workflow.check(suggestion, "unit_return" if lead else "co_unit_return", actor)
    if not reason.strip():
        raise _bad("reason", _("退回须写明理由。"))
    assignment = _my_assignment(suggestion, actor)
    if timezone.localdate() > assignment.return_until:
        raise workflow.TransitionError(
            _("已超过退回期限（%(date)s，交办后7个工作日），不能退回。")
            % {"date": assignment.return_until}
        )
    assignment.returned_at = timezone.now()
    assignment.return_reason = reason.strip()
    assignment.is_active = False
    assignment.save(update_fields=["returned_at", "return_reason", "is_active"])
    fields = []
    if lead:
        _deactivate_assignments(suggestion, _("主办单位退回交办"))
        suggestion.reply_due = None
        fields = ["reply_due"]
    _move(suggestion, row, actor, note=f"{assignment.unit}：{reason.strip()}", fields=fields)
    _tell(
        staff_users(suggestion),
        suggestion,
        _("承办单位退回交办：%(title)s") % {"title": suggestion.title},
        f"{assignment.unit}：{reason.strip()}",
    )
    return assignment


# --- Handling -------------------------------------------------------------------------------


@transaction.atomic
def contact_log(
    *, suggestion: Suggestion, actor: User, method: str, contacted_on: date, summary: str
) -> ContactLog:
    suggestion = _lock(suggestion)
    row = workflow.check(suggestion, "contact", actor)
    if method not in ContactLog.Method.values:
        raise _bad("method", _("请选择沟通方式。"))
    if not summary.strip():
        raise _bad("summary", _("请填写沟通情况。"))
    if contacted_on > timezone.localdate():
        raise _bad("contacted_on", _("沟通日期不能晚于今天。"))
    log = ContactLog.objects.create(
        assignment=_my_assignment(suggestion, actor),
        method=method,
        contacted_on=contacted_on,
        summary=summary.strip(),
        recorded_by=actor,
    )
    _move(suggestion, row, actor, note=f"{log.get_method_display()}：{log.summary}")
    return log


@transaction.atomic
def co_opinion_submit(*, suggestion: Suggestion, actor: User, opinion: str) -> Assignment:
    suggestion = _lock(suggestion)
    row = workflow.check(suggestion, "co_opinion", actor)
    if not opinion.strip():
        raise _bad("opinion", _("请填写协办意见。"))
    assignment = _my_assignment(suggestion, actor)
    assignment.opinion, assignment.opinion_at = opinion.strip(), timezone.now()
    assignment.save(update_fields=["opinion", "opinion_at"])
    _move(suggestion, row, actor, note=_("%(unit)s提交协办意见") % {"unit": assignment.unit})
    lead = suggestion.assignments.filter(is_active=True, role="lead").first()
    if lead:
        _tell(
            unit_users([lead.unit_id]),
            suggestion,
            _("收到协办意见：%(t)s") % {"t": suggestion.title},
        )
    return assignment


@transaction.atomic
def extension_request(
    *, suggestion: Suggestion, actor: User, months: int, reason: str
) -> ExtensionRequest:
    suggestion = _lock(suggestion)
    row = workflow.check(suggestion, "request_extension", actor)
    assignment = _my_assignment(suggestion, actor)
    granted = (
        assignment.extensions.filter(decision=ExtensionRequest.Decision.APPROVED).aggregate(
            n=Sum("months")
        )["n"]
        or 0
    )
    if not 1 <= int(months) <= MAX_EXTENSION_MONTHS - granted:
        raise _bad(
            "months",
            _("延期最多3个月，本件还可申请 %(left)d 个月。")
            % {"left": MAX_EXTENSION_MONTHS - granted},
        )
    if not reason.strip():
        raise _bad("reason", _("请写明延期理由。"))
    if assignment.extensions.filter(decision=ExtensionRequest.Decision.PENDING).exists():
        raise workflow.TransitionError(_("已有待审批的延期申请。"))
    extension = ExtensionRequest.objects.create(
        assignment=assignment, months=int(months), reason=reason.strip(), requested_by=actor
    )
    _move(
        suggestion, row, actor, note=_("申请延期%(m)d个月：%(r)s") % {"m": int(months), "r": reason}
    )
    _tell(staff_users(suggestion), suggestion, _("延期申请待审批：%(t)s") % {"t": suggestion.title})
    return extension


@transaction.atomic
def extension_decide(
    *, suggestion: Suggestion, actor: User, extension_id: int, approve: bool, note: str = ""
) -> ExtensionRequest:
    suggestion = _lock(suggestion)
    row = workflow.check(suggestion, "decide_extension", actor)
    extension = (
        ExtensionRequest.objects.filter(
            pk=extension_id,
            assignment__suggestion=suggestion,
            decision=ExtensionRequest.Decision.PENDING,
        )
        .select_related("assignment")
        .first()
    )
    if extension is None:
        raise _bad("extension", _("没有待审批的延期申请。"))
    extension.decision = (
        ExtensionRequest.Decision.APPROVED if approve else ExtensionRequest.Decision.REFUSED
    )
    extension.decided_by, extension.decided_at = actor, timezone.now()
    extension.decision_note = note.strip()
    extension.save(update_fields=["decision", "decided_by", "decided_at", "decision_note"])
    fields = []
    if approve:
        cal = Calendar()
        assignment = extension.assignment
        assignment.reply_due = cal.month_deadline(assignment.reply_due, extension.months)
        assignment.save(update_fields=["reply_due"])
        suggestion.reply_due = cal.month_deadline(suggestion.reply_due, extension.months)
        fields = ["reply_due"]
    text = (
        _("同意延期%(m)d个月，新的答复期限%(due)s")
        % {"m": extension.months, "due": suggestion.reply_due}
        if approve
        else _("不同意延期：%(note)s") % {"note": note}
    )
    _move(suggestion, row, actor, note=text, fields=fields)
    _tell(unit_users([extension.assignment.unit_id]), suggestion, text)
    return extension


@transaction.atomic
def reply_create(
    *,
    suggestion: Suggestion,
    actor: User,
    result_class: str,
    body: str,
    commitments: list[dict] = (),
) -> Reply:
    """The lead unit's written reply; a class that needs commitments must list them."""
    suggestion = _lock(suggestion)
    row = workflow.check(suggestion, "reply", actor)
    klass = ResultClass.objects.filter(code=result_class, is_active=True).first()
    errors = {}
    if klass is None:
        errors["result_class"] = [_("请选择答复类别。")]
    if not (body or "").strip():
        errors["body"] = [_("请填写答复内容。")]
    if klass and klass.needs_commitment and not commitments:
        errors["commitments"] = [_("%(c)s类答复须列明承诺解决的事项和时限。") % {"c": klass.code}]
    for item in commitments:
        if not str(item.get("what", "")).strip() or not item.get("due_date"):
            errors["commitments"] = [_("每项承诺须写明事项和完成时限。")]
    if errors:
        raise ApplicationError(next(iter(errors.values()))[0], fields=errors)
    now = timezone.now()
    assignment = _my_assignment(suggestion, actor)
    reply = Reply.objects.create(
        suggestion=suggestion,
        unit_id=assignment.unit_id,
        round=suggestion.round,
        result_class=klass,
        body=body.strip(),
        replied_by=actor,
        replied_at=now,
        on_time=not suggestion.reply_due or timezone.localdate(now) <= suggestion.reply_due,
    )
    _bulk_created(
        Commitment.objects.bulk_create(
            [
                Commitment(
                    reply=reply,
                    suggestion=suggestion,
                    what=str(c["what"]).strip()[:200],
                    due_date=c["due_date"],
                )
                for c in commitments
            ]
        )
    )
    for attachment in Attachment.objects.filter(
        suggestion=suggestion, unit_id=assignment.unit_id, reply__isnull=True
    ):
        attachment.reply = reply
        attachment.save(update_fields=["reply"])
    suggestion.replied_at = now
    _move(suggestion, row, actor, note=f"{klass}", fields=["replied_at"])
    _tell(
        signer_users(suggestion),
        suggestion,
        _("建议已答复，请测评：%(title)s") % {"title": suggestion.title},
        _("%(unit)s答复：%(klass)s。") % {"unit": assignment.unit, "klass": klass},
        kind="suggestion.replied",
    )
    return reply


# --- Feedback -------------------------------------------------------------------------------


@transaction.atomic
def rating_create(
    *,
    suggestion: Suggestion,
    actor: User,
    attitude: str,
    result: str,
    comment: str = "",
    expect: str | None = None,
) -> Rating:
    """A signer rates the latest reply. The lead deputy's rating decides: 不满意 in the first
    round sends it back for re-handling with a new deadline; otherwise it is closed. `expect`
    is the table's action the caller chose (rate_satisfied, rate_unsatisfied, rate_cosigner):
    a rating that leads to another outcome is refused on its field."""
    suggestion = _lock(suggestion)
    roles = workflow.actor_roles(suggestion, actor)
    errors = {}
    if attitude not in Satisfaction.values:
        errors["attitude"] = [_("请评价办理态度。")]
    if result not in Satisfaction.values:
        errors["result"] = [_("请评价办理结果。")]
    if result == Satisfaction.UNSATISFIED and not comment.strip():
        errors["comment"] = [_("不满意时请写明意见，供承办单位重新办理。")]
    if workflow.LEAD_DEPUTY in roles:
        unsatisfied = result == Satisfaction.UNSATISFIED and suggestion.round == 1
        action = "rate_unsatisfied" if unsatisfied else "rate_satisfied"
    else:
        action = "rate_cosigner"
    if expect and action != expect and not errors and workflow.LEAD_DEPUTY in roles:
        # The endpoint named one outcome of the table and the rating given leads to the other.
        errors["result"] = [
            _("首次答复测评为“不满意”时请选择“测评不满意”，承办单位将重新办理。")
            if unsatisfied
            else _("只有首次答复的办理结果为“不满意”时才能选择“测评不满意”。")
        ]
    row = workflow.check(suggestion, expect or action, actor)
    if errors:
        raise ApplicationError(next(iter(errors.values()))[0], fields=errors)
    reply = suggestion.replies.order_by("-round").first()
    if reply.ratings.filter(deputy=actor.deputy).exists():
        raise workflow.TransitionError(_("您已测评过这次答复。"))
    rating = Rating.objects.create(
        reply=reply, deputy=actor.deputy, attitude=attitude, result=result, comment=comment.strip()
    )
    note = _("办理态度%(a)s，办理结果%(r)s。%(c)s") % {
        "a": Satisfaction(attitude).label,
        "r": Satisfaction(result).label,
        "c": comment.strip(),
    }
    fields = []
    if action == "rate_unsatisfied":
        suggestion.round = 2
        suggestion.reply_due = Calendar().month_deadline(timezone.localdate(), REHANDLE_MONTHS)
        fields = ["round", "reply_due"]
        _tell(
            unit_users([reply.unit_id]),
            suggestion,
            _("代表不满意，请重新办理：%(t)s") % {"t": suggestion.title},
            _("请于 %(due)s 前再次答复。%(c)s") % {"due": suggestion.reply_due, "c": comment},
            kind="suggestion.rehandle",
        )
    elif action == "rate_satisfied":
        suggestion.closed_at = timezone.now()
        fields = ["closed_at"]
    _move(suggestion, row, actor, note=note, fields=fields)
    return rating


# --- Withdrawal, disclosure, commitments -----------------------------------------------------


@transaction.atomic
def withdrawal_consent(*, suggestion: Suggestion, actor: User) -> CoSigner:
    suggestion = _lock(suggestion)
    row = workflow.check(suggestion, "consent_withdrawal", actor)
    cosigner = suggestion.cosigners.get(deputy=actor.deputy)
    cosigner.withdraw_consented_at = timezone.now()
    cosigner.save(update_fields=["withdraw_consented_at"])
    _move(suggestion, row, actor, note=_("%(n)s同意撤回") % {"n": actor.deputy.name})
    return cosigner


@transaction.atomic
def suggestion_withdraw(*, suggestion: Suggestion, actor: User, reason: str = "") -> Suggestion:
    suggestion = _lock(suggestion)
    row = workflow.check(suggestion, "withdraw", actor)
    missing = list(
        suggestion.cosigners.filter(withdraw_consented_at__isnull=True).values_list(
            "deputy__name", flat=True
        )
    )
    if missing:
        raise workflow.TransitionError(
            _("撤回须经全体附议代表同意，尚未同意：%(n)s。") % {"n": "、".join(missing)}
        )
    _deactivate_assignments(suggestion, _("建议撤回"))
    suggestion.reply_due = None
    _move(suggestion, row, actor, note=reason.strip(), fields=["reply_due"])
    return suggestion


PUBLIC_TEXT_MAX = 20_000


def _public_text_errors(title: str, text: str) -> dict:
    """Each field's problem: empty, too long, or still holding a contact detail, an ID number,
    a bank card number or a house number (names are the staff's judgement: they may stand,
    e.g. a deputy's)."""
    errors = {}
    for field, value, limit, label in (
        ("title", title, Reply._meta.get_field("public_title").max_length, _("公开标题")),
        ("text", text, PUBLIC_TEXT_MAX, _("公开文本")),
    ):
        found = disclosure.contact_details(value)
        if not value:
            errors[field] = [_("请填写%(what)s。") % {"what": label}]
        elif len(value) > limit:
            errors[field] = [_("%(what)s不能超过%(n)d字。") % {"what": label, "n": limit}]
        elif found:
            errors[field] = [
                _("%(what)s中仍有联系方式、身份证号、银行卡号或门牌号，请删除后再公开：%(found)s")
                % {"what": label, "found": "、".join(found)}
            ]
    return errors


@transaction.atomic
def reply_publish(
    *,
    suggestion: Suggestion,
    actor: User,
    reply_id: int | None = None,
    title: str | None = None,
    text: str | None = None,
    names: list[str] = (),
) -> Reply:
    """Publish a reply (the latest by default) with the public title and text staff confirmed
    in the preview, edited or not. Without them, what was stored at an earlier publication is
    published again; only a reply never published gets the text proposed from its raw text
    (with `names` masked too). The raw text is never redacted again behind staff's back."""
    suggestion = _lock(suggestion)
    row = workflow.check(suggestion, "publish", actor)
    reply = suggestion.replies.select_related("suggestion__lead_deputy").order_by("-round")
    reply = reply.filter(pk=reply_id).first() if reply_id else reply.first()
    if reply is None:
        raise _bad("reply", _("这条建议没有这次答复。"))
    if title is None or text is None:
        proposed = selectors.public_text_proposal(reply=reply, names=names)
        title = proposed["title"] if title is None else title
        text = proposed["text"] if text is None else text
    title, text = title.strip(), text.strip()
    errors = _public_text_errors(title, text)
    if errors:
        raise ApplicationError(next(iter(errors.values()))[0], fields=errors)
    again = reply.disclosure == Reply.Disclosure.PUBLISHED
    reply.public_title, reply.public_body = title, text
    reply.disclosure = Reply.Disclosure.PUBLISHED
    reply.published_at, reply.published_by = timezone.now(), actor
    reply.full_clean()
    reply.save(
        update_fields=["public_title", "public_body", "disclosure", "published_at", "published_by"]
    )
    note = _("修改第%(n)d次答复的公开文本") if again else _("公开第%(n)d次答复")
    _move(suggestion, row, actor, note=note % {"n": reply.round})
    return reply


@transaction.atomic
def reply_unpublish(
    *, suggestion: Suggestion, actor: User, reply_id: int | None = None, reason: str = ""
) -> Reply:
    """Take a published reply (the latest published by default) off the public page. Its
    public text is kept, so publishing it again shows what staff confirmed before."""
    suggestion = _lock(suggestion)
    row = workflow.check(suggestion, "unpublish", actor)
    replies = suggestion.replies.order_by("-round")
    reply = replies.filter(pk=reply_id).first() if reply_id else None
    if reply_id and reply is None:
        raise _bad("reply", _("这条建议没有这次答复。"))
    reply = reply or replies.filter(disclosure=Reply.Disclosure.PUBLISHED).first()
    if reply is None or reply.disclosure != Reply.Disclosure.PUBLISHED:
        raise workflow.TransitionError(_("这次答复没有公开，无需撤回。"))
    reply.disclosure = Reply.Disclosure.WITHDRAWN
    reply.unpublished_at, reply.unpublished_by = timezone.now(), actor
    reply.save(update_fields=["disclosure", "unpublished_at", "unpublished_by"])
    note = _("撤回第%(n)d次答复的公开。%(r)s") % {"n": reply.round, "r": reason.strip()}
    _move(suggestion, row, actor, note=note.strip())
    return reply


@transaction.atomic
def commitment_mark_done(
    *, suggestion: Suggestion, actor: User, commitment_id: int, note: str = ""
) -> Commitment:
    suggestion = _lock(suggestion)
    row = workflow.check(suggestion, "commitment_done", actor)
    commitment = suggestion.commitments.filter(pk=commitment_id, done_at__isnull=True).first()
    if commitment is None:
        raise _bad("commitment", _("没有这项未完成的承诺事项。"))
    commitment.done_at, commitment.checked_by = timezone.now(), actor
    commitment.note = note.strip()
    commitment.save(update_fields=["done_at", "checked_by", "note"])
    _move(
        suggestion,
        row,
        actor,
        note=_("回头督：%(w)s 已完成。%(n)s") % {"w": commitment.what, "n": note},
    )
    return commitment
