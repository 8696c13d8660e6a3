"""What every part of bench/generate.py shares: the column lists it writes (checked against the
migrated schema before any work), COPY from memory, and the load-time index and FK switch."""

import io
import random
import time
from contextlib import contextmanager
from datetime import date, timedelta

TODAY = date.today()
START = date(2021, 10, 1)  # the data spans the current terms: about five years
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
NULL = "\\N"
BENCH_PASSWORD = "Bench#2026x"
TARGETS = {
    "deputies": 200_000,
    "stations": 4_400,
    "visits": 2_500_000,
    "suggestions": 300_000,
    "opinions": 50_000,
    "events": 25_000,
}

# Every table the generator writes and the columns it fills, in the order of its rows. A NOT NULL
# column without a database default that is missing here stops the run before it starts.
COLUMNS = {
    "congress_term": ["congress_id", "number", "start_date", "end_date"],
    "congress_handlingunit": ["name", "region_id", "kind", "contact_name", "contact_phone", "is_active"],
    "congress_user": ["id", "password", "is_superuser", "username", "first_name", "last_name", "email",
                      "is_staff", "is_active", "date_joined", "name", "role", "region_id", "handling_unit_id",
                      "phone", "must_change_password"],
    "representatives_deputy": ["id", "name", "name_initials", "gender", "ethnicity", "birth_date", "affiliation",
                               "education", "occupation", "workplace", "post", "phone", "id_number", "photo",
                               "region_id", "user_id", "created_at", "updated_at"],
    "representatives_mandate": ["deputy_id", "congress_id", "term_id", "electoral_unit", "start_date", "end_date",
                                "status", "end_reason"],
    "liaison_stations_liaisonstation": ["id", "name", "kind", "region_id", "address", "latitude", "longitude",
                                        "contact_name", "contact_phone", "opening_rules", "photo", "rating",
                                        "is_public", "is_active", "public_code", "feed_token", "created_at"],
    "liaison_stations_stationmembership": ["station_id", "deputy_id", "start_date", "end_date"],
    "liaison_stations_stationvisit": ["deputy_id", "station_id", "date", "kind", "kind_other", "online",
                                      "people_received", "matters", "batch", "confirmed", "created_at"],
    "liaison_stations_opinion": ["station_id", "tracking_code", "source", "hotline_ref", "title", "content",
                                 "citizen_name", "citizen_phone", "status", "received_at", "due_date",
                                 "public_answer", "answered_at", "internal_note", "handler_reply"],
    "suggestions_suggestion": ["id", "congress_id", "term_id", "period", "region_id", "category_id", "title", "body",
                               "lead_deputy_id", "status", "is_key", "overseeing_committee", "broad_scope", "round",
                               "reply_due", "similar_ids", "created_at", "updated_at", "submitted_at", "accepted_at",
                               "assigned_at", "replied_at", "closed_at", "due_fallback", "review_stage"],
    "suggestions_assignment": ["suggestion_id", "unit_id", "role", "assigned_at", "reply_due", "sign_due",
                               "return_until", "signed_at", "opinion", "return_reason", "is_active",
                               "deadlines_fallback"],
    "suggestions_reply": ["id", "suggestion_id", "unit_id", "round", "result_class_id", "body", "replied_by_id",
                          "replied_at", "on_time", "public_body"],
    "suggestions_rating": ["reply_id", "deputy_id", "attitude", "result", "comment", "rated_at", "is_paper", "sheet"],
    "meetings_event": ["id", "kind", "title", "description", "region_id", "starts_at", "ends_at", "place", "online",
                       "online_link", "status", "requires_deputies", "requires_sign_out", "late_after_minutes",
                       "sign_in_key", "cancel_reason", "created_at", "updated_at", "closed_at"],
    "meetings_invitation": ["id", "event_id", "role", "deputy_id", "name", "organisation", "answer", "answer_reason",
                            "leave", "leave_note", "attendance", "created_at"],
    "meetings_signin": ["invitation_id", "event_id", "signed_in_at", "late", "method"],
    "training_course": ["id", "region_id", "year", "title", "kind", "mode", "audience", "hours", "description",
                        "status", "created_at", "updated_at"],
    "training_coursesession": ["course_id", "event_id", "hours", "lecturer_name", "topic", "created_at"],
    "training_material": ["id", "region_id", "course_id", "title", "kind", "file", "file_name", "content_type",
                          "size", "minutes", "created_at"],
    "training_studyplan": ["id", "region_id", "month", "title", "published_at", "created_at"],
    "training_studyitem": ["id", "plan_id", "course_id", "order", "title", "material_id", "min_minutes", "hours",
                           "pass_mark"],
    "training_studyassignment": ["plan_id", "deputy_id", "month", "finished_at"],
    "evaluation_archiveentry": ["deputy_id", "kind", "occurred_on", "title", "detail", "quantity", "source",
                                "source_key", "evidence", "evidence_file", "created_at", "updated_at"],
}  # fmt: skip
# The big tables: their secondary indexes and foreign keys are dropped for the load and rebuilt
# (and the keys validated) after it, which is several times faster than maintaining them per row.
BULK_TABLES = [
    "representatives_deputy", "representatives_mandate", "liaison_stations_stationmembership",
    "liaison_stations_stationvisit", "liaison_stations_opinion", "suggestions_suggestion",
    "suggestions_assignment", "suggestions_reply", "suggestions_rating", "meetings_event",
    "meetings_invitation", "meetings_signin", "training_studyassignment", "evaluation_archiveentry",
]  # fmt: skip


class SchemaMismatch(SystemExit):
    pass


def log(message: str, started: float | None = None) -> None:
    extra = f" ({time.monotonic() - started:.1f}s)" if started else ""
    print(f"  {message}{extra}", flush=True)


def check_schema(cur) -> None:
    """Stop, naming table and column, when the migrated schema wants a value the generator does not
    write (a NOT NULL column without a database default) or lacks a column it does write."""
    problems = []
    for table, columns in COLUMNS.items():
        cur.execute(
            """SELECT column_name, is_nullable = 'NO' AND column_default IS NULL
                      AND is_identity = 'NO' AND is_generated = 'NEVER'
               FROM information_schema.columns WHERE table_schema = 'public' AND table_name = %s""",
            [table],
        )
        have = dict(cur.fetchall())
        if not have:
            problems.append(f"{table}: no such table")
            continue
        problems += [f"{table}.{c}: NOT NULL without a default, not written" for c, required in have.items()
                     if required and c not in columns]  # fmt: skip
        problems += [
            f"{table}.{c}: written but not in the schema" for c in columns if c not in have
        ]
    if problems:
        raise SchemaMismatch(
            "bench/generate.py does not match the migrated schema; update COLUMNS in "
            "bench/_gen_common.py and the rows that fill them:\n  " + "\n  ".join(problems)
        )


def copy(cur, table: str, rows, chunk: int = 100_000) -> int:
    """COPY rows (tuples of text in COLUMNS[table] order) from memory, `chunk` rows at a time."""
    columns = COLUMNS[table]
    quoted = ", ".join(f'"{c}"' for c in columns)  # "order" is a keyword
    sql = f"COPY {table} ({quoted}) FROM STDIN"
    total, lines = 0, []

    def flush():
        if lines:
            buffer = io.StringIO("\n".join(lines) + "\n")
            cur.copy_expert(sql, buffer)
            lines.clear()

    width = len(columns)
    for row in rows:
        if len(row) != width:
            raise ValueError(f"{table}: a row of {len(row)} values for {width} columns: {row!r}")
        lines.append("\t".join(row))
        total += 1
        if len(lines) >= chunk:
            flush()
    flush()
    return total


def set_sequence(cur, table: str) -> None:
    cur.execute(
        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), COALESCE((SELECT MAX(id) FROM {table}), 1))"
    )


def next_id(cur, table: str) -> int:
    cur.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {table}")
    return cur.fetchone()[0]


@contextmanager
def bulk_load(cur, tables: list[str] = BULK_TABLES):
    """Drop the secondary indexes and foreign keys of `tables`, and put them back afterwards:
    each index is built once from sorted data and each key validated in one pass, inside the
    same transaction, so nothing is skipped, only done in bulk. Their user triggers (the
    dashboard's cell marks) are off while loading."""
    cur.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no pending trigger events on tables we alter
    cur.execute(
        """SELECT c.conrelid::regclass::text, c.conname, pg_get_constraintdef(c.oid) FROM pg_constraint c
           WHERE c.contype = 'f' AND c.conrelid::regclass::text = ANY(%s) ORDER BY 1, 2""",
        [tables],
    )
    keys = cur.fetchall()
    cur.execute(
        """SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i
           WHERE i.indrelid::regclass::text = ANY(%s)
             AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
           ORDER BY 1""",
        [tables],
    )
    indexes = cur.fetchall()
    for table, name, _definition in keys:
        cur.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
    for name, _definition in indexes:
        cur.execute(f"DROP INDEX {name}")
    # The dashboard's statement triggers (congress/dashboards/marks.py) would mark every cell of
    # millions of loaded rows: the generator rebuilds all figures at its end instead.
    for table in tables:
        cur.execute(f"ALTER TABLE {table} DISABLE TRIGGER USER")
    yield
    for table in tables:
        cur.execute(f"ALTER TABLE {table} ENABLE TRIGGER USER")
    t0 = time.monotonic()
    cur.execute("SET LOCAL maintenance_work_mem = '256MB'")
    for _name, definition in indexes:
        cur.execute(definition)
    log(f"{len(indexes)} indexes rebuilt", t0)
    t0 = time.monotonic()
    for table, name, definition in keys:
        cur.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
    cur.execute("SET CONSTRAINTS ALL DEFERRED")
    log(f"{len(keys)} foreign keys restored and validated", t0)


TIMES = [f"{h:02d}:{m:02d}:00+08" for h in range(8, 19) for m in range(60)]  # office hours


def ts(day: date, rnd: random.Random) -> str:
    return f"{day.isoformat()} {TIMES[int(rnd.random() * len(TIMES))]}"


def rand_day(rnd: random.Random, start: date = START, end: date = TODAY) -> date:
    return start + timedelta(days=int(rnd.random() * ((end - start).days + 1)))


def between(rnd: random.Random, a: int, b: int) -> int:
    """rnd.randint, three times faster (it is called millions of times)."""
    return a + int(rnd.random() * (b - a + 1))


def pick(rnd: random.Random, seq):
    return seq[int(rnd.random() * len(seq))]


def code(rnd: random.Random, n: int) -> str:
    return "".join(rnd.choices(ALPHABET, k=n))


def scaled(n: float, scale: float, rnd: random.Random) -> int:
    """n × scale, rounded up or down at random so that small scales still add up."""
    x = n * scale
    return int(x) + (rnd.random() < x - int(x))
