"""Trigram (pg_trgm) GIN indexes for the opinions' text search, PostgreSQL only.

The opinions' `q` is `title LIKE '%q%' OR content LIKE '%q%' OR tracking_code = Q`: with a
trigram index on each text (the code is unique, so indexed) the three are one BitmapOr of
index scans (three characters and more) instead of a scan of every opinion. Nothing on the
demo's SQLite (tests/liaison_stations/test_queue_indexes.py checks them on PostgreSQL)."""

from django.db import migrations

from congress.migration_ops import PostgresSQL


class Migration(migrations.Migration):
    dependencies = [("liaison_stations", "0004_queue_indexes")]

    operations = [
        PostgresSQL("CREATE EXTENSION IF NOT EXISTS pg_trgm", migrations.RunSQL.noop),
        PostgresSQL(
            "CREATE INDEX opinion_title_trgm_idx ON liaison_stations_opinion "
            "USING gin (title gin_trgm_ops)",
            "DROP INDEX IF EXISTS opinion_title_trgm_idx",
        ),
        PostgresSQL(
            "CREATE INDEX opinion_content_trgm_idx ON liaison_stations_opinion "
            "USING gin (content gin_trgm_ops)",
            "DROP INDEX IF EXISTS opinion_content_trgm_idx",
        ),
    ]
