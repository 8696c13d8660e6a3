"""Import: everything is checked first, every bad row is named, nothing is written unless the
whole file is valid, and importing again creates no duplicates."""

import io
from datetime import date

import pytest
from openpyxl import load_workbook

from congress.models import AuditLog
from congress.personal import make_id_number
from representatives.models import Deputy, DeputyGroup, Mandate
from tests.representatives.conftest import generated_rows, make_deputy, person_row, register_file

pytestmark = pytest.mark.django_db
URL = "/api/v1/deputies/import/"


def upload(client, rows, term, **extra):
    return client.post(
        URL,
        {"file": register_file(rows), "congress": term.congress_id, "term": term.pk, **extra},
        format="multipart",
    )


def test_the_template_has_every_column_and_a_notes_sheet(client_for, dongkou_staff):
    response = client_for(dongkou_staff).get("/api/v1/deputies/import/template/")
    assert response.status_code == 200
    wb = load_workbook(io.BytesIO(response.content))
    headers = [c.value for c in wb.worksheets[0][1]]
    assert headers[:5] == ["姓名*", "性别", "民族*", "出生日期", "公民身份号码*"]
    assert "填写说明" in wb.sheetnames


def test_a_valid_file_registers_people_mandates_and_groups(client_for, dongkou_staff, dongkou_term):
    response = upload(client_for(dongkou_staff), generated_rows(3, town="山门镇"), dongkou_term)

    assert response.status_code == 200, response.content
    assert (
        response.json().items()
        >= {"rows": 3, "created": 3, "mandates_created": 3, "groups_created": 3}.items()
    )
    deputy = Deputy.objects.order_by("id").first()
    assert deputy.region_id == "430525107"
    assert deputy.gender == "F" and deputy.birth_date == date(1960, 1, 1)  # read from the ID number
    mandate = deputy.mandates.get()
    assert (mandate.term, mandate.group.name, mandate.start_date) == (
        dongkou_term,
        "第1代表小组",
        dongkou_term.start_date,
    )
    assert AuditLog.objects.filter(action="import", actor_id=dongkou_staff.pk).exists()


def test_one_bad_row_among_500_good_ones_writes_nothing_and_names_the_row(
    client_for, dongkou_staff, dongkou_term
):
    rows = generated_rows(501)
    bad = rows[255]
    bad[4] = bad[4][:17] + ("0" if bad[4][17] != "0" else "1")  # a wrong check digit

    response = upload(client_for(dongkou_staff), rows, dongkou_term)

    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "import_invalid"
    assert body["errors"] == [
        {"row": 257, "column": "公民身份号码", "message": "公民身份号码校验码不正确，请核对。"}
    ]
    assert "1行" in body["message"]
    assert not Deputy.objects.exists()
    assert not Mandate.objects.exists()
    assert not DeputyGroup.objects.exists()


def test_every_bad_row_is_reported_with_its_column(client_for, dongkou_staff, dongkou_term):
    rows = generated_rows(6)
    rows[0][5] = "12345"  # phone
    rows[1][2] = "火星族"  # ethnicity
    rows[2][3] = "1961-13-40"  # birth date
    rows[3][0] = ""  # name
    rows[4][4] = rows[5][4]  # duplicate ID in the file
    rows[4][11] = "临武县"  # a region outside the scope

    response = upload(client_for(dongkou_staff), rows, dongkou_term)

    found = {(e["row"], e["column"]) for e in response.json()["errors"]}
    assert found >= {
        (2, "手机号码"),
        (3, "民族"),
        (4, "出生日期"),
        (5, "姓名"),
        (6, "所属区划"),
        (7, "公民身份号码"),
    }
    assert not Deputy.objects.exists()


def test_importing_the_same_file_again_changes_nothing(client_for, dongkou_staff, dongkou_term):
    client, rows = client_for(dongkou_staff), generated_rows(40)
    assert upload(client, rows, dongkou_term).status_code == 200

    again = upload(client, rows, dongkou_term)

    assert again.status_code == 200
    assert (
        again.json().items()
        >= {"created": 0, "updated": 0, "unchanged": 40, "mandates_created": 0}.items()
    )
    assert Deputy.objects.count() == 40
    assert Mandate.objects.count() == 40


def test_a_person_is_matched_by_id_number_and_updated(client_for, dongkou_staff, dongkou_term):
    existing = make_deputy("张三", phone="13800000000")
    row = person_row("张三", existing.id_number, phone="13911112222", region="")

    response = upload(client_for(dongkou_staff), [row], dongkou_term)

    assert response.json().items() >= {"created": 0, "updated": 1, "mandates_created": 1}.items()
    existing.refresh_from_db()
    assert existing.phone == "13911112222"
    assert Deputy.objects.count() == 1


def test_a_person_registered_by_another_county_is_not_touched(
    client_for, dongkou_staff, dongkou_term, linwu_deputy
):
    row = person_row("李四", linwu_deputy.id_number, region="")
    response = upload(client_for(dongkou_staff), [row], dongkou_term)
    assert response.status_code == 400
    assert response.json()["errors"][0]["row"] == 2
    linwu_deputy.refresh_from_db()
    assert linwu_deputy.mandates.count() == 1


def test_a_congress_outside_the_scope_is_refused(client_for, dongkou_staff, linwu_term):
    response = upload(client_for(dongkou_staff), generated_rows(2), linwu_term)
    assert response.status_code == 400
    # the same words as for a congress that does not exist (test_error_disclosure.py)
    assert response.json()["fields"]["congress"] == ["所选的记录不存在，或您无权查看。"]
    assert not Deputy.objects.exists()


def test_a_file_that_is_not_a_workbook_is_refused(client_for, dongkou_staff, dongkou_term):
    file = io.BytesIO(b"not a workbook")
    file.name = "名册.xlsx"
    response = client_for(dongkou_staff).post(
        URL, {"file": file, "congress": dongkou_term.congress_id, "term": dongkou_term.pk}
    )
    assert response.status_code == 400
    assert "xlsx" in response.json()["message"]


def test_an_id_number_typed_as_a_number_with_its_check_digit_lost_is_reported(
    client_for, dongkou_staff, dongkou_term
):
    number = make_id_number("430525", date(1980, 1, 1), 124, "F")
    row = person_row("王芳", int(number[:15] + "000"))  # what Excel does to long numbers
    response = upload(client_for(dongkou_staff), [row], dongkou_term)
    assert response.json()["errors"][0]["column"] == "公民身份号码"


def test_the_downloaded_template_filled_in_imports(client_for, dongkou_staff, dongkou_term):
    client = client_for(dongkou_staff)
    template = load_workbook(io.BytesIO(client.get("/api/v1/deputies/import/template/").content))
    sheet = template.worksheets[0]
    number = make_id_number("430525", date(1979, 10, 1), 37, "M")
    for column, value in enumerate(
        ["刘建国", "男", "汉", date(1979, 10, 1), number, 13907390001, "党员", "本科", "工人",
         "洞口县建材有限公司", "车间主任", "430525107", "山门镇第2选区", "", date(2021, 9, 28)],
        start=1,
    ):  # fmt: skip
        sheet.cell(row=2, column=column, value=value)
    buffer = io.BytesIO()
    template.save(buffer)
    buffer.seek(0)
    buffer.name = "代表名册导入模板.xlsx"

    response = client.post(
        URL, {"file": buffer, "congress": dongkou_term.congress_id, "term": dongkou_term.pk}
    )

    assert response.status_code == 200, response.content
    deputy = Deputy.objects.get()
    assert (deputy.name, deputy.ethnicity, deputy.affiliation, deputy.phone) == (
        "刘建国",
        "汉族",
        "cpc",
        "13907390001",
    )
    assert deputy.mandates.get().electoral_unit == "山门镇第2选区"
