"""The register in and out as `.xlsx`: the import (all rows checked, nothing stored while one is
bad), its template, and the masked, audited export."""

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from congress import audit
from congress.api import DomainAPIView
from congress.errors import ApplicationError, error_body
from congress.exports import (
    counted,
    export_file,
    sync_export_check,
    xlsx_file_response,
    xlsx_response,
)
from congress.models import AuditLog, Congress, Term
from congress.schema import XLSX_DOWNLOAD, ErrorSerializer, download, errors
from representatives import excel
from representatives.api.common import FILTER_PARAMS, Reachable
from representatives.importer import ImportInvalid, deputies_import
from representatives.selectors.register import DeputyFilters, deputy_list

IMPORT_MAX_BYTES = 10 * 1024 * 1024


class DeputyExportApi(DomainAPIView):
    """A direct download of a small register; a larger one is the `deputy_export` job (the
    page's 导出 button), which streams any size with its progress (docs/exports.md)."""

    perms = {"GET": "deputy.export"}

    @extend_schema(
        parameters=FILTER_PARAMS,
        responses={200: download(XLSX_DOWNLOAD), **errors(400, 404)},
        summary="导出代表名册（.xlsx，已脱敏；超过直接下载上限时 400，请用 deputy_export 后台任务）",
    )
    def get(self, request):
        filters = DeputyFilters.from_params(request.query_params)
        handle = export_file()
        filename = deputy_export(
            viewer=request.user, filters=filters, source=request.query_params, handle=handle,
            direct=True,
        )  # fmt: skip
        return xlsx_file_response(handle, filename)


def deputy_export(
    *, viewer, filters: DeputyFilters, source, handle, tick=None, direct=False
) -> str:
    """The masked register written into `handle`, and its file name, here and as the
    `deputy_export` job (representatives/jobs.py), whose progress `tick(rows written, rows in
    all)` follows; `direct` refuses more rows than a direct download may hold. `source` (the
    query string or the job's parameters) is audited."""
    deputies = deputy_list(viewer=viewer, filters=filters)
    total = deputies.count() if (tick is not None or direct) else 0
    if direct:
        sync_export_check(total, kind="deputy_export")
    excel.export_workbook(handle, counted(excel.export_rows(deputies), total, tick))
    audit.record(
        AuditLog.Action.EXPORT,
        model="representatives.Deputy",
        object_repr=_("导出代表名册"),
        after={k: v for k, v in source.items() if k != "page"},
    )
    return f"代表名册-{timezone.localdate():%Y%m%d}.xlsx"


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
        check_import_upload(upload)
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


def check_import_upload(upload) -> None:
    """The register file: an .xlsx of at most IMPORT_MAX_BYTES (its rows are read by the import)."""
    if upload.size > IMPORT_MAX_BYTES or not upload.name.lower().endswith(".xlsx"):
        message = _("请上传不超过10MB的 .xlsx 文件。")
        raise ApplicationError(message, fields={"file": [message]})
