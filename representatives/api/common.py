"""What the register's API modules share: the masked deputy row and its mandates, the labels of
choices, ids of congresses, terms and groups in the viewer's reach, the register's filters."""

from functools import lru_cache

from django.utils.translation import get_language
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema_field
from rest_framework import serializers

from congress.models import Congress, Term
from congress.personal import mask_id_number, mask_phone
from congress.scope import visible
from representatives.models import (
    Deputy,
    DeputyGroup,
    Gender,
    Mandate,
    Occupation,
)
from representatives.selectors.register import ORDERINGS, congress_choices

FILTER_PARAMS = [
    OpenApiParameter("level", str, enum=Congress.Level.values, description="人民代表大会层级"),
    OpenApiParameter("region", str, description="区划代码（含下级）"),
    OpenApiParameter("congress", int),
    OpenApiParameter("term", int),
    OpenApiParameter("status", str, enum=Mandate.Status.values, description="代表资格状态"),
    OpenApiParameter("category", str, enum=Occupation.values, description="代表构成类别"),
    OpenApiParameter("group", int, description="代表小组"),
    OpenApiParameter("gender", str, enum=Gender.values),
    OpenApiParameter("has_account", bool),
    OpenApiParameter("q", str, description="姓名，或拼音首字母（zs 找到 张三）"),
    OpenApiParameter("ordering", str, enum=list(ORDERINGS)),
]


@lru_cache(maxsize=128)
def _choice_labels(model, field: str, language: str | None) -> dict:
    return {value: str(label) for value, label in model._meta.get_field(field).flatchoices}


@extend_schema_field(OpenApiTypes.STR)
class ChoiceLabel(serializers.Field):
    """What get_FOO_display() returns, from a dict made once per language: get_FOO_display()
    rebuilds the choices dict and translates every label on each call, which was a third of
    a register page's time (200k deputies do not change that, but 20-200 rows × 6 labels do)."""

    def __init__(self, path: str, **kwargs):
        self.path = path.split(".")
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, obj):
        for attr in self.path[:-1]:
            obj = getattr(obj, attr)
        value = getattr(obj, self.path[-1])
        return _choice_labels(type(obj), self.path[-1], get_language()).get(value, value)


class MandateOut(serializers.ModelSerializer):
    congress_name = serializers.CharField(source="congress.name")
    level = serializers.CharField(source="congress.level")
    level_display = ChoiceLabel("congress.level")
    term_label = serializers.CharField(source="term.label")
    group_name = serializers.CharField(source="group.name", default="")
    status_display = ChoiceLabel("status")

    class Meta:
        model = Mandate
        fields = [
            "id",
            "congress",
            "congress_name",
            "level",
            "level_display",
            "term",
            "term_label",
            "electoral_unit",
            "group",
            "group_name",
            "start_date",
            "end_date",
            "status",
            "status_display",
            "end_reason",
        ]


class DeputyOut(serializers.ModelSerializer):
    """A row of the register, masked."""

    gender_display = ChoiceLabel("gender")
    affiliation_display = ChoiceLabel("affiliation")
    education_display = ChoiceLabel("education")
    occupation_display = ChoiceLabel("occupation")
    region_name = serializers.CharField(source="region.name")
    id_number_masked = serializers.SerializerMethodField()
    phone_masked = serializers.SerializerMethodField()
    has_account = serializers.SerializerMethodField()
    mandates = MandateOut(many=True)

    class Meta:
        model = Deputy
        fields = [
            "id",
            "name",
            "gender",
            "gender_display",
            "ethnicity",
            "birth_date",
            "affiliation",
            "affiliation_display",
            "education",
            "education_display",
            "occupation",
            "occupation_display",
            "workplace",
            "post",
            "region",
            "region_name",
            "id_number_masked",
            "phone_masked",
            "has_account",
            "mandates",
        ]

    def get_id_number_masked(self, obj) -> str:
        return mask_id_number(obj.id_number)

    def get_phone_masked(self, obj) -> str:
        return mask_phone(obj.phone)

    def get_has_account(self, obj) -> bool:
        return obj.user_id is not None


class Reachable(serializers.PrimaryKeyRelatedField):
    """An id of a congress, term or group: one outside the viewer's reach is refused exactly like
    an id that does not exist, so a 400 never confirms (or names) another county's record.
    The serializer needs the request in its context."""

    def __init__(self, model, **kwargs):
        self.model = model
        super().__init__(queryset=model.objects.none(), **kwargs)  # the model, for the schema

    def get_queryset(self):
        viewer = self.context["request"].user
        congresses = congress_choices(viewer=viewer)
        if self.model is Congress:
            return congresses
        if self.model is Term:
            return Term.objects.select_related("congress").filter(congress__in=congresses)
        return visible(DeputyGroup.objects.all(), viewer, region="region__code")
