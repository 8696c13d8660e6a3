"""Relations with their progress of the year, who is behind target, and the Excel export."""

from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from congress import params
from congress.api import DomainAPIView
from congress.exports import export_file, xlsx_file_response
from congress.schema import XLSX_DOWNLOAD, download, errors, paginated
from congress.scope import region_filter_or_404
from contacts import exports, figures, selectors, workflow
from contacts.api.common import ContactRecordOut, ContactRelationOut
from contacts.models import Kind
from contacts.services.relations import relation_create, relation_update

LIST_PARAMS = [
    OpenApiParameter("year", int), OpenApiParameter("kind", str),
    OpenApiParameter("region", str), OpenApiParameter("behind", bool),
    OpenApiParameter("q", str),
]  # fmt: skip


def list_filters(request) -> dict:
    region = params.query_code(request, "region")
    return {
        "year": params.query_year(request, default=timezone.localdate().year),
        "kind": params.query_choice(request, "kind", Kind.values),
        "region": region_filter_or_404(request.user, region) if region else "",
        "behind": bool(params.query_bool(request, "behind", default=False)),
        "q": params.query_text(request, "q", max_length=50),
    }


class ContactRelationInput(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Kind.choices)
    contactor = serializers.IntegerField(required=False, allow_null=True)
    member = serializers.IntegerField(required=False, allow_null=True)
    township = serializers.CharField(max_length=12, required=False, allow_blank=True, default="")
    deputy = serializers.IntegerField(required=False, allow_null=True)
    yearly_target = serializers.IntegerField(min_value=1, max_value=52, required=False)
    starts_on = serializers.DateField(required=False)
    note = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class ContactRelationUpdateInput(serializers.Serializer):
    yearly_target = serializers.IntegerField(min_value=1, max_value=52, required=False)
    ends_on = serializers.DateField(required=False, allow_null=True)
    note = serializers.CharField(max_length=200, required=False, allow_blank=True)


class ContactSummaryOut(serializers.Serializer):
    year = serializers.IntegerField()
    relations = serializers.IntegerField()
    reached = serializers.IntegerField()
    coverage = serializers.FloatField(allow_null=True)


class ContactRelationDetailOut(ContactRelationOut):
    contacts = ContactRecordOut(many=True)
    can_log = serializers.BooleanField()
    can_manage = serializers.BooleanField()


def relation_detail(request, pk: int) -> dict:
    user = request.user
    year = timezone.localdate().year
    relation = selectors.relation_get(viewer=user, pk=pk)
    relation.done = figures.with_done(
        selectors.relations_visible(user).filter(pk=pk), year
    ).values_list("done", flat=True)[0]
    contacts = list(selectors.contacts_of(relation))
    context = {"request": request, "relation": relation}
    return {
        **ContactRelationOut(relation, context=context).data,
        "contacts": ContactRecordOut(contacts, many=True, context=context).data,
        "can_log": workflow.is_staff_of(user, relation) or workflow.is_contactor(user, relation),
        "can_manage": workflow.is_staff_of(user, relation),
    }


class RelationListApi(DomainAPIView):
    perms = {"GET": "contact.view", "POST": "contact.manage"}

    @extend_schema(parameters=[*LIST_PARAMS, OpenApiParameter("page", int)],
                   responses={200: paginated(ContactRelationOut), **errors(400, 404)},
                   summary="联系关系列表（含本年度完成次数）")  # fmt: skip
    def get(self, request):
        return self.paginate(
            selectors.relation_list(viewer=request.user, **list_filters(request)),
            ContactRelationOut,
        )

    @extend_schema(request=ContactRelationInput, responses={201: ContactRelationDetailOut, **errors(400)},
                   summary="新建联系关系")  # fmt: skip
    def post(self, request):
        data = ContactRelationInput(data=request.data)
        data.is_valid(raise_exception=True)
        d = dict(data.validated_data)
        relation = relation_create(
            actor=request.user, kind=d["kind"], contactor_id=d.get("contactor"),
            member_id=d.get("member"), township=d.get("township", ""), deputy_id=d.get("deputy"),
            yearly_target=d.get("yearly_target"), starts_on=d.get("starts_on"), note=d["note"],
        )  # fmt: skip
        return Response(relation_detail(request, relation.pk), status=201)


class RelationSummaryApi(DomainAPIView):
    perms = {"GET": "contact.view"}

    @extend_schema(parameters=LIST_PARAMS, responses={200: ContactSummaryOut, **errors(400, 404)},
                   summary="联系工作达标率（与列表同一口径）")  # fmt: skip
    def get(self, request):
        filters = {**list_filters(request), "behind": False}
        qs = selectors.relation_list(viewer=request.user, **filters)
        total = qs.count()
        reached = qs.filter(done__gte=figures.F("yearly_target")).count()
        return Response(ContactSummaryOut({
            "year": filters["year"], "relations": total, "reached": reached,
            "coverage": round(reached / total, 4) if total else None,
        }).data)  # fmt: skip


class RelationExportApi(DomainAPIView):
    perms = {"GET": "contact.view"}

    @extend_schema(parameters=LIST_PARAMS, responses={200: download(XLSX_DOWNLOAD), **errors(400, 404)},
                   summary="导出联系关系（.xlsx；超过直接下载上限时 400，请用 contact_export 后台任务）")  # fmt: skip
    def get(self, request):
        filters = list_filters(request)
        handle = export_file()
        filename = exports.relations_xlsx(
            rows=selectors.relation_list(viewer=request.user, **filters),
            source=request.query_params, handle=handle, direct=True,
        )  # fmt: skip
        return xlsx_file_response(handle, filename)


class RelationDetailApi(DomainAPIView):
    perms = {"GET": "contact.read", "PATCH": "contact.manage"}

    @extend_schema(responses={200: ContactRelationDetailOut}, summary="联系关系详情与联系记录")
    def get(self, request, pk):
        return Response(relation_detail(request, pk))

    @extend_schema(request=ContactRelationUpdateInput, responses={200: ContactRelationDetailOut, **errors(400)},
                   summary="修改联系关系（目标、结束日期、备注）")  # fmt: skip
    def patch(self, request, pk):
        relation = selectors.relation_get(viewer=request.user, pk=pk)
        data = ContactRelationUpdateInput(data=request.data)
        data.is_valid(raise_exception=True)
        relation_update(actor=request.user, relation=relation, data=dict(data.validated_data))
        return Response(relation_detail(request, pk))
