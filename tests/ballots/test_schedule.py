"""Ballots close themselves at their closing time (celery beat → task → sweep): counted once,
however many workers sweep at once; staff are told the results are ready; voters who have not
voted are reminded once, a day before closing."""

import os
import threading
from datetime import timedelta

import celery.contrib.testing.tasks  # noqa: F401 - the ping task the worker check uses
import pytest
from django.core import mail
from django.db import connection, connections
from django.utils import timezone

from ballots.models import Ballot, ItemResult, LivelihoodProject
from ballots.schedule import SCHEDULE
from ballots.services import counting
from ballots.services.counting import ballot_close, ballots_sweep
from ballots.services.voting import ballot_vote
from ballots.tasks import sweep_ballots
from congress.celery import add_app_schedules, app
from congress.errors import TransitionError
from congress.models import AuditLog, Notification, SentReminder
from congress.sms import MemoryBackend
from tests.ballots.conftest import make_deputy, project_ballot, rating_ballot, shortlisted_projects
from tests.conftest import make_user
from tests.waiting import wait_until
from tests.workers import real_worker

pytestmark = pytest.mark.django_db(transaction=True)


def past_due(ballot: Ballot, minutes: int = 1) -> Ballot:
    """Move a ballot's closing time into the past (as if time had passed)."""
    Ballot.objects.filter(pk=ballot.pk).update(
        opens_at=timezone.now() - timedelta(hours=3),
        closes_at=timezone.now() - timedelta(minutes=minutes),
    )
    ballot.refresh_from_db()
    return ballot


def closing_in(ballot: Ballot, hours: float) -> Ballot:
    Ballot.objects.filter(pk=ballot.pk).update(closes_at=timezone.now() + timedelta(hours=hours))
    ballot.refresh_from_db()
    return ballot


def vote_all(ballot, deputies, answer="satisfied"):
    for d in deputies:
        ballot_vote(deputy=d, ballot=ballot, answers={i.pk: answer for i in ballot.items.all()})


def test_the_beat_schedule_runs_the_sweep_task_and_the_foundation_collects_it():
    entry = SCHEDULE["ballots-close-and-remind"]
    assert entry["task"] == sweep_ballots.name == "ballots.tasks.sweep_ballots"
    app.loader.import_default_modules()

    add_app_schedules(app)
    assert app.conf.beat_schedule["ballots-close-and-remind"]["task"] == sweep_ballots.name


def test_a_ballot_past_its_closing_time_is_closed_and_counted_by_the_task(
    dongkou_staff, voters, dongkou_units, dongkou
):
    ballot = rating_ballot(dongkou_staff, dongkou, dongkou_units)
    vote_all(ballot, voters[:2])
    past_due(ballot, minutes=2)
    closes_at = ballot.closes_at

    assert sweep_ballots.delay().get() == {"closed": 1, "reminded": 0}

    ballot.refresh_from_db()
    assert ballot.status == Ballot.Status.CLOSED
    assert ballot.closes_at == closes_at  # the scheduled closing time is kept
    assert ballot.closed_at >= closes_at
    results = ItemResult.objects.filter(ballot=ballot)
    assert results.count() == 3
    assert all(r.counts["satisfied"] == 2 and r.valid == 2 for r in results)
    log = AuditLog.objects.filter(model="ballots.Ballot", object_pk=str(ballot.pk)).latest("pk")
    assert log.after["status"] == "closed" and log.after["closed_by"] == "schedule"


def test_staff_of_the_county_are_told_the_results_are_ready(
    dongkou_staff, linwu_staff, voters, dongkou_units, dongkou
):
    dongkou_staff.email = "staff@example.org"
    dongkou_staff.save(update_fields=["email"])
    ballot = past_due(rating_ballot(dongkou_staff, dongkou, dongkou_units))
    mail.outbox.clear()

    ballots_sweep()

    note = Notification.objects.get(recipient=dongkou_staff, kind="ballot_results")
    assert ballot.title in note.title and "测评结果已产生" in note.title
    assert note.link == f"/ballots/{ballot.pk}/"
    assert not Notification.objects.filter(recipient=linwu_staff).exists()
    assert [m.subject for m in mail.outbox] == [note.title]


def test_a_project_vote_closed_by_the_schedule_elects_the_projects(dongkou_staff, voters, dongkou):
    projects = shortlisted_projects(dongkou_staff, dongkou, 3)
    ballot = project_ballot(dongkou_staff, dongkou, projects, choose_max=2)
    items = list(ballot.items.order_by("order"))
    for d in voters:
        ballot_vote(
            deputy=d, ballot=ballot, answers={items[1].pk: "approve", items[2].pk: "approve"}
        )
    past_due(ballot)
    ballots_sweep()
    statuses = {p.pk: p.status for p in LivelihoodProject.objects.all()}
    assert statuses[projects[0].pk] == LivelihoodProject.Status.NOT_ELECTED
    assert statuses[projects[1].pk] == statuses[projects[2].pk] == LivelihoodProject.Status.ELECTED


def test_the_sweep_leaves_ballots_still_open_drafts_and_closed_ones_alone(
    dongkou_staff, voters, dongkou_units, dongkou
):
    still_open = rating_ballot(dongkou_staff, dongkou, dongkou_units)
    draft = rating_ballot(dongkou_staff, dongkou, dongkou_units[:1], opened=False)
    Ballot.objects.filter(pk=draft.pk).update(
        opens_at=timezone.now() - timedelta(hours=3),
        closes_at=timezone.now() - timedelta(hours=1),
    )
    closed = rating_ballot(dongkou_staff, dongkou, dongkou_units[1:])
    ballot_close(actor=dongkou_staff, ballot=closed)
    results_before = ItemResult.objects.count()

    assert ballots_sweep()["closed"] == 0

    assert Ballot.objects.get(pk=still_open.pk).status == "open"
    assert Ballot.objects.get(pk=draft.pk).status == "draft"
    assert ItemResult.objects.count() == results_before


def test_running_the_sweep_again_changes_nothing(dongkou_staff, voters, dongkou_units, dongkou):
    ballot = past_due(rating_ballot(dongkou_staff, dongkou, dongkou_units))
    with pytest.raises(TransitionError):
        vote_all(ballot, voters[:1])  # past the closing time, even before the sweep ran
    assert ballots_sweep()["closed"] == 1
    notes, logs = Notification.objects.count(), AuditLog.objects.count()

    assert ballots_sweep() == {"closed": 0, "reminded": 0}
    assert ItemResult.objects.filter(ballot=ballot).count() == 3
    assert (Notification.objects.count(), AuditLog.objects.count()) == (notes, logs)


def test_staff_closing_by_hand_while_the_sweep_runs_gets_409_not_a_second_count(
    client_for, dongkou_staff, voters, dongkou_units, dongkou
):
    ballot = past_due(rating_ballot(dongkou_staff, dongkou, dongkou_units))
    ballots_sweep()
    response = client_for(dongkou_staff).post(f"/api/v1/ballots/{ballot.pk}/close/")
    assert response.status_code == 409
    assert "只有投票中的测评可以结束" in response.json()["message"]
    assert ItemResult.objects.filter(ballot=ballot).count() == 3


@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrency needs PostgreSQL")
def test_two_workers_sweeping_at_once_close_and_count_each_ballot_once(
    dongkou_staff, voters, dongkou_units, dongkou
):
    ballots = [past_due(rating_ballot(dongkou_staff, dongkou, dongkou_units)) for _ in range(3)]
    barrier, results, errors = threading.Barrier(2), [], []

    def worker():
        try:
            barrier.wait()
            results.append(ballots_sweep())
        except Exception as exc:  # pragma: no cover - surfaced below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)

    assert not errors
    assert sum(r["closed"] for r in results) == 3
    for ballot in ballots:
        assert ItemResult.objects.filter(ballot=ballot).count() == 3
    # one "results ready" notice per ballot for the member of staff, not two
    assert Notification.objects.filter(recipient=dongkou_staff, kind="ballot_results").count() == 3


# --- the reminder a day before closing ---------------------------------------------------------


def test_voters_who_have_not_voted_are_reminded_once_within_24_hours_of_closing(
    dongkou_staff, voters, dongkou_units, dongkou
):
    for d in voters:
        d.user.phone = f"1380000000{d.pk % 10}"
        d.user.save(update_fields=["phone"])
    ballot = closing_in(rating_ballot(dongkou_staff, dongkou, dongkou_units), hours=20)
    vote_all(ballot, voters[:1])
    MemoryBackend.outbox.clear()

    assert ballots_sweep() == {"closed": 0, "reminded": 1}
    assert ballots_sweep() == {"closed": 0, "reminded": 0}

    reminded = Notification.objects.filter(kind="vote_reminder")
    assert sorted(n.recipient_id for n in reminded) == sorted(d.user_id for d in voters[1:])
    note = reminded.first()
    assert ballot.title in note.title and note.link == f"/ballots/vote/{ballot.pk}/"
    assert SentReminder.objects.filter(
        object_key=f"ballots.ballot:{ballot.pk}", kind="vote_reminder", threshold="24h"
    ).exists()
    assert sorted(p for p, _ in MemoryBackend.outbox) == sorted(d.user.phone for d in voters[1:])


def test_no_reminder_while_closing_is_more_than_a_day_away_or_voting_not_yet_open(
    dongkou_staff, voters, dongkou_units, dongkou
):
    closing_in(rating_ballot(dongkou_staff, dongkou, dongkou_units), hours=30)
    rating_ballot(dongkou_staff, dongkou, dongkou_units, open_now=False)  # opens in an hour
    assert ballots_sweep()["reminded"] == 0
    assert not Notification.objects.filter(kind="vote_reminder").exists()


def test_no_reminder_when_everyone_has_voted_and_none_to_deputies_outside_the_electorate(
    dongkou_staff, voters, dongkou_units, dongkou, linwu
):
    make_deputy(linwu, "临武代表", username="linwu_deputy")
    ballot = closing_in(rating_ballot(dongkou_staff, dongkou, dongkou_units), hours=5)
    assert ballots_sweep()["reminded"] == 1
    assert not Notification.objects.filter(recipient__username="linwu_deputy").exists()

    other = closing_in(rating_ballot(dongkou_staff, dongkou, dongkou_units), hours=5)
    vote_all(other, voters)
    assert ballots_sweep()["reminded"] == 0
    assert Notification.objects.filter(kind="vote_reminder").count() == len(voters)
    assert ballot.pk != other.pk


@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrency needs PostgreSQL")
def test_two_workers_reminding_at_once_send_each_voter_one_reminder(
    dongkou_staff, voters, dongkou_units, dongkou
):
    closing_in(rating_ballot(dongkou_staff, dongkou, dongkou_units), hours=3)
    barrier, results = threading.Barrier(2), []

    def worker():
        try:
            barrier.wait()
            results.append(ballots_sweep()["reminded"])
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert sorted(results) == [0, 1]
    assert Notification.objects.filter(kind="vote_reminder").count() == len(voters)


@pytest.mark.celery_worker
@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="REDIS_URL is not set")
def test_a_real_celery_worker_on_redis_closes_a_due_ballot(
    dongkou_staff, voters, dongkou_units, dongkou
):

    ballot = past_due(rating_ballot(dongkou_staff, dongkou, dongkou_units))
    with real_worker():
        sweep_ballots.delay()
        wait_until(lambda: Ballot.objects.filter(pk=ballot.pk, status="closed").exists())
    assert Ballot.objects.get(pk=ballot.pk).status == "closed"
    assert ItemResult.objects.filter(ballot=ballot).count() == 3


def test_a_ballot_that_fails_to_count_stays_open_and_does_not_block_the_others(
    monkeypatch, dongkou_staff, voters, dongkou_units, dongkou
):
    broken, fine = (past_due(rating_ballot(dongkou_staff, dongkou, dongkou_units)) for _ in "ab")
    count = counting._count

    def failing_for_broken(ballot):
        if ballot.pk == broken.pk:
            raise RuntimeError("simulated failure while counting")
        return count(ballot)

    monkeypatch.setattr(counting, "_count", failing_for_broken)
    assert ballots_sweep()["closed"] == 1
    assert Ballot.objects.get(pk=broken.pk).status == "open"  # rolled back whole
    assert not ItemResult.objects.filter(ballot=broken).exists()
    assert Ballot.objects.get(pk=fine.pk).status == "closed"

    monkeypatch.undo()
    assert ballots_sweep()["closed"] == 1  # the next run closes it
    assert ItemResult.objects.filter(ballot=broken).count() == 3


def test_closing_by_hand_tells_the_other_staff_but_not_the_one_who_closed(
    dongkou_staff, voters, dongkou_units, dongkou
):

    colleague = make_user("dongkou_staff2", role="staff", region=dongkou.region_id)
    ballot = rating_ballot(dongkou_staff, dongkou, dongkou_units)
    ballot_close(actor=dongkou_staff, ballot=ballot)
    told = Notification.objects.filter(kind="ballot_results").values_list("recipient", flat=True)
    assert list(told) == [colleague.pk]
    log = AuditLog.objects.filter(model="ballots.Ballot", object_pk=str(ballot.pk)).latest("pk")
    assert log.after["closed_by"] == "staff"
