"""After a handoff the level that took the suggestion over handles it: its units are the ones
it may assign, its staff alone act on it (the sending level keeps seeing it), its rules set
the limits, the ratings' consequences and the 未测评 sweep, and its staff are the ones told."""

from datetime import timedelta

import pytest

from congress.errors import ApplicationError
from congress.models import HandlingUnit, Notification, Role
from suggestions import calendar_admin, unrated
from suggestions.handoffs import suggestion_handoff_accept, suggestion_handoff_send
from suggestions.limits import review_due_for
from suggestions.models import Handoff, Rating, RegionPolicy, Suggestion
from suggestions.models import Status as S
from suggestions.services.assignment import (
    assign_on_handoff,
    assignment_return,
    assignment_sign,
    suggestion_assign,
)
from suggestions.services.common import staff_users
from suggestions.services.drafting import suggestion_create
from suggestions.services.lengths import TEXT_MAX
from suggestions.services.rating import rating_create
from suggestions.services.replies import reply_create
from suggestions.services.review import suggestion_review
from suggestions.services.submission import suggestion_submit
from suggestions.workdays import Calendar
from suggestions.workflow import STAFF, actor_roles, allowed_actions
from tests.clock import NOW, frozen
from tests.conftest import DONGKOU, make_user
from tests.suggestions.conftest import make_deputy, make_term

GAOSHA = "430525103"  # 高沙镇, a township of 洞口县
SHAOYANG = "4305"


@pytest.fixture
def gaosha_staff(regions):
    return make_user("gaosha_staff", role=Role.STAFF, region=GAOSHA, name="高沙镇人大主席团")


@pytest.fixture
def county_unit(regions):
    return HandlingUnit.objects.create(name="洞口县交通运输局", region_id=DONGKOU)


@pytest.fixture
def township_accepted(regions, category, gaosha_staff):
    deputy = make_deputy("邓春生", make_term(GAOSHA), username="deputy_gaosha")
    with frozen():
        s = suggestion_create(
            author=deputy.user, title="关于修缮高沙至竹市县道的建议",
            body="高沙至竹市县道路面破损严重，雨天积水，建议县交通部门安排修缮。",
            category_id=category.pk,
        )  # fmt: skip
        suggestion_submit(suggestion=s, actor=deputy.user)
        suggestion_review(suggestion=s, actor=gaosha_staff, accept=True)
    s.refresh_from_db()
    return s


def hand_to_county(s, gaosha_staff, dongkou_staff) -> Suggestion:
    with frozen():
        h = suggestion_handoff_send(
            suggestion=s, actor=gaosha_staff, to_region=DONGKOU, reason="县道"
        )
        suggestion_handoff_accept(suggestion=s, actor=dongkou_staff, handoff_id=h.pk)
    s.refresh_from_db()
    return s


def hand_to_city(s, dongkou_staff, shaoyang_staff) -> Suggestion:
    with frozen():
        h = suggestion_handoff_send(
            suggestion=s, actor=dongkou_staff, to_region=SHAOYANG, reason="跨县统筹"
        )
        suggestion_handoff_accept(suggestion=s, actor=shaoyang_staff, handoff_id=h.pk)
    s.refresh_from_db()
    assert s.handled_by_id == SHAOYANG
    return s


def county_and_city_rules(**city) -> None:
    """洞口县 keeps the defaults written out; 邵阳市 has rules of its own."""
    RegionPolicy.objects.create(
        region_id=DONGKOU, review_workdays=5, rehandle_months=1, unrated_after_days=60,
        attitude_unsatisfied=RegionPolicy.AttitudeConsequence.RECORD,
    )  # fmt: skip
    RegionPolicy.objects.create(region_id=SHAOYANG, **city)


# --- 1. the handling level's units ------------------------------------------------------------


def test_the_county_assigns_a_handed_township_suggestion_to_its_unit_not_another_countys(
    client_for, township_accepted, gaosha_staff, dongkou_staff, county_unit, linwu_unit
):
    s = hand_to_county(township_accepted, gaosha_staff, dongkou_staff)
    county = client_for(dongkou_staff)
    url = f"/api/v1/suggestions/{s.pk}/assign/"
    other = county.post(url, {"lead_unit": linwu_unit.pk}, format="json")
    assert other.status_code == 400 and "lead_unit" in other.json()["fields"]
    r = county.post(url, {"lead_unit": county_unit.pk}, format="json")
    assert r.status_code == 200, r.content
    s.refresh_from_db()
    assert s.status == S.ASSIGNED
    assert s.assignments.get(is_active=True).unit_id == county_unit.pk


# --- 3. staff rights at the handling level only ---------------------------------------------


def test_after_acceptance_the_township_sees_it_but_no_longer_assigns_or_marks_it_key(
    client_for, township_accepted, gaosha_staff, dongkou_staff, county_unit, admin_user
):
    s = township_accepted
    assert "assign" in allowed_actions(s, gaosha_staff)
    s = hand_to_county(s, gaosha_staff, dongkou_staff)
    assert STAFF not in actor_roles(s, gaosha_staff)
    assert STAFF in actor_roles(s, dongkou_staff) and STAFF in actor_roles(s, admin_user)
    township = client_for(gaosha_staff)
    detail = township.get(f"/api/v1/suggestions/{s.pk}/")
    assert detail.status_code == 200
    assert not {"assign", "mark_key", "handoff_send"} & set(detail.json()["actions"])
    refused = township.post(
        f"/api/v1/suggestions/{s.pk}/assign/", {"lead_unit": county_unit.pk}, format="json"
    )
    assert refused.status_code == 403
    key = township.post(
        f"/api/v1/suggestions/{s.pk}/mark_key/",
        {"is_key": True, "overseeing_committee": "财经委"},
        format="json",
    )
    assert key.status_code == 403
    s.refresh_from_db()
    assert (s.status, s.is_key) == (S.ACCEPTED, False)


def test_a_county_suggestion_taken_by_the_city_is_the_citys_to_assign(
    walk, client_for, dongkou_staff, shaoyang_staff, dongkou_unit
):
    s = hand_to_city(walk(S.ACCEPTED), dongkou_staff, shaoyang_staff)
    url = f"/api/v1/suggestions/{s.pk}/assign/"
    county = client_for(dongkou_staff)
    assert county.get(f"/api/v1/suggestions/{s.pk}/").status_code == 200
    assert county.post(url, {"lead_unit": dongkou_unit.pk}, format="json").status_code == 403
    r = client_for(shaoyang_staff).post(url, {"lead_unit": dongkou_unit.pk}, format="json")
    assert r.status_code == 200, r.content


def test_while_the_handoff_waits_the_sender_still_handles_it(
    township_accepted, gaosha_staff, county_unit
):
    s = township_accepted
    with frozen():
        suggestion_handoff_send(suggestion=s, actor=gaosha_staff, to_region=DONGKOU, reason="县道")
    s.refresh_from_db()
    assert s.handled_by_id is None
    assert STAFF in actor_roles(s, gaosha_staff)


def test_straight_to_a_county_unit_is_a_system_step_that_a_pending_handoff_cannot_take(
    township_accepted, gaosha_staff, county_unit
):
    s = township_accepted
    with frozen():
        h = suggestion_handoff_send(
            suggestion=s, actor=gaosha_staff, to_region=DONGKOU, reason="县道"
        )
    pending = Handoff(suggestion=s, to_region_id=DONGKOU, to_unit=county_unit, sent_by=gaosha_staff)
    with pytest.raises(ApplicationError):
        assign_on_handoff(suggestion=s, handoff=pending)
    h.refresh_from_db()
    assert h.status == Handoff.Status.PENDING
    assert not s.assignments.exists()


def test_handed_straight_to_a_county_unit_the_township_then_cannot_reassign(
    township_accepted, gaosha_staff, dongkou_staff, county_unit
):
    s = township_accepted
    with frozen():
        suggestion_handoff_send(
            suggestion=s, actor=gaosha_staff, to_region=DONGKOU, to_unit_id=county_unit.pk,
            reason="县道",
        )  # fmt: skip
    s.refresh_from_db()
    assert (s.status, s.handled_by_id) == (S.ASSIGNED, DONGKOU)
    other = HandlingUnit.objects.create(name="洞口县住房和城乡建设局", region_id=DONGKOU)
    with pytest.raises(ApplicationError) as refused:
        suggestion_assign(suggestion=s, actor=gaosha_staff, lead_unit_id=other.pk)
    assert refused.value.status == 403
    suggestion_assign(suggestion=s, actor=dongkou_staff, lead_unit_id=other.pk)
    assert s.assignments.get(is_active=True).unit_id == other.pk


# --- 4. the handling level's rules and staff -----------------------------------------------


def test_the_review_limit_is_the_handling_levels(walk, dongkou_staff, shaoyang_staff):
    county_and_city_rules(review_workdays=15)
    s = walk(S.SUBMITTED)
    Suggestion.objects.filter(pk=s.pk).update(handled_by_id=SHAOYANG)
    s.refresh_from_db()
    cal = Calendar()
    day = NOW.date()
    assert review_due_for(s, day, Calendar()) == cal.add_workdays(day, 15)


def reply_under_the_city(walk, dongkou_staff, shaoyang_staff, unit_user):
    s = hand_to_city(walk(S.ACCEPTED), dongkou_staff, shaoyang_staff)
    with frozen():
        suggestion_assign(
            suggestion=s, actor=shaoyang_staff, lead_unit_id=unit_user.handling_unit_id
        )
        assignment_sign(suggestion=s, actor=unit_user)
        reply_create(
            suggestion=s, actor=unit_user, result_class="A",
            body="已完成校舍加固，联系人张老师13912345678。",
        )  # fmt: skip
    s.refresh_from_db()
    assert s.status == S.REPLIED
    return s


def test_an_unsatisfied_attitude_follows_the_city_rule_and_its_rehandling_months(
    walk, lead, dongkou_staff, shaoyang_staff, unit_user
):
    county_and_city_rules(
        attitude_unsatisfied=RegionPolicy.AttitudeConsequence.REHANDLE, rehandle_months=3
    )
    s = reply_under_the_city(walk, dongkou_staff, shaoyang_staff, unit_user)
    with frozen():
        rating_create(
            suggestion=s, actor=lead, attitude="unsatisfied", result="satisfied",
            comment="答复敷衍",
        )  # fmt: skip
    s.refresh_from_db()
    # 洞口县's rule would only record it; 邵阳市's sends it back, for three months.
    assert s.status == S.REHANDLING
    cal = Calendar()
    assert s.reply_due == cal.month_deadline(NOW.date(), 3)
    # The calendar's recompute keeps the handling level's months.
    a = s.assignments.get(is_active=True, role="lead")
    new = calendar_admin._assignment_dates(a, s, Calendar(), NOW.date())
    assert new["rehandle_due"] == cal.month_deadline(NOW.date(), 3)


def test_the_unrated_sweep_applies_the_handling_levels_limit(
    walk, dongkou_staff, shaoyang_staff, unit_user
):
    county_and_city_rules(unrated_remind_days=5, unrated_after_days=10)
    s = reply_under_the_city(walk, dongkou_staff, shaoyang_staff, unit_user)
    with frozen(NOW + timedelta(days=12)):
        counts = unrated.sweep()
    s.refresh_from_db()
    assert counts["recorded"] == 1
    assert s.unrated_at is not None and s.status == S.CLOSED


def test_the_handling_levels_staff_are_told(walk, dongkou_staff, shaoyang_staff, unit_user):
    s = hand_to_city(walk(S.ACCEPTED), dongkou_staff, shaoyang_staff)
    assert staff_users(s) == [shaoyang_staff]
    with frozen():
        suggestion_assign(
            suggestion=s, actor=shaoyang_staff, lead_unit_id=unit_user.handling_unit_id
        )
        Notification.objects.all().delete()
        assignment_return(suggestion=s, actor=unit_user, reason="不属于本单位职责")
    told = set(Notification.objects.values_list("recipient__username", flat=True))
    assert shaoyang_staff.username in told and dongkou_staff.username not in told


# --- 5. the rating comment's length ---------------------------------------------------------


def test_a_rating_comment_over_the_limit_is_a_400_and_nothing_is_stored(walk, lead):
    s = walk(S.REPLIED)
    with pytest.raises(ApplicationError) as bad:
        rating_create(
            suggestion=s, actor=lead, attitude="satisfied", result="satisfied",
            comment="好" * (TEXT_MAX + 1),
        )  # fmt: skip
    assert bad.value.status == 400 and "comment" in bad.value.fields
    assert not Rating.objects.exists()
    s.refresh_from_db()
    assert s.status == S.REPLIED
