from datetime import date, timedelta

import pytest
from django.utils import timezone

from congress.models import Notification
from congress.sms import MemoryBackend
from liaison_stations.duty import days_of_month_dates, weekday_dates
from liaison_stations.models import DutyRule, DutyShift
from liaison_stations.services.duty_notices import duty_notices_send
from liaison_stations.services.roster import calendar_token, duty_rule_create, roster_generate
from liaison_stations.tasks import sweep_duty_notices

pytestmark = pytest.mark.django_db


def test_fengliu_gives_the_6th_16th_and_26th_of_every_month_whatever_its_length():
    days = days_of_month_dates([6, 16, 26], date(2027, 1, 1), date(2027, 12, 31))
    assert len(days) == 36
    february = [d for d in days if d.month == 2]  # 28 days in 2027
    assert february == [date(2027, 2, 6), date(2027, 2, 16), date(2027, 2, 26)]


def test_days_a_month_does_not_have_are_skipped_not_moved():
    thirtieth = days_of_month_dates([10, 20, 30], date(2027, 2, 1), date(2027, 3, 31))
    assert thirtieth == [
        date(2027, 2, 10),
        date(2027, 2, 20),
        date(2027, 3, 10),
        date(2027, 3, 20),
        date(2027, 3, 30),
    ]
    assert len(days_of_month_dates([31], date(2027, 1, 1), date(2027, 12, 31))) == 7
    assert days_of_month_dates([29], date(2028, 2, 1), date(2028, 2, 29)) == [date(2028, 2, 29)]
    assert days_of_month_dates([29], date(2027, 2, 1), date(2027, 2, 28)) == []


def test_the_range_is_inclusive_and_starts_mid_month():
    assert days_of_month_dates([6, 16, 26], date(2026, 11, 16), date(2026, 12, 6)) == [
        date(2026, 11, 16),
        date(2026, 11, 26),
        date(2026, 12, 6),
    ]


def test_a_weekday_rule_gives_that_weekday_each_week():
    wednesdays = weekday_dates([2], date(2026, 12, 1), date(2026, 12, 31))
    assert wednesdays == [date(2026, 12, d) for d in (2, 9, 16, 23, 30)]
    assert all(d.weekday() == 2 for d in wednesdays)


def test_the_roster_puts_every_grouped_deputy_on_each_fengliu_day_for_three_months(
    dongkou_station, wang, colleague
):
    duty_rule_create(station=dongkou_station, kind="days_of_month", days=[6, 16, 26])
    created = roster_generate(station=dongkou_station, start=date(2027, 1, 1), months=3)
    assert created == 3 * 3 * 2
    assert {s.deputy_id for s in DutyShift.objects.filter(date=date(2027, 2, 26))} == {
        wang.pk,
        colleague.pk,
    }
    # Generating again keeps what is there and adds nothing.
    assert roster_generate(station=dongkou_station, start=date(2027, 1, 1)) == 0


def test_a_weekday_rule_with_one_deputy_a_day_rotates_through_the_station(
    dongkou_station, wang, colleague
):
    duty_rule_create(station=dongkou_station, kind="weekday", days=[0], per_day=1)
    roster_generate(station=dongkou_station, start=date(2027, 3, 1), months=1)
    mondays = list(DutyShift.objects.order_by("date").values_list("date", "deputy_id"))
    assert [d.weekday() for d, _ in mondays] == [0] * 5
    assert [pk for _, pk in mondays] == [wang.pk, colleague.pk] * 2 + [wang.pk]


def test_a_rule_with_a_bad_day_is_refused_with_a_chinese_message(
    client_for, dongkou_staff, dongkou_station
):
    response = client_for(dongkou_staff).post(
        f"/api/v1/liaison/stations/{dongkou_station.pk}/duty-rules/",
        {"kind": "days_of_month", "days": [6, 32]},
        format="json",
    )
    assert response.status_code == 400
    assert "1 到 31" in response.json()["fields"]["days"][0]
    assert not DutyRule.objects.exists()


def test_two_deputies_swap_their_days(client_for, dongkou_staff, dongkou_station, wang, colleague):
    duty_rule_create(station=dongkou_station, kind="weekday", days=[0], per_day=1)
    start = timezone.localdate() + timedelta(days=1)
    roster_generate(station=dongkou_station, start=start, months=1)
    first, second = DutyShift.objects.order_by("date")[:2]
    response = client_for(dongkou_staff).post(
        f"/api/v1/liaison/shifts/{first.pk}/swap/", {"other": second.pk}, format="json"
    )
    assert response.status_code == 200
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.deputy_id, second.deputy_id) == (colleague.pk, wang.pk)
    assert first.swapped_from_id == wang.pk


def test_the_two_day_notice_goes_once_per_deputy_and_day_even_when_the_sweep_runs_twice(
    dongkou_station, linwu_station, wang, colleague, deputy_user, django_capture_on_commit_callbacks
):
    MemoryBackend.outbox.clear()
    day = timezone.localdate() + timedelta(days=2)
    for deputy in (wang, colleague):
        DutyShift.objects.create(
            station=dongkou_station, deputy=deputy, date=day, start_time="09:00", end_time="12:00"
        )
    # A second station on the same day for 王秀英: still one notice for her that day.
    DutyShift.objects.create(
        station=linwu_station, deputy=wang, date=day, start_time="14:00", end_time="17:00"
    )

    with django_capture_on_commit_callbacks(execute=True):
        assert sweep_duty_notices.delay().get() == 2
    with django_capture_on_commit_callbacks(execute=True):
        assert sweep_duty_notices.delay().get() == 0

    notices = Notification.objects.filter(recipient=deputy_user, kind="duty_notice")
    assert notices.count() == 1
    assert "文昌街道代表联络站" in notices.get().body and "舜峰镇" in notices.get().body
    phones = [phone for phone, _text in MemoryBackend.outbox]
    assert sorted(phones) == sorted([deputy_user.phone, colleague.phone])


def test_no_notice_for_duty_days_further_away(dongkou_station, wang):
    DutyShift.objects.create(
        station=dongkou_station,
        deputy=wang,
        date=timezone.localdate() + timedelta(days=5),
        start_time="09:00",
        end_time="12:00",
    )
    assert duty_notices_send() == 0


def test_a_phone_subscribes_to_the_deputys_duty_calendar_without_logging_in(
    client, dongkou_station, wang
):
    day = timezone.localdate() + timedelta(days=10)
    DutyShift.objects.create(
        station=dongkou_station, deputy=wang, date=day, start_time="09:00", end_time="12:00"
    )
    token = calendar_token(wang)
    response = client.get(f"/calendar/deputy/{token}.ics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    body = response.content.decode()
    assert body.startswith("BEGIN:VCALENDAR\r\n") and body.endswith("END:VCALENDAR\r\n")
    assert body.count("BEGIN:VEVENT") == 1
    assert f"DTSTART:{day:%Y%m%d}T010000Z" in body  # 09:00 in Asia/Shanghai
    assert "文昌街道代表联络站" in body.replace("\r\n ", "")
    assert all(len(line.encode()) <= 75 for line in body.split("\r\n"))
    assert client.get("/calendar/deputy/not-a-token.ics").status_code == 404


def test_the_station_calendar_lists_each_duty_day_once_with_its_deputies(
    client, dongkou_station, wang, colleague
):
    duty_rule_create(station=dongkou_station, kind="days_of_month", days=[6, 16, 26])
    roster_generate(station=dongkou_station, start=timezone.localdate(), months=1)
    body = client.get(f"/calendar/station/{dongkou_station.feed_token}.ics").content.decode()
    unfolded = body.replace("\r\n ", "")
    assert body.count("BEGIN:VEVENT") == DutyShift.objects.values("date").distinct().count()
    assert "王秀英、李建国" in unfolded or "李建国、王秀英" in unfolded
