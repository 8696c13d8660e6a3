"""One JSON error shape for every error: {"code", "message", "fields"}.

Everything under /api/ answers in that shape, whatever fails: the API views through
`exception_handler` (DRF), and unknown addresses, CSRF failures and unhandled exceptions
through the handlers at the end of this module (congress/urls.py, settings.CSRF_FAILURE_VIEW).
Pages get the styled error page instead (templates/error.html). No framework wording reaches
a user: DRF's field messages are replaced project-wide (`install_field_messages`), Django's
model validation messages are reworded here, and an unhandled exception says only that the
server failed."""

import logging

from django import forms
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models
from django.http import Http404, HttpResponse, JsonResponse
from django.template import loader
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import exceptions, relations, serializers, status
from rest_framework import fields as drf_fields
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from congress.pages import render_page

logger = logging.getLogger(__name__)


class ApplicationError(Exception):
    """A business rule said no. status 400 for bad input, 409 for a refused state change."""

    def __init__(
        self, message: str, *, code: str = "invalid", status: int = 400, fields: dict | None = None
    ):
        super().__init__(message)
        self.message = message
        self.code = code
        self.status = status
        self.fields = fields or {}


def invalid(
    fields: dict | str, message: str | None = None, *, summary: str = ""
) -> ApplicationError:
    """The one way to refuse bad input: a 400 naming every bad field, nothing stored.

    invalid("name", "请填写名称。") or invalid({"name": ["…"], "date": ["…"]}); the message of the
    whole answer leads with `summary` and the first field's problem. Raise what it returns."""
    if isinstance(fields, str):
        fields = {fields: [message or ""]}
    fields = {
        key: [value] if isinstance(value, str) else list(value) for key, value in fields.items()
    }
    first = next(iter(fields.values()), [""])
    return ApplicationError(f"{summary}{first[0] if first else ''}", fields=fields)


class TransitionError(ApplicationError):
    def __init__(self, message: str):
        super().__init__(message, code="conflict", status=status.HTTP_409_CONFLICT)


def _flatten(detail) -> dict:
    if isinstance(detail, dict):
        return {str(key): _messages(value) for key, value in detail.items()}
    return {"non_field_errors": _messages(detail)}


def _messages(value) -> list[str]:
    """The messages of one field as plain strings. Errors of nested objects and list items
    (a dict, or a list of dicts, or ListField's {index: [...]}) become "第 N 项：…", never
    the repr of DRF's ErrorDetail."""
    if isinstance(value, dict):
        out = []
        for key, inner in value.items():
            prefix = _("第 %(n)s 项：") % {"n": key + 1} if isinstance(key, int) else ""
            out += [prefix + m for m in _messages(inner)]
        return out
    if isinstance(value, list | tuple):
        if any(isinstance(v, dict | list | tuple) for v in value):
            return _messages({i: v for i, v in enumerate(value) if v})
        return [str(m) for m in value]
    return [str(value)]


def error_body(code: str, message: str, fields: dict | None = None) -> dict:
    return {"code": code, "message": message, "fields": fields or {}}


def exception_handler(exc, context):
    response = _handle(exc, context)
    request = context.get("request")
    if response is not None and request is not None:
        # Errors are JSON whatever the client accepts: never the browsable API's HTML page,
        # nor the schema view's YAML.
        request.accepted_renderer, request.accepted_media_type = JSONRenderer(), "application/json"
    return response


def _handle(exc, context):
    if isinstance(exc, ApplicationError):
        return Response(
            error_body(exc.code, exc.message, _flatten(exc.fields) if exc.fields else {}),
            status=exc.status,
        )
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(_django_messages(exc))
    elif isinstance(exc, Http404):
        return Response(error_body("not_found", _("未找到该记录，或您无权查看。")), status=404)
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()

    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        fields = _flatten(exc.detail)
        first = next(iter(fields.values()), [""])[0]
        response.data = error_body(
            "invalid", _("提交的内容有误：%(first)s") % {"first": first}, fields
        )
    elif isinstance(exc, exceptions.NotAuthenticated | exceptions.AuthenticationFailed):
        response.status_code = 401
        response.data = error_body("not_authenticated", _("未登录或登录已过期，请重新登录。"))
    elif isinstance(exc, exceptions.PermissionDenied) and str(exc.detail).startswith("CSRF"):
        response.data = error_body("csrf_failed", str(CSRF_MESSAGE))
    elif isinstance(exc, exceptions.PermissionDenied):
        response.data = error_body("permission_denied", _("您没有执行此操作的权限。"))
    elif isinstance(exc, exceptions.MethodNotAllowed):
        method = getattr(context.get("request"), "method", "")
        message = _("此地址不支持 %(method)s 请求。") % {"method": method}
        response.data = error_body("method_not_allowed", message)
    elif type(exc) in API_MESSAGES and _framework_wording(exc):
        response.data = error_body(exc.default_code, str(API_MESSAGES[type(exc)]))
    else:
        response.data = error_body(
            getattr(exc, "default_code", "error"), str(getattr(exc, "detail", exc))
        )
    return response


def _framework_wording(exc: exceptions.APIException) -> bool:
    """DRF's default text, or its untranslated English ("JSON parse error - ..."); a message of
    ours (e.g. congress.parsers' "提交的 JSON 嵌套过深") is kept."""
    detail = str(exc.detail)
    return detail == str(exc.default_detail) or detail.isascii()


# DRF's own wording of request-level errors (some English, e.g. "JSON parse error - ...").
API_MESSAGES = {
    exceptions.ParseError: gettext_lazy("提交的内容无法解析，请以有效的 JSON 提交。"),
    exceptions.UnsupportedMediaType: gettext_lazy("不支持此内容类型，请以 JSON 提交。"),
    exceptions.NotAcceptable: gettext_lazy("无法按所请求的格式返回结果。"),
    exceptions.NotFound: gettext_lazy("未找到该记录，或您无权查看。"),
    exceptions.Throttled: gettext_lazy("请求过于频繁，请稍后再试。"),
}
CSRF_MESSAGE = gettext_lazy("安全校验未通过（页面停留过久，或已在别处退出），请刷新页面后重试。")


# --- Field messages: the project's wording instead of the frameworks' ----------------------

FILL = gettext_lazy("请填写此项。")
CHOOSE = gettext_lazy("请选择此项。")

# DRF has no setting for its field messages, and a base serializer would have to be
# remembered in every one of the apps' serializers: a forgotten one leaks "该字段不能为 null。"
# again. So the defaults of DRF's field classes are set once, at start-up (CongressConfig.ready),
# before any serializer is declared. A field's own error_messages still win.
FIELD_MESSAGES = {
    "Field": {"required": FILL, "null": FILL},
    "CharField": {
        "blank": FILL,
        "invalid": gettext_lazy("请填写文字。"),
        "max_length": gettext_lazy("最多 {max_length} 个字。"),
        "min_length": gettext_lazy("至少 {min_length} 个字。"),
    },
    "EmailField": {"invalid": gettext_lazy("请填写有效的电子邮箱地址。")},
    "URLField": {"invalid": gettext_lazy("请填写有效的网址。")},
    "RegexField": {"invalid": gettext_lazy("格式不正确。")},
    "SlugField": {
        "invalid": gettext_lazy("只能包含字母、数字、下划线或连字符。"),
        "invalid_unicode": gettext_lazy("只能包含文字、数字、下划线或连字符。"),
    },
    "UUIDField": {"invalid": gettext_lazy("格式不正确。")},
    "IPAddressField": {"invalid": gettext_lazy("请填写有效的 IP 地址。")},
    "IntegerField": {
        "invalid": gettext_lazy("请填写整数。"),
        "max_value": gettext_lazy("不能大于 {max_value}。"),
        "min_value": gettext_lazy("不能小于 {min_value}。"),
        "max_string_length": gettext_lazy("数字太长。"),
    },
    "BigIntegerField": {"invalid": gettext_lazy("请填写整数。")},
    "FloatField": {
        "invalid": gettext_lazy("请填写数字。"),
        "overflow": gettext_lazy("数字太大。"),
        "max_value": gettext_lazy("不能大于 {max_value}。"),
        "min_value": gettext_lazy("不能小于 {min_value}。"),
        "max_string_length": gettext_lazy("数字太长。"),
    },
    "DecimalField": {
        "invalid": gettext_lazy("请填写数字。"),
        "max_value": gettext_lazy("不能大于 {max_value}。"),
        "min_value": gettext_lazy("不能小于 {min_value}。"),
        "max_digits": gettext_lazy("最多 {max_digits} 位数字。"),
        "max_decimal_places": gettext_lazy("最多 {max_decimal_places} 位小数。"),
        "max_whole_digits": gettext_lazy("整数部分最多 {max_whole_digits} 位。"),
        "max_string_length": gettext_lazy("数字太长。"),
    },
    "BooleanField": {
        "required": CHOOSE,
        "null": CHOOSE,
        "invalid": gettext_lazy("请选择“是”或“否”。"),
    },
    "ChoiceField": {
        "required": CHOOSE,
        "null": CHOOSE,
        "invalid_choice": gettext_lazy("请从列表中选择。"),
    },
    "MultipleChoiceField": {
        "invalid_choice": gettext_lazy("请从列表中选择。"),
        "not_a_list": gettext_lazy("请从列表中选择。"),
        "empty": gettext_lazy("请至少选择一项。"),
    },
    "FilePathField": {"invalid_choice": gettext_lazy("请从列表中选择。")},
    "DateField": {
        "required": gettext_lazy("请选择日期。"),
        "null": gettext_lazy("请选择日期。"),
        "invalid": gettext_lazy("请填写日期，格式如 2026-12-02。"),
        "datetime": gettext_lazy("请只填写日期，不带时间。"),
    },
    "DateTimeField": {
        "required": gettext_lazy("请选择时间。"),
        "null": gettext_lazy("请选择时间。"),
        "invalid": gettext_lazy("请填写时间，格式如 2026-12-02 08:30。"),
        "date": gettext_lazy("请同时填写日期和时间。"),
        "make_aware": gettext_lazy("该时间无效。"),
        "overflow": gettext_lazy("时间超出范围。"),
    },
    "TimeField": {
        "required": gettext_lazy("请选择时间。"),
        "null": gettext_lazy("请选择时间。"),
        "invalid": gettext_lazy("请填写时间，格式如 08:30。"),
    },
    "DurationField": {
        "invalid": gettext_lazy("时长格式不正确。"),
        "overflow": gettext_lazy("天数应在 {min_days} 到 {max_days} 之间。"),
    },
    "FileField": {
        "required": gettext_lazy("请选择要上传的文件。"),
        "null": gettext_lazy("请选择要上传的文件。"),
        "invalid": gettext_lazy("提交的不是文件，请重新选择。"),
        "no_name": gettext_lazy("无法识别文件名，请重新选择。"),
        "empty": gettext_lazy("上传的文件是空的。"),
        "max_length": gettext_lazy("文件名最多 {max_length} 个字。"),
    },
    "ImageField": {"invalid_image": gettext_lazy("请上传图片（该文件不是图片或已损坏）。")},
    "ListField": {
        "not_a_list": gettext_lazy("格式不正确：应为列表。"),
        "empty": gettext_lazy("请至少选择一项。"),
        "min_length": gettext_lazy("至少 {min_length} 项。"),
        "max_length": gettext_lazy("最多 {max_length} 项。"),
    },
    "DictField": {
        "not_a_dict": gettext_lazy("格式不正确：应为对象。"),
        "empty": gettext_lazy("不能为空。"),
    },
    "HStoreField": {"not_a_dict": gettext_lazy("格式不正确：应为对象。")},
    "JSONField": {"invalid": gettext_lazy("格式不正确：应为 JSON。")},
    "RelatedField": {"required": CHOOSE, "null": CHOOSE},
    "PrimaryKeyRelatedField": {
        "required": CHOOSE,
        "does_not_exist": gettext_lazy("所选的记录不存在，或您无权查看。"),
        "incorrect_type": gettext_lazy("格式不正确：应为编号。"),
    },
    "SlugRelatedField": {
        "does_not_exist": gettext_lazy("所选的记录不存在，或您无权查看。"),
        "invalid": gettext_lazy("格式不正确。"),
    },
    "HyperlinkedRelatedField": {
        "required": CHOOSE,
        "no_match": gettext_lazy("所选的记录不存在，或您无权查看。"),
        "incorrect_match": gettext_lazy("所选的记录不存在，或您无权查看。"),
        "does_not_exist": gettext_lazy("所选的记录不存在，或您无权查看。"),
        "incorrect_type": gettext_lazy("格式不正确：应为网址。"),
    },
    "ManyRelatedField": {
        "required": CHOOSE,
        "null": CHOOSE,
        "not_a_list": gettext_lazy("格式不正确：应为列表。"),
        "empty": gettext_lazy("请至少选择一项。"),
    },
    "Serializer": {"invalid": gettext_lazy("格式不正确：应为对象。")},
    "ListSerializer": {
        "not_a_list": gettext_lazy("格式不正确：应为列表。"),
        "empty": gettext_lazy("请至少填写一项。"),
        "max_length": gettext_lazy("最多 {max_length} 项。"),
        "min_length": gettext_lazy("至少 {min_length} 项。"),
    },
}


def install_field_messages() -> None:
    """Give DRF's field classes the project's messages (called once, from CongressConfig.ready)."""
    for name, messages in FIELD_MESSAGES.items():
        cls = next(
            (getattr(m, name) for m in (serializers, drf_fields, relations) if hasattr(m, name)),
            None,
        )
        if cls is not None:
            # A dict of the class's own: the parent's (Field's) defaults stay untouched.
            cls.default_error_messages = {
                **cls.__dict__.get("default_error_messages", {}),
                **messages,
            }


# Django's model and form validation (services call full_clean()) words the same cases its
# own way ("这个值不能为 null。", "此字段不能为空。"); those defaults are reworded by their code.
DJANGO_CODES = {
    "null": FILL,
    "blank": FILL,
    "required": FILL,
    "invalid_choice": gettext_lazy("请从列表中选择。"),
    "invalid": gettext_lazy("格式不正确。"),
    "invalid_date": gettext_lazy("日期不正确。"),
    "invalid_datetime": gettext_lazy("时间不正确。"),
    "invalid_time": gettext_lazy("时间不正确。"),
    "invalid_nullable": gettext_lazy("请选择“是”或“否”。"),
}


def _django_defaults() -> set[str]:
    """Django's own default field messages, in the active language."""
    classes = [
        c
        for module, base in ((models, models.Field), (forms, forms.Field))
        for c in vars(module).values()
        if isinstance(c, type) and issubclass(c, base)
    ]
    return {str(m) for c in classes for m in c.__dict__.get("default_error_messages", {}).values()}


def _django_messages(exc: DjangoValidationError) -> dict:
    """{field: [messages]} of a Django ValidationError, its framework defaults reworded."""
    defaults = _django_defaults()

    def word(error: DjangoValidationError) -> str:
        if error.code in DJANGO_CODES and str(error.message) in defaults:
            return str(DJANGO_CODES[error.code])
        return error.message % error.params if error.params else str(error.message)

    if hasattr(exc, "error_dict"):
        return {field: [word(e) for e in errors] for field, errors in exc.error_dict.items()}
    return {"non_field_errors": [word(e) for e in exc.error_list]}


# --- Error pages and the JSON answers of /api/ outside the API views ------------------------

PAGE_TEXT = {
    400: (gettext_lazy("请求有误"), gettext_lazy("请求的地址或提交的内容不正确，无法处理。")),
    403: (
        gettext_lazy("没有权限"),
        gettext_lazy("您的账号没有打开此页面的权限。"),
    ),
    404: (
        gettext_lazy("页面不存在"),
        gettext_lazy("未找到该页面或记录，或您无权查看。请检查地址，或从首页重新进入。"),
    ),
    500: (
        gettext_lazy("服务器出错了"),
        gettext_lazy("处理请求时服务器出错，错误已记录。请稍后重试。"),
    ),
}
API_TEXT = {
    400: ("bad_request", gettext_lazy("请求有误，无法处理。")),
    403: ("permission_denied", gettext_lazy("您没有执行此操作的权限。")),
    404: ("not_found", gettext_lazy("未找到该记录，或您无权查看。")),
    500: ("server_error", gettext_lazy("服务器出错了，请稍后重试。")),
}


def _is_api(request) -> bool:
    return request.path.startswith("/api/")


def _back_url(request) -> str:
    """The page the user came from, if it is one of ours (never another site, never this one)."""
    referer = request.META.get("HTTP_REFERER", "")
    try:
        host = request.get_host()
    except Exception:  # a disallowed Host header: the 400 is about it
        return ""
    same = url_has_allowed_host_and_scheme(
        referer, allowed_hosts={host}, require_https=request.is_secure()
    )
    return referer if same and referer != request.build_absolute_uri() else ""


def error_page(request, status: int, *, title=None, message=None, detail: str = "") -> HttpResponse:
    """The error page: inside the console shell for a signed-in user (their menu, a way back);
    the plain page (templates/error.html, no context processors, no script) for everyone else
    and whenever the shell itself cannot be drawn (the database or the session is what failed).
    It shows no text of the user's."""
    default_title, default_message = PAGE_TEXT[status]
    context = {
        "status": status,
        "title": str(title or default_title),
        "message": str(message or default_message),
        "detail": str(detail),
        "back_url": _back_url(request),
    }
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        try:
            return _error_in_shell(request, status, context)
        except Exception:  # the plain page below still answers
            logger.exception("error page %s could not be drawn in the shell", status)
    return HttpResponse(loader.render_to_string("error.html", context), status=status)


def _error_in_shell(request, status: int, context: dict) -> HttpResponse:
    props = {k: context[k] for k in ("status", "title", "message", "detail")}
    props["back"] = context["back_url"]
    return render_page(
        request, "core/ErrorPage", title=context["title"], props=props, status=status
    )


def _answer(request, status: int) -> HttpResponse:
    if _is_api(request):
        code, message = API_TEXT[status]
        return JsonResponse(error_body(code, str(message)), status=status)
    return error_page(request, status)


def bad_request(request, exception=None):
    """A 400 outside the API views; a rule of ours (ApplicationError, e.g. a query parameter
    refused by congress.params in a page) says why, in its own words."""
    if isinstance(exception, ApplicationError):
        if _is_api(request):
            body = error_body(exception.code, exception.message, _flatten(exception.fields))
            return JsonResponse(body, status=400)
        return error_page(request, 400, detail=exception.message)
    return _answer(request, 400)


def permission_denied(request, exception=None):
    return _answer(request, 403)


def page_not_found(request, exception=None):
    return _answer(request, 404)


def server_error(request):
    return _answer(request, 500)


def csrf_failure(request, reason: str = ""):
    """settings.CSRF_FAILURE_VIEW: a form posted without a valid token (an expired page)."""
    logger.info("CSRF failure on %s: %s", request.path, reason)
    if _is_api(request):
        return JsonResponse(error_body("csrf_failed", str(CSRF_MESSAGE)), status=403)
    return error_page(request, 403, title=_("页面已过期"), message=CSRF_MESSAGE)
