"""The one helper per idea in congress/: model_update/model_create/model_delete with their audit
rows, the one invalid-input answer, the region-scope check and the download headers."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext

from congress.downloads import file_response
from congress.errors import invalid
from congress.models import AuditLog, HandlingUnit, Role
from congress.scope import (
    region_filter_or_404,
    region_in_scope,
    region_in_scope_or_404,
    viewer_region_code,
)
from congress.services import model_create, model_delete, model_update
from tests.conftest import DONGKOU, LINWU, SHAOYANG, make_user


def _rows(pk):
    return list(
        AuditLog.objects.filter(model="congress.HandlingUnit", object_pk=str(pk)).order_by("pk")
    )


def test_model_update_saves_only_changed_fields_and_audits_once(regions):
    unit = model_create(HandlingUnit(name="洞口县教育局", region_id=DONGKOU))
    assert [r.action for r in _rows(unit.pk)] == [AuditLog.Action.CREATE]
    with CaptureQueriesContext(connection) as queries:
        unit, changed = model_update(
            instance=unit, fields=["name", "kind"], data={"name": "洞口县教育和体育局"}
        )
    assert changed
    updates = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("UPDATE")]
    assert len(updates) == 1 and "kind" not in updates[0]
    # no SELECT of the old row: the before-snapshot comes from the instance in hand
    assert not [q for q in queries.captured_queries if q["sql"].startswith("SELECT")]
    rows = _rows(unit.pk)
    assert [r.action for r in rows] == [AuditLog.Action.CREATE, AuditLog.Action.UPDATE]
    assert (
        rows[-1].before["name"] == "洞口县教育局" and rows[-1].after["name"] == "洞口县教育和体育局"
    )
    assert HandlingUnit.objects.get(pk=unit.pk).name == "洞口县教育和体育局"


def test_model_update_with_nothing_changed_writes_nothing(regions):
    unit = model_create(HandlingUnit(name="洞口县教育局", region_id=DONGKOU))
    with CaptureQueriesContext(connection) as queries:
        _, changed = model_update(instance=unit, fields=["name"], data={"name": "洞口县教育局"})
    assert not changed and not queries.captured_queries
    assert len(_rows(unit.pk)) == 1


def test_model_update_takes_foreign_keys_by_id_and_validates_choices(regions):
    unit = model_create(HandlingUnit(name="教育局", region_id=DONGKOU))
    model_update(instance=unit, fields=["region"], data={"region": LINWU})
    assert HandlingUnit.objects.get(pk=unit.pk).region_id == LINWU
    with pytest.raises(ValidationError):
        model_update(instance=unit, fields=["kind"], data={"kind": "no-such-kind"})
    assert HandlingUnit.objects.get(pk=unit.pk).kind == HandlingUnit.Kind.GOVERNMENT


def test_model_delete_keeps_the_last_state(regions):
    unit = model_create(HandlingUnit(name="临时单位", region_id=DONGKOU))
    pk = unit.pk
    model_delete(unit)
    assert not HandlingUnit.objects.filter(pk=pk).exists()
    last = _rows(pk)[-1]
    assert last.action == AuditLog.Action.DELETE and last.before["name"] == "临时单位"


def test_invalid_names_every_field():
    error = invalid({"name": "请填写名称。", "date": ["日期格式不正确。"]}, summary="保存失败：")
    assert error.status == 400
    assert error.fields == {"name": ["请填写名称。"], "date": ["日期格式不正确。"]}
    assert error.message == "保存失败：请填写名称。"
    assert invalid("title", "请填写标题。").fields == {"title": ["请填写标题。"]}


def test_region_scope_gives_one_answer_to_a_foreign_region(
    dongkou_staff, shaoyang_staff, admin_user
):
    assert region_in_scope(dongkou_staff, DONGKOU + "100")
    assert not region_in_scope(dongkou_staff, LINWU)
    assert not region_in_scope(dongkou_staff, None)
    for code in (LINWU, SHAOYANG, "999999"):
        with pytest.raises(Http404):
            region_in_scope_or_404(dongkou_staff, code)
    assert region_in_scope_or_404(shaoyang_staff, DONGKOU).code == DONGKOU
    assert viewer_region_code(dongkou_staff) == DONGKOU
    assert viewer_region_code(admin_user) == "43"


def test_file_response_is_private_and_never_shared(settings, tmp_path, regions):
    settings.MEDIA_ROOT = tmp_path

    name = default_storage.save("t/附件.txt", ContentFile(b"x"))
    field = type(
        "F",
        (),
        {
            "name": name,
            "open": lambda self, mode: default_storage.open(name, mode),
            "__bool__": lambda self: True,
        },
    )()
    response = file_response(field)
    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "attachment" in response["Content-Disposition"]
    assert response["Content-Type"] == "application/octet-stream"
    inline = file_response(field, inline=True, max_age=600, content_type="image/jpeg")
    assert (
        inline["Cache-Control"] == "private, max-age=600" and inline["Content-Type"] == "image/jpeg"
    )
    with pytest.raises(Http404):
        file_response(None)


def test_a_region_filter_naming_the_viewers_own_county_narrows_to_the_township(
    regions, dongkou_unit, linwu_unit, client_for, unit_user
):
    """Township staff on a page that sends its county's code (the opinion forwarding picker)
    get their township's units, never the county's; another county is still a 404."""
    town = "430525001"
    town_unit = HandlingUnit.objects.create(name="文昌街道办事处", region_id=town)
    town_staff = make_user("wenchang_staff", role=Role.STAFF, region=town)
    client = client_for(town_staff)
    response = client.get(f"/api/v1/handling-units/?region={DONGKOU}")
    assert response.status_code == 200
    assert [u["id"] for u in response.json()["results"]] == [town_unit.pk]
    assert region_filter_or_404(town_staff, DONGKOU) == town
    assert client.get(f"/api/v1/handling-units/?region={LINWU}").status_code == 404
    assert client.get("/api/v1/handling-units/?region=439999").status_code == 404
    # a unit's own user filters within what it sees; no region scope to leave
    assert region_filter_or_404(unit_user, LINWU) == LINWU
