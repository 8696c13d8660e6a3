"""专会交办 benchmark: a county with 3,000 past assigned suggestions (lead and co-units, texts as
in the demo), 500 accepted ones waiting; times the proposal table (the GET the page makes) and
the confirmation of all 500 in one request. Uses a throw-away test database (DATABASE_URL,
PostgreSQL expected).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/h_meet .venv/bin/python bench/suggestions_meeting.py
"""

import os
import random
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "congress.settings.test")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

PAST, WAITING = 3000, 500


def main():
    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        run()
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def setup():
    from importlib import import_module

    from django.apps import apps

    from congress.models import Congress, HandlingUnit, Role, Term, User
    from congress.services import regions_load
    from representatives.models import Deputy, Mandate
    from suggestions.demo import TOPICS
    from suggestions.models import Assignment, Suggestion, SuggestionCategory
    from suggestions.models import Status as S

    regions_load()
    import_module("suggestions.migrations.0002_default_lists").forwards(apps, None)
    congress = Congress.objects.get(region_id="430525")
    term = Term.objects.create(
        congress=congress, number=18, start_date=date(2021, 9, 28), end_date=date(2026, 9, 27)
    )
    suffixes = sorted({u for topics in TOPICS.values() for _t, _b, u in topics}) + [
        f"第{i}局" for i in range(20)
    ]
    units = {
        s: HandlingUnit.objects.create(name=f"洞口县{s}", region_id="430525") for s in suffixes
    }
    for unit in units.values():
        for k in range(3):
            User.objects.create(
                username=f"u{unit.pk}_{k}", role=Role.HANDLING_UNIT, handling_unit=unit
            )
    staff = User.objects.create(username="staff", role=Role.STAFF, region_id="430525")
    deputies = []
    for i in range(300):
        deputy = Deputy.objects.create(
            name=f"代表{i}", gender="F", birth_date=date(1970, 1, 1), affiliation="cpc",
            education="bachelor", occupation="farmer", id_number=f"4305251970010{i:05d}",
            region_id="430525",
        )  # fmt: skip
        Mandate.objects.create(
            deputy=deputy, congress=congress, term=term, start_date=term.start_date
        )
        deputies.append(deputy.pk)
    categories = {c.name: c for c in SuggestionCategory.objects.all()}
    rng = random.Random(7)
    towns = ["高沙镇", "竹市镇", "石江镇", "黄桥镇", "山门镇", "醪田镇", "花古街道", "水东镇"]

    def one(status, at):
        category = rng.choice([c for c in TOPICS if c in categories])
        title, body, unit = rng.choice(TOPICS[category])
        town = rng.choice(towns)
        return (
            Suggestion(
                congress=congress, term=term, period="between", region_id="430525",
                category=categories[category], title=title.format(town=town),
                body=body.format(town=town, name="李明"), lead_deputy_id=rng.choice(deputies),
                status=status, submitted_at=at, accepted_at=at,
            ),
            unit,
        )  # fmt: skip

    start = datetime(2022, 3, 1, 9, tzinfo=datetime.now().astimezone().tzinfo)
    past = [one(S.CLOSED, start + timedelta(hours=11 * i)) for i in range(PAST)]
    Suggestion.objects.bulk_create([s for s, _u in past], batch_size=1000)
    assignments = []
    for s, unit in past:
        kw = dict(
            assigned_at=s.accepted_at, sign_due=date(2026, 1, 1), return_until=date(2026, 1, 1)
        )
        assignments.append(Assignment(suggestion=s, unit=units[unit], role="lead", **kw))
        if rng.random() < 0.3:
            co = units[rng.choice(suffixes[-20:])]
            assignments.append(Assignment(suggestion=s, unit=co, role="co", **kw))
    Assignment.objects.bulk_create(assignments, batch_size=2000)
    waiting = [one(S.ACCEPTED, datetime.now().astimezone())[0] for _ in range(WAITING)]
    Suggestion.objects.bulk_create(waiting, batch_size=1000)
    return staff


def timed(label, fn):
    with CaptureQueriesContext(connection) as queries:
        began = time.perf_counter()
        result = fn()
        took = time.perf_counter() - began
    print(f"{label}: {took:.2f} s, {len(queries.captured_queries)} queries")
    return result


def run():
    from suggestions import meetings
    from suggestions.models import Assignment, History

    staff = setup()
    rows = timed(
        "pending list (500 rows)", lambda: list(meetings.pending(viewer=staff, filters={}))
    )
    proposed = timed("proposals for 500 rows over 3,000 past", lambda: meetings.proposals(rows))
    timed("proposals again (the region's index cached)", lambda: meetings.proposals(rows))
    similar = sum(1 for p in proposed.values() if p["basis"] == "similar")
    print(f"  proposals: {len(proposed)} ({similar} from similar suggestions)")
    fallback = meetings.meeting_units(viewer=staff, suggestions=rows)[0].pk
    payload = [
        {
            "suggestion": s.pk,
            "lead_unit": proposed.get(s.pk, {}).get("lead", fallback),
            "co_units": proposed.get(s.pk, {}).get("co", []),
        }
        for s in rows
    ]
    meeting = timed(
        "confirm a meeting of 500",
        lambda: meetings.meeting_confirm(
            actor=staff, title="交办会", held_on=date.today(), rows=payload
        ),
    )
    print(
        f"  assignments {Assignment.objects.filter(meeting=meeting).count()}, "
        f"history rows {History.objects.filter(note__startswith='专会交办').count()}"
    )


if __name__ == "__main__":
    main()
