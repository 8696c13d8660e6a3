"""Reminder sweep benchmark: 300,000 open suggestions (assigned, signed, re-handling) with reply
deadlines spread from 90 days overdue to 180 days ahead, plus 20,000 replied ones awaiting a
rating and 10,000 commitments, written with INSERT … SELECT generate_series into a throw-away
test database (nothing is kept). Times three sweeps: the first (cold ledger, every reminder due
today is sent), a second the same day (everything already sent: the steady state of an hourly
beat), and the next day's (only the new thresholds). Target: each run ≤ 10 s.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/h_suggestions .venv/bin/python bench/suggestions_sweep.py
"""

import os
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "congress.settings.test")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

OPEN = int(os.environ.get("BENCH_OPEN", 300_000))
REPLIED, COMMITMENTS = OPEN // 15, OPEN // 30


def main():
    if connection.vendor != "postgresql":
        sys.exit("PostgreSQL expected: set DATABASE_URL=postgres://…")
    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        run()
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def setup():
    from congress.models import Congress, HandlingUnit, Role, Term, User
    from congress.services import regions_load
    from representatives.models import Deputy, Mandate

    regions_load()
    congress = Congress.objects.get(region_id="430525")
    term = Term.objects.create(
        congress=congress, number=18, start_date=date(2021, 9, 28), end_date=date(2026, 9, 27)
    )
    units = [
        HandlingUnit.objects.create(name=f"洞口县第{i}局", region_id="430525") for i in range(22)
    ]
    for unit in units:
        User.objects.create(username=f"unit{unit.pk}", role=Role.HANDLING_UNIT, handling_unit=unit)
    User.objects.create(username="staff", role=Role.STAFF, region_id="430525")
    leader = User.objects.create(username="leader", role=Role.SUPERVISOR, region_id="430525")
    deputies = []
    for i in range(200):
        user = User.objects.create(username=f"deputy{i}", role=Role.DEPUTY)
        deputy = Deputy.objects.create(
            name=f"代表{i}", gender="F", birth_date=date(1970, 1, 1), affiliation="cpc",
            education="bachelor", occupation="farmer", id_number=f"4305251970010{i:05d}",
            region_id="430525", user=user,
        )  # fmt: skip
        Mandate.objects.create(
            deputy=deputy, congress=congress, term=term, start_date=term.start_date
        )
        deputies.append(deputy.pk)
    return congress, term, [u.pk for u in units], leader.pk, deputies


def generate(congress, term, units, leader_id, deputies):
    from suggestions.models import ResultClass, SuggestionCategory

    category = SuggestionCategory.objects.first().pk
    result_b = ResultClass.objects.get(code="B").pk
    units_array = "ARRAY[" + ",".join(map(str, units)) + "]"
    deputies_array = "ARRAY[" + ",".join(map(str, deputies)) + "]"
    with connection.cursor() as c:
        c.execute(
            f"""
            INSERT INTO suggestions_suggestion (congress_id, term_id, period, region_id,
              category_id, title, body, lead_deputy_id, status, is_key, leading_leader_id,
              overseeing_committee, broad_scope, round, reply_due, similar_ids, created_at,
              updated_at, submitted_at, accepted_at, assigned_at, replied_at)
            SELECT %s, %s, 'between', '430525', %s, '关于第' || g || '号事项的建议', '内容',
              ({deputies_array})[1 + g %% {len(deputies)}],
              CASE WHEN g > {OPEN} THEN 'replied' WHEN g %% 3 = 0 THEN 'assigned'
                   WHEN g %% 3 = 1 THEN 'signed' ELSE 'rehandling' END,
              g %% 50 = 0, CASE WHEN g %% 50 = 0 THEN %s END, '', false, 1,
              CURRENT_DATE + (g %% 270 - 90), '[]', now(), now(), now(), now(),
              now() - interval '1 day' * (g %% 60),
              CASE WHEN g > {OPEN} THEN now() - interval '1 day' * (g %% 40) END
            FROM generate_series(1, {OPEN + REPLIED}) g
            """,
            [congress.pk, term.pk, category, leader_id],
        )
        c.execute(
            f"""
            INSERT INTO suggestions_assignment (suggestion_id, unit_id, role, assigned_at,
              reply_due, sign_due, return_until, signed_at, opinion, return_reason, is_active)
            SELECT s.id, ({units_array})[1 + s.id %% {len(units)}], 'lead', s.assigned_at,
              s.reply_due, s.reply_due - 88, s.reply_due - 82,
              CASE WHEN s.status = 'assigned' THEN NULL ELSE now() END, '', '', true
            FROM suggestions_suggestion s
            """,
            [],
        )
        c.execute(
            f"""
            INSERT INTO suggestions_reply (suggestion_id, unit_id, round, result_class_id, body,
              replied_by_id, replied_at, on_time, public_body)
            SELECT s.id, ({units_array})[1 + s.id %% {len(units)}], 1, %s, '答复', %s,
              s.replied_at, true, ''
            FROM suggestions_suggestion s WHERE s.status = 'replied'
            """,
            [result_b, leader_id],
        )
        c.execute(
            f"""
            INSERT INTO suggestions_commitment (reply_id, suggestion_id, what, due_date, note)
            SELECT r.id, r.suggestion_id, '承诺事项', CURRENT_DATE + (r.id %% 60 - 20)::int, ''
            FROM suggestions_reply r ORDER BY r.id LIMIT {COMMITMENTS}
            """,
            [],
        )
        c.execute("ANALYZE")


def timed(label: str, today: date):
    from suggestions import reminders

    started = time.perf_counter()
    counts = reminders.sweep(today=today)
    elapsed = time.perf_counter() - started
    print(f"{label:<44} {elapsed:6.2f} s   sent {sum(counts.values()):>7,}  {counts}")
    return elapsed


def run():
    from django.utils import timezone

    from congress import celery  # noqa: F401 - the app, so that delivery is queued, not run
    from congress.celery import app
    from congress.models import Notification

    # Email delivery is a separate task queued after each batch commits; the benchmark times
    # the sweep, so the tasks go to an in-memory broker instead of running inline.
    app.conf.update(task_always_eager=False, broker_url="memory://")
    started = time.perf_counter()
    generate(*setup())
    print(f"generated {OPEN:,} open + {REPLIED:,} replied suggestions, {COMMITMENTS:,} "
          f"commitments in {time.perf_counter() - started:.1f} s")  # fmt: skip
    today = timezone.localdate()
    first = timed("sweep 1 (cold ledger, all due today)", today)
    second = timed("sweep 2 (same day, everything already sent)", today)
    third = timed("sweep 3 (next day: new thresholds only)", today + timedelta(days=1))
    print(f"notifications written: {Notification.objects.count():,}")
    worst = max(first, second, third)
    print(f"RESULT: worst sweep {worst:.2f} s over {OPEN:,} open suggestions "
          f"({'within' if worst <= 10 else 'OVER'} the 10 s target)")  # fmt: skip


if __name__ == "__main__":
    main()
