"""Deputies follow the projects they chose: read-only, the chosen projects (elected, completed)
of the congresses they serve in, with progress; never candidates or screening; other counties
and outsiders get 404."""

import json
import re

import pytest

from ballots.models import LivelihoodProject
from ballots.services.counting import ballot_close
from ballots.services.projects import (
    milestone_add,
    milestone_update,
    project_assign,
    project_propose,
)
from ballots.services.voting import ballot_vote
from congress.models import HandlingUnit
from tests.ballots.conftest import make_deputy, project_ballot, shortlisted_projects
from tests.conftest import DONGKOU

pytestmark = pytest.mark.django_db


@pytest.fixture
def board(dongkou_staff, dongkou, voters):
    """Four shortlisted 洞口 projects put to the vote (choose 2 of 4), two elected; one of them
    followed to 40%; plus one candidate still being screened."""
    projects = shortlisted_projects(dongkou_staff, dongkou, 4)
    ballot = project_ballot(dongkou_staff, dongkou, projects, choose_max=2)
    items = list(ballot.items.order_by("order"))
    for d in voters:
        ballot_vote(
            deputy=d, ballot=ballot, answers={items[0].pk: "approve", items[1].pk: "approve"}
        )
    ballot_close(actor=dongkou_staff, ballot=ballot)
    chosen = LivelihoodProject.objects.get(pk=projects[0].pk)
    unit = HandlingUnit.objects.create(name="洞口县水利局", region_id=DONGKOU)
    project_assign(actor=dongkou_staff, project=chosen, responsible_unit=unit, budget=800)
    milestone = milestone_add(
        actor=dongkou_staff, project=chosen, title="完成招标", due_date="2026-04-30"
    )
    milestone_update(
        actor=dongkou_staff, milestone=milestone, progress=40, evidence="招标公告已发布"
    )
    candidate = project_propose(
        actor=dongkou_staff,
        congress=dongkou,
        year=2026,
        title="候选：乡村公厕改造",
        source_kind="other",
    )
    return {"chosen": chosen, "elected": projects[:2], "lost": projects[2:], "candidate": candidate}


def test_a_deputy_sees_only_the_chosen_projects_of_their_congress_with_progress(
    client_for, voters, board
):
    body = client_for(voters[0].user).get("/api/v1/ballots/projects/?year=2026").json()
    assert sorted(p["id"] for p in body["results"]) == sorted(p.pk for p in board["elected"])
    chosen = next(p for p in body["results"] if p["id"] == board["chosen"].pk)
    assert chosen["progress"] == 40 and chosen["responsible_unit_name"] == "洞口县水利局"


def test_a_deputy_reads_a_chosen_projects_milestones_and_vote(client_for, voters, board):
    detail = client_for(voters[1].user).get(f"/api/v1/ballots/projects/{board['chosen'].pk}/")
    assert detail.status_code == 200
    body = detail.json()
    assert [m["progress"] for m in body["milestones"]] == [40]
    assert body["ballots"][0]["elected"] is True


@pytest.mark.parametrize("which", ["lost", "candidate"])
def test_candidates_and_projects_not_chosen_are_404_for_a_deputy(client_for, voters, board, which):
    project = board[which][0] if which == "lost" else board[which]
    assert (
        client_for(voters[0].user).get(f"/api/v1/ballots/projects/{project.pk}/").status_code == 404
    )


def test_the_board_summary_of_a_deputy_counts_only_chosen_projects(client_for, voters, board):
    body = client_for(voters[0].user).get("/api/v1/ballots/projects/summary/?year=2026").json()
    assert body["by_status"] == {"elected": 2}
    assert body["followed"] == 2 and body["behind"] == 2


@pytest.mark.parametrize(
    "path,body",
    [
        ("screen/", {"feasibility": "feasible", "decision": "shortlisted"}),
        ("assign/", {"responsible_unit": 1, "budget": "1"}),
        ("milestones/", {"title": "x", "due_date": "2026-05-01"}),
        ("reports/", {"kind": "mid_year", "body": "x"}),
    ],
)
def test_a_deputy_cannot_change_a_project(client_for, voters, board, path, body):
    project = board["chosen"]
    response = client_for(voters[0].user).post(
        f"/api/v1/ballots/projects/{project.pk}/{path}", body, format="json"
    )
    assert response.status_code == 403
    assert client_for(voters[0].user).post("/api/v1/ballots/projects/", {}).status_code == 403
    milestone = project.milestones.get()
    assert (
        client_for(voters[0].user)
        .post(f"/api/v1/ballots/milestones/{milestone.pk}/", {"progress": 90, "evidence": "x"})
        .status_code
        == 403
    )
    project.refresh_from_db()
    assert project.progress == 40


def test_a_deputy_of_another_county_sees_no_project_and_gets_404(client_for, board, linwu):
    other = make_deputy(linwu, "临武代表", username="linwu_deputy")
    client = client_for(other.user)
    assert client.get("/api/v1/ballots/projects/").json()["count"] == 0
    assert client.get(f"/api/v1/ballots/projects/{board['chosen'].pk}/").status_code == 404
    assert client.get(f"/ballots/projects/{board['chosen'].pk}/").status_code == 404


def test_a_former_deputy_no_longer_sees_the_board(client_for, board, dongkou):
    former = make_deputy(dongkou, "已辞职代表", username="former_deputy", serving=False)
    client = client_for(former.user)
    assert client.get("/api/v1/ballots/projects/").json()["count"] == 0


def test_an_outsider_gets_403_on_the_pages_and_is_refused_by_the_api(client_for, outsider, board):
    """No role: the pages refuse for the role (403, the same for every id), see congress.pages."""
    client = client_for(outsider)
    assert client.get("/ballots/projects/").status_code == 403
    assert client.get(f"/ballots/projects/{board['chosen'].pk}/").status_code == 403
    assert client.get("/api/v1/ballots/projects/").status_code in (403, 404)


def page_props(response) -> dict:
    """The JSON the page shell hands the compiled page component (templates/app.html)."""
    found = re.search(
        r'<script id="page-props" type="application/json">(.*?)</script>', response.content.decode()
    )
    return json.loads(found.group(1))


def test_the_deputys_board_page_is_read_only(client_for, voters, board):
    page = client_for(voters[0].user).get("/ballots/projects/")
    assert page.status_code == 200
    can = page_props(page)["can"]
    assert can["manage_projects"] is False and can["read_only"] is True
    detail = client_for(voters[0].user).get(f"/ballots/projects/{board['chosen'].pk}/")
    assert detail.status_code == 200
    assert page_props(detail) == {
        "pk": board["chosen"].pk,
        "can": {**can, "report": False},
    }


def test_the_deputys_project_list_query_count_does_not_grow_with_page_size(
    client_for, voters, board, django_assert_max_num_queries
):
    client = client_for(voters[0].user)
    with django_assert_max_num_queries(9):
        small = client.get("/api/v1/ballots/projects/?page_size=1")
    with django_assert_max_num_queries(9):
        big = client.get("/api/v1/ballots/projects/?page_size=50")
    assert (len(small.json()["results"]), len(big.json()["results"])) == (1, 2)
