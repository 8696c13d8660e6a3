"""Replies nobody rates: the region's rule reminds, then records 未测评 (issue 14: 2)."""

from datetime import datetime, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from congress.models import Notification, SentReminder
from representatives.models import Deputy
from suggestions import figures, unrated
from suggestions.models import History, RegionPolicy, Reply, Status, Suggestion
from suggestions.schedule import SCHEDULE
from tests.clock import SHANGHAI, frozen
from tests.conftest import DONGKOU

pytestmark = pytest.mark.django_db
REPLIED_AT = datetime(2026, 9, 1, 10, 0, tzinfo=SHANGHAI)


@pytest.fixture
def replied(walk):
    """A suggestion of 王秀英 replied on 2026-09-01."""
    s = walk(Status.REPLIED)
    Reply.objects.filter(suggestion=s).update(replied_at=REPLIED_AT)
    return s


def days_after(n: int):
    return frozen(REPLIED_AT + timedelta(days=n))


def test_the_lead_deputy_is_reminded_once_after_the_remind_days(replied, lead):
    with days_after(29):
        assert unrated.sweep() == {"reminded": 0, "recorded": 0}
    with days_after(30):
        assert unrated.sweep()["reminded"] == 1
        assert unrated.sweep()["reminded"] == 0  # once per threshold
    n = Notification.objects.get(recipient=lead, kind=unrated.KIND)
    assert "测评" in n.title and SentReminder.objects.filter(kind=unrated.KIND).count() == 1


def test_staff_are_asked_for_the_paper_sheet_when_the_deputy_has_no_account(
    replied, lead, dongkou_staff
):
    Deputy.objects.filter(pk=lead.deputy.pk).update(user=None)
    with days_after(31):
        unrated.sweep()
    n = Notification.objects.get(kind=unrated.KIND)
    assert n.recipient == dongkou_staff and "纸质测评表" in n.title


def test_after_the_limit_it_is_recorded_unrated_and_closed_never_satisfied(replied):
    with days_after(60):
        assert unrated.sweep()["recorded"] == 1
        assert unrated.sweep()["recorded"] == 0
    replied.refresh_from_db()
    assert replied.status == Status.CLOSED and replied.unrated_at and replied.closed_at
    h = History.objects.filter(suggestion=replied).latest("id")
    assert h.action == "mark_unrated" and h.actor is None and h.actor_name == "系统"
    assert "未测评" in h.note
    assert figures.unrated().filter(pk=replied.pk).exists()
    assert not figures.rated().filter(reply__suggestion=replied).exists()


def test_the_rule_may_keep_it_open_and_a_paper_sheet_still_closes_it(
    replied, lead, dongkou_staff, client_for, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    RegionPolicy.objects.create(
        region_id=DONGKOU, unrated_after_days=45,
        unrated_outcome=RegionPolicy.UnratedOutcome.KEEP_OPEN,
    )  # fmt: skip
    with days_after(45):
        assert unrated.sweep()["recorded"] == 1
    replied.refresh_from_db()
    assert replied.status == Status.REPLIED and replied.unrated_at
    info = client_for(dongkou_staff).get(f"/api/v1/suggestions/{replied.pk}/paper-rating/").json()
    assert info["unrated"]["after_days"] == 45 and info["unrated"]["outcome"] == "keep_open"
    sheet = SimpleUploadedFile("测评表.png", b"\x89PNG....", content_type="image/png")
    r = client_for(dongkou_staff).post(
        f"/api/v1/suggestions/{replied.pk}/paper_rate_satisfied/",
        {"deputy": lead.deputy.pk, "attitude": "satisfied", "result": "basically", "sheet": sheet},
        format="multipart",
    )
    assert r.status_code == 200, r.json()
    replied.refresh_from_db()
    assert replied.status == Status.CLOSED and replied.unrated_at is None


def test_a_rated_suggestion_is_left_alone(walk):
    s = walk(Status.CLOSED)
    Reply.objects.filter(suggestion=s).update(replied_at=REPLIED_AT)
    with days_after(90):
        assert unrated.sweep() == {"reminded": 0, "recorded": 0}
    s.refresh_from_db()
    assert s.unrated_at is None


def test_the_sweep_runs_daily_from_beat():
    entry = next(e for e in SCHEDULE.values() if e["task"].endswith("sweep_unrated_replies"))
    assert entry["schedule"].hour == {6}


def test_a_key_suggestion_whose_leading_leader_account_is_gone_is_still_recorded(
    replied, supervisor
):
    """The leading leader is SET_NULL when the account is deleted: the suggestion keeps moving
    (the sweep, like every later step, validated the whole row and failed on it before)."""
    Suggestion.objects.filter(pk=replied.pk).update(is_key=True, leading_leader=supervisor)
    supervisor.delete()
    replied.refresh_from_db()
    assert replied.is_key and replied.leading_leader_id is None
    with days_after(60):
        assert unrated.sweep()["recorded"] == 1
    replied.refresh_from_db()
    assert replied.status == Status.CLOSED and replied.unrated_at
