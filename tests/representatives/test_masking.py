"""ID numbers and phones leave the server masked, except through an audited reveal by staff
and to the deputy themselves; the audit trail itself never holds the full values."""

import io
import logging

import pytest
from openpyxl import load_workbook

from congress.models import AuditLog, Role
from tests.conftest import make_user
from tests.representatives.conftest import person_row, register_file

pytestmark = pytest.mark.django_db


def masked_id(deputy) -> str:
    return deputy.id_number[:6] + "********" + deputy.id_number[-4:]


@pytest.mark.parametrize("persona", ["dongkou_staff", "supervisor", "admin_user", "shaoyang_staff"])
def test_lists_and_details_show_masked_values_to_every_role(
    request, client_for, dongkou_deputy, persona
):
    client = client_for(request.getfixturevalue(persona))
    listing = client.get("/api/v1/deputies/")
    detail = client.get(f"/api/v1/deputies/{dongkou_deputy.pk}/")

    row = listing.json()["results"][0]
    assert row["id_number_masked"] == masked_id(dongkou_deputy)
    assert row["phone_masked"] == "138****5678"
    assert detail.json()["id_number_masked"] == masked_id(dongkou_deputy)
    for response in (listing, detail):
        assert dongkou_deputy.id_number not in response.content.decode()
        assert "13812345678" not in response.content.decode()


def test_export_is_masked(client_for, dongkou_staff, dongkou_deputy):
    response = client_for(dongkou_staff).get("/api/v1/deputies/export/")
    cells = [
        str(c) for row in load_workbook(io.BytesIO(response.content)).active.values for c in row
    ]
    assert masked_id(dongkou_deputy) in cells
    assert "138****5678" in cells
    assert dongkou_deputy.id_number not in cells
    assert "13812345678" not in cells
    assert AuditLog.objects.filter(action="export", actor_id=dongkou_staff.pk).exists()


def test_staff_reveal_the_full_values_and_each_reveal_is_audited(
    client_for, dongkou_staff, dongkou_deputy
):
    response = client_for(dongkou_staff).post(f"/api/v1/deputies/{dongkou_deputy.pk}/reveal/")

    assert response.status_code == 200
    assert response.json() == {"id_number": dongkou_deputy.id_number, "phone": "13812345678"}
    row = AuditLog.objects.get(action=AuditLog.Action.REVEAL)
    assert (row.actor_id, row.model, row.object_pk) == (
        dongkou_staff.pk,
        "representatives.Deputy",
        str(dongkou_deputy.pk),
    )
    assert dongkou_deputy.id_number not in str(row.after)


def test_supervisors_cannot_reveal_and_nothing_is_audited(client_for, supervisor, dongkou_deputy):
    response = client_for(supervisor).post(f"/api/v1/deputies/{dongkou_deputy.pk}/reveal/")
    assert response.status_code == 403
    assert not AuditLog.objects.filter(action=AuditLog.Action.REVEAL).exists()


def test_staff_of_another_county_cannot_reveal(client_for, linwu_staff, dongkou_deputy):
    response = client_for(linwu_staff).post(f"/api/v1/deputies/{dongkou_deputy.pk}/reveal/")
    assert response.status_code == 404
    assert not AuditLog.objects.filter(action=AuditLog.Action.REVEAL).exists()


def test_the_deputy_sees_their_own_values_in_full(client_for, dongkou_deputy):
    user = make_user("zhangsan", role=Role.DEPUTY)
    dongkou_deputy.user = user
    dongkou_deputy.save(update_fields=["user"])

    data = client_for(user).get("/api/v1/deputies/me/").json()

    assert data["id_number"] == dongkou_deputy.id_number
    assert data["phone"] == "13812345678"


def test_the_audit_trail_stores_id_numbers_and_phones_masked(
    client_for, dongkou_staff, dongkou_deputy
):
    client_for(dongkou_staff).patch(
        f"/api/v1/deputies/{dongkou_deputy.pk}/", {"phone": "13900001111"}, format="json"
    )
    rows = AuditLog.objects.filter(model="representatives.Deputy", object_pk=str(dongkou_deputy.pk))
    text = " ".join(str(r.before) + str(r.after) for r in rows)
    assert rows.filter(action="update").exists()
    assert "139****1111" in text
    assert "13900001111" not in text and "13812345678" not in text
    assert dongkou_deputy.id_number not in text


def test_no_personal_data_reaches_the_application_logs(
    client_for, dongkou_staff, dongkou_deputy, dongkou_term, caplog
):
    caplog.set_level(logging.DEBUG)
    client = client_for(dongkou_staff)
    bad_id = dongkou_deputy.id_number[:17] + ("0" if dongkou_deputy.id_number[17] != "0" else "1")
    client.post(
        "/api/v1/deputies/",
        {"name": "王五", "id_number": bad_id, "phone": "13911112222"},
        format="json",
    )
    client.post(
        "/api/v1/deputies/import/",
        {
            "file": register_file([person_row("王五", bad_id, phone="13911112222")]),
            "congress": dongkou_term.congress_id,
            "term": dongkou_term.pk,
        },
        format="multipart",
    )
    client.post(f"/api/v1/deputies/{dongkou_deputy.pk}/reveal/")
    client.get("/api/v1/deputies/export/")

    logged = caplog.text
    for secret in (bad_id, dongkou_deputy.id_number, "13911112222", "13812345678"):
        assert secret not in logged
