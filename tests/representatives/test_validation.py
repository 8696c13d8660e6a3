"""Every rule on a person or a mandate answers 400 with the field's Chinese message, and
stores nothing."""

from datetime import date, datetime

import pytest

from congress.personal import id_number_errors, make_id_number
from representatives.models import Deputy, DeputyGroup, Mandate
from tests.clock import SHANGHAI, frozen
from tests.representatives.conftest import SHANMEN, make_deputy

pytestmark = pytest.mark.django_db

GOOD_ID = make_id_number("430525", date(1980, 6, 15), 123, "M")


def person(**overrides) -> dict:
    data = {
        "name": "张三",
        "gender": "M",
        "ethnicity": "汉族",
        "birth_date": "1980-06-15",
        "affiliation": "cpc",
        "education": "bachelor",
        "occupation": "farmer",
        "workplace": "山门镇石桥村",
        "post": "村民",
        "phone": "13812345678",
        "id_number": GOOD_ID,
        "region": SHANMEN,
    }
    data.update(overrides)
    return data


def refused(response, field: str, text: str) -> None:
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["code"] == "invalid"
    assert any(text in message for message in body["fields"][field]), body


def test_staff_register_a_deputy_with_a_first_mandate(client_for, dongkou_staff, dongkou_term):
    response = client_for(dongkou_staff).post(
        "/api/v1/deputies/",
        person(congress=dongkou_term.congress_id, term=dongkou_term.pk, start_date="2021-09-28"),
        format="json",
    )
    assert response.status_code == 201, response.content
    deputy = Deputy.objects.get()
    assert (deputy.name_initials, deputy.region_id) == ("zs", SHANMEN)
    assert deputy.mandates.get().term == dongkou_term
    assert response.json()["id_number_masked"].startswith("430525********")


@pytest.mark.parametrize(
    "overrides, field, message",
    [
        ({"id_number": GOOD_ID[:17] + ("0" if GOOD_ID[17] != "0" else "1")}, "id_number", "校验码"),
        ({"id_number": "43052519800615"}, "id_number", "18位"),
        ({"birth_date": "1980-06-16"}, "birth_date", "出生日期与公民身份号码不一致"),
        ({"gender": "F"}, "gender", "性别与公民身份号码不一致"),
        ({"phone": "1381234567"}, "phone", "11位"),
        ({"phone": "23812345678"}, "phone", "11位"),
        ({"region": "431025"}, "region", "管辖范围"),
        ({"name": ""}, "name", "请填写此项"),
        ({"occupation": "astronaut"}, "occupation", "请选择代表构成类别"),
        ({"occupation": ""}, "occupation", "请选择代表构成类别"),
    ],
)
def test_bad_person_data_is_refused_and_nothing_is_stored(
    client_for, dongkou_staff, overrides, field, message
):
    response = client_for(dongkou_staff).post(
        "/api/v1/deputies/", person(**overrides), format="json"
    )
    refused(response, field, message)
    assert not Deputy.objects.exists()


def test_an_id_number_already_registered_is_refused(client_for, dongkou_staff, dongkou_deputy):
    response = client_for(dongkou_staff).post(
        "/api/v1/deputies/",
        person(id_number=dongkou_deputy.id_number, birth_date="1975-03-08"),
        format="json",
    )
    refused(response, "id_number", "已登记")
    assert Deputy.objects.count() == 1


def test_a_first_mandate_with_a_term_of_another_congress_stores_nothing(
    client_for, dongkou_staff, dongkou_term, shanmen_term
):
    response = client_for(dongkou_staff).post(
        "/api/v1/deputies/",
        person(congress=dongkou_term.congress_id, term=shanmen_term.pk, start_date="2021-09-28"),
        format="json",
    )
    refused(response, "term", "届次不属于")
    assert not Deputy.objects.exists() and not Mandate.objects.exists()


def test_edits_are_checked_like_registrations(client_for, dongkou_staff, dongkou_deputy):
    client = client_for(dongkou_staff)
    url = f"/api/v1/deputies/{dongkou_deputy.pk}/"
    refused(client.patch(url, {"phone": "12345"}, format="json"), "phone", "11位")
    refused(client.patch(url, {"birth_date": "1975-03-09"}, format="json"), "birth_date", "不一致")
    dongkou_deputy.refresh_from_db()
    assert (dongkou_deputy.phone, dongkou_deputy.birth_date) == ("13812345678", date(1975, 3, 8))

    response = client.patch(url, {"name": "章珊", "id_number": ""}, format="json")
    assert response.status_code == 200
    dongkou_deputy.refresh_from_db()
    assert (dongkou_deputy.name, dongkou_deputy.name_initials) == ("章珊", "zs")


def test_a_second_serving_mandate_in_the_same_congress_is_refused(
    client_for, dongkou_staff, dongkou_deputy, dongkou_term
):
    response = client_for(dongkou_staff).post(
        f"/api/v1/deputies/{dongkou_deputy.pk}/mandates/",
        {"congress": dongkou_term.congress_id, "term": dongkou_term.pk, "start_date": "2022-01-01"},
        format="json",
    )
    refused(response, "congress", "已有在任的代表资格")
    assert dongkou_deputy.mandates.count() == 1


def test_a_mandate_in_a_township_congress_can_be_added(
    client_for, dongkou_staff, dongkou_deputy, shanmen_term
):
    response = client_for(dongkou_staff).post(
        f"/api/v1/deputies/{dongkou_deputy.pk}/mandates/",
        {"congress": shanmen_term.congress_id, "term": shanmen_term.pk, "start_date": "2021-09-28"},
        format="json",
    )
    assert response.status_code == 201, response.content
    assert dongkou_deputy.mandates.count() == 2


def test_a_mandate_cannot_end_before_it_starts(client_for, dongkou_staff, dongkou_deputy):
    mandate = dongkou_deputy.mandates.get()
    response = client_for(dongkou_staff).post(
        f"/api/v1/mandates/{mandate.pk}/end/",
        {"status": "resigned", "end_date": "2020-01-01", "reason": "本人辞职"},
        format="json",
    )
    refused(response, "end_date", "结束日期不能早于开始日期")
    mandate.refresh_from_db()
    assert mandate.is_serving and mandate.end_date is None


def test_ending_a_mandate_needs_a_reason(client_for, dongkou_staff, dongkou_deputy):
    mandate = dongkou_deputy.mandates.get()
    response = client_for(dongkou_staff).post(
        f"/api/v1/mandates/{mandate.pk}/end/",
        {"status": "resigned", "end_date": "2024-01-01", "reason": ""},
        format="json",
    )
    refused(response, "reason", "")
    mandate.refresh_from_db()
    assert mandate.is_serving


def test_staff_end_a_mandate_with_reason_and_date_and_the_person_stays(
    client_for, dongkou_staff, dongkou_deputy
):
    mandate = dongkou_deputy.mandates.get()
    client = client_for(dongkou_staff)
    url = f"/api/v1/mandates/{mandate.pk}/end/"
    body = {"status": "transferred", "end_date": "2024-03-01", "reason": "调离洞口县"}

    response = client.post(url, body, format="json")

    assert response.status_code == 200
    mandate.refresh_from_db()
    assert (mandate.status, mandate.end_date, mandate.end_reason) == (
        "transferred",
        date(2024, 3, 1),
        "调离洞口县",
    )
    assert Deputy.objects.filter(pk=dongkou_deputy.pk).exists()
    assert client.post(url, body, format="json").status_code == 409
    timeline = client.get(f"/api/v1/deputies/{dongkou_deputy.pk}/").json()["timeline"]
    assert {"title": "洞口县人民代表大会代表资格调离", "detail": "调离洞口县"}.items() <= next(
        e for e in timeline if e["kind"] == "mandate_end"
    ).items()


def test_a_mandate_can_start_again_after_the_old_one_ended(client_for, dongkou_staff, dongkou_term):
    deputy = make_deputy("张三", term=dongkou_term)
    deputy.mandates.update(status="resigned", end_date="2022-01-01", end_reason="辞职")
    response = client_for(dongkou_staff).post(
        f"/api/v1/deputies/{deputy.pk}/mandates/",
        {"congress": dongkou_term.congress_id, "term": dongkou_term.pk, "start_date": "2023-01-01"},
        format="json",
    )
    assert response.status_code == 201


def test_a_form_gets_all_its_field_errors_at_once(client_for, dongkou_staff):
    bad_check_digit = GOOD_ID[:17] + ("0" if GOOD_ID[17] != "0" else "1")
    response = client_for(dongkou_staff).post(
        "/api/v1/deputies/",
        person(id_number=bad_check_digit, phone="1381234", occupation="", region=""),
        format="json",
    )
    assert response.status_code == 400
    assert set(response.json()["fields"]) == {"id_number", "phone", "occupation", "region"}
    assert not Deputy.objects.exists()


def test_staff_move_a_mandate_to_a_group_of_the_same_congress_only(
    client_for, dongkou_staff, dongkou_deputy, dongkou_term, shanmen_term
):
    own = DeputyGroup.objects.create(
        congress=dongkou_term.congress, name="山门镇代表小组", region_id=SHANMEN
    )
    other = DeputyGroup.objects.create(
        congress=shanmen_term.congress, name="第一代表小组", region_id=SHANMEN
    )
    mandate = dongkou_deputy.mandates.get()
    client = client_for(dongkou_staff)
    url = f"/api/v1/mandates/{mandate.pk}/"

    refused(client.patch(url, {"group": other.pk}, format="json"), "group", "不属于")
    response = client.patch(
        url, {"group": own.pk, "electoral_unit": "山门镇第3选区"}, format="json"
    )

    assert response.status_code == 200
    mandate.refresh_from_db()
    assert (mandate.group, mandate.electoral_unit) == (own, "山门镇第3选区")


def test_staff_move_a_deputy_to_another_township_of_their_county(
    client_for, dongkou_staff, dongkou_deputy
):
    response = client_for(dongkou_staff).patch(
        f"/api/v1/deputies/{dongkou_deputy.pk}/", {"region": "430525101"}, format="json"
    )
    assert response.status_code == 200, response.content
    dongkou_deputy.refresh_from_db()
    assert dongkou_deputy.region_id == "430525101"


def test_an_id_number_born_later_than_today_in_beijing_is_refused_and_today_is_not():
    today = datetime(2030, 1, 1, 0, 30, tzinfo=SHANGHAI)  # the date is read from Django's clock
    with frozen(today):
        assert id_number_errors(make_id_number("430525", date(2030, 1, 1), 1, "M")) == {}
        born_tomorrow = id_number_errors(make_id_number("430525", date(2030, 1, 2), 1, "M"))
    assert "出生日期无效" in born_tomorrow["id_number"]


def test_the_timeline_dates_a_registration_by_its_day_in_beijing(
    client_for, dongkou_staff, dongkou_term
):
    deputy = make_deputy("王新", term=dongkou_term)
    # 07:30 on 2 December in Beijing is 23:30 on 1 December in UTC.
    Deputy.objects.filter(pk=deputy.pk).update(
        created_at=datetime(2026, 12, 2, 7, 30, tzinfo=SHANGHAI)
    )
    timeline = client_for(dongkou_staff).get(f"/api/v1/deputies/{deputy.pk}/").json()["timeline"]
    assert next(e for e in timeline if e["kind"] == "registered")["date"] == "2026-12-02"
