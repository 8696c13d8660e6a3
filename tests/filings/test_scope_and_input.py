"""Who sees what in 备案审查: 临武县's staff, unit and experts get a 404 on every address of a 洞口县
filing (detail, actions, files, invitations) and find nothing of it in lists, exports or the
report; another unit's user the same; township staff their township only; an outside expert
sees the files of the reviews they are invited to and nothing else (the staff lists and the
detail are a role 403, any other filing, file or invitation a 404); the leader reads and
writes nothing; bad input is a 400 per field in Chinese that stores nothing."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import get_resolver

from filings.models import Document, ExpertInvitation, Filing, History
from filings.services import reviews
from filings.services.documents import document_add
from tests.conftest import make_user
from tests.filings.conftest import TODAY, checked, filed, txt, under_review

pytestmark = pytest.mark.django_db

ACTIONS = ["publish", "file", "return", "register", "start-review", "checklist", "experts",
           "intervention-opinion", "close", "require-correction", "correction",
           "accept-correction", "reject-correction", "reopen"]  # fmt: skip


@pytest.fixture
def world(dongkou_staff, unit_user, expert, other_expert):
    """A 洞口县 filing under review with a file and the expert invited; a second one (with a
    file) whose review has other_expert only."""
    f = checked(dongkou_staff, under_review(dongkou_staff, unit_user))
    doc = document_add(actor=dongkou_staff, filing=f, kind="text", file=txt())
    reviews.experts_invite(actor=dongkou_staff, filing=f, expert_ids=[expert.pk])
    g = under_review(dongkou_staff, unit_user, title="困难群众医疗救助实施细则")
    other_doc = document_add(actor=dongkou_staff, filing=g, kind="basis", file=txt("依据.txt"))
    reviews.experts_invite(actor=dongkou_staff, filing=g, expert_ids=[other_expert.pk])
    return {"filing": f, "doc": doc, "other": g, "other_doc": other_doc,
            "invitation": ExpertInvitation.objects.get(expert=expert)}  # fmt: skip


def addresses(w) -> list[tuple[str, str]]:
    pk = w["filing"].pk
    gets = [f"/api/v1/filings/{pk}/", f"/api/v1/filings/documents/{w['doc'].pk}/file/",
            f"/filings/{pk}/"]  # fmt: skip
    posts = [f"/api/v1/filings/{pk}/{a}/" for a in ACTIONS] + [f"/api/v1/filings/{pk}/documents/"]
    return [("get", u) for u in gets] + [("post", u) for u in posts]


def snapshot():
    return (list(Filing.objects.order_by("pk").values()), History.objects.count(),
            Document.objects.count(), ExpertInvitation.objects.count())  # fmt: skip


@pytest.mark.parametrize(
    "who", ["linwu_staff", "linwu_unit_user", "other_unit_user", "linwu_expert"]
)
def test_an_outsider_gets_404_everywhere_and_changes_nothing(request, client_for, world, who):
    client = client_for(request.getfixturevalue(who))
    before = snapshot()
    for method, url in addresses(world):
        response = (
            getattr(client, method)(url, {}, format="json") if method == "post" else client.get(url)
        )
        assert response.status_code in (403, 404), (who, url, response.status_code)
        if response.status_code == 403:  # the role's answer, the same for every id
            unknown = url.replace(f"/{world['filing'].pk}/", "/999999/")
            again = (
                getattr(client, method)(unknown, {}, format="json")
                if method == "post"
                else client.get(unknown)
            )
            assert again.status_code == 403, (who, url)
    assert snapshot() == before


def test_another_countys_lists_exports_and_report_show_none_of_it(client_for, world, linwu_staff):
    client = client_for(linwu_staff)
    assert client.get("/api/v1/filings/").json()["count"] == 0
    assert client.get("/api/v1/filings/?region=430525").status_code == 404
    export = client.get("/api/v1/filings/export.xlsx")
    assert export.status_code == 200 and "城区学校".encode() not in export.content
    report = client.get("/api/v1/filings/report/?year=2026").json()
    assert report["total"]["filed"] == 0 and report["region"] == "431025"
    assert client.get("/api/v1/filings/report/?region=430525").status_code == 404


def test_an_invited_expert_reads_only_their_review(client_for, world, expert):
    client = client_for(expert)
    mine = client.get("/api/v1/filings/invitations/").json()
    assert [r["id"] for r in mine["results"]] == [world["invitation"].pk]
    detail = client.get(f"/api/v1/filings/invitations/{world['invitation'].pk}/").json()
    assert detail["filing"]["id"] == world["filing"].pk
    assert [d["id"] for d in detail["documents"]] == [world["doc"].pk]
    download = client.get(f"/api/v1/filings/documents/{world['doc'].pk}/file/")
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(
        "第一条".encode()
    )
    # nothing else: the other review's file and invitation, the staff lists and details
    assert client.get(f"/api/v1/filings/documents/{world['other_doc'].pk}/file/").status_code == 404
    other = ExpertInvitation.objects.exclude(expert=expert).get()
    assert client.get(f"/api/v1/filings/invitations/{other.pk}/").status_code == 404
    response = client.post(f"/api/v1/filings/invitations/{other.pk}/opinion/", {"opinion": "x"},
                           format="json")  # fmt: skip
    assert response.status_code == 404
    for url in ("/api/v1/filings/", "/api/v1/filings/export.xlsx", "/api/v1/filings/report/",
                f"/api/v1/filings/{world['filing'].pk}/", f"/api/v1/filings/{world['other'].pk}/",
                "/api/v1/filings/options/", "/filings/", "/filings/report/",
                f"/filings/{world['filing'].pk}/"):  # fmt: skip
        assert client.get(url).status_code == 403, url
    for url in (f"/api/v1/filings/{world['filing'].pk}/close/", "/api/v1/filings/paper/"):
        assert client.post(url, {}, format="json").status_code == 403, url
    assert client.get(f"/filings/reviews/{world['invitation'].pk}/").status_code == 200
    assert client.get(f"/filings/reviews/{other.pk}/").status_code == 404
    # other apps answer an expert nothing either
    assert client.get("/api/v1/suggestions/").status_code == 403
    assert client.get("/api/v1/deputies/").status_code == 403


def test_an_expert_not_invited_sees_nothing(client_for, world, regions):
    stranger = make_user("stranger_expert", role="expert", region="430525")
    client = client_for(stranger)
    assert client.get("/api/v1/filings/invitations/").json()["count"] == 0
    for doc in (world["doc"], world["other_doc"]):
        assert client.get(f"/api/v1/filings/documents/{doc.pk}/file/").status_code == 404
    assert client.get(f"/api/v1/filings/invitations/{world['invitation'].pk}/").status_code == 404


def test_staff_invite_only_experts_of_their_pool(client_for, world, dongkou_staff, linwu_expert):
    before = snapshot()
    response = client_for(dongkou_staff).post(
        f"/api/v1/filings/{world['filing'].pk}/experts/",
        {"experts": [linwu_expert.pk]},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["fields"] == {"experts": ["请选择本地区专家库中的专家。"]}
    assert snapshot() == before


def test_township_staff_see_their_township_only(client_for, town_staff, town_user, unit_user):
    town = filed(town_user, title="镇村环境卫生管理办法")
    county = filed(unit_user)
    client = client_for(town_staff)
    assert [r["id"] for r in client.get("/api/v1/filings/").json()["results"]] == [town.pk]
    assert client.get(f"/api/v1/filings/{county.pk}/").status_code == 404
    assert client.get("/api/v1/filings/?region=430525").json()["count"] == 1


def test_the_leader_reads_everything_and_writes_nothing(client_for, world, supervisor):
    client = client_for(supervisor)
    pk = world["filing"].pk
    assert client.get("/api/v1/filings/").json()["count"] == 2
    assert client.get(f"/api/v1/filings/{pk}/").json()["actions"] == []
    assert client.get(f"/api/v1/filings/documents/{world['doc'].pk}/file/").status_code == 200
    before = snapshot()
    for action in ACTIONS:
        assert client.post(f"/api/v1/filings/{pk}/{action}/", {}, format="json").status_code == 403
    for url in ("/api/v1/filings/", "/api/v1/filings/paper/", f"/api/v1/filings/{pk}/documents/"):
        assert client.post(url, {}, format="json").status_code == 403, url
    assert client.patch(f"/api/v1/filings/{pk}/", {}, format="json").status_code == 403
    assert snapshot() == before


def test_a_unit_sees_only_its_own_filings(client_for, unit_user, other_unit_user):
    mine = filed(unit_user)
    filed(other_unit_user, title="高龄津贴发放管理办法")
    rows = client_for(unit_user).get("/api/v1/filings/").json()["results"]
    assert [r["id"] for r in rows] == [mine.pk]
    assert client_for(unit_user).get("/api/v1/filings/export.xlsx").status_code == 403


def test_bad_input_is_a_400_per_field_and_stores_nothing(
    client_for, unit_user, dongkou_staff, linwu_unit
):
    unit, staff = client_for(unit_user), client_for(dongkou_staff)
    before = snapshot()
    cases = [
        (unit, "/api/v1/filings/", {"title": "", "published_on": "昨天"}, {"title", "published_on"}),
        (unit, "/api/v1/filings/", {"title": "办法"}, {"published_on"}),
        (unit, "/api/v1/filings/", {"title": "办法", "published_on": (TODAY + dt.timedelta(days=1)).isoformat()},
         {"published_on"}),
        (unit, "/api/v1/filings/", {"title": "草案", "intervention": True, "published_on": TODAY.isoformat()},
         {"published_on"}),
        (staff, "/api/v1/filings/paper/", {"unit": linwu_unit.pk, "title": "办法",
                                           "published_on": "2026-11-01", "filed_on": "2026-11-05"}, {"unit"}),
        (staff, "/api/v1/filings/paper/", {"unit": unit_user.handling_unit_id, "title": "办法",
                                           "published_on": "2026-11-05", "filed_on": "2026-11-01"}, {"filed_on"}),
    ]  # fmt: skip
    for client, url, body, fields in cases:
        response = client.post(url, body, format="json")
        assert response.status_code == 400, (url, body, response.content)
        data = response.json()
        assert set(data["fields"]) == fields, (body, data)
        assert all(m and not m.isascii() for ms in data["fields"].values() for m in ms)
    f = under_review(dongkou_staff, unit_user)
    before = snapshot()
    for url, body, fields in [
        ("require-correction", {"result": "no_problem", "opinion": "", "correction_due": "x"},
         {"result", "opinion", "correction_due"}),
        ("experts", {"experts": []}, {"experts"}),
        ("return", {}, {"reason"}),
        ("reopen", {"reason": ""}, {"reason"}),
    ]:  # fmt: skip
        response = staff.post(f"/api/v1/filings/{f.pk}/{url}/", body, format="json")
        assert response.status_code == 400, (url, response.content)
        assert set(response.json()["fields"]) == fields, url
    response = unit.post(f"/api/v1/filings/{f.pk}/documents/", {"kind": "text"})
    assert response.status_code == 400 and "file" in response.json()["fields"]
    assert snapshot() == before


def test_a_file_is_checked_by_its_content(client_for, unit_user):
    f = filed(unit_user, file_it=False)
    client = client_for(unit_user)
    bad = txt("恶意.pdf")
    bad.file.write(b"\x00\x01binary")
    bad.file.seek(0)
    bad.size = 20
    response = client.post(f"/api/v1/filings/{f.pk}/documents/", {"kind": "text", "file": bad})
    assert response.status_code == 400
    response = client.post(f"/api/v1/filings/{f.pk}/documents/", {"kind": "text", "file": txt()})
    assert response.status_code == 201 and response.json()["content_type"] == "text/plain"


def test_the_lists_keep_their_query_count_whatever_their_length(
    client_for, dongkou_staff, unit_user, expert
):
    client = client_for(dongkou_staff)

    def count(url):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    filed(unit_user)
    count("/api/v1/filings/")  # the first request of the session loads more
    one = count("/api/v1/filings/"), count("/api/v1/filings/export.xlsx")
    for n in range(5):
        filed(unit_user, title=f"办法{n}")
    assert (count("/api/v1/filings/"), count("/api/v1/filings/export.xlsx")) == one
    f = checked(dongkou_staff, under_review(dongkou_staff, unit_user, title="审查中"))
    reviews.experts_invite(actor=dongkou_staff, filing=f, expert_ids=[expert.pk])
    detail = count(f"/api/v1/filings/{f.pk}/")
    for n in range(3):
        document_add(actor=dongkou_staff, filing=f, kind="other", file=txt(f"附件{n}.txt"))
    assert count(f"/api/v1/filings/{f.pk}/") == detail


def _addresses(patterns, prefix=""):
    for p in patterns:
        if hasattr(p, "url_patterns"):
            yield from _addresses(p.url_patterns, prefix + str(p.pattern))
        else:
            yield prefix + str(p.pattern)


# What an expert's account answers: its own account, notifications, jobs, to-do and invitations.
EXPERT_OWN = {"api/v1/filings/invitations/", "api/v1/jobs/", "api/v1/me/", "api/v1/me/tokens/",
              "api/v1/notifications/", "api/v1/regions/", "api/v1/todo/"}  # fmt: skip


def test_an_expert_gets_nothing_from_any_other_list_of_the_portal(client_for, world, expert):
    client = client_for(expert)
    answered = set()
    for address in sorted(set(_addresses(get_resolver().url_patterns))):
        if "<" in address or not address.startswith("api/v1/") or "public" in address:
            continue
        if client.get("/" + address).status_code == 200:
            answered.add(address)
    assert answered <= EXPERT_OWN, answered - EXPERT_OWN
    assert client.get("/api/v1/regions/").json() == []
