"""The core's API: who am I, the scoped region tree, units, congresses, notifications, health."""

import redis
from django.conf import settings
from django.db import connection
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from congress import outbox, params, selectors, services
from congress.menu import menu_for
from congress.models import HandlingUnit, Notification, OutboxMessage, Region, Term
from congress.notifications import unread_count
from congress.pagination import Pagination
from congress.permissions import DomainPermission
from congress.personal import mask_phone
from congress.schema import errors, paginated
from congress.scope import region_prefix
from congress.todo import todo_for


class DomainAPIView(APIView):
    """Every API view of the portal: logged in, and holding the permission named for the method."""

    permission_classes = [DomainPermission]
    perms: dict[str, str] = {}

    def paginate(self, queryset, serializer_class):
        paginator = Pagination()
        page = paginator.paginate_queryset(queryset, self.request, view=self)
        return paginator.get_paginated_response(
            serializer_class(page, many=True, context={"request": self.request}).data
        )


class RegionOut(serializers.ModelSerializer):
    level_display = serializers.CharField(source="get_level_display")
    has_children = serializers.SerializerMethodField()

    class Meta:
        model = Region
        fields = ["code", "name", "level", "level_display", "parent", "has_children"]

    def get_has_children(self, obj) -> bool:
        count = getattr(obj, "child_count", None)
        return obj.level != Region.Level.TOWNSHIP if count is None else count > 0


class MeApi(DomainAPIView):
    perms = {"GET": "region.view"}

    class Output(serializers.Serializer):
        id = serializers.IntegerField()
        username = serializers.CharField()
        name = serializers.CharField(source="display_name")
        role = serializers.CharField()
        role_display = serializers.CharField(source="get_role_display")
        region = RegionOut(allow_null=True)
        region_path = serializers.SerializerMethodField()
        handling_unit = serializers.CharField(
            source="handling_unit.name", default=None, allow_null=True
        )
        scope = serializers.SerializerMethodField()
        menu = serializers.SerializerMethodField()
        unread_notifications = serializers.SerializerMethodField()

        def get_region_path(self, user) -> list[str]:
            return [r.name for r in user.region.ancestors()] if user.region_id else []

        def get_scope(self, user) -> str:
            prefix = region_prefix(user)
            if prefix == "":
                return "all"
            if prefix:
                return "region"
            return "unit" if user.handling_unit_id else ("own" if user.role == "deputy" else "none")

        def get_menu(self, user) -> list[dict]:
            return menu_for(user)

        def get_unread_notifications(self, user) -> int:
            return unread_count(user)

    @extend_schema(responses=Output, summary="当前用户、角色与可见范围")
    def get(self, request):
        return Response(self.Output(request.user).data)


class TodoApi(DomainAPIView):
    perms = {"GET": "region.view"}

    class Output(serializers.Serializer):
        key = serializers.CharField()
        label = serializers.CharField()
        count = serializers.IntegerField()
        url = serializers.CharField()
        urgent = serializers.BooleanField()

    @extend_schema(responses=Output(many=True), summary="我的待办（首页）")
    def get(self, request):
        return Response(self.Output(todo_for(request.user), many=True).data)


class RegionListApi(DomainAPIView):
    perms = {"GET": "region.view"}

    @extend_schema(
        parameters=[
            OpenApiParameter("parent", str, description="上级区划代码；省略时返回可见范围的顶层"),
            OpenApiParameter("q", str, description="按名称或代码搜索"),
        ],
        responses=RegionOut(many=True),
        summary="行政区划（按可见范围，按需展开下级）",
    )
    def get(self, request):
        parent, query = params.query_code(request, "parent"), params.query_text(request, "q")
        if query:
            regions = selectors.region_search(viewer=request.user, query=query)
        elif parent:
            regions = selectors.region_children(viewer=request.user, parent_code=parent)
        else:
            regions = selectors.with_child_counts(selectors.region_roots(viewer=request.user))
        return Response(RegionOut(regions, many=True).data)


class RegionAncestorOut(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class RegionDetailApi(DomainAPIView):
    perms = {"GET": "region.view"}

    class Output(RegionOut):
        path = serializers.SerializerMethodField()

        class Meta(RegionOut.Meta):
            fields = RegionOut.Meta.fields + ["path"]

        @extend_schema_field(RegionAncestorOut(many=True))
        def get_path(self, obj) -> list[dict]:
            return [{"code": r.code, "name": r.name} for r in obj.ancestors()]

    @extend_schema(responses=Output, summary="行政区划详情")
    def get(self, request, code):
        return Response(self.Output(selectors.region_get(viewer=request.user, code=code)).data)


class HandlingUnitListApi(DomainAPIView):
    perms = {"GET": "handling_unit.view"}

    class Output(serializers.ModelSerializer):
        kind_display = serializers.CharField(source="get_kind_display")
        region_name = serializers.CharField(source="region.name")

        class Meta:
            model = HandlingUnit
            fields = ["id", "name", "kind", "kind_display", "region", "region_name", "is_active"]

    @extend_schema(
        parameters=[OpenApiParameter("region", str)],
        responses={200: paginated(Output), **errors(400)},
        summary="承办单位",
    )
    def get(self, request):
        units = selectors.handling_unit_list(
            viewer=request.user, region_code=params.query_code(request, "region") or None
        )
        return self.paginate(units, self.Output)


class SessionOut(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.IntegerField()
    start_date = serializers.DateField(allow_null=True)
    end_date = serializers.DateField(allow_null=True)


class TermListApi(DomainAPIView):
    perms = {"GET": "congress.view"}

    class Output(serializers.ModelSerializer):
        congress_name = serializers.CharField(source="congress.name")
        region = serializers.CharField(source="congress.region_id")
        label = serializers.CharField()
        sessions = serializers.SerializerMethodField()

        class Meta:
            model = Term
            fields = [
                "id",
                "congress",
                "congress_name",
                "region",
                "number",
                "label",
                "start_date",
                "end_date",
                "sessions",
            ]

        @extend_schema_field(SessionOut(many=True))
        def get_sessions(self, term) -> list[dict]:
            return [
                {"id": s.id, "number": s.number, "start_date": s.start_date, "end_date": s.end_date}
                for s in term.sessions.all()
            ]

    @extend_schema(
        parameters=[OpenApiParameter("congress", int)],
        responses={200: paginated(Output), **errors(400)},
        summary="届次与会议",
    )
    def get(self, request):
        terms = selectors.term_list(
            viewer=request.user, congress_id=params.query_id(request, "congress")
        )
        return self.paginate(terms, self.Output)


class NotificationListApi(DomainAPIView):
    perms = {"GET": "notification.view", "POST": "notification.view"}

    class Output(serializers.ModelSerializer):
        class Meta:
            model = Notification
            fields = ["id", "kind", "title", "body", "link", "created_at", "read_at"]

    class MarkReadInput(serializers.Serializer):
        ids = serializers.ListField(
            child=serializers.IntegerField(), required=False, allow_null=True
        )

    class MarkReadOutput(serializers.Serializer):
        marked = serializers.IntegerField()

    @extend_schema(
        parameters=[OpenApiParameter("unread", bool)],
        responses={200: paginated(Output), **errors(400)},
        summary="我的消息",
    )
    def get(self, request):
        unread = params.query_bool(request, "unread", default=False)
        return self.paginate(
            selectors.notification_list(viewer=request.user, unread_only=unread), self.Output
        )

    @extend_schema(
        request=MarkReadInput,
        responses={200: MarkReadOutput, **errors(400)},
        summary="标记已读（不传 ids 则全部已读）",
    )
    def post(self, request):
        data = self.MarkReadInput(data=request.data)
        data.is_valid(raise_exception=True)
        marked = services.notification_mark_read(
            viewer=request.user, ids=data.validated_data.get("ids")
        )
        return Response(self.MarkReadOutput({"marked": marked}).data)


def _masked_address(row: OutboxMessage) -> str:
    if row.channel == OutboxMessage.Channel.SMS:
        return mask_phone(row.recipient)
    name, _at, domain = row.recipient.partition("@")
    return f"{name[:1]}***@{domain}"


class OutboxOut(serializers.ModelSerializer):
    channel_display = serializers.CharField(source="get_channel_display")
    status_display = serializers.CharField(source="get_status_display")
    recipient = serializers.SerializerMethodField()
    recipient_name = serializers.CharField(source="user.display_name", default="")

    class Meta:
        model = OutboxMessage
        fields = ["id", "channel", "channel_display", "recipient", "recipient_name", "subject",
                  "kind", "status", "status_display", "attempts", "last_error", "created_at",
                  "next_attempt_at", "sent_at"]  # fmt: skip

    def get_recipient(self, row) -> str:
        return _masked_address(row)


class OutboxFailedListApi(DomainAPIView):
    """E-mails and texts that stayed undelivered after every attempt, in the viewer's region."""

    perms = {"GET": "outbox.view"}

    @extend_schema(
        responses={200: paginated(OutboxOut), **errors(400)}, summary="发送失败的邮件和短信"
    )
    def get(self, request):
        return self.paginate(selectors.outbox_failed_list(viewer=request.user), OutboxOut)


class OutboxRetryApi(DomainAPIView):
    perms = {"POST": "outbox.retry"}

    @extend_schema(
        request=None,
        responses={200: OutboxOut, **errors(409)},
        summary="重新发送一条发送失败的消息",
    )
    def post(self, request, pk):
        row = selectors.outbox_get(viewer=request.user, pk=pk)
        return Response(OutboxOut(outbox.retry_failed(message=row)).data)


class HealthApi(APIView):
    """Public on purpose: load balancers ask it whether the database and the broker answer."""

    authentication_classes: list = []
    permission_classes = [AllowAny]

    class Output(serializers.Serializer):
        status = serializers.ChoiceField(choices=["ok", "error"])
        database = serializers.CharField(help_text="ok，或 error: 异常类名")
        broker = serializers.CharField(help_text="ok、in-process（无 Redis），或 error: 异常类名")

    @extend_schema(responses={200: Output, 503: Output}, summary="健康检查（公开）")
    def get(self, request):
        checks = {"database": _check_database(), "broker": _check_broker()}
        healthy = all(v in ("ok", "in-process") for v in checks.values())
        body = self.Output({"status": "ok" if healthy else "error", **checks}).data
        return Response(body, status=200 if healthy else 503)


def _check_database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return "ok"
    except Exception as exc:  # noqa: BLE001 - reported, not raised: this is the health check
        return f"error: {exc.__class__.__name__}"


def _check_broker() -> str:
    if not settings.REDIS_URL:
        return "in-process"
    try:
        redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=2, socket_timeout=2).ping()
        return "ok"
    except Exception as exc:  # noqa: BLE001
        return f"error: {exc.__class__.__name__}"
