"""Paper rating sheets 测评表 entered by staff, and the rating rules of the region (issue 14: 1, 12)."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from congress.models import AuditLog
from suggestions.models import Assignment, History, Rating, RegionPolicy, Status
from suggestions.services.rating import rating_create
from tests.clock import frozen
from tests.conftest import DONGKOU

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def scan(name="测评表.pdf", body=b"%PDF-1.4 sheet"):
    return SimpleUploadedFile(name, body, content_type="application/pdf")


def paper(client, s, action, deputy, **data):
    form = {"deputy": deputy.pk, "attitude": "satisfied", "result": "satisfied", **data}
    if "sheet" not in data:
        form["sheet"] = scan()
    elif data["sheet"] is None:
        del form["sheet"]
    return client.post(f"/api/v1/suggestions/{s.pk}/{action}/", form, format="multipart")


def test_staff_enter_the_lead_deputys_sheet_and_it_closes_the_suggestion(
    walk, client_for, lead, dongkou_staff
):
    s = walk(Status.REPLIED)
    r = paper(client_for(dongkou_staff), s, "paper_rate_satisfied", lead.deputy)
    assert r.status_code == 200, r.json()
    s.refresh_from_db()
    assert s.status == Status.CLOSED and s.closed_at
    rating = Rating.objects.get()
    assert rating.is_paper and rating.entered_by == dongkou_staff and rating.sheet
    assert rating.deputy == lead.deputy
    h = History.objects.filter(suggestion=s).latest("id")
    assert h.action == "paper_rate_satisfied" and h.actor == dongkou_staff
    assert "纸质测评表" in h.note and AuditLog.objects.filter(model="suggestions.Rating").exists()
    detail = client_for(lead).get(f"/api/v1/suggestions/{s.pk}/").json()
    shown = detail["replies"][0]["ratings"][0]
    assert shown["is_paper"] is True and shown["sheet_url"].endswith(f"/{rating.pk}/sheet/")
    download = client_for(lead).get(shown["sheet_url"])
    assert download.status_code == 200 and b"".join(download.streaming_content) == b"%PDF-1.4 sheet"


def test_the_lead_deputys_unsatisfied_sheet_sends_it_back_like_their_own_rating(
    walk, client_for, dongkou_staff, lead, unit_user
):
    RegionPolicy.objects.create(region_id=DONGKOU, rehandle_months=2)
    s = walk(Status.REPLIED)
    with frozen():  # 2026-12-01
        r = paper(client_for(dongkou_staff), s, "paper_rate_unsatisfied", lead.deputy,
                  result="unsatisfied", comment="问题没有解决")  # fmt: skip
    assert r.status_code == 200, r.json()
    s.refresh_from_db()
    assert s.status == Status.REHANDLING and s.round == 2
    assert s.reply_due == date(2027, 2, 1)  # two months (the region's rule), on a working day
    a = Assignment.objects.get(suggestion=s, role="lead", is_active=True)
    assert a.rehandle_due == s.reply_due and a.reply_due == s.reply_due
    assert a.deadlines_fallback == s.due_fallback


def test_a_cosigners_sheet_is_recorded_and_the_status_stays(
    walk, client_for, cosigner, dongkou_staff
):
    s = walk(Status.REPLIED, cosigners=[cosigner])
    r = paper(client_for(dongkou_staff), s, "paper_rate_cosigner", cosigner.deputy)
    assert r.status_code == 200, r.json()
    s.refresh_from_db()
    assert s.status == Status.REPLIED and Rating.objects.get().deputy == cosigner.deputy
    info = client_for(dongkou_staff).get(f"/api/v1/suggestions/{s.pk}/paper-rating/").json()
    assert [(x["is_lead"], x["rated"]) for x in info["signers"]] == [(True, False), (False, True)]
    assert info["sheets"][0]["deputy"] == cosigner.deputy.name
    again = paper(client_for(dongkou_staff), s, "paper_rate_cosigner", cosigner.deputy)
    assert again.status_code == 409 and Rating.objects.count() == 1


def test_a_sheet_without_a_scan_or_of_another_type_is_a_400_and_nothing_is_stored(
    walk, client_for, lead, dongkou_staff
):
    s = walk(Status.REPLIED)
    staff = client_for(dongkou_staff)
    r = paper(staff, s, "paper_rate_satisfied", lead.deputy, sheet=None, result="unsatisfied")
    assert r.status_code == 400
    assert {"sheet", "comment"} <= set(r.json()["fields"])
    exe = SimpleUploadedFile("a.exe", b"MZ", content_type="application/octet-stream")
    r = paper(staff, s, "paper_rate_satisfied", lead.deputy, sheet=exe)
    assert r.status_code == 400 and "PDF" in r.json()["fields"]["sheet"][0]
    r = paper(staff, s, "paper_rate_satisfied", lead.deputy, result="unsatisfied", comment="差")
    assert r.status_code == 400 and "result" in r.json()["fields"]
    s.refresh_from_db()
    assert s.status == Status.REPLIED and not Rating.objects.exists()


def test_only_a_signer_of_the_suggestion_can_be_named_on_a_sheet(
    walk, client_for, dongkou_staff, linwu_deputy
):
    s = walk(Status.REPLIED)
    r = paper(client_for(dongkou_staff), s, "paper_rate_cosigner", linwu_deputy.deputy)
    assert r.status_code == 400 and "deputy" in r.json()["fields"]
    assert not Rating.objects.exists()


def test_staff_of_another_county_get_404_and_deputies_may_not_enter_sheets(
    walk, client_for, lead, linwu_staff, unit_user
):
    s = walk(Status.REPLIED)
    assert paper(client_for(linwu_staff), s, "paper_rate_satisfied", lead.deputy).status_code == 404
    assert (
        client_for(linwu_staff).get(f"/api/v1/suggestions/{s.pk}/paper-rating/").status_code == 404
    )
    assert paper(client_for(lead), s, "paper_rate_satisfied", lead.deputy).status_code == 403
    assert paper(client_for(unit_user), s, "paper_rate_satisfied", lead.deputy).status_code == 403
    assert not Rating.objects.exists()


def test_a_sheet_is_downloaded_only_in_the_suggestions_scope(
    walk, client_for, lead, dongkou_staff, linwu_staff
):
    s = walk(Status.REPLIED)
    paper(client_for(dongkou_staff), s, "paper_rate_satisfied", lead.deputy)
    url = f"/api/v1/suggestions/{s.pk}/ratings/{Rating.objects.get().pk}/sheet/"
    assert client_for(linwu_staff).get(url).status_code == 404
    assert client_for(dongkou_staff).get(url).status_code == 200


def test_unsatisfied_attitude_sends_it_back_where_the_rule_says_rehandle(walk, client_for, lead):
    s = walk(Status.REPLIED)  # default rule: rehandle
    deputy = client_for(lead)
    rating = {"attitude": "unsatisfied", "result": "satisfied", "comment": "态度敷衍"}
    r = deputy.post(f"/api/v1/suggestions/{s.pk}/rate_satisfied/", rating, format="json")
    assert r.status_code == 400 and "attitude" in r.json()["fields"]
    r = deputy.post(f"/api/v1/suggestions/{s.pk}/rate_unsatisfied/", rating, format="json")
    assert r.status_code == 200, r.json()
    s.refresh_from_db()
    assert s.status == Status.REHANDLING and s.round == 2


def test_unsatisfied_attitude_is_recorded_and_closes_where_the_rule_says_record(walk, lead):
    RegionPolicy.objects.create(
        region_id=DONGKOU, attitude_unsatisfied=RegionPolicy.AttitudeConsequence.RECORD
    )
    s = walk(Status.REPLIED)
    rating_create(suggestion=s, actor=lead, attitude="unsatisfied", result="satisfied",
                  comment="态度敷衍", expect="rate_satisfied")  # fmt: skip
    s.refresh_from_db()
    assert s.status == Status.CLOSED and Rating.objects.get().attitude == "unsatisfied"


def test_the_rehandling_months_come_from_the_region_rule(walk, lead):
    RegionPolicy.objects.create(region_id=DONGKOU, rehandle_months=3)
    s = walk(Status.REPLIED)
    with frozen():
        rating_create(suggestion=s, actor=lead, attitude="basically", result="unsatisfied",
                      comment="时间太晚")  # fmt: skip
    s.refresh_from_db()
    assert s.reply_due == date(2027, 3, 1)
