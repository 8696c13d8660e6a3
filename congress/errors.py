"""One JSON error shape for every error: {"code", "message", "fields"}."""

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler


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


class TransitionError(ApplicationError):
    def __init__(self, message: str):
        super().__init__(message, code="conflict", status=status.HTTP_409_CONFLICT)


def _flatten(detail) -> dict:
    if isinstance(detail, dict):
        return {
            key: [str(m) for m in (value if isinstance(value, list) else [value])]
            for key, value in detail.items()
        }
    return {
        "non_field_errors": [str(m) for m in (detail if isinstance(detail, list) else [detail])]
    }


def error_body(code: str, message: str, fields: dict | None = None) -> dict:
    return {"code": code, "message": message, "fields": fields or {}}


def exception_handler(exc, context):
    if isinstance(exc, ApplicationError):
        return Response(
            error_body(exc.code, exc.message, _flatten(exc.fields) if exc.fields else {}),
            status=exc.status,
        )
    if isinstance(exc, DjangoValidationError):
        fields = (
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        )
        exc = exceptions.ValidationError(fields)
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
    elif isinstance(exc, exceptions.PermissionDenied):
        response.data = error_body("permission_denied", _("您没有执行此操作的权限。"))
    else:
        response.data = error_body(
            getattr(exc, "default_code", "error"), str(getattr(exc, "detail", exc))
        )
    return response
