"""Filings: the list (staff: their region; a filer: its own) with filters and its export, a
filer's new record, a paper filing registered by staff, the detail and its edit, the options."""

from io import BytesIO

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from drf_spectacular.utils import OpenApiParameter, extend_schema
from openpyxl import Workbook
from rest_framework import serializers
from rest_framework.response import Response

from congress import params
from congress.api import DomainAPIView
from congress.errors import invalid
from congress.exports import xlsx_append, xlsx_response
from congress.models import HandlingUnit
from congress.permissions import has_perm
from congress.schema import XLSX_DOWNLOAD, download, errors, paginated
from congress.scope import region_filter_or_404, visible
from filings import selectors
from filings.api.common import FilingDetailOut, FilingOut, detail, is_overdue
from filings.models import Document, Result, Review, Status
from filings.services.filing import filing_create, filing_paper, filing_update

LIST_PARAMETERS = [
    OpenApiParameter("year", int, description="报备年度（未报备的按登记年度）"),
    OpenApiParameter("status", str, enum=Status.values),
    OpenApiParameter("result", str, enum=Result.values),
    OpenApiParameter("region", str),
    OpenApiParameter("unit", int),
    OpenApiParameter("late", bool, description="只看逾期报备（true）或按期报备（false）"),
    OpenApiParameter("intervention", bool, description="只看提前介入的"),
    OpenApiParameter("overdue", bool, description="只看超过报备或纠正期限的"),
    OpenApiParameter("q", str, description="文件名称、文号或备案登记号"),
]


def listed(request):
    region = params.query_code(request, "region")
    return selectors.filing_list(
        viewer=request.user,
        year=params.query_year(request),
        status=params.query_choice(request, "status", Status.choices),
        result=params.query_choice(request, "result", Result.choices),
        region=region_filter_or_404(request.user, region) if region else "",
        unit=params.query_id(request, "unit"),
        late=params.query_bool(request, "late"),
        intervention=params.query_bool(request, "intervention"),
        overdue=params.query_bool(request, "overdue", default=False),
        today=timezone.localdate(),
        q=params.query_text(request, "q"),
    )


class FilingListApi(DomainAPIView):
    perms = {"GET": "filing.detail", "POST": "filing.file"}

    class Input(serializers.Serializer):
        title = serializers.CharField(max_length=200)
        doc_number = serializers.CharField(max_length=60, required=False, allow_blank=True,
                                           default="")  # fmt: skip
        intervention = serializers.BooleanField(required=False, default=False)
        published_on = serializers.DateField(required=False, allow_null=True, default=None)

    @extend_schema(parameters=[*LIST_PARAMETERS, OpenApiParameter("page", int),
                               OpenApiParameter("page_size", int)],
                   responses={200: paginated(FilingOut), **errors(400, 404)},
                   summary="规范性文件备案（列表）")  # fmt: skip
    def get(self, request):
        return self.paginate(listed(request), FilingOut)

    @extend_schema(request=Input, responses={201: FilingDetailOut, **errors(400)},
                   summary="制定机关新建报备（已公布的文件，或申请提前介入的草案）")  # fmt: skip
    def post(self, request):
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        filing = filing_create(actor=request.user, **data.validated_data)
        return Response(detail(filing, request), status=201)


class PaperFilingApi(DomainAPIView):
    perms = {"POST": "filing.manage"}

    class Input(serializers.Serializer):
        unit = serializers.IntegerField()
        title = serializers.CharField(max_length=200)
        doc_number = serializers.CharField(max_length=60, required=False, allow_blank=True,
                                           default="")  # fmt: skip
        published_on = serializers.DateField()
        filed_on = serializers.DateField()

    @extend_schema(request=Input, responses={201: FilingDetailOut, **errors(400)},
                   summary="登记纸质报备")  # fmt: skip
    def post(self, request):
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        d = dict(data.validated_data)
        unit = visible(HandlingUnit.objects.filter(is_active=True), request.user,
                       region="region__code").filter(pk=d.pop("unit")).first()  # fmt: skip
        if unit is None:
            raise invalid("unit", _("所选制定机关不在您的管辖范围内。"))
        filing = filing_paper(actor=request.user, unit=unit, **d)
        return Response(detail(filing, request), status=201)


class FilingDetailApi(DomainAPIView):
    perms = {"GET": "filing.detail", "PATCH": "filing.file"}

    class Input(serializers.Serializer):
        title = serializers.CharField(max_length=200, required=False)
        doc_number = serializers.CharField(max_length=60, required=False, allow_blank=True)
        published_on = serializers.DateField(required=False)

    @extend_schema(responses={200: FilingDetailOut},
                   summary="备案文件详情（审查、专家意见、材料、办理记录）")  # fmt: skip
    def get(self, request, pk):
        return Response(detail(selectors.filing_get(viewer=request.user, pk=pk), request))

    @extend_schema(request=Input, responses={200: FilingDetailOut, **errors(400, 409)},
                   summary="制定机关修改报备信息（报备前）")  # fmt: skip
    def patch(self, request, pk):
        filing = selectors.filing_get(viewer=request.user, pk=pk)
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        filing = filing_update(actor=request.user, filing=filing, data=dict(data.validated_data))
        return Response(detail(filing, request))


class FilingChoice(serializers.Serializer):
    value = serializers.CharField()
    label = serializers.CharField()


class FilingOptionsApi(DomainAPIView):
    """What the forms and filters offer."""

    perms = {"GET": "filing.detail"}

    class Output(serializers.Serializer):
        statuses = FilingChoice(many=True)
        results = FilingChoice(many=True)
        document_kinds = FilingChoice(many=True)
        stages = FilingChoice(many=True)
        units = FilingChoice(many=True)

    @extend_schema(
        responses={200: Output}, summary="备案审查表单选项（状态、结果、材料类别、制定机关）"
    )
    def get(self, request):
        def choices(c):
            return [{"value": v, "label": str(label)} for v, label in c]

        units = []
        if has_perm(request.user, "filing.manage"):
            qs = visible(HandlingUnit.objects.filter(is_active=True), request.user,
                         region="region__code").order_by("region_id", "name")[:500]  # fmt: skip
            units = [{"value": str(u.pk), "label": u.name} for u in qs]
        return Response({
            "statuses": choices(Status.choices), "results": choices(Result.choices),
            "document_kinds": choices(Document.Kind.choices), "stages": choices(Review.Stage.choices),
            "units": units,
        })  # fmt: skip


EXPORT_HEADER = [
    _l("备案登记号"), _l("文件名称"), _l("文号"), _l("制定机关"), _l("报备区划"), _l("公布日期"),
    _l("报备期限"), _l("报备日期"), _l("报备时限"), _l("提前介入"), _l("状态"), _l("审查结果"),
    _l("纠正期限"), _l("办结日期"),
]  # fmt: skip


class FilingExportApi(DomainAPIView):
    perms = {"GET": "filing.view"}

    @extend_schema(parameters=LIST_PARAMETERS, responses={200: download(XLSX_DOWNLOAD)},
                   summary="导出规范性文件备案（与列表同样的筛选）")  # fmt: skip
    def get(self, request):
        wb = Workbook(write_only=True)
        ws = wb.create_sheet(_("备案审查"))
        xlsx_append(ws, [str(h) for h in EXPORT_HEADER])
        for f in listed(request).iterator(chunk_size=1000):
            timeliness = "" if not f.filed_on else (_("逾期") if f.late else _("按期"))
            if is_overdue(f):
                timeliness = _("已超期")
            xlsx_append(ws, [
                f.number, f.title, f.doc_number, f.unit.name, f.region.name, f.published_on,
                f.due_on, f.filed_on, timeliness, _("是") if f.intervention else "",
                f.get_status_display(), f.get_result_display(), f.correction_due, f.closed_on,
            ])  # fmt: skip
        out = BytesIO()
        wb.save(out)
        return xlsx_response(out.getvalue(), _("规范性文件备案审查.xlsx"))
