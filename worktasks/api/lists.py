"""Task lists (staff; leaders read): create, edit, add tasks, issue, close, delete, export."""

from io import BytesIO

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
from congress.models import HandlingUnit, Region
from congress.schema import XLSX_DOWNLOAD, download, errors, paginated
from congress.scope import region_filter_or_404, region_in_scope, region_prefix
from meetings.models import Event
from worktasks import selectors
from worktasks.api.common import TaskListDetailOut, TaskListOut, TaskOut
from worktasks.models import TaskList
from worktasks.services import lists

YEAR = {"min_value": 2000, "max_value": 2100}


class TaskListIn(serializers.Serializer):
    title = serializers.CharField(max_length=120)
    year = serializers.IntegerField(**YEAR)
    source = serializers.ChoiceField(
        choices=TaskList.Source.choices, error_messages={"invalid_choice": _l("请选择来源。")}
    )
    source_label = serializers.CharField(max_length=200)
    source_text = serializers.CharField(max_length=4000, required=False, allow_blank=True)
    source_url = serializers.CharField(max_length=300, required=False, allow_blank=True)
    event = serializers.IntegerField(min_value=1, required=False, allow_null=True)
    region = serializers.CharField(max_length=12, required=False, allow_blank=True)


def _event(viewer, event_id):
    if not event_id:
        return None
    event = Event.objects.filter(pk=event_id).first()
    if event is None or not region_in_scope(viewer, event.region_id):
        raise invalid("event", _("所选会议不存在，或您无权查看。"))
    return event


def _region(viewer, code: str) -> Region:
    code = code or region_prefix(viewer) or ""
    region = Region.objects.filter(pk=code).first() if region_in_scope(viewer, code) else None
    if region is None:
        raise invalid("region", _("请选择本人管辖范围内的交办区划。"))
    return region


def _detail(task_list: TaskList, request) -> dict:
    row = selectors.list_list(viewer=request.user).get(pk=task_list.pk)
    return TaskListDetailOut(row, context={"request": request}).data


class ListListApi(DomainAPIView):
    perms = {"GET": "worktask.lists", "POST": "worktask.manage"}

    @extend_schema(
        parameters=[
            OpenApiParameter("year", int),
            OpenApiParameter("region", str),
            OpenApiParameter("status", str, enum=TaskList.Status.values),
            OpenApiParameter("source", str, enum=TaskList.Source.values),
        ],
        responses={200: paginated(TaskListOut)},
        summary="任务清单列表",
    )
    def get(self, request):
        region = params.query_code(request, "region")
        qs = selectors.list_list(
            viewer=request.user,
            year=params.query_year(request),
            status=params.query_choice(request, "status", TaskList.Status.values),
            source=params.query_choice(request, "source", TaskList.Source.values),
            region=region_filter_or_404(request.user, region) if region else "",
        )
        return self.paginate(qs, TaskListOut)

    @extend_schema(request=TaskListIn, responses={201: TaskListDetailOut}, summary="新建任务清单")
    def post(self, request):
        data = TaskListIn(data=request.data)
        data.is_valid(raise_exception=True)
        d = dict(data.validated_data)
        region = _region(request.user, d.pop("region", ""))
        d["event"] = _event(request.user, d.pop("event", None))
        task_list = lists.list_create(actor=request.user, region=region, **d)
        return Response(_detail(task_list, request), status=201)


class ListDetailApi(DomainAPIView):
    perms = {"GET": "worktask.lists", "PUT": "worktask.manage", "DELETE": "worktask.manage"}

    class Input(TaskListIn):
        title = serializers.CharField(max_length=120, required=False)
        year = serializers.IntegerField(required=False, **YEAR)
        source = serializers.ChoiceField(choices=TaskList.Source.choices, required=False)
        source_label = serializers.CharField(max_length=200, required=False)
        region = None

    @extend_schema(responses={200: TaskListDetailOut}, summary="任务清单详情")
    def get(self, request, pk: int):
        return Response(_detail(selectors.list_get(viewer=request.user, pk=pk), request))

    @extend_schema(
        request=Input, responses={200: TaskListDetailOut, **errors(409)}, summary="修改任务清单"
    )
    def put(self, request, pk: int):
        task_list = selectors.list_get(viewer=request.user, pk=pk)
        data = self.Input(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        d = dict(data.validated_data)
        if "event" in d:
            d["event"] = _event(request.user, d["event"])
        task_list = lists.list_update(actor=request.user, task_list=task_list, data=d)
        return Response(_detail(task_list, request))

    @extend_schema(responses={204: None, **errors(409)}, summary="删除草稿清单")
    def delete(self, request, pk: int):
        task_list = selectors.list_get(viewer=request.user, pk=pk)
        lists.list_delete(actor=request.user, task_list=task_list)
        return Response(status=204)


class ListIssueApi(DomainAPIView):
    perms = {"POST": "worktask.manage"}

    @extend_schema(
        request=None, responses={200: TaskListDetailOut, **errors(409)}, summary="交办任务清单"
    )
    def post(self, request, pk: int):
        task_list = selectors.list_get(viewer=request.user, pk=pk)
        task_list = lists.list_issue(actor=request.user, task_list=task_list)
        return Response(_detail(task_list, request))


class ListCloseApi(DomainAPIView):
    perms = {"POST": "worktask.manage"}

    @extend_schema(
        request=None, responses={200: TaskListDetailOut, **errors(409)}, summary="办结任务清单"
    )
    def post(self, request, pk: int):
        task_list = selectors.list_get(viewer=request.user, pk=pk)
        task_list = lists.list_close(actor=request.user, task_list=task_list)
        return Response(_detail(task_list, request))


class TaskIn(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    description = serializers.CharField(max_length=4000, required=False, allow_blank=True)
    owner_region = serializers.CharField(max_length=12, required=False, allow_blank=True)
    owner_unit = serializers.IntegerField(min_value=1, required=False, allow_null=True)
    due = serializers.DateField()


def owners(viewer, d: dict) -> dict:
    """owner_region / owner_unit as rows the viewer may name (400 on the field otherwise)."""
    out = {}
    if "owner_region" in d:
        code = d.pop("owner_region") or ""
        region = Region.objects.filter(pk=code).first() if code else None
        if code and (region is None or not region_in_scope(viewer, code)):
            raise invalid("owner_region", _("所选地区不存在，或不在您的管辖范围内。"))
        out["owner_region"] = region
    if "owner_unit" in d:
        unit_id = d.pop("owner_unit")
        unit = HandlingUnit.objects.filter(pk=unit_id).first() if unit_id else None
        if unit_id and (unit is None or not region_in_scope(viewer, unit.region_id)):
            raise invalid("owner_unit", _("所选单位不存在，或不在您的管辖范围内。"))
        out["owner_unit"] = unit
    return {**d, **out}


class ListTasksApi(DomainAPIView):
    perms = {"POST": "worktask.manage"}

    @extend_schema(request=TaskIn, responses={201: TaskOut, **errors(409)}, summary="添加任务")
    def post(self, request, pk: int):
        task_list = selectors.list_get(viewer=request.user, pk=pk)
        data = TaskIn(data=request.data)
        data.is_valid(raise_exception=True)
        d = owners(request.user, dict(data.validated_data))
        task = lists.task_add(actor=request.user, task_list=task_list, **d)
        return Response(TaskOut(task, context={"request": request}).data, status=201)


class ListExportApi(DomainAPIView):
    perms = {"GET": "worktask.lists"}

    @extend_schema(responses={200: download(XLSX_DOWNLOAD)}, summary="导出任务清单")
    def get(self, request, pk: int):
        task_list = selectors.list_get(viewer=request.user, pk=pk)
        tasks = selectors.task_list(viewer=request.user, list_id=task_list.pk)
        return xlsx_response(export(task_list, tasks), f"{task_list.title}.xlsx")


def export(task_list: TaskList, tasks) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = _("任务清单")
    xlsx_append(ws, [task_list.title, task_list.source_label])
    xlsx_append(
        ws, [_("序号"), _("任务名称"), _("责任主体"), _("完成时限"), _("状态"), _("办理结果"),
             _("是否逾期")],
    )  # fmt: skip
    today = selectors.today()
    for t in tasks:
        xlsx_append(
            ws, [t.number, t.title, t.owner_name, t.due.isoformat(), t.get_status_display(),
                 t.get_result_display(), _("逾期") if t.is_overdue(today) else ""],
        )  # fmt: skip
    buffer = BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


class ListOwnersApi(DomainAPIView):
    """The owners a list's tasks may have: the regions below its region, and its area's units."""

    perms = {"GET": "worktask.manage"}

    class Output(serializers.Serializer):
        class TaskOwnerRegion(serializers.Serializer):
            code = serializers.CharField()
            name = serializers.CharField()

        class TaskOwnerUnit(serializers.Serializer):
            id = serializers.IntegerField()
            name = serializers.CharField()

        regions = TaskOwnerRegion(many=True)
        units = TaskOwnerUnit(many=True)

    @extend_schema(responses={200: Output}, summary="可选的责任人大与责任单位")
    def get(self, request, pk: int):
        task_list = selectors.list_get(viewer=request.user, pk=pk)
        code = task_list.region_id
        regions = Region.objects.filter(code__startswith=code).exclude(code=code)
        if len(code) <= 4:  # a city: its counties (and their townships) all qualify
            regions = regions.order_by("code")
        else:
            regions = regions.filter(level=Region.Level.TOWNSHIP).order_by("code")
        units = HandlingUnit.objects.filter(region__code__startswith=code, is_active=True)
        return Response(
            self.Output(
                {"regions": list(regions.values("code", "name")[:500]),
                 "units": list(units.order_by("name").values("id", "name")[:500])}
            ).data
        )  # fmt: skip
