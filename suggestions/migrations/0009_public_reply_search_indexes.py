"""Trigram (pg_trgm) GIN indexes for the public replies page's search, PostgreSQL only.

It searches `public_title` and `public_body` with icontains (`UPPER(col) LIKE UPPER('%q%')`)
among the published replies only: two partial indexes on those expressions hold just those.
Nothing on the demo's SQLite (tests/suggestions/test_search_indexes.py checks them)."""

from django.db import migrations

from congress.migration_ops import PostgresSQL


class Migration(migrations.Migration):
    dependencies = [("suggestions", "0008_search_indexes")]

    operations = [
        PostgresSQL(
            "CREATE INDEX reply_public_title_trgm_idx ON suggestions_reply "
            "USING gin ((UPPER(public_title::text)) gin_trgm_ops) WHERE disclosure = 'published'",
            "DROP INDEX IF EXISTS reply_public_title_trgm_idx",
        ),
        PostgresSQL(
            "CREATE INDEX reply_public_body_trgm_idx ON suggestions_reply "
            "USING gin ((UPPER(public_body)) gin_trgm_ops) WHERE disclosure = 'published'",
            "DROP INDEX IF EXISTS reply_public_body_trgm_idx",
        ),
    ]
