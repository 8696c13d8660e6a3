"""专会交办: the accepted suggestions waiting for an assignment meeting, the units proposed for
each from similar past assignments, and the meeting's confirmation (all rows in one
transaction, through the single assignment's code path)."""

from collections import Counter, defaultdict
from datetime import date, datetime

from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, Max, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from congress import audit
from congress.errors import ApplicationError, invalid
from congress.models import AuditLog, HandlingUnit, Region, Role, User
from congress.notifications import notify
from congress.scope import region_prefix, scope_q
from congress.services import model_create
from suggestions import similarity, workflow
from suggestions.models import Assignment, AssignmentMeeting, History, Suggestion
from suggestions.models import Status as S
from suggestions.selectors import scoped
from suggestions.services.assignment import (
    active_units,
    assignment_note,
    clean_co_units,
    new_assignments,
    unit_errors,
)
from suggestions.services.common import unit_users
from suggestions.workdays import Calendar

TITLE_MAX = 120
NOTE_MAX = 2000
HALF_LIFE_YEARS = 2.0  # a past assignment's vote halves every two years
PAST_LIMIT = 3000  # the most recent past suggestions of a region a proposal looks at
# The regions of a table whose past suggestions are indexed for similar-suggestion proposals
# (those of its oldest rows first): a county and its townships fit. A province's table spans
# some 800 regions, and building all their indexes took minutes and a gigabyte of memory in
# one request; the rows of the other regions are proposed from their category instead.
SIMILAR_REGIONS = 40


# --- reads ---


def pending(*, viewer: User, filters: dict) -> QuerySet[Suggestion]:
    """The accepted suggestions (待交办) the viewer may take to a meeting, oldest first."""
    qs = scoped(viewer).filter(status=S.ACCEPTED, handled_by__isnull=True)
    if filters.get("session"):
        qs = qs.filter(session_id=filters["session"])
    if filters.get("category"):
        qs = qs.filter(category_id=filters["category"])
    if filters.get("key") is not None:
        qs = qs.filter(is_key=filters["key"])
    return qs.select_related("category", "lead_deputy", "region").order_by("accepted_at", "id")


def _recency(at: datetime, now: datetime) -> float:
    return 0.5 ** (max((now - at).days, 0) / 365.25 / HALF_LIFE_YEARS)


def _past(region_code: str) -> tuple[list, dict]:
    """The region's past suggestions that had a lead unit who kept them (not returned), with
    their units: [(pk, text)] for the index and {pk: (title, lead, co ids, assigned_at)}."""
    leads = (
        Assignment.objects.filter(
            suggestion__region_id=region_code,
            role=Assignment.Role.LEAD,
            is_active=True,
            returned_at__isnull=True,
            unit__is_active=True,
        )
        .order_by("-assigned_at")
        .values_list("suggestion_id", "unit_id", "assigned_at", "suggestion__title")[:PAST_LIMIT]
    )
    info = {pk: [title, unit, [], at] for pk, unit, at, title in leads}
    cos = Assignment.objects.filter(
        suggestion_id__in=list(info), role=Assignment.Role.CO, returned_at__isnull=True
    ).values_list("suggestion_id", "unit_id")
    for pk, unit in cos:
        info[pk][2].append(unit)
    bodies = Suggestion.objects.filter(pk__in=list(info)).values_list("pk", "title", "body")
    documents = [(pk, f"{title} {title} {body}") for pk, title, body in bodies]
    return documents, info


INDEX_TTL = 7 * 24 * 3600


def _leads(codes) -> QuerySet:
    """The lead assignments `_past` reads, of these regions."""
    return Assignment.objects.filter(
        suggestion__region_id__in=list(codes),
        role=Assignment.Role.LEAD,
        is_active=True,
        returned_at__isnull=True,
        unit__is_active=True,
    )


def indexes_for(codes) -> dict[str, tuple[similarity.Index, dict]]:
    """Each region's past suggestions tokenised and weighted once (`similarity.Index`) with
    their units, kept in the cache until a lead assignment is added, returned or taken off (the
    key holds the count and latest id of the assignments `_past` reads). One query for the
    versions and one cache read whatever the number of regions; a region is built on a miss."""
    codes = sorted(set(codes))
    versions = {
        r["suggestion__region_id"]: (r["n"], r["last"])
        for r in _leads(codes).order_by().values("suggestion__region_id")
        .annotate(n=Count("id"), last=Max("id"))
    }  # fmt: skip
    keys = {c: "meetings:index:{}:{}:{}".format(c, *versions.get(c, (0, None))) for c in codes}
    found = cache.get_many(list(keys.values()))
    out = {}
    for code, key in keys.items():
        if key not in found:
            documents, info = _past(code)
            found[key] = (similarity.Index(documents), info)
            cache.set(key, found[key], INDEX_TTL)
        out[code] = found[key]
    return out


def _query_tokens(group: list[Suggestion]) -> dict[int, Counter]:
    """The words of each waiting suggestion, split once and kept (a table reloads often)."""
    keys = {s.pk: f"meetings:words:{s.pk}:{s.updated_at.timestamp()}" for s in group}
    found = cache.get_many(list(keys.values()))
    words, missing = {}, {}
    for s in group:
        counts = found.get(keys[s.pk])
        if counts is None:
            counts = missing[keys[s.pk]] = Counter(
                similarity.tokens(f"{s.title} {s.title} {s.body}")
            )
        words[s.pk] = counts
    if missing:
        cache.set_many(missing, INDEX_TTL)
    return words


def _by_category(codes) -> dict[str, dict[int, list[tuple[int, int]]]]:
    """Per region and category, the lead units most used there: {region: {category: [(unit,
    count)]}}, in one grouped query."""
    rows = (
        Assignment.objects.filter(
            suggestion__region_id__in=list(codes),
            role=Assignment.Role.LEAD,
            returned_at__isnull=True,
            unit__is_active=True,
        )
        .order_by()
        .values_list("suggestion__region_id", "suggestion__category_id", "unit_id")
        .annotate(n=Count("id"))
    )
    counts: dict[str, dict[int, Counter]] = defaultdict(lambda: defaultdict(Counter))
    for region, category, unit, n in rows:
        counts[region][category][unit] += n
    return {r: {c: counter.most_common(3) for c, counter in by.items()} for r, by in counts.items()}


def proposals(suggestions: list[Suggestion], *, now: datetime | None = None) -> dict[int, dict]:
    """{suggestion id: {lead, co, confidence, basis, reason}} for each suggestion that has a
    proposal: from similar past suggestions of its region (weighted by similarity and recency),
    else from the units most used for its category there (also for the rows of the regions
    beyond the first SIMILAR_REGIONS). One index per region; the queries
    do not grow with the number of regions (a township's table and a county's with its
    townships cost the same)."""
    now = now or timezone.now()
    out: dict[int, dict] = {}
    similar = set(list(dict.fromkeys(s.region_id for s in suggestions))[:SIMILAR_REGIONS])
    indexes = indexes_for(similar)
    words = _query_tokens([s for s in suggestions if s.region_id in similar])
    unmatched = []
    for s in suggestions:
        if s.region_id not in similar:
            unmatched.append(s)
            continue
        index, info = indexes[s.region_id]
        matches = [
            (score, _recency(info[pk][3], now), info[pk][1], info[pk][0], info[pk][2])
            for pk, score in index.rank_counts(words[s.pk], limit=8)
            if pk != s.pk
        ]
        found = similarity.suggest_units(matches)
        if found:
            out[s.pk] = {**found, "basis": "similar"}
        else:
            unmatched.append(s)
    categories = _by_category({s.region_id for s in unmatched}) if unmatched else {}
    for s in unmatched:
        used = categories.get(s.region_id, {}).get(s.category_id)
        if used:
            total = sum(n for _unit, n in used)
            unit, n = used[0]
            out[s.pk] = {
                "lead": unit,
                "co": [],
                "confidence": round(0.5 * n / total, 2),
                "basis": "category",
                "count": n,
            }
    unit_ids = {p["lead"] for p in out.values()} | {c for p in out.values() for c in p["co"]}
    names = dict(HandlingUnit.objects.filter(pk__in=unit_ids).values_list("pk", "name"))
    for s in suggestions:
        p = out.get(s.pk)
        if p:
            p["reason"] = _reason(s, p, names)
    return out


def _reason(s: Suggestion, proposal: dict, names: dict) -> str:
    unit = names.get(proposal["lead"], "")
    if proposal["basis"] == "similar":
        return _("相似建议《%(title)s》由%(unit)s主办") % {"title": proposal["title"], "unit": unit}
    return _("同类别（%(category)s）建议多由%(unit)s主办（%(n)s件）") % {
        "category": s.category.name,
        "unit": unit,
        "n": proposal["count"],
    }


def meeting_units(*, viewer: User, suggestions: list[Suggestion]) -> list[HandlingUnit]:
    """The units any of these suggestions may be assigned to (the viewer's region otherwise)."""
    prefixes = {s.region_id for s in suggestions} or {region_prefix(viewer) or ""}
    shortest = min(prefixes, key=len)
    return list(
        HandlingUnit.objects.filter(region__code__startswith=shortest, is_active=True)
        .select_related("region")
        .order_by("region_id", "name")
    )


def meeting_list(*, viewer: User, counted: bool = False) -> QuerySet[AssignmentMeeting]:
    """Meetings of the viewer's region subtree, newest first (`count`: suggestions assigned)."""
    q = scope_q(viewer, region="region__code")
    if q is None:
        return AssignmentMeeting.objects.none()
    qs = AssignmentMeeting.objects.filter(q).select_related("confirmed_by")
    if counted:
        qs = qs.annotate(
            count=Count(
                "assignments__suggestion", distinct=True, filter=Q(assignments__role="lead")
            )
        )
    # Explicit: an aggregate query does not take the model's default ordering.
    return qs.order_by("-held_on", "-id")


def meeting_get(*, viewer: User, pk: int) -> AssignmentMeeting:
    meeting = meeting_list(viewer=viewer).filter(pk=pk).first()
    if meeting is None:
        raise Http404(_("未找到该交办会，或您无权查看。"))
    return meeting


def meeting_rows(meeting: AssignmentMeeting) -> list[dict]:
    """The meeting's 交办清单: each suggestion with the units it gave it."""
    assignments = (
        Assignment.objects.filter(meeting=meeting)
        .select_related("unit", "suggestion__lead_deputy", "suggestion__category")
        .order_by("suggestion_id", "role", "id")
    )
    rows: dict[int, dict] = {}
    for a in assignments:
        s = a.suggestion
        row = rows.setdefault(
            s.pk,
            {
                "id": s.pk,
                "number": s.number,
                "title": s.title,
                "category": s.category.name,
                "lead_deputy": s.lead_deputy.name,
                "status": s.status,
                "status_display": s.get_status_display(),
                "lead_unit": "",
                "co_units": [],
                "reply_due": None,
                "broad_scope": s.broad_scope,
            },
        )
        if a.role == Assignment.Role.LEAD:
            row["lead_unit"], row["reply_due"] = a.unit.name, a.reply_due
        else:
            row["co_units"].append(a.unit.name)
    return list(rows.values())


# --- the confirmation ---


def _meeting_region(actor: User, suggestions: list[Suggestion]) -> str:
    if actor.role == Role.STAFF and actor.region_id:
        return actor.region_id
    codes = [s.region_id for s in suggestions]
    common = min(codes, key=len)
    while common and not all(c.startswith(common) for c in codes):
        common = common[:-1]
    while common and not Region.objects.filter(pk=common).exists():
        common = common[:-1]
    return common


def _check_header(title: str, held_on, note: str) -> dict:
    errors = {}
    if not (title or "").strip():
        errors["title"] = [_("请填写会议名称。")]
    elif len(title.strip()) > TITLE_MAX:
        errors["title"] = [_("会议名称不能超过120字。")]
    if not isinstance(held_on, date):
        errors["held_on"] = [_("请填写会议日期。")]
    elif held_on > timezone.localdate():
        errors["held_on"] = [_("会议日期不能晚于今天。")]
    if len(note or "") > NOTE_MAX:
        errors["note"] = [_("说明不能超过2000字。")]
    return errors


@transaction.atomic
def meeting_confirm(
    *,
    actor: User,
    title: str,
    held_on: date,
    rows: list[dict],
    note: str = "",
) -> AssignmentMeeting:
    """Assign every row ({suggestion, lead_unit, co_units, broad_scope}) at once: one meeting,
    one history row per suggestion, one notice per unit listing its suggestions. All or
    nothing: any bad row is a 400 naming `rows[i].<field>`, and nothing is stored."""
    errors = _check_header(title, held_on, note)
    if not rows:
        errors["rows"] = [_("请至少勾选一条建议。")]
    ids = [r.get("suggestion") for r in rows]
    if len(set(ids)) != len(ids):
        errors["rows"] = [_("同一条建议不能重复交办。")]
    # Locked together, in id order, so two meetings confirming the same rows queue up.
    locked = {
        s.pk: s
        for s in scoped(actor)
        .filter(pk__in=ids)
        .select_for_update(of=("self",))
        .select_related("region", "lead_deputy")
        .order_by("pk")
    }
    if set(ids) - set(locked):
        raise Http404(_("未找到该建议，或您无权查看。"))
    cleaned = []
    for r in rows:
        s = locked[r["suggestion"]]
        co = clean_co_units(r["lead_unit"], r.get("co_units") or []) if r["lead_unit"] else []
        cleaned.append((s, r, co))
    units = active_units({u for _s, r, co in cleaned for u in [r["lead_unit"], *co] if u})
    table_rows = {}
    for i, (s, r, co) in enumerate(cleaned):
        if s.status != S.ACCEPTED or s.handled_by_id:
            errors[f"rows[{i}].suggestion"] = [
                _("《%(title)s》当前为“%(status)s”，不能交办。")
                % {"title": s.title, "status": s.get_status_display()}
            ]
            continue
        try:
            table_rows[s.pk] = workflow.check(s, "assign", actor)
        except ApplicationError as e:
            errors[f"rows[{i}].suggestion"] = [str(e.message)]
            continue
        for field, messages in unit_errors(s, r["lead_unit"], co, units).items():
            errors[f"rows[{i}].{field}"] = messages
    if errors:
        raise invalid(errors)
    at = timezone.now()
    meeting = model_create(
        AssignmentMeeting(
            region_id=_meeting_region(actor, list(locked.values())),
            title=title.strip(),
            held_on=held_on,
            note=(note or "").strip(),
            confirmed_by=actor,
            confirmed_at=at,
        )
    )
    prefix = _("专会交办：%(title)s；") % {"title": meeting.title}
    per_unit = _assign_all(cleaned, table_rows, actor, units=units, at=at, meeting=meeting,
                           prefix=prefix)  # fmt: skip
    _tell_units(meeting, per_unit)
    meeting.warnings = per_unit.warnings
    return meeting


class _PerUnit(dict):
    warnings: list


def _assign_all(cleaned, table_rows, actor, *, units, at, meeting, prefix) -> _PerUnit:
    """What `assign_locked` does for one suggestion, for all of them in a few bulk writes,
    every row audited: the old units off, the new assignments with their stored deadlines
    (`deadlines_of`, computed once per role and scope), the suggestions' fields and one history
    row each. Returns {unit id: [(suggestion, assignment)]} and the calendar's warnings."""
    cal, cache = Calendar(), {}
    ids = [s.pk for s, _r, _co in cleaned]
    old = list(
        Assignment.objects.filter(suggestion_id__in=ids, is_active=True).values_list(
            "pk", flat=True
        )
    )
    if old:
        Assignment.objects.filter(pk__in=old).update(is_active=False)
        audit.record_many(
            [
                {"action": AuditLog.Action.UPDATE, "model": Assignment._meta.label,
                 "object_pk": pk, "object_repr": _("重新交办"),
                 "before": {"is_active": True}, "after": {"is_active": False}}
                for pk in old
            ]
        )  # fmt: skip
    made, per_suggestion = [], {}
    for s, r, co in cleaned:
        rows = new_assignments(s, r["lead_unit"], co, actor=actor, at=at, meeting=meeting,
                               broad_scope=bool(r.get("broad_scope")), cal=cal, cache=cache)  # fmt: skip
        per_suggestion[s.pk] = rows
        made += rows
    Assignment.objects.bulk_create(made, batch_size=500)
    audit.created_many(made)
    changed, history = [], []
    fields = ["broad_scope", "assigned_at", "reply_due", "round", "status", "updated_at"]
    for s, r, _co in cleaned:
        rows = per_suggestion[s.pk]
        before, from_status = audit.snapshot(s), s.status
        s.broad_scope, s.assigned_at, s.reply_due = (
            bool(r.get("broad_scope")),
            at,
            rows[0].reply_due,
        )
        s.round, s.status, s.updated_at = 1, S.ASSIGNED, at
        changed.append((s, before))
        note = assignment_note(rows, units)
        history.append(
            History(
                suggestion=s,
                action=table_rows[s.pk].action,
                from_status=from_status,
                to_status=s.status,
                actor=actor,
                actor_name=str(actor),
                at=timezone.now(),
                note=f"{prefix}{note}",
            )
        )
    # The same values for every row but broad_scope (and its reply_due): one UPDATE per kind,
    # not bulk_update's CASE per row and column (seconds for 500 rows).
    same = defaultdict(list)
    for s, _b in changed:
        same[tuple(getattr(s, f) for f in fields)].append(s.pk)
    for values, pks in same.items():
        Suggestion.objects.filter(pk__in=pks).update(**dict(zip(fields, values, strict=True)))
    audit.updated_many(changed)
    History.objects.bulk_create(history, batch_size=500)
    audit.created_many(history)
    per_unit = _PerUnit()
    for a in made:
        per_unit.setdefault(a.unit_id, []).append((a.suggestion, a))
    per_unit.warnings = cal.warnings
    return per_unit


def _tell_units(meeting: AssignmentMeeting, per_unit: dict) -> None:
    """One notice per unit, listing what the meeting gave it (not one per suggestion)."""
    users = defaultdict(list)
    for user in unit_users(list(per_unit)):
        users[user.handling_unit_id].append(user)
    for unit_id, given in per_unit.items():
        if not users.get(unit_id):
            continue
        lines = [
            _("%(i)d. 《%(title)s》（%(role)s，%(due)s）")
            % {
                "i": i,
                "title": s.title,
                "role": a.get_role_display(),
                "due": _("答复期限%(due)s") % {"due": a.reply_due}
                if a.reply_due
                else _("协办意见期限%(due)s") % {"due": a.opinion_due},
            }
            for i, (s, a) in enumerate(given, 1)
        ]
        notify(
            recipients=users[unit_id],
            title=_("%(meeting)s交办建议%(n)s件") % {"meeting": meeting.title, "n": len(given)},
            body=_("请在3个工作日内签收：") + "\n" + "\n".join(lines),
            link="/suggestions/inbox/",
            kind="suggestion.assigned",
        )
