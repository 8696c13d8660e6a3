# ruff: noqa: F811 (pytest fixtures imported from the modules that define them)
"""Contacts through the API: staff set up a relation, the official logs contacts with the issues
raised (the deputy reads them under 联系我的), the list shows who is behind target with the same
count as its export and its summary; bad input is a per-field Chinese 400 that stores nothing."""

import io

import pytest
from openpyxl import load_workbook

from congress import exports
from congress.models import AuditLog, Job, Notification
from contacts.models import Contact, ContactRelation, Issue
from tests.conftest import LINWU
from tests.congress.test_jobs import _media, run  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db

LIST = "/api/v1/contacts/relations/"


def log(client, relation, **body):
    body = {"occurred_on": "2026-11-20", "way": "visit", "subject": "走访了解村道养护", **body}
    return client.post(f"{LIST}{relation.pk}/contacts/", body, format="json")


def test_staff_create_an_official_relation_and_it_starts_behind(
    client_for, dongkou_staff, official, deputies
):
    client = client_for(dongkou_staff)
    r = client.post(LIST, {"kind": "official", "contactor": official.pk,
                           "deputy": deputies[0].pk, "starts_on": "2026-01-01"}, format="json")  # fmt: skip
    assert r.status_code == 201, r.content
    body = r.json()
    assert (body["yearly_target"], body["done"], body["behind"]) == (2, 0, True)
    assert body["contactor_unit"] == "洞口县人民政府" and body["region"]["code"] == "430525"
    rows = client.get(LIST, {"behind": 1}).json()["results"]
    assert [row["id"] for row in rows] == [body["id"]]


def test_the_official_logs_a_contact_and_the_deputy_reads_it_on_their_page(
    client_for, official, official_relation, deputies
):
    r = log(client_for(official), official_relation, way="phone",
            issues=["村道三处塌方", "  ", "卫生室缺药"])  # fmt: skip
    assert r.status_code == 201, r.content
    assert [i["content"] for i in r.json()["issues"]] == ["村道三处塌方", "卫生室缺药"]
    assert r.json()["issues"][0]["actions"] == ["to_opinion", "to_suggestion", "answer", "close"]
    mine = client_for(official).get("/api/v1/me/contacts/").json()
    assert [(x["contacted_name"], x["done"]) for x in mine["relations"]] == [("代表a", 1)]
    deputy = client_for(deputies[0].user)
    of_me = deputy.get("/api/v1/me/contacts/").json()["of_me"]
    assert [(c["contactor_name"], c["way_display"]) for c in of_me] == [("洞口县副县长", "电话")]
    # 代表联系群众 stays the stations' count, shown beside (no relation of its own)
    constituents = deputy.get("/api/v1/me/contacts/").json()["constituents"]
    assert constituents == {"visits": 0, "people_received": 0}
    assert client_for(official).get("/api/v1/me/contacts/").json()["constituents"] is None
    assert Notification.objects.filter(recipient=deputies[0].user, kind="contact_logged").exists()
    # the deputy contacted reads the relation, but logs nothing and takes no step
    assert deputy.get(f"{LIST}{official_relation.pk}/").json()["can_log"] is False
    assert log(deputy, official_relation).status_code == 403
    issue = Issue.objects.first()
    r = deputy.post(f"/api/v1/contacts/issues/{issue.pk}/answer/", {"text": "已答复"})
    assert r.status_code == 403


def test_a_member_logs_for_their_own_relation(client_for, member, member_relation, deputies):
    client = client_for(member.deputy.user)
    assert log(client, member_relation).status_code == 201
    mine = client.get("/api/v1/me/contacts/").json()["relations"]
    assert [(x["kind"], x["done"]) for x in mine] == [("member", 1)]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"subject": ""}, "subject"),
        ({"way": "letter"}, "way"),
        ({"occurred_on": "2026-12-31"}, "occurred_on"),  # after today
        ({"occurred_on": "2025-12-31"}, "occurred_on"),  # before the relation starts
        ({"occurred_on": "yesterday"}, "occurred_on"),
        ({"issues": "not a list"}, "issues"),
    ],
)
def test_a_bad_contact_is_a_400_on_its_field_and_stores_nothing(
    client_for, official, official_relation, body, field
):
    r = log(client_for(official), official_relation, **body)
    assert r.status_code == 400, r.content
    assert field in r.json()["fields"] and r.json()["message"]
    assert not any(ch.isascii() and ch.isalpha() for ch in r.json()["fields"][field][0])
    assert Contact.objects.count() == 0 and Issue.objects.count() == 0


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"yearly_target": 1}, "yearly_target"),  # 宁乡's rule: at least twice a year
        ({"kind": "township"}, "township"),
        ({"deputy": None}, "deputy"),
        ({"contactor": 999999}, "contactor"),
        ({"kind": "meeting"}, "kind"),
    ],
)
def test_a_bad_relation_is_a_400_on_its_field_and_stores_nothing(
    client_for, dongkou_staff, official, deputies, body, field
):
    base = {"kind": "official", "contactor": official.pk, "deputy": deputies[0].pk}
    r = client_for(dongkou_staff).post(LIST, {**base, **body}, format="json")
    assert r.status_code == 400, r.content
    assert field in r.json()["fields"], r.json()
    assert ContactRelation.objects.count() == 0


def test_a_relation_cannot_reach_another_county(
    client_for, dongkou_staff, official, linwu_official, linwu_deputy, deputies
):
    client = client_for(dongkou_staff)
    r = client.post(LIST, {"kind": "official", "contactor": official.pk,
                           "deputy": linwu_deputy.pk}, format="json")  # fmt: skip
    assert r.status_code == 400 and "deputy" in r.json()["fields"]
    r = client.post(LIST, {"kind": "official", "contactor": linwu_official.pk,
                           "deputy": deputies[0].pk}, format="json")  # fmt: skip
    assert r.status_code == 400 and "contactor" in r.json()["fields"]
    assert ContactRelation.objects.count() == 0


def test_the_export_and_the_summary_count_the_list(
    client_for, dongkou_staff, official, official_relation, member_relation, township_relation
):
    for _ in range(2):
        assert log(client_for(official), official_relation).status_code == 201
    client = client_for(dongkou_staff)
    summary = client.get(f"{LIST}summary/").json()
    assert (summary["relations"], summary["reached"], summary["coverage"]) == (3, 1, 0.3333)
    behind = client.get(LIST, {"behind": 1}).json()
    assert behind["count"] == 2
    r = client.get(f"{LIST}export/", {"behind": 1})
    assert r.status_code == 200
    rows = list(load_workbook(io.BytesIO(r.content)).active.values)
    assert len(rows) == 1 + 2 and rows[0][0] == "联系类别"
    assert {row[-1] for row in rows[1:]} == {"未达标"}
    kinds = client.get(LIST, {"kind": "township"}).json()["results"]
    assert [(k["contacted_name"], k["yearly_target"]) for k in kinds] == [("江口镇", 4)]


def test_the_officials_home_page_lists_what_is_behind(client_for, official, official_relation):
    from congress.todo import todo_for  # noqa: PLC0415

    assert {(i["key"], i["count"]) for i in todo_for(official)} >= {("contact_behind", 1)}
    log(client_for(official), official_relation, issues=["卫生室缺药"])
    got = {i["key"]: i["count"] for i in todo_for(official)}
    assert (got["contact_behind"], got["contact_issues"]) == (1, 1)


def test_the_export_job_holds_the_filtered_relations_and_is_audited(
    client_for, dongkou_staff, linwu_staff, official_relation, member_relation, township_relation,
    run,  # noqa: F811
):  # fmt: skip
    client = client_for(dongkou_staff)
    job = run(client, {"kind": "contact_export", "params": {"kind": "township", "page": 3}}).job
    assert (job["status"], job["label"], job["result"]) == (
        "done", "导出联系工作", {"filters": {"kind": "township"}},
    )  # fmt: skip
    content = b"".join(client.get(job["download_url"]))
    rows = list(load_workbook(io.BytesIO(content)).active.values)
    assert rows[0][0] == "联系类别" and [row[4] for row in rows[1:]] == ["江口镇"]
    log = AuditLog.objects.filter(action=AuditLog.Action.EXPORT).latest("id")
    assert (log.model, log.actor_id, log.after) == (
        "contacts.ContactRelation", dongkou_staff.pk, {"kind": "township"},
    )  # fmt: skip
    theirs = run(client_for(linwu_staff), {"kind": "contact_export", "params": {}}).job
    other = b"".join(client_for(linwu_staff).get(theirs["download_url"]))
    assert list(load_workbook(io.BytesIO(other)).active.values)[1:] == []  # none of ours


def test_a_bad_export_filter_queues_nothing_and_a_large_direct_download_is_refused(
    client_for, dongkou_staff, official_relation, member_relation, monkeypatch,
    run,  # noqa: F811
):  # fmt: skip
    client = client_for(dongkou_staff)
    bad = run(client, {"kind": "contact_export", "params": {"kind": "friends"}})
    assert bad.status_code == 400 and list(bad.json()["fields"]) == ["kind"]
    foreign = run(client, {"kind": "contact_export", "params": {"region": LINWU}})
    assert foreign.status_code == 404
    assert not Job.objects.exists()
    monkeypatch.setattr(exports, "SYNC_MAX_ROWS", 1)
    r = client.get(f"{LIST}export/")
    assert r.status_code == 400
    assert r.json()["code"] == "export_too_large" and "contact_export" in r.json()["message"]
    assert not AuditLog.objects.filter(action=AuditLog.Action.EXPORT).exists()
    monkeypatch.setattr(exports, "SYNC_MAX_ROWS", 2)
    assert client.get(f"{LIST}export/").status_code == 200
