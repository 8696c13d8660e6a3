"""model_update / model_delete write the audit rows a service needs, with no signal's help:
a relation compared by its key (no query for the related row), every auto_now column stamped,
and the rows a delete cascades to or nulls recorded with their last state."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from congress.models import AuditLog, Congress, HandlingUnit, Region, Term
from congress.services import model_create, model_delete, model_update
from liaison_stations.models import CriterionCheck, LiaisonStation, StandardCriterion
from representatives.models import Deputy, DeputyGroup, Mandate
from tests.conftest import DONGKOU, LINWU

pytestmark = pytest.mark.django_db


def _rows(model: str, pk) -> list[AuditLog]:
    return list(AuditLog.objects.filter(model=model, object_pk=str(pk)).order_by("pk"))


def test_model_update_compares_a_relation_by_its_key_without_fetching_the_related_row(regions):
    unit = model_create(HandlingUnit(name="洞口县教育局", region_id=DONGKOU))
    unit = HandlingUnit.objects.get(pk=unit.pk)  # region not loaded
    linwu = Region.objects.get(pk=LINWU)
    with CaptureQueriesContext(connection) as queries:
        _, changed = model_update(instance=unit, fields=["region"], data={"region": linwu})
    assert changed
    # the only read is full_clean's check that the key exists, never a fetch of the region
    reads = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("SELECT")]
    assert reads and all(sql.startswith('SELECT 1 AS "a"') for sql in reads)
    with CaptureQueriesContext(connection) as queries:
        _, changed = model_update(instance=unit, fields=["region"], data={"region": linwu})
    assert not changed and not queries.captured_queries
    last = _rows("congress.HandlingUnit", unit.pk)[-1]
    assert (last.before["region_id"], last.after["region_id"]) == (DONGKOU, LINWU)


@pytest.fixture
def station(regions):
    return model_create(LiaisonStation(name="高沙镇代表联络站", region_id="430525001"))


def test_model_update_stamps_every_auto_now_column_not_only_updated_at(station):
    criterion = model_create(StandardCriterion(category="build", title="有固定场所"))
    check = model_create(CriterionCheck(station=station, criterion=criterion))
    stamped = check.checked_at
    model_update(instance=check, fields=["met"], data={"met": True})
    check.refresh_from_db()
    assert check.met and check.checked_at > stamped


def test_model_delete_records_the_rows_deleted_with_it(station):
    criterion = model_create(StandardCriterion(category="build", title="有固定场所"))
    check = model_create(CriterionCheck(station=station, criterion=criterion, evidence="照片"))
    model_delete(criterion)
    assert not CriterionCheck.objects.filter(pk=check.pk).exists()
    gone = _rows("liaison_stations.CriterionCheck", check.pk)[-1]
    assert gone.action == AuditLog.Action.DELETE and gone.before["evidence"] == "照片"
    assert _rows("liaison_stations.StandardCriterion", criterion.pk)[-1].action == "delete"


def test_model_delete_records_the_rows_it_nulls(regions):
    congress = Congress.objects.get(region_id=DONGKOU)
    term = Term.objects.create(
        congress=congress, number=18, start_date=date(2021, 9, 28), end_date=date(2026, 12, 27)
    )
    group = model_create(DeputyGroup(congress=congress, name="高沙镇代表小组", region_id=DONGKOU))
    deputy = Deputy.objects.create(
        name="王五",
        gender="F",
        birth_date=date(1975, 1, 1),
        affiliation="cpc",
        education="bachelor",
        occupation="farmer",
        id_number="430525197501010012",
        phone="13900000001",
        region_id=DONGKOU,
    )
    mandate = Mandate.objects.create(
        deputy=deputy, congress=congress, term=term, start_date=term.start_date, group=group
    )
    model_delete(group)
    mandate.refresh_from_db()
    assert mandate.group_id is None
    nulled = AuditLog.objects.filter(model="representatives.Mandate").latest("pk")
    assert nulled.action == AuditLog.Action.UPDATE and nulled.object_pk == str(mandate.pk)
    assert nulled.before == [{"id": mandate.pk, "group_id": group.pk}]
    assert nulled.after == [{"id": mandate.pk, "group_id": None}]
