"""The life of a project through the API: planned, researched, heard, 审议意见 sent to the
body, its 整改 report submitted by the body (a unit account or an official bound to it), rated
by the committee (不满意 sends it back with a new deadline, 满意 lets it close), a joint topic's
townships with their own stages, 专题询问 with commitments reported and checked, and every step
out of order refused with a 409 in Chinese."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from congress.models import Region, Role
from supervision.models import Commitment, Project, Rectification, Report
from tests.ballots.conftest import make_deputy
from tests.conftest import make_user
from tests.supervision.conftest import make_project, rectifying

pytestmark = pytest.mark.django_db
API = "/api/v1/supervision/"


def day(n: int) -> str:
    return (timezone.localdate() + dt.timedelta(days=n)).isoformat()


def test_staff_plan_a_combined_topic_and_move_it_to_the_hearing(
    client_for, dongkou_staff, dongkou_unit
):
    client = client_for(dongkou_staff)
    created = client.post(f"{API}projects/", {
        "year": 2026, "title": "优化营商环境", "forms": ["research", "inspection", "work_report", "inquiry"],
        "committee": "finance", "unit": dongkou_unit.pk,
    }, format="json")  # fmt: skip
    assert created.status_code == 201, created.content
    data = created.json()
    assert data["combined"] is True and data["status"] == "planned"
    assert data["forms_display"] == ["专题调研", "视察", "听取和审议专项工作报告", "专题询问"]
    assert data["region"]["code"] == "430525" and data["unit"]["name"] == "洞口县教育局"
    pk = data["id"]
    assert "research" in data["actions"] and "send_opinions" not in data["actions"]
    assert client.post(f"{API}projects/{pk}/research/", {}, format="json").status_code == 200
    heard = client.post(
        f"{API}projects/{pk}/hearing/", {"note": "常委会第十次会议"}, format="json"
    ).json()
    assert heard["status"] == "hearing"
    milestones = {m["key"]: m for m in heard["milestones"]}
    assert (
        milestones["plan"]["done"]
        and milestones["research"]["done"]
        and milestones["hearing"]["done"]
    )
    assert not milestones["opinions"]["done"] and milestones["opinions"]["current"] is False
    assert [s["label"] for s in heard["steps"]][:2] == ["听取审议/检查", "开展调研"]


def test_a_step_out_of_order_is_a_409_in_chinese(client_for, dongkou_staff, project):
    client = client_for(dongkou_staff)
    refused = client.post(
        f"{API}projects/{project.pk}/opinions/",
        {"opinions": "x", "due_date": day(30)},
        format="json",
    )
    assert refused.status_code == 409
    assert refused.json()["message"] == "听取审议（或检查）之后才能交办审议意见。"
    assert client.post(f"{API}projects/{project.pk}/hearing/", {}, format="json").status_code == 200
    again = client.post(f"{API}projects/{project.pk}/research/", {}, format="json")
    assert (
        again.status_code == 409 and again.json()["message"] == "只有计划阶段的项目可以开始调研。"
    )
    assert Project.objects.get(pk=project.pk).status == "hearing"


def test_the_body_reports_the_committee_sends_it_back_then_accepts_it_and_closes(
    client_for, dongkou_staff, unit_user, official, project
):
    staff = client_for(dongkou_staff)
    assert staff.post(f"{API}projects/{project.pk}/hearing/", {}, format="json").status_code == 200
    sent = staff.post(f"{API}projects/{project.pk}/opinions/",
                      {"opinions": "一、加大投入；二、补齐短板。", "due_date": day(30)}, format="json")  # fmt: skip
    assert sent.status_code == 200, sent.content
    rect = sent.json()["rectification"]
    assert rect["status"] == "due" and rect["due_date"] == day(30)
    assert unit_user.notifications.filter(title__contains="审议意见交办").exists()
    assert official.notifications.filter(title__contains="审议意见交办").exists()

    body = client_for(unit_user)
    mine = body.get(f"{API}rectifications/").json()
    assert [r["id"] for r in mine["results"]] == [rect["id"]] and mine["results"][0]["actions"] == [
        "submit"
    ]
    report = SimpleUploadedFile("整改报告.pdf", b"%PDF-1.4 report", content_type="application/pdf")
    done = body.post(
        f"{API}rectifications/{rect['id']}/submit/", {"text": "已整改", "file": report}
    )
    assert done.status_code == 200, done.content
    assert done.json()["status"] == "submitted" and done.json()["reports"][0]["on_time"] is True
    assert (
        body.post(f"{API}rectifications/{rect['id']}/submit/", {"text": "again"}).status_code == 409
    )
    assert Project.objects.get(pk=project.pk).status == "received"
    file = body.get(done.json()["reports"][0]["url"])
    assert file.status_code == 200 and file["Cache-Control"] == "private, no-store"

    back = staff.post(f"{API}rectifications/{rect['id']}/rate/",
                      {"rating": "dissatisfied", "note": "措施不具体"}, format="json")  # fmt: skip
    assert back.status_code == 400 and "next_due" in back.json()["fields"]
    back = staff.post(f"{API}rectifications/{rect['id']}/rate/",
                      {"rating": "dissatisfied", "note": "措施不具体", "next_due": day(20)}, format="json")  # fmt: skip
    assert back.status_code == 200
    assert back.json()["status"] == "returned" and [r["round"] for r in back.json()["reports"]] == [
        1,
        2,
    ]
    assert Project.objects.get(pk=project.pk).status == "rectifying"

    by_official = client_for(official)
    again = by_official.post(f"{API}rectifications/{rect['id']}/submit/", {"text": "重新整改完成"})
    assert again.status_code == 200, again.content
    accepted = staff.post(
        f"{API}rectifications/{rect['id']}/rate/", {"rating": "satisfied"}, format="json"
    )
    assert accepted.json()["status"] == "accepted"
    closed = staff.post(f"{API}projects/{project.pk}/close/", {}, format="json").json()
    assert closed["status"] == "closed"
    assert [m["key"] for m in closed["milestones"] if not m["done"]] == ["research"]  # skipped
    assert closed["rectification"]["reports"][1]["rating_display"] == "满意"


def test_only_the_body_may_submit_and_only_staff_may_rate(
    client_for, dongkou_staff, unit_user, other_unit_user, supervisor, rectification
):
    assert (
        client_for(dongkou_staff)
        .post(f"{API}rectifications/{rectification.pk}/submit/", {"text": "x"})
        .status_code
        == 403
    )  # staff lack the body's permission
    # another unit of the same county does not see the 整改 at all
    assert (
        client_for(other_unit_user)
        .post(f"{API}rectifications/{rectification.pk}/submit/", {"text": "x"})
        .status_code
        == 404
    )
    assert (
        client_for(unit_user)
        .post(
            f"{API}rectifications/{rectification.pk}/rate/", {"rating": "satisfied"}, format="json"
        )
        .status_code
        == 403
    )
    assert (
        client_for(supervisor)
        .post(
            f"{API}rectifications/{rectification.pk}/rate/", {"rating": "satisfied"}, format="json"
        )
        .status_code
        == 403
    )
    early = client_for(dongkou_staff).post(
        f"{API}rectifications/{rectification.pk}/rate/", {"rating": "satisfied"}, format="json"
    )
    assert early.status_code == 409 and early.json()["message"] == "收到整改报告后才能测评。"


def test_a_late_report_is_recorded_late(client_for, dongkou_staff, unit_user, rectification):
    Report.objects.filter(rectification=rectification).update(
        due_date=timezone.localdate() - dt.timedelta(days=2)
    )
    done = client_for(unit_user).post(
        f"{API}rectifications/{rectification.pk}/submit/", {"text": "迟报"}
    )
    assert done.json()["reports"][0]["on_time"] is False


def test_a_joint_topic_has_townships_each_with_its_own_stages(
    client_for, dongkou_staff, project, regions
):
    towns = list(Region.objects.filter(parent_id="430525").order_by("code")[:3])
    staff = client_for(dongkou_staff)
    added = staff.post(
        f"{API}projects/{project.pk}/townships/",
        {"townships": [t.code for t in towns]},
        format="json",
    )
    assert added.status_code == 200, added.content
    data = added.json()
    assert data["joint"] is True and len(data["children"]) == 3
    assert data["children_by_status"] == {"planned": 3}
    foreign = staff.post(
        f"{API}projects/{project.pk}/townships/", {"townships": ["431025100"]}, format="json"
    )
    assert foreign.status_code == 400
    child = data["children"][0]
    town_staff = make_user("town_staff", role=Role.STAFF, region=towns[0].code)
    town = client_for(town_staff)
    assert town.get(f"{API}projects/{project.pk}/").status_code == 404  # the county's topic
    assert town.post(f"{API}projects/{child['id']}/hearing/", {}, format="json").status_code == 200
    assert town.post(f"{API}projects/{child['id']}/close/", {}, format="json").status_code == 200
    assert town.get(f"{API}projects/{data['children'][1]['id']}/").status_code == 404
    rolled = staff.get(f"{API}projects/{project.pk}/").json()
    assert rolled["children_by_status"] == {"closed": 1, "planned": 2}
    listed = staff.get(f"{API}projects/", {"top": "true"}).json()
    assert [r["township_count"] for r in listed["results"]] == [3]


def test_an_inquiry_records_questions_commitments_reported_and_checked(
    client_for, dongkou_staff, unit_user, deputies, project
):
    staff = client_for(dongkou_staff)
    refused = staff.post(f"{API}projects/{project.pk}/questions/", {}, format="json")
    assert refused.status_code == 400
    staff.post(f"{API}projects/{project.pk}/hearing/", {}, format="json")
    asked = staff.post(f"{API}projects/{project.pk}/questions/", {
        "asker_kind": "deputy", "asker_name": deputies[0].name, "deputy": deputies[0].pk,
        "question": "大班额问题何时解决？", "answerer_name": "李局长", "answerer_post": "县教育局局长",
        "answer": "明年秋季学期前新建两所学校。",
        "commitments": [{"what": "新建两所学校", "due_date": day(60)}],
    }, format="json")  # fmt: skip
    assert asked.status_code == 201, asked.content
    question = asked.json()["questions"][0]
    commitment = question["commitments"][0]
    assert commitment["status"] == "open"
    body = client_for(unit_user)
    ledger = body.get(f"{API}commitments/").json()
    assert [c["id"] for c in ledger["results"]] == [commitment["id"]]
    evidence = SimpleUploadedFile("photo.txt", "开工照片说明".encode(), content_type="text/plain")
    reported = body.post(
        f"{API}commitments/{commitment['id']}/report/", {"note": "已开工", "evidence": evidence}
    )
    assert reported.status_code == 200 and reported.json()["status"] == "reported"
    assert body.get(reported.json()["evidence_url"]).status_code == 200
    assert (
        body.post(
            f"{API}commitments/{commitment['id']}/check/", {"accepted": True}, format="json"
        ).status_code
        == 403
    )
    rejected = staff.post(
        f"{API}commitments/{commitment['id']}/check/", {"accepted": False}, format="json"
    )
    assert rejected.status_code == 400 and "note" in rejected.json()["fields"]
    back = staff.post(
        f"{API}commitments/{commitment['id']}/check/",
        {"accepted": False, "note": "未完工"},
        format="json",
    )
    assert back.json()["status"] == "open"
    body.post(f"{API}commitments/{commitment['id']}/report/", {"note": "已完工"})
    done = staff.post(
        f"{API}commitments/{commitment['id']}/check/", {"accepted": True}, format="json"
    )
    assert done.json()["status"] == "done"
    twice = staff.post(
        f"{API}commitments/{commitment['id']}/check/", {"accepted": True}, format="json"
    )
    assert twice.status_code == 409 and twice.json()["message"] == "单位报告完成后才能核实。"
    assert Commitment.objects.get().checked_by == dongkou_staff
    mine = client_for(deputies[0].user).get("/api/v1/me/supervision/").json()
    assert [p["id"] for p in mine["results"]] == [project.pk]


def test_a_project_without_inquiry_takes_no_question(
    client_for, dongkou_staff, dongkou, dongkou_unit
):
    project = make_project(dongkou_staff, dongkou.region, unit=dongkou_unit, forms=["law_check"])
    rectifying(dongkou_staff, project)
    refused = client_for(dongkou_staff).post(f"{API}projects/{project.pk}/questions/", {
        "asker_kind": "member", "asker_name": "委员", "question": "？", "answerer_name": "局长",
    }, format="json")  # fmt: skip
    assert refused.status_code == 400 and refused.json()["fields"] == {
        "question": ["该项目的监督方式不含专题询问。"]
    }
    assert not Rectification.objects.exclude(project=project).exists()


def test_a_rating_taken_from_a_closed_ballot_on_the_body(
    client_for, dongkou_staff, unit_user, dongkou, dongkou_unit, project, rectification
):
    """The committee's 满意度测评 of the body: its result gives the rating (here 不满意, over the
    ballot's warning line), which sends the 整改 back."""
    from ballots.services.counting import ballot_close  # noqa: PLC0415 - only this test votes
    from ballots.services.voting import ballot_vote  # noqa: PLC0415
    from tests.ballots.conftest import rating_ballot  # noqa: PLC0415

    voters = [make_deputy(dongkou, f"测评代表{i}") for i in range(3)]
    ballot = rating_ballot(dongkou_staff, dongkou, [dongkou_unit])
    item = ballot.items.get()
    for voter, answer in zip(voters, ["dissatisfied", "dissatisfied", "satisfied"], strict=True):
        ballot_vote(deputy=voter, ballot=ballot, answers={item.pk: answer})
    staff = client_for(dongkou_staff)
    url = f"{API}rectifications/{rectification.pk}/"
    client_for(unit_user).post(url + "submit/", {"text": "已整改"})
    early = staff.post(
        url + "rate/",
        {"ballot": ballot.pk, "ballot_item": item.pk, "next_due": day(20)},
        format="json",
    )
    assert early.status_code == 409  # results exist once the ballot is closed
    ballot_close(actor=dongkou_staff, ballot=ballot)
    offered = staff.get(url + "ballots/").json()
    assert offered == [{"ballot": ballot.pk, "ballot_title": ballot.title, "item": item.pk,
                        "item_title": item.title, "rating": "dissatisfied"}]  # fmt: skip
    rated = staff.post(
        url + "rate/",
        {"ballot": ballot.pk, "ballot_item": item.pk, "next_due": day(20)},
        format="json",
    )
    assert rated.status_code == 200, rated.content
    first = rated.json()["reports"][0]
    assert first["rating"] == "dissatisfied" and first["ballot_title"] == ballot.title
    assert rated.json()["status"] == "returned"
