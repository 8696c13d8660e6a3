"""The two-day duty notice to a deputy without an account is a text in the outbox, written with
the ledger row: a gateway that refuses delays it, never loses it, and it goes out once."""

from datetime import timedelta

import pytest
from django.utils import timezone

from congress import outbox
from congress.models import OutboxMessage, SentReminder
from congress.sms import MemoryBackend
from liaison_stations.models import DutyShift
from liaison_stations.services.duty_notices import duty_notices_send
from tests.conftest import DONGKOU
from tests.liaison_stations.conftest import make_deputy
from tests.outages import FlakySms

pytestmark = pytest.mark.django_db

LATER = timedelta(days=1)


@pytest.fixture
def gateway(settings):
    settings.SMS_BACKEND = "tests.outages.FlakySms"
    FlakySms.down, MemoryBackend.outbox = True, []
    return FlakySms


@pytest.fixture
def on_duty_without_account(dongkou_station):
    deputy = make_deputy("赵春梅", DONGKOU, phone="13900000077")
    DutyShift.objects.create(
        station=dongkou_station, deputy=deputy, date=timezone.localdate() + timedelta(days=2),
        start_time="09:00", end_time="12:00",
    )  # fmt: skip
    return deputy


def test_a_refused_duty_text_waits_in_the_outbox_and_goes_out_once_when_the_gateway_is_back(
    gateway, on_duty_without_account, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert duty_notices_send() == 1
    assert SentReminder.objects.filter(kind="duty_notice").count() == 1
    text = OutboxMessage.objects.get(kind="duty_notice")
    assert (text.channel, text.recipient, text.status) == ("sms", "13900000077", "pending")
    assert text.region_id == DONGKOU and MemoryBackend.outbox == []

    gateway.down = False
    with django_capture_on_commit_callbacks(execute=True):
        assert duty_notices_send() == 0  # the ledger: no second notice
    outbox.sweep(now=timezone.now() + LATER)
    outbox.sweep(now=timezone.now() + 2 * LATER)
    assert [phone for phone, _text in MemoryBackend.outbox] == ["13900000077"]
    assert MemoryBackend.outbox[0][1].startswith("【人大工作管理平台】值班提醒")


def test_a_duty_text_that_finally_failed_is_listed_for_staff_of_the_deputys_county_only(
    settings, gateway, on_duty_without_account, dongkou_staff, linwu_staff, client_for,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    settings.OUTBOX_MAX_ATTEMPTS = 1
    with django_capture_on_commit_callbacks(execute=True):
        duty_notices_send()
    text = OutboxMessage.objects.get(kind="duty_notice")
    assert text.status == "failed"
    listed = client_for(dongkou_staff).get("/api/v1/outbox/failed/").json()["results"]
    assert [(r["id"], r["recipient"]) for r in listed] == [(text.pk, "139****0077")]
    assert client_for(linwu_staff).get("/api/v1/outbox/failed/").json()["results"] == []
