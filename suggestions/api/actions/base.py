"""What every action endpoint shares: the schema it documents and the common inputs."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers

from congress.schema import errors
from suggestions.api.common import ActionApi
from suggestions.services.lengths import TEXT_MAX, max_length
from suggestions.workflow import BY_ACTION

ERRORS = errors(400, 404, 409)


def documented(cls):
    """The schema of an action: its Input, its Output, the error answers, its table label."""

    def post(self, request, pk):
        return ActionApi.post(self, request, pk)

    summary = f"{BY_ACTION[cls.action].label}（状态流转表：{cls.action}）"
    cls.post = extend_schema(
        request=cls.Input, responses={200: cls.Output, **ERRORS}, summary=summary,
        operation_id=f"suggestions_{cls.action}",
    )(post)  # fmt: skip
    return cls


class ReasonIn(serializers.Serializer):
    reason = serializers.CharField(
        allow_blank=True, required=False, default="", **max_length(TEXT_MAX)
    )
