"""Error pages are Chinese, styled and offer a way back, with DEBUG=False; every answer under
/api/ (unknown address, wrong method, CSRF failure, refusal, unhandled exception) is the one JSON
error shape of congress.errors; no framework wording reaches a user."""

import inspect
import json
import pkgutil
import re
from importlib import import_module

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError as DjangoValidationError
from django.test import Client
from rest_framework import serializers
from rest_framework.exceptions import ErrorDetail, ParseError, ValidationError
from rest_framework.test import APIClient

from congress.errors import ApplicationError, _flatten, bad_request, csrf_failure, exception_handler
from congress.models import Role
from congress.registry import APP_ORDER
from suggestions.models import SuggestionCategory
from tests.conftest import make_user
from tests.dashboards.conftest import deputy as make_deputy

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def production_like(settings):
    settings.DEBUG = False


PAGE_PROPS = re.compile(r'<script id="page-props" type="application/json">(.*?)</script>', re.S)


def _is_error_page(response, status: int) -> str:
    """The page's text: for a signed-in user the console shell mounting core/ErrorPage (its
    words are the props it shows, with its links home and back); for anyone else, or when the
    shell cannot be drawn, the plain page."""
    assert response.status_code == status
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    if 'data-page="core/ErrorPage"' in html:
        assert 'id="shell-data"' in html  # inside the console: the user's menu
        props = json.loads(PAGE_PROPS.search(html)[1])
        assert props["status"] == status
        return " ".join(str(v) for v in props.values())
    assert 'data-testid="error-page"' in html
    assert "app/plain.css" in html  # the portal's look
    assert 'data-testid="error-home" href="/"' in html  # a way back
    return html


def _is_json_error(response, status: int, code: str) -> dict:
    assert response.status_code == status
    assert response["Content-Type"] == "application/json"
    body = json.loads(response.content)
    assert set(body) == {"code", "message", "fields"}
    assert body["code"] == code
    assert body["message"] and body["message"].isascii() is False  # Chinese, for the user
    return body


def test_an_unknown_page_is_the_chinese_404_page(client):
    html = _is_error_page(client.get("/no-such-page/"), 404)
    assert "页面不存在" in html
    assert "Not Found" not in html


def test_a_page_the_role_may_not_open_is_the_chinese_403_page(client_for, regions):
    deputy = make_user("some_deputy", role=Role.DEPUTY)
    html = _is_error_page(client_for(deputy).get("/deputies/"), 403)
    assert "没有权限" in html and "Forbidden" not in html


def test_the_403_page_offers_the_page_the_user_came_from(client_for, regions):
    deputy = make_user("some_deputy", role=Role.DEPUTY)
    client = client_for(deputy)
    text = _is_error_page(client.get("/deputies/", HTTP_REFERER="http://testserver/"), 403)
    assert "http://testserver/" in text  # the shell's error page offers it as the way back
    elsewhere = client.get("/deputies/", HTTP_REFERER="https://evil.example/")
    assert "evil.example" not in elsewhere.content.decode()


def test_an_unhandled_exception_on_a_page_is_the_chinese_500_page(
    client_for, dongkou_staff, monkeypatch
):
    """Even when what failed is the shell itself (its menu): the 500 page needs no context."""

    def broken(user):
        raise RuntimeError("secret internals")

    monkeypatch.setattr("congress.context_processors.menu_for", broken)
    client = client_for(dongkou_staff)
    client.raise_request_exception = False
    html = _is_error_page(client.get("/"), 500)
    assert "服务器出错了" in html
    assert "secret internals" not in html and "Traceback" not in html


def test_a_form_posted_without_its_csrf_token_is_the_chinese_expired_page(regions):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/login/", {"username": "x", "password": "y"})
    html = _is_error_page(response, 403)
    assert "页面已过期" in html and "CSRF" not in html


def test_a_bad_dashboard_period_is_a_styled_400_with_the_reason(client_for, dongkou_staff):
    url = "/dashboard/print/?period=month&value=abc"
    html = _is_error_page(client_for(dongkou_staff).get(url), 400)
    assert "期间格式不正确。" in html


def test_a_400_of_ours_outside_the_api_views_says_why(rf):
    refused = ApplicationError("年份有误。", fields={"year": ["不能大于 2100。"]})
    html = _is_error_page(bad_request(rf.get("/track/"), refused), 400)
    assert "年份有误。" in html
    body = _is_json_error(bad_request(rf.get("/api/v1/x/"), refused), 400, "invalid")
    assert body["fields"] == {"year": ["不能大于 2100。"]}


# --- /api/: always the JSON error shape -----------------------------------------------------


def test_an_unknown_api_address_is_a_json_404(client_for, dongkou_staff):
    _is_json_error(client_for(dongkou_staff).get("/api/v1/no-such-thing/"), 404, "not_found")
    _is_json_error(APIClient().get("/api/v2/"), 404, "not_found")


def test_an_api_error_is_json_even_for_a_browser_that_asks_for_html(client_for, dongkou_staff):
    client = client_for(dongkou_staff)
    response = client.get("/api/v1/deputies/987654/", HTTP_ACCEPT="text/html")
    _is_json_error(response, 404, "not_found")
    response = client.post("/api/v1/deputies/", {}, HTTP_ACCEPT="text/html", format="json")
    _is_json_error(response, 400, "invalid")


def test_a_wrong_method_is_a_json_405_in_our_words(client_for, dongkou_staff):
    response = client_for(dongkou_staff).post("/api/schema/")
    body = _is_json_error(response, 405, "method_not_allowed")
    assert body["message"] == "此地址不支持 POST 请求。"


def test_an_unhandled_exception_in_the_api_is_a_json_500(client_for, dongkou_staff, monkeypatch):
    def broken(self, request):
        raise RuntimeError("secret internals")

    monkeypatch.setattr("congress.api.MeApi.get", broken)
    client = client_for(dongkou_staff)
    client.raise_request_exception = False
    response = client.get("/api/v1/me/")
    _is_json_error(response, 500, "server_error")
    assert b"secret internals" not in response.content


def test_a_session_write_without_the_csrf_token_is_a_json_403(dongkou_staff):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(dongkou_staff)
    response = client.post("/api/v1/notifications/", {}, format="json")
    body = _is_json_error(response, 403, "csrf_failed")
    assert "刷新" in body["message"]


def test_the_csrf_failure_view_answers_json_under_api(rf):
    response = csrf_failure(rf.post("/api/v1/anything/"), reason="CSRF cookie not set.")
    _is_json_error(response, 403, "csrf_failed")


def test_a_refusal_in_the_api_is_a_json_403(client_for, regions):
    deputy = make_user("some_deputy", role=Role.DEPUTY)
    _is_json_error(client_for(deputy).get("/api/v1/deputies/"), 403, "permission_denied")


def test_a_bad_host_under_api_is_a_json_400(client):
    _is_json_error(client.get("/api/v1/me/", HTTP_HOST="evil.example"), 400, "bad_request")
    _is_error_page(client.get("/", HTTP_HOST="evil.example"), 400)


def test_a_body_that_is_not_json_is_a_json_400_in_our_words(client_for, dongkou_staff):
    response = client_for(dongkou_staff).post(
        "/api/v1/notifications/", "{not json", content_type="application/json"
    )
    body = _is_json_error(response, 400, "parse_error")
    assert "JSON parse error" not in body["message"]


def test_a_parse_error_of_ours_keeps_its_message(regions):
    response = exception_handler(ParseError("提交的 JSON 嵌套过深。"), {})
    assert response.data["message"] == "提交的 JSON 嵌套过深。"


# --- Field messages: the project's words, never the frameworks' ----------------------------

FRAMEWORK_WORDING = (
    "该字段",
    "这个值",
    "此字段",
    "null",
    "合法",
    "期望",
    "期待",
    "得到的类型",
    "获得的类型",
    "类型错误",
    "ErrorDetail",
    "A valid",
    "required",
    "Expected",
    "YYYY",
    "请从这些格式中选择",
    "无效主键",
    "无效数据",
)


def _framework_words(messages) -> list[str]:
    return [m for m in messages if any(w in m for w in FRAMEWORK_WORDING)]


def _api_modules() -> list:
    """Every module of every app's API: `<app>.api` and, where the API is a package
    (suggestions/api/, evaluation/performance/api/, ...), each of its modules."""
    modules = []
    for label in APP_ORDER:
        if not apps.is_installed(label):
            continue
        package = import_module(label)
        for info in pkgutil.walk_packages(package.__path__, prefix=f"{label}."):
            if "api" in info.name.split(".")[1:] and ".migrations" not in info.name:
                modules.append(import_module(info.name))
    return modules


def _api_serializers() -> list[type]:
    """Every serializer of every app's API (module level and the views' nested ones)."""
    found = set()
    for module in _api_modules():
        for _, obj in inspect.getmembers(module, inspect.isclass):
            if obj.__module__ != module.__name__:
                continue
            if issubclass(obj, serializers.BaseSerializer):
                found.add(obj)
            for inner in vars(obj).values():
                if isinstance(inner, type) and issubclass(inner, serializers.Serializer):
                    found.add(inner)
    return sorted(found, key=lambda c: c.__qualname__)


def _errors(serializer_class, data) -> list[str]:
    try:
        serializer = serializer_class(data=data, context={"request": None})
        serializer.is_valid()
        errors = serializer.errors
    except Exception:  # a validate() that needs a request or a view: not what is tested here
        return []

    return [m for messages in _flatten(errors).values() for m in messages]


def test_every_api_serializer_answers_missing_null_blank_and_wrong_input_in_our_words(regions):
    classes = _api_serializers()
    assert len(classes) > 200  # every app's API modules, packages included
    wrong = {}
    for cls in classes:
        try:
            names = [n for n, f in cls().fields.items() if not f.read_only]
        except Exception:
            continue
        messages = []
        for data in (
            {},
            {n: None for n in names},
            {n: "" for n in names},
            {n: "x" for n in names},
            {n: ["x"] for n in names},
            {n: {"a": "x"} for n in names},
            {n: 987654 for n in names},
        ):
            messages += _errors(cls, data)
        if bad := _framework_words(messages):
            wrong[cls.__qualname__] = sorted(set(bad))
    assert wrong == {}


def test_a_suggestion_with_a_null_title_says_what_to_do(client_for, regions):
    user = make_user("lead_deputy", role=Role.DEPUTY)
    lead = make_deputy("430525")
    lead.user = user
    lead.save(update_fields=["user"])
    response = client_for(user).post(
        "/api/v1/suggestions/",
        {"title": None, "body": "", "category": None, "cosigners": ["x"]},
        format="json",
    )
    body = _is_json_error(response, 400, "invalid")
    assert body["fields"]["title"] == ["请填写此项。"]
    assert body["fields"]["cosigners"] == ["第 1 项：请填写整数。"]
    assert _framework_words([body["message"], *sum(body["fields"].values(), [])]) == []


def test_a_model_validation_default_is_reworded_and_a_custom_message_kept(regions):
    with pytest.raises(DjangoValidationError) as raised:
        SuggestionCategory(name="").full_clean()
    response = exception_handler(raised.value, {})
    assert response.status_code == 400
    assert response.data["fields"]["name"] == ["请填写此项。"]

    custom = DjangoValidationError(
        {"name": DjangoValidationError("本级已有同名类别。", code="blank")}
    )
    assert exception_handler(custom, {}).data["fields"]["name"] == ["本级已有同名类别。"]


def test_errors_of_list_items_name_the_item_not_the_framework(regions):
    exc = ValidationError({"rules": [{}, {"name": [ErrorDetail("请填写此项。", code="required")]}]})
    fields = exception_handler(exc, {}).data["fields"]
    assert fields == {"rules": ["第 2 项：请填写此项。"]}
