"""The OpenAPI schema's conventions, in one place: component names of nested Input/Output
serializers, the one error shape and which error answers every operation documents, paginated
lists and file downloads with their content type.

Apps name only the errors their own logic raises (`**errors(409, 429)`): 400 is added to every
operation (any request may carry bad input), 401/403 to every operation that needs a login and 404
to every operation with a path parameter.
`tests/congress/test_schema_typed.py` fails on an operation that is not typed this way."""

from drf_spectacular.openapi import AutoSchema as BaseAutoSchema
from drf_spectacular.utils import OpenApiResponse, inline_serializer
from rest_framework import serializers


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


def error_response(code: int) -> OpenApiResponse:
    return OpenApiResponse(ErrorSerializer, description=ERROR_TEXT[code])


def errors(*codes: int) -> dict:
    """`responses={200: Out, **errors(400, 409)}`: error answers in the one shape. 400 (for every
    operation), 401/403 (for every operation that needs a login) and 404 (for every operation with a path parameter) are
    added by `AutoSchema`; naming them here as well does no harm."""
    return {code: error_response(code) for code in codes}


class Download(OpenApiResponse):
    """A file answer: its schema is binary and its media type is `content_type`, not JSON."""

    def __init__(self, content_type: str, description: str = ""):
        super().__init__(
            response={"type": "string", "format": "binary"},
            description=description or content_type,
        )
        self.content_type = content_type


def download(content_type: str, description: str = "") -> Download:
    """A file download (spreadsheet, photo, attachment, calendar feed) with its content type:
    `responses={200: download(XLSX_DOWNLOAD)}`."""
    return Download(content_type, description)


XLSX_DOWNLOAD = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def paginated(serializer_class, name: str | None = None):
    """The page envelope of `DomainAPIView.paginate` around `serializer_class`, for APIViews
    whose `get` returns a page (drf-spectacular only infers it for generic list views)."""
    name = name or f"Paginated{serializer_class.__qualname__.replace('.', '')}List"
    page = inline_serializer(
        name=name,
        fields={
            "count": serializers.IntegerField(),
            "count_capped": serializers.BooleanField(),
            "next": serializers.URLField(allow_null=True),
            "previous": serializers.URLField(allow_null=True),
            "results": serializer_class(many=True),
        },
    )
    page.paginated_page = True  # a list operation (AutoSchema names it *_list)
    return page


class AutoSchema(BaseAutoSchema):
    """drf-spectacular's AutoSchema with the portal's conventions (see the module docstring)."""

    def get_serializer_name(self, serializer, direction):
        """Nested serializers by their qualified name (MeApi.Output → MeApiOutput), so the
        one-API-class-per-action style with nested Input/Output classes gives unique names."""
        name = super().get_serializer_name(serializer, direction)
        qualname = serializer.__class__.__qualname__
        if "." in qualname and name == serializer.__class__.__name__.removesuffix("Serializer"):
            return qualname.replace(".", "")
        return name

    def needs_login(self) -> bool:
        """False when drf-spectacular marks the operation callable anonymously (`{}` among its
        security requirements: AllowAny, or IsAuthenticatedOrReadOnly on a safe method)."""
        return {} not in self.get_auth()

    def _is_list_view(self, serializer=None) -> bool:
        if serializer is None:
            responses = self.get_response_serializers()
            if isinstance(responses, dict) and getattr(responses.get(200), "paginated_page", False):
                return True
        return super()._is_list_view(serializer)

    def _get_response_for_code(
        self, serializer, status_code, media_types=None, direction="response"
    ):
        if isinstance(serializer, Download) and not media_types:
            media_types = [serializer.content_type]
        elif getattr(serializer, "response", None) is ErrorSerializer and not media_types:
            media_types = ["application/json"]  # also where the view renders only files
        return super()._get_response_for_code(serializer, status_code, media_types, direction)

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        # every operation can refuse bad input (a malformed query parameter, a NUL byte anywhere,
        # a body that does not parse): 400 in the one shape
        implied = [400]
        if self.needs_login():
            implied += [401, 403]
        if "{" in self.path:
            implied.append(404)
        for code in implied:
            if str(code) not in responses:
                responses[str(code)] = self._get_response_for_code(
                    error_response(code), str(code), direction=direction
                )
        return responses
