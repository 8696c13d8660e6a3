import io
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from congress.models import Congress
from liaison_stations.models import StationVisit, VisitPhoto
from liaison_stations.selectors import visits_for_deputies
from representatives.models import DeputyGroup
from tests.clock import NOW, frozen
from tests.conftest import DONGKOU, LINWU

from .conftest import make_deputy, make_station

pytestmark = pytest.mark.django_db
URL = "/api/v1/liaison/visits/"


def jpeg(size=(2400, 1800), name="visit.jpg") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, (180, 30, 30)).save(buffer, "JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def visit_form(station_, **extra):
    return {
        "station": station_.pk,
        "date": timezone.localdate().isoformat(),
        "kind": "reception",
        "people_received": 6,
        "matters": "村道破损，雨天积水",
        **extra,
    }


def test_a_deputy_logs_their_own_visit_with_a_photo_resized_on_the_server(
    client_for, deputy_user, wang, dongkou_station
):
    response = client_for(deputy_user).post(
        URL, visit_form(dongkou_station, photos=[jpeg()]), format="multipart"
    )
    assert response.status_code == 201, response.json()
    visit = StationVisit.objects.get()
    assert (visit.deputy, visit.station, visit.kind, visit.confirmed) == (
        wang,
        dongkou_station,
        "reception",
        False,
    )
    with Image.open(visit.photos.get().image.path) as stored:
        assert max(stored.size) == 1600 and stored.format == "JPEG"


def test_online_reception_counts_as_a_visit(client_for, deputy_user, wang, dongkou_station):
    response = client_for(deputy_user).post(
        URL, visit_form(dongkou_station, online=True), format="json"
    )
    assert response.status_code == 201
    assert StationVisit.objects.get().online


def test_a_deputy_logs_for_their_group_and_each_member_gets_a_row(
    client_for, deputy_user, wang, colleague, dongkou_station, dongkou_group
):
    response = client_for(deputy_user).post(
        URL,
        visit_form(dongkou_station, kind="group_activity", group=dongkou_group.pk),
        format="json",
    )
    assert response.status_code == 201
    rows = StationVisit.objects.order_by("deputy_id")
    assert [r.deputy_id for r in rows] == [wang.pk, colleague.pk]
    assert len({r.batch for r in rows}) == 1 and rows[0].batch


def test_a_deputy_cannot_log_for_another_deputy_or_another_group(
    client_for, deputy_user, wang, colleague, dongkou_station, regions
):
    other_group = DeputyGroup.objects.create(
        congress=Congress.objects.get(region_id=DONGKOU), name="石江镇代表小组", region_id=DONGKOU
    )
    client = client_for(deputy_user)
    response = client.post(
        URL, visit_form(dongkou_station, deputy_ids=[colleague.pk]), format="json"
    )
    assert response.status_code == 400
    assert "本人" in response.json()["fields"]["deputy_ids"][0]
    response = client.post(URL, visit_form(dongkou_station, group=other_group.pk), format="json")
    assert response.status_code == 400
    assert "group" in response.json()["fields"]
    assert not StationVisit.objects.exists()


def test_a_deputy_cannot_log_at_a_station_they_are_not_grouped_into(
    client_for, deputy_user, wang, regions
):
    elsewhere = make_station(DONGKOU, "石江镇代表联络站")
    response = client_for(deputy_user).post(URL, visit_form(elsewhere), format="json")
    assert response.status_code == 400
    assert "未编组" in response.json()["fields"]["station"][0]


@pytest.mark.parametrize(
    "bad, field, message",
    [
        ({"date": (NOW.date() + timedelta(days=1)).isoformat()}, "date", "不能晚于今天"),
        ({"station": 999999}, "station", "联络站不存在"),
        ({"kind": "party"}, "kind", "活动类型"),
        ({"kind": "other"}, "kind_other", "请说明"),
        ({"people_received": -3}, "people_received", ""),
    ],
)
def test_bad_input_is_a_400_with_the_fields_message_and_stores_nothing(
    client_for, deputy_user, wang, dongkou_station, bad, field, message
):
    # "Tomorrow" is fixed when the parameters are collected: the request runs on that same day
    # (on the real clock, a run collected at 23:59 posts it after midnight, when it is today).
    with frozen():
        response = client_for(deputy_user).post(
            URL, visit_form(dongkou_station, photos=[jpeg()], **bad), format="multipart"
        )
    assert response.status_code == 400
    assert message in response.json()["fields"][field][0]
    assert not StationVisit.objects.exists() and not VisitPhoto.objects.exists()


def test_a_30_mb_photo_is_refused_and_nothing_is_stored(
    client_for, deputy_user, wang, dongkou_station
):
    huge = SimpleUploadedFile(
        "big.jpg", b"\xff\xd8\xff\xe0" + b"\0" * (30 * 1024 * 1024), content_type="image/jpeg"
    )
    response = client_for(deputy_user).post(
        URL, visit_form(dongkou_station, photos=[huge]), format="multipart"
    )
    assert response.status_code == 400
    assert "10 MB" in response.json()["fields"]["photos"][0]
    assert not StationVisit.objects.exists()


def test_an_executable_renamed_jpg_is_refused_and_nothing_is_stored(
    client_for, deputy_user, wang, dongkou_station, settings
):
    exe = SimpleUploadedFile(
        "photo.jpg", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00PE" * 4000, content_type="image/jpeg"
    )
    response = client_for(deputy_user).post(
        URL, visit_form(dongkou_station, photos=[jpeg(), exe]), format="multipart"
    )
    assert response.status_code == 400
    assert "有效的图片" in response.json()["fields"]["photos"][0]
    assert not StationVisit.objects.exists()
    media = settings.MEDIA_ROOT
    assert not media.exists() or not any(p.is_file() for p in media.rglob("*"))


def test_staff_log_a_group_visit_confirmed_and_confirm_a_deputys_own_log(
    client_for, dongkou_staff, deputy_user, wang, colleague, dongkou_station, dongkou_group
):
    staff = client_for(dongkou_staff)
    response = staff.post(
        URL, visit_form(dongkou_station, kind="research", group=dongkou_group.pk), format="json"
    )
    assert response.status_code == 201
    assert StationVisit.objects.filter(confirmed=True).count() == 2

    own = client_for(deputy_user).post(URL, visit_form(dongkou_station), format="json").json()[0]
    response = staff.post(URL + "confirm/", {"ids": [own["id"]]}, format="json")
    assert response.json() == {"confirmed": 1}
    assert StationVisit.objects.get(pk=own["id"]).confirmed_by == dongkou_staff


def test_staff_of_another_county_cannot_log_or_confirm_or_see_visits(
    client_for, linwu_staff, deputy_user, wang, dongkou_station
):
    own = client_for(deputy_user).post(URL, visit_form(dongkou_station), format="json").json()[0]
    linwu = client_for(linwu_staff)
    response = linwu.post(URL, visit_form(dongkou_station, deputy_ids=[wang.pk]), format="json")
    assert response.status_code == 400
    assert StationVisit.objects.count() == 1
    assert linwu.post(URL + "confirm/", {"ids": [own["id"]]}, format="json").status_code == 400
    assert linwu.get(URL).json()["count"] == 0
    assert not StationVisit.objects.get().confirmed


def test_a_deputy_sees_only_their_own_visits(
    client_for, deputy_user, dongkou_staff, wang, colleague, dongkou_station
):
    client_for(dongkou_staff).post(
        URL, visit_form(dongkou_station, deputy_ids=[wang.pk, colleague.pk]), format="json"
    )
    rows = client_for(deputy_user).get(URL).json()["results"]
    assert [r["deputy_name"] for r in rows] == ["王秀英"]


def test_the_visit_list_costs_the_same_queries_for_one_row_or_thirty(
    client_for, dongkou_staff, dongkou_station, wang, django_assert_max_num_queries
):
    staff = client_for(dongkou_staff)
    staff.post(URL, visit_form(dongkou_station, deputy_ids=[wang.pk]), format="json")
    with django_assert_max_num_queries(8):
        assert staff.get(URL).status_code == 200
    for n in range(6):
        d = make_deputy(f"代表{n}", DONGKOU)
        dongkou_station.memberships.create(deputy=d)
        staff.post(
            URL,
            visit_form(dongkou_station, deputy_ids=[d.pk], photos=[jpeg((40, 40))]),
            format="multipart",
        )
    with django_assert_max_num_queries(8):
        assert staff.get(URL + "?page_size=30").json()["count"] == 7


def test_the_evaluation_reads_confirmed_visits_of_some_deputies(
    client_for, dongkou_staff, deputy_user, wang, colleague, dongkou_station
):
    client_for(dongkou_staff).post(
        URL, visit_form(dongkou_station, deputy_ids=[colleague.pk]), format="json"
    )
    client_for(deputy_user).post(URL, visit_form(dongkou_station), format="json")
    today = timezone.localdate()
    confirmed = visits_for_deputies(
        viewer=None, deputy_ids=[wang.pk, colleague.pk], start=today, end=today
    )
    assert [(v.deputy_id, v.kind, v.confirmed) for v in confirmed] == [
        (colleague.pk, "reception", True)
    ]
    everything = visits_for_deputies(
        viewer=None, deputy_ids=[wang.pk], start=today, end=today, confirmed_only=False
    )
    assert everything.count() == 1


def test_other_county_deputies_are_not_loggable_by_staff(
    client_for, dongkou_staff, dongkou_station, regions
):
    linwu_deputy = make_deputy("赵敏", LINWU)
    response = client_for(dongkou_staff).post(
        URL, visit_form(dongkou_station, deputy_ids=[linwu_deputy.pk]), format="json"
    )
    assert response.status_code == 400
    assert not StationVisit.objects.exists()


def test_visit_photos_are_served_only_within_the_visits_scope(
    client_for, deputy_user, dongkou_staff, linwu_staff, wang, dongkou_station
):
    client_for(deputy_user).post(
        URL, visit_form(dongkou_station, photos=[jpeg((300, 200))]), format="multipart"
    )
    photo_url = client_for(dongkou_staff).get(URL).json()["results"][0]["photos"][0]
    response = client_for(dongkou_staff).get(photo_url)
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    # congress.downloads.file_response: the viewer's own browser may keep it, no shared cache
    assert response["Cache-Control"] == "private, max-age=3600"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert client_for(deputy_user).get(photo_url).status_code == 200
    assert client_for(linwu_staff).get(photo_url).status_code == 404
