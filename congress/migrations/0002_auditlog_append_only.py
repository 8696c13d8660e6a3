from django.db import migrations

FORBID = """
CREATE OR REPLACE FUNCTION congress_auditlog_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'congress_auditlog is append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER congress_auditlog_append_only
    BEFORE UPDATE OR DELETE ON congress_auditlog
    FOR EACH ROW EXECUTE FUNCTION congress_auditlog_append_only();
"""
ALLOW = """
DROP TRIGGER IF EXISTS congress_auditlog_append_only ON congress_auditlog;
DROP FUNCTION IF EXISTS congress_auditlog_append_only();
"""


def forbid(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORBID)


def allow(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(ALLOW)


class Migration(migrations.Migration):
    """The audit trail refuses UPDATE and DELETE at the database too (row triggers do not fire
    on TRUNCATE, which the test suite's flush uses)."""

    dependencies = [("congress", "0001_initial")]
    operations = [migrations.RunPython(forbid, allow)]
