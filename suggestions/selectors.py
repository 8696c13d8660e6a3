"""Reads, each narrowed to what the viewer may see: staff and leaders their region's subtree,
a unit the suggestions assigned to it, a deputy the ones they lead or co-signed."""

from collections import defaultdict
from collections.abc import Iterable
from datetime import timedelta

from django.apps import apps
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from congress.models import HandlingUnit, Role, Session, User
from congress.scope import scope_q
from representatives.models import Mandate
from suggestions import disclosure, figures, workflow
from suggestions.models import (
    OPEN_FOR_REPLY,
    Assignment,
    Attachment,
    Commitment,
    CoSigner,
    Rating,
    Reply,
    Suggestion,
)
from suggestions.models import Status as S

BOXES = {
    # staff board
    "review": Q(status=S.SUBMITTED),
    "assign": Q(status=S.ACCEPTED),
    "handling": Q(status__in=OPEN_FOR_REPLY),
    "key": Q(is_key=True),
    "replied": Q(status=S.REPLIED),
    "closed": Q(status=S.CLOSED),
    # a deputy's "in progress": submitted and not yet replied
    "in_progress": Q(status__in=[S.SUBMITTED, S.ACCEPTED, *OPEN_FOR_REPLY]),
}


def scoped(viewer: User) -> QuerySet[Suggestion]:
    """Every suggestion the viewer may see; drafts only by their own signers."""
    qs = Suggestion.objects.all()
    if viewer.is_authenticated and viewer.role == Role.DEPUTY:
        return qs.filter(pk__in=_signed_by(viewer))
    if viewer.is_authenticated and viewer.role == Role.HANDLING_UNIT:
        # Only current assignments: a unit that returned a suggestion (or was replaced) no
        # longer reads it, nor the next unit's contacts and replies.
        mine = Assignment.objects.filter(
            unit_id=viewer.handling_unit_id, suggestion=OuterRef("pk"), is_active=True
        )
        return qs.filter(Exists(mine)).exclude(status=S.DRAFT)
    q = scope_q(viewer, region="region__code")
    if q is None:
        return qs.none()
    return qs.filter(q).exclude(status=S.DRAFT)


def _signed_by(viewer: User) -> QuerySet:
    """The ids of the suggestions the deputy leads or co-signed, as one UNION: an OR of the two
    subqueries cannot use an index, so it read every suggestion (265 ms for a deputy's 2 rows
    at province scale); each side of the UNION is an index lookup."""
    led = Suggestion.objects.filter(lead_deputy__user=viewer).order_by().values("pk")
    cosigned = CoSigner.objects.filter(deputy__user=viewer).order_by().values("suggestion_id")
    return led.union(cosigned)


def _list_related(qs):
    return qs.select_related("category", "lead_deputy", "region", "term").prefetch_related(
        Prefetch(
            "assignments",
            queryset=Assignment.objects.filter(is_active=True).select_related("unit"),
            to_attr="active_assignments",
        )
    )


def box_q(box: str | None, viewer: User, today) -> Q:
    """The work box `box` as a filter ("all", none or an unknown one: everything)."""
    if box == "overdue":
        return Q(status__in=OPEN_FOR_REPLY, reply_due__lt=today)
    if box == "todo" and viewer.role == Role.HANDLING_UNIT:
        mine = Assignment.objects.filter(
            suggestion=OuterRef("pk"), unit_id=viewer.handling_unit_id, is_active=True
        )
        return Q(status__in=OPEN_FOR_REPLY) & Q(Exists(mine))
    return BOXES.get(box, Q())


# The board's deadline filter: reply overdue or due within N days, review or assignment late.
DEADLINES = ["overdue", "due7", "due30", "review_overdue", "assign_overdue"]


def _deadline_q(deadline: str, today) -> Q:
    if deadline == "overdue":
        return Q(status__in=OPEN_FOR_REPLY, reply_due__lt=today)
    if deadline in ("due7", "due30"):
        end = today + timedelta(days=7 if deadline == "due7" else 30)
        return Q(status__in=OPEN_FOR_REPLY, reply_due__gte=today, reply_due__lte=end)
    if deadline == "review_overdue":  # 审查超期, 交办超期: as counted (suggestions/figures.py)
        return figures.review_overdue_q(on=today)
    return figures.assign_overdue_q(on=today)


def suggestion_filtered(*, viewer: User, filters: dict) -> QuerySet[Suggestion]:
    """The viewer's suggestions narrowed by every filter of the board except the box (the
    board's list and its box counts are both this query)."""
    qs = scoped(viewer)
    today = timezone.localdate()
    for key, lookup in (
        ("status", "status"),
        ("category", "category_id"),
        ("term", "term_id"),
        ("session", "session_id"),
        ("region", "region__code__startswith"),
        ("due_from", "reply_due__gte"),
        ("due_to", "reply_due__lte"),
    ):
        if filters.get(key):
            qs = qs.filter(**{lookup: filters[key]})
    if filters.get("key") is not None:
        qs = qs.filter(is_key=filters["key"])
    if filters.get("unit"):
        # The unit that holds it now (an active assignment, lead or co-unit; or only as one).
        held = Assignment.objects.filter(
            suggestion=OuterRef("pk"), unit_id=filters["unit"], is_active=True
        )
        if filters.get("unit_role"):
            held = held.filter(role=filters["unit_role"])
        qs = qs.filter(Exists(held))
    if filters.get("deadline"):
        qs = qs.filter(_deadline_q(filters["deadline"], today))
    if filters.get("unrated") is not None:
        # 未测评 as the figures count it (figures.unrated): a withdrawn one is not among them.
        unrated_q = Q(pk__in=figures.unrated().values("pk"))
        qs = qs.filter(unrated_q) if filters["unrated"] else qs.exclude(unrated_q)
    if filters.get("paper") is not None:
        paper = Rating.objects.filter(reply__suggestion=OuterRef("pk"), is_paper=True)
        qs = qs.filter(Exists(paper)) if filters["paper"] else qs.exclude(Exists(paper))
    if filters.get("year"):
        qs = qs.filter(created_at__year=int(filters["year"]))
    if filters.get("stage") == "mine":  # 三审: waiting at a review stage the viewer decides
        from suggestions.services.review import at_my_stage_q  # noqa: PLC0415

        qs = qs.filter(at_my_stage_q(viewer, qs))
    if filters.get("q"):
        qs = qs.filter(Q(title__icontains=filters["q"]) | Q(body__icontains=filters["q"]))
    return qs


def suggestion_list(*, viewer: User, filters: dict) -> QuerySet[Suggestion]:
    box = filters.get("box")
    qs = suggestion_filtered(viewer=viewer, filters=filters).filter(
        box_q(box, viewer, timezone.localdate())
    )
    if viewer.role == Role.DEPUTY:
        qs = qs.annotate(
            to_confirm=Exists(
                CoSigner.objects.filter(
                    suggestion=OuterRef("pk"), deputy__user=viewer, confirmed_at__isnull=True
                )
            )
        )
    order = "reply_due" if box in ("overdue", "handling", "todo") else "-created_at"
    return _list_related(qs).order_by(order, "-id")


def suggestion_box_counts(*, viewer: User, filters: dict, boxes: Iterable[str]) -> dict:
    """How many suggestions each box holds under the same filters as the list: one query."""
    today = timezone.localdate()
    return suggestion_filtered(viewer=viewer, filters=filters).aggregate(
        **{box: _count(box_q(box, viewer, today)) for box in boxes}
    )


def _count(q: Q) -> Count:
    return Count("pk", filter=q) if q else Count("pk")


def filter_options(*, viewer: User) -> dict:
    """What the board's filters offer a staff member or leader: the handling units and the
    sessions of the congresses in their region's subtree."""
    q = scope_q(viewer, region="region__code")
    if q is None:
        return {"units": [], "sessions": []}
    units = HandlingUnit.objects.filter(q, is_active=True).order_by("region_id", "name")
    sessions = (
        Session.objects.filter(scope_q(viewer, region="term__congress__region__code"))
        .select_related("term__congress")
        .order_by("-start_date", "-id")
    )
    return {
        "units": [{"id": u.pk, "name": u.name} for u in units],
        "sessions": [{"id": s.pk, "label": str(s)} for s in sessions[:200]],
    }


def filter_unit_or_404(*, viewer: User, unit_id: int) -> int:
    """A unit the viewer may filter by: one of their region's (another county's is a 404, as a
    region filter is); a handling unit's own user may name only their unit."""
    q = scope_q(viewer, region="region__code", unit="pk")
    if q is None or not HandlingUnit.objects.filter(q, pk=unit_id).exists():
        raise Http404(_("未找到该承办单位，或不在您的管辖范围内。"))
    return unit_id


def suggestion_get(*, viewer: User, pk: int) -> Suggestion:
    suggestion = (
        scoped(viewer)
        .select_related(
            "category", "lead_deputy", "region", "term", "session", "congress", "leading_leader"
        )
        .prefetch_related(
            Prefetch("cosigners", queryset=CoSigner.objects.select_related("deputy")),
            Prefetch(
                "assignments",
                queryset=Assignment.objects.select_related("unit").prefetch_related(
                    "contacts", "extensions"
                ),
            ),
            Prefetch(
                "replies",
                queryset=Reply.objects.select_related("result_class", "unit").prefetch_related(
                    Prefetch("ratings", queryset=Rating.objects.select_related("deputy")),
                    "commitments",
                    "attachments",
                ),
            ),
            "history",
            "attachments",
            "reviews",
        )
        .filter(pk=pk)
        .first()
    )
    if suggestion is None:
        raise Http404(_("未找到该记录，或您无权查看。"))
    return suggestion


def attachment_get(*, viewer: User, pk: int, attachment_id: int) -> Attachment:
    """One file of a suggestion the viewer sees (404 otherwise); a file a unit has uploaded for
    a reply not yet sent is seen only by that unit."""
    suggestion = scoped(viewer).filter(pk=pk).first()
    attachment = (
        Attachment.objects.filter(suggestion=suggestion, pk=attachment_id).first()
        if suggestion
        else None
    )
    if attachment is None or (
        attachment.unit_id
        and attachment.reply_id is None
        and attachment.unit_id != getattr(viewer, "handling_unit_id", None)
    ):
        raise Http404(_("未找到该记录，或您无权查看。"))
    return attachment


def similar_list(*, viewer: User, suggestion: Suggestion) -> list[dict]:
    """The stored similar ones, only those the viewer may also see."""
    rows = scoped(viewer).filter(pk__in=suggestion.similar_ids or [])
    by_id = {s.pk: s for s in rows}
    return [
        {"id": i, "title": by_id[i].title, "year": timezone.localtime(by_id[i].created_at).year,
         "status": by_id[i].get_status_display()}
        for i in suggestion.similar_ids or []
        if i in by_id
    ]  # fmt: skip


def published_replies(*, query: str = "") -> QuerySet[Reply]:
    """Public: published replies only, searched and shown by their stored public text."""
    qs = Reply.objects.filter(disclosure=Reply.Disclosure.PUBLISHED).select_related(
        "suggestion__region", "suggestion__category", "unit", "result_class"
    )
    if query:
        qs = qs.filter(Q(public_title__icontains=query) | Q(public_body__icontains=query))
    return qs.order_by("-published_at", "-id")


def disclosure_names(*, suggestion: Suggestion) -> list[str]:
    """The names of the suggestion's people, masked wherever they stand in its public text:
    the deputies, the units' contacts and the citizen whose opinion it came from."""
    names = {suggestion.lead_deputy.name}
    names.update(suggestion.cosigners.values_list("deputy__name", flat=True))
    units = Q(pk__in=suggestion.assignments.values("unit_id")) | Q(
        pk__in=suggestion.replies.values("unit_id")
    )
    names.update(HandlingUnit.objects.filter(units).values_list("contact_name", flat=True))
    try:
        opinion = apps.get_model("liaison_stations", "Opinion")
    except LookupError:  # the app is not installed
        pass
    else:
        names.update(
            opinion.objects.filter(suggestion_id=suggestion.pk).values_list(
                "citizen_name", flat=True
            )
        )
    return sorted(n.strip() for n in names if n and n.strip())


def reply_for_disclosure(*, viewer: User, pk: int, reply_id: int | None = None) -> Reply:
    """A reply (the latest by default) of a suggestion the viewer publishes for: staff of its
    region or above. Anyone else gets a 404, as for a suggestion they cannot see."""
    suggestion = suggestion_get(viewer=viewer, pk=pk)
    if workflow.STAFF not in workflow.actor_roles(suggestion, viewer):
        raise Http404(_("未找到该记录，或您无权查看。"))
    replies = suggestion.replies.select_related("suggestion__lead_deputy").order_by("-round")
    reply = replies.filter(pk=reply_id).first() if reply_id else replies.first()
    if reply is None:
        raise Http404(_("这条建议没有这次答复。"))
    return reply


def public_text_proposal(
    *, reply: Reply, regenerate: bool = False, names: Iterable[str] = ()
) -> dict:
    """What publishing the reply now would show: the public text stored when it was published
    (a second publication never redacts the raw text again), or the raw reply and title
    redacted afresh when it never was or when staff ask to regenerate it."""
    known = sorted({*disclosure_names(suggestion=reply.suggestion), *names})
    stored = bool(reply.public_body) and not regenerate
    return {
        "reply": reply.pk,
        "round": reply.round,
        "source": "stored" if stored else "generated",
        "title": (reply.public_title if stored and reply.public_title else
                  disclosure.redact(reply.suggestion.title, names=known)),
        "text": reply.public_body if stored else disclosure.redact(reply.body, names=known),
        "names": known,
        "disclosure": reply.disclosure,
        "disclosure_display": reply.get_disclosure_display(),
        "published_at": reply.published_at,
    }  # fmt: skip


def assignable_units(*, viewer: User, suggestion: Suggestion) -> QuerySet[HandlingUnit]:
    # Handed to the level above (suggestions/handoffs.py): that level's units.
    level = suggestion.handled_by_id or suggestion.region_id
    return HandlingUnit.objects.filter(region__code__startswith=level, is_active=True).order_by(
        "name"
    )


def leaders(*, viewer: User, suggestion: Suggestion) -> QuerySet[User]:
    prefixes = [suggestion.region_id[:n] for n in (2, 4, 6, 9) if n <= len(suggestion.region_id)]
    return User.objects.filter(role=Role.SUPERVISOR, region_id__in=prefixes, is_active=True)


def cosigner_candidates(
    *, viewer: User, query: str = "", congress_id: int | None = None, limit: int = 20
) -> list[dict]:
    """Serving deputies of the congresses where the viewer (a deputy) serves, or of the one of
    them the suggestion is filed under."""
    deputy = getattr(viewer, "deputy", None) if viewer.role == Role.DEPUTY else None
    if deputy is None:
        return []
    congresses = Mandate.objects.filter(deputy=deputy, status=Mandate.Status.SERVING)
    if congress_id:
        congresses = congresses.filter(congress_id=congress_id)
    congresses = congresses.values("congress_id")
    mandates = (
        Mandate.objects.filter(congress_id__in=congresses, status=Mandate.Status.SERVING)
        .exclude(deputy=deputy)
        .select_related("deputy")
    )
    if query:
        mandates = mandates.filter(deputy__name__contains=query)
    return [
        {"id": m.deputy_id, "name": m.deputy.name, "workplace": m.deputy.workplace}
        for m in mandates.order_by("deputy__name")[:limit]
    ]


def paper_deputy_candidates(*, viewer: User, query: str = "", limit: int = 30) -> list[dict]:
    """Serving deputies of the congresses in the staff member's region and below, for typing in
    a paper suggestion on a deputy's behalf (lead and co-signers must share the congress)."""
    if not (viewer.is_admin or (viewer.role == Role.STAFF and viewer.region_id)):
        return []
    mandates = Mandate.objects.filter(status=Mandate.Status.SERVING).select_related(
        "deputy", "congress"
    )
    if not viewer.is_admin:
        mandates = mandates.filter(congress__region__code__startswith=viewer.region_id)
    if query:
        mandates = mandates.filter(deputy__name__contains=query)
    rows = list(mandates.order_by("congress__region_id", "deputy__name")[:limit])
    sessions = defaultdict(list)
    for session in (
        Session.objects.filter(term_id__in={m.term_id for m in rows})
        .select_related("term__congress")
        .order_by("start_date")
    ):
        sessions[session.term_id].append({"id": session.pk, "label": str(session)})
    return [
        {
            "key": f"{m.deputy_id}-{m.congress_id}",  # one row per mandate: a deputy may hold two
            "id": m.deputy_id,
            "name": m.deputy.name,
            "workplace": m.deputy.workplace,
            "congress_id": m.congress_id,
            "congress": m.congress.name,
            "sessions": sessions[m.term_id],
        }
        for m in rows
    ]


# --- The commitment ledger 承诺解决台账 ------------------------------------------------------


def commitment_states(today) -> dict[str, Q]:
    """Each state of a commitment, as a filter (they do not overlap): 已失效 (its reply was
    superseded), 已回头督 (checked done), 单位已报完成, else 已逾期 or 待完成 by its due date."""
    live = Q(superseded_at__isnull=True)
    unchecked = live & Q(done_at__isnull=True)
    unreported = unchecked & Q(reported_at__isnull=True)
    return {
        "pending": unreported & Q(due_date__gte=today),
        "overdue": unreported & Q(due_date__lt=today),
        "reported": unchecked & Q(reported_at__isnull=False),
        "checked": live & Q(done_at__isnull=False),
        "superseded": Q(superseded_at__isnull=False),
    }


def commitment_state(c, today) -> str:
    """The state of one commitment, the same rules as commitment_states()."""
    if c.superseded_at:
        return "superseded"
    if c.done_at:
        return "checked"
    if c.reported_at:
        return "reported"
    return "overdue" if c.due_date < today else "pending"


def commitments_scoped(viewer: User) -> QuerySet:
    """Commitments the viewer sees: staff and leaders their region's, a unit those of its own
    replies (also after the suggestion left it); nobody else any."""
    q = scope_q(viewer, region="suggestion__region__code", unit="reply__unit_id")
    if q is None:
        return Commitment.objects.none()
    return Commitment.objects.filter(q)


def commitment_filtered(*, viewer: User, filters: dict) -> QuerySet:
    """The ledger narrowed by every filter except the state (its counts are this query)."""
    qs = commitments_scoped(viewer)
    today = timezone.localdate()
    if filters.get("due") == "overdue":
        qs = qs.filter(commitment_states(today)["overdue"])
    elif filters.get("due") == "month":
        first = today.replace(day=1)
        qs = qs.filter(
            due_date__gte=first, due_date__lt=(first + timedelta(days=32)).replace(day=1)
        )
    for key, lookup in (
        ("unit", "reply__unit_id"),
        ("region", "suggestion__region__code__startswith"),
        ("suggestion", "suggestion_id"),
        ("due_from", "due_date__gte"),
        ("due_to", "due_date__lte"),
    ):
        if filters.get(key):
            qs = qs.filter(**{lookup: filters[key]})
    if filters.get("q"):
        qs = qs.filter(
            Q(what__icontains=filters["q"]) | Q(suggestion__title__icontains=filters["q"])
        )
    return qs


def commitment_list(*, viewer: User, filters: dict) -> QuerySet:
    qs = commitment_filtered(viewer=viewer, filters=filters)
    if filters.get("state"):
        qs = qs.filter(commitment_states(timezone.localdate())[filters["state"]])
    return qs.select_related("suggestion__region", "reply__unit", "checked_by").order_by(
        "due_date", "id"
    )


def commitment_counts(*, viewer: User, filters: dict) -> dict:
    """Per state, under the ledger's other filters: one query."""
    states = commitment_states(timezone.localdate())
    return commitment_filtered(viewer=viewer, filters=filters).aggregate(
        all=Count("pk"), **{k: Count("pk", filter=q) for k, q in states.items()}
    )


def commitment_get(*, viewer: User, pk: int):
    commitment = commitments_scoped(viewer).select_related("suggestion").filter(pk=pk).first()
    if commitment is None:
        raise Http404(_("未找到该记录，或您无权查看。"))
    return commitment
