"""Which writes mark which cells: a PostgreSQL statement trigger on every table a fact source
reads writes (metric, region) into dashboards_dirtycell, in the transaction of the write.

Triggers rather than Django signals, because every write path must mark: bulk_create, COPY,
queryset updates and imports send no signals, and a moved record must mark the region it left
(the trigger sees the old rows too). The trigger SQL is derived from the sources' own
querysets: the query without its filters, with the changed table read from the statement's
transition rows (the base table, or a table joined for the region, month or key), gives the
regions whose rows may have changed. Filters that read a table in a subquery are declared in
FactSource.marks; any other table such a filter reads marks the whole metric ("*").
Installed after every migrate (apps.ready), reinstalled only when the SQL changed."""

import hashlib
import re
from collections import defaultdict

from django.apps import apps
from django.db import connections
from django.db.models import F
from django.db.models.sql.where import WhereNode

from congress.dashboards.facts import sources
from congress.dashboards.models import DirtyCell, Fact

OWN = {Fact._meta.db_table, DirtyCell._meta.db_table}
# The main query's FROM or JOIN of a table: its own name or a T<n> alias, never a subquery's U<n>.
READ = r'(FROM|INNER JOIN|LEFT OUTER JOIN) "{table}"( T\d+)?(?= |\)|$)'


def _literal(connection, qs) -> str:
    sql, params = qs.query.sql_with_params()
    return connection.ops.compose_sql(sql, params)


def _unfiltered(qs):
    qs = qs.all()
    # Joins made for a filter stay (their tables still mark); only the conditions go, so a
    # record that leaves the counted set marks the cells it leaves.
    qs.query.where = WhereNode()
    return qs


def _read_from(sql: str, table: str, rows: str) -> list[str]:
    """Each variant of `sql` with one read of `table` taken from the transition rows instead."""
    out = []
    for m in re.finditer(READ.format(table=re.escape(table)), sql):
        alias = (m.group(2) or "").strip() or f'"{table}"'
        # An outer join of the few changed rows would keep every other row: inner.
        verb = "FROM" if m.group(1) == "FROM" else "INNER JOIN"
        out.append(f"{sql[: m.start()]}{verb} {rows} AS {alias}{sql[m.end() :]}")
    return out


def _regions(sql: str) -> str:
    return f"SELECT DISTINCT s.fact_r FROM ({sql}) s WHERE s.fact_r IS NOT NULL"


def plan(using: str = "default") -> dict[str, dict[str, set[str]]]:
    """{table: {region SQL with {rows} for the transition rows, or "*": metrics}}."""
    connection = connections[using]
    tables = {m._meta.db_table for m in apps.get_models() if m._meta.managed}
    out: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for group in sources().values():
        for source in group:
            built = source.build()
            handled = set()
            for qs in built if isinstance(built, list | tuple) else [built]:
                sql = _literal(connection, _unfiltered(qs))
                for table in tables:
                    for variant in _read_from(sql, table, "{rows}"):
                        out[table][_regions(variant)].add(source.metric)
                        handled.add(table)
            for model, path in source.marks:
                region = F(path) if isinstance(path, str) else path
                base = model._base_manager.annotate(fact_r=region).values("fact_r")
                table = model._meta.db_table
                variant = _read_from(_literal(connection, base), table, "{rows}")[0]
                out[table][_regions(variant)].add(source.metric)
                handled.add(table)
            for qs in built if isinstance(built, list | tuple) else [built]:
                full = _literal(connection, qs)
                for table in tables:
                    if table not in handled and f'"{table}"' in full:
                        out[table]["*"].add(source.metric)
    for table in OWN:
        out.pop(table, None)
    return out


def _function(name: str, marks: dict[str, set[str]]) -> str:
    def inserts(rows: str) -> str:
        parts = []
        for sql, metrics in sorted(marks.items()):
            names = ", ".join(f"'{m}'" for m in sorted(metrics))
            if sql == "*":
                parts.append(
                    "INSERT INTO dashboards_dirtycell (metric, region) SELECT m.metric, '*' "
                    f"FROM unnest(ARRAY[{names}]::varchar[]) m(metric) "
                    f"WHERE EXISTS (SELECT 1 FROM {rows});"
                )
            else:
                parts.append(
                    "INSERT INTO dashboards_dirtycell (metric, region) SELECT m.metric, x.fact_r "
                    f"FROM ({sql.replace('{rows}', rows)}) x "
                    f"CROSS JOIN unnest(ARRAY[{names}]::varchar[]) m(metric);"
                )
        return "\n    ".join(parts)

    # A mark that fails must not fail the write: it marks everything (the next fold rebuilds).
    return f"""CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $dash$
BEGIN
  IF TG_OP <> 'DELETE' THEN
    {inserts("dash_new")}
  END IF;
  IF TG_OP <> 'INSERT' THEN
    {inserts("dash_old")}
  END IF;
  RETURN NULL;
EXCEPTION WHEN OTHERS THEN
  RAISE WARNING 'dashboard marks on %: %', TG_TABLE_NAME, SQLERRM;
  INSERT INTO dashboards_dirtycell (metric, region) VALUES ('*', '*');
  RETURN NULL;
END $dash$"""


def script(using: str = "default") -> list[str]:
    statements = []
    for table, marks in sorted(plan(using).items()):
        name = "dash_mark_" + hashlib.md5(table.encode()).hexdigest()[:12]
        statements.append(_function(name, marks))
        for suffix, event, refs in (
            ("ins", "INSERT", "NEW TABLE AS dash_new"),
            ("upd", "UPDATE", "OLD TABLE AS dash_old NEW TABLE AS dash_new"),
            ("del", "DELETE", "OLD TABLE AS dash_old"),
        ):
            statements.append(
                f'CREATE TRIGGER dash_mark_{suffix} AFTER {event} ON "{table}" '
                f"REFERENCING {refs} FOR EACH STATEMENT EXECUTE FUNCTION {name}()"
            )
    return statements


def install(using: str = "default", **kwargs) -> bool:
    """(Re)create the triggers when their SQL changed; True when it did. post_migrate handler."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        return False
    statements = script(using)
    version = hashlib.sha1("\n".join(statements).encode()).hexdigest()
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regproc('dash_marks_version') IS NOT NULL")
        if cursor.fetchone()[0]:
            cursor.execute("SELECT dash_marks_version()")
            if cursor.fetchone()[0] == version:
                return False
        cursor.execute(
            "SELECT tgrelid::regclass::text, tgname FROM pg_trigger WHERE tgname LIKE %s",
            ["dash\\_mark\\_%"],
        )
        for table, trigger in cursor.fetchall():
            cursor.execute(f"DROP TRIGGER {trigger} ON {table}")
        # Writers take the table's lock in the meantime; statements already written wait.
        for statement in statements:
            cursor.execute(statement)
        cursor.execute(
            "CREATE OR REPLACE FUNCTION dash_marks_version() RETURNS text LANGUAGE sql "
            f"IMMUTABLE AS $$ SELECT '{version}'::text $$"
        )
    return True
