"""The transition tables of ballots and livelihood projects (ballots/workflow.py), the list
numbering that raced, and the scope of a project's source."""

import threading
import time

import pytest
from django.db import IntegrityError, connection, connections, transaction

from ballots import workflow
from ballots.models import Ballot, LivelihoodProject
from ballots.services.counting import ballot_close
from ballots.services.projects import project_propose, project_report_submit, project_screen
from ballots.services.setup import ballot_create, ballot_open
from ballots.services.voting import ballot_enter_paper
from congress.errors import ApplicationError, TransitionError
from congress.models import AuditLog, HandlingUnit, Role
from tests.ballots.conftest import (
    congress_with_term,
    make_opinion,
    rating_ballot,
    shortlisted_projects,
    window,
)
from tests.conftest import DONGKOU, make_user


def candidate(actor, congress, title="候选项目"):
    return project_propose(
        actor=actor, congress=congress, year=2026, title=title, source_kind="other"
    )


def screen(actor, project):
    return project_screen(
        actor=actor, project=project, feasibility="feasible", decision="shortlisted"
    )


# --- the tables ---------------------------------------------------------------------------------


def test_every_action_of_the_tables_names_statuses_of_its_model():
    for rows, statuses in (
        (workflow.BALLOT_TRANSITIONS, set(Ballot.Status.values)),
        (workflow.PROJECT_TRANSITIONS, set(LivelihoodProject.Status.values)),
    ):
        for row in rows:
            assert row.sources <= statuses, row.action
            assert row.target is None or row.target in statuses, row.action
            assert row.who, row.action
        assert len({r.action for r in rows}) == len(rows)


@pytest.mark.django_db
def test_staff_of_another_county_may_not_take_a_ballot_action(
    dongkou_staff, linwu_staff, dongkou, voters, dongkou_units
):
    ballot = rating_ballot(dongkou_staff, dongkou, dongkou_units, opened=False)
    with pytest.raises(ApplicationError) as refused:
        ballot_open(actor=linwu_staff, ballot=ballot)
    assert refused.value.status == 403
    ballot.refresh_from_db()
    assert ballot.status == Ballot.Status.DRAFT


@pytest.mark.django_db
def test_a_closed_ballot_refuses_paper_totals_with_409(
    dongkou_staff, dongkou, voters, dongkou_units
):
    ballot = rating_ballot(dongkou_staff, dongkou, dongkou_units)
    ballot_close(actor=dongkou_staff, ballot=ballot)
    with pytest.raises(TransitionError, match="只有投票中的测评可以录入纸质票。"):
        ballot_enter_paper(actor=dongkou_staff, ballot=ballot, papers=1, totals={})


@pytest.mark.django_db
def test_a_project_screened_out_after_the_draft_cannot_be_opened_for_the_vote(
    dongkou_staff, dongkou, voters
):
    projects = shortlisted_projects(dongkou_staff, dongkou, 3)
    opens_at, closes_at = window()
    ballot = ballot_create(
        actor=dongkou_staff,
        congress=dongkou,
        kind=Ballot.Kind.PROJECT_VOTE,
        title="票决",
        year=2026,
        opens_at=opens_at,
        closes_at=closes_at,
        choose_max=2,
        items=[{"project": p} for p in projects],
    )
    project_screen(
        actor=dongkou_staff, project=projects[0], feasibility="infeasible", decision="rejected"
    )
    with pytest.raises(ApplicationError) as refused:
        ballot_open(actor=dongkou_staff, ballot=ballot)
    assert refused.value.fields == {"items": ["只有入围的候选项目可以提交票决。"]}
    ballot.refresh_from_db()
    assert ballot.status == Ballot.Status.DRAFT and not ballot.tallies.exists()


@pytest.mark.django_db
def test_a_unit_user_of_another_unit_may_not_report_on_a_project(dongkou_staff, dongkou):

    project = screen(dongkou_staff, candidate(dongkou_staff, dongkou))
    LivelihoodProject.objects.filter(pk=project.pk).update(status="elected")
    stranger = make_user(
        "stranger_unit",
        role=Role.HANDLING_UNIT,
        unit=HandlingUnit.objects.create(name="洞口县林业局", region_id=DONGKOU),
    )
    with pytest.raises(ApplicationError) as refused:
        project_report_submit(actor=stranger, project=project, kind="mid_year", body="x")
    assert refused.value.status == 403
    assert not project.reports.exists()


# --- list numbers -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_screening_numbers_the_list_one_after_another_and_each_numbering_is_audited(
    dongkou_staff, dongkou
):
    projects = shortlisted_projects(dongkou_staff, dongkou, 3)
    assert [p.list_number for p in projects] == [1, 2, 3]
    audit = AuditLog.objects.filter(
        model="ballots.LivelihoodProject", object_pk=str(projects[2].pk)
    )
    assert audit.filter(action=AuditLog.Action.UPDATE, after__list_number=3).exists()


@pytest.mark.django_db
def test_the_database_refuses_two_projects_with_one_list_number(dongkou_staff, dongkou):
    first, second = (candidate(dongkou_staff, dongkou, t) for t in ("甲", "乙"))
    LivelihoodProject.objects.filter(pk=first.pk).update(list_number=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        LivelihoodProject.objects.filter(pk=second.pk).update(list_number=1)


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="needs real concurrency")
def test_two_screenings_at_once_never_give_one_list_number_twice(regions, django_user_model):
    """The first screening numbers its project and holds its transaction open; the second,
    on its own connection, screens meanwhile. Numbered as "count + 1" on an unlocked row, the
    second read the same count and took the same number; now it waits for the first."""

    dongkou = congress_with_term(DONGKOU)
    staff = make_user("race_staff", role="staff", region=DONGKOU)
    first, second = (candidate(staff, dongkou, t) for t in ("甲", "乙"))
    numbered = threading.Event()
    errors = []

    def screen_first():
        try:
            with transaction.atomic():
                screen(staff, first)
                numbered.set()
                time.sleep(0.5)  # hold the transaction open while the other one screens
        except Exception as e:  # noqa: BLE001 - reported below
            errors.append(e)
            numbered.set()
        finally:
            connections.close_all()

    def screen_second():
        try:
            numbered.wait(5)
            screen(staff, second)
        except Exception as e:  # noqa: BLE001
            errors.append(e)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=screen_first), threading.Thread(target=screen_second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert errors == []
    numbers = sorted(
        LivelihoodProject.objects.filter(pk__in=[first.pk, second.pk]).values_list(
            "list_number", flat=True
        )
    )
    assert numbers == [1, 2]
    assert connection.vendor == "postgresql"


# --- a project's source -------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_project_cannot_name_another_countys_opinion_as_its_source(
    client_for, dongkou_staff, dongkou, linwu
):
    foreign = make_opinion(linwu, "临武县的群众意见")
    own = make_opinion(dongkou, "洞口县的群众意见")
    client = client_for(dongkou_staff)
    body = {
        "congress": dongkou.pk,
        "year": 2026,
        "title": "农村安全饮水",
        "source_kind": "opinion",
        "source_title": "群众意见",
    }
    refused = client.post(
        "/api/v1/ballots/projects/", {**body, "source_id": foreign.pk}, format="json"
    )
    missing = client.post(
        "/api/v1/ballots/projects/", {**body, "source_id": 99999999}, format="json"
    )
    accepted = client.post(
        "/api/v1/ballots/projects/", {**body, "source_id": own.pk}, format="json"
    )
    assert refused.status_code == missing.status_code == 400
    assert refused.json() == missing.json()  # another county's record reads like no record
    assert refused.json()["fields"]["source_id"] == ["未找到该来源记录，或不属于本级。"]
    assert "临武" not in refused.content.decode()
    assert accepted.status_code == 201, accepted.json()
    assert LivelihoodProject.objects.get().source_id == own.pk


@pytest.mark.django_db
def test_a_project_cannot_name_a_suggestion_that_is_not_there(dongkou_staff, dongkou):
    with pytest.raises(ApplicationError) as refused:
        project_propose(
            actor=dongkou_staff,
            congress=dongkou,
            year=2026,
            title="x",
            source_kind="suggestion",
            source_id=99999999,
            source_title="建议",
        )
    assert refused.value.fields == {"source_id": ["未找到该来源记录，或不属于本级。"]}
    assert not LivelihoodProject.objects.exists()
