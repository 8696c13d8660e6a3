"""A GIN index of each deputy name's one- and two-character pieces, PostgreSQL only.

A trigram index cannot serve `name LIKE '%张%'` or `'%小明%'` (fewer than three characters have
no trigram), and a surname or a two-character name is the most common search of the register.
`deputy_name_pieces(name)` is the set of the name's substrings of length 1 and 2, so
`deputy_name_pieces(name) @> ARRAY['小明']` holds exactly when the name contains 小明, and is
read from this index (representatives/selectors/register.py: name_match). Nothing on SQLite."""

from django.db import migrations

from congress.migration_ops import PostgresSQL

PIECES = """
CREATE OR REPLACE FUNCTION deputy_name_pieces(name text) RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT coalesce(array_agg(DISTINCT piece), '{}') FROM (
        SELECT substr(name, i, 1) FROM generate_series(1, char_length(name)) AS i
        UNION ALL
        SELECT substr(name, i, 2) FROM generate_series(1, char_length(name) - 1) AS i
    ) AS pieces(piece)
$$
"""


class Migration(migrations.Migration):
    dependencies = [("representatives", "0004_search_indexes")]

    operations = [
        PostgresSQL(PIECES, "DROP FUNCTION IF EXISTS deputy_name_pieces(text)"),
        PostgresSQL(
            "CREATE INDEX deputy_name_pieces_idx ON representatives_deputy "
            "USING gin (deputy_name_pieces(name))",
            "DROP INDEX IF EXISTS deputy_name_pieces_idx",
        ),
    ]
