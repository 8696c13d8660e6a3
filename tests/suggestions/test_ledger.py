"""承诺解决台账: one list of every commitment across suggestions with its state, filters and
counts from one query, the export of what it shows, the unit's report with evidence, the 回头督
check (confirmed or sent back), superseded replies' commitments closed and never reminded, a
commitment due in the past refused, and scope (staff by region, units their own replies)."""

from datetime import date
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from congress.models import AuditLog, Notification
from suggestions import reminders
from suggestions.models import Commitment, History, Reply, Status
from suggestions.services.ledger import commitment_mark_done, commitment_report
from suggestions.services.replies import reply_create
from tests.clock import frozen
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

LEDGER = "/api/v1/suggestions/commitments/"
TODAY = date(2026, 12, 1)  # tests/clock.NOW


def evidence(name="验收报告.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.4 evidence", content_type="application/pdf")


def rows(client, **params):
    r = client.get(LEDGER, params)
    assert r.status_code == 200, r.json()
    return r.json()


def ids(client, **params):
    return {row["id"] for row in rows(client, **params)["results"]}


def report(client, s, c, **data):
    return client.post(f"/api/v1/suggestions/{s.pk}/commitment_report/", data, format="multipart")


@pytest.fixture
def ledger(walk, unit_user, dongkou_staff, lead):
    """Five commitments of 洞口县 in each state, all under the frozen clock."""
    with frozen():
        s1 = walk(Status.REPLIED, title="关于校舍加固的建议")
        s2 = walk(Status.REPLIED, title="关于修缮村道的建议")
        s3 = walk(Status.REHANDLING, title="关于增设路灯的建议")
        pending = s1.commitments.get()
        checked = Commitment.objects.create(
            reply=pending.reply, suggestion=s1, what="更换课桌椅", due_date=date(2026, 12, 20)
        )
        commitment_mark_done(suggestion=s1, actor=dongkou_staff, commitment_id=checked.pk)
        reported = s2.commitments.get()
        overdue = Commitment.objects.create(
            reply=reported.reply, suggestion=s2, what="拓宽桥面", due_date=date(2026, 11, 1)
        )
        commitment_report(
            suggestion=s2, actor=unit_user, commitment_id=reported.pk, note="已完工",
            file=evidence(),
        )  # fmt: skip
        superseded = s3.commitments.get()
        reply_create(
            suggestion=s3, actor=unit_user, result_class="B", body="重新办理：已列入明年计划。",
            commitments=[{"what": "安装路灯40盏", "due_date": date(2027, 3, 31)}],
        )  # fmt: skip
        renewed = s3.commitments.exclude(pk=superseded.pk).get()
    return {
        "pending": pending, "checked": checked, "reported": reported, "overdue": overdue,
        "superseded": superseded, "renewed": renewed, "s1": s1, "s2": s2, "s3": s3,
    }  # fmt: skip


def test_the_ledger_lists_every_commitment_with_its_state_and_counts(
    ledger, client_for, dongkou_staff
):
    client = client_for(dongkou_staff)
    with frozen():
        data = rows(client)
    states = {row["id"]: row["state_display"] for row in data["results"]}
    assert states == {
        ledger["pending"].pk: "待完成",
        ledger["checked"].pk: "已回头督",
        ledger["reported"].pk: "单位已报完成",
        ledger["overdue"].pk: "已逾期",
        ledger["superseded"].pk: "已失效",
        ledger["renewed"].pk: "待完成",
    }
    assert data["counts"] == {
        "all": 6, "pending": 2, "overdue": 1, "reported": 1, "checked": 1, "superseded": 1,
    }  # fmt: skip
    row = next(r for r in data["results"] if r["id"] == ledger["reported"].pk)
    assert row["unit"] == "洞口县教育局" and row["suggestion_title"] == "关于修缮村道的建议"
    assert row["evidence_url"] and row["evidence_note"] == "已完工" and row["can_check"]


def test_each_filter_narrows_the_ledger_and_the_counts_follow(
    ledger, client_for, dongkou_staff, unit_user
):
    client = client_for(dongkou_staff)
    with frozen():
        for state in ("pending", "overdue", "reported", "checked", "superseded"):
            got = ids(client, state=state)
            assert got == {c.pk for k, c in ledger.items() if k in (state, "renewed")
                           and (k == state or state == "pending")}  # fmt: skip
        assert ids(client, due="overdue") == {ledger["overdue"].pk}
        assert ids(client, due="month") == {ledger["checked"].pk}
        assert ids(client, suggestion=ledger["s2"].pk) == {
            ledger["reported"].pk, ledger["overdue"].pk,
        }  # fmt: skip
        assert ids(client, q="路灯") == {ledger["superseded"].pk, ledger["renewed"].pk}
        assert ids(client, unit=unit_user.handling_unit_id) == {
            c.pk for c in Commitment.objects.all()
        }
        counts = rows(client, suggestion=ledger["s2"].pk, state="overdue")["counts"]
    assert counts["all"] == 2 and counts["overdue"] == 1 and counts["reported"] == 1


def test_a_bad_filter_is_a_400_on_its_parameter(ledger, client_for, dongkou_staff):
    r = client_for(dongkou_staff).get(LEDGER, {"state": "done"})
    assert r.status_code == 400 and "state" in r.json()["fields"]


def test_staff_of_another_county_see_none_and_get_404_for_our_unit_and_evidence(
    ledger, client_for, linwu_staff, unit_user
):
    client = client_for(linwu_staff)
    assert rows(client)["count"] == 0
    assert client.get(LEDGER, {"unit": unit_user.handling_unit_id}).status_code == 404
    assert client.get(LEDGER, {"region": "430525"}).status_code == 404
    evidence_url = f"{LEDGER}{ledger['reported'].pk}/evidence/"
    assert client.get(evidence_url).status_code == 404


def test_a_unit_sees_its_own_commitments_and_another_unit_none(
    ledger, client_for, unit_user, other_unit_user, supervisor
):
    with frozen():
        assert len(ids(client_for(unit_user))) == 6
        assert ids(client_for(other_unit_user)) == set()
        mine = rows(client_for(unit_user), state="pending")["results"]
    assert all(row["can_report"] and not row["can_check"] for row in mine)
    assert (
        client_for(unit_user).get(f"{LEDGER}{ledger['reported'].pk}/evidence/").status_code == 200
    )
    assert client_for(supervisor).get(LEDGER).status_code == 200  # leaders read


def test_the_unit_reports_a_commitment_done_with_evidence(ledger, client_for, unit_user):
    s, c = ledger["s1"], ledger["pending"]
    with frozen():
        r = report(client_for(unit_user), s, c, commitment=c.pk, evidence_note="加固完成",
                   evidence=evidence())  # fmt: skip
    assert r.status_code == 200, r.json()
    c.refresh_from_db()
    assert c.reported_at and c.evidence_note == "加固完成" and c.evidence.name.endswith(".pdf")
    assert History.objects.filter(suggestion=s, action="commitment_report").exists()


def test_a_report_without_note_or_evidence_is_a_400_and_stores_nothing(
    ledger, client_for, unit_user
):
    s, c = ledger["s1"], ledger["pending"]
    r = report(client_for(unit_user), s, c, commitment=c.pk, evidence_note="")
    assert r.status_code == 400
    assert set(r.json()["fields"]) == {"evidence_note", "evidence"}
    bad = SimpleUploadedFile("x.exe", b"MZ")
    r = report(client_for(unit_user), s, c, commitment=c.pk, evidence_note="好了", evidence=bad)
    assert r.status_code == 400 and "evidence" in r.json()["fields"]
    c.refresh_from_db()
    assert c.reported_at is None and not c.evidence
    assert not History.objects.filter(suggestion=s, action="commitment_report").exists()


def test_staff_cannot_report_and_another_county_gets_404(
    ledger, client_for, dongkou_staff, linwu_unit
):
    s, c = ledger["s1"], ledger["pending"]
    r = report(client_for(dongkou_staff), s, c, commitment=c.pk, evidence_note="x")
    assert r.status_code == 403
    outsider = make_user("linwu_jyj", role="unit", unit=linwu_unit)
    r = report(client_for(outsider), s, c, commitment=c.pk, evidence_note="x")
    assert r.status_code == 404


def test_the_check_confirms_or_sends_back_as_not_done(ledger, client_for, dongkou_staff, unit_user):
    s, c = ledger["s2"], ledger["reported"]
    url = f"/api/v1/suggestions/{s.pk}/commitment_done/"
    client = client_for(dongkou_staff)
    r = client.post(url, {"commitment": c.pk, "confirmed": False}, format="json")
    assert r.status_code == 400 and "note" in r.json()["fields"]
    with frozen():
        r = client.post(url, {"commitment": c.pk, "confirmed": False, "note": "桥面未硬化"},
                        format="json")  # fmt: skip
    assert r.status_code == 200, r.json()
    c.refresh_from_db()
    assert c.reported_at is None and c.done_at is None and c.checked_at and c.evidence
    assert c.checked_by == dongkou_staff and c.note == "桥面未硬化"
    assert Notification.objects.filter(recipient=unit_user, title__contains="未落实").exists()
    r = client.post(url, {"commitment": c.pk, "note": "复查已完成"}, format="json")
    assert r.status_code == 200
    c.refresh_from_db()
    assert c.done_at and c.note == "复查已完成"
    assert History.objects.filter(suggestion=s, action="commitment_done").count() == 2
    # a checked one, or a superseded one, is not checked again
    r = client.post(url, {"commitment": c.pk}, format="json")
    assert r.status_code == 400


def test_a_superseded_commitment_cannot_be_reported_or_checked(
    ledger, client_for, dongkou_staff, unit_user
):
    s, c = ledger["s3"], ledger["superseded"]
    r = report(client_for(unit_user), s, c, commitment=c.pk, evidence_note="x", evidence=evidence())
    assert r.status_code == 400 and "已失效" in r.json()["fields"]["commitment"][0]
    r = client_for(dongkou_staff).post(
        f"/api/v1/suggestions/{s.pk}/commitment_done/", {"commitment": c.pk}, format="json"
    )
    assert r.status_code == 400


def test_the_new_reply_closes_the_old_replys_open_commitments_and_the_sweep_skips_them(ledger):
    old = ledger["superseded"]
    old.refresh_from_db()
    assert old.superseded_at is not None and old.done_at is None
    history = ledger["s3"].history.filter(action="reply").order_by("-id").first()
    assert "已失效" in history.note
    # due within the week: the new one is reminded, the superseded one never
    Commitment.objects.filter(pk__in=[old.pk, ledger["renewed"].pk]).update(
        due_date=date(2026, 12, 3)
    )
    keys = {row["key"] for row in reminders.commitment_rows(TODAY)}
    assert f"suggestions.commitment:{ledger['renewed'].pk}" in keys
    assert f"suggestions.commitment:{old.pk}" not in keys


def test_a_commitment_due_in_the_past_is_a_400_on_its_field_and_nothing_is_stored(
    walk, client_for, unit_user
):
    with frozen():
        s = walk(Status.SIGNED)
        r = client_for(unit_user).post(
            f"/api/v1/suggestions/{s.pk}/reply/",
            {"result_class": "B", "body": "正在办理。", "commitments": [
                {"what": "明年完成", "due_date": "2027-06-30"},
                {"what": "上月完成", "due_date": "2026-11-30"},
            ]},
            format="json",
        )  # fmt: skip
    assert r.status_code == 400
    fields = r.json()["fields"]
    assert "commitments[1].due_date" in fields and "commitments[0].due_date" not in fields
    assert "第 2 项" in fields["commitments"][0]
    assert not Reply.objects.filter(suggestion=s).exists()
    s.refresh_from_db()
    assert s.status == Status.SIGNED


def test_the_export_holds_what_the_ledger_shows_and_is_audited(ledger, client_for, dongkou_staff):
    client = client_for(dongkou_staff)
    with frozen():
        r = client.get(f"{LEDGER}export/", {"state": "pending"})
    assert r.status_code == 200
    sheet = load_workbook(BytesIO(r.content)).active
    body = [row for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert sorted(row[3] for row in body) == sorted(["完成教学楼加固", "安装路灯40盏"])
    assert {row[6] for row in body} == {"待完成"}
    assert AuditLog.objects.filter(
        action=AuditLog.Action.EXPORT, model="suggestions.Commitment"
    ).exists()


def test_the_ledger_query_count_does_not_grow_with_the_rows(ledger, client_for, dongkou_staff):
    client = client_for(dongkou_staff)
    client.get(LEDGER)  # session and permission caches warm
    with CaptureQueriesContext(connection) as few:
        client.get(LEDGER)
    for c in list(Commitment.objects.all()):
        for i in range(3):
            Commitment.objects.create(
                reply=c.reply, suggestion=c.suggestion, what=f"追加{i}", due_date=c.due_date
            )
    with CaptureQueriesContext(connection) as many:
        client.get(LEDGER)
    assert len(many) == len(few)
