"""备案审查 through the API, step by step: a unit files a document within 30 days (or late), staff
register it with its number, review it with the checklist and an invited expert's opinion, ask
for a correction by a date, the unit reports it and staff accept it; 提前介入 on a draft; a paper
filing; 事后审查纠错; every refused step is a 409 (wrong status) or a 403 (wrong actor) in Chinese."""

import datetime as dt

import pytest

from filings.models import ExpertInvitation, Filing, History, Review
from tests.filings.conftest import ALL_OK, TODAY, checked, filed, under_review

pytestmark = pytest.mark.django_db


def post(client, url, body=None, status=200):
    response = client.post(url, body or {}, format="json")
    assert response.status_code == status, response.content.decode()
    return response.json()


def test_a_document_goes_from_filing_to_a_correction_accepted(
    client_for, unit_user, dongkou_staff, expert, clock
):
    unit, staff, exp = client_for(unit_user), client_for(dongkou_staff), client_for(expert)
    published = (TODAY - dt.timedelta(days=12)).isoformat()
    created = post(unit, "/api/v1/filings/", {"title": "校外培训机构监督管理办法",
                                             "doc_number": "洞教发〔2026〕9号",
                                             "published_on": published}, status=201)  # fmt: skip
    pk = created["id"]
    assert (
        created["status"] == "published"
        and created["due_on"] == (TODAY + dt.timedelta(days=18)).isoformat()
    )
    assert created["actions"] == ["edit", "upload", "file"]
    data = post(unit, f"/api/v1/filings/{pk}/file/")
    assert (data["status"], data["filed_on"], data["late"]) == ("filed", TODAY.isoformat(), False)

    data = post(staff, f"/api/v1/filings/{pk}/register/")
    assert data["status"] == "registered" and data["number"] == "洞口县备〔2026〕1号"
    post(staff, f"/api/v1/filings/{pk}/start-review/")
    data = post(staff, f"/api/v1/filings/{pk}/checklist/", {
        "basis_ok": False, "basis_note": "第五条增设的申请条件缺乏上位法依据。",
        "conflict_ok": True, "procedure_ok": True,
    })  # fmt: skip
    assert data["reviews"][0]["basis_ok"] is False
    post(staff, f"/api/v1/filings/{pk}/experts/", {"experts": [expert.pk], "question": "第五条？"})
    invitation = ExpertInvitation.objects.get(expert=expert)
    answered = post(exp, f"/api/v1/filings/invitations/{invitation.pk}/opinion/",
                    {"opinion": "第五条与《民办教育促进法》相抵触。"})  # fmt: skip
    assert answered["opinion"].startswith("第五条") and answered["review_open"] is True

    due = (TODAY + dt.timedelta(days=60)).isoformat()
    data = post(staff, f"/api/v1/filings/{pk}/require-correction/",
                {"result": "required", "opinion": "请删除第五条。", "correction_due": due})  # fmt: skip
    assert (data["status"], data["result"], data["correction_due"]) == (
        "correction_due",
        "required",
        due,
    )
    assert data["reviews"][0]["invitations"][0]["opinion"].startswith("第五条")
    mine = unit.get(f"/api/v1/filings/{pk}/").json()
    assert mine["reviews"][0]["invitations"] == []  # the filer never reads the experts
    assert mine["actions"] == ["upload", "report_correction"]

    post(unit, f"/api/v1/filings/{pk}/correction/", {"report": "已删除第五条并重新公布。"})
    data = post(staff, f"/api/v1/filings/{pk}/accept-correction/", {"note": "纠正到位"})
    assert data["status"] == "closed" and data["closed_on"] == TODAY.isoformat()
    steps = [h["action"] for h in data["history"]]
    assert steps == ["create", "file", "register", "start_review", "check", "invite",
                     "expert_opinion", "require_correction", "report_correction",
                     "accept_correction"]  # fmt: skip


def test_a_filing_after_30_days_is_flagged_late_and_on_day_30_it_is_not(client_for, unit_user):
    on_time = filed(unit_user, days_ago=30)
    late = filed(unit_user, days_ago=31, title="住房公积金提取管理办法")
    assert (on_time.due_on, on_time.late) == (TODAY, False)
    assert late.late is True
    history = History.objects.get(filing=late, action="file")
    assert history.note == "逾期报备"
    rows = client_for(unit_user).get("/api/v1/filings/?late=true").json()["results"]
    assert [r["id"] for r in rows] == [late.pk]


def test_the_deadline_is_stored_at_publication_and_a_later_edit_moves_it(client_for, unit_user):
    f = filed(unit_user, days_ago=5, file_it=False)
    client = client_for(unit_user)
    new = (TODAY - dt.timedelta(days=40)).isoformat()
    data = client.patch(f"/api/v1/filings/{f.pk}/", {"published_on": new}, format="json").json()
    assert data["due_on"] == (TODAY - dt.timedelta(days=10)).isoformat() and data["overdue"]
    data = post(client, f"/api/v1/filings/{f.pk}/file/")
    assert data["late"] is True


def test_early_intervention_reviews_the_draft_before_publication(
    client_for, unit_user, dongkou_staff
):
    unit, staff = client_for(unit_user), client_for(dongkou_staff)
    data = post(unit, "/api/v1/filings/", {"title": "农村自建房安全管理暂行办法（草案）",
                                          "intervention": True}, status=201)  # fmt: skip
    pk = data["id"]
    assert data["status"] == "intervention" and data["reviews"][0]["stage"] == "draft"
    post(unit, f"/api/v1/filings/{pk}/file/", status=409)
    data = post(staff, f"/api/v1/filings/{pk}/intervention-opinion/",
                {"opinion": "建议删除第十条设定的行政许可。"})  # fmt: skip
    assert data["status"] == "pre_reviewed" and data["reviews"][0]["is_open"] is False
    future = (TODAY + dt.timedelta(days=1)).isoformat()
    response = unit.post(f"/api/v1/filings/{pk}/publish/", {"published_on": future}, format="json")
    assert response.json()["fields"] == {"published_on": ["公布日期不能晚于今天。"]}
    published = (TODAY - dt.timedelta(days=1)).isoformat()
    data = post(unit, f"/api/v1/filings/{pk}/publish/", {"published_on": published})
    assert (
        data["status"] == "published"
        and data["due_on"] == (TODAY + dt.timedelta(days=29)).isoformat()
    )
    data = post(unit, f"/api/v1/filings/{pk}/file/")
    assert data["status"] == "filed" and data["intervention"] is True and not data["late"]


def test_staff_register_a_paper_filing_and_the_number_counts_up(
    client_for, dongkou_staff, dongkou_unit, unit_user
):
    staff = client_for(dongkou_staff)
    first = filed(unit_user)
    post(staff, f"/api/v1/filings/{first.pk}/register/")
    data = post(staff, "/api/v1/filings/paper/", {
        "unit": dongkou_unit.pk, "title": "学生资助管理办法",
        "published_on": (TODAY - dt.timedelta(days=50)).isoformat(),
        "filed_on": (TODAY - dt.timedelta(days=5)).isoformat(),
    }, status=201)  # fmt: skip
    assert data["paper"] and data["late"] and data["status"] == "filed"
    data = post(staff, f"/api/v1/filings/{data['id']}/register/")
    assert data["number"] == "洞口县备〔2026〕2号"


def test_no_problem_needs_the_whole_checklist(client_for, dongkou_staff, unit_user):
    f = under_review(dongkou_staff, unit_user)
    staff = client_for(dongkou_staff)
    post(staff, f"/api/v1/filings/{f.pk}/checklist/", {"basis_ok": True})
    response = staff.post(f"/api/v1/filings/{f.pk}/close/", {}, format="json")
    assert response.status_code == 400
    assert set(response.json()["fields"]) == {"conflict_ok", "procedure_ok"}
    assert Filing.objects.get(pk=f.pk).status == "under_review"
    checked(dongkou_staff, f)
    data = post(staff, f"/api/v1/filings/{f.pk}/close/")
    assert (data["status"], data["result"], data["result_note"]) == (
        "closed",
        "no_problem",
        "经审查，未发现问题。",
    )


def test_a_closed_filing_can_be_taken_up_again(client_for, dongkou_staff, unit_user):
    f = checked(dongkou_staff, under_review(dongkou_staff, unit_user))
    staff = client_for(dongkou_staff)
    post(staff, f"/api/v1/filings/{f.pk}/close/")
    data = post(staff, f"/api/v1/filings/{f.pk}/reopen/", {"reason": "公民提出审查建议"})
    assert data["status"] == "under_review"
    assert [r["stage"] for r in data["reviews"]] == ["filed", "post"]
    assert data["reviews"][1]["reason"] == "公民提出审查建议"


def test_a_step_from_the_wrong_status_is_a_409_in_chinese(client_for, dongkou_staff, unit_user):
    f = filed(unit_user)
    staff = client_for(dongkou_staff)
    for url in ("start-review", "close", "accept-correction"):
        response = staff.post(f"/api/v1/filings/{f.pk}/{url}/", {}, format="json")
        assert response.status_code == 409, url
        assert response.json()["code"] == "conflict"
    response = client_for(unit_user).post(f"/api/v1/filings/{f.pk}/file/", {}, format="json")
    assert response.status_code == 409
    assert response.json()["message"] == "该文件已报备，或尚未公布。"
    post(staff, f"/api/v1/filings/{f.pk}/register/")
    response = staff.post(f"/api/v1/filings/{f.pk}/register/", {}, format="json")
    assert (response.status_code, response.json()["message"]) == (
        409,
        "只有已报备待登记的文件可以登记。",
    )
    assert Filing.objects.get(pk=f.pk).number == "洞口县备〔2026〕1号"


def test_the_wrong_actor_is_a_403(client_for, dongkou_staff, unit_user, supervisor, town_staff,
                                  town_user, other_unit_user):  # fmt: skip
    f = filed(unit_user)
    town_filing = filed(town_user, title="镇村环境卫生管理办法")
    response = client_for(unit_user).post(f"/api/v1/filings/{f.pk}/register/", {}, format="json")
    assert response.status_code == 403
    response = client_for(supervisor).post(f"/api/v1/filings/{f.pk}/register/", {}, format="json")
    assert response.status_code == 403
    # township staff read their township's filing, the county reviews it
    town = client_for(town_staff)
    assert town.get(f"/api/v1/filings/{town_filing.pk}/").status_code == 200
    response = town.post(f"/api/v1/filings/{town_filing.pk}/register/", {}, format="json")
    assert (response.status_code, response.json()["message"]) == (403, "您不能执行“登记”。")
    assert Filing.objects.get(pk=town_filing.pk).status == "filed"


def test_an_expert_cannot_answer_once_the_review_ended(
    client_for, dongkou_staff, unit_user, expert
):
    f = checked(dongkou_staff, under_review(dongkou_staff, unit_user))
    staff = client_for(dongkou_staff)
    post(staff, f"/api/v1/filings/{f.pk}/experts/", {"experts": [expert.pk]})
    post(staff, f"/api/v1/filings/{f.pk}/close/")
    invitation = ExpertInvitation.objects.get()
    response = client_for(expert).post(
        f"/api/v1/filings/invitations/{invitation.pk}/opinion/",
        {"opinion": "迟到的意见"},
        format="json",
    )
    assert response.status_code == 409
    assert ExpertInvitation.objects.get().opinion == ""
    assert Review.objects.get().concluded_at is not None


def test_the_correction_deadline_must_lie_ahead_and_within_180_days(
    client_for, dongkou_staff, unit_user
):
    f = checked(dongkou_staff, under_review(dongkou_staff, unit_user))
    staff = client_for(dongkou_staff)
    url = f"/api/v1/filings/{f.pk}/require-correction/"
    for due, message in ((TODAY, "纠正期限应晚于今天。"),
                         (TODAY + dt.timedelta(days=181), "纠正期限最长为 180 天。")):  # fmt: skip
        response = staff.post(url, {"result": "suggest", "opinion": "请修改。",
                                    "correction_due": due.isoformat()}, format="json")  # fmt: skip
        assert response.status_code == 400
        assert response.json()["fields"]["correction_due"] == [message]
    assert Filing.objects.get(pk=f.pk).status == "under_review"
    ok = (TODAY + dt.timedelta(days=180)).isoformat()
    data = post(staff, url, {"result": "suggest", "opinion": "请修改。", "correction_due": ok})
    assert data["correction_due"] == ok and data["overdue"] is False


def test_a_rejected_correction_goes_back_with_a_new_deadline(
    client_for, dongkou_staff, unit_user, clock
):
    f = checked(dongkou_staff, under_review(dongkou_staff, unit_user), basis_ok=False,
                basis_note="缺乏依据")  # fmt: skip
    staff, unit = client_for(dongkou_staff), client_for(unit_user)
    due = (TODAY + dt.timedelta(days=30)).isoformat()
    post(staff, f"/api/v1/filings/{f.pk}/require-correction/",
         {"result": "suggest", "opinion": "请修改。", "correction_due": due})  # fmt: skip
    clock.advance(days=31)
    staff, unit = client_for(dongkou_staff), client_for(unit_user)  # the sessions expired
    assert unit.get(f"/api/v1/filings/{f.pk}/").json()["overdue"] is True
    post(unit, f"/api/v1/filings/{f.pk}/correction/", {"report": "已修改。"})
    new_due = (clock.today + dt.timedelta(days=20)).isoformat()
    data = post(staff, f"/api/v1/filings/{f.pk}/reject-correction/",
                {"reason": "修改不彻底", "correction_due": new_due})  # fmt: skip
    assert (data["status"], data["correction_due"], data["overdue"]) == (
        "correction_due",
        new_due,
        False,
    )


def test_checklist_problems_need_a_note(client_for, dongkou_staff, unit_user):
    f = under_review(dongkou_staff, unit_user)
    response = client_for(dongkou_staff).post(
        f"/api/v1/filings/{f.pk}/checklist/", {**ALL_OK, "procedure_ok": False}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["fields"] == {"procedure_note": ["发现问题时请写明审查意见。"]}
    assert Review.objects.get().procedure_ok is None
