"""Attachments: the lead deputy's files to a draft (the table's `attach` row), downloads in the
suggestion's scope, and the lead unit's files for its coming reply."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from congress.api import DomainAPIView
from congress.downloads import file_response
from congress.schema import download, errors
from suggestions import selectors
from suggestions.api.common import FileOut
from suggestions.services.attachments import (
    attachment_add,
    reply_attachment_add,
    reply_attachment_remove,
)


class UploadIn(serializers.Serializer):
    file = serializers.FileField(
        error_messages={"required": "请选择文件。", "null": "请选择文件。"}
    )


def _upload(request):
    data = UploadIn(data=request.data)
    data.is_valid(raise_exception=True)
    return data.validated_data["file"]


class AttachmentApi(DomainAPIView):
    perms = {"POST": "suggestion.create"}
    parser_classes = [MultiPartParser, FormParser]
    Input = UploadIn

    class Output(serializers.Serializer):
        id = serializers.IntegerField()
        name = serializers.CharField()
        size = serializers.IntegerField()

    @extend_schema(request={"multipart/form-data": Input}, responses={201: Output,
                   **errors(400, 404, 409)}, summary="上传附件（状态流转表：attach）")  # fmt: skip
    def post(self, request, pk):
        suggestion = selectors.suggestion_get(viewer=request.user, pk=pk)
        a = attachment_add(suggestion=suggestion, actor=request.user, file=_upload(request))
        return Response(self.Output(a).data, status=201)


class AttachmentFileApi(DomainAPIView):
    """One attachment's file, in the suggestion's scope (404 outside), as a download."""

    perms = {"GET": "suggestion.view"}

    @extend_schema(responses={200: download("application/octet-stream"), **errors(404)},
                   summary="下载附件")  # fmt: skip
    def get(self, request, pk, attachment_id):
        a = selectors.attachment_get(viewer=request.user, pk=pk, attachment_id=attachment_id)
        return file_response(a.file, filename=a.name)


class ReplyAttachmentApi(DomainAPIView):
    """The lead unit's files for its coming reply: upload here, remove one before the reply is
    sent (ReplyAttachmentDetailApi)."""

    perms = {"POST": "suggestion.act"}
    parser_classes = [MultiPartParser, FormParser]
    Input, Output = UploadIn, FileOut

    @extend_schema(request={"multipart/form-data": Input}, responses={201: Output,
                   **errors(400, 404, 409)}, summary="上传答复附件")  # fmt: skip
    def post(self, request, pk):
        suggestion = selectors.suggestion_get(viewer=request.user, pk=pk)
        a = reply_attachment_add(suggestion=suggestion, actor=request.user, file=_upload(request))
        return Response(self.Output(a).data, status=201)


class ReplyAttachmentDetailApi(DomainAPIView):
    perms = {"DELETE": "suggestion.act"}

    class Output(serializers.Serializer):
        ok = serializers.BooleanField()

    @extend_schema(responses={200: Output, **errors(400, 404, 409)},
                   summary="删除尚未发出的答复附件")  # fmt: skip
    def delete(self, request, pk, attachment_id):
        suggestion = selectors.suggestion_get(viewer=request.user, pk=pk)
        reply_attachment_remove(
            suggestion=suggestion, actor=request.user, attachment_id=attachment_id
        )
        return Response(self.Output({"ok": True}).data)
