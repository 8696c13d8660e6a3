"""The typed API contract (issue 16 item 4): every operation of the OpenAPI schema names its
request and response shapes, pages are documented as pages, files by their content type, and
the error answers in the one shape (congress.schema.ErrorSerializer).

One test per app, so each owner sees their own offenders as `METHOD path: what is wrong`."""

import inspect
import re
from functools import cache

import pytest
from drf_spectacular.generators import SchemaGenerator

APPS = [
    "congress",
    "dashboards",
    "representatives",
    "suggestions",
    "liaison_stations",
    "evaluation",
    "ballots",
    "meetings",
    "training",
    "filings",
    "supervision",
    "contacts",
    "worktasks",
]
ERROR_REF = "#/components/schemas/Error"
JSON = re.compile(r"^application/(.+\+)?json$")


def app_of(view) -> str:
    """The app that owns a view, by its module (congress.dashboards → dashboards; the ballots
    app is `ballots` wherever its package sits)."""
    parts = type(view).__module__.split(".")
    if parts[:2] == ["congress", "dashboards"]:
        return "dashboards"
    if "ballots" in parts:
        return "ballots"
    if parts[0] == "drf_spectacular":
        return "congress"  # the schema's own view, routed by congress/urls.py
    return parts[0]


@cache
def generated():
    """(schema, {(method, path): view}) as `manage.py spectacular` generates them."""
    generator = SchemaGenerator()
    schema = generator.get_schema(request=None, public=True)
    views = {
        (method.lower(), path): view
        for path, _regex, method, view in generator._get_paths_and_endpoints()
    }
    return schema, views


def resolve(schema: dict | None, components: dict) -> dict | None:
    while schema and "$ref" in schema:
        schema = components.get(schema["$ref"].rsplit("/", 1)[-1])
    return schema


def untyped(schema: dict | None, components: dict) -> bool:
    """No schema, or a bare object: no properties, no typed map (`additionalProperties` with a
    schema of its own), no typed members; an array of such is untyped too."""
    schema = resolve(schema, components)
    if not schema:
        return True
    for key in ("allOf", "oneOf", "anyOf"):
        if key in schema:
            return any(untyped(member, components) for member in schema[key])
    kind = schema.get("type")
    if kind == "array":
        return untyped(schema.get("items"), components)
    if kind not in (None, "object"):
        return False
    if schema.get("properties"):
        return False
    values = schema.get("additionalProperties")
    return not (isinstance(values, dict) and values and not untyped(values, components))


def error_shaped(schema: dict | None, components: dict) -> bool:
    """The one error shape (congress.schema.ErrorSerializer), or one that extends it (an import
    refused with its bad rows listed)."""
    if schema and schema.get("$ref") == ERROR_REF:
        return True
    properties = (resolve(schema, components) or {}).get("properties") or {}
    return {"code", "message", "fields"} <= set(properties)


def handler_paginates(view, method: str) -> bool:
    """The view's handler calls `self.paginate(...)` (DomainAPIView), which drf-spectacular
    cannot see: its documentation must be the page envelope (`congress.schema.paginated`)."""
    handler = getattr(type(view), getattr(view, "action", None) or method, None)
    if handler is None:
        return False
    try:
        source = inspect.getsource(inspect.unwrap(handler))
    except (OSError, TypeError):
        return False
    return ".paginate(" in source


def operation_offences(method, path, operation, view, components) -> list[str]:  # noqa: C901
    found = []
    for media, body in (operation.get("requestBody") or {}).get("content", {}).items():
        if untyped(body.get("schema"), components):
            found.append(f"untyped request body ({media})")
    responses = operation.get("responses", {})
    for code, response in responses.items():
        if not code.startswith("2") or code == "204":
            continue
        content = response.get("content")
        if not content:
            found.append(f"{code} has no response schema (use 204 for no body)")
            continue
        for media, body in content.items():
            schema = resolve(body.get("schema"), components) or {}
            if schema.get("format") == "binary":
                if JSON.match(media) or media == "*/*":
                    found.append(f"{code} file download documented as {media}: name its type")
            elif untyped(schema, components):
                found.append(f"untyped {code} response ({media})")
            elif JSON.match(media) and handler_paginates(view, method):
                if "results" not in (schema.get("properties") or {}):
                    found.append(f"{code} paginated list documented as a plain array")
    needed = []
    if {} not in operation.get("security", [{}]):
        needed += ["401", "403"]
    if "{" in path:
        needed.append("404")
    missing = [code for code in needed if code not in responses]
    if missing:
        found.append(f"error answers missing: {', '.join(missing)}")
    for code, response in responses.items():
        if not code.startswith("4"):
            continue
        bodies = response.get("content", {}).values()
        if not bodies or not all(error_shaped(body.get("schema"), components) for body in bodies):
            found.append(f"{code} not in the one error shape (congress.schema.errors)")
    return found


@cache
def offenders() -> dict[str, list[str]]:
    schema, views = generated()
    components = schema.get("components", {}).get("schemas", {})
    by_app: dict[str, list[str]] = {}
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            view = views.get((method, path))
            app = app_of(view) if view is not None else "congress"
            for offence in operation_offences(method, path, operation, view, components):
                by_app.setdefault(app, []).append(f"{method.upper()} {path}: {offence}")
    return by_app


@pytest.mark.parametrize("app", APPS)
def test_every_operation_of_the_app_is_typed(app):
    found = offenders().get(app, [])
    assert not found, f"{len(found)} untyped in {app}:\n" + "\n".join(found)


def test_every_operation_belongs_to_a_known_app():
    assert set(offenders()) <= set(APPS)
    _schema, views = generated()
    assert {app_of(view) for view in views.values()} <= set(APPS)


# --- the checker itself -----------------------------------------------------------------------


def test_a_bare_object_is_untyped_and_properties_or_a_typed_map_are_not():
    components = {"Out": {"type": "object", "properties": {"id": {"type": "integer"}}}}
    assert untyped({"type": "object", "additionalProperties": {}}, components)
    assert untyped({"type": "object"}, components)
    assert untyped(None, components)
    assert untyped({"type": "array", "items": {"type": "object"}}, components)
    assert not untyped({"$ref": "#/components/schemas/Out"}, components)
    assert not untyped({"type": "array", "items": {"$ref": "#/components/schemas/Out"}}, components)
    assert not untyped({"type": "object", "additionalProperties": {"type": "integer"}}, components)
    assert not untyped({"type": "integer"}, components)


def test_an_operation_without_its_error_answers_or_with_a_json_file_is_an_offender():
    operation = {
        "security": [{"cookieAuth": []}],
        "responses": {
            "200": {
                "content": {"application/json": {"schema": {"type": "string", "format": "binary"}}}
            },
            "400": {"content": {"application/json": {"schema": {"type": "object"}}}},
        },
    }
    found = operation_offences("get", "/x/{id}/", operation, None, {})
    assert found == [
        "200 file download documented as application/json: name its type",
        "error answers missing: 401, 403, 404",
        "400 not in the one error shape (congress.schema.errors)",
    ]


def test_the_schema_adds_401_403_to_login_operations_and_404_to_path_parameters():
    schema, _views = generated()
    me = schema["paths"]["/api/v1/me/"]["get"]["responses"]
    assert {"401", "403"} <= set(me) and "404" not in me
    assert me["403"]["content"]["application/json"]["schema"]["$ref"] == ERROR_REF
    region = schema["paths"]["/api/v1/regions/{code}/"]["get"]["responses"]
    assert {"401", "403", "404"} <= set(region)
