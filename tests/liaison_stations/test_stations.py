import io
import json
from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from congress.dashboards.services import facts_refresh
from liaison_stations.models import (
    DutyShift,
    LiaisonStation,
    Rating,
    StandardCriterion,
    StationMembership,
    StationVisit,
)
from liaison_stations.services.opinions import opinion_submit
from liaison_stations.services.roster import duty_rule_create, roster_generate
from liaison_stations.services.triage import opinion_answer
from liaison_stations.stats import quarter_bounds
from representatives.models import Mandate
from tests.clock import frozen
from tests.conftest import DONGKOU, LINWU

from .conftest import make_deputy, make_station

pytestmark = pytest.mark.django_db
API = "/api/v1/liaison/stations/"


def test_staff_create_a_station_in_their_county_and_not_in_another(client_for, dongkou_staff):
    staff = client_for(dongkou_staff)
    form = {
        "name": "高沙镇代表联络站",
        "kind": "station",
        "region": "430525101",
        "address": "高沙镇人民路8号",
    }
    response = staff.post(API, form, format="json")
    assert response.status_code == 201, response.json()
    response = staff.post(API, {**form, "name": "外县站", "region": LINWU}, format="json")
    assert response.status_code == 404  # another county's region reads like no region
    assert response.json()["code"] == "not_found"
    response = staff.post(API, {**form, "name": "坐标错", "latitude": "123.5"}, format="json")
    assert response.status_code == 400 and "纬度" in response.json()["fields"]["latitude"][0]
    assert LiaisonStation.objects.count() == 1


def test_staff_of_one_county_see_nothing_of_anothers_stations(
    client_for, linwu_staff, dongkou_station, linwu_station
):
    linwu = client_for(linwu_staff)
    names = [s["name"] for s in linwu.get(API).json()["results"]]
    assert names == ["舜峰镇代表联络站"]
    for url in (
        f"{API}{dongkou_station.pk}/",
        f"{API}{dongkou_station.pk}/checklist/",
        f"{API}{dongkou_station.pk}/members/",
        f"{API}{dongkou_station.pk}/roster/",
        f"/stations/{dongkou_station.pk}/",
        f"/stations/{dongkou_station.pk}/qr.png",
        f"/stations/{dongkou_station.pk}/poster/",
    ):
        assert linwu.get(url).status_code == 404, url
    response = linwu.patch(f"{API}{dongkou_station.pk}/", {"name": "改名"}, format="json")
    assert response.status_code == 404
    stats = linwu.get("/api/v1/liaison/statistics/").json()
    assert [s["name"] for s in stats["stations"]] == ["舜峰镇代表联络站"]


def test_city_staff_see_the_stations_of_their_counties(
    client_for, shaoyang_staff, dongkou_station, linwu_station
):
    names = [s["name"] for s in client_for(shaoyang_staff).get(API).json()["results"]]
    assert names == ["文昌街道代表联络站"]


def test_an_account_without_a_role_is_refused(client_for, outsider, dongkou_station):
    client = client_for(outsider)
    assert client.get(API).status_code == 403
    assert client.get("/api/v1/liaison/visits/").status_code == 403
    assert client.get("/stations/").status_code == 403


def test_a_supervisor_reads_stations_but_cannot_change_them(
    client_for, supervisor, dongkou_station
):
    client = client_for(supervisor)
    assert client.get(f"{API}{dongkou_station.pk}/").status_code == 200
    assert (
        client.patch(f"{API}{dongkou_station.pk}/", {"name": "x"}, format="json").status_code == 403
    )


def test_the_checklist_records_each_criterion_met_or_not_with_evidence(
    client_for, dongkou_staff, dongkou_station
):
    signs = StandardCriterion.objects.create(category="build", title="有统一标识标牌", order=1)
    rules = StandardCriterion.objects.create(category="manage", title="制度上墙", order=2)
    staff = client_for(dongkou_staff)
    response = staff.put(
        f"{API}{dongkou_station.pk}/checklist/",
        {
            "items": [
                {"criterion": signs.pk, "met": True, "evidence": "门牌照片"},
                {"criterion": rules.pk, "met": False},
            ]
        },
        format="json",
    )
    assert response.status_code == 200
    assert (response.json()["met"], response.json()["total"]) == (1, 2)
    response = staff.patch(f"{API}{dongkou_station.pk}/", {"rating": "exemplary"}, format="json")
    assert response.json()["rating_display"] == "示范站/标杆站"


def test_grouping_gaps_list_serving_deputies_who_belong_to_no_station(
    client_for, dongkou_staff, linwu_staff, wang, regions
):
    lonely = make_deputy("孤立代表", DONGKOU)
    make_deputy("临武代表", LINWU)
    gaps = client_for(dongkou_staff).get("/api/v1/liaison/grouping-gaps/").json()["results"]
    assert [g["name"] for g in gaps] == [lonely.name]
    assert [
        g["name"]
        for g in client_for(linwu_staff).get("/api/v1/liaison/grouping-gaps/").json()["results"]
    ] == ["临武代表"]


def test_staff_group_deputies_into_a_station_and_end_a_membership(
    client_for, dongkou_staff, dongkou_station, regions
):
    a, b = make_deputy("甲", DONGKOU), make_deputy("乙", DONGKOU)
    staff = client_for(dongkou_staff)
    response = staff.post(
        f"{API}{dongkou_station.pk}/members/", {"deputy_ids": [a.pk, b.pk]}, format="json"
    )
    assert response.status_code == 201
    linwu_deputy = make_deputy("丙", LINWU)
    response = staff.post(
        f"{API}{dongkou_station.pk}/members/", {"deputy_ids": [linwu_deputy.pk]}, format="json"
    )
    assert response.status_code == 400
    membership = StationMembership.objects.get(deputy=a)
    assert staff.post(f"/api/v1/liaison/memberships/{membership.pk}/end/").status_code == 200
    assert staff.post(f"/api/v1/liaison/memberships/{membership.pk}/end/").status_code == 409
    assert [
        m["deputy_name"] for m in staff.get(f"{API}{dongkou_station.pk}/members/").json()["results"]
    ] == ["乙"]


def test_the_public_page_shows_the_station_and_its_deputies_but_no_personal_or_private_data(
    client, dongkou_station, wang, colleague
):
    DutyShift.objects.create(
        station=dongkou_station,
        deputy=wang,
        date=timezone.localdate() + timedelta(days=3),
        start_time="09:00",
        end_time="12:00",
    )
    StandardCriterion.objects.create(category="build", title="内部核查项", order=1)
    for url in (
        f"/s/{dongkou_station.public_code}/",
        f"/api/v1/public/stations/{dongkou_station.public_code}/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        text = response.content.decode()
        for shown in ("文昌街道代表联络站", "王秀英", "李建国", "文昌街道代表小组"):
            assert shown in text or json.dumps(shown)[1:-1] in text, (url, shown)
        for secret in (
            wang.phone,
            wang.id_number,
            colleague.phone,
            colleague.id_number,
            dongkou_station.contact_phone,
            dongkou_station.contact_name,
            dongkou_station.feed_token,
            "内部核查项",
            "1975-01-01",
        ):
            assert secret not in text and json.dumps(secret)[1:-1] not in text, (url, secret)
    data = client.get(f"/api/v1/public/stations/{dongkou_station.public_code}/").json()
    assert data["next_duty"]["deputies"] == ["王秀英"]
    assert set(data) == {
        "code",
        "name",
        "kind_display",
        "region_name",
        "address",
        "opening_rules",
        "photo_url",
        "deputies",
        "next_duty",
    }
    assert set(data["deputies"][0]) == {"name", "photo_url", "group", "levels"}


def test_a_private_or_closed_station_has_no_public_page(client, dongkou_station):
    dongkou_station.is_public = False
    dongkou_station.save()
    assert client.get(f"/s/{dongkou_station.public_code}/").status_code == 404
    assert client.get("/s/NOTACODE/").status_code == 404


def test_the_qr_code_downloads_as_png_and_svg_and_the_poster_prints_it(
    client_for, dongkou_staff, dongkou_station
):
    staff = client_for(dongkou_staff)
    png = staff.get(f"/stations/{dongkou_station.pk}/qr.png")
    assert png.status_code == 200 and png.getvalue().startswith(b"\x89PNG")
    assert png["Cache-Control"] == "private, no-store"
    assert (
        png["Content-Disposition"] == f'attachment; filename="station-{dongkou_station.pk}-qr.png"'
    )
    svg = staff.get(f"/stations/{dongkou_station.pk}/qr.svg")
    assert svg["Content-Type"] == "image/svg+xml" and b"<svg" in svg.getvalue()
    # The poster page shows that same SVG as an image, and prints the public address under it.
    poster = staff.get(f"/stations/{dongkou_station.pk}/poster/")
    assert poster.context["page_component"] == "liaison_stations/StationPoster"
    assert poster.context["bare"] is True
    props = poster.context["page_props"]
    assert props["publicUrl"].endswith(f"/s/{dongkou_station.public_code}/")
    assert props["station"] == {
        "id": dongkou_station.pk,
        "name": "文昌街道代表联络站",
        "address": "镇政府一楼",
        "openingRules": "每月6日、16日、26日 9:00-12:00",
    }


def test_coverage_counts_grouped_deputies_who_visited_their_station_this_quarter(
    client_for, dongkou_staff, dongkou_station, wang, colleague, regions
):
    today = timezone.localdate()
    quarter = (today.month - 1) // 3 + 1
    q_start, _end = quarter_bounds(today.year, quarter)
    third = make_deputy("第三位", DONGKOU)
    dongkou_station.memberships.create(deputy=third)
    other_station = make_station(DONGKOU, "石江镇代表联络站")
    outsider_deputy = make_deputy("不在本站", DONGKOU)
    other_station.memberships.create(deputy=outsider_deputy)
    for deputy, day, station in [
        (wang, today, dongkou_station),
        (wang, q_start, dongkou_station),  # twice: still one deputy
        (colleague, q_start - timedelta(days=1), dongkou_station),  # last quarter: not counted
        (outsider_deputy, today, dongkou_station),  # not grouped here: not counted here
    ]:
        StationVisit.objects.create(deputy=deputy, station=station, date=day, kind="reception")
    stats = (
        client_for(dongkou_staff)
        .get(f"/api/v1/liaison/statistics/?year={today.year}&quarter={quarter}")
        .json()
    )
    row = next(s for s in stats["stations"] if s["id"] == dongkou_station.pk)
    assert (row["members"], row["visitors"], row["coverage"]) == (3, 1, round(1 / 3, 4))
    other = next(s for s in stats["stations"] if s["id"] == other_station.pk)
    assert (other["members"], other["visitors"]) == (1, 0)
    totals = stats["totals"]
    assert (totals["grouped_deputies"], totals["visited_deputies"]) == (4, 1)
    assert totals["visits_by_month"][today.month - 1] >= 2


def test_a_deputy_grouped_at_two_stations_counts_once_in_the_totals_and_visits_by_month_agree(
    client_for, dongkou_staff, dongkou_station, wang, colleague, regions
):
    """Members and visitors per station, and the distinct totals, as one statement; the visits
    of each month from the dashboard's rows once they are built, the same as counted."""
    today = timezone.localdate()
    quarter = (today.month - 1) // 3 + 1
    q_start, _end = quarter_bounds(today.year, quarter)
    second = make_station(DONGKOU, "石江镇代表联络站")
    second.memberships.create(deputy=wang)  # grouped at both stations
    gone = make_deputy("已辞职", DONGKOU)
    dongkou_station.memberships.create(deputy=gone)
    Mandate.objects.filter(deputy=gone).update(status="resigned", end_date=today)
    for deputy, station, day in [
        (wang, dongkou_station, today),
        (wang, second, q_start),
        (gone, dongkou_station, today),  # no longer serving: a visit, not a visitor
        (colleague, second, today),  # not grouped there: a visit, not a visitor
        (colleague, second, date(today.year, 1, 1) if quarter > 1 else q_start),
    ]:
        StationVisit.objects.create(deputy=deputy, station=station, date=day, kind="reception")
    url = f"/api/v1/liaison/statistics/?year={today.year}&quarter={quarter}"
    staff = client_for(dongkou_staff)
    live = staff.get(url).json()
    rows = {s["id"]: s for s in live["stations"]}
    first, other = rows[dongkou_station.pk], rows[second.pk]
    assert (first["members"], first["visitors"], first["visits_in_quarter"]) == (2, 1, 2)
    assert (other["members"], other["visitors"]) == (1, 1)
    assert other["visits_in_quarter"] == (3 if quarter == 1 else 2)
    assert (live["totals"]["grouped_deputies"], live["totals"]["visited_deputies"]) == (2, 1)
    assert sum(live["totals"]["visits_by_month"]) == 5
    counts = [first["members"], first["visitors"], first["visits_in_quarter"],
              live["totals"]["grouped_deputies"], live["totals"]["visited_deputies"]]  # fmt: skip
    assert all(type(n) is int for n in counts), counts  # 2, not 2.0 (a numeric's Decimal)

    facts_refresh()
    kept = staff.get(url).json()
    assert kept["totals"]["visits_by_month"] == live["totals"]["visits_by_month"]
    assert kept == live


@pytest.fixture
def one_day():
    """The statistics default to this year: something received four days ago is last year's
    on the first days of January, unless "today" is a fixed day."""
    with frozen():
        yield


def test_opinion_figures_count_received_answered_overdue_and_time_to_answer(
    one_day, client_for, dongkou_staff, dongkou_station
):
    now = timezone.now()
    first = opinion_submit(
        station=dongkou_station,
        source="station",
        title="一",
        content="内容内容内容",
        received_at=now - timedelta(days=4),
    )
    opinion_answer(actor=dongkou_staff, opinion=first, answer="已办好")
    late = opinion_submit(
        station=dongkou_station, source="station", title="二", content="内容内容内容"
    )
    late.status, late.due_date = "forwarded", timezone.localdate() - timedelta(days=2)
    late.save()
    opinion_submit(station=dongkou_station, source="station", title="三", content="内容内容内容")
    totals = client_for(dongkou_staff).get("/api/v1/liaison/statistics/").json()["totals"]
    assert (
        totals["opinions_received"],
        totals["opinions_answered"],
        totals["opinions_overdue"],
    ) == (3, 1, 1)
    assert totals["average_days_to_answer"] == pytest.approx(4.0, abs=0.1)


def test_the_station_list_costs_the_same_queries_for_one_or_many(
    client_for, dongkou_staff, dongkou_station, django_assert_max_num_queries
):
    staff = client_for(dongkou_staff)
    with django_assert_max_num_queries(8):
        staff.get(API)
    for n in range(12):
        make_station(DONGKOU, f"第{n}站")
    with django_assert_max_num_queries(8):
        assert staff.get(API + "?page_size=50").json()["count"] == 13


def test_quarter_bounds_cover_the_whole_quarter():
    assert quarter_bounds(2026, 1) == (date(2026, 1, 1), date(2026, 3, 31))
    assert quarter_bounds(2026, 4) == (date(2026, 10, 1), date(2026, 12, 31))


@pytest.mark.parametrize(
    "persona, allowed",
    [
        ("dongkou_staff", {"/stations/", "/opinions/", "/station-statistics/"}),
        ("supervisor", {"/stations/", "/station-statistics/"}),
        ("unit_user", {"/opinions/"}),
        ("deputy_user", {"/my-station/", "/opinions/"}),
    ],
)
def test_each_role_opens_its_pages_and_is_refused_the_others(
    request, client_for, wang, dongkou_station, persona, allowed
):
    client = client_for(request.getfixturevalue(persona))
    for url in ("/stations/", "/opinions/", "/station-statistics/", "/my-station/"):
        expected = 200 if url in allowed else 403
        assert client.get(url).status_code == expected, (persona, url)


def test_a_deputy_who_left_office_is_neither_shown_nor_counted_nor_put_on_duty(
    client, client_for, dongkou_staff, dongkou_station, wang, colleague
):
    Mandate.objects.filter(deputy=colleague).update(
        status="resigned", end_date=timezone.localdate()
    )
    data = client.get(f"/api/v1/public/stations/{dongkou_station.public_code}/").json()
    assert [d["name"] for d in data["deputies"]] == ["王秀英"]
    stats = client_for(dongkou_staff).get("/api/v1/liaison/statistics/").json()
    assert stats["totals"]["grouped_deputies"] == 1
    duty_rule_create(station=dongkou_station, kind="days_of_month", days=[6])
    roster_generate(station=dongkou_station, start=date(2027, 1, 1), months=2)
    assert set(DutyShift.objects.values_list("deputy_id", flat=True)) == {wang.pk}


def test_a_station_photo_is_checked_resized_and_shown_on_the_public_page(
    client, client_for, dongkou_staff, dongkou_station
):
    staff = client_for(dongkou_staff)
    url = f"{API}{dongkou_station.pk}/photo/"
    fake = SimpleUploadedFile("door.jpg", b"#!/bin/sh\nrm -rf /\n" * 50, content_type="image/jpeg")
    response = staff.post(url, {"photo": fake}, format="multipart")
    assert response.status_code == 400 and "有效的图片" in response.json()["fields"]["photo"][0]
    dongkou_station.refresh_from_db()
    assert not dongkou_station.photo

    buffer = io.BytesIO()
    Image.new("RGB", (3200, 2400), (120, 20, 20)).save(buffer, "PNG")
    png = SimpleUploadedFile("door.png", buffer.getvalue(), content_type="image/png")
    assert staff.post(url, {"photo": png}, format="multipart").status_code == 200
    public = client.get(f"/s/{dongkou_station.public_code}/photo/")
    assert public.status_code == 200
    assert public["Cache-Control"] == "private, max-age=3600"
    with Image.open(io.BytesIO(b"".join(public.streaming_content))) as shown:
        assert shown.format == "JPEG" and max(shown.size) == 1600


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/liaison/stations/?region={code}",
        "/api/v1/liaison/grouping-gaps/?region={code}",
        "/api/v1/liaison/statistics/?region={code}",
    ],
)
def test_a_region_filter_outside_the_viewers_scope_is_a_404_and_their_own_is_not(
    client_for, dongkou_staff, dongkou_station, linwu_station, url
):
    staff = client_for(dongkou_staff)
    for foreign in (LINWU, "439999"):  # another county, and no county at all
        response = staff.get(url.format(code=foreign))
        assert response.status_code == 404, foreign
        assert response.json()["code"] == "not_found"
    assert staff.get(url.format(code=DONGKOU)).status_code == 200


def test_the_pages_are_compiled_components_given_ids_and_flags_never_markup(
    client_for, dongkou_staff, unit_user, wang, dongkou_station, linwu_station
):
    staff = client_for(dongkou_staff)
    detail = staff.get(f"/stations/{dongkou_station.pk}/")
    assert detail.context["page_component"] == "liaison_stations/StationDetail"
    assert detail.context["page_title"] == "文昌街道代表联络站"
    props = detail.context["page_props"]
    assert props["id"] == dongkou_station.pk
    assert props["can"] == {"manage": True, "duty": True, "confirm": True}
    assert {"value": "substandard", "label": "未达标"} in props["ratings"]

    board = staff.get("/opinions/").context["page_props"]
    assert board["can"] == {"triage": True} and board["me"] == dongkou_staff.pk
    assert [s["name"] for s in board["stations"]] == ["文昌街道代表联络站"]  # not 临武县's
    unit_board = client_for(unit_user).get("/opinions/").context
    assert unit_board["page_title"] == "转办的社情民意"
    assert unit_board["page_props"]["can"] == {"triage": False}
    assert unit_board["page_props"]["stations"] == []

    public = client_for(None).get(f"/s/{dongkou_station.public_code}/").context
    assert public["bare"] is True and public["page_component"] == "liaison_stations/PublicStation"
    assert [d["name"] for d in public["page_props"]["station"]["deputies"]] == ["王秀英"]
    assert set(public["page_props"]["challenge"]) == {"question", "token"}
    track = client_for(None).get("/track/?code=abc123").context
    assert track["bare"] is True and track["page_props"] == {"code": "abc123"}


def test_duty_rules_and_station_figures_carry_their_labels_in_the_readers_language(
    client_for, dongkou_staff, dongkou_station, settings
):
    duty_rule_create(station=dongkou_station, kind="days_of_month", days=[6, 16, 26])
    duty_rule_create(station=dongkou_station, kind="weekday", days=[5])
    LiaisonStation.objects.filter(pk=dongkou_station.pk).update(rating=Rating.SUBSTANDARD)
    staff = client_for(dongkou_staff)
    rules = staff.get(f"/api/v1/liaison/stations/{dongkou_station.pk}/duty-rules/").json()
    assert [r["description"] for r in rules] == ["每月6日、16日、26日", "每周星期六"]
    row = staff.get("/api/v1/liaison/statistics/").json()["stations"][0]
    assert (row["kind_display"], row["rating_display"]) == ("代表联络站", "未达标")

    staff.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    row = staff.get("/api/v1/liaison/statistics/").json()["stations"][0]
    assert row["rating_display"] == "Below standard"
