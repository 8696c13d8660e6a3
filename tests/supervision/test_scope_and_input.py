"""Scope and bad input: another county's project, document, 整改, report, question and
commitment is a 404 on every address (list, detail, action, download); township staff see their
township's part only; a leader reads and is refused every write; another unit of the same county
sees nothing of a body's 整改; a malformed body is a 400 per field in Chinese and stores nothing."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from congress.models import Region, Role
from supervision.models import Commitment, Document, Project, Question, Rectification, Step
from supervision.services.inquiry import commitment_report, question_add
from supervision.services.projects import document_add, townships_add
from supervision.services.rectification import report_submit
from tests.ballots.conftest import make_deputy
from tests.conftest import make_user
from tests.supervision.conftest import make_project, rectifying

pytestmark = pytest.mark.django_db
API = "/api/v1/supervision/"


@pytest.fixture
def world(dongkou_staff, unit_user, project, rectification, deputies):
    """One of each record in 洞口县: a document, a submitted report with a file, a question with
    its commitment (reported with evidence)."""
    document = document_add(actor=dongkou_staff, project=project, title="调研报告",
                            file=SimpleUploadedFile("a.pdf", b"%PDF-1.4 x"))  # fmt: skip
    report = report_submit(actor=unit_user, rectification=rectification, text="已整改",
                           file=SimpleUploadedFile("r.pdf", b"%PDF-1.4 r"))  # fmt: skip
    question = question_add(actor=dongkou_staff, project=project, asker_kind="member",
                            asker_name="委员", question="？", answerer_name="局长",
                            commitments=[{"what": "建校", "due_date": timezone.localdate() + dt.timedelta(days=9)}])  # fmt: skip
    commitment = commitment_report(actor=unit_user, commitment=question.commitments.get(),
                                   note="已完成", evidence=SimpleUploadedFile("e.txt", b"done"))  # fmt: skip
    return {"project": project, "document": document, "report": report, "question": question,
            "commitment": commitment, "rectification": rectification}  # fmt: skip


def addresses(w) -> list[tuple[str, str, dict]]:
    p, r, c = w["project"].pk, w["rectification"].pk, w["commitment"].pk
    return [
        ("get", f"{API}projects/{p}/", {}),
        ("patch", f"{API}projects/{p}/", {"title": "改"}),
        ("post", f"{API}projects/{p}/research/", {}),
        ("post", f"{API}projects/{p}/hearing/", {}),
        ("post", f"{API}projects/{p}/close/", {}),
        ("put", f"{API}projects/{p}/participants/", {"deputies": []}),
        ("post", f"{API}projects/{p}/townships/", {"townships": ["430525100"]}),
        ("post", f"{API}projects/{p}/opinions/", {"opinions": "x", "due_date": "2030-01-01"}),
        ("get", f"{API}projects/{p}/documents/", {}),
        ("post", f"{API}projects/{p}/questions/", {"asker_kind": "member", "asker_name": "a",
                                                   "question": "q", "answerer_name": "b"}),
        ("get", f"{API}documents/{w['document'].pk}/file/", {}),
        ("delete", f"{API}documents/{w['document'].pk}/", {}),
        ("get", f"{API}rectifications/{r}/", {}),
        ("post", f"{API}rectifications/{r}/submit/", {"text": "x"}),
        ("post", f"{API}rectifications/{r}/rate/", {"rating": "satisfied"}),
        ("get", f"{API}rectifications/{r}/ballots/", {}),
        ("get", f"{API}reports/{w['report'].pk}/file/", {}),
        ("post", f"{API}questions/{w['question'].pk}/commitments/", {"what": "x", "due_date": "2030-01-01"}),
        ("post", f"{API}commitments/{c}/report/", {"note": "x"}),
        ("post", f"{API}commitments/{c}/check/", {"accepted": True}),
        ("get", f"{API}commitments/{c}/evidence/", {}),
        ("get", f"/supervision/{p}/", {}),
    ]  # fmt: skip


def snapshot():
    return (
        list(Project.objects.values_list("pk", "status", "title", "joint")),
        list(Rectification.objects.values_list("pk", "status")),
        list(Commitment.objects.values_list("pk", "status")),
        Document.objects.count(), Question.objects.count(), Step.objects.count(),
    )  # fmt: skip


@pytest.mark.parametrize(
    "who", ["linwu_staff", "linwu_unit_user", "other_unit_user", "linwu_deputy"]
)
def test_another_countys_or_units_viewer_gets_404_everywhere_and_nothing_changes(
    world, client_for, request, who, linwu
):
    if who == "linwu_deputy":
        user = make_deputy(linwu, "临武代表", username="linwu_deputy").user
    else:
        user = request.getfixturevalue(who)
    client = client_for(user)
    before = snapshot()
    for method, url, body in addresses(world):
        response = getattr(client, method)(url, body, format="json")
        assert response.status_code in (403, 404), (who, method, url, response.status_code)
        if response.status_code == 403:  # the role lacks the permission: the same for every id
            missing = url.replace(f"/{world['project'].pk}/", "/987654/")
            assert getattr(client, method)(missing, body, format="json").status_code == 403, url
    assert snapshot() == before
    for url in (
        f"{API}projects/",
        f"{API}rectifications/",
        f"{API}commitments/",
        "/api/v1/me/supervision/",
    ):
        response = client.get(url)
        assert response.status_code == 403 or response.json()["count"] == 0, (who, url)


def test_a_leader_reads_everything_and_is_refused_every_write(world, client_for, supervisor):
    client = client_for(supervisor)
    before = snapshot()
    for method, url, body in addresses(world):
        response = getattr(client, method)(url, body, format="json")
        # the ballots a rating may be taken from are for the raters (staff) only
        expected = 200 if method == "get" and not url.endswith("/ballots/") else 403
        assert response.status_code == expected, (method, url, response.status_code)
    assert client.get(f"{API}projects/").json()["count"] == 1
    assert client.get(f"{API}projects/export.xlsx").status_code == 200
    assert snapshot() == before


def test_township_staff_see_their_townships_part_only(client_for, dongkou_staff, project, regions):
    towns = list(Region.objects.filter(parent_id="430525").order_by("code")[:2])
    mine, theirs = townships_add(actor=dongkou_staff, project=project, townships=towns)
    town_staff = make_user("town_staff", role=Role.STAFF, region=towns[0].code)
    client = client_for(town_staff)
    assert [r["id"] for r in client.get(f"{API}projects/").json()["results"]] == [mine.pk]
    assert client.get(f"{API}projects/{mine.pk}/").status_code == 200
    assert client.get(f"{API}projects/{theirs.pk}/").status_code == 404
    assert client.get(f"{API}projects/{project.pk}/").status_code == 404
    assert client.get(f"{API}projects/", {"region": "431025"}).status_code == 404


def test_a_list_filter_naming_another_county_is_a_404(client_for, dongkou_staff, project):
    assert client_for(dongkou_staff).get(f"{API}projects/", {"region": "431025"}).status_code == 404


@pytest.mark.parametrize(
    "body, field",
    [
        ({}, "title"),
        ({"year": 2026, "title": "x", "forms": [], "committee": "education"}, "forms"),
        ({"year": 2026, "title": "x", "forms": ["nope"], "committee": "education"}, "forms"),
        (
            {"year": 2026, "title": "x", "forms": ["inquiry", "inquiry"], "committee": "education"},
            "forms",
        ),
        ({"year": 2026, "title": "x", "forms": ["inquiry"], "committee": "x"}, "committee"),
        (
            {"year": "二〇二六", "title": "x", "forms": ["inquiry"], "committee": "education"},
            "year",
        ),
        (
            {
                "year": 2026,
                "title": "x",
                "forms": ["inquiry"],
                "committee": "education",
                "unit": 987654,
            },
            "unit",
        ),
    ],
)
def test_a_malformed_project_is_a_400_on_its_field_and_stores_nothing(
    client_for, dongkou_staff, body, field
):
    response = client_for(dongkou_staff).post(f"{API}projects/", body, format="json")
    assert response.status_code == 400, response.content
    assert field in response.json()["fields"]
    assert not Project.objects.exists()


def test_another_countys_unit_as_the_supervised_body_is_refused(
    client_for, dongkou_staff, linwu_unit
):
    body = {
        "year": 2026,
        "title": "x",
        "forms": ["inquiry"],
        "committee": "education",
        "unit": linwu_unit.pk,
    }
    response = client_for(dongkou_staff).post(f"{API}projects/", body, format="json")
    assert response.status_code == 400 and response.json()["fields"] == {
        "unit": ["所选被监督单位无效。"]
    }
    assert not Project.objects.exists()


def test_bad_actions_are_400s_per_field(client_for, dongkou_staff, unit_user, project, linwu):
    staff = client_for(dongkou_staff)
    staff.post(f"{API}projects/{project.pk}/hearing/", {}, format="json")
    past = (timezone.localdate() - dt.timedelta(days=1)).isoformat()
    bad = staff.post(
        f"{API}projects/{project.pk}/opinions/", {"opinions": "x", "due_date": past}, format="json"
    )
    assert bad.status_code == 400 and bad.json()["fields"] == {"due_date": ["报送期限须晚于今天。"]}
    blank = staff.post(
        f"{API}projects/{project.pk}/opinions/",
        {"opinions": " ", "due_date": "2030-1-1"},
        format="json",
    )
    assert blank.status_code == 400 and "opinions" in blank.json()["fields"]
    foreign = make_deputy(linwu, "临武代表")
    people = staff.put(
        f"{API}projects/{project.pk}/participants/", {"deputies": [foreign.pk]}, format="json"
    )
    assert people.status_code == 400 and "deputies" in people.json()["fields"]
    asked = staff.post(f"{API}projects/{project.pk}/questions/", {
        "asker_kind": "member", "asker_name": "委员", "question": "？", "answerer_name": "局长",
        "commitments": [{"what": "", "due_date": "2030-01-01"}],
    }, format="json")  # fmt: skip
    assert asked.status_code == 400 and "commitments" in asked.json()["fields"]
    upload = SimpleUploadedFile("x.exe", b"MZ\x90\x00\x03\x00\x00\x00binary")
    doc = staff.post(f"{API}projects/{project.pk}/documents/", {"title": "x", "file": upload})
    assert doc.status_code == 400 and "file" in doc.json()["fields"]
    assert not Question.objects.exists() and not Rectification.objects.exists()
    assert not Document.objects.exists() and not project.deputies.exists()


def _queries(client, url) -> int:
    client.get(url)  # the first request of a session loads what later ones reuse
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_the_lists_cost_the_same_queries_however_many_rows(
    client_for, dongkou_staff, unit_user, dongkou, dongkou_unit
):
    def grow(n):
        for i in range(n):
            rectifying(dongkou_staff, make_project(dongkou_staff, dongkou.region, unit=dongkou_unit,
                                                   title=f"议题{i}"))  # fmt: skip

    staff, body = client_for(dongkou_staff), client_for(unit_user)
    grow(2)
    few = [_queries(staff, f"{API}projects/"), _queries(body, f"{API}rectifications/")]
    grow(4)
    assert [_queries(staff, f"{API}projects/"), _queries(body, f"{API}rectifications/")] == few
