import pytest
from django.core import mail
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from congress import audit
from congress.models import AuditLog, HandlingUnit, Notification, SentReminder, User
from congress.notifications import notify, notify_once
from congress.services import model_create, model_delete, model_update
from congress.sms import MemoryBackend
from tests.conftest import DONGKOU

pytestmark = pytest.mark.django_db


@pytest.fixture
def save_signals():
    """The generic save/delete signals (the safety net while settings.AUDIT_SAVE_SIGNALS is on),
    connected for this test whatever the setting says."""
    was_connected = audit.connected()
    audit.connect()
    yield
    if not was_connected:
        audit.disconnect()


def _unit_rows(unit_pk):
    return list(
        AuditLog.objects.filter(model="congress.HandlingUnit", object_pk=str(unit_pk)).order_by(
            "id"
        )
    )


def test_every_create_update_and_delete_leaves_an_audit_row_with_before_and_after(regions):
    unit = model_create(HandlingUnit(name="洞口县水利局", region_id=DONGKOU))
    model_update(instance=unit, fields=["contact_name"], data={"contact_name": "张三"})
    unit_pk = unit.pk
    model_delete(unit)

    rows = _unit_rows(unit_pk)
    assert [r.action for r in rows] == ["create", "update", "delete"]
    assert rows[0].before is None and rows[0].after["name"] == "洞口县水利局"
    assert rows[1].before["contact_name"] == "" and rows[1].after["contact_name"] == "张三"
    assert rows[2].before["contact_name"] == "张三" and rows[2].after is None


def test_the_save_signals_catch_a_plain_save_while_they_are_on(regions, save_signals):
    unit = HandlingUnit.objects.create(name="洞口县水利局", region_id=DONGKOU)
    unit.contact_name = "张三"
    unit.save()
    unit_pk = unit.pk
    unit.delete()

    rows = list(
        AuditLog.objects.filter(model="congress.HandlingUnit", object_pk=str(unit_pk)).order_by(
            "id"
        )
    )
    assert [r.action for r in rows] == ["create", "update", "delete"]
    assert rows[0].before is None and rows[0].after["name"] == "洞口县水利局"
    assert rows[1].before["contact_name"] == "" and rows[1].after["contact_name"] == "张三"
    assert rows[2].before["contact_name"] == "张三" and rows[2].after is None


def test_the_audit_row_names_who_did_it(client_for, dongkou_staff):
    client = client_for(dongkou_staff)
    client.post("/api/v1/notifications/", {})  # any request: the actor is the session's user

    class Request:
        user = dongkou_staff
        META = {"REMOTE_ADDR": "10.1.2.3"}

    token = audit.set_request(Request())
    try:
        model_create(HandlingUnit(name="洞口县林业局", region_id=DONGKOU))
    finally:
        audit.reset_request(token)
    row = AuditLog.objects.get(model="congress.HandlingUnit", action="create")
    assert row.actor_id == dongkou_staff.pk and row.actor_name == "尹建华" and row.ip == "10.1.2.3"


def test_passwords_never_reach_the_audit_log(dongkou_staff):
    audit.created(dongkou_staff)
    row = AuditLog.objects.filter(model="congress.User", action="create").latest("id")
    assert "password" not in row.after
    by_hand = audit.record(
        "update", model="congress.User", before={"password": "old"}, after={"password": "new"}
    )
    assert by_hand.before == {} and by_hand.after == {"secrets_changed": ["password"]}


def test_masked_fields_apply_to_explicit_rows_and_to_rows_given_by_hand(dongkou_staff):
    dongkou_staff.phone = "13800001234"
    created = audit.created(dongkou_staff)
    assert created.after["phone"] == "138****1234"
    before = audit.snapshot(dongkou_staff)
    dongkou_staff.phone = "13900005678"
    updated = audit.updated(dongkou_staff, before)
    assert (updated.before["phone"], updated.after["phone"]) == ("138****1234", "139****5678")
    deleted = audit.deleted(dongkou_staff)
    assert deleted.before["phone"] == "139****5678"
    # a change the mask hides is still recorded (masked on both sides)
    before = audit.snapshot(dongkou_staff)
    dongkou_staff.phone = "13911115678"
    hidden = audit.updated(dongkou_staff, before)
    assert hidden is not None and hidden.before["phone"] == hidden.after["phone"] == "139****5678"
    # a bulk write's summary, one row or a list of rows, by field name or column name
    by_hand = audit.record(
        "update",
        model="representatives.Deputy",
        before={"id_number": "430525197501010012", "phone": "13800001234", "name": "张三"},
        after=[{"id_number": "430525197501010012"}, {"phone": "13800001234"}],
    )
    assert by_hand.before == {
        "id_number": "430525********0012",
        "phone": "138****1234",
        "name": "张三",
    }
    assert by_hand.after == [{"id_number": "430525********0012"}, {"phone": "138****1234"}]
    # what is masked already stays as it is
    again = audit.record("update", model="congress.User", after={"phone": "138****1234"})
    assert again.after == {"phone": "138****1234"}
    # summaries that are not rows are kept
    assert audit.record("update", model="congress.User", after=[1, 2]).after == [1, 2]


def test_the_explicit_mark_covers_one_write_and_the_safety_net_catches_the_next(
    regions, save_signals
):
    unit = model_create(HandlingUnit(name="洞口县水利局", region_id=DONGKOU))
    unit.contact_name = "张三"
    unit.save()  # not through model_update: the generic signal must still record it
    rows = _unit_rows(unit.pk)
    assert [r.action for r in rows] == ["create", "update"]
    assert rows[1].after["contact_name"] == "张三"


def test_a_bookkeeping_column_alone_is_not_audited_by_the_safety_net(dongkou_staff, save_signals):
    before = AuditLog.objects.count()
    dongkou_staff.last_login = timezone.now()
    dongkou_staff.save(update_fields=["last_login"])
    assert AuditLog.objects.count() == before
    assert audit.bookkeeping_only("congress.ApiToken", ["last_used_at"])
    assert not audit.bookkeeping_only("congress.ApiToken", ["last_used_at", "revoked_at"])
    assert not audit.bookkeeping_only("congress.User", None)


def test_the_application_cannot_change_or_delete_an_audit_row(regions):
    model_create(HandlingUnit(name="洞口县民政局", region_id=DONGKOU))
    row = AuditLog.objects.latest("id")
    row.action = "delete"
    with pytest.raises(Exception, match="不可修改"):
        row.save()
    with pytest.raises(Exception, match="不可删除"):
        row.delete()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger is PostgreSQL's")
def test_the_database_refuses_to_update_or_delete_audit_rows(regions):
    model_create(HandlingUnit(name="洞口县财政局", region_id=DONGKOU))
    for statement in ("UPDATE congress_auditlog SET action = 'x'", "DELETE FROM congress_auditlog"):
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(statement)


def test_the_admin_offers_no_way_to_edit_the_audit_log(client, admin_user):
    client.force_login(admin_user)
    model_create(HandlingUnit(name="洞口县商务局", region_id=DONGKOU))
    row = AuditLog.objects.latest("id")
    assert client.get("/admin/congress/auditlog/").status_code == 200
    assert (
        client.post(f"/admin/congress/auditlog/{row.pk}/delete/", {"post": "yes"}).status_code
        == 403
    )
    assert AuditLog.objects.filter(pk=row.pk).exists()


def test_a_notification_reaches_the_centre_and_the_mailbox(
    django_capture_on_commit_callbacks, dongkou_staff
):
    dongkou_staff.email = "staff@example.org"
    dongkou_staff.phone = "13800000000"
    dongkou_staff.save()
    MemoryBackend.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        notify(
            recipients=[dongkou_staff, dongkou_staff],
            title="建议即将到期",
            body="还有7天",
            sms=True,
        )
    row = Notification.objects.get(recipient=dongkou_staff)
    assert row.emailed_at and row.texted_at
    assert [m.subject for m in mail.outbox] == ["建议即将到期"]
    assert MemoryBackend.outbox == [("13800000000", "【人大工作管理平台】建议即将到期")]


def test_notify_once_sends_a_reminder_only_once_per_object_kind_and_threshold(
    dongkou_staff, dongkou_unit
):
    first = notify_once(
        key_object=dongkou_unit,
        kind="reply_due",
        threshold="7",
        recipients=[dongkou_staff],
        title="7天后到期",
    )
    second = notify_once(
        key_object=dongkou_unit,
        kind="reply_due",
        threshold="7",
        recipients=[dongkou_staff],
        title="7天后到期",
    )
    third = notify_once(
        key_object=dongkou_unit,
        kind="reply_due",
        threshold="1",
        recipients=[dongkou_staff],
        title="明天到期",
    )
    assert (first, second, third) == (True, False, True)
    assert Notification.objects.filter(recipient=dongkou_staff).count() == 2
    assert SentReminder.objects.count() == 2


def test_a_task_queued_in_a_transaction_that_rolls_back_never_runs(
    django_capture_on_commit_callbacks, dongkou_staff
):
    dongkou_staff.email = "staff@example.org"
    dongkou_staff.save()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                notify(recipients=[dongkou_staff], title="不会发出")
                raise RuntimeError("roll back")
        except RuntimeError:
            pass
    assert callbacks == [] and mail.outbox == []
    assert not Notification.objects.exists()


def test_users_read_and_mark_their_own_notifications_only(client_for, dongkou_staff, linwu_staff):
    notify(recipients=[dongkou_staff], title="给洞口", email=False)
    notify(recipients=[linwu_staff], title="给临武", email=False)
    client = client_for(dongkou_staff)
    listed = client.get("/api/v1/notifications/?unread=1").json()
    assert [n["title"] for n in listed["results"]] == ["给洞口"]
    assert client.get("/api/v1/me/").json()["unread_notifications"] == 1
    other = Notification.objects.get(recipient=linwu_staff)
    assert client.post("/api/v1/notifications/", {"ids": [other.pk]}, format="json").json() == {
        "marked": 0
    }
    assert client.post("/api/v1/notifications/", {}, format="json").json() == {"marked": 1}
    assert Notification.objects.get(recipient=linwu_staff).read_at is None


def test_bad_input_gets_a_400_with_a_chinese_message_per_field(client_for, dongkou_staff):
    response = client_for(dongkou_staff).post(
        "/api/v1/notifications/", {"ids": ["abc"]}, format="json"
    )
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid" and "ids" in body["fields"]
    assert "整数" in body["fields"]["ids"][0] or "有效" in body["fields"]["ids"][0]


def test_the_openapi_schema_describes_the_api_for_logged_in_users(
    client_for, client, dongkou_staff
):
    assert client.get("/api/schema/").status_code == 401
    schema = client_for(dongkou_staff).get("/api/schema/?format=json").json()
    assert "/api/v1/me/" in schema["paths"] and "/api/v1/regions/" in schema["paths"]
    assert "MeApiOutput" in schema["components"]["schemas"]


def test_a_password_change_is_recorded_without_the_password(dongkou_staff):
    before = audit.snapshot(dongkou_staff)
    dongkou_staff.set_password("Another#Pass9")
    row = audit.updated(dongkou_staff, before)
    assert row is not None and "password" not in row.before and "password" not in row.after
    assert row.after["secrets_changed"] == ["password"]
    assert audit.updated(dongkou_staff, audit.snapshot(dongkou_staff)) is None


def test_capturing_audits_plain_saves_of_its_block_only(regions, settings):
    settings.AUDIT_SAVE_SIGNALS = False
    was_connected = audit.connected()
    audit.disconnect()
    try:
        plain = HandlingUnit.objects.create(name="洞口县水利局", region_id=DONGKOU)
        with audit.capturing():
            captured = HandlingUnit.objects.create(name="洞口县林业局", region_id=DONGKOU)
            captured.contact_name = "张三"
            captured.save()
        plain.contact_name = "李四"
        plain.save()
    finally:
        if was_connected:
            audit.connect()
    assert _unit_rows(plain.pk) == []
    assert [r.action for r in _unit_rows(captured.pk)] == ["create", "update"]


def test_the_admin_s_forms_are_audited_whatever_the_setting(client, admin_user):
    unit = model_create(HandlingUnit(name="洞口县水利局", region_id=DONGKOU))
    client.force_login(admin_user)
    response = client.post(
        f"/admin/congress/handlingunit/{unit.pk}/change/",
        {
            "name": "洞口县水利局（改）",
            "region": DONGKOU,
            "kind": unit.kind,
            "contact_name": "张三",
            "contact_phone": "",
            "is_active": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:500]
    last = _unit_rows(unit.pk)[-1]
    assert last.action == "update" and last.actor_id == admin_user.pk
    assert (last.before["contact_name"], last.after["contact_name"]) == ("", "张三")
    user = User.objects.get(pk=admin_user.pk)
    response = client.post(
        f"/admin/congress/user/{user.pk}/password/",
        {"password1": "Another#Pass9", "password2": "Another#Pass9"},
    )
    assert response.status_code == 302, response.content.decode()[:500]
    changed = AuditLog.objects.filter(model="congress.User", object_pk=str(user.pk)).latest("pk")
    assert changed.after["secrets_changed"] == ["password"]
