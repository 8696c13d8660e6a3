import random
from collections import Counter
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import IntegrityError, connection
from django.utils import timezone

from ballots.models import (
    Ballot,
    ItemResult,
    NamedVote,
    PaperEntry,
    Participation,
    Tally,
)
from ballots.services.counting import ballot_close
from ballots.services.voting import ballot_enter_paper, ballot_vote
from congress.models import AuditLog
from tests.ballots.conftest import make_deputy, rating_ballot

pytestmark = pytest.mark.django_db


def vote_url(ballot):
    return f"/api/v1/ballots/{ballot.pk}/vote/"


def rate_all(ballot, answer="satisfied"):
    return {"answers": {str(i.pk): answer for i in ballot.items.all()}}


def test_a_deputy_votes_once_and_gets_a_receipt(client_for, dongkou_staff, voters, dongkou_units):
    ballot = rating_ballot(dongkou_staff, voters[0].mandates.first().congress, dongkou_units)
    client = client_for(voters[0].user)

    first = client.post(vote_url(ballot), rate_all(ballot), format="json")
    second = client.post(vote_url(ballot), rate_all(ballot, "dissatisfied"), format="json")

    assert first.status_code == 201, first.json()
    assert len(first.json()["receipt"]) == 8
    assert second.status_code == 409
    assert "已经投过票" in second.json()["message"]
    assert Participation.objects.filter(ballot=ballot).count() == 1
    assert sum(t.electronic for t in Tally.objects.filter(ballot=ballot)) == 3
    assert not Tally.objects.filter(ballot=ballot, answer="dissatisfied", electronic__gt=0).exists()


def test_the_database_refuses_a_second_participation_row(dongkou_staff, voters, dongkou_units):

    ballot = rating_ballot(dongkou_staff, voters[0].mandates.first().congress, dongkou_units)
    Participation.objects.create(ballot=ballot, deputy=voters[0], receipt="A")
    with pytest.raises(IntegrityError):
        Participation.objects.create(ballot=ballot, deputy=voters[0], receipt="B")


def test_a_deputy_outside_the_electorate_is_refused(
    client_for, dongkou_staff, voters, dongkou_units, linwu
):
    dongkou = voters[0].mandates.first().congress
    ballot = rating_ballot(dongkou_staff, dongkou, dongkou_units)
    former = make_deputy(dongkou, "已辞职代表", username="former", serving=False)
    linwu_deputy = make_deputy(linwu, "临武代表", username="linwu_deputy")

    for deputy in (former, linwu_deputy):
        response = client_for(deputy.user).post(vote_url(ballot), rate_all(ballot), format="json")
        assert response.status_code == 404
    with pytest.raises(Exception, match="不在本次测评的投票人范围内"):
        ballot_vote(deputy=former, ballot=ballot, answers={})
    assert not Participation.objects.exists()


def test_staff_cannot_vote(client_for, dongkou_staff, voters, dongkou_units):
    ballot = rating_ballot(dongkou_staff, voters[0].mandates.first().congress, dongkou_units)
    response = client_for(dongkou_staff).post(vote_url(ballot), rate_all(ballot), format="json")
    assert response.status_code == 403


def test_voting_before_opening_is_a_conflict(client_for, dongkou_staff, voters, dongkou_units):
    congress = voters[0].mandates.first().congress
    ballot = rating_ballot(dongkou_staff, congress, dongkou_units, open_now=False)
    response = client_for(voters[0].user).post(vote_url(ballot), rate_all(ballot), format="json")
    assert response.status_code == 409
    assert "尚未开始" in response.json()["message"]
    assert not Participation.objects.exists()


def test_voting_after_the_closing_time_or_after_closing_is_a_conflict(
    client_for, dongkou_staff, voters, dongkou_units
):
    congress = voters[0].mandates.first().congress
    late = rating_ballot(dongkou_staff, congress, dongkou_units)
    Ballot.objects.filter(pk=late.pk).update(
        opens_at=timezone.now() - timedelta(hours=3), closes_at=timezone.now() - timedelta(hours=1)
    )
    closed = rating_ballot(dongkou_staff, congress, dongkou_units)
    ballot_close(actor=dongkou_staff, ballot=closed)

    for ballot in (late, closed):
        response = client_for(voters[0].user).post(
            vote_url(ballot), rate_all(ballot), format="json"
        )
        assert response.status_code == 409
        assert "已经结束" in response.json()["message"]
    assert not Participation.objects.exists()


def test_a_rating_ballot_needs_an_answer_for_every_item(
    client_for, dongkou_staff, voters, dongkou_units
):
    ballot = rating_ballot(dongkou_staff, voters[0].mandates.first().congress, dongkou_units)
    first = ballot.items.first()
    response = client_for(voters[0].user).post(
        vote_url(ballot), {"answers": {str(first.pk): "satisfied"}}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["fields"]["answers"] == ["请对每一个测评对象作出评价。"]
    bad = client_for(voters[0].user).post(
        vote_url(ballot), {"answers": {str(first.pk): "maybe"}}, format="json"
    )
    assert bad.status_code == 400
    assert not Participation.objects.exists()
    assert sum(t.electronic for t in Tally.objects.all()) == 0


def test_an_anonymous_ballot_stores_nothing_that_links_a_voter_to_an_answer(
    dongkou_staff, voters, dongkou_units
):
    ballot = rating_ballot(dongkou_staff, voters[0].mandates.first().congress, dongkou_units)
    items = list(ballot.items.all())
    ballot_vote(deputy=voters[0], ballot=ballot, answers={i.pk: "dissatisfied" for i in items})
    ballot_vote(deputy=voters[1], ballot=ballot, answers={i.pk: "satisfied" for i in items})

    # Every table of the app, column by column: only Participation names a deputy, and it
    # holds no answer; the counters hold no deputy, no time and no order of votes.
    participation_columns = {f.column for f in Participation._meta.concrete_fields}
    assert participation_columns == {
        "id",
        "ballot_id",
        "deputy_id",
        "channel",
        "receipt",
        "voted_at",
    }
    tally_columns = {f.column for f in Tally._meta.concrete_fields}
    assert tally_columns == {"id", "ballot_id", "item_id", "answer", "electronic", "paper"}
    assert not NamedVote.objects.exists()
    with connection.cursor() as cursor:
        tables = [
            t for t in connection.introspection.table_names(cursor) if t.startswith("ballots_")
        ]
        for table in tables:
            columns = {
                c.name for c in connection.introspection.get_table_description(cursor, table)
            }
            if table == NamedVote._meta.db_table:
                continue  # named ballots only, and empty here (asserted above)
            if "answer" in columns or "counts" in columns or "totals" in columns:
                assert not columns & {
                    "deputy_id",
                    "voter_id",
                    "user_id",
                    "voted_at",
                    "created_at",
                }, table
    # The counters were all created at opening (ids say nothing about who voted when) ...
    tallies = list(Tally.objects.filter(ballot=ballot).order_by("pk"))
    assert len(tallies) == 9
    # ... and the audit log holds the participations but no counter change.

    assert AuditLog.objects.filter(model="ballots.Participation").count() == 2
    assert not AuditLog.objects.filter(model="ballots.Tally").exists()


@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_every_counter_row_carries_the_same_transaction_id_after_a_vote(
    dongkou_staff, voters, dongkou_units
):
    ballot = rating_ballot(dongkou_staff, voters[0].mandates.first().congress, dongkou_units)
    items = list(ballot.items.all())
    ballot_vote(deputy=voters[0], ballot=ballot, answers={i.pk: "basic" for i in items})
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT DISTINCT xmin::text FROM ballots_tally WHERE ballot_id = %s", [ballot.pk]
        )
        assert len(cursor.fetchall()) == 1


def test_a_named_ballot_keeps_who_answered_what(dongkou_staff, voters, dongkou_units):
    ballot = rating_ballot(
        dongkou_staff, voters[0].mandates.first().congress, dongkou_units, anonymous=False
    )
    items = list(ballot.items.all())
    ballot_vote(deputy=voters[0], ballot=ballot, answers={i.pk: "basic" for i in items})
    assert NamedVote.objects.filter(deputy=voters[0], answer="basic").count() == 3


def test_tallies_equal_an_independent_count(dongkou_staff, dongkou, dongkou_units):

    rng = random.Random(8)
    deputies = [make_deputy(dongkou, f"代表{n}") for n in range(40)]
    ballot = rating_ballot(dongkou_staff, dongkou, dongkou_units)
    items = list(ballot.items.all())
    expected = Counter()
    for deputy in deputies[:33]:
        answers = {i.pk: rng.choice(["satisfied", "basic", "dissatisfied"]) for i in items}
        expected.update(answers.items())
        ballot_vote(deputy=deputy, ballot=ballot, answers=answers)
    paper = {items[0].pk: {"satisfied": 3, "dissatisfied": 2}, items[1].pk: {"basic": 5}}
    ballot_enter_paper(actor=dongkou_staff, ballot=ballot, papers=5, totals=paper)
    for item_id, counts in paper.items():
        expected.update({(item_id, a): n for a, n in counts.items()})

    ballot_close(actor=dongkou_staff, ballot=ballot)

    for result in ItemResult.objects.filter(ballot=ballot):
        for answer in ("satisfied", "basic", "dissatisfied"):
            assert result.counts.get(answer, 0) == expected[(result.item_id, answer)]
        valid = sum(expected[(result.item_id, a)] for a in ("satisfied", "basic", "dissatisfied"))
        assert result.valid == valid
    assert PaperEntry.objects.get(ballot=ballot).papers == 5
    assert Tally.objects.filter(ballot=ballot).exclude(paper=0).count() == 3


def test_closing_ranks_flags_and_compares_with_last_year(dongkou_staff, dongkou, dongkou_units):
    deputies = [make_deputy(dongkou, f"代表{n}") for n in range(10)]
    last_year = rating_ballot(dongkou_staff, dongkou, dongkou_units)
    for d in deputies[:4]:
        ballot_vote(
            deputy=d, ballot=last_year, answers={i.pk: "satisfied" for i in last_year.items.all()}
        )
    ballot_close(actor=dongkou_staff, ballot=last_year)

    ballot = rating_ballot(
        dongkou_staff, dongkou, dongkou_units, compare_with=last_year, flag_threshold="0.25"
    )
    edu, health, roads = ballot.items.order_by("order")
    plan = {edu.pk: ["satisfied"] * 10, health.pk: ["satisfied"] * 5 + ["basic"] * 5}
    plan[roads.pk] = ["satisfied"] * 6 + ["dissatisfied"] * 4
    for n, d in enumerate(deputies):
        ballot_vote(deputy=d, ballot=ballot, answers={k: v[n] for k, v in plan.items()})
    ballot_close(actor=dongkou_staff, ballot=ballot)

    results = {r.item_id: r for r in ItemResult.objects.filter(ballot=ballot)}
    assert [results[i.pk].rank for i in (edu, health, roads)] == [1, 2, 3]
    assert results[roads.pk].dissatisfied_rate == Decimal("0.4")
    assert results[roads.pk].flagged and not results[health.pk].flagged
    assert results[edu.pk].previous_rate == 1 and results[edu.pk].previous_rank == 1


def test_a_closed_ballot_never_changes(client_for, dongkou_staff, voters, dongkou_units):
    ballot = rating_ballot(dongkou_staff, voters[0].mandates.first().congress, dongkou_units)
    ballot_close(actor=dongkou_staff, ballot=ballot)
    client = client_for(dongkou_staff)
    base = f"/api/v1/ballots/{ballot.pk}/"
    paper = {"papers": 1, "totals": {}}
    assert client.post(base + "close/").status_code == 409
    assert client.post(base + "open/").status_code == 409
    assert client.post(base + "paper/", paper, format="json").status_code == 409
    assert ItemResult.objects.filter(ballot=ballot).count() == 3


def test_results_only_after_closing_and_turnout_live(
    client_for, dongkou_staff, voters, dongkou_units
):
    ballot = rating_ballot(dongkou_staff, voters[0].mandates.first().congress, dongkou_units)
    client = client_for(dongkou_staff)
    client_for(voters[0].user).post(vote_url(ballot), rate_all(ballot), format="json")

    turnout = client.get(f"/api/v1/ballots/{ballot.pk}/turnout/").json()
    assert (turnout["electorate_size"], turnout["cast"]) == (3, 1)
    assert "results" not in turnout
    assert client.get(f"/api/v1/ballots/{ballot.pk}/results/").status_code == 409
    client.post(f"/api/v1/ballots/{ballot.pk}/close/")
    body = client.get(f"/api/v1/ballots/{ballot.pk}/results/").json()
    assert [r["counts"]["satisfied"] for r in body["results"]] == [1, 1, 1]
    deputy_view = client_for(voters[1].user).get(f"/api/v1/ballots/{ballot.pk}/results/")
    assert deputy_view.status_code == 200


def test_paper_totals_are_checked_and_recorded_as_paper(
    client_for, dongkou_staff, voters, dongkou_units
):
    ballot = rating_ballot(dongkou_staff, voters[0].mandates.first().congress, dongkou_units)
    item = ballot.items.first()
    client = client_for(dongkou_staff)
    url = f"/api/v1/ballots/{ballot.pk}/paper/"

    too_many = client.post(url, {"papers": 4, "totals": {}}, format="json")
    over = client.post(
        url, {"papers": 1, "totals": {str(item.pk): {"satisfied": 2}}}, format="json"
    )
    ok = client.post(
        url,
        {"papers": 1, "totals": {str(item.pk): {"basic": 1}}, "voters": [voters[2].pk]},
        format="json",
    )

    assert too_many.status_code == 400 and too_many.json()["fields"]["papers"]
    assert over.status_code == 400 and over.json()["fields"]["totals"]
    assert ok.status_code == 201
    assert Tally.objects.get(item=item, answer="basic").paper == 1
    assert PaperEntry.objects.count() == 1
    again = client_for(voters[2].user).post(vote_url(ballot), rate_all(ballot), format="json")
    assert again.status_code == 409
