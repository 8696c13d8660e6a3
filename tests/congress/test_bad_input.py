"""Bad input from outside is a 400 in the one error shape, never a 500 nor a silently ignored
filter: query parameters go through congress.params, NUL bytes stop at the middleware, JSON
bodies have a depth limit, and every route meets a view that takes its arguments."""

import inspect
from datetime import date

import pytest
from django.http import QueryDict
from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework import serializers

from congress import params
from congress.errors import ApplicationError
from congress.models import Congress
from tests.conftest import DONGKOU
from tests.dashboards.conftest import station, township

pytestmark = pytest.mark.django_db


def q(text: str) -> QueryDict:
    return QueryDict(text)


def refused(call) -> ApplicationError:
    with pytest.raises(params.InvalidParameter) as info:
        call()
    assert info.value.status == 400
    return info.value


# --- the helpers, one behaviour each ------------------------------------------------------


def test_query_int_reads_a_whole_number_within_its_bounds_and_defaults_when_absent():
    assert params.query_int(q("n=12"), "n", min=1, max=20) == 12
    assert params.query_int(q("n=-3"), "n", min=-5, max=5) == -3
    assert params.query_int(q(""), "n", min=1, max=20, default=7) == 7
    assert params.query_int(q("n="), "n", min=1, max=20, default=7) == 7


@pytest.mark.parametrize("raw", ["2.00001", "1e3", "true", "null", "１２", "12abc", "0x10"])
def test_query_int_refuses_what_is_not_a_whole_number(raw):
    error = refused(lambda: params.query_int({"n": raw}, "n", min=0, max=99))
    assert error.fields == {"n": ["请填写整数。"]}


def test_query_int_refuses_a_number_out_of_range_however_long():
    assert refused(lambda: params.query_int(q("n=21"), "n", min=1, max=20)).fields == {
        "n": ["不能大于 20。"]
    }
    assert refused(lambda: params.query_int(q("n=0"), "n", min=1, max=20)).fields == {
        "n": ["不能小于 1。"]
    }
    huge = "9" * 5000  # past Python's int() digit limit
    assert "n" in refused(lambda: params.query_int(q(f"n={huge}"), "n", min=1, max=20)).fields


def test_query_year_is_bounded():
    assert params.query_year(q("year=2026")) == 2026
    for raw in ("27630", "99999999999", "true", "1800"):
        assert "year" in refused(lambda raw=raw: params.query_year(q(f"year={raw}"))).fields


def test_query_id_is_a_positive_bigint():
    assert params.query_id(q("deputy=42"), "deputy") == 42
    assert params.query_id(q(f"deputy={2**63 - 1}"), "deputy") == 2**63 - 1
    for raw in ("0", "-1", str(2**63), "2.00001", "null", "99999999999999999999999"):
        error = refused(lambda raw=raw: params.query_id(q(f"deputy={raw}"), "deputy"))
        assert error.fields == {"deputy": ["应为记录的编号（正整数）。"]}


def test_query_bool_takes_true_false_1_0_and_nothing_else():
    assert params.query_bool(q("b=true"), "b") is True
    assert params.query_bool(q("b=0"), "b") is False
    assert params.query_bool(q(""), "b") is None
    assert refused(lambda: params.query_bool(q("b=maybe"), "b")).fields == {
        "b": ["应为 true 或 false。"]
    }


def test_query_choice_and_ordering_take_only_listed_values():
    assert params.query_choice(q("s=a"), "s", [("a", "A"), ("b", "B")]) == "a"
    assert refused(lambda: params.query_choice(q("s=c"), "s", ["a", "b"])).fields == {
        "s": ["请从列表中选择。"]
    }
    assert params.query_ordering(q("ordering=-name"), ["name", "-name"]) == "-name"
    assert "ordering" in refused(lambda: params.query_ordering(q("ordering=pk"), ["name"])).fields


def test_query_date_is_an_iso_day_within_the_years_allowed():
    assert params.query_date(q("d=2026-12-02"), "d") == date(2026, 12, 2)
    for raw in ("2026-13-01", "20261202", "9999-01-01", "yesterday"):
        assert "d" in refused(lambda raw=raw: params.query_date(q(f"d={raw}"), "d")).fields


def test_query_code_and_text_are_bounded():
    assert params.query_code(q("region=430525"), "region") == "430525"
    assert "region" in refused(lambda: params.query_code(q("region=43x"), "region")).fields
    assert params.query_text(q("q=+张三+"), "q") == "张三"
    assert "q" in refused(lambda: params.query_text(q("q=" + "字" * 101), "q")).fields


# --- the addresses that answered 500 or ignored the parameter -------------------------------

WRONG_QUERIES = [
    # year out of range: "year 27630 is out of range" / OverflowError
    ("/api/v1/performance/entries/?year=27630", "year"),
    ("/api/v1/suggestions/stats/units/?year=27630", "year"),
    ("/api/v1/suggestions/stats/regions/?year=27630", "year"),
    ("/api/v1/suggestions/report.xlsx?year=27630", "year"),
    ("/api/v1/performance/export/?year=27630", "year"),
    ("/api/v1/performance/export/?year=99999999999", "year"),
    # huge integers in id filters
    ("/api/v1/deputies/?term=99999999999999999999999", "term"),
    ("/api/v1/deputies/?congress=99999999999999999999999", "congress"),
    ("/api/v1/deputies/?group=99999999999999999999999", "group"),
    ("/api/v1/liaison/opinions/?station=99999999999999999999999", "station"),
    ("/api/v1/liaison/visits/?station=99999999999999999999999", "station"),
    ("/api/v1/liaison/visits/?deputy=99999999999999999999999", "deputy"),
    ("/api/v1/performance/entries/?deputy=99999999999999999999999", "deputy"),
    ("/api/v1/terms/?congress=99999999999999999999999", "congress"),
    # silently ignored until now
    ("/api/v1/deputies/?congress=null", "congress"),
    ("/api/v1/terms/?congress=null", "congress"),
    ("/api/v1/performance/entries/?year=true", "year"),
    ("/api/v1/evaluation/rounds/?year=true", "year"),
    ("/api/v1/liaison/visits/?deputy=2.00001", "deputy"),
    ("/api/v1/performance/entries/?deputy=2.00001", "deputy"),
    ("/api/v1/deputies/?ordering=password", "ordering"),
    ("/api/v1/deputies/?status=nonsense", "status"),
    ("/api/v1/suggestions/?year=abc", "year"),
    ("/api/v1/suggestions/?category=abc", "category"),
    ("/api/v1/liaison/opinions/?overdue=perhaps", "overdue"),
    ("/api/v1/notifications/?unread=perhaps", "unread"),
    ("/api/v1/deputies/?page_size=abc", "page_size"),
    ("/api/v1/deputies/?page=abc", "page"),
]


@pytest.mark.parametrize("url,field", WRONG_QUERIES)
def test_a_wrong_query_parameter_is_a_400_on_that_field(url, field, dongkou_staff, client_for):
    r = client_for(dongkou_staff).get(url)
    assert r.status_code == 400, (url, r.status_code)
    body = r.json()
    assert body["code"] == "invalid" and list(body["fields"]) == [field]
    assert body["fields"][field][0]  # a Chinese message on that field


def test_a_right_query_parameter_still_filters(dongkou_staff, client_for):
    congress = Congress.objects.get(region_id=DONGKOU)
    client = client_for(dongkou_staff)
    assert client.get(f"/api/v1/terms/?congress={congress.pk}").status_code == 200
    assert client.get("/api/v1/deputies/?ordering=-name&has_account=false").status_code == 200
    assert client.get("/api/v1/suggestions/stats/units/?year=2026").status_code == 200
    assert client.get("/api/v1/deputies/?page=last&page_size=200").status_code == 200


def test_a_page_view_answers_a_wrong_parameter_with_the_400_page(client):
    r = client.get("/track/", {"code": "X" * 41})
    assert r.status_code == 400


# --- NUL bytes, deep JSON ------------------------------------------------------------------

NUL_URLS = [
    "/s/AB%00CD/",  # public
    "/track/?code=AB%00CD",  # public
    "/api/v1/public/replies/?q=%00",  # public
    "/api/v1/public/stations/AB%00CD/",  # public
    "/api/v1/deputies/?q=%00",
    "/api/v1/handling-units/?region=43%00",
    "/api/v1/suggestions/paper/?q=a%00b",
    "/api/v1/performance/deputies/?q=%00",
]


@pytest.mark.parametrize("url", NUL_URLS)
def test_a_nul_byte_in_the_path_or_query_is_a_400(url, dongkou_staff, client_for):
    r = client_for(dongkou_staff).get(url)
    assert r.status_code == 400
    if url.startswith("/api/"):
        assert r.json()["code"] == "bad_request"


def test_a_nul_byte_in_the_session_cookie_is_a_400(client):
    client.cookies["sessionid"] = "abc\x00def"
    assert client.get("/api/v1/public/replies/").status_code == 400


@pytest.mark.parametrize("depth", [65, 5000])
def test_json_nested_too_deeply_is_a_400(depth, dongkou_staff, client_for):
    body = "[" * depth + "]" * depth
    r = client_for(dongkou_staff).generic(
        "POST", "/api/v1/notifications/", body, content_type="application/json"
    )
    assert r.status_code == 400
    assert r.json()["code"] == "parse_error"


def test_json_of_ordinary_depth_is_parsed(dongkou_staff, client_for):
    r = client_for(dongkou_staff).post("/api/v1/notifications/", {"ids": []}, format="json")
    assert r.status_code == 200


def test_a_body_that_is_not_an_object_is_a_400_not_a_500(dongkou_staff, client_for, regions):
    s = station(township(DONGKOU))
    url = f"/api/v1/liaison/stations/{s.pk}/checklist/"
    for body in ("null", "[]", '"items"'):
        r = client_for(dongkou_staff).generic("PUT", url, body, content_type="application/json")
        assert r.status_code == 400, body


# --- routes and views agree ------------------------------------------------------------------


def test_every_route_reaches_a_view_that_takes_its_arguments(dongkou_staff, client_for):
    """A URL with an argument that its view's method does not accept (or the other way round)
    raised TypeError on every call: the reply-attachment routes did."""

    def walk(patterns, prefix=""):
        for p in patterns:
            if isinstance(p, URLResolver):
                yield from walk(p.url_patterns, prefix + str(p.pattern))
            elif isinstance(p, URLPattern):
                yield prefix + str(p.pattern), p

    wrong = []
    for route, pattern in walk(get_resolver().url_patterns):
        view = getattr(pattern.callback, "view_class", None)
        if view is None or not hasattr(view, "http_method_names"):
            continue
        arguments = set(pattern.pattern.converters) | set(pattern.default_args)
        for method in view.http_method_names:
            handler = getattr(view, method, None)
            if handler is None or method in ("options", "head"):
                continue
            signature = inspect.signature(handler)
            if any(p.kind == p.VAR_KEYWORD for p in signature.parameters.values()):
                continue
            taken = {n for n in signature.parameters if n not in ("self", "request")}
            required = {
                n
                for n, p in signature.parameters.items()
                if n in taken and p.default is p.empty and p.kind != p.VAR_POSITIONAL
            }
            if not required <= arguments or not arguments <= taken:
                wrong.append((method.upper(), route, sorted(arguments), sorted(taken)))
    assert wrong == []


def test_the_reply_attachment_routes_answer_405_for_a_method_they_do_not_have(
    dongkou_staff, client_for
):
    client = client_for(dongkou_staff)  # refused for the method (403 or 405), never a TypeError
    assert client.post("/api/v1/suggestions/1/reply-attachments/2/").status_code in (403, 405)
    assert client.delete("/api/v1/suggestions/1/reply-attachments/").status_code in (403, 405)


# --- body fields --------------------------------------------------------------------------------


def test_an_integer_field_without_bounds_of_its_own_holds_only_a_bigint():
    field = serializers.IntegerField()
    assert field.run_validation(2**63 - 1) == 2**63 - 1
    with pytest.raises(serializers.ValidationError):
        field.run_validation(10**30)
    with pytest.raises(serializers.ValidationError):
        field.run_validation(-(2**63) - 1)
    assert serializers.IntegerField(max_value=5).max_value == 5  # a field's own bounds win


def test_huge_ids_in_a_body_are_a_400_on_that_field(dongkou_staff, client_for, regions):
    s = station(township(DONGKOU))
    r = client_for(dongkou_staff).post(
        f"/api/v1/liaison/stations/{s.pk}/members/",
        {"deputy_ids": [10**30], "group": 10**30, "start_date": "2026-01-01"},
        format="json",
    )
    assert r.status_code == 400
    assert set(r.json()["fields"]) >= {"deputy_ids", "group"}


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/ballots/official-reports/99999999999999999999999/file/",
        "/api/v1/suggestions/99999999999999999999999/attachments/99999999999999999999999/",
        "/deputies/99999999999999999999999/",
    ],
)
def test_an_id_in_the_path_beyond_a_bigint_is_a_404(url, dongkou_staff, client_for):
    """A foreign-key lookup with such a number overflowed SQLite's driver (a 500)."""
    assert client_for(dongkou_staff).get(url).status_code == 404
