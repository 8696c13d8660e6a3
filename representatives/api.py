"""The register's API: one class per action. ID numbers and phones leave the server masked,
except through the audited reveal and to the deputy themselves."""

from functools import lru_cache

from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from congress import audit, params
from congress.api import DomainAPIView
from congress.errors import ApplicationError, error_body
from congress.exports import xlsx_response
from congress.models import AuditLog, Congress, Term
from congress.permissions import has_perm
from congress.personal import (
    id_number_errors,
    mask_id_number,
    mask_phone,
    normalize_id_number,
    phone_error,
)
from congress.schema import XLSX_DOWNLOAD, ErrorSerializer, download, errors, paginated
from congress.scope import region_prefix, visible
from representatives import excel, selectors, services
from representatives.importer import ImportInvalid, deputies_import
from representatives.models import (
    ETHNIC_GROUPS,
    Affiliation,
    Deputy,
    DeputyGroup,
    Education,
    Gender,
    Mandate,
    Occupation,
)

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
    OpenApiParameter("ordering", str, enum=list(selectors.ORDERINGS)),
]
IMPORT_MAX_BYTES = 10 * 1024 * 1024


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
        return selectors.deputy_timeline(deputy=obj)

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


class Reachable(serializers.PrimaryKeyRelatedField):
    """An id of a congress, term or group: one outside the viewer's reach is refused exactly like
    an id that does not exist, so a 400 never confirms (or names) another county's record.
    The serializer needs the request in its context."""

    def __init__(self, model, **kwargs):
        self.model = model
        super().__init__(queryset=model.objects.none(), **kwargs)  # the model, for the schema

    def get_queryset(self):
        viewer = self.context["request"].user
        congresses = selectors.congress_choices(viewer=viewer)
        if self.model is Congress:
            return congresses
        if self.model is Term:
            return Term.objects.select_related("congress").filter(congress__in=congresses)
        return visible(DeputyGroup.objects.all(), viewer, region="region__code")


class MandateInput(serializers.Serializer):
    congress = Reachable(Congress)
    term = Reachable(Term)
    electoral_unit = serializers.CharField(
        max_length=100, required=False, allow_blank=True, default=""
    )
    group = Reachable(DeputyGroup, required=False, allow_null=True, default=None)
    start_date = serializers.DateField()


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
        filters = selectors.DeputyFilters.from_params(request.query_params)
        return self.paginate(selectors.deputy_list(viewer=request.user, filters=filters), DeputyOut)

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
        deputy = selectors.deputy_get(viewer=request.user, pk=deputy.pk)
        return Response(DeputyDetailOut(deputy, context={"request": request}).data, status=201)


class DeputyDetailApi(DomainAPIView):
    perms = {"GET": "deputy.view", "PATCH": "deputy.manage"}

    class UpdateInput(DeputyInput):
        id_number = serializers.CharField(max_length=20, required=False, allow_blank=True)

    @extend_schema(responses=DeputyDetailOut, summary="代表详情（含代表资格与履职时间线）")
    def get(self, request, pk):
        deputy = selectors.deputy_get(viewer=request.user, pk=pk)
        return Response(DeputyDetailOut(deputy, context={"request": request}).data)

    @extend_schema(
        request=UpdateInput,
        responses={200: DeputyDetailOut, **errors(400)},
        summary="修改代表信息（公民身份号码留空则不变）",
    )
    def patch(self, request, pk):
        deputy = selectors.deputy_get(viewer=request.user, pk=pk)
        data = self.UpdateInput(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        services.deputy_update(viewer=request.user, deputy=deputy, data=dict(data.validated_data))
        deputy = selectors.deputy_get(viewer=request.user, pk=pk)
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
        deputy = selectors.deputy_get(viewer=request.user, pk=pk)
        return Response(
            self.Output(services.deputy_reveal(viewer=request.user, deputy=deputy)).data
        )


class MandateCreateApi(DomainAPIView):
    perms = {"POST": "deputy.manage"}

    @extend_schema(
        request=MandateInput, responses={201: MandateOut, **errors(400)}, summary="登记代表资格"
    )
    def post(self, request, pk):
        deputy = selectors.deputy_get(viewer=request.user, pk=pk)
        data = MandateInput(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        mandate = services.mandate_create(viewer=request.user, deputy=deputy, **data.validated_data)
        return Response(MandateOut(mandate).data, status=201)


class MandateDetailApi(DomainAPIView):
    perms = {"PATCH": "deputy.manage"}

    class Input(serializers.Serializer):
        electoral_unit = serializers.CharField(
            max_length=100, required=False, allow_blank=True, default=""
        )
        group = Reachable(DeputyGroup, required=False, allow_null=True, default=None)

    @extend_schema(
        request=Input,
        responses={200: MandateOut, **errors(400)},
        summary="修改代表资格的选区和代表小组",
    )
    def patch(self, request, pk):
        mandate = selectors.mandate_get(viewer=request.user, pk=pk)
        data = self.Input(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        mandate = services.mandate_update(
            viewer=request.user, mandate=mandate, **data.validated_data
        )
        return Response(MandateOut(mandate).data)


class MandateEndApi(DomainAPIView):
    perms = {"POST": "deputy.manage"}

    class Input(serializers.Serializer):
        status = serializers.ChoiceField(
            choices=[c for c in Mandate.Status.choices if c[0] != Mandate.Status.SERVING]
        )
        end_date = serializers.DateField()
        reason = serializers.CharField(max_length=200)

    @extend_schema(
        request=Input,
        responses={200: MandateOut, **errors(400, 409)},
        summary="终止代表资格（辞职、罢免、资格终止、调离）",
    )
    def post(self, request, pk):
        mandate = selectors.mandate_get(viewer=request.user, pk=pk)
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        mandate = services.mandate_end(viewer=request.user, mandate=mandate, **data.validated_data)
        return Response(MandateOut(mandate).data)


class DeputyExportApi(DomainAPIView):
    perms = {"GET": "deputy.export"}

    @extend_schema(
        parameters=FILTER_PARAMS,
        responses={200: download(XLSX_DOWNLOAD), **errors(400, 404)},
        summary="导出代表名册（.xlsx，已脱敏）",
    )
    def get(self, request):
        filters = selectors.DeputyFilters.from_params(request.query_params)
        deputies = selectors.deputy_list(viewer=request.user, filters=filters)
        content = excel.export_workbook(deputies.iterator(chunk_size=2000))
        audit.record(
            AuditLog.Action.EXPORT,
            model="representatives.Deputy",
            object_repr=_("导出代表名册"),
            after={k: v for k, v in request.query_params.items() if k != "page"},
        )
        return xlsx_response(content, f"代表名册-{timezone.localdate():%Y%m%d}.xlsx")


class ImportTemplateApi(DomainAPIView):
    perms = {"GET": "deputy.import"}

    @extend_schema(responses={200: download(XLSX_DOWNLOAD)}, summary="下载代表名册导入模板")
    def get(self, request):
        return xlsx_response(excel.template_workbook(), "代表名册导入模板.xlsx")


class ImportRowError(serializers.Serializer):
    row = serializers.IntegerField(help_text="表格行号；0 为整个文件")
    column = serializers.CharField()
    message = serializers.CharField()


class DeputyImportApi(DomainAPIView):
    perms = {"POST": "deputy.import"}
    parser_classes = [MultiPartParser, FormParser]

    class Input(serializers.Serializer):
        file = serializers.FileField()
        congress = Reachable(Congress)
        term = Reachable(Term)

    class Output(serializers.Serializer):
        rows = serializers.IntegerField()
        created = serializers.IntegerField()
        updated = serializers.IntegerField()
        unchanged = serializers.IntegerField()
        mandates_created = serializers.IntegerField()
        mandates_updated = serializers.IntegerField()
        groups_created = serializers.IntegerField()

    class Invalid(ErrorSerializer):
        """The error shape plus every bad row (absent when the file itself was refused)."""

        errors = ImportRowError(many=True, required=False)

    @extend_schema(
        request=Input,
        responses={200: Output, 400: Invalid},
        summary="导入代表名册（整表校验，有错误则不导入）",
    )
    def post(self, request):
        data = self.Input(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        upload = data.validated_data["file"]
        if upload.size > IMPORT_MAX_BYTES or not upload.name.lower().endswith(".xlsx"):
            message = _("请上传不超过10MB的 .xlsx 文件。")
            raise ApplicationError(message, fields={"file": [message]})
        try:
            result = deputies_import(
                viewer=request.user,
                file=upload,
                congress=data.validated_data["congress"],
                term=data.validated_data["term"],
            )
        except ImportInvalid as exc:
            body = error_body(exc.code, exc.message, exc.fields)
            body["errors"] = [e.as_dict() for e in exc.errors]
            return Response(body, status=400)
        return Response(self.Output(result.as_dict()).data)


class DeputyAccountOut(serializers.Serializer):
    deputy = serializers.IntegerField()
    name = serializers.CharField()
    username = serializers.CharField()
    password = serializers.CharField(help_text="初始密码，仅此一次显示，首次登录须修改")


class DeputyAccountsApi(DomainAPIView):
    perms = {"POST": "deputy.accounts"}

    class Input(serializers.Serializer):
        ids = serializers.ListField(child=serializers.IntegerField(), allow_empty=False)

    class Output(serializers.Serializer):
        created = serializers.SerializerMethodField()
        skipped = serializers.IntegerField(help_text="已有账号的代表数")

        @extend_schema_field(DeputyAccountOut(many=True))
        def get_created(self, data) -> list[dict]:
            return data["created"]

    @extend_schema(
        request=Input,
        responses={200: Output, **errors(400)},
        summary="为代表批量创建登录账号（初始密码仅显示一次）",
    )
    def post(self, request):
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        ids = data.validated_data["ids"]
        deputies = list(selectors.visible_deputies(request.user).filter(pk__in=ids).order_by("pk"))
        if len(deputies) != len(set(ids)):
            raise ApplicationError(
                _("部分代表不存在或不在您的管辖范围内。"),
                fields={"ids": [_("部分代表不存在或不在您的管辖范围内。")]},
            )
        accounts = services.deputy_accounts_create(viewer=request.user, deputies=deputies)
        body = {"created": accounts, "skipped": len(deputies) - len(accounts)}
        return Response(self.Output(body).data)


class Counted(serializers.Serializer):
    value = serializers.CharField()
    label = serializers.CharField()
    count = serializers.IntegerField()
    share = serializers.FloatField(help_text="占在任代表总数的比例（0–1）")


class Highlight(serializers.Serializer):
    key = serializers.ChoiceField(choices=[k for k, _l in selectors.HIGHLIGHTS])
    label = serializers.CharField()
    count = serializers.IntegerField()
    share = serializers.FloatField()


class SubregionFigures(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    total = serializers.IntegerField()
    shares = serializers.DictField(child=serializers.FloatField(), help_text="按 highlights 的 key")

    def get_fields(self):
        fields = super().get_fields()
        for key, _label in selectors.HIGHLIGHTS:
            fields[key] = serializers.IntegerField()
        return fields


class Dimension(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    rows = Counted(many=True)


class StatisticsApi(DomainAPIView):
    perms = {"GET": "deputy.statistics"}
    params = [
        OpenApiParameter("region", str, description="区划代码（不在管辖范围内为 404）"),
        OpenApiParameter("congress", int),
    ]

    class Output(serializers.Serializer):
        region = serializers.CharField()
        congress = serializers.IntegerField(allow_null=True)
        total = serializers.IntegerField()
        highlights = Highlight(many=True)
        by_region = SubregionFigures(many=True, help_text="下一级区划各自的数字")
        dimensions = Dimension(many=True)

    @staticmethod
    def stats(request) -> dict:
        return selectors.composition(
            viewer=request.user,
            region_code=params.query_code(request, "region"),
            congress_id=params.query_id(request, "congress"),
        )

    @extend_schema(
        parameters=params, responses={200: Output, **errors(400, 404)}, summary="代表构成统计"
    )
    def get(self, request):
        return Response(self.Output(self.stats(request)).data)


class StatisticsExportApi(StatisticsApi):
    @extend_schema(
        parameters=StatisticsApi.params,
        responses={200: download(XLSX_DOWNLOAD), **errors(400, 404)},
        summary="代表构成统计（.xlsx）",
    )
    def get(self, request):
        stats = self.stats(request)
        title = _("代表构成统计（在任代表）")
        return xlsx_response(excel.statistics_workbook(stats, title=title), "代表构成统计.xlsx")


class TermOption(serializers.Serializer):
    id = serializers.IntegerField()
    label = serializers.CharField()
    start_date = serializers.DateField()
    end_date = serializers.DateField()


class CongressOption(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    level = serializers.CharField()
    region = serializers.CharField()
    terms = TermOption(many=True)


class ChoicePair(serializers.Serializer):
    value = serializers.CharField()
    label = serializers.CharField()


class OptionsApi(DomainAPIView):
    """What the register's forms and filters offer: congresses in reach, their terms and groups."""

    perms = {"GET": "deputy.view"}

    class Output(serializers.Serializer):
        scope = serializers.CharField(
            allow_null=True, help_text="可见范围的区划代码；空串为全部，null 为无"
        )
        congresses = CongressOption(many=True)
        levels = ChoicePair(many=True)
        statuses = ChoicePair(many=True)
        genders = ChoicePair(many=True)
        affiliations = ChoicePair(many=True)
        educations = ChoicePair(many=True)
        occupations = ChoicePair(many=True)
        ethnicities = serializers.ListField(child=serializers.CharField())

    @extend_schema(
        responses={200: Output}, summary="代表名册的选项（人民代表大会、届次、代表小组、字典）"
    )
    def get(self, request):
        congresses = list(selectors.congress_choices(viewer=request.user).prefetch_related("terms"))
        return Response(
            self.Output(
                {
                    "scope": region_prefix(request.user),
                    "congresses": [
                        {
                            "id": c.pk,
                            "name": c.name,
                            "level": c.level,
                            "region": c.region_id,
                            "terms": [
                                {
                                    "id": t.pk,
                                    "label": t.label,
                                    "start_date": t.start_date,
                                    "end_date": t.end_date,
                                }
                                for t in c.terms.all()
                            ],
                        }
                        for c in congresses
                    ],
                    "levels": _pairs(Congress.Level.choices),
                    "statuses": _pairs(Mandate.Status.choices),
                    "genders": _pairs(Gender.choices),
                    "affiliations": _pairs(Affiliation.choices),
                    "educations": _pairs(Education.choices),
                    "occupations": _pairs(Occupation.choices),
                    "ethnicities": ETHNIC_GROUPS,
                }
            ).data
        )


def _pairs(choices) -> list[dict]:
    return [{"value": v, "label": str(label)} for v, label in choices]


class GroupListApi(DomainAPIView):
    perms = {"GET": "deputy.view"}

    class Output(serializers.ModelSerializer):
        congress_name = serializers.CharField(source="congress.name")
        region_name = serializers.CharField(source="region.name")
        serving = serializers.IntegerField()

        class Meta:
            model = DeputyGroup
            fields = ["id", "name", "congress", "congress_name", "region", "region_name", "serving"]

    @extend_schema(
        parameters=[OpenApiParameter("congress", int)],
        responses={200: paginated(Output), **errors(400)},
        summary="代表小组",
    )
    def get(self, request):
        groups = selectors.group_list(
            viewer=request.user, congress_id=params.query_id(request, "congress")
        )
        return self.paginate(groups, self.Output)


class MyInfoApi(DomainAPIView):
    """The logged-in deputy's own record, in full (it is their own data)."""

    perms = {"GET": "deputy.self", "PATCH": "deputy.self"}

    class Output(DeputyOut):
        id_number = serializers.CharField()
        phone = serializers.CharField()
        photo_url = serializers.SerializerMethodField()

        class Meta(DeputyOut.Meta):
            fields = DeputyOut.Meta.fields + ["id_number", "phone", "photo_url"]

        def get_photo_url(self, obj) -> str:
            return (
                f"/deputies/{obj.pk}/photo/?v={int(obj.updated_at.timestamp())}"
                if obj.photo
                else ""
            )

    class Input(serializers.Serializer):
        phone = serializers.CharField(max_length=20, allow_blank=True)

    @extend_schema(responses=Output, summary="我的信息")
    def get(self, request):
        return Response(self.Output(selectors.deputy_of_user(request.user)).data)

    @extend_schema(
        request=Input, responses={200: Output, **errors(400)}, summary="修改我的手机号码"
    )
    def patch(self, request):
        deputy = selectors.deputy_of_user(request.user)
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        services.deputy_self_update(deputy=deputy, phone=data.validated_data["phone"])
        return Response(self.Output(selectors.deputy_of_user(request.user)).data)


class MyPhotoApi(DomainAPIView):
    perms = {"POST": "deputy.self"}
    parser_classes = [MultiPartParser, FormParser]

    class Input(serializers.Serializer):
        photo = serializers.FileField()

    @extend_schema(
        request=Input,
        responses={200: MyInfoApi.Output, **errors(400)},
        summary="上传我的照片（JPG/PNG/WebP，5MB以内）",
    )
    def post(self, request):
        deputy = selectors.deputy_of_user(request.user)
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        services.deputy_photo_set(deputy=deputy, upload=data.validated_data["photo"])
        return Response(MyInfoApi.Output(selectors.deputy_of_user(request.user)).data)
