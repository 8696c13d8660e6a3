"""Agenda and documents of an event."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response

from congress.api import DomainAPIView
from congress.downloads import file_response
from congress.errors import invalid
from congress.schema import download, errors
from meetings import selectors
from meetings.api.common import AgendaItemOut, DocumentOut
from meetings.services.documents import agenda_set, document_add, document_mark, document_remove


class AgendaApi(DomainAPIView):
    perms = {"GET": "event.mine", "PUT": "event.manage"}

    class Item(serializers.Serializer):
        title = serializers.CharField(max_length=200)
        presenter = serializers.CharField(
            max_length=100, required=False, allow_blank=True, default=""
        )
        starts_at = serializers.DateTimeField(required=False, allow_null=True)
        notes = serializers.CharField(required=False, allow_blank=True, default="")

    class Input(serializers.Serializer):
        items = serializers.ListField(child=serializers.DictField(), max_length=100)

    @extend_schema(responses={200: AgendaItemOut(many=True)}, summary="议程")
    def get(self, request, pk):
        event = selectors.event_get(viewer=request.user, pk=pk)
        return Response(AgendaItemOut(event.agenda.all(), many=True).data)

    @extend_schema(request=Input, responses={200: AgendaItemOut(many=True), **errors(409)},
                   summary="设置议程（按顺序整体替换）")  # fmt: skip
    def put(self, request, pk):
        event = selectors.event_get(viewer=request.user, pk=pk)
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        items = []
        errors_found = {}
        for i, raw in enumerate(data.validated_data["items"]):
            item = self.Item(data=raw)
            if item.is_valid():
                items.append(item.validated_data)
            else:
                errors_found.update({f"items[{i}].{k}": v for k, v in item.errors.items()})
        if errors_found:
            raise invalid(errors_found, summary=_("议程有误："))
        rows = agenda_set(actor=request.user, event=event, items=items)
        return Response(AgendaItemOut(rows, many=True).data)


class DocumentListApi(DomainAPIView):
    perms = {"GET": "event.mine", "POST": "event.manage"}
    parser_classes = [MultiPartParser]

    class Input(serializers.Serializer):
        title = serializers.CharField(max_length=200)
        file = serializers.FileField()
        is_final = serializers.BooleanField(required=False, default=False)

    @extend_schema(responses={200: DocumentOut(many=True)}, summary="会议材料（各版本）")
    def get(self, request, pk):
        event = selectors.event_get(viewer=request.user, pk=pk)
        return Response(DocumentOut(selectors.document_list(event=event), many=True).data)

    @extend_schema(request={"multipart/form-data": Input}, responses={201: DocumentOut, **errors(409)},
                   summary="上传材料（同名材料为新版本；按内容与大小校验）")  # fmt: skip
    def post(self, request, pk):
        event = selectors.event_get(viewer=request.user, pk=pk)
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        document = document_add(actor=request.user, event=event, **data.validated_data)
        return Response(DocumentOut(document).data, status=201)


class DocumentDetailApi(DomainAPIView):
    perms = {"PATCH": "event.manage", "DELETE": "event.manage"}

    class Input(serializers.Serializer):
        is_final = serializers.BooleanField()

    @extend_schema(
        request=Input, responses={200: DocumentOut, **errors(409)}, summary="标记定稿/草稿"
    )
    def patch(self, request, pk):
        document = selectors.document_get(viewer=request.user, pk=pk)
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        document = document_mark(actor=request.user, document=document, **data.validated_data)
        return Response(DocumentOut(document).data)

    @extend_schema(responses={204: None, **errors(409)}, summary="删除材料")
    def delete(self, request, pk):
        document_remove(
            actor=request.user, document=selectors.document_get(viewer=request.user, pk=pk)
        )
        return Response(status=204)


class DocumentFileApi(DomainAPIView):
    perms = {"GET": "event.mine"}

    @extend_schema(responses={200: download("application/octet-stream")}, summary="下载材料")
    def get(self, request, pk):
        document = selectors.document_get(viewer=request.user, pk=pk)
        return file_response(document.file, filename=document.file_name)
