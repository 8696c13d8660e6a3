"""承办单位考评: a round over handling units (the organiser's own level's units and the level
below's, active, in scope), the unit's users self-assess their own target only, staff review, and
the four computed unit measures (the way 鄂州 scores units), each on hand-built data."""

import datetime as dt
from decimal import Decimal

import pytest

from congress.models import HandlingUnit, Region, Role
from evaluation.models import EvaluationRound, Indicator, Score, TargetKind
from evaluation.township import measures, systems
from suggestions.models import (
    Assignment,
    Commitment,
    Rating,
    Reply,
    ResultClass,
    Suggestion,
    SuggestionCategory,
)
from tests.clock import SHANGHAI, frozen
from tests.conftest import DONGKOU, make_user
from tests.evaluation.conftest import make_deputy

pytestmark = pytest.mark.django_db

YEAR = 2026


def at(month, day, hour=10):
    return dt.datetime(YEAR, month, day, hour, tzinfo=SHANGHAI)


def suggestion(lead, **extra) -> Suggestion:
    from congress.models import Congress, Term  # noqa: PLC0415

    term = Term.objects.get(congress=Congress.objects.get(region_id=DONGKOU), number=18)
    category, _ = SuggestionCategory.objects.get_or_create(name="城乡建设")
    return Suggestion.objects.create(
        congress=term.congress,
        term=term,
        period="between",
        region_id=DONGKOU,
        category=category,
        title="关于改善农村道路的建议",
        body="建议加快农村公路提质改造。",
        lead_deputy=lead,
        status="replied",
        **extra,
    )


def assign(s, unit, *, role="lead", assigned=None, sign_due=None, signed=None, **extra):
    assigned = assigned or at(3, 1)
    return Assignment.objects.create(
        suggestion=s,
        unit=unit,
        role=role,
        assigned_at=assigned,
        sign_due=sign_due or dt.date(YEAR, 3, 6),
        return_until=dt.date(YEAR, 3, 6),
        signed_at=signed,
        reply_due=extra.pop("reply_due", dt.date(YEAR, 6, 1)),
        **extra,
    )


def reply(s, unit, staff, *, round_=1, on_time=True) -> Reply:
    return Reply.objects.create(
        suggestion=s,
        unit=unit,
        round=round_,
        result_class=ResultClass.objects.order_by("order").first(),
        body="已列入年度计划。",
        replied_by=staff,
        replied_at=at(5, 1),
        on_time=on_time,
    )


@pytest.fixture
def units(regions):
    edu = HandlingUnit.objects.create(name="洞口县教育局", region_id=DONGKOU)
    roads = HandlingUnit.objects.create(name="洞口县交通运输局", region_id=DONGKOU)
    return edu, roads


@pytest.fixture
def lead(regions):
    return make_deputy("王秀英", region="430525001", county=DONGKOU)


def test_signed_on_time_counts_assignments_signed_by_their_sign_due(units, lead):
    edu, roads = units
    with frozen():
        assign(suggestion(lead), edu, signed=at(3, 5))  # on time
        assign(suggestion(lead), edu, signed=at(3, 9))  # late
        assign(suggestion(lead), edu, role="co")  # never signed, past due: late
        assign(  # not yet due: left out
            suggestion(lead), edu, assigned=at(11, 28), sign_due=dt.date(YEAR, 12, 3)
        )
        assign(suggestion(lead), edu, returned_at=at(3, 2), is_active=False)  # returned: out
        assign(suggestion(lead), edu, assigned=dt.datetime(YEAR - 1, 12, 1, tzinfo=SHANGHAI))
        values = measures.measure_units(
            "unit_signed_on_time", unit_ids=[edu.pk, roads.pk], year=YEAR
        )
    assert values == {edu.pk: (Decimal("0.3333"), "")}


def test_replied_on_time_counts_lead_assignments_whose_reply_was_due(units, lead, dongkou_staff):
    edu, roads = units
    with frozen():
        for on_time in (True, False):
            s = suggestion(lead)
            assign(s, edu, signed=at(3, 2))
            reply(s, edu, dongkou_staff, on_time=on_time)
        assign(suggestion(lead), edu, signed=at(3, 2))  # no reply, past due: late
        assign(suggestion(lead), edu, reply_due=dt.date(YEAR, 12, 20))  # not yet due: out
        s = suggestion(lead)
        assign(s, roads, signed=at(3, 2))
        assign(s, edu, role="co", signed=at(3, 2))  # a co-unit owes no reply: out
        reply(s, roads, dongkou_staff, on_time=True)
        values = measures.measure_units(
            "unit_replied_on_time", unit_ids=[edu.pk, roads.pk], year=YEAR
        )
    assert values == {edu.pk: (Decimal("0.3333"), ""), roads.pk: (Decimal("1.0000"), "")}


def test_satisfaction_counts_one_outcome_per_suggestion_and_keeps_unrated_apart(
    units, lead, dongkou_staff
):
    edu, _roads = units
    cosigner = make_deputy("李强", region="430525002", county=DONGKOU)
    with frozen():
        # 1: the lead deputy satisfied; a co-signer's 不满意 is not the suggestion's outcome.
        s1 = suggestion(lead)
        assign(s1, edu, signed=at(3, 2))
        r1 = reply(s1, edu, dongkou_staff)
        Rating.objects.create(reply=r1, deputy=lead, attitude="satisfied", result="satisfied")
        Rating.objects.create(
            reply=r1, deputy=cosigner, attitude="unsatisfied", result="unsatisfied"
        )
        # 2: a paper rating sheet entered by staff counts.
        s2 = suggestion(lead)
        assign(s2, edu, signed=at(3, 2))
        Rating.objects.create(
            reply=reply(s2, edu, dongkou_staff),
            deputy=lead,
            attitude="basically",
            result="basically",
            is_paper=True,
            sheet="suggestions/sheets/2026/s2.pdf",
            entered_by=dongkou_staff,
        )
        # 3: satisfied in the first round, then 不满意 after re-handling: the final one counts.
        s3 = suggestion(lead)
        assign(s3, edu, signed=at(3, 2))
        Rating.objects.create(
            reply=reply(s3, edu, dongkou_staff),
            deputy=lead,
            attitude="satisfied",
            result="satisfied",
        )
        Rating.objects.create(
            reply=reply(s3, edu, dongkou_staff, round_=2),
            deputy=lead,
            attitude="basically",
            result="unsatisfied",
        )
        # 4: recorded as 未测评: out of the denominator, shown apart.
        s4 = suggestion(lead, unrated_at=at(9, 1))
        assign(s4, edu, signed=at(3, 2))
        reply(s4, edu, dongkou_staff)
        values = measures.measure_units("unit_satisfaction", unit_ids=[edu.pk], year=YEAR)
    value, note = values[edu.pk]
    assert value == Decimal("0.6667")
    assert note == "未测评 1 件（不计入）"


def test_commitments_done_by_due_over_those_due_superseded_left_out(units, lead, dongkou_staff):
    edu, _roads = units
    with frozen():
        s = suggestion(lead)
        assign(s, edu, signed=at(3, 2))
        r = reply(s, edu, dongkou_staff)

        def commit(due, done=None, superseded=None):
            Commitment.objects.create(
                reply=r,
                suggestion=s,
                what="完成道路硬化",
                due_date=due,
                done_at=done,
                superseded_at=superseded,
            )

        commit(dt.date(YEAR, 6, 1), done=at(5, 30))  # done in time
        commit(dt.date(YEAR, 6, 1), done=at(6, 10))  # done late
        commit(dt.date(YEAR, 7, 1))  # not done, overdue
        commit(dt.date(YEAR, 7, 1), superseded=at(6, 15))  # superseded: out
        commit(dt.date(YEAR, 12, 20))  # not yet due: out
        values = measures.measure_units("unit_commitments_done", unit_ids=[edu.pk], year=YEAR)
    assert values == {edu.pk: (Decimal("0.3333"), "")}


def unit_system(staff, year=YEAR):
    return systems.indicator_system_create(
        actor=staff,
        region=Region.objects.get(code=DONGKOU),
        year=year,
        target_kind=TargetKind.HANDLING_UNIT,
        name=f"洞口县{year}年度代表建议承办单位考评",
        aspects=[
            {
                "name": "办理态度",
                "indicators": [
                    {"name": "主要领导亲自研究", "max_score": 10, "scoring_rule": "有记录得满分。"}
                ],
            },
            {
                "name": "代表满意度",
                "indicators": [
                    {
                        "name": "代表满意率",
                        "max_score": 20,
                        "scoring_rule": "按比例计分。",
                        "method": "computed",
                        "measure": "unit_satisfaction",
                        "full_marks_at": 1,
                    }
                ],
            },
        ],
    )


def test_a_unit_round_over_own_and_lower_units_unit_users_self_assess_only_their_own(
    client_for, units, dongkou_staff, linwu_unit, lead
):
    edu, roads = units
    township_unit = HandlingUnit.objects.create(name="石江镇人民政府", region_id="430525001")
    HandlingUnit.objects.create(name="洞口县已撤并单位", region_id=DONGKOU, is_active=False)
    edu_user = make_user("edu_user", role=Role.HANDLING_UNIT, unit=edu)
    roads_user = make_user("roads_user", role=Role.HANDLING_UNIT, unit=roads)
    staff = client_for(dongkou_staff)
    with frozen():
        system = unit_system(dongkou_staff)
        offered = staff.get(f"/api/v1/evaluation/systems/{system.pk}/targets/").json()
        assert offered["by_unit"] is True
        assert {t["id"] for t in offered["targets"]} == {edu.pk, roads.pk, township_unit.pk}

        body = {"system": system.pk, "name": "洞口县2026年度承办单位考评"}
        wrong = staff.post(
            "/api/v1/evaluation/rounds/",
            {**body, "unit_ids": [edu.pk, linwu_unit.pk]},
            format="json",
        )
        assert wrong.status_code == 400
        assert str(linwu_unit.pk) in wrong.json()["fields"]["unit_ids"][0]
        assert not EvaluationRound.objects.exists()

        made = staff.post(
            "/api/v1/evaluation/rounds/",
            {**body, "unit_ids": [edu.pk, roads.pk, township_unit.pk]},
            format="json",
        )
        assert made.status_code == 201, made.json()
        round_ = EvaluationRound.objects.get(pk=made.json()["id"])
        targets = {t.handling_unit_id: t for t in round_.targets.all()}
        assert targets[township_unit.pk].region_id == "430525001"
        assert targets[edu.pk].region_id == DONGKOU

        unit = client_for(edu_user)
        listed = unit.get("/api/v1/evaluation/rounds/").json()["results"]
        assert [r["id"] for r in listed] == [round_.pk]
        detail = unit.get(f"/api/v1/evaluation/rounds/{round_.pk}/").json()
        assert [t["handling_unit"] for t in detail["targets"]] == [edu.pk]

        manual = Indicator.objects.get(aspect__system=system, method="manual")
        url = f"/api/v1/evaluation/rounds/{round_.pk}/scores/"

        def score(client, unit_id, stage="self"):
            return client.post(
                url,
                {
                    "target": targets[unit_id].pk,
                    "indicator": manual.pk,
                    "stage": stage,
                    "value": "8",
                    "reason": "局党组专题研究两次",
                },
                format="json",
            )

        assert score(unit, edu.pk).status_code == 201
        assert score(unit, roads.pk).status_code == 404  # another unit's target
        assert score(unit, edu.pk, stage="review").status_code == 403
        assert score(client_for(roads_user), edu.pk).status_code == 404
        assert (
            client_for(roads_user)
            .get(f"/api/v1/evaluation/rounds/{round_.pk}/")
            .json()["targets"][0]["handling_unit"]
            == roads.pk
        )
        assert score(staff, edu.pk, stage="review").status_code == 201

        # The computed indicator, from the unit's suggestions (one rated, one 未测评).
        s1 = suggestion(lead)
        assign(s1, edu, signed=at(3, 2))
        Rating.objects.create(
            reply=reply(s1, edu, dongkou_staff),
            deputy=lead,
            attitude="satisfied",
            result="basically",
        )
        s2 = suggestion(lead, unrated_at=at(9, 1))
        assign(s2, edu, signed=at(3, 2))
        assert staff.post(f"/api/v1/evaluation/rounds/{round_.pk}/compute/").status_code == 200
    computed = Score.objects.get(target=targets[edu.pk], is_computed=True)
    assert computed.measured == Decimal("1.0000") and computed.value == Decimal("20.00")
    assert "未测评 1 件" in computed.reason
    assert not Score.objects.filter(target=targets[roads.pk], is_computed=True).exists()
    targets[edu.pk].refresh_from_db()
    assert targets[edu.pk].final_total == Decimal("28.00") and targets[edu.pk].rank == 1
