"""Reads, each narrowed to what the viewer may see: staff and leaders their region's subtree,
a unit the suggestions assigned to it, a deputy the ones they lead or co-signed."""

from collections import defaultdict

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from congress.models import HandlingUnit, Role, Session, User
from congress.scope import scope_q
from representatives.models import Deputy, Mandate
from suggestions.models import (
    OPEN_FOR_REPLY,
    Assignment,
    Attachment,
    CoSigner,
    Rating,
    Reply,
    Satisfaction,
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
        deputy = Deputy.objects.filter(user=viewer).values("pk")
        cosigned = CoSigner.objects.filter(deputy__in=deputy).values("suggestion_id")
        return qs.filter(Q(lead_deputy__in=deputy) | Q(pk__in=cosigned))
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


def _list_related(qs):
    return qs.select_related("category", "lead_deputy", "region", "term").prefetch_related(
        Prefetch(
            "assignments",
            queryset=Assignment.objects.filter(is_active=True).select_related("unit"),
            to_attr="active_assignments",
        )
    )


def suggestion_list(*, viewer: User, filters: dict) -> QuerySet[Suggestion]:
    qs = scoped(viewer)
    box = filters.get("box")
    today = timezone.localdate()
    if box == "overdue":
        qs = qs.filter(status__in=OPEN_FOR_REPLY, reply_due__lt=today)
    elif box == "todo" and viewer.role == Role.HANDLING_UNIT:
        qs = qs.filter(
            status__in=OPEN_FOR_REPLY,
            assignments__unit_id=viewer.handling_unit_id,
            assignments__is_active=True,
        ).distinct()
    elif box in BOXES:
        qs = qs.filter(BOXES[box])
    for key, lookup in (
        ("status", "status"),
        ("category", "category_id"),
        ("term", "term_id"),
        ("region", "region__code__startswith"),
    ):
        if filters.get(key):
            qs = qs.filter(**{lookup: filters[key]})
    if filters.get("year"):
        qs = qs.filter(created_at__year=int(filters["year"]))
    if filters.get("q"):
        qs = qs.filter(Q(title__icontains=filters["q"]) | Q(body__icontains=filters["q"]))
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
        {"id": i, "title": by_id[i].title, "year": by_id[i].created_at.year,
         "status": by_id[i].get_status_display()}
        for i in suggestion.similar_ids or []
        if i in by_id
    ]  # fmt: skip


def published_replies(*, query: str = "") -> QuerySet[Reply]:
    """Public: published replies only, with the redacted text."""
    qs = Reply.objects.filter(published_at__isnull=False).select_related(
        "suggestion", "suggestion__region", "suggestion__category", "unit", "result_class"
    )
    if query:
        qs = qs.filter(Q(suggestion__title__icontains=query) | Q(public_body__icontains=query))
    return qs.order_by("-published_at", "-id")


def assignable_units(*, viewer: User, suggestion: Suggestion) -> QuerySet[HandlingUnit]:
    return HandlingUnit.objects.filter(
        region__code__startswith=suggestion.region_id, is_active=True
    ).order_by("name")


def leaders(*, viewer: User, suggestion: Suggestion) -> QuerySet[User]:
    prefixes = [suggestion.region_id[:n] for n in (2, 4, 6, 9) if n <= len(suggestion.region_id)]
    return User.objects.filter(role=Role.SUPERVISOR, region_id__in=prefixes, is_active=True)


def cosigner_candidates(*, viewer: User, query: str = "", limit: int = 20) -> list[dict]:
    """Serving deputies of the congresses where the viewer (a deputy) serves."""
    deputy = getattr(viewer, "deputy", None) if viewer.role == Role.DEPUTY else None
    if deputy is None:
        return []
    congresses = Mandate.objects.filter(deputy=deputy, status=Mandate.Status.SERVING).values(
        "congress_id"
    )
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
            "id": m.deputy_id,
            "name": m.deputy.name,
            "workplace": m.deputy.workplace,
            "congress_id": m.congress_id,
            "congress": m.congress.name,
            "sessions": sessions[m.term_id],
        }
        for m in rows
    ]


# --- Statistics -----------------------------------------------------------------------------


def unit_statistics(*, viewer: User, year: int | None = None, term_id: int | None = None):
    """Per lead unit: assigned, signed within 3 working days, replied on time, satisfaction
    rate (满意+基本满意 over rated), and replies by class."""
    suggestions = scoped(viewer).exclude(status__in=[S.DRAFT, S.WITHDRAWN])
    if year:
        suggestions = suggestions.filter(assigned_at__year=year)
    if term_id:
        suggestions = suggestions.filter(term_id=term_id)
    assignments = (
        Assignment.objects.filter(suggestion__in=suggestions.values("pk"), role="lead")
        .values("unit_id", "unit__name")
        .annotate(
            assigned=Count("id"),
            signed=Count("id", filter=Q(signed_at__isnull=False)),
        )
    )
    # Signed in time: signed on or before sign_due (3 working days, stored at assignment).
    signed_rows = Assignment.objects.filter(
        suggestion__in=suggestions.values("pk"), role="lead", signed_at__isnull=False
    ).values_list("unit_id", "sign_due", "signed_at")
    on_time_signed = {}
    for unit_id, due, at in signed_rows:
        if timezone.localdate(at) <= due:
            on_time_signed[unit_id] = on_time_signed.get(unit_id, 0) + 1
    replies = (
        Reply.objects.filter(suggestion__in=suggestions.values("pk"), round=1)
        .values("unit_id", "result_class__code")
        .annotate(n=Count("id"), on_time=Count("id", filter=Q(on_time=True)))
    )
    ratings = (
        Rating.objects.filter(reply__suggestion__in=suggestions.values("pk"))
        .values("reply__unit_id")
        .annotate(
            n=Count("id"),
            ok=Count("id", filter=Q(result__in=[Satisfaction.SATISFIED, Satisfaction.BASICALLY])),
        )
    )
    rows = {
        a["unit_id"]: {
            "unit_id": a["unit_id"],
            "unit": a["unit__name"],
            "assigned": a["assigned"],
            "signed": a["signed"],
            "signed_in_time": on_time_signed.get(a["unit_id"], 0),
            "replied": 0,
            "replied_on_time": 0,
            "classes": {},
            "rated": 0,
            "satisfied": 0,
        }
        for a in assignments
    }
    for r in replies:
        row = rows.get(r["unit_id"])
        if row:
            row["replied"] += r["n"]
            row["replied_on_time"] += r["on_time"]
            row["classes"][r["result_class__code"]] = r["n"]
    for r in ratings:
        row = rows.get(r["reply__unit_id"])
        if row:
            row["rated"], row["satisfied"] = r["n"], r["ok"]
    for row in rows.values():
        row["satisfaction_rate"] = (
            round(100 * row["satisfied"] / row["rated"], 1) if row["rated"] else None
        )
        row["on_time_rate"] = (
            round(100 * row["replied_on_time"] / row["replied"], 1) if row["replied"] else None
        )
    return sorted(rows.values(), key=lambda r: (-r["assigned"], r["unit"]))


def region_statistics(*, viewer: User, term_id: int | None = None, year: int | None = None):
    """Counts by region, status and category."""
    qs = scoped(viewer).exclude(status=S.DRAFT)
    if term_id:
        qs = qs.filter(term_id=term_id)
    if year:
        qs = qs.filter(created_at__year=year)
    by_status = list(
        qs.values("region_id", "region__name", "term_id", "status").annotate(n=Count("id"))
    )
    by_category = list(qs.values("category__name").annotate(n=Count("id")).order_by("-n"))
    regions: dict = {}
    for r in by_status:
        row = regions.setdefault(
            (r["region_id"], r["term_id"]),
            {"region": r["region_id"], "region_name": r["region__name"], "term": r["term_id"],
             "total": 0, "statuses": {}},
        )  # fmt: skip
        row["statuses"][r["status"]] = r["n"]
        row["total"] += r["n"]
    return {
        "regions": sorted(regions.values(), key=lambda r: r["region"]),
        "categories": [{"category": c["category__name"], "count": c["n"]} for c in by_category],
        "status_labels": dict(S.choices),
    }
