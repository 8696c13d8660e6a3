"""The rules page 建议办理规则: what a region's staff read (the rules in force, their own or the
ones inherited from above, and from which region) and write (their own region's rules: created
on first save, "恢复为继承上级" deletes them), with the review stages 三审 of the region. The
review stages' view on a suggestion's page (`stage_view`) lives here too.

Editing the stages while suggestions are under review (`in_review`): they keep the number of
stages they have passed; one past the new last stage waits at the last stage (never accepted by
the edit), and each whose current stage changes gets a history row 审查环节调整."""

from django.db import transaction
from django.db.models import CharField
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from congress.errors import ApplicationError, invalid
from congress.models import Region, Role, User
from congress.scope import region_prefix
from congress.services import model_create, model_delete, model_update
from suggestions.models import RegionPolicy, ReviewStage, Status, Suggestion
from suggestions.policy import policy_for, policy_owner
from suggestions.services.common import history, tell
from suggestions.services.review import (
    current_stage,
    may_review_stage,
    review_stages,
    stage_outcomes,
    stage_reviewers,
)

# The editable fields, in the page's order, grouped; help where the model has none.
GROUPS = [
    (gettext_lazy("交办前时限"), ["review_workdays", "assign_workdays", "session_assign_workdays"]),
    (
        gettext_lazy("逾期提醒与督办"),
        ["overdue_daily_to_unit", "digest_weekday", "escalate_after_days", "escalate_to"],
    ),
    (
        gettext_lazy("无人测评的答复"),
        ["unrated_remind_days", "unrated_after_days", "unrated_outcome"],
    ),
    (gettext_lazy("测评不满意"), ["attitude_unsatisfied", "rehandle_months"]),
]
FIELDS = [name for _group, names in GROUPS for name in names]
HELP = {
    "session_assign_workdays": gettext_lazy("大会期间提出的建议，审查通过后须在此期限内交办。"),
    "overdue_daily_to_unit": gettext_lazy("答复逾期后每个工作日提醒承办单位一次。"),
    "digest_weekday": gettext_lazy("1为星期一……7为星期日；0为不发送每周汇总。"),
    "escalate_after_days": gettext_lazy("逾期达到该天数时提请督办领导督办。"),
    "unrated_remind_days": gettext_lazy("答复后满该天数仍无人测评，提醒领衔代表测评。"),
    "unrated_after_days": gettext_lazy(
        "须大于提醒天数；满该天数仍未测评记为“未测评”，不视为满意。"
    ),
    "unrated_outcome": gettext_lazy("记为“未测评”后办结，或保持待测评。"),
    "attitude_unsatisfied": gettext_lazy("代表对办理态度不满意时的处理。"),
    "rehandle_months": gettext_lazy("1至3个月。"),
}
LIMITS = {  # (min, max) of the numbers
    "review_workdays": (1, 60),
    "assign_workdays": (1, 60),
    "session_assign_workdays": (1, 90),
    "digest_weekday": (0, 7),
    "escalate_after_days": (0, 365),
    "unrated_remind_days": (1, 365),
    "unrated_after_days": (1, 730),
    "rehandle_months": (1, 3),
}
MAX_STAGES = 6


def rules_region(viewer: User, code: str | None) -> Region:
    """The region asked about (the viewer's own by default), 404 outside the viewer's scope."""
    prefix = region_prefix(viewer)
    code = code or (viewer.region_id if viewer.region_id else "43")
    if prefix is None or not code.startswith(prefix):
        raise Http404(_("未找到该记录，或您无权查看。"))
    region = Region.objects.filter(code=code).first()
    if region is None:
        raise Http404(_("未找到该记录，或您无权查看。"))
    return region


def can_edit(viewer: User, region: Region) -> bool:
    """Staff edit their own region's rules (admins any region's); leaders only read."""
    return viewer.is_admin or (viewer.role == Role.STAFF and viewer.region_id == region.code)


def field_specs() -> list[dict]:
    """Each field with its Chinese label, help, kind and bounds, grouped as the page shows it."""
    specs = []
    for group, names in GROUPS:
        for name in names:
            f = RegionPolicy._meta.get_field(name)
            kind = (
                "bool"
                if f.get_internal_type() == "BooleanField"
                else "choice"
                if f.choices
                else "user"
                if f.is_relation
                else "int"
            )
            low, high = LIMITS.get(name, (None, None))
            specs.append(
                {
                    "name": name,
                    "group": str(group),
                    "label": str(f.verbose_name),
                    "help": str(HELP.get(name) or f.help_text or ""),
                    "kind": kind,
                    "min": low,
                    "max": high,
                    "default": None if f.is_relation else f.default,
                    "choices": [{"value": v, "label": str(lbl)} for v, lbl in f.choices or []],
                }
            )
    return specs


def _user_out(user: User | None) -> dict | None:
    return {"id": user.pk, "name": user.display_name, "role": user.role} if user else None


def stage_out(stage: ReviewStage) -> dict:
    return {
        "order": stage.order,
        "name": stage.name,
        "reviewer": stage.reviewer,
        "reviewer_display": str(stage.get_reviewer_display()),
        "reviewers": [_user_out(u) for u in stage.reviewers.all()],
    }


def rules_view(viewer: User, region: Region) -> dict:
    policy = policy_for(region)
    owner = policy_owner(region)
    owner_region = Region.objects.filter(code=owner).first() if owner else None
    values = {name: getattr(policy, name) for name in FIELDS if name != "escalate_to"}
    values["escalate_to"] = policy.escalate_to_id
    return {
        "region": {"code": region.code, "name": region.name},
        "owner": {"code": owner_region.code, "name": owner_region.name} if owner_region else None,
        "own": owner == region.code,
        "can_edit": can_edit(viewer, region),
        "values": values,
        "escalate_to": _user_out(policy.escalate_to) if policy.escalate_to_id else None,
        "stages": [] if policy._state.adding else [stage_out(s) for s in policy.stages.all()],
        "updated_by": str(policy.updated_by) if policy.updated_by_id else "",
        "updated_at": None if policy._state.adding else policy.updated_at.isoformat(),
        "in_review": in_review_counts(region),
        "fields": field_specs(),
        "reviewer_kinds": [
            {"value": v, "label": str(lbl)} for v, lbl in ReviewStage.Reviewer.choices
        ],
    }


def in_review(region: Region):
    """The submitted suggestions (locked by the caller if it writes) that the region's own
    review stages govern, or would once it has rules of its own: handled at the region or
    below, where no nearer level has rules of its own."""
    owners = set(
        RegionPolicy.objects.filter(region__code__startswith=region.code).values_list(
            "region_id", flat=True
        )
    ) | {region.code}
    qs = Suggestion.objects.filter(status=Status.SUBMITTED).annotate(
        level=Coalesce("handled_by", "region", output_field=CharField())
    )
    qs = qs.filter(level__startswith=region.code)
    levels = set(qs.values_list("level", flat=True).distinct().order_by())
    governed = [
        lv for lv in levels if next(c for c in _ancestors_of(lv) if c in owners) == region.code
    ]
    return qs.filter(level__in=governed)


def in_review_counts(region: Region) -> dict:
    """For the page's warning: suggestions under review by these rules, and how many of them
    have passed some stages already (mid-review)."""
    qs = in_review(region)
    return {"total": qs.count(), "mid": qs.filter(review_stage__gt=0).count()}


def _ancestors_of(code: str) -> list[str]:
    return [code[:n] for n in (12, 9, 6, 4, 2) if n <= len(code)]


def _above_or_here(code: str) -> list[str]:
    return [code[:n] for n in (12, 9, 6, 4, 2) if n <= len(code)]


def people(region: Region) -> list[dict]:
    """Who may be named: leaders (督办领导, 主任会议) and staff of the region or above."""
    rows = User.objects.filter(
        is_active=True,
        role__in=[Role.SUPERVISOR, Role.STAFF],
        region_id__in=_above_or_here(region.code),
    ).order_by("role", "region_id", "name")
    return [
        {**_user_out(u), "region": u.region_id, "role_display": str(u.get_role_display())}
        for u in rows
    ]


def _int(errors: dict, data: dict, name: str):
    value = data.get(name)
    low, high = LIMITS[name]
    try:
        number = int(value)
        if isinstance(value, bool) or str(number) != str(value).strip():
            raise ValueError
    except (TypeError, ValueError):
        errors[name] = [_("请填写整数。")]
        return None
    if not low <= number <= high:
        errors[name] = [_("须在%(low)d至%(high)d之间。") % {"low": low, "high": high}]
        return None
    return number


def _clean(region: Region, data: dict) -> tuple[dict, list[dict]]:
    """The policy's values and its stages, checked: a 400 naming every bad field."""
    errors: dict[str, list[str]] = {}
    values: dict = {}
    for name in FIELDS:
        f = RegionPolicy._meta.get_field(name)
        if name not in data:
            errors[name] = [_("请填写此项。")]
        elif name == "escalate_to":
            continue
        elif f.get_internal_type() == "BooleanField":
            if not isinstance(data[name], bool):
                errors[name] = [_("请选择是或否。")]
            else:
                values[name] = data[name]
        elif f.choices:
            if data[name] not in {v for v, _lbl in f.choices}:
                errors[name] = [_("请从列表中选择。")]
            else:
                values[name] = data[name]
        else:
            number = _int(errors, data, name)
            if number is not None:
                values[name] = number
    if (
        "unrated_after_days" in values
        and "unrated_remind_days" in values
        and values["unrated_after_days"] <= values["unrated_remind_days"]
    ):
        errors["unrated_after_days"] = [_("记为“未测评”的天数须大于提醒的天数。")]
    leader_id = data.get("escalate_to")
    if leader_id in (None, ""):
        values["escalate_to"] = None
    else:
        leader = User.objects.filter(
            pk=leader_id if str(leader_id).isdigit() else 0,
            role=Role.SUPERVISOR,
            is_active=True,
            region_id__in=_above_or_here(region.code),
        ).first()
        if leader is None:
            errors["escalate_to"] = [_("督办领导须为本级或上级人大常委会领导。")]
        values["escalate_to"] = leader
    stages = _clean_stages(region, data.get("stages", []), errors)
    if errors:
        raise invalid(errors)
    return values, stages


def _clean_stages(region: Region, raw, errors: dict) -> list[dict]:
    if not isinstance(raw, list):
        errors["stages"] = [_("审查环节格式不正确。")]
        return []
    if len(raw) > MAX_STAGES:
        errors["stages"] = [_("审查环节最多%(n)d个。") % {"n": MAX_STAGES}]
        return []
    stages, problems = [], []
    allowed = {v for v, _lbl in ReviewStage.Reviewer.choices}
    for i, item in enumerate(raw, start=1):
        item = item if isinstance(item, dict) else {}
        name = str(item.get("name") or "").strip()
        kind = item.get("reviewer") or ReviewStage.Reviewer.STAFF
        ids = item.get("reviewers") or []
        if not name:
            problems.append(_("第%(n)d个环节：请填写环节名称。") % {"n": i})
            continue
        if len(name) > 40:
            problems.append(_("第%(n)d个环节：名称不超过40个字。") % {"n": i})
            continue
        if kind not in allowed:
            problems.append(_("第%(n)d个环节：请选择审查人类型。") % {"n": i})
            continue
        if not isinstance(ids, list) or not all(str(x).isdigit() for x in ids):
            problems.append(_("第%(n)d个环节：指定审查人格式不正确。") % {"n": i})
            continue
        role = Role.SUPERVISOR if kind == ReviewStage.Reviewer.SUPERVISOR else Role.STAFF
        users = list(
            User.objects.filter(
                pk__in=[int(x) for x in ids],
                role=role,
                is_active=True,
                region_id__in=_above_or_here(region.code),
            )
        )
        if len(users) != len(set(int(x) for x in ids)):
            problems.append(
                _("第%(n)d个环节：指定审查人须为本级或上级的%(kind)s。")
                % {"n": i, "kind": ReviewStage.Reviewer(kind).label}
            )
            continue
        stages.append({"name": name, "reviewer": kind, "reviewers": users})
    if problems:
        errors["stages"] = problems
    return stages


@transaction.atomic
def rules_save(*, actor: User, region: Region, data: dict) -> RegionPolicy:
    """制定或修改本级规则 (the first save creates the region's own rules)."""
    if not can_edit(actor, region):
        raise ApplicationError(_("只能修改本级的建议办理规则。"), code="forbidden", status=403)
    values, stages = _clean(region, data)
    reviewing, before = _reviewing(region)
    policy = RegionPolicy.objects.select_for_update().filter(region=region).first()
    if policy is None:
        policy = model_create(RegionPolicy(region=region, updated_by=actor, **values))
    else:
        model_update(
            instance=policy, fields=[*values, "updated_by"], data={**values, "updated_by": actor}
        )
    old = [
        (s.name, s.reviewer, sorted(u.pk for u in s.reviewers.all())) for s in policy.stages.all()
    ]
    new = [(s["name"], s["reviewer"], sorted(u.pk for u in s["reviewers"])) for s in stages]
    if old != new:
        for stage in list(policy.stages.all()):
            model_delete(stage)
        for order, item in enumerate(stages, start=1):
            stage = model_create(
                ReviewStage(
                    policy=policy, order=order, name=item["name"], reviewer=item["reviewer"]
                )
            )
            stage.reviewers.set(item["reviewers"])
    _keep_in_step(reviewing, before, list(policy.stages.order_by("order")), actor)
    return policy


def _reviewing(region: Region) -> tuple[list, dict]:
    """The suggestions under the region's review stages, locked, with their current stage's
    name ("" for the one-step review) and the ids of who was told to review it, before the
    change."""
    reviewing = list(in_review(region).select_for_update(of=("self",)).order_by("pk"))
    stages_of: dict[str, list[ReviewStage]] = {}
    before = {}
    for s in reviewing:
        if s.level not in stages_of:
            stages_of[s.level] = review_stages(s)
        stages = stages_of[s.level]
        stage = stages[min(s.review_stage, len(stages) - 1)] if stages else None
        who = {u.pk for u in stage_reviewers(stage, s)} if stage else set()
        before[s.pk] = (stage.name if stage else "", who)
    return reviewing, before


def _keep_in_step(reviewing: list, before: dict, stages: list[ReviewStage], actor: User) -> None:
    """Suggestions under review after their stages changed: one past the new last stage waits
    at the last (review_stage clamped, not accepted); no stages left, the one-step review
    (review_stage 0). A history row for each whose current stage changed, and a notice to
    whoever now reviews it and was not told before."""
    names = [stage.name for stage in stages]
    for s in reviewing:
        passed = s.review_stage
        clamped = min(passed, len(names) - 1) if names else 0
        if clamped != passed:
            model_update(instance=s, fields=["review_stage"], data={"review_stage": clamped})
        old_name, told = before[s.pk]
        if names:
            stage = stages[clamped]
            new = [u for u in stage_reviewers(stage, s) if u.pk not in told]
            tell(new, s, _("请审查建议（%(stage)s）：%(title)s") % {
                "stage": stage.name, "title": s.title})  # fmt: skip
        now = names[clamped] if names else ""
        if now == old_name and clamped == passed:
            continue
        if not names:
            note = _("本级取消分环节审查，改为一次审查。")
        elif clamped != passed:
            note = _(
                "本级审查环节调整为%(n)d个：已通过%(passed)d个环节，停在最后一个环节“%(stage)s”待审查。"
            ) % {"n": len(names), "passed": passed, "stage": now}
        else:
            note = _("本级审查环节调整：当前环节由“%(old)s”改为“%(stage)s”。") % {
                "old": old_name or _("一次审查"),
                "stage": now,
            }
        history(s, "stage_adjust", s.status, actor, note)


@transaction.atomic
def rules_inherit(*, actor: User, region: Region) -> None:
    """恢复为继承上级: the region's own rules are deleted (audited); the ones above apply."""
    if not can_edit(actor, region):
        raise ApplicationError(_("只能修改本级的建议办理规则。"), code="forbidden", status=403)
    policy = RegionPolicy.objects.select_for_update().filter(region=region).first()
    if policy is None:
        raise ApplicationError(
            _("本级尚未制定规则，已在沿用上级规则。"), code="conflict", status=409
        )
    reviewing, before = _reviewing(region)
    model_delete(policy)
    above = policy_for(region)
    stages = [] if above._state.adding else list(above.stages.order_by("order"))
    _keep_in_step(reviewing, before, stages, actor)


def stage_view(suggestion: Suggestion, user: User) -> dict | None:
    """The suggestion's review stages with their outcomes and the current one (None when its
    region reviews in one step, or it has not been submitted)."""
    if suggestion.status == Status.DRAFT:
        return None
    stages = review_stages(suggestion)
    if not stages:
        return None
    current = current_stage(suggestion, stages)
    outcomes = stage_outcomes(suggestion)
    rows = []
    for index, stage in enumerate(stages):
        review = outcomes.get(stage.order)
        if current is not None:
            state = (
                "passed"
                if index < suggestion.review_stage
                else "current"
                if stage is current
                else "pending"
            )
        elif review is not None:
            state = "passed" if review.decision == "accepted" else "returned"
        else:
            state = "pending" if suggestion.status == Status.RETURNED else "skipped"
        decided = review if state in ("passed", "returned") else None
        rows.append(
            {
                **stage_out(stage),
                "state": state,
                "by": decided.reviewer.display_name if decided else "",
                "at": decided.reviewed_at.isoformat() if decided else None,
                "opinion": decided.reason if decided else "",
            }
        )
    return {
        "stages": rows,
        "current": current.order if current else None,
        "can_act": bool(current and may_review_stage(current, suggestion, user)),
    }
