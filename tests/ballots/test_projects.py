import pytest

from ballots.models import Ballot, LivelihoodProject, Participation, ProjectMilestone
from ballots.services.counting import ballot_close
from ballots.services.projects import project_propose
from ballots.services.voting import ballot_enter_paper, ballot_vote
from congress.models import HandlingUnit, Role
from tests.ballots.conftest import make_deputy, project_ballot, shortlisted_projects, window
from tests.conftest import DONGKOU, make_user

pytestmark = pytest.mark.django_db


def approve(ballot, projects):
    items = {i.project_id: i.pk for i in ballot.items.all()}
    return {"answers": {str(items[p.pk]): "approve" for p in projects}}


def test_choosing_more_than_n_of_m_is_refused_and_stores_nothing(
    client_for, dongkou_staff, dongkou, voters
):
    projects = shortlisted_projects(dongkou_staff, dongkou, 4)
    ballot = project_ballot(dongkou_staff, dongkou, projects, choose_max=3)
    response = client_for(voters[0].user).post(
        f"/api/v1/ballots/{ballot.pk}/vote/", approve(ballot, projects), format="json"
    )
    assert response.status_code == 400
    assert response.json()["fields"]["answers"] == ["最多只能选择 3 项，您选择了 4 项。"]
    assert not Participation.objects.exists()


def test_the_n_with_most_approvals_are_elected_and_ties_go_to_the_lower_list_number(
    dongkou_staff, dongkou
):
    deputies = [make_deputy(dongkou, f"代表{n}") for n in range(6)]
    p1, p2, p3, p4 = shortlisted_projects(dongkou_staff, dongkou, 4)
    ballot = project_ballot(dongkou_staff, dongkou, [p1, p2, p3, p4], choose_max=2)
    items = {i.project_id: i.pk for i in ballot.items.all()}
    # p4: 5 approvals (one on paper); p2 and p3 tie at 2 for the second place; p1: 1.
    choices = [[p4, p2], [p4, p3], [p4, p2], [p4, p3], [p4, p1]]
    for deputy, chosen in zip(deputies[:4], choices[:4], strict=True):
        ballot_vote(deputy=deputy, ballot=ballot, answers={items[p.pk]: "approve" for p in chosen})
    # A sixth deputy votes on paper, counted by hand and entered as totals.
    ballot_enter_paper(
        actor=dongkou_staff, ballot=ballot, papers=1, totals={items[p4.pk]: {"approve": 1}}
    )
    ballot_vote(deputy=deputies[4], ballot=ballot, answers={items[p1.pk]: "approve"})
    ballot_close(actor=dongkou_staff, ballot=ballot)

    for p in (p1, p2, p3, p4):
        p.refresh_from_db()
    assert p2.list_number < p3.list_number
    assert (p4.status, p2.status) == ("elected", "elected")
    assert (p3.status, p1.status) == ("not_elected", "not_elected")
    assert ballot.results.get(item__project=p2).rank == 2
    assert ballot.results.get(item__project=p3).rank == 3


def test_a_project_vote_needs_more_candidates_than_places(client_for, dongkou_staff, dongkou):
    projects = shortlisted_projects(dongkou_staff, dongkou, 2)
    opens_at, closes_at = window()
    response = client_for(dongkou_staff).post(
        "/api/v1/ballots/",
        {
            "congress": dongkou.pk,
            "kind": "project_vote",
            "title": "票决",
            "year": 2026,
            "opens_at": opens_at.isoformat(),
            "closes_at": closes_at.isoformat(),
            "choose_max": 2,
            "projects": [p.pk for p in projects],
        },
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["fields"]["choose_max"] == ["应选数须小于候选项目数（差额）。"]
    assert not Ballot.objects.exists()


def test_a_candidate_links_to_where_it_came_from(client_for, dongkou_staff, dongkou):
    unit = HandlingUnit.objects.create(name="洞口县水利局", region_id=DONGKOU)
    client = client_for(dongkou_staff)
    missing = client.post(
        "/api/v1/ballots/projects/",
        {
            "congress": dongkou.pk,
            "year": 2026,
            "title": "农村安全饮水",
            "source_kind": "suggestion",
        },
        format="json",
    )
    from_unit = client.post(
        "/api/v1/ballots/projects/",
        {
            "congress": dongkou.pk,
            "year": 2026,
            "title": "农村安全饮水",
            "source_kind": "department",
            "source_unit": unit.pk,
            "estimated_cost": "850.00",
        },
        format="json",
    )
    assert missing.status_code == 400
    assert missing.json()["fields"]["source_id"] == ["来自代表建议或群众意见的项目须关联来源记录。"]
    assert from_unit.status_code == 201
    assert from_unit.json()["source_unit_name"] == "洞口县水利局"
    assert LivelihoodProject.objects.count() == 1


def test_an_infeasible_candidate_cannot_be_shortlisted(client_for, dongkou_staff, dongkou):
    p = project_propose(
        actor=dongkou_staff, congress=dongkou, year=2026, title="x", source_kind="other"
    )
    response = client_for(dongkou_staff).post(
        f"/api/v1/ballots/projects/{p.pk}/screen/",
        {"feasibility": "infeasible", "decision": "shortlisted"},
        format="json",
    )
    assert response.status_code == 400
    assert "feasibility" in response.json()["fields"]


def test_a_chosen_project_is_followed_to_its_year_end_rating(
    client_for, dongkou_staff, dongkou, voters
):
    projects = shortlisted_projects(dongkou_staff, dongkou, 3)
    vote = project_ballot(dongkou_staff, dongkou, projects, choose_max=2)
    items = list(vote.items.order_by("order"))
    for d in voters:
        ballot_vote(deputy=d, ballot=vote, answers={items[0].pk: "approve"})
    ballot_close(actor=dongkou_staff, ballot=vote)
    chosen = LivelihoodProject.objects.get(pk=projects[0].pk)
    assert chosen.status == "elected"

    unit = HandlingUnit.objects.create(name="洞口县住房和城乡建设局", region_id=DONGKOU)
    unit_user = make_user("zjj", role=Role.HANDLING_UNIT, unit=unit)
    staff = client_for(dongkou_staff)
    base = f"/api/v1/ballots/projects/{chosen.pk}/"
    assert (
        staff.post(base + "assign/", {"responsible_unit": unit.pk, "budget": "1200"}).status_code
        == 200
    )
    assert (
        staff.post(base + "milestones/", {"title": "开工", "due_date": "2026-03-31"}).status_code
        == 201
    )
    milestone = ProjectMilestone.objects.get(project=chosen)

    unit_client = client_for(unit_user)
    no_evidence = unit_client.post(f"/api/v1/ballots/milestones/{milestone.pk}/", {"progress": 60})
    assert no_evidence.status_code == 400 and no_evidence.json()["fields"]["evidence"]
    ok = unit_client.post(
        f"/api/v1/ballots/milestones/{milestone.pk}/", {"progress": 100, "evidence": "竣工验收"}
    )
    assert ok.json()["project_progress"] == 100
    assert (
        unit_client.post(base + "reports/", {"kind": "mid_year", "body": "过半"}).status_code == 201
    )
    assert (
        unit_client.post(base + "reports/", {"kind": "mid_year", "body": "again"}).status_code
        == 409
    )
    assert (
        unit_client.post(base + "reports/", {"kind": "year_end", "body": "完成"}).status_code == 201
    )
    chosen.refresh_from_db()
    assert chosen.status == "completed"

    opens_at, closes_at = window()
    rating = staff.post(
        "/api/v1/ballots/",
        {
            "congress": dongkou.pk,
            "kind": "project_rating",
            "title": "2026年民生实事项目年终满意度测评",
            "year": 2026,
            "opens_at": opens_at.isoformat(),
            "closes_at": closes_at.isoformat(),
            "projects": [chosen.pk],
        },
        format="json",
    )
    assert rating.status_code == 201, rating.json()
    rating_id = rating.json()["id"]
    assert staff.post(f"/api/v1/ballots/{rating_id}/open/").status_code == 200
    item = Ballot.objects.get(pk=rating_id).items.get()
    client_for(voters[0].user).post(
        f"/api/v1/ballots/{rating_id}/vote/",
        {"answers": {str(item.pk): "satisfied"}},
        format="json",
    )
    staff.post(f"/api/v1/ballots/{rating_id}/close/")
    detail = staff.get(base).json()
    assert sorted(b["kind"] for b in detail["ballots"]) == ["project_rating", "project_vote"]
    assert detail["reports"][1]["kind"] == "year_end"
    # another unit's user does not see the project
    other = make_user(
        "other_unit",
        role=Role.HANDLING_UNIT,
        unit=HandlingUnit.objects.create(name="洞口县林业局", region_id=DONGKOU),
    )
    assert client_for(other).get(base).status_code == 404
