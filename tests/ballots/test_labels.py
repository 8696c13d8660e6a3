"""What the ballots API says in words is in the request's language: the occasion of a ballot (a
session, committee meeting or term) reads as the models name it in Chinese, and carries digits
in a translation; kinds, statuses and answers are gettext labels."""

import pytest
from django.utils import translation

from ballots.api.setup import occasion_name
from ballots.models import CommitteeMeeting
from tests.ballots.conftest import rating_ballot

pytestmark = pytest.mark.django_db


def test_the_occasion_reads_as_the_models_name_it_in_chinese(dongkou):
    term = dongkou.terms.get(number=18)
    session = term.sessions.get(number=5)
    meeting = CommitteeMeeting.objects.create(term=term, number=23, date="2026-06-28")
    with translation.override("zh-hans"):
        assert occasion_name(session) == str(session) == "洞口县人民代表大会第十八届第五次会议"
        assert occasion_name(term) == str(term)
        assert occasion_name(meeting) == "洞口县人民代表大会常委会第十八届第二十三次会议"
    with translation.override("en"):
        assert "18" in occasion_name(session) and "5" in occasion_name(session)
        assert "十八" not in occasion_name(meeting)


def test_the_ballot_api_answers_in_labels_of_the_request(
    client_for, dongkou_staff, voters, dongkou_units, dongkou
):
    ballot = rating_ballot(dongkou_staff, dongkou, dongkou_units)
    body = client_for(dongkou_staff).get(f"/api/v1/ballots/{ballot.pk}/").json()
    assert body["status_display"] == "投票中" and body["kind_display"] == "部门满意度测评"
    assert [a["label"] for a in body["answers"]] == ["满意", "基本满意", "不满意"]
    assert body["occasion"] == "洞口县人民代表大会第十八届第五次会议"
