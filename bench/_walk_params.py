"""Realistic requests for every GET operation of the OpenAPI schema (bench/api_walk.py): each
query parameter gets a real value from the data (a county, a deputy, a station, a unit, this
year), each path parameter a real id of a record the staff of that county may see."""

import re
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urlencode

from django.apps import apps
from django.core.exceptions import FieldError
from django.db import connection

from bench._walk_accounts import COUNTY

# Binary or export answers: streamed files, background jobs of any size (issue 18 item 3).
EXPORT = re.compile(
    r"export|\.xlsx|/report\.|/file/|\.png|/download/|/template/|/sheet/|/evidence/"
)
STATISTICS = re.compile(
    r"stat|summary|report|coverage|dashboard/$|ranking|/tally/|/turnout/|/results/"
)
PREFERRED = ("serving", "assigned", "received", "open", "overdue", "quarter", "name", "issued")
TODAY = date.today()
Q_START = date(TODAY.year, (TODAY.month - 1) // 3 * 3 + 1, 1)
PERIOD_VALUE = {
    "quarter": f"{TODAY.year}-Q{(TODAY.month - 1) // 3 + 1}",
    "year": str(TODAY.year),
    "month": f"{TODAY:%Y-%m}",
}


@dataclass
class Case:
    op: str  # the schema path, e.g. /api/v1/deputies/{id}/
    role: str
    variant: str  # base, page N, q=name, filter status, ...
    url: str
    kind: str  # list, detail, search, statistics, export
    paginated_probe: bool = False  # compare query counts at page_size 5 and 50
    extra: dict = field(default_factory=dict)


def _one(sql: str, args=()) -> object:
    with connection.cursor() as cursor:
        cursor.execute(sql, args)
        row = cursor.fetchone()
    return row[0] if row else None


def sample_values() -> dict:
    """Real values from the data, once per run: one county and the records under it."""
    like = COUNTY + "%"
    deputy = _one(
        "SELECT d.id FROM representatives_deputy d JOIN congress_user u ON u.id = d.user_id"
        " WHERE u.username = 'walk_deputy'"
    ) or _one("SELECT id FROM representatives_deputy WHERE region_id LIKE %s ORDER BY id", [like])
    congress = _one("SELECT id FROM congress_congress WHERE region_id = %s", [COUNTY])
    name, initials = (
        _one("SELECT name FROM representatives_deputy WHERE id = %s", [deputy]),
        _one("SELECT name_initials FROM representatives_deputy WHERE id = %s", [deputy]),
    )
    title = _one("SELECT title FROM suggestions_suggestion WHERE region_id LIKE %s LIMIT 1", [like])
    return {
        "deputy": deputy,
        "congress": congress,
        "term": _one("SELECT id FROM congress_term WHERE congress_id = %s ORDER BY id DESC", [congress]),
        "session": _one(
            "SELECT s.id FROM congress_session s JOIN congress_term t ON t.id = s.term_id"
            " WHERE t.congress_id = %s ORDER BY s.id DESC", [congress],
        ),
        "station": _one(
            "SELECT id FROM liaison_stations_liaisonstation WHERE region_id LIKE %s ORDER BY id", [like]
        ),
        "unit": _one(
            "SELECT handling_unit_id FROM congress_user WHERE username = 'walk_unit'"
        ),
        "category": _one("SELECT id FROM suggestions_suggestioncategory ORDER BY id"),
        "group": _one("SELECT id FROM representatives_deputygroup WHERE region_id LIKE %s", [like]),
        "search": {
            "name": name or "王",
            "pinyin": (initials or "").lower() or None,
            "text": (title or "道路")[:4],
        },
    }  # fmt: skip


def query_value(name: str, schema: dict, values: dict, region: str) -> str | None:
    if name == "owner_unit":
        name = "unit"
    if "enum" in schema:
        enum = [e for e in schema["enum"] if e not in ("", None)]
        preferred = [e for e in PREFERRED if e in enum]
        return str(preferred[0] if preferred else enum[0]) if enum else None
    if name == "region":
        return region
    if name == "parent":
        return region
    if name in ("year",):
        return str(TODAY.year)
    if name in ("month",):
        return f"{TODAY:%Y-%m}"
    if name == "quarter":
        return str((TODAY.month - 1) // 3 + 1)
    if name in ("start", "due_from"):
        return Q_START.isoformat()
    if name in ("end", "due_to"):
        return TODAY.isoformat()
    if schema.get("type") == "boolean":
        return "false" if name == "confirmed" else "true"
    if name in values and not isinstance(values[name], dict):
        return None if values[name] is None else str(values[name])
    return None  # an id filter with nothing to fill: left out (reported as such)


def _model_for(op: str):
    """The model a `/.../<plural>/{id}/` path names: by its app and the singular of the segment."""
    parts = [p for p in op.split("/") if p and not p.startswith("{")]
    segments = parts[2:]  # after api, v1
    collection = re.sub(r"\{[^}]+\}/.*$", "", op).rstrip("/").split("/")[-1]
    singular = {"deputies": "deputy", "opinions": "opinion", "stations": "liaisonstation",
                "lists": "tasklist", "rounds": "evaluationround", "systems": "evaluationsystem",
                "relations": "contactrelation", "me": None}.get(collection, collection.rstrip("s"))  # fmt: skip
    app = segments[0] if segments else ""
    app = {"liaison": "liaison_stations", "deputies": "representatives", "performance": "representatives",
           "campaigns": "meetings", "me": "training"}.get(app, app)  # fmt: skip
    candidates = [
        m for m in apps.get_models() if singular and m._meta.model_name.endswith(singular)
    ]
    candidates.sort(key=lambda m: (m._meta.app_label != app, len(m._meta.model_name)))
    return candidates[0] if candidates else None


SCOPE_PATHS = ("region", "station__region", "deputy__region", "suggestion__region",
               "meeting__region", "project__region", "course__region")  # fmt: skip


def path_id(op: str, values: dict) -> str | None:
    """A real key for the path's record, inside the county when the record has a region."""
    if op.endswith("{code}/"):
        if "stations" in op:
            return _one("SELECT public_code FROM liaison_stations_liaisonstation WHERE id = %s",
                        [values["station"]])  # fmt: skip
        return COUNTY
    if "{tracking_code}" in op:
        return _one("SELECT tracking_code FROM liaison_stations_opinion ORDER BY id DESC LIMIT 1")
    if "{token}" in op:
        return _one("SELECT public_token FROM ballots_ballot WHERE public_token <> '' LIMIT 1")
    if "{year}" in op:
        return str(TODAY.year)
    if re.search(r"\{(attachment_id|rating_id)\}", op):
        return None
    if "/deputies/{id}/" in op or "/performance/deputies/{id}/" in op:
        return str(values["deputy"])
    if "/stations/{id}/" in op:
        return str(values["station"])
    model = _model_for(op)
    if model is None:
        return None
    names = {f.name for f in model._meta.get_fields()}
    rows = model._default_manager.order_by("-pk")
    for lookup in SCOPE_PATHS:
        if lookup.split("__")[0] in names:
            try:
                rows = rows.filter(**{lookup + "__code__startswith": COUNTY})
            except FieldError:  # e.g. a `region` that is a text field, or no region beyond
                continue
            break
    pk = rows.values_list("pk", flat=True).first()
    return None if pk is None else str(pk)


def kind_of(op: str, params: dict) -> str:
    if EXPORT.search(op):
        return "export"
    if STATISTICS.search(op):
        return "statistics"
    return "detail" if op.rstrip("/").endswith("}") or "{" in op else "list"


def url(path: str, query: dict) -> str:
    query = {k: v for k, v in query.items() if v is not None}
    return path + ("?" + urlencode(query) if query else "")


def base_query(operation: dict, values: dict, region: str) -> dict:
    query = {}
    for p in operation.get("parameters", []):
        if p["in"] == "query" and p.get("required"):
            query[p["name"]] = query_value(p["name"], p.get("schema", {}), values, region)
    if "period" in query:
        query["value"] = PERIOD_VALUE.get(query["period"], str(TODAY.year))
    if "list" in query and query["list"] is None:
        query["list"] = "visits"
    return query


def variants(operation: dict, values: dict, region: str) -> list[tuple[str, dict, str]]:
    """(variant, extra query, kind) beyond the base request: each search, then each filter."""
    out, searches = [], []
    for p in operation.get("parameters", []):
        name = p["name"]
        if (
            p["in"] != "query"
            or p.get("required")
            or name in ("page", "page_size", "offset", "limit")
        ):
            continue
        if name == "q":
            for how, text in values["search"].items():
                if text:
                    searches.append((f"q={how}", {"q": text}, "search"))
            continue
        value = query_value(name, p.get("schema", {}), values, region)
        out.append(
            (f"{name}={value}" if value is not None else f"{name}: no value", {name: value}, "")
        )
    return searches + out
