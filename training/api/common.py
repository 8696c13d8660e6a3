"""Serializers the training endpoints share."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from congress.params import InvalidParameter, query_date, query_text
from training.models import Audience, Course, Material, StudyItem


@extend_schema_field({"type": "string", "pattern": r"^\d{4}-\d{2}$", "example": "2026-03"})
class MonthOut(serializers.DateField):
    """A month as 2026-03."""

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m", **kwargs)


@extend_schema_field({"type": "string", "pattern": r"^\d{4}-\d{2}(-\d{2})?$", "example": "2026-03"})
class MonthIn(serializers.DateField):
    """A month as 2026-03 (or any day of it), taken as its first day."""

    def to_internal_value(self, value):
        text = str(value or "").strip()
        if len(text) == 7:
            text += "-01"
        return super().to_internal_value(text).replace(day=1)


class RegionRef(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class MaterialOut(serializers.ModelSerializer):
    region = RegionRef()
    kind_display = serializers.CharField(source="get_kind_display")
    course = serializers.IntegerField(source="course_id", allow_null=True)
    url = serializers.SerializerMethodField()

    class Meta:
        model = Material
        fields = [
            "id", "region", "course", "title", "kind", "kind_display", "file_name",
            "content_type", "size", "minutes", "created_at", "url",
        ]  # fmt: skip

    def get_url(self, obj) -> str:
        return f"/api/v1/training/materials/{obj.pk}/file/"


class QuestionIn(serializers.Serializer):
    text = serializers.CharField(max_length=300)
    choices = serializers.ListField(
        child=serializers.CharField(max_length=200), min_length=2, max_length=6
    )
    answers = serializers.ListField(
        child=serializers.IntegerField(min_value=0, max_value=5), min_length=1, max_length=6,
        error_messages={"min_length": _("请选出正确答案。")},
    )  # fmt: skip


class QuestionOut(serializers.Serializer):
    """A question as a learner sees it: the right answers stay on the server."""

    id = serializers.IntegerField()
    order = serializers.IntegerField()
    text = serializers.CharField()
    choices = serializers.ListField(child=serializers.CharField())
    multiple = serializers.BooleanField()


class QuestionStaffOut(QuestionOut):
    answers = serializers.ListField(child=serializers.IntegerField())


class ItemIn(serializers.Serializer):
    title = serializers.CharField(max_length=120)
    material = serializers.IntegerField(
        min_value=1, error_messages={"required": _("请选择学习资料。")}
    )
    min_minutes = serializers.IntegerField(min_value=0, max_value=600, default=0)
    hours = serializers.IntegerField(min_value=0, max_value=60, default=1)
    pass_mark = serializers.IntegerField(min_value=1, max_value=100, default=60)
    questions = QuestionIn(many=True, required=False)

    def service_data(self) -> dict:
        return item_data(self.validated_data)


def item_data(validated: dict) -> dict:
    """An item's validated input as the services take it."""
    v = dict(validated)
    if "material" in v:
        v["material_id"] = v.pop("material")
    if "questions" in v:
        v["questions"] = [dict(q) for q in v["questions"]]
    return v


def query_month(request, name: str = "month"):
    """?month=2026-03 (or a day of it) as the month's first day; a 400 on the parameter else."""
    text = query_text(request, name, max_length=10)
    if not text:
        return None
    try:
        day = query_date({name: f"{text}-01" if len(text) == 7 else text}, name)
    except InvalidParameter as exc:
        raise InvalidParameter(name, str(_("请填写月份，格式如 2026-03。"))) from exc
    return day.replace(day=1)


class StudyItemOut(serializers.ModelSerializer):
    material = MaterialOut()
    questions = QuestionStaffOut(many=True)
    question_count = serializers.SerializerMethodField()

    class Meta:
        model = StudyItem
        fields = [
            "id", "order", "title", "material", "min_minutes", "hours", "pass_mark",
            "question_count", "questions",
        ]  # fmt: skip

    def get_question_count(self, obj) -> int:
        return len(obj.questions.all())


class CourseOut(serializers.ModelSerializer):
    region = RegionRef()
    kind_display = serializers.CharField(source="get_kind_display")
    mode_display = serializers.CharField(source="get_mode_display")
    audience_display = serializers.CharField(source="get_audience_display")
    status_display = serializers.CharField(source="get_status_display")
    item_count = serializers.IntegerField(default=0)
    material_count = serializers.IntegerField(default=0)

    class Meta:
        model = Course
        fields = [
            "id", "region", "year", "title", "kind", "kind_display", "mode", "mode_display",
            "audience", "audience_display", "hours", "description", "status", "status_display",
            "item_count", "material_count", "created_at",
        ]  # fmt: skip


AUDIENCE_CHOICES = Audience.choices
