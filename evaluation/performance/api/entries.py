"""The API of archive entries: list, record, change, delete, evidence file."""

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from congress import params
from congress.api import DomainAPIView
from congress.downloads import file_response
from congress.schema import download, errors, paginated
from congress.scope import region_in_scope_or_404
from evaluation.models import ActivityKind, ArchiveEntry
from evaluation.performance import archive, selectors


class EntryOut(serializers.ModelSerializer):
    deputy_name = serializers.CharField(source="deputy.name")
    region_name = serializers.CharField(source="deputy.region.name")
    kind_display = serializers.CharField(source="get_kind_display")
    source_display = serializers.CharField(source="get_source_display")
    editable = serializers.SerializerMethodField()
    evidence_file = serializers.SerializerMethodField()

    class Meta:
        model = ArchiveEntry
        fields = [
            "id",
            "deputy",
            "deputy_name",
            "region_name",
            "kind",
            "kind_display",
            "occurred_on",
            "title",
            "detail",
            "quantity",
            "source",
            "source_display",
            "evidence",
            "evidence_file",
            "editable",
        ]

    def get_evidence_file(self, entry) -> str | None:
        return f"/api/v1/performance/entries/{entry.pk}/evidence/" if entry.evidence_file else None

    def get_editable(self, entry) -> bool:
        return entry.source == ArchiveEntry.Source.STAFF


def region_filter(request) -> str:
    """?region= names a region of the viewer's scope, else 404 (never an empty or ignored filter)."""
    code = params.query_code(request, "region")
    return region_in_scope_or_404(request.user, code).code if code else ""


class ArchiveEntryListApi(DomainAPIView):
    perms = {"GET": "performance.view", "POST": "performance.manage"}

    class Input(serializers.Serializer):
        deputy = serializers.IntegerField()
        kind = serializers.ChoiceField(choices=ActivityKind.choices)
        occurred_on = serializers.DateField()
        title = serializers.CharField(max_length=200)
        detail = serializers.CharField(required=False, allow_blank=True, default="")
        quantity = serializers.IntegerField(min_value=1, max_value=60, default=1)
        evidence = serializers.CharField(
            max_length=300, required=False, allow_blank=True, default=""
        )
        evidence_file = serializers.FileField(required=False, allow_null=True, default=None)

        def validate_occurred_on(self, value):
            if value > timezone.localdate():
                raise serializers.ValidationError(_("日期不能晚于今天。"))
            return value

    @extend_schema(
        parameters=[
            OpenApiParameter("deputy", int),
            OpenApiParameter("kind", str, enum=ActivityKind.values),
            OpenApiParameter("source", str, enum=ArchiveEntry.Source.values),
            OpenApiParameter("region", str),
            OpenApiParameter("year", int),
            OpenApiParameter("q", str),
        ],
        responses={200: paginated(EntryOut), **errors(400, 404)},
        summary="履职档案记录",
    )
    def get(self, request):
        filters = selectors.EntryFilters(
            deputy=params.query_id(request, "deputy"),
            kind=params.query_choice(request, "kind", ActivityKind.choices),
            source=params.query_choice(request, "source", ArchiveEntry.Source.choices),
            region=region_filter(request),
            year=params.query_year(request),
            q=params.query_text(request, "q"),
        )
        return self.paginate(
            selectors.archive_entry_list(viewer=request.user, filters=filters), EntryOut
        )

    @extend_schema(
        request=Input,
        responses={201: EntryOut, **errors(400, 404)},
        summary="录入履职记录（会议、视察、调研、培训、表彰等）",
    )
    def post(self, request):
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        deputy = selectors.deputy_get(viewer=request.user, pk=values.pop("deputy"))
        entry = archive.archive_entry_create(actor=request.user, deputy=deputy, **values)
        return Response(EntryOut(entry).data, status=201)


class ArchiveEntryDetailApi(DomainAPIView):
    perms = {
        "GET": "performance.view",
        "PATCH": "performance.manage",
        "DELETE": "performance.manage",
    }

    class Input(serializers.Serializer):
        kind = serializers.ChoiceField(choices=ActivityKind.choices, required=False)
        occurred_on = serializers.DateField(required=False)
        title = serializers.CharField(max_length=200, required=False)
        detail = serializers.CharField(required=False, allow_blank=True)
        quantity = serializers.IntegerField(min_value=1, max_value=60, required=False)
        evidence = serializers.CharField(max_length=300, required=False, allow_blank=True)

    @extend_schema(responses={200: EntryOut}, summary="履职记录详情")
    def get(self, request, pk):
        return Response(EntryOut(selectors.archive_entry_get(viewer=request.user, pk=pk)).data)

    @extend_schema(
        request=Input,
        responses={200: EntryOut, **errors(400, 409)},
        summary="修改工作人员录入的履职记录",
    )
    def patch(self, request, pk):
        entry = selectors.archive_entry_get(viewer=request.user, pk=pk)
        data = self.Input(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        entry = archive.archive_entry_update(actor=request.user, entry=entry, **data.validated_data)
        return Response(EntryOut(entry).data)

    @extend_schema(responses={204: None, **errors(409)}, summary="删除工作人员录入的履职记录")
    def delete(self, request, pk):
        entry = selectors.archive_entry_get(viewer=request.user, pk=pk)
        archive.archive_entry_delete(actor=request.user, entry=entry)
        return Response(status=204)


class ArchiveEntryEvidenceApi(DomainAPIView):
    """An archive entry's evidence file, in the entry's scope (404 outside)."""

    perms = {"GET": "performance.view"}

    @extend_schema(
        responses={200: download("application/octet-stream", "附件原文件（类型随上传文件）")},
        summary="下载履职记录佐证附件",
    )
    def get(self, request, pk):
        entry = selectors.archive_entry_get(viewer=request.user, pk=pk)
        return file_response(entry.evidence_file)
