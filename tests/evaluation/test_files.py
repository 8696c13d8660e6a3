"""Evidence and report files stream through scoped API views (never /media/): the owner or
staff in scope get the bytes as a download, another county's staff and another deputy get 404,
an anonymous visitor is asked to log in."""

from datetime import date

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from congress.models import Role
from evaluation.models import ArchiveEntry, Score, VoterReport
from tests.conftest import make_user
from tests.evaluation.conftest import make_deputy
from tests.evaluation.test_rounds import HUAMINGLOU, indicator, round_, target  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def deputies(regions):
    mine = make_deputy("王秀英", user=make_user("dep_own", role=Role.DEPUTY))
    other = make_deputy("李建国", user=make_user("dep_other", role=Role.DEPUTY))
    return mine, other


def assert_download(response, content: bytes):
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == content
    assert response["Content-Disposition"].startswith("attachment;")


def test_an_archive_entrys_evidence_file_is_served_in_the_entrys_scope_only(
    client_for, deputies, dongkou_staff, linwu_staff
):
    mine, other = deputies
    entry = ArchiveEntry.objects.create(
        deputy=mine, kind="inspection", occurred_on=date(2026, 3, 1), title="视察"
    )
    entry.evidence_file.save("签到表.pdf", ContentFile(b"%PDF sign-in"))
    url = f"/api/v1/performance/entries/{entry.pk}/evidence/"

    listed = client_for(dongkou_staff).get("/api/v1/performance/entries/").json()["results"]
    assert listed[0]["evidence_file"] == url
    assert_download(client_for(dongkou_staff).get(url), b"%PDF sign-in")
    assert_download(client_for(mine.user).get(url), b"%PDF sign-in")
    assert client_for(linwu_staff).get(url).status_code == 404
    assert client_for(other.user).get(url).status_code == 404
    assert APIClient().get(url).status_code in (401, 302)


def test_a_deputy_downloads_their_own_voter_report_file_and_another_deputy_cannot(
    client_for, deputies, dongkou_staff, linwu_staff
):
    mine, other = deputies
    report = VoterReport.objects.create(
        deputy=mine, reported_on=date(2026, 3, 1), audience="石江镇选民", attendance=40
    )
    report.file.save("述职报告.docx", ContentFile(b"report bytes"))
    url = f"/api/v1/performance/voter-reports/{report.pk}/file/"

    me = client_for(mine.user).get("/api/v1/performance/me/").json()
    assert me["reports"][0]["file"] == url
    assert "/media/" not in str(me)
    assert_download(client_for(mine.user).get(url), b"report bytes")
    assert_download(client_for(dongkou_staff).get(url), b"report bytes")
    assert client_for(other.user).get(url).status_code == 404
    assert client_for(linwu_staff).get(url).status_code == 404
    assert APIClient().get(url).status_code in (401, 302)


def test_a_scores_evidence_file_is_served_to_the_round_and_not_to_another_county(
    client_for,
    ningxiang_staff,
    ningxiang_system,
    round_,  # noqa: F811
    dongkou_staff,
):
    meeting = indicator(ningxiang_system, "按时召开乡镇人民代表大会")
    response = client_for(ningxiang_staff).post(
        f"/api/v1/evaluation/rounds/{round_.pk}/scores/",
        {
            "target": target(round_, HUAMINGLOU).pk,
            "indicator": meeting.pk,
            "stage": "review",
            "value": "7.5",
            "reason": "会期略短",
            "evidence_file": SimpleUploadedFile(
                "决议.pdf", b"%PDF-1.4 resolution", "application/pdf"
            ),
        },
        format="multipart",
    )
    score = Score.objects.get(target__round=round_, indicator=meeting)
    url = f"/api/v1/evaluation/scores/{score.pk}/evidence/"
    assert response.json()["score"]["evidence_file"] == url
    detail = client_for(ningxiang_staff).get(f"/api/v1/evaluation/rounds/{round_.pk}/").json()
    assert [s["evidence_file"] for s in detail["scores"]] == [url]

    assert_download(client_for(ningxiang_staff).get(url), b"%PDF-1.4 resolution")
    assert client_for(dongkou_staff).get(url).status_code == 404
    assert APIClient().get(url).status_code in (401, 302)


def test_a_record_without_a_file_gives_404(client_for, deputies, dongkou_staff):
    entry = ArchiveEntry.objects.create(
        deputy=deputies[0], kind="inspection", occurred_on=date(2026, 3, 1), title="视察"
    )
    url = f"/api/v1/performance/entries/{entry.pk}/evidence/"
    assert client_for(dongkou_staff).get(url).status_code == 404
