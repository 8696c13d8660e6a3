"""An error never names or confirms a record the caller cannot see: an id of another county's
deputy, unit, session, congress or leader is refused exactly like an id that does not exist."""

import json

import pytest

from congress.models import Congress, Session
from suggestions.models import Status, Suggestion

pytestmark = pytest.mark.django_db

MISSING = 987654321


def same_refusal(client, method, url, body, field, other_id, secret_names):
    """Post the other county's id and an id nobody has: the answers are identical."""
    answers = []
    for value in (other_id, MISSING):
        value = [value] if isinstance(body.get(field), list) else value
        response = getattr(client, method)(url, {**body, field: value}, format="json")
        answers.append((response.status_code, response.json()))
    (other_status, other), (missing_status, missing) = answers
    assert other_status in (400, 404), other
    assert (other_status, other) == (missing_status, missing)
    text = json.dumps(other, ensure_ascii=False)
    assert not [name for name in secret_names if name in text], text
    return other


@pytest.fixture
def linwu_records(linwu_deputy, linwu_term, linwu_staff, linwu_unit):
    return {
        "deputy": linwu_deputy.deputy.pk,
        "session": Session.objects.get(term=linwu_term).pk,
        "congress": Congress.objects.get(region_id="431025").pk,
        "unit": linwu_unit.pk,
        "leader": linwu_staff.pk,
        "names": ["赵临武", "李春燕", "临武县教育局", "临武"],
    }


def draft(category, **extra):
    return {"title": "关于整治县城占道经营的建议", "body": "县城主干道早市占道严重。",
            "category": category.pk, **extra}  # fmt: skip


@pytest.mark.parametrize(
    "field,record", [("cosigners", "deputy"), ("session", "session"), ("congress", "congress")]
)
def test_a_deputy_drafting_learns_nothing_about_another_countys_records(
    client_for, lead, category, linwu_records, field, record
):
    body = draft(category, cosigners=[])
    same_refusal(client_for(lead), "post", "/api/v1/suggestions/", body, field,
                 linwu_records[record], linwu_records["names"])  # fmt: skip
    assert not Suggestion.objects.exists()


def test_editing_a_draft_with_another_countys_cosigner_names_nobody(
    client_for, lead, category, walk, linwu_records
):
    s = walk(Status.DRAFT)
    message = same_refusal(
        client_for(lead), "put", f"/api/v1/suggestions/{s.pk}/", draft(category, cosigners=[]),
        "cosigners", linwu_records["deputy"], linwu_records["names"],
    )  # fmt: skip
    assert "不是本级人民代表大会的在任代表" in message["fields"]["cosigners"][0]


@pytest.mark.parametrize(
    "field,record",
    [("lead_deputy", "deputy"), ("cosigners", "deputy"), ("session", "session"),
     ("congress", "congress")],
)  # fmt: skip
def test_staff_entering_a_paper_suggestion_learn_nothing_about_another_county(
    client_for, dongkou_staff, lead, category, linwu_records, field, record
):
    body = draft(category, lead_deputy=lead.deputy.pk, cosigners=[])
    same_refusal(client_for(dongkou_staff), "post", "/api/v1/suggestions/paper/", body, field,
                 linwu_records[record], linwu_records["names"])  # fmt: skip
    assert not Suggestion.objects.exists()


@pytest.mark.parametrize(
    "action,field,record,body",
    [
        ("assign", "lead_unit", "unit", {}),
        ("assign", "co_units", "unit", {"co_units": []}),
        ("accept", "leading_leader", "leader", {"is_key": True}),
    ],
)
def test_staff_handling_learn_nothing_about_another_countys_units_or_leaders(
    client_for, dongkou_staff, unit_user, walk, linwu_records, action, field, record, body
):
    s = walk(Status.ACCEPTED if action == "assign" else Status.SUBMITTED)
    if field == "co_units":
        body = {**body, "lead_unit": unit_user.handling_unit_id}
    same_refusal(client_for(dongkou_staff), "post", f"/api/v1/suggestions/{s.pk}/{action}/",
                 body, field, linwu_records[record], linwu_records["names"])  # fmt: skip
    s.refresh_from_db()
    assert s.status == (Status.ACCEPTED if action == "assign" else Status.SUBMITTED)
    assert not s.assignments.exists()
