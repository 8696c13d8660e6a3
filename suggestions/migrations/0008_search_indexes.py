"""Trigram (pg_trgm) GIN indexes for the board's text search, PostgreSQL only.

`q` is `title icontains q OR body icontains q`, which Django writes as
`UPPER(title::text) LIKE UPPER('%q%')`: the indexes are on those very expressions, so the two
sides are one BitmapOr of index scans (three characters and more) instead of reading all
300,000 suggestions. SQLite (the demo) has no pg_trgm: nothing is done there
(tests/suggestions/test_search_indexes.py checks they exist on PostgreSQL)."""

from django.db import migrations

from congress.migration_ops import PostgresSQL


class Migration(migrations.Migration):
    dependencies = [("suggestions", "0007_review_stage")]

    operations = [
        PostgresSQL("CREATE EXTENSION IF NOT EXISTS pg_trgm", migrations.RunSQL.noop),
        PostgresSQL(
            "CREATE INDEX suggestion_title_trgm_idx ON suggestions_suggestion "
            "USING gin ((UPPER(title::text)) gin_trgm_ops)",
            "DROP INDEX IF EXISTS suggestion_title_trgm_idx",
        ),
        PostgresSQL(
            "CREATE INDEX suggestion_body_trgm_idx ON suggestions_suggestion "
            "USING gin ((UPPER(body)) gin_trgm_ops)",
            "DROP INDEX IF EXISTS suggestion_body_trgm_idx",
        ),
    ]
