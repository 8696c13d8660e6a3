"""What several operations of the suggestions API share."""

from django.utils import timezone
from django.utils.translation import gettext, gettext_noop
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.response import Response

from congress.api import DomainAPIView
from suggestions import selectors, workflow

ID = {"min_value": 1, "max_value": 2**31 - 1,
      "error_messages": {"invalid": "请填写有效的编号。", "min_value": "请填写有效的编号。",
                         "max_value": "请填写有效的编号。", "null": "请填写有效的编号。"}}  # fmt: skip


# The default lists (migrations/0002_default_lists): their names are shown in the viewer's
# language; a name an administrator adds later is shown as typed.
DEFAULT_NAMES = [
    gettext_noop("经济"), gettext_noop("城乡建设"), gettext_noop("教育"), gettext_noop("医疗卫生"),
    gettext_noop("农业农村"), gettext_noop("社会保障"), gettext_noop("交通"),
    gettext_noop("生态环境"), gettext_noop("文化旅游"), gettext_noop("政法"), gettext_noop("其他"),
    gettext_noop("已经解决或基本解决"), gettext_noop("正在解决或列入规划逐步解决"),
    gettext_noop("因条件限制需以后解决"), gettext_noop("留作参考"),
]  # fmt: skip


def label(name: str) -> str:
    """A category's or result class's name in the viewer's language (default names only)."""
    return gettext(name) if name else name


def result_label(result_class) -> str:
    """ "B 正在解决或列入规划逐步解决", its name in the viewer's language."""
    return f"{result_class.code} {label(result_class.label)}"


class Label(serializers.CharField):
    """A name from a default list, in the viewer's language."""

    def to_representation(self, value):
        return label(super().to_representation(value))


def lead_first(assignment) -> tuple:
    """The lead unit 主办 before the co-units 协办, then in the order they were assigned."""
    return (assignment.role != "lead", assignment.pk)


class UnitOut(serializers.Serializer):
    name = serializers.CharField()
    role = serializers.CharField()
    signed = serializers.BooleanField()


class ListItem(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField()
    title = serializers.CharField()
    status = serializers.CharField()
    status_display = serializers.CharField(source="get_status_display")
    category = Label(source="category.name")
    lead_deputy = serializers.CharField(source="lead_deputy.name")
    region = serializers.CharField(source="region.name")
    term = serializers.CharField(source="term.label")
    period_display = serializers.CharField(source="get_period_display")
    is_key = serializers.BooleanField()
    broad_scope = serializers.BooleanField()
    round = serializers.IntegerField()
    reply_due = serializers.DateField(allow_null=True)
    overdue = serializers.SerializerMethodField()
    to_confirm = serializers.SerializerMethodField()
    units = serializers.SerializerMethodField()
    created_at = serializers.DateTimeField()
    submitted_at = serializers.DateTimeField(allow_null=True)

    def get_overdue(self, s) -> bool:
        return bool(
            s.reply_due and s.status in ("assigned", "signed", "rehandling")
            and s.reply_due < timezone.localdate()
        )  # fmt: skip

    def get_to_confirm(self, s) -> bool:
        """For a deputy: a draft that waits for their confirmation as co-signer."""
        return bool(getattr(s, "to_confirm", False))

    @extend_schema_field(UnitOut(many=True))
    def get_units(self, s):
        return [
            {"name": a.unit.name, "role": a.role, "signed": bool(a.signed_at)}
            for a in sorted(getattr(s, "active_assignments", []), key=lead_first)
        ]


class FileOut(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    size = serializers.IntegerField()
    url = serializers.SerializerMethodField()

    def get_url(self, a) -> str:
        return f"/api/v1/suggestions/{a.suggestion_id}/attachments/{a.id}/"


class SimilarOut(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    year = serializers.IntegerField()
    status = serializers.CharField()
    score = serializers.FloatField(required=False)


class PublicOut(serializers.Serializer):
    reply = serializers.IntegerField(source="pk")
    disclosure = serializers.CharField()
    title = serializers.CharField(source="public_title")
    text = serializers.CharField(source="public_body")
    published_at = serializers.DateTimeField(allow_null=True)


class ActionApi(DomainAPIView):
    """POST /api/v1/suggestions/<id>/<action>/ for one row of the transition table: the row is
    checked first (actor 403, status 409, outside scope 404), then the input, then the service.
    A subclass names its `action`, its `Input`, its `Output` and `perform()`."""

    perms = {"POST": "suggestion.act"}
    action = ""

    class Input(serializers.Serializer):
        pass

    class Output(serializers.Serializer):
        ok = serializers.BooleanField()

    def perform(self, suggestion, user, data: dict) -> dict:
        raise NotImplementedError

    def post(self, request, pk):
        suggestion = selectors.suggestion_get(viewer=request.user, pk=pk)
        # The action named in the URL is the table's row: its actor and status are checked
        # here, so e.g. `reassign` is refused while the suggestion still waits for `assign`.
        workflow.check(suggestion, self.action, request.user)
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        result = self.perform(suggestion, request.user, data.validated_data) or {}
        return Response(self.Output({"ok": True, **result}).data)
