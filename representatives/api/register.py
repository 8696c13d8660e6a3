"""The register: the list (and registering a deputy), the detail and its edit, the reveal.
ID numbers and phones leave the server masked, except through the audited reveal and to the
deputy themselves."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.response import Response

from congress.api import DomainAPIView
from congress.models import Congress, Term
from congress.permissions import has_perm
from congress.personal import id_number_errors, normalize_id_number, phone_error
from congress.schema import errors, paginated
from representatives import services
from representatives.api.common import FILTER_PARAMS, DeputyOut, Reachable
from representatives.models import (
    ETHNIC_GROUPS,
    Affiliation,
    DeputyGroup,
    Education,
    Gender,
    Occupation,
)
from representatives.selectors.register import (
    DeputyFilters,
    deputy_get,
    deputy_list,
    deputy_timeline,
)


class TimelineEvent(serializers.Serializer):
    date = serializers.DateField()
    kind = serializers.CharField(help_text="registered / mandate_start / mandate_end …")
    title = serializers.CharField()
    detail = serializers.CharField()


class DeputyPermissions(serializers.Serializer):
    manage = serializers.BooleanField()
    reveal = serializers.BooleanField()
    accounts = serializers.BooleanField()


class DeputyDetailOut(DeputyOut):
    photo_url = serializers.SerializerMethodField()
    username = serializers.CharField(source="user.username", default="")
    timeline = serializers.SerializerMethodField()
    permissions = serializers.SerializerMethodField()

    class Meta(DeputyOut.Meta):
        fields = DeputyOut.Meta.fields + [
            "photo_url",
            "username",
            "timeline",
            "permissions",
            "created_at",
            "updated_at",
        ]

    def get_photo_url(self, obj) -> str:
        return f"/deputies/{obj.pk}/photo/?v={int(obj.updated_at.timestamp())}" if obj.photo else ""

    @extend_schema_field(TimelineEvent(many=True))
    def get_timeline(self, obj) -> list[dict]:
        return deputy_timeline(deputy=obj)

    @extend_schema_field(DeputyPermissions)
    def get_permissions(self, obj) -> dict:
        user = self.context["request"].user
        return {
            "manage": has_perm(user, "deputy.manage"),
            "reveal": has_perm(user, "deputy.reveal"),
            "accounts": has_perm(user, "deputy.accounts"),
        }


def choice(choices, message) -> serializers.ChoiceField:
    return serializers.ChoiceField(
        choices=choices, error_messages={"invalid_choice": message, "required": message}
    )


class DeputyInput(serializers.Serializer):
    """Shape and single-field rules here, so that a form shows all its errors at once; the
    rules that tie fields together (ID number against birth date and gender, scope) are the
    service's."""

    name = serializers.CharField(max_length=50)
    gender = choice(Gender.choices, _lazy("请选择性别。"))
    ethnicity = choice([(e, e) for e in ETHNIC_GROUPS], _lazy("请选择民族。"))
    birth_date = serializers.DateField()
    affiliation = choice(Affiliation.choices, _lazy("请选择政治面貌。"))
    education = choice(Education.choices, _lazy("请选择学历。"))
    occupation = choice(Occupation.choices, _lazy("请选择代表构成类别。"))
    workplace = serializers.CharField(max_length=100, required=False, allow_blank=True)
    post = serializers.CharField(max_length=100, required=False, allow_blank=True)
    phone = serializers.CharField(max_length=20, required=False, allow_blank=True)
    id_number = serializers.CharField(max_length=20)
    region = serializers.CharField(
        max_length=12,
        error_messages={"blank": _lazy("请选择所属区划。"), "required": _lazy("请选择所属区划。")},
    )

    def validate_phone(self, value: str) -> str:
        value = value.strip()
        if message := phone_error(value):
            raise serializers.ValidationError(message)
        return value

    def validate_id_number(self, value: str) -> str:
        value = normalize_id_number(value)
        if value and (message := id_number_errors(value).get("id_number")):
            raise serializers.ValidationError(message)
        return value


class DeputyListApi(DomainAPIView):
    perms = {"GET": "deputy.view", "POST": "deputy.manage"}

    class CreateInput(DeputyInput):
        congress = Reachable(Congress, required=False, allow_null=True)
        term = Reachable(Term, required=False, allow_null=True)
        electoral_unit = serializers.CharField(max_length=100, required=False, allow_blank=True)
        group = Reachable(DeputyGroup, required=False, allow_null=True)
        start_date = serializers.DateField(required=False, allow_null=True)

        def validate(self, attrs):
            if attrs.get("congress") and not attrs.get("term"):
                raise serializers.ValidationError({"term": _("请选择届次。")})
            if attrs.get("congress") and not attrs.get("start_date"):
                raise serializers.ValidationError({"start_date": _("请填写当选日期。")})
            return attrs

    @extend_schema(
        parameters=FILTER_PARAMS,
        responses={200: paginated(DeputyOut), **errors(400, 404)},
        summary="代表名册（region 不在管辖范围内为 404）",
    )
    def get(self, request):
        filters = DeputyFilters.from_params(request.query_params)
        return self.paginate(deputy_list(viewer=request.user, filters=filters), DeputyOut)

    @extend_schema(
        request=CreateInput,
        responses={201: DeputyDetailOut, **errors(400)},
        summary="登记代表（可同时登记代表资格）",
    )
    def post(self, request):
        data = self.CreateInput(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        mandate_keys = ("congress", "term", "electoral_unit", "group", "start_date")
        mandate = {k: values.pop(k) for k in mandate_keys if k in values}
        if mandate.get("congress"):
            mandate.setdefault("electoral_unit", "")
            mandate.setdefault("group", None)
        else:
            mandate = None
        deputy = services.deputy_create(viewer=request.user, data=values, mandate=mandate)
        deputy = deputy_get(viewer=request.user, pk=deputy.pk)
        return Response(DeputyDetailOut(deputy, context={"request": request}).data, status=201)


class DeputyDetailApi(DomainAPIView):
    perms = {"GET": "deputy.view", "PATCH": "deputy.manage"}

    class UpdateInput(DeputyInput):
        id_number = serializers.CharField(max_length=20, required=False, allow_blank=True)

    @extend_schema(responses=DeputyDetailOut, summary="代表详情（含代表资格与履职时间线）")
    def get(self, request, pk):
        deputy = deputy_get(viewer=request.user, pk=pk)
        return Response(DeputyDetailOut(deputy, context={"request": request}).data)

    @extend_schema(
        request=UpdateInput,
        responses={200: DeputyDetailOut, **errors(400)},
        summary="修改代表信息（公民身份号码留空则不变）",
    )
    def patch(self, request, pk):
        deputy = deputy_get(viewer=request.user, pk=pk)
        data = self.UpdateInput(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        services.deputy_update(viewer=request.user, deputy=deputy, data=dict(data.validated_data))
        deputy = deputy_get(viewer=request.user, pk=pk)
        return Response(DeputyDetailOut(deputy, context={"request": request}).data)


class DeputyRevealApi(DomainAPIView):
    perms = {"POST": "deputy.reveal"}

    class Output(serializers.Serializer):
        id_number = serializers.CharField()
        phone = serializers.CharField()

    @extend_schema(
        request=None,
        responses={200: Output},
        summary="查看完整公民身份号码和手机号码（记入审计日志）",
    )
    def post(self, request, pk):
        deputy = deputy_get(viewer=request.user, pk=pk)
        return Response(
            self.Output(services.deputy_reveal(viewer=request.user, deputy=deputy)).data
        )
