"""答复公开: the preview staff confirm before publishing, and the public list (no login)."""

import re

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from congress import params
from congress.api import DomainAPIView
from congress.pagination import Pagination
from congress.schema import errors, paginated
from suggestions import selectors
from suggestions.api.common import ID, Label, result_label


class PublicTextApi(DomainAPIView):
    """The preview before publishing: exactly the title and text the public page would show.
    Staff of the suggestion's region (or above) only; anyone else gets a 404."""

    perms = {"GET": "suggestion.view"}

    class Params(serializers.Serializer):
        reply = serializers.IntegerField(required=False, allow_null=True, default=None, **ID)
        regenerate = serializers.BooleanField(required=False, default=False,
                                              error_messages={"invalid": "请填写是或否。"})  # fmt: skip
        names = serializers.CharField(required=False, allow_blank=True, default="", max_length=300,
                                      error_messages={"max_length": "姓名不能超过300字。"})  # fmt: skip

    class Output(serializers.Serializer):
        reply = serializers.IntegerField()
        round = serializers.IntegerField()
        source = serializers.CharField(
            help_text="stored: the text confirmed before; generated: from the raw reply"
        )
        title = serializers.CharField()
        text = serializers.CharField()
        names = serializers.ListField(child=serializers.CharField())
        disclosure = serializers.CharField()
        disclosure_display = serializers.CharField()
        published_at = serializers.DateTimeField(allow_null=True)

    @extend_schema(parameters=[Params], responses={200: Output, **errors(400, 404)},
                   summary="公开答复预览（regenerate=1：按原文重新生成；names：另需隐去的姓名，以、或逗号分隔）")  # fmt: skip
    def get(self, request, pk):
        params = self.Params(data=request.query_params)
        params.is_valid(raise_exception=True)
        p = params.validated_data
        reply = selectors.reply_for_disclosure(viewer=request.user, pk=pk, reply_id=p["reply"])
        names = [n.strip() for n in re.split(r"[、，,;；\s]+", p["names"]) if n.strip()]
        return Response(self.Output(selectors.public_text_proposal(
            reply=reply, regenerate=p["regenerate"], names=names)).data)  # fmt: skip


class PublicReplyListApi(APIView):
    """Public on purpose (no login): published replies, only the public title and text that
    staff confirmed at publication."""

    authentication_classes: list = []
    permission_classes = [AllowAny]

    class Output(serializers.Serializer):
        id = serializers.IntegerField()
        title = serializers.CharField(source="public_title")
        region = serializers.CharField(source="suggestion.region.name")
        category = Label(source="suggestion.category.name")
        unit = serializers.CharField(source="unit.name")
        result_class = serializers.SerializerMethodField()
        round = serializers.IntegerField()
        body = serializers.CharField(source="public_body")
        replied_at = serializers.DateTimeField()
        published_at = serializers.DateTimeField(allow_null=True)

        def get_result_class(self, r) -> str:
            return result_label(r.result_class)

    @extend_schema(parameters=[OpenApiParameter("q", str)],
                   responses={200: paginated(Output), **errors(400)},
                   summary="公开的建议答复（公开，无需登录）")  # fmt: skip
    def get(self, request):
        qs = selectors.published_replies(query=params.query_text(request, "q"))
        paginator = Pagination()
        page = paginator.paginate_queryset(qs, request, view=self)
        return paginator.get_paginated_response(self.Output(page, many=True).data)
