"""Documents of a project's stages, and the files of 整改 reports and commitment evidence:
uploaded checked by content and size (meetings/files.py), downloaded through the record's
selector (404 outside the viewer's scope)."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response

from congress.api import DomainAPIView
from congress.downloads import file_response
from congress.schema import download, errors
from supervision import selectors
from supervision.api.common import ProjectDocumentOut
from supervision.services.projects import document_add, document_remove


class ProjectDocumentListApi(DomainAPIView):
    perms = {"GET": "supervision.read", "POST": "supervision.manage"}
    parser_classes = [MultiPartParser]

    class Input(serializers.Serializer):
        title = serializers.CharField(max_length=200)
        file = serializers.FileField()

    @extend_schema(responses={200: ProjectDocumentOut(many=True)}, summary="监督项目材料")
    def get(self, request, pk):
        project = selectors.project_get(viewer=request.user, pk=pk)
        return Response(ProjectDocumentOut(selectors.documents_of(project), many=True).data)

    @extend_schema(request={"multipart/form-data": Input}, responses={201: ProjectDocumentOut, **errors(400, 409)},
                   summary="上传材料（记入当前阶段；按内容与大小校验）")  # fmt: skip
    def post(self, request, pk):
        project = selectors.project_get(viewer=request.user, pk=pk)
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        document = document_add(actor=request.user, project=project, **data.validated_data)
        return Response(ProjectDocumentOut(document).data, status=201)


class ProjectDocumentDetailApi(DomainAPIView):
    perms = {"DELETE": "supervision.manage"}

    @extend_schema(responses={204: None, **errors(409)}, summary="删除材料")
    def delete(self, request, pk):
        document_remove(
            actor=request.user, document=selectors.document_get(viewer=request.user, pk=pk)
        )
        return Response(status=204)


class ProjectDocumentFileApi(DomainAPIView):
    perms = {"GET": "supervision.read"}

    @extend_schema(responses={200: download("application/octet-stream")}, summary="下载材料")
    def get(self, request, pk):
        document = selectors.document_get(viewer=request.user, pk=pk)
        return file_response(document.file, filename=document.file_name)


class RectificationReportFileApi(DomainAPIView):
    perms = {"GET": "supervision.read"}

    @extend_schema(responses={200: download("application/octet-stream")}, summary="下载整改报告")
    def get(self, request, pk):
        report = selectors.report_get(viewer=request.user, pk=pk)
        return file_response(report.file, filename=report.file_name or None)


class CommitmentEvidenceFileApi(DomainAPIView):
    perms = {"GET": "supervision.read"}

    @extend_schema(
        responses={200: download("application/octet-stream")}, summary="下载承诺事项完成佐证"
    )
    def get(self, request, pk):
        commitment = selectors.commitment_get(viewer=request.user, pk=pk)
        return file_response(commitment.evidence, filename=commitment.evidence_name or None)
