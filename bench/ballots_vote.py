"""Ballots benchmark: a 17-item satisfaction ballot, 300 deputies voting one after another and
then 300 more from 8 threads at once (every vote locks the ballot and touches all 51 counters),
and the beat sweep: once with nothing due, once closing and counting the ballot. Uses a throw-away test database (DATABASE_URL, PostgreSQL expected).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/h_ballots .venv/bin/python bench/ballots_vote.py
"""

import os
import sys
import threading
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "congress.settings.test")

import django  # noqa: E402

django.setup()

from django.db import connection, connections  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402


def main():
    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        run()
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def run():
    from ballots.models import Ballot
    from ballots.services.counting import ballots_sweep
    from ballots.services.setup import ballot_create, ballot_open
    from ballots.services.voting import ballot_vote
    from congress.models import Congress, HandlingUnit, Session, Term, User
    from congress.services import regions_load
    from representatives.models import Deputy, Mandate

    regions_load()
    congress = Congress.objects.get(region_id="431025")
    term = Term.objects.create(
        congress=congress, number=18, start_date=date(2021, 9, 28), end_date=date(2026, 9, 27)
    )
    session = Session.objects.create(
        term=term, number=5, start_date=date(2026, 1, 5), end_date=date(2026, 1, 8)
    )
    units = [
        HandlingUnit.objects.create(region_id="431025", name=f"临武县部门{n}") for n in range(17)
    ]
    deputies = Deputy.objects.bulk_create(
        Deputy(
            name=f"代表{n}",
            gender="M",
            birth_date=date(1970, 1, 1),
            affiliation="cpc",
            education="college",
            occupation="farmer",
            id_number=f"4310251970{n:08d}",
            region_id="431025",
        )
        for n in range(600)
    )
    Mandate.objects.bulk_create(
        Mandate(deputy=d, congress=congress, term=term, start_date=term.start_date)
        for d in deputies
    )
    actor = User.objects.create(username="bench", role="staff", region_id="431025")
    now = timezone.now()
    ballot = ballot_create(
        actor=actor,
        congress=congress,
        kind=Ballot.Kind.UNIT_RATING,
        title="bench",
        year=2026,
        opens_at=now - timedelta(minutes=1),
        closes_at=now + timedelta(hours=1),
        session=session,
        items=[{"handling_unit": u} for u in units],
    )
    ballot = ballot_open(actor=actor, ballot=ballot)
    items = list(ballot.items.values_list("id", flat=True))
    answers = {i: ("satisfied", "basic", "dissatisfied")[i % 3] for i in items}

    t = time.perf_counter()
    for d in deputies[:300]:
        ballot_vote(deputy=d, ballot=ballot, answers=answers)
    serial = time.perf_counter() - t
    print(
        f"sequential: 300 votes in {serial:.2f}s = {serial / 300 * 1000:.1f} ms/vote, {300 / serial:.0f} votes/s"
    )

    rest = deputies[300:]
    chunks = [rest[i::8] for i in range(8)]

    def worker(chunk):
        try:
            for d in chunk:
                ballot_vote(deputy=d, ballot=ballot, answers=answers)
        finally:
            connections.close_all()

    t = time.perf_counter()
    threads = [threading.Thread(target=worker, args=(c,)) for c in chunks]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    parallel = time.perf_counter() - t
    print(
        f"8 threads: 300 votes in {parallel:.2f}s = {300 / parallel:.0f} votes/s (votes on one ballot serialise on its row)"
    )

    t = time.perf_counter()
    swept = ballots_sweep()
    print(
        f"beat sweep, nothing due (one open ballot closing within 24h, no deputy accounts to "
        f"remind): {(time.perf_counter() - t) * 1000:.1f} ms {swept}"
    )
    Ballot.objects.filter(pk=ballot.pk).update(closes_at=timezone.now() - timedelta(seconds=1))
    t = time.perf_counter()
    swept = ballots_sweep()
    print(
        f"beat sweep closes and counts (17 items, 600 votes): "
        f"{(time.perf_counter() - t) * 1000:.0f} ms {swept}"
    )
    print("participations:", ballot.participations.count(), "on", connection.vendor)


if __name__ == "__main__":
    main()
