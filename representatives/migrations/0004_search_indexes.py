"""Indexes for searching and ordering the register at province scale, PostgreSQL only.

Trigram (pg_trgm) GIN index on the name: `name LIKE '%王小%'` (the `q` filter) is read from the
index for three characters and more instead of scanning 200,000 rows. A pattern-ops btree on
the pinyin initials: `name_initials LIKE 'wxm%'` is a range on it (the database's collation is
not C, so the plain index cannot serve LIKE). A btree on (name_initials, name, id): the
register ordered by name (`ordering=name`, the province's deep pages) walks it instead of
sorting every row on disk.

The demo runs on SQLite, which has neither pg_trgm nor operator classes: these run only on
PostgreSQL (tests/representatives/test_search_indexes.py checks they exist there)."""

from django.db import migrations

from congress.migration_ops import PostgresSQL


class Migration(migrations.Migration):
    dependencies = [("representatives", "0003_invitations")]

    operations = [
        # left in place on reverse: other apps' indexes use it too
        PostgresSQL("CREATE EXTENSION IF NOT EXISTS pg_trgm", migrations.RunSQL.noop),
        PostgresSQL(
            "CREATE INDEX deputy_name_trgm_idx ON representatives_deputy "
            "USING gin (name gin_trgm_ops)",
            "DROP INDEX IF EXISTS deputy_name_trgm_idx",
        ),
        PostgresSQL(
            "CREATE INDEX deputy_initials_prefix_idx ON representatives_deputy "
            "(name_initials varchar_pattern_ops)",
            "DROP INDEX IF EXISTS deputy_initials_prefix_idx",
        ),
        PostgresSQL(
            "CREATE INDEX deputy_name_order_idx ON representatives_deputy "
            "(name_initials, name, id)",
            "DROP INDEX IF EXISTS deputy_name_order_idx",
        ),
    ]
