"""A filing's files: uploaded by the filer (or added by staff), downloaded by anyone who may see
the filing; an expert downloads only the files of the filings they are invited to review."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response

from congress.api import DomainAPIView
from congress.downloads import file_response
from congress.schema import download, errors
from filings import selectors
from filings.api.common import FilingDocumentOut
from filings.models import Document
from filings.services.documents import document_add


class DocumentUploadApi(DomainAPIView):
    perms = {"POST": "filing.upload"}
    parser_classes = [MultiPartParser]

    class Input(serializers.Serializer):
        kind = serializers.ChoiceField(choices=Document.Kind.choices)
        file = serializers.FileField()

    @extend_schema(request={"multipart/form-data": Input},
                   responses={201: FilingDocumentOut, **errors(400, 409)},
                   summary="上传备案材料（正文、起草说明、制定依据、纠正情况报告等）")  # fmt: skip
    def post(self, request, pk):
        filing = selectors.filing_get(viewer=request.user, pk=pk)
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        document = document_add(actor=request.user, filing=filing, **data.validated_data)
        return Response(FilingDocumentOut(document).data, status=201)


class DocumentFileApi(DomainAPIView):
    perms = {"GET": "filing.document"}

    @extend_schema(responses={200: download("application/octet-stream")}, summary="下载备案材料")
    def get(self, request, pk):
        document = selectors.document_get(viewer=request.user, pk=pk)
        return file_response(document.file, filename=document.file_name)
