"""Migration operations shared by the apps' migrations.

Keep what is here importable for as long as a migration names it: migrations are history."""

from django.db import migrations


class PostgresSQL(migrations.RunSQL):
    """RunSQL on PostgreSQL only (pg_trgm, operator classes, partial and expression indexes,
    SQL functions); nothing on the demo's SQLite, which has none of them."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)
