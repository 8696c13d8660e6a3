"""An error never names or confirms a record the caller cannot see: a paper-ballot voter list
with another county's deputy is refused exactly like one with an id that does not exist."""

import json

import pytest

from ballots.models import PaperEntry
from tests.ballots.conftest import make_deputy, rating_ballot

pytestmark = pytest.mark.django_db

MISSING = 987654321


def test_paper_voters_of_another_county_read_like_missing_ids(
    client_for, dongkou_staff, voters, dongkou_units, linwu
):
    outsider = make_deputy(linwu, "赵临武")
    ballot = rating_ballot(dongkou_staff, voters[0].mandates.first().congress, dongkou_units)
    client = client_for(dongkou_staff)
    url = f"/api/v1/ballots/{ballot.pk}/paper/"
    body = {"papers": 1, "totals": {str(ballot.items.first().pk): {"basic": 1}}}
    answers = []
    for voter in (outsider.pk, MISSING):
        response = client.post(url, {**body, "voters": [voter]}, format="json")
        answers.append((response.status_code, response.json()))
    assert answers[0][0] == 400 and answers[0] == answers[1]
    assert "赵临武" not in json.dumps(answers[0][1], ensure_ascii=False)
    assert answers[0][1]["fields"]["voters"] == ["名单中有人不在投票人范围内。"]
    assert not PaperEntry.objects.exists()
