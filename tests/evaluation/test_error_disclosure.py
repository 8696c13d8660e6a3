"""An error never names or confirms a record the caller cannot see: another county's deputy or
staff member is refused exactly like an id that does not exist."""

import json

import pytest

from evaluation.models import ArchiveEntry, EvaluationRound, VoterReport
from tests.conftest import LINWU, make_user

pytestmark = pytest.mark.django_db

MISSING = 987654321
SECRETS = ["陈立", "临武"]


def same_refusal(send, other_id):
    answers = []
    for value in (other_id, MISSING):
        response = send(value)
        answers.append((response.status_code, response.json()))
    assert answers[0][0] in (400, 404), answers[0]
    assert answers[0] == answers[1]
    text = json.dumps(answers[0][1], ensure_ascii=False)
    assert not [name for name in SECRETS if name in text], text


def test_an_archive_entry_or_report_for_another_countys_deputy(
    client_for, dongkou_staff, linwu_deputy
):
    client = client_for(dongkou_staff)
    entry = {"kind": "award", "occurred_on": "2026-01-01", "title": "优秀代表"}
    same_refusal(
        lambda v: client.post("/api/v1/performance/entries/", {**entry, "deputy": v}, "json"),
        linwu_deputy.pk,
    )
    report = {"reported_on": "2026-06-18", "audience": "选民", "attendance": 5, "content": "述职",
              "satisfied": 5, "basically_satisfied": 0, "dissatisfied": 0}  # fmt: skip
    same_refusal(
        lambda v: client.post("/api/v1/performance/voter-reports/", {**report, "deputy": v},
                              "json"),
        linwu_deputy.pk,
    )  # fmt: skip
    assert not ArchiveEntry.objects.exists() and not VoterReport.objects.exists()


def test_another_countys_staff_as_evaluator(client_for, ningxiang_staff, ningxiang_system):
    outsider = make_user("linwu_evaluator", role="staff", region=LINWU, name="陈立")
    client = client_for(ningxiang_staff)
    same_refusal(
        lambda v: client.post(
            "/api/v1/evaluation/rounds/",
            {"system": ningxiang_system.pk, "name": "宁乡市2026年度评价",
             "target_codes": ["430182102"], "evaluator_ids": [v]},
            format="json",
        ),
        outsider.pk,
    )  # fmt: skip
    assert not EvaluationRound.objects.exists()
