"""The audit guard (tests/audit_guard.py) fails a request that writes an audited table without
an audit row for that model, whatever the write path: a queryset update, bulk_create, raw SQL,
COPY, a many-to-many add. It lets through the audited writes, writes of tables that are not
audited, writes a savepoint rolled back, and bookkeeping-only updates. The guard runs over every
request of the suite, so these tests are what make "no write path skips the audit" a proof:
a guard that cannot fail would prove nothing."""

import io

import pytest
from celery import shared_task
from django.conf import settings
from django.contrib.auth.models import Group
from django.db import connection, transaction
from django.http import JsonResponse
from django.urls import path
from django.utils import timezone
from rest_framework.test import APIClient

from congress import audit
from congress.models import AuditLog, HandlingUnit, Notification, User
from congress.services import model_update
from tests import audit_guard
from tests.conftest import DONGKOU

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.urls(__name__),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="the guard reads PostgreSQL's counters"
    ),
]
GUARD_FAILED = pytest.fail.Exception


def _unit(request) -> HandlingUnit:
    return HandlingUnit.objects.get(pk=request.GET["pk"])


# --- writes that skip the audit ------------------------------------------------------------


def queryset_update(request):
    HandlingUnit.objects.filter(pk=request.GET["pk"]).update(name="改名而不留痕")
    return JsonResponse({})


def bulk_create(request):
    HandlingUnit.objects.bulk_create(
        [HandlingUnit(name=f"批量单位{i}", region_id=DONGKOU) for i in range(3)]
    )
    return JsonResponse({})


def raw_sql(request):
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM congress_handlingunit WHERE id = %s", [request.GET["pk"]])
    return JsonResponse({})


def copy_rows(request):
    with connection.cursor() as cursor:
        cursor.cursor.copy_expert(
            "COPY congress_handlingunit (name, kind, region_id, contact_name, contact_phone,"
            " is_active) FROM STDIN",
            io.StringIO(f"复制单位\tgovernment\t{DONGKOU}\t\t\tt\n"),
        )
    return JsonResponse({})


def audited_as_another_model(request):
    HandlingUnit.objects.filter(pk=request.GET["pk"]).update(name="记错了对象")
    audit.record(AuditLog.Action.UPDATE, model="congress.Region", object_pk=DONGKOU)
    return JsonResponse({})


def many_to_many(request):
    User.objects.get(pk=request.GET["user"]).groups.add(Group.objects.get(pk=request.GET["group"]))
    return JsonResponse({})


def real_write_after_a_rollback(request):
    _rolled_back_update(request)
    HandlingUnit.objects.filter(pk=request.GET["pk"]).update(contact_name="留下的修改")
    return JsonResponse({})


def more_than_bookkeeping(request):
    User.objects.filter(pk=request.GET["user"]).update(last_login=timezone.now(), name="改名")
    return JsonResponse({})


# --- writes the guard lets through ---------------------------------------------------------


def with_model_update(request):
    model_update(instance=_unit(request), fields=["name"], data={"name": "洞口县教育和体育局"})
    return JsonResponse({})


def bulk_with_record(request):
    done = HandlingUnit.objects.filter(pk=request.GET["pk"]).update(contact_name="张三")
    audit.record(
        AuditLog.Action.UPDATE,
        model=HandlingUnit._meta.label,
        object_pk=request.GET["pk"],
        object_repr=f"{done} 个单位",
    )
    return JsonResponse({})


def unaudited_tables_only(request):
    Notification.objects.create(recipient_id=request.GET["user"], title="只写消息")
    request.session["seen"] = True  # django_session
    return JsonResponse({})


def _rolled_back_update(request):
    try:
        with transaction.atomic():
            HandlingUnit.objects.filter(pk=request.GET["pk"]).update(name="撤销的修改")
            with transaction.atomic():
                HandlingUnit.objects.create(name="撤销的单位", region_id=DONGKOU)
            raise RuntimeError("roll back")
    except RuntimeError:
        pass


def rolled_back(request):
    _rolled_back_update(request)
    return JsonResponse({})


@transaction.atomic
def failing_request(request):
    HandlingUnit.objects.filter(pk=request.GET["pk"]).update(name="不会留下")
    raise RuntimeError("the request fails")


def bookkeeping_only(request):
    User.objects.filter(pk=request.GET["user"]).update(last_login=timezone.now())
    return JsonResponse({})


@shared_task
def skipping_task(pk):
    HandlingUnit.objects.filter(pk=pk).update(name="任务改名而不留痕")


@shared_task
def auditing_task(pk):
    model_update(instance=HandlingUnit.objects.get(pk=pk), fields=["name"], data={"name": "任务"})


urlpatterns = [
    path("skip/update/", queryset_update),
    path("skip/bulk/", bulk_create),
    path("skip/raw/", raw_sql),
    path("skip/copy/", copy_rows),
    path("skip/other-model/", audited_as_another_model),
    path("skip/m2m/", many_to_many),
    path("skip/after-rollback/", real_write_after_a_rollback),
    path("skip/more-than-bookkeeping/", more_than_bookkeeping),
    path("ok/model-update/", with_model_update),
    path("ok/record/", bulk_with_record),
    path("ok/unaudited/", unaudited_tables_only),
    path("ok/rolled-back/", rolled_back),
    path("ok/failing/", failing_request),
    path("ok/bookkeeping/", bookkeeping_only),
]


@pytest.fixture(autouse=True)
def failing_guard(monkeypatch):
    """These tests need the guard that fails (not the report mode of AUDIT_GUARD=report)."""
    monkeypatch.setenv("AUDIT_GUARD", "1")


@pytest.fixture
def unit(regions):
    return HandlingUnit.objects.create(name="洞口县教育局", region_id=DONGKOU)


@pytest.fixture(params=["django", "drf"])
def http(request, dongkou_staff, client):
    """Both test clients pass through the guard."""
    if request.param == "django":
        client.force_login(dongkou_staff)
        return client
    api = APIClient()
    api.force_login(dongkou_staff)
    return api


def test_the_guard_is_the_outermost_middleware_of_the_test_settings():
    assert settings.MIDDLEWARE[0] == "tests.audit_guard.AuditGuardMiddleware"


def test_the_audited_tables_are_the_audited_models_and_many_to_many_tables_belong_to_both_ends():
    tables = audit_guard.audited_tables()
    assert tables["congress_handlingunit"] == {"congress.HandlingUnit"}
    assert tables["congress_user_groups"] == {"congress.User", "auth.Group"}
    for table in (
        "congress_auditlog",
        "congress_notification",
        "congress_outboxmessage",
        "congress_sentreminder",
        "django_session",
        "axes_accessattempt",
        "auth_permission",
        "ballots_tally",
        "dashboards_fact",
        "dashboards_refresh",
    ):
        assert table not in tables


@pytest.mark.parametrize(
    "url, table, counts",
    [
        ("/skip/update/", "congress_handlingunit", "upd 1"),
        ("/skip/bulk/", "congress_handlingunit", "ins 3"),
        ("/skip/raw/", "congress_handlingunit", "del 1"),
        ("/skip/copy/", "congress_handlingunit", "ins 1"),
        ("/skip/other-model/", "congress_handlingunit", "upd 1"),
        ("/skip/after-rollback/", "congress_handlingunit", "upd 1"),
    ],
)
def test_a_write_without_its_audit_row_fails_the_test(http, unit, url, table, counts):
    with pytest.raises(GUARD_FAILED) as failed:
        http.post(f"{url}?pk={unit.pk}")
    message = str(failed.value)
    assert f"POST {url}?pk={unit.pk}" in message
    assert f"{table} (congress.HandlingUnit): {counts}" in message


def test_a_many_to_many_add_without_an_audit_row_fails(http, dongkou_staff):
    group = Group.objects.create(name="审计组")
    with pytest.raises(
        GUARD_FAILED, match=r"congress_user_groups \(auth.Group/congress.User\): ins 1"
    ):
        http.post(f"/skip/m2m/?user={dongkou_staff.pk}&group={group.pk}")


def test_a_bookkeeping_column_does_not_cover_another_column_set_with_it(http, dongkou_staff):
    with pytest.raises(GUARD_FAILED, match=r"congress_user \(congress.User\): upd 1"):
        http.post(f"/skip/more-than-bookkeeping/?user={dongkou_staff.pk}")


@pytest.mark.parametrize(
    "url", ["/ok/model-update/", "/ok/record/", "/ok/rolled-back/", "/ok/bookkeeping/"]
)
def test_audited_rolled_back_and_bookkeeping_writes_pass(http, unit, dongkou_staff, url):
    response = http.post(f"{url}?pk={unit.pk}&user={dongkou_staff.pk}")
    assert response.status_code == 200


def test_writes_of_tables_that_are_not_audited_pass(http, dongkou_staff):
    assert http.post(f"/ok/unaudited/?user={dongkou_staff.pk}").status_code == 200
    assert Notification.objects.filter(recipient=dongkou_staff, title="只写消息").exists()


def test_a_failed_request_rolled_back_its_writes_and_is_not_an_offender(dongkou_staff, unit):
    api = APIClient(raise_request_exception=False)
    api.force_login(dongkou_staff)
    assert api.post(f"/ok/failing/?pk={unit.pk}").status_code == 500


def test_a_test_marked_audit_guard_off_is_not_checked(http, unit):
    with audit_guard.switched_off():
        http.post(f"/skip/update/?pk={unit.pk}")
    assert HandlingUnit.objects.get(pk=unit.pk).name == "改名而不留痕"


def test_a_task_that_writes_without_its_audit_row_fails_the_test(unit):
    skipping_task.delay(unit.pk)
    auditing_task.delay(unit.pk)
    assert audit_guard.take_pending() == [
        f"audit guard: task {skipping_task.name} wrote without an audit row:"
        " congress_handlingunit (congress.HandlingUnit): upd 1"
    ]
