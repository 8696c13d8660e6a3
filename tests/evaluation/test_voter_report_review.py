"""Reports to voters 述职: the voters' tally counts only once staff approve it (issue 14: 1)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from congress.models import Notification
from evaluation.models import ArchiveEntry, ReviewStatus, VoterReport
from evaluation.performance import voter_reports
from tests.evaluation.conftest import make_deputy

pytestmark = pytest.mark.django_db
REPORTS = "/api/v1/performance/voter-reports/"
REPORT = {
    "reported_on": "2026-06-18",
    "audience": "文昌街道选民代表",
    "attendance": 52,
    "content": "一年来，我围绕乡村振兴提出建议3件……",
    "satisfied": 40,
    "basically_satisfied": 10,
    "dissatisfied": 2,
}


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def tally(name="统计表.pdf"):
    return SimpleUploadedFile(name, b"%PDF tally", content_type="application/pdf")


def test_a_deputys_own_tally_waits_for_review_and_enters_the_archive_once_approved(
    client_for, deputy_user, wang, dongkou_staff
):
    r = client_for(deputy_user).post(REPORTS, REPORT, format="json")
    assert r.status_code == 201, r.json()
    assert r.json()["status"] == "pending"
    assert not ArchiveEntry.objects.filter(deputy=wang).exists()
    assert Notification.objects.filter(recipient=dongkou_staff, kind="voter_report.pending")
    staff = client_for(dongkou_staff)
    pending = staff.get(REPORTS + "?status=pending").json()
    assert [x["id"] for x in pending["results"]] == [r.json()["id"]]
    ok = staff.post(f"{REPORTS}{r.json()['id']}/approve/")
    assert ok.status_code == 200 and ok.json()["status"] == "approved"
    row = ArchiveEntry.objects.get(deputy=wang, kind="report_to_voters")
    assert row.source == "report" and "满意40" in row.detail
    assert Notification.objects.filter(recipient=deputy_user, kind="voter_report.reviewed")
    assert staff.post(f"{REPORTS}{r.json()['id']}/approve/").status_code == 409
    assert ArchiveEntry.objects.filter(deputy=wang).count() == 1


def test_a_returned_tally_never_counts_and_the_deputy_reads_why(
    client_for, deputy_user, wang, dongkou_staff
):
    report_id = client_for(deputy_user).post(REPORTS, REPORT, format="json").json()["id"]
    staff = client_for(dongkou_staff)
    blank = staff.post(f"{REPORTS}{report_id}/reject/", {"reason": " "}, format="json")
    assert blank.status_code == 400 and "reason" in blank.json()["fields"]
    assert VoterReport.objects.get().status == ReviewStatus.PENDING
    r = staff.post(f"{REPORTS}{report_id}/reject/", {"reason": "票数与签到表不符"}, format="json")
    assert r.status_code == 200 and r.json()["status"] == "rejected"
    assert not ArchiveEntry.objects.exists()
    note = Notification.objects.get(recipient=deputy_user, kind="voter_report.reviewed")
    assert "退回" in note.title and note.body == "票数与签到表不符"
    mine = client_for(deputy_user).get("/api/v1/performance/me/?year=2026").json()
    assert mine["reports"][0]["review_note"] == "票数与签到表不符"


def test_staff_enter_a_paper_tally_with_its_scan_and_approve_it_at_once(
    client_for, wang, dongkou_staff
):
    staff = client_for(dongkou_staff)
    form = {**REPORT, "deputy": wang.pk, "approve": "true"}
    missing = staff.post(REPORTS, form, format="multipart")
    assert missing.status_code == 400 and "tally_sheet" in missing.json()["fields"]
    assert not VoterReport.objects.exists()
    r = staff.post(REPORTS, {**form, "tally_sheet": tally()}, format="multipart")
    assert r.status_code == 201, r.json()
    assert r.json()["status"] == "approved" and r.json()["tally_sheet"].endswith("/tally/")
    report = VoterReport.objects.get()
    assert report.reviewed_by == dongkou_staff and report.entered_by == dongkou_staff
    assert ArchiveEntry.objects.filter(deputy=wang, kind="report_to_voters").exists()
    download = staff.get(r.json()["tally_sheet"])
    assert download.status_code == 200 and b"".join(download.streaming_content) == b"%PDF tally"


def test_a_deputy_cannot_approve_their_own_tally(client_for, deputy_user, wang):
    r = client_for(deputy_user).post(REPORTS, {**REPORT, "approve": True}, format="json")
    assert r.status_code == 403 and not VoterReport.objects.exists()
    report = voter_reports.voter_report_create(actor=deputy_user, deputy=wang, reported_on="2026-06-18",
                                               audience="选民", attendance=20, content="述职")  # fmt: skip
    assert client_for(deputy_user).post(f"{REPORTS}{report.pk}/approve/").status_code == 403
    assert not ArchiveEntry.objects.exists()


def test_staff_of_another_county_get_404(client_for, deputy_user, wang, linwu_staff):
    report_id = client_for(deputy_user).post(REPORTS, REPORT, format="json").json()["id"]
    other = client_for(linwu_staff)
    assert other.post(f"{REPORTS}{report_id}/approve/").status_code == 404
    assert other.post(f"{REPORTS}{report_id}/reject/", {"reason": "x"}).status_code == 404
    assert other.get(REPORTS + "?status=pending").json()["count"] == 0
    assert VoterReport.objects.get().status == ReviewStatus.PENDING


def test_the_status_filter_refuses_an_unknown_status(client_for, dongkou_staff):
    r = client_for(dongkou_staff).get(REPORTS + "?status=maybe")
    assert r.status_code == 400 and "status" in r.json()["fields"]


def test_the_print_archive_lists_only_approved_tallies(client, dongkou_staff, wang):
    for audience, approve in (("甲村选民", True), ("乙村选民", False)):
        voter_reports.voter_report_create(actor=dongkou_staff, deputy=wang, reported_on="2026-06-18",
                                          audience=audience, attendance=20, content="述职",
                                          tally_sheet=tally(), approve=approve)  # fmt: skip
    client.force_login(dongkou_staff)
    props = client.get(f"/performance/archive/{wang.pk}/print/").context["page_props"]
    assert [r["audience"] for r in props["reports"]] == ["甲村选民"]


def test_the_review_page_renders_its_component(client, dongkou_staff):
    make_deputy("李四")
    client.force_login(dongkou_staff)
    response = client.get("/performance/voter-reports/review/")
    assert response.context["page_component"] == "evaluation/ReportReview"
    assert {s["value"] for s in response.context["page_props"]["statuses"]} == set(
        ReviewStatus.values
    )
