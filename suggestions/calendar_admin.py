"""The working-day calendar page 工作日安排: which years are covered (by the chinese-calendar
package, by a complete schedule entered here = WorkdayYear, or not at all: Monday–Friday with a
warning), the override days of each year, and entering a year's official schedule. The calendar
is national: admins and provincial staff edit it, everyone on the suggestion board reads it.

A change of the calendar recomputes the open deadlines it changes (`recompute`): the stored
deadlines of open suggestions and their active assignments that were computed on the fallback
or fall in a changed year are computed again from their start dates; where a date moves, it is
updated (audited), the suggestion gets a history row and the units concerned a notice."""

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from congress.errors import ApplicationError, invalid
from congress.jobs import Kind, Outcome
from congress.models import Role, User
from congress.notifications import notify
from congress.services import model_create, model_delete, model_update
from suggestions.limits import assign_due_for, review_due_for
from suggestions.models import (
    Assignment,
    ExtensionRequest,
    Rating,
    Status,
    Suggestion,
    WorkdayOverride,
    WorkdayYear,
)
from suggestions.policy import policy_for
from suggestions.services.assignment import (
    CO_OPINION_MONTHS,
    REPLY_MONTHS,
    REPLY_MONTHS_BROAD,
    RETURN_WORKDAYS,
    SIGN_WORKDAYS,
)
from suggestions.services.common import history, tell, unit_users
from suggestions.workdays import Calendar, entered_years, package_covers

OPEN = [Status.SUBMITTED, Status.ACCEPTED, Status.ASSIGNED, Status.SIGNED, Status.REHANDLING]
HANDLING = [Status.ASSIGNED, Status.SIGNED, Status.REHANDLING]
# A line in Chinese ("2027-01-01~2027-01-03 休 元旦", "2027-02-06 班") or in English
# ("2027-01-01 to 2027-01-03 off New Year", "2027-02-06 work"): the English interface says so.
LINE = re.compile(
    r"^\s*(\d{4}-\d{1,2}-\d{1,2})\s*(?:(?:[~～至到—\-]{1,2}|to\b)\s*(\d{4}-\d{1,2}-\d{1,2}))?"
    r"\s*(休|班|放假|上班|休息|工作日|off\b|holiday\b|rest\b|workday\b|work\b)?\s*(.*)$",
    re.IGNORECASE,
)
WORK_WORDS = {"班", "上班", "工作日", "work", "workday"}
MAX_RANGE = 31


def can_edit(user: User) -> bool:
    """The calendar is national: only admins and provincial staff change it."""
    return bool(
        user.is_authenticated
        and (
            user.is_admin
            or (user.role == Role.STAFF and user.region_id and len(user.region_id) == 2)
        )
    )


def _refuse_unless_editor(user: User) -> None:
    if not can_edit(user):
        raise ApplicationError(
            _("工作日安排全国统一，只有系统管理员和省级人大机关工作人员可以修改。"),
            code="forbidden",
            status=403,
        )


def year_overview(today: date) -> list[dict]:
    """Last year to two years ahead, and every year with entries: how each is covered."""
    entered = {y.year: y for y in WorkdayYear.objects.select_related("entered_by")}
    counts: dict[int, int] = {}
    for day in WorkdayOverride.objects.values_list("date", flat=True):
        counts[day.year] = counts.get(day.year, 0) + 1
    years = sorted({today.year - 1, today.year, today.year + 1, today.year + 2, *entered, *counts})
    rows = []
    for year in years:
        if package_covers(year):
            coverage = "package"
        elif year in entered:
            coverage = "entered"
        else:
            coverage = "partial" if counts.get(year) else "none"
        row = entered.get(year)
        rows.append(
            {
                "year": year,
                "coverage": coverage,
                "overrides": counts.get(year, 0),
                "source": row.source if row else "",
                "entered_by": str(row.entered_by) if row and row.entered_by_id else "",
                "entered_at": row.entered_at.isoformat() if row else None,
            }
        )
    return rows


def overrides(year: int) -> list[WorkdayOverride]:
    return list(WorkdayOverride.objects.filter(date__year=year).order_by("date"))


def parse_schedule(text: str, year: int) -> dict[date, tuple[bool, str]]:
    """ "2027-01-01~2027-01-03 休 元旦" / "2027-02-06 班" lines → {day: (is_workday, note)};
    a 400 naming the bad lines (all of them), nothing stored."""
    days: dict[date, tuple[bool, str]] = {}
    problems = []
    lines = [(i, line.strip()) for i, line in enumerate((text or "").splitlines(), start=1)]
    lines = [(i, line) for i, line in lines if line and not line.startswith("#")]
    if not lines:
        raise invalid(
            "text",
            _("请每行填写一个日期或日期范围，例如“%(y)d-01-01~%(y)d-01-03 休 元旦”。")
            % {"y": year},
        )
    for number, line in lines:
        match = LINE.match(line)
        if not match or not match.group(3):
            problems.append(
                _("第%(n)d行“%(line)s”：格式应为“日期[~日期] 休/班 [说明]”。")
                % {"n": number, "line": line[:40]}
            )
            continue
        try:
            start = date.fromisoformat(_iso(match.group(1)))
            end = date.fromisoformat(_iso(match.group(2))) if match.group(2) else start
        except ValueError:
            problems.append(_("第%(n)d行：日期无效。") % {"n": number})
            continue
        if end < start or (end - start).days >= MAX_RANGE:
            problems.append(
                _("第%(n)d行：日期范围不正确（须从早到晚，且不超过31天）。") % {"n": number}
            )
            continue
        if start.year != year or end.year != year:
            problems.append(_("第%(n)d行：日期须在%(y)d年内。") % {"n": number, "y": year})
            continue
        is_workday = match.group(3).lower() in WORK_WORDS
        note = match.group(4).strip()[:60]
        day = start
        while day <= end:
            if day in days and days[day][0] != is_workday:
                problems.append(_("第%(n)d行：%(d)s与前面的行矛盾。") % {"n": number, "d": day})
            days[day] = (is_workday, note)
            day += timedelta(days=1)
    if problems:
        raise invalid({"text": problems})
    return days


def _iso(raw: str) -> str:
    y, m, d = raw.split("-")
    return f"{int(y):04d}-{int(m):02d}-{int(d):02d}"


@dataclass
class Recomputed:
    suggestions: int = 0
    assignments: int = 0
    changes: list[str] = field(default_factory=list)
    by_unit: dict = field(default_factory=dict)  # unit id → [(suggestion, note)] to tell
    pending: int = 0  # too many to recompute in the request: run the job calendar_recompute
    years: list[int] = field(default_factory=list)


INLINE_LIMIT = 100  # recomputed within the request (~18 ms each; 10k take 3 minutes: a job)


def after_change(*, actor: User, years: set[int]) -> Recomputed:
    """Recompute now when few deadlines may move; else leave it to the job (the page starts
    it at once: `pending` says how many suggestions it will look at)."""
    count = candidates(years).count()
    if count > INLINE_LIMIT:
        return Recomputed(pending=count, years=sorted(years))
    done = recompute(actor=actor, years=years)
    done.years = sorted(years)
    return done


@transaction.atomic
def year_enter(*, actor: User, year: int, text: str, source: str = "") -> Recomputed:
    """录入全年安排: the year's holidays and make-up working days replace its override days, the
    year counts as covered (WorkdayYear), and the open deadlines it changes are recomputed."""
    _refuse_unless_editor(actor)
    if not 2000 <= year <= 2100:
        raise invalid("year", _("请填写有效的年度。"))
    if package_covers(year):
        raise invalid("year", _("%(y)d年的安排已由系统日历收录，无需录入。") % {"y": year})
    days = parse_schedule(text, year)
    if len(source) > 200:
        raise invalid("source", _("依据不超过200个字。"))
    for row in WorkdayOverride.objects.select_for_update().filter(date__year=year):
        if row.date not in days or days[row.date][0] != row.is_workday:
            model_delete(row)
        else:
            days.pop(row.date)
    for day, (is_workday, note) in sorted(days.items()):
        model_create(WorkdayOverride(date=day, is_workday=is_workday, note=note))
    entry = WorkdayYear.objects.select_for_update().filter(year=year).first()
    if entry is None:
        model_create(WorkdayYear(year=year, entered_by=actor, source=source.strip()))
    else:
        model_update(
            instance=entry,
            fields=["entered_by", "source"],
            data={"entered_by": actor, "source": source.strip()},
        )
    return after_change(actor=actor, years={year})


@transaction.atomic
def year_forget(*, actor: User, year: int) -> Recomputed:
    """The year is no longer taken as entered in full (its override days stay)."""
    _refuse_unless_editor(actor)
    entry = WorkdayYear.objects.select_for_update().filter(year=year).first()
    if entry is None:
        raise invalid("year", _("%(y)d年未录入全年安排。") % {"y": year})
    model_delete(entry)
    return after_change(actor=actor, years={year})


@transaction.atomic
def override_add(*, actor: User, day: date, is_workday: bool, note: str = "") -> Recomputed:
    _refuse_unless_editor(actor)
    if package_covers(day.year):
        raise invalid("date", _("%(y)d年的安排已由系统日历收录，无需调整。") % {"y": day.year})
    if len(note) > 60:
        raise invalid("note", _("说明不超过60个字。"))
    if WorkdayOverride.objects.filter(date=day).exists():
        raise invalid("date", _("这一天已有调整，请先删除。"))
    model_create(WorkdayOverride(date=day, is_workday=is_workday, note=note.strip()))
    return after_change(actor=actor, years={day.year})


@transaction.atomic
def override_remove(*, actor: User, pk: int) -> Recomputed:
    _refuse_unless_editor(actor)
    row = WorkdayOverride.objects.select_for_update().filter(pk=pk).first()
    if row is None:
        raise invalid("id", _("没有这条调整。"))
    year = row.date.year
    model_delete(row)
    return after_change(actor=actor, years={year})


# --- Recomputing the open deadlines -------------------------------------------------------


def _day(at) -> date | None:
    return timezone.localdate(at) if at else None


def _in_years(*days, years) -> bool:
    return any(d and d.year in years for d in days)


def _assignment_dates(a: Assignment, s: Suggestion, cal: Calendar, rehandle_from) -> dict:
    start = _day(a.assigned_at)
    new = {
        "sign_due": cal.add_workdays(start, SIGN_WORKDAYS),
        "return_until": cal.add_workdays(start, RETURN_WORKDAYS),
    }
    rehandling = s.status == Status.REHANDLING
    if a.role == Assignment.Role.LEAD and not rehandling:
        due = cal.month_deadline(start, REPLY_MONTHS_BROAD if s.broad_scope else REPLY_MONTHS)
        for ext in a.extensions.all():
            if ext.decision == ExtensionRequest.Decision.APPROVED:
                due = cal.month_deadline(due, ext.months)
        new["reply_due"] = due
    elif a.role != Assignment.Role.LEAD:
        new["opinion_due"] = cal.month_deadline(start, CO_OPINION_MONTHS)
    if rehandling and a.rehandle_due and rehandle_from:
        # 重新办理: the rating service set both to the re-handling deadline
        months = policy_for(s.handled_by_id or s.region_id).rehandle_months
        new["rehandle_due"] = cal.month_deadline(rehandle_from, months)
        if a.role == Assignment.Role.LEAD:
            new["reply_due"] = new["rehandle_due"]
    return new


def candidates(years: set[int]):
    """Open suggestions with a deadline on the fallback or in one of the years."""
    in_year = Q()
    for year in years:
        in_year |= (
            Q(reply_due__year=year)
            | Q(review_due__year=year)
            | Q(assign_due__year=year)
            | Q(assignments__is_active=True, assignments__sign_due__year=year)
            | Q(assignments__is_active=True, assignments__return_until__year=year)
            | Q(assignments__is_active=True, assignments__reply_due__year=year)
            | Q(assignments__is_active=True, assignments__opinion_due__year=year)
            | Q(assignments__is_active=True, assignments__rehandle_due__year=year)
        )
    fallback = Q(due_fallback=True) | Q(
        assignments__is_active=True, assignments__deadlines_fallback=True
    )
    ids = Suggestion.objects.filter(status__in=OPEN).filter(in_year | fallback).values("pk")
    return (
        Suggestion.objects.filter(pk__in=ids)
        .select_related("region")
        .prefetch_related("assignments__extensions", "assignments__unit")
        .order_by("pk")
    )


def recompute(*, actor: User | None, years: set[int], progress=None) -> Recomputed:
    """Compute the open deadlines again on the calendar as it is now; store what moved."""
    done = Recomputed()
    base = Calendar()
    rows = candidates(years)
    total = rows.count() if progress else 0
    for i, s in enumerate(rows.iterator(chunk_size=500)):
        _recompute_one(s, actor, years, done, base)
        if progress and i % 200 == 0:
            progress(
                min(95, int(i * 95 / max(total, 1))),
                _("正在重算第%(i)d/%(n)d件建议的期限") % {"i": i, "n": total},
            )
    tell_units(done)
    return done


def _rehandle_from(s: Suggestion) -> date | None:
    rating = (
        Rating.objects.filter(reply__suggestion=s, deputy_id=s.lead_deputy_id)
        .order_by("-rated_at")
        .first()
    )
    return _day(rating.rated_at) if rating else None


UNIT_LABELS = {
    "opinion_due": _lazy("协办意见期限"),
    "sign_due": _lazy("签收期限"),
    "return_until": _lazy("可退回期限"),
}
OWN_LABELS = {
    "reply_due": _lazy("答复期限"),
    "review_due": _lazy("审查期限"),
    "assign_due": _lazy("交办期限"),
}


def _moved_assignments(s, active, years, base, rehandle_from, done) -> tuple[list[str], set[int]]:
    """Recompute the active assignments' deadlines; what moved (the lead's reply deadline is
    told as the suggestion's own) and the units concerned."""
    moved, units = [], set()
    for a in active if s.status in HANDLING else []:
        dates = (a.sign_due, a.return_until, a.reply_due, a.opinion_due, a.rehandle_due)
        if not (a.deadlines_fallback or _in_years(*dates, years=years)):
            continue
        cal = base.fresh()
        new = _assignment_dates(a, s, cal, rehandle_from)
        new["deadlines_fallback"] = cal.fallback
        data = {k: v for k, v in new.items() if getattr(a, k) != v}
        if not data:
            continue
        for key, label in UNIT_LABELS.items():
            if key in data:
                moved.append(
                    _("%(unit)s%(what)s由%(old)s调整为%(new)s")
                    % {"unit": a.unit.name, "what": label, "old": getattr(a, key), "new": data[key]}
                )
        if "rehandle_due" in data:
            moved.append(
                _("重新办理期限由%(old)s调整为%(new)s")
                % {"old": a.rehandle_due, "new": data["rehandle_due"]}
            )
        model_update(instance=a, fields=list(data), data=data)
        done.assignments += 1
        if set(data) - {"deadlines_fallback"}:
            units.add(a.unit_id)
    return moved, units


def _own_changes(s, lead, years, base, rehandle_from) -> dict:
    """The suggestion's own deadlines: the lead unit's, or its review and assignment limits."""
    changes: dict = {}
    if s.status in HANDLING and lead is not None:
        target = lead.reply_due
        if s.status == Status.REHANDLING:
            target = lead.rehandle_due or s.reply_due
            if (
                not lead.rehandle_due
                and rehandle_from
                and (s.due_fallback or _in_years(s.reply_due, years=years))
            ):
                cal = base.fresh()
                months = policy_for(s.handled_by_id or s.region_id).rehandle_months
                target = cal.month_deadline(rehandle_from, months)
                changes["due_fallback"] = cal.fallback
        if target:
            changes["reply_due"] = target
    limits = {
        Status.SUBMITTED: ("review_due", s.submitted_at, review_due_for),
        Status.ACCEPTED: ("assign_due", s.accepted_at, assign_due_for),
    }
    if s.status in limits:
        key, start, compute = limits[s.status]
        if (
            getattr(s, key)
            and start
            and (s.due_fallback or _in_years(getattr(s, key), years=years))
        ):
            cal = base.fresh()
            changes[key] = compute(s, _day(start), cal)
            changes["due_fallback"] = cal.fallback
    return {k: v for k, v in changes.items() if getattr(s, k) != v}


def _recompute_one(s: Suggestion, actor, years: set[int], done: Recomputed, base: Calendar) -> None:
    active = [a for a in s.assignments.all() if a.is_active]
    rehandle_from = _rehandle_from(s) if s.status == Status.REHANDLING else None
    moved, units = _moved_assignments(s, active, years, base, rehandle_from, done)
    lead = next((a for a in active if a.role == Assignment.Role.LEAD), None)
    s_changes = _own_changes(s, lead, years, base, rehandle_from)
    own = [
        _("%(what)s由%(old)s调整为%(new)s")
        % {"what": label, "old": getattr(s, key), "new": s_changes[key]}
        for key, label in OWN_LABELS.items()
        if key in s_changes
    ]
    moved = own + moved
    if lead is not None and "reply_due" in s_changes:
        units.add(lead.unit_id)
    if s_changes:
        model_update(instance=s, fields=list(s_changes), data=s_changes)
    if not moved:
        return
    done.suggestions += 1
    note = _("工作日安排调整，%(what)s") % {"what": "；".join(moved)}
    if len(done.changes) < 20:
        done.changes.append(f"{s.title}：{note}")
    history(s, "calendar_adjust", s.status, actor, note)
    for unit_id in units:
        done.by_unit.setdefault(unit_id, []).append((s, note))


ONE_BY_ONE = 3  # a unit with more changed suggestions than this gets one notice for all


def tell_units(done: Recomputed) -> None:
    """The units concerned are told: each changed suggestion, or one notice listing them."""
    users = {}
    for user in unit_users(list(done.by_unit)):
        users.setdefault(user.handling_unit_id, []).append(user)
    for unit_id, items in done.by_unit.items():
        if len(items) <= ONE_BY_ONE:
            for s, note in items:
                tell(
                    users.get(unit_id, []),
                    s,
                    _("工作日安排调整，建议期限有变化：%(title)s") % {"title": s.title},
                    note,
                    kind="suggestion.calendar",
                )
            continue
        notify(
            recipients=users.get(unit_id, []),
            title=_("工作日安排调整，%(n)d件建议的期限有变化") % {"n": len(items)},
            body="\n".join(f"{s.title}：{note}" for s, note in items[:20]),
            link="/suggestions/inbox/",
            kind="suggestion.calendar",
        )


def known_years() -> set[int]:
    return entered_years()


# --- The job: many deadlines to recompute (congress/jobs; registered in suggestions/jobs.py) ---


def _job_prepare(request, values: dict, upload) -> dict:
    _refuse_unless_editor(request.user)
    raw = values.get("years")
    years = raw if isinstance(raw, list) else [raw]
    if not years or not all(str(y).isdigit() and 2000 <= int(y) <= 2100 for y in years):
        raise invalid("years", _("请填写有效的年度。"))
    return {"years": sorted({int(y) for y in years})}


def _job_run(job, progress) -> Outcome:
    done = recompute(actor=job.owner, years=set(job.params["years"]), progress=progress)
    return Outcome(
        result={
            "suggestions": done.suggestions,
            "assignments": done.assignments,
            "changes": done.changes,
            "years": job.params["years"],
        }
    )


JOB_KINDS = [
    Kind(
        name="calendar_recompute",
        label=_lazy("工作日安排调整后重算期限"),
        permission="suggestion.board",
        prepare=_job_prepare,
        run=_job_run,
    )
]
