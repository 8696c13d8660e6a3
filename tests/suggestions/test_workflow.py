"""Every transition, allowed for the right actor and refused for the others, through the API."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from congress.models import AuditLog
from suggestions.api.actions import ACTIONS, OTHER_ENDPOINTS
from suggestions.models import Assignment, History, Reply, Status, Suggestion
from suggestions.services.assignment import suggestion_assign
from suggestions.workflow import TRANSITIONS
from tests.suggestions.conftest import in_half_a_year

pytestmark = pytest.mark.django_db


def act(client, s, action, data=None):
    return client.post(f"/api/v1/suggestions/{s.pk}/{action}/", data or {}, format="json")


def test_the_transition_table_names_a_known_status_and_actor_on_every_row():
    statuses = set(Status.values)
    for row in TRANSITIONS:
        assert row.sources <= statuses and (row.target is None or row.target in statuses)
        assert row.who and row.label


def test_the_whole_path_through_the_api_records_every_step_in_the_history(
    walk, client_for, lead, cosigner, dongkou_staff, unit_user, supervisor
):
    deputy, staff, unit = client_for(lead), client_for(dongkou_staff), client_for(unit_user)
    s = walk(Status.DRAFT, cosigners=[])
    r = deputy.post(
        "/api/v1/suggestions/",
        {"title": "关于修缮黄桥镇卫生院的建议", "body": "卫生院房屋漏雨，建议安排资金修缮。",
         "category": s.category_id, "cosigners": [cosigner.deputy.pk]},
        format="json",
    )  # fmt: skip
    assert r.status_code == 201, r.json()
    s = Suggestion.objects.get(pk=r.json()["id"])
    assert act(deputy, s, "submit").status_code == 409  # the co-signer has not confirmed
    assert act(client_for(cosigner), s, "confirm_cosign").status_code == 200
    r = act(deputy, s, "submit")
    assert r.status_code == 200 and "similar" in r.json()
    assert act(staff, s, "accept", {"is_key": True, "leading_leader": supervisor.pk,
                                    "overseeing_committee": "教科文卫工委"}).status_code == 200  # fmt: skip
    assert act(staff, s, "assign", {"lead_unit": unit_user.handling_unit_id}).status_code == 200
    assert act(unit, s, "sign").status_code == 200
    assert act(unit, s, "contact", {"method": "phone", "contacted_on": str(timezone.localdate()),
                                    "summary": "电话联系王秀英代表，说明办理思路"}).status_code == 200  # fmt: skip
    r = act(unit, s, "reply", {"result_class": "B", "body": "已列入明年计划。",
                               "commitments": [{"what": "修缮屋面", "due_date": str(in_half_a_year())}]})  # fmt: skip
    assert r.status_code == 200, r.json()
    r = act(
        deputy,
        s,
        "rate_unsatisfied",
        {"attitude": "satisfied", "result": "unsatisfied", "comment": "太慢"},
    )
    assert r.status_code == 200
    s.refresh_from_db()
    assert s.status == Status.REHANDLING and s.round == 2 and s.reply_due > timezone.localdate()
    assert act(unit, s, "reply", {"result_class": "A", "body": "已修缮完毕。"}).status_code == 200
    assert (
        act(
            deputy, s, "rate_satisfied", {"attitude": "satisfied", "result": "satisfied"}
        ).status_code
        == 200
    )
    s.refresh_from_db()
    assert s.status == Status.CLOSED
    assert Reply.objects.filter(suggestion=s).count() == 2
    steps = list(History.objects.filter(suggestion=s).values_list("action", flat=True))
    assert steps == ["create", "confirm_cosign", "submit", "accept", "assign", "sign", "contact",
                     "reply", "rate_unsatisfied", "reply", "rate_satisfied"]  # fmt: skip
    detail = client_for(supervisor).get(f"/api/v1/suggestions/{s.pk}/").json()
    assert detail["is_key"] and len(detail["history"]) == 11 and detail["actions"] == []


@pytest.mark.parametrize(
    "status, action, data, allowed, refused",
    [
        (Status.DRAFT, "submit", {}, "lead", ["staff", "unit"]),
        (Status.SUBMITTED, "accept", {}, "staff", ["lead", "unit"]),
        (Status.SUBMITTED, "return_for_rework", {"reason": "请补充"}, "staff", ["lead", "unit"]),
        (Status.ACCEPTED, "assign", "UNIT", "staff", ["lead", "unit"]),
        (Status.ASSIGNED, "sign", {}, "unit", ["lead", "staff", "other_unit"]),
        (Status.ASSIGNED, "unit_return", {"reason": "不属于本单位职责"}, "unit", ["lead", "staff"]),
        (Status.SIGNED, "reply", {"result_class": "A", "body": "已解决"}, "unit", ["lead", "staff"]),
        (Status.REPLIED, "rate_satisfied", {"attitude": "satisfied", "result": "satisfied"}, "lead",
         ["staff", "unit"]),
        (Status.REPLIED, "publish", {}, "staff", ["lead", "unit"]),
        (Status.SUBMITTED, "withdraw", {}, "lead", ["staff", "unit"]),
        (Status.DRAFT, "confirm_cosign", {}, "cosigner", ["lead"]),
        (Status.ACCEPTED, "mark_key", {"is_key": False, "overseeing_committee": "农业农村工委"},
         "staff", ["lead", "unit"]),
        (Status.SIGNED, "contact", {"method": "visit", "contacted_on": "TODAY",
                                    "summary": "走访代表"}, "unit", ["lead", "staff"]),
        (Status.SIGNED, "request_extension", {"months": 1, "reason": "需协调"}, "unit",
         ["lead", "staff"]),
        (Status.REPLIED, "rate_cosigner", {"attitude": "satisfied", "result": "basically"}, "cosigner",
         ["unit"]),
        (Status.SUBMITTED, "consent_withdrawal", {}, "cosigner", ["lead", "staff"]),
    ],
)  # fmt: skip
def test_each_action_is_allowed_for_its_actor_and_refused_for_the_others(
    walk, client_for, lead, cosigner, dongkou_staff, unit_user, other_unit_user, status, action,
    data, allowed, refused,
):  # fmt: skip
    people = {"lead": lead, "staff": dongkou_staff, "unit": unit_user,
              "other_unit": other_unit_user, "cosigner": cosigner}  # fmt: skip
    involved = "cosigner" in (allowed, *refused)
    s = walk(status, cosigners=[cosigner] if involved else [], confirm=action != "confirm_cosign")
    if data == "UNIT":
        data = {"lead_unit": unit_user.handling_unit_id}
    if isinstance(data, dict) and data.get("contacted_on") == "TODAY":
        # not before the suggestion existed (it was created just now) nor in the future
        data = {**data, "contacted_on": str(timezone.localdate())}
    for who in refused:
        r = act(client_for(people[who]), s, action, data)
        assert r.status_code in (403, 404), (who, r.status_code)
        s.refresh_from_db()
        assert s.status == status
    r = act(client_for(people[allowed]), s, action, data)
    assert r.status_code == 200, r.json()
    assert History.objects.filter(suggestion=s).last().actor == people[allowed]


def test_a_co_unit_signs_sends_its_opinion_to_the_lead_unit_and_may_not_reply(
    walk, client_for, unit_user, other_unit_user
):
    s = walk(Status.SIGNED, co_units=[other_unit_user])
    co = client_for(other_unit_user)
    assert act(co, s, "sign").status_code == 403  # the lead unit's row of the table
    assert act(co, s, "sign_co").status_code == 200
    assert act(co, s, "co_opinion", {"opinion": "同意主办单位意见"}).status_code == 200
    assert act(co, s, "reply", {"result_class": "A", "body": "x"}).status_code == 403
    s.refresh_from_db()
    assert s.status == Status.SIGNED
    assert s.assignments.get(role="co").opinion == "同意主办单位意见"


def test_a_refused_extension_keeps_the_deadline(walk, client_for, dongkou_staff, unit_user):
    s = walk(Status.SIGNED)
    due = s.reply_due
    act(client_for(unit_user), s, "request_extension", {"months": 1, "reason": "资金未到位"})
    ext = s.assignments.get(role="lead").extensions.get()
    r = act(client_for(dongkou_staff), s, "decide_extension",
            {"extension": ext.pk, "approve": False, "note": "请按期办理"})  # fmt: skip
    assert r.status_code == 200
    s.refresh_from_db()
    assert s.reply_due == due and s.history.last().note == "不同意延期：请按期办理"


def test_a_supervisor_reads_but_may_not_act(walk, client_for, supervisor):
    s = walk(Status.SUBMITTED)
    assert client_for(supervisor).get(f"/api/v1/suggestions/{s.pk}/").status_code == 200
    r = act(client_for(supervisor), s, "accept")
    assert r.status_code == 403 and r.json()["message"] == "您没有执行此操作的权限。"


@pytest.mark.parametrize(
    "status, action, data",
    [
        (Status.RETURNED, "accept", {}),
        (Status.ASSIGNED, "accept", {}),
        (Status.SIGNED, "sign", {}),
        (Status.ASSIGNED, "reply", {"result_class": "A", "body": "x"}),
        (Status.CLOSED, "rate_satisfied", {"attitude": "satisfied", "result": "satisfied"}),
        (Status.REPLIED, "withdraw", {}),
        (Status.CLOSED, "assign", "UNIT"),
    ],
)
def test_an_illegal_transition_is_a_409_in_chinese_and_changes_nothing(
    walk, client_for, lead, dongkou_staff, unit_user, status, action, data
):
    s = walk(status)
    actor = {"accept": dongkou_staff, "assign": dongkou_staff, "sign": unit_user,
             "reply": unit_user, "rate_satisfied": lead, "withdraw": lead}[action]  # fmt: skip
    if data == "UNIT":
        data = {"lead_unit": unit_user.handling_unit_id}
    if isinstance(data, dict) and data.get("contacted_on") == "TODAY":
        # not before the suggestion existed (it was created just now) nor in the future
        data = {**data, "contacted_on": str(timezone.localdate())}
    before = History.objects.filter(suggestion=s).count()
    r = act(client_for(actor), s, action, data)
    assert r.status_code == 409, r.json()
    assert "不能" in r.json()["message"] or "已" in r.json()["message"]
    s.refresh_from_db()
    assert s.status == status and History.objects.filter(suggestion=s).count() == before


def test_withdrawal_needs_every_signers_consent(walk, client_for, lead, cosigner):
    s = walk(Status.SUBMITTED, cosigners=[cosigner])
    r = act(client_for(lead), s, "withdraw")
    assert r.status_code == 409 and "刘建国" in r.json()["message"]
    assert act(client_for(cosigner), s, "consent_withdrawal").status_code == 200
    assert act(client_for(lead), s, "withdraw").status_code == 200
    s.refresh_from_db()
    assert s.status == Status.WITHDRAWN


def test_a_unit_returns_a_wrong_assignment_and_staff_reassign_it(
    walk, client_for, dongkou_staff, unit_user, other_unit_user
):
    s = walk(Status.ASSIGNED)
    assert act(client_for(unit_user), s, "unit_return", {"reason": ""}).status_code == 400
    assert (
        act(client_for(unit_user), s, "unit_return", {"reason": "属交通局职责"}).status_code == 200
    )
    s.refresh_from_db()
    assert s.status == Status.ACCEPTED and s.reply_due is None
    r = act(client_for(dongkou_staff), s, "assign", {"lead_unit": other_unit_user.handling_unit_id})
    assert r.status_code == 200
    assert act(client_for(other_unit_user), s, "sign").status_code == 200
    # the unit that returned it no longer acts on it, nor reads the new unit's handling
    assert act(client_for(unit_user), s, "sign").status_code == 404
    assert client_for(unit_user).get(f"/api/v1/suggestions/{s.pk}/").status_code == 404


def test_a_unit_may_not_return_after_seven_working_days(walk, client_for, unit_user):
    s = walk(Status.ASSIGNED)
    Assignment.objects.filter(suggestion=s).update(
        return_until=timezone.localdate().replace(year=2020)
    )
    r = act(client_for(unit_user), s, "unit_return", {"reason": "不属于本单位"})
    assert r.status_code == 409 and "退回期限" in r.json()["message"]


def test_an_approved_extension_moves_the_deadline_and_a_fourth_month_is_refused(
    walk, client_for, dongkou_staff, unit_user
):
    s = walk(Status.SIGNED)
    due = s.reply_due
    assert (
        act(client_for(unit_user), s, "request_extension", {"months": 4, "reason": "x"}).status_code
        == 400
    )
    assert act(client_for(unit_user), s, "request_extension",
               {"months": 2, "reason": "需协调省级资金"}).status_code == 200  # fmt: skip
    ext = s.assignments.get(role="lead").extensions.get()
    assert act(client_for(dongkou_staff), s, "decide_extension",
               {"extension": ext.pk, "approve": True}).status_code == 200  # fmt: skip
    s.refresh_from_db()
    assert s.reply_due > due
    r = act(client_for(unit_user), s, "request_extension", {"months": 2, "reason": "再延"})
    assert r.status_code == 400 and "还可申请 1 个月" in r.json()["fields"]["months"][0]


def test_staff_publish_a_reply_without_phone_numbers_and_the_public_reads_it(
    walk, client_for, dongkou_staff
):
    s = walk(Status.REPLIED)
    r = act(client_for(dongkou_staff), s, "publish", {"names": ["张老师"]})
    assert r.status_code == 200
    public = client_for(None).get("/api/v1/public/replies/").json()["results"]
    assert len(public) == 1
    assert "13912345678" not in public[0]["body"] and "张某某" in public[0]["body"]
    assert client_for(None).get("/public/replies/").status_code == 200


def test_a_b_class_reply_must_list_its_commitments_and_staff_follow_them_to_done(
    walk, client_for, dongkou_staff, unit_user
):
    s = walk(Status.SIGNED)
    r = act(client_for(unit_user), s, "reply", {"result_class": "B", "body": "列入规划"})
    assert r.status_code == 400 and "commitments" in r.json()["fields"]
    s = walk(Status.REPLIED)
    commitment = s.commitments.get()
    r = act(client_for(dongkou_staff), s, "commitment_done",
            {"commitment": commitment.pk, "note": "回头督：已完成加固"})  # fmt: skip
    assert r.status_code == 200
    commitment.refresh_from_db()
    assert commitment.done_at is not None


def test_bulk_writes_are_in_the_audit_log(walk, cosigner, dongkou_staff, other_unit_user):
    s = walk(Status.ASSIGNED, cosigners=[cosigner])
    assert AuditLog.objects.filter(model="suggestions.CoSigner", action="create").exists()
    suggestion_assign(
        suggestion=s, actor=dongkou_staff, lead_unit_id=other_unit_user.handling_unit_id
    )
    assert AuditLog.objects.filter(
        model="suggestions.Assignment", action="update", after={"is_active": False}
    ).exists()


def test_every_row_of_the_table_is_an_endpoint_and_nothing_else_is(client_for, dongkou_staff):
    assert set(ACTIONS) | set(OTHER_ENDPOINTS) == {row.action for row in TRANSITIONS}
    assert not set(ACTIONS) & set(OTHER_ENDPOINTS)
    meta = client_for(dongkou_staff).get("/api/v1/suggestions/meta/").json()
    assert {t["action"] for t in meta["transitions"]} == set(ACTIONS) | set(OTHER_ENDPOINTS)


def test_editing_and_attaching_go_through_the_table(walk, client_for, lead, cosigner, category):
    s = walk(Status.DRAFT, cosigners=[cosigner])
    edit = {"title": "新标题", "body": "新内容", "category": category.pk,
            "cosigners": [cosigner.deputy.pk]}  # fmt: skip
    assert {"edit", "attach"} <= set(
        client_for(lead).get(f"/api/v1/suggestions/{s.pk}/").json()["actions"]
    )
    r = client_for(cosigner).put(f"/api/v1/suggestions/{s.pk}/", edit, format="json")
    assert r.status_code == 403 and r.json()["message"] == "您不能对这条建议执行“修改”。"
    assert (
        client_for(lead).put(f"/api/v1/suggestions/{s.pk}/", edit, format="json").status_code == 200
    )
    s.refresh_from_db()
    assert s.title == "新标题" and s.history.last().action == "edit"
    upload = SimpleUploadedFile("说明.txt", b"ok", content_type="text/plain")
    r = client_for(lead).post(f"/api/v1/suggestions/{s.pk}/attachments/", {"file": upload},
                              format="multipart")  # fmt: skip
    assert r.status_code == 201
    assert s.history.last().action == "attach" and s.history.last().note == "说明.txt"
    s.attachments.get().file.delete(save=False)
    submitted = walk(Status.SUBMITTED)
    r = client_for(lead).put(f"/api/v1/suggestions/{submitted.pk}/", edit, format="json")
    assert r.status_code == 409 and r.json()["message"] == "这条建议当前为“待审查”，不能修改。"
    upload = SimpleUploadedFile("说明.txt", b"ok", content_type="text/plain")
    r = client_for(lead).post(f"/api/v1/suggestions/{submitted.pk}/attachments/",
                              {"file": upload}, format="multipart")  # fmt: skip
    assert r.status_code == 409 and "不能上传附件" in r.json()["message"]


def test_the_actions_a_detail_advertises_are_the_ones_its_endpoints_take(
    walk, client_for, lead, cosigner, dongkou_staff, unit_user
):
    s = walk(Status.ASSIGNED)
    unit, staff = client_for(unit_user), client_for(dongkou_staff)
    assert {"sign", "unit_return"} <= set(
        unit.get(f"/api/v1/suggestions/{s.pk}/").json()["actions"]
    )
    assert "reassign" in staff.get(f"/api/v1/suggestions/{s.pk}/").json()["actions"]
    r = act(staff, s, "reassign", {"lead_unit": unit_user.handling_unit_id})
    assert r.status_code == 200, r.json()
    assert act(staff, s, "assign", {"lead_unit": unit_user.handling_unit_id}).status_code == 409
    assert act(unit, s, "unit_return", {"reason": "不属于本单位职责"}).status_code == 200


def test_the_lead_deputy_rates_through_the_outcome_the_table_names(walk, client_for, lead):
    s = walk(Status.REPLIED)
    deputy = client_for(lead)
    assert {"rate_satisfied", "rate_unsatisfied"} <= set(
        deputy.get(f"/api/v1/suggestions/{s.pk}/").json()["actions"]
    )
    wrong = {"attitude": "satisfied", "result": "unsatisfied", "comment": "没有解决"}
    r = act(deputy, s, "rate_satisfied", wrong)
    assert r.status_code == 400 and "result" in r.json()["fields"]
    s.refresh_from_db()
    assert s.status == Status.REPLIED and not s.replies.get().ratings.exists()
    assert act(deputy, s, "rate_unsatisfied", wrong).status_code == 200
    s.refresh_from_db()
    assert s.status == Status.REHANDLING
