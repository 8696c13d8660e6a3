"""一月两学 for staff: plans, their two items (with quizzes), publishing and withdrawing, and
each deputy's completion of a plan."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.response import Response

from congress import params
from congress.api import DomainAPIView
from congress.pagination import Pagination
from congress.schema import errors, paginated
from congress.scope import region_filter_or_404
from training import selectors
from training.api.common import (
    ItemIn,
    MonthIn,
    MonthOut,
    RegionRef,
    StudyItemOut,
    item_data,
    query_month,
)
from training.models import StudyAssignment, StudyPlan, StudyProgress
from training.services import items, plans


class PlanOut(serializers.ModelSerializer):
    region = RegionRef()
    month = MonthOut()
    published = serializers.BooleanField(source="is_published")
    items = StudyItemOut(many=True)
    assigned = serializers.IntegerField(default=0, help_text="发布给的代表人数")
    finished = serializers.IntegerField(default=0, help_text="已完成全部内容的代表人数")

    class Meta:
        model = StudyPlan
        fields = ["id", "region", "month", "title", "published", "published_at", "items",
                  "assigned", "finished", "created_at"]  # fmt: skip


def _plan_out(request, pk: int) -> dict:
    plan = selectors.plan_list(viewer=request.user).filter(pk=pk).first()
    return PlanOut(plan).data


class PlanListApi(DomainAPIView):
    perms = {"GET": "training.view", "POST": "training.manage"}

    class Input(serializers.Serializer):
        month = MonthIn(error_messages={"invalid": _("请填写月份，格式如 2026-03。")})
        title = serializers.CharField(max_length=120)
        region = serializers.CharField(max_length=12, required=False, allow_blank=True)
        items = ItemIn(many=True, required=False, max_length=2)

    @extend_schema(
        parameters=[
            OpenApiParameter("year", int),
            OpenApiParameter("month", str, description="2026-03"),
            OpenApiParameter("region", str),
        ],
        responses={200: paginated(PlanOut)},
        summary="月度学习计划（一月两学）",
    )
    def get(self, request):
        region = params.query_code(request, "region")
        qs = selectors.plan_list(
            viewer=request.user,
            year=params.query_year(request),
            month=query_month(request),
            region=region_filter_or_404(request.user, region) if region else "",
        )
        return self.paginate(qs, PlanOut)

    @extend_schema(request=Input, responses={201: PlanOut}, summary="新建月度学习计划")
    def post(self, request):
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        plan = plans.plan_create(
            actor=request.user,
            month=v["month"],
            title=v["title"],
            region=v.get("region") or None,
            items=[item_data(one) for one in v.get("items", [])],
        )
        return Response(_plan_out(request, plan.pk), status=201)


class PlanDetailApi(DomainAPIView):
    perms = {"GET": "training.view", "PUT": "training.manage", "DELETE": "training.manage"}

    class Input(serializers.Serializer):
        title = serializers.CharField(max_length=120)

    @extend_schema(responses={200: PlanOut}, summary="学习计划详情")
    def get(self, request, pk: int):
        selectors.plan_get(viewer=request.user, pk=pk)
        return Response(_plan_out(request, pk))

    @extend_schema(request=Input, responses={200: PlanOut}, summary="修改学习计划标题")
    def put(self, request, pk: int):
        plan = selectors.plan_get(viewer=request.user, pk=pk, manage=True)
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        plans.plan_update(actor=request.user, plan=plan, title=data.validated_data["title"])
        return Response(_plan_out(request, pk))

    @extend_schema(responses={204: None, **errors(409)}, summary="删除未发布的学习计划")
    def delete(self, request, pk: int):
        plan = selectors.plan_get(viewer=request.user, pk=pk, manage=True)
        plans.plan_delete(actor=request.user, plan=plan)
        return Response(status=204)


class PlanItemsApi(DomainAPIView):
    perms = {"POST": "training.manage"}

    @extend_schema(
        request=ItemIn,
        responses={201: StudyItemOut, **errors(409)},
        summary="为学习计划添加学习内容",
    )
    def post(self, request, pk: int):
        plan = selectors.plan_get(viewer=request.user, pk=pk, manage=True)
        data = ItemIn(data=request.data)
        data.is_valid(raise_exception=True)
        item = items.item_add(actor=request.user, plan=plan, **data.service_data())
        return Response(StudyItemOut(item).data, status=201)


class PlanPublishApi(DomainAPIView):
    perms = {"POST": "training.manage"}

    @extend_schema(
        request=None, responses={200: PlanOut, **errors(409)}, summary="发布学习计划给辖区代表"
    )
    def post(self, request, pk: int):
        plan = selectors.plan_get(viewer=request.user, pk=pk, manage=True)
        plans.plan_publish(actor=request.user, plan=plan)
        return Response(_plan_out(request, pk))


class PlanWithdrawApi(DomainAPIView):
    perms = {"POST": "training.manage"}

    @extend_schema(
        request=None,
        responses={200: PlanOut, **errors(409)},
        summary="撤回已发布的学习计划（学时同步撤出履职档案）",
    )
    def post(self, request, pk: int):
        plan = selectors.plan_get(viewer=request.user, pk=pk, manage=True)
        plans.plan_withdraw(actor=request.user, plan=plan)
        return Response(_plan_out(request, pk))


class StudyAssignmentOut(serializers.ModelSerializer):
    class ItemProgress(serializers.Serializer):
        item = serializers.IntegerField()
        seconds = serializers.IntegerField()
        best_score = serializers.IntegerField(allow_null=True)
        passed = serializers.BooleanField()
        finished_at = serializers.DateTimeField(allow_null=True)

    deputy = serializers.IntegerField(source="deputy_id")
    deputy_name = serializers.CharField(source="deputy.name")
    region_name = serializers.CharField(source="deputy.region.name")
    finished = serializers.SerializerMethodField()
    items = serializers.SerializerMethodField()

    class Meta:
        model = StudyAssignment
        fields = ["id", "deputy", "deputy_name", "region_name", "month", "finished",
                  "finished_at", "items"]  # fmt: skip

    def get_finished(self, obj) -> bool:
        return obj.finished_at is not None

    @extend_schema_field(ItemProgress(many=True))
    def get_items(self, obj):
        progress = self.context["progress"]
        return [
            self.ItemProgress(progress[(obj.deputy_id, item)]).data
            if (obj.deputy_id, item) in progress
            else {"item": item, "seconds": 0, "best_score": None, "passed": False,
                  "finished_at": None}
            for item in self.context["items"]
        ]  # fmt: skip


class PlanProgressApi(DomainAPIView):
    perms = {"GET": "training.view"}

    @extend_schema(
        parameters=[OpenApiParameter("finished", bool)],
        responses={200: paginated(StudyAssignmentOut)},
        summary="学习计划的代表完成情况",
    )
    def get(self, request, pk: int):
        plan = selectors.plan_get(viewer=request.user, pk=pk)
        qs = selectors.plan_progress(viewer=request.user, plan=plan)
        finished = params.query_bool(request, "finished")
        if finished is not None:
            qs = qs.filter(finished_at__isnull=not finished)
        paginator = Pagination()
        page = paginator.paginate_queryset(qs, request, view=self)
        item_ids = [i.pk for i in plan.items.all()]
        rows = StudyProgress.objects.filter(
            item_id__in=item_ids, deputy_id__in=[a.deputy_id for a in page]
        ).values("deputy_id", "item_id", "seconds", "best_score", "passed", "finished_at")
        progress = {(p["deputy_id"], p["item_id"]): {**p, "item": p["item_id"]} for p in rows}
        context = {"progress": progress, "items": item_ids}
        return paginator.get_paginated_response(
            StudyAssignmentOut(page, many=True, context=context).data
        )


class ItemDetailApi(DomainAPIView):
    perms = {"PUT": "training.manage", "DELETE": "training.manage"}

    class Input(ItemIn):
        title = serializers.CharField(max_length=120, required=False)
        material = serializers.IntegerField(min_value=1, required=False)
        min_minutes = serializers.IntegerField(min_value=0, max_value=600, required=False)
        hours = serializers.IntegerField(min_value=0, max_value=60, required=False)
        pass_mark = serializers.IntegerField(min_value=1, max_value=100, required=False)

    @extend_schema(
        request=Input, responses={200: StudyItemOut, **errors(409)}, summary="修改学习内容"
    )
    def put(self, request, pk: int):
        item = selectors.item_get(viewer=request.user, pk=pk, manage=True)
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        v = dict(data.validated_data)
        questions = [dict(q) for q in v.pop("questions")] if "questions" in v else None
        item = items.item_update(actor=request.user, item=item, questions=questions, **v)
        return Response(StudyItemOut(item).data)

    @extend_schema(responses={204: None, **errors(409)}, summary="删除学习内容")
    def delete(self, request, pk: int):
        item = selectors.item_get(viewer=request.user, pk=pk, manage=True)
        items.item_remove(actor=request.user, item=item)
        return Response(status=204)
