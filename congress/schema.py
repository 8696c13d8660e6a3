from drf_spectacular.openapi import AutoSchema as BaseAutoSchema


class AutoSchema(BaseAutoSchema):
    """Names nested serializers by their qualified name (MeApi.Output → MeApiOutput), so the
    one-API-class-per-action style with nested Input/Output classes gives unique components."""

    def get_serializer_name(self, serializer, direction):
        name = super().get_serializer_name(serializer, direction)
        qualname = serializer.__class__.__qualname__
        if "." in qualname and name == serializer.__class__.__name__.removesuffix("Serializer"):
            return qualname.replace(".", "")
        return name


# --- The shared pieces every operation's documentation is built from ------------------------
# (one place, so that the 400/403/404/409/429 answers, paginated lists and file downloads are
# described the same way by every app)

from drf_spectacular.utils import OpenApiResponse, inline_serializer  # noqa: E402
from rest_framework import serializers  # noqa: E402


class ErrorSerializer(serializers.Serializer):
    """The one error shape (congress.errors.error_body)."""

    code = serializers.CharField()
    message = serializers.CharField()
    fields = serializers.DictField(child=serializers.ListField(child=serializers.CharField()))


ERROR_TEXT = {
    400: "输入有误：fields 按字段给出中文说明，什么也没有保存。",
    401: "未登录或令牌已失效。",
    403: "没有此项操作的权限。",
    404: "未找到该记录，或不在您的管辖范围内。",
    409: "当前状态不允许此操作。",
    429: "请求过于频繁。",
}


def errors(*codes: int) -> dict:
    """`responses={200: Out, **errors(400, 404)}`: error answers in the one shape. 401/403 are
    implied for every operation that needs a login and are added by `AutoSchema`."""
    return {code: OpenApiResponse(ErrorSerializer, description=ERROR_TEXT[code]) for code in codes}


def download(content_type: str, description: str = "") -> OpenApiResponse:
    """A file download (spreadsheet, photo, attachment, calendar feed) with its content type."""
    return OpenApiResponse(
        response={"type": "string", "format": "binary"},
        description=description or content_type,
    )


XLSX_DOWNLOAD = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def paginated(serializer_class, name: str | None = None):
    """The page envelope of `DomainAPIView.paginate` around `serializer_class`, for APIViews
    whose `get` returns a page (drf-spectacular only infers it for generic list views)."""
    name = name or f"Paginated{serializer_class.__qualname__.replace('.', '')}List"
    return inline_serializer(
        name=name,
        fields={
            "count": serializers.IntegerField(),
            "count_capped": serializers.BooleanField(),
            "next": serializers.URLField(allow_null=True),
            "previous": serializers.URLField(allow_null=True),
            "results": serializer_class(many=True),
        },
    )
