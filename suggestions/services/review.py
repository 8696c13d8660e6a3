"""Staff review: accept (optionally as a key suggestion) or return for rework; mark key.

三审 (issue 14): a level whose rules (`policy_for` the handling level: `handled_by`, else the
suggestion's region) list review stages passes a submitted suggestion through them in order: the
reviewer of the current stage passes it (`review_stage` + 1; passing the last one is the
acceptance) or returns it for rework (RETURNED, `review_stage` back to 0). Without stages the
review is the single accept/return of before. Each stage decision is a Review with its stage
(`stage`, and `stage_order`/`stage_name` as they were then) and a history row naming it."""

from collections import defaultdict

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from congress.errors import TransitionError, invalid
from congress.models import Role, User
from congress.services import model_create
from suggestions.models import Review, ReviewStage, Status, Suggestion
from suggestions.policy import policies_for, policy_for
from suggestions.services.common import lock_and_check, move, signer_users, staff_users, tell
from suggestions.services.lengths import TEXT_MAX, check_lengths
from suggestions.services.limits_hooks import on_accepted


def handling_level(suggestion: Suggestion) -> str:
    """The region code whose congress handles the suggestion (the receiving level after a
    handoff 移交, else the suggestion's own region)."""
    return suggestion.handled_by_id or suggestion.region_id


def review_stages(suggestion: Suggestion, policy=None) -> list[ReviewStage]:
    """The review stages in force at the suggestion's handling level, in order (empty: one
    step); `policy`: that level's, already read (policies_for)."""
    policy = policy or policy_for(handling_level(suggestion))
    if policy._state.adding:  # the built-in defaults: no stages
        return []
    return sorted(policy.stages.all(), key=lambda st: st.order)


def current_stage(suggestion: Suggestion, stages=None) -> ReviewStage | None:
    """The stage a submitted suggestion waits at (None: no stages, or not under review)."""
    stages = review_stages(suggestion) if stages is None else stages
    if suggestion.status != Status.SUBMITTED or not stages:
        return None
    return stages[min(suggestion.review_stage, len(stages) - 1)]


def may_review_stage(stage: ReviewStage, suggestion: Suggestion, user: User) -> bool:
    """The named reviewers if the stage has any; else staff of the handling level or above
    (and admins) for a staff stage, the handling level's own leaders for a supervisor stage."""
    if not user.is_authenticated or not user.is_active:
        return False
    named = [u.pk for u in stage.reviewers.all()]
    if named:
        return user.pk in named
    if stage.reviewer == ReviewStage.Reviewer.SUPERVISOR:
        return user.role == Role.SUPERVISOR and user.region_id == handling_level(suggestion)
    return user.is_admin or bool(
        user.role == Role.STAFF
        and user.region_id
        and handling_level(suggestion).startswith(user.region_id)
    )


def _accepted_changes(suggestion: Suggestion, changes: dict) -> dict:
    """The acceptance's own fields plus the assignment time limit (limits_hooks, item 5)."""
    changes["accepted_at"] = timezone.now()
    return on_accepted(suggestion, changes)


def stage_outcomes(suggestion: Suggestion) -> dict[int, Review]:
    """The latest decision recorded for each stage order since the last submission."""
    since = suggestion.submitted_at
    found: dict[int, Review] = {}
    for review in suggestion.reviews.all():
        if since and review.reviewed_at < since:
            continue
        if review.stage_order:
            found[review.stage_order] = review
    return found


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
    action = "accept" if accept else "return_for_rework"
    check_lengths(reason=(reason.strip(), TEXT_MAX))
    suggestion, row = lock_and_check(suggestion, action, actor)
    stages = review_stages(suggestion)
    if accept and stages:
        stage = current_stage(suggestion, stages)
        raise TransitionError(
            _("这条建议须逐级审查，当前环节为“%(stage)s”，请在该环节审查通过。")
            % {"stage": stage.name if stage else ""}
        )
    if not accept and not reason.strip():
        raise invalid("reason", _("退回修改须写明理由。"))
    changes = {}
    if not accept and stages:
        changes["review_stage"] = 0
    if accept:
        _accepted_changes(suggestion, changes)
        if is_key or overseeing_committee:
            changes |= _key_fields(suggestion, is_key, leading_leader_id, overseeing_committee)
    model_create(
        Review(
            suggestion=suggestion,
            decision=Review.Decision.ACCEPTED if accept else Review.Decision.RETURNED,
            reason=reason.strip(),
            reviewer=actor,
        )
    )
    move(suggestion, row, actor, note=reason.strip(), changes=changes)
    if not accept:
        tell(
            signer_users(suggestion),
            suggestion,
            _("建议被退回修改：%(title)s") % {"title": suggestion.title},
            reason,
        )
    return suggestion


def _key_fields(suggestion, is_key, leading_leader_id, overseeing_committee) -> dict:
    """The key-suggestion fields, checked: a key suggestion has a leader of its level."""
    leader = None
    if is_key:
        leader = User.objects.filter(
            pk=leading_leader_id, role__in=[Role.SUPERVISOR, Role.STAFF, Role.ADMIN]
        ).first()
        if leader is None or (
            leader.region_id and not suggestion.region_id.startswith(leader.region_id)
        ):
            raise invalid("leading_leader", _("重点建议须指定本级的牵头领导。"))
    return {
        "is_key": is_key,
        "leading_leader": leader,
        "overseeing_committee": overseeing_committee.strip(),
    }


@transaction.atomic
def suggestion_mark_key(
    *,
    suggestion: Suggestion,
    actor: User,
    is_key: bool,
    leading_leader_id: int | None = None,
    overseeing_committee: str = "",
) -> Suggestion:
    suggestion, row = lock_and_check(suggestion, "mark_key", actor)
    changes = _key_fields(suggestion, is_key, leading_leader_id, overseeing_committee)
    leader = changes["leading_leader"]
    note = (
        _("设为重点建议，牵头领导：%(leader)s") % {"leader": leader}
        if is_key
        else _("取消重点建议")
    )
    move(suggestion, row, actor, note=note, changes=changes)
    if is_key:
        tell([leader], suggestion, _("请牵头督办重点建议：%(t)s") % {"t": suggestion.title})
    return suggestion


@transaction.atomic
def review_stage_decide(
    *, suggestion: Suggestion, actor: User, passed: bool, reason: str = ""
) -> Suggestion:
    """The reviewer of the current stage passes it (the last pass accepts the suggestion) or
    returns the suggestion to the lead deputy for rework (its stages start again)."""
    action = "pass_stage" if passed else "return_stage"
    check_lengths(reason=(reason.strip(), TEXT_MAX))
    suggestion, row = lock_and_check(suggestion, action, actor)
    stages = review_stages(suggestion)
    stage = current_stage(suggestion, stages)
    if stage is None:  # the row lets only a stage's reviewer through: no stage, no row
        raise TransitionError(_("这条建议没有待审查的环节。"))
    reason = reason.strip()
    if not passed and not reason:
        raise invalid("reason", _("退回修改须写明理由。"))
    last = stage is stages[-1]
    changes: dict = {}
    target = None
    if passed:
        changes["review_stage"] = suggestion.review_stage + 1
        if last:
            _accepted_changes(suggestion, changes)
            target = Status.ACCEPTED
        note = _("“%(stage)s”审查通过（第%(n)d/%(total)d环节）") % {
            "stage": stage.name,
            "n": stages.index(stage) + 1,
            "total": len(stages),
        }
    else:
        changes["review_stage"] = 0
        note = _("“%(stage)s”退回修改") % {"stage": stage.name}
    if reason:
        note = f"{note}：{reason}"
    model_create(
        Review(
            suggestion=suggestion,
            decision=Review.Decision.ACCEPTED if passed else Review.Decision.RETURNED,
            reason=reason,
            reviewer=actor,
            stage=stage,
            stage_order=stage.order,
            stage_name=stage.name,
        )
    )
    move(suggestion, row, actor, note=note, changes=changes, target=target)
    if not passed:
        tell(
            signer_users(suggestion),
            suggestion,
            _("建议被退回修改：%(title)s") % {"title": suggestion.title},
            f"{stage.name}：{reason}",
        )
    elif not last:
        following = stages[stages.index(stage) + 1]
        tell(
            stage_reviewers(following, suggestion),
            suggestion,
            _("请审查建议（%(stage)s）：%(title)s")
            % {"stage": following.name, "title": suggestion.title},
        )
    return suggestion


def stage_reviewers(stage: ReviewStage, suggestion: Suggestion) -> list[User]:
    """Who is told that a suggestion waits at this stage."""
    named = list(stage.reviewers.filter(is_active=True))
    if named:
        return named
    if stage.reviewer == ReviewStage.Reviewer.SUPERVISOR:
        return list(User.objects.filter(role=Role.SUPERVISOR, region_id=handling_level(suggestion)))
    return staff_users(suggestion)


def at_my_stage_q(viewer: User, qs) -> Q:
    """Of `qs`, the submitted suggestions waiting at a review stage the viewer may decide
    (the leaders' and staff's to-do "待我审查", the board's `stage=mine`), as a filter: one
    condition per handling level and region among them (nothing when none)."""
    nothing = Q(pk__in=[])
    if not viewer.is_authenticated or not (
        viewer.is_admin or viewer.role in (Role.STAFF, Role.SUPERVISOR)
    ):
        return nothing
    pairs = (
        qs.filter(status=Status.SUBMITTED)
        .values_list("handled_by_id", "region_id")
        .distinct()
        .order_by()
    )
    pairs = list(pairs)
    # Every level's policy, stages and named reviewers in one query: a province's staff see
    # some 2,100 (level, region) pairs, and one query each made the board take seconds.
    policies = policies_for({handled_by or region for handled_by, region in pairs})
    # Which stages are the viewer's depends on the handling level only: worked out once per
    # level (a level without rules of its own or above has no stages, so nothing waits at one).
    # The regions whose suggestions wait at the same stages then share one condition, rather
    # than one per region (2,100 ORs for a province, which took longer to build and compile
    # than the query took to run).
    at_level: dict[str, tuple[tuple[int, ...], int]] = {}
    groups: dict[tuple, list[str]] = defaultdict(list)
    for handled_by, region in pairs:
        level = handled_by or region
        if level not in at_level:
            mine, last = (), -1
            if (policy := policies.get(level)) is not None:
                probe = Suggestion(region_id=region, handled_by_id=handled_by)
                stages = review_stages(probe, policy)
                mine = tuple(
                    i for i, st in enumerate(stages) if may_review_stage(st, probe, viewer)
                )
                last = len(stages) - 1
            at_level[level] = (mine, last)
        mine, last = at_level[level]
        if mine:
            groups[(handled_by, mine, last)].append(region)
    found = nothing
    for (handled_by, mine, last), regions in groups.items():
        at = Q(review_stage__in=[i for i in mine if i < last])
        if last in mine:  # current_stage: a review_stage past the end is the last stage
            at |= Q(review_stage__gte=last)
        found |= Q(region_id__in=sorted(regions), handled_by_id=handled_by) & at
    return Q(status=Status.SUBMITTED) & found
