"""An appointed official's report file and a milestone's evidence file stream through scoped
API views (never /media/): staff in scope and the deputies who see the ballot or project get
the bytes, another county's staff get 404, an anonymous visitor is asked to log in."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from ballots.models import AppointedOfficial, Ballot
from ballots.services.projects import milestone_update
from ballots.services.setup import ballot_create, ballot_open, official_report_attach
from tests.ballots.conftest import window
from tests.ballots.test_deputy_projects import board  # noqa: F401
from tests.conftest import DONGKOU

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def assert_download(response, content: bytes):
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == content
    assert response["Content-Disposition"].startswith("attachment;")


@pytest.fixture
def official_ballot(dongkou_staff, dongkou, voters):
    official = AppointedOfficial.objects.create(region_id=DONGKOU, name="刘建军", post="副县长")
    report = official_report_attach(
        actor=dongkou_staff,
        official=official,
        year=2026,
        title="2026年度履职报告",
        file=SimpleUploadedFile("履职报告.pdf", b"%PDF official", "application/pdf"),
    )
    opens_at, closes_at = window()
    ballot = ballot_create(
        actor=dongkou_staff,
        congress=dongkou,
        kind=Ballot.Kind.OFFICIAL_RATING,
        title="洞口县2026年度任后监督测评",
        year=2026,
        opens_at=opens_at,
        closes_at=closes_at,
        session=dongkou.terms.get(number=18).sessions.get(number=5),
        items=[{"report": report}],
    )
    return ballot_open(actor=dongkou_staff, ballot=ballot), report


def test_an_officials_report_file_is_served_to_the_ballots_viewers_only(
    client_for, official_ballot, dongkou_staff, linwu_staff, voters
):
    ballot, report = official_ballot
    url = f"/api/v1/ballots/official-reports/{report.pk}/file/"
    detail = client_for(voters[0].user).get(f"/api/v1/ballots/{ballot.pk}/").json()
    assert "/media/" not in str(detail) and url in str(detail)

    assert_download(client_for(dongkou_staff).get(url), b"%PDF official")
    assert_download(client_for(voters[0].user).get(url), b"%PDF official")
    assert client_for(linwu_staff).get(url).status_code == 404
    assert APIClient().get(url).status_code in (401, 302)


def test_a_milestones_evidence_file_is_served_in_the_projects_scope_only(
    client_for,
    board,  # noqa: F811
    dongkou_staff,
    linwu_staff,
    voters,
):
    milestone = board["chosen"].milestones.get()
    milestone_update(
        actor=dongkou_staff,
        milestone=milestone,
        progress=60,
        evidence_file=SimpleUploadedFile("开工照片.pdf", b"%PDF started", "application/pdf"),
    )
    url = f"/api/v1/ballots/milestones/{milestone.pk}/evidence/"
    detail = client_for(dongkou_staff).get(f"/api/v1/ballots/projects/{board['chosen'].pk}/")
    assert [m["evidence_file"] for m in detail.json()["milestones"]] == [url]

    assert_download(client_for(dongkou_staff).get(url), b"%PDF started")
    assert_download(client_for(voters[0].user).get(url), b"%PDF started")
    assert client_for(linwu_staff).get(url).status_code == 404
    assert APIClient().get(url).status_code in (401, 302)
