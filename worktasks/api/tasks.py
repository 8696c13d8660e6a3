"""Tasks: the filtered list (staff, leaders; 我的任务 for owners), a task's page with its reports,
the owner's progress and completion reports (multipart, with evidence files), the issuer's
decisions, and the evidence files."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from congress import params
from congress.api import DomainAPIView
from congress.downloads import file_response
from congress.schema import download, errors, paginated
from congress.scope import region_filter_or_404
from worktasks import selectors
from worktasks.api.common import TaskDetailOut, TaskOut, TaskReportOut
from worktasks.api.lists import owners
from worktasks.models import Task
from worktasks.services import lists, progress


def _detail(task: Task, request) -> dict:
    return TaskDetailOut(selectors.task_detail(task), context={"request": request}).data


FILTERS = [
    OpenApiParameter("list", int),
    OpenApiParameter("year", int, description="完成时限所在年度"),
    OpenApiParameter("status", str, enum=Task.Status.values),
    OpenApiParameter("result", str, enum=Task.Result.values),
    OpenApiParameter("overdue", bool),
    OpenApiParameter("region", str, description="责任人大所在区划（单位任务按交办区划）"),
    OpenApiParameter("owner_unit", int),
    OpenApiParameter("mine", bool, description="只看本人（本单位、本级人大）负责的任务"),
    OpenApiParameter("q", str),
]


def task_filters(request) -> dict:
    region = params.query_code(request, "region")
    return {
        "list_id": params.query_id(request, "list"),
        "year": params.query_year(request),
        "status": params.query_choice(request, "status", Task.Status.values),
        "result": params.query_choice(request, "result", Task.Result.values),
        "overdue": params.query_bool(request, "overdue"),
        "region": region_filter_or_404(request.user, region) if region else "",
        "owner_unit": params.query_id(request, "owner_unit"),
        "mine": bool(params.query_bool(request, "mine")),
        "q": params.query_text(request, "q"),
    }


class TaskListApi(DomainAPIView):
    perms = {"GET": "worktask.view"}

    @extend_schema(parameters=FILTERS, responses={200: paginated(TaskOut)}, summary="工作任务列表")
    def get(self, request):
        return self.paginate(
            selectors.task_list(viewer=request.user, **task_filters(request)), TaskOut
        )


class TaskDetailApi(DomainAPIView):
    perms = {"GET": "worktask.view", "PUT": "worktask.manage", "DELETE": "worktask.manage"}

    class Input(serializers.Serializer):
        title = serializers.CharField(max_length=200, required=False)
        description = serializers.CharField(max_length=4000, required=False, allow_blank=True)
        owner_region = serializers.CharField(max_length=12, required=False, allow_blank=True)
        owner_unit = serializers.IntegerField(min_value=1, required=False, allow_null=True)
        due = serializers.DateField(required=False)

    @extend_schema(responses={200: TaskDetailOut}, summary="工作任务详情")
    def get(self, request, pk: int):
        return Response(_detail(selectors.task_get(viewer=request.user, pk=pk), request))

    @extend_schema(
        request=Input, responses={200: TaskDetailOut, **errors(409)}, summary="修改工作任务"
    )
    def put(self, request, pk: int):
        task = selectors.task_get(viewer=request.user, pk=pk)
        data = self.Input(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        d = owners(request.user, dict(data.validated_data))
        task = lists.task_update(actor=request.user, task=task, data=d)
        return Response(_detail(task, request))

    @extend_schema(responses={204: None, **errors(409)}, summary="删除待交办的任务")
    def delete(self, request, pk: int):
        task = selectors.task_get(viewer=request.user, pk=pk)
        lists.task_remove(actor=request.user, task=task)
        return Response(status=204)


class TaskReportIn(serializers.Serializer):
    text = serializers.CharField(max_length=2000)
    files = serializers.ListField(child=serializers.FileField(), required=False, max_length=5)


def _files(request) -> list:
    return request.FILES.getlist("files") if hasattr(request, "FILES") else []


class _TaskWriteApi(DomainAPIView):
    """A progress report or the final report of a task, with its evidence files."""

    perms = {"POST": "worktask.report"}
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    def _post(self, request, pk: int, service):
        task = selectors.task_get(viewer=request.user, pk=pk)
        data = TaskReportIn(data={"text": request.data.get("text", ""), "files": _files(request)})
        data.is_valid(raise_exception=True)
        report = service(
            actor=request.user, task=task, text=data.validated_data["text"],
            files=data.validated_data.get("files", []),
        )  # fmt: skip
        return Response(TaskReportOut(report).data, status=201)


class TaskProgressApi(_TaskWriteApi):
    @extend_schema(
        request={"multipart/form-data": TaskReportIn, "application/json": TaskReportIn},
        responses={201: TaskReportOut, **errors(409)},
        summary="报送任务进展",
    )
    def post(self, request, pk: int):
        return self._post(request, pk, progress.task_progress)


class TaskReportApi(_TaskWriteApi):
    @extend_schema(
        request={"multipart/form-data": TaskReportIn, "application/json": TaskReportIn},
        responses={201: TaskReportOut, **errors(409)},
        summary="任务报结（附佐证材料）",
    )
    def post(self, request, pk: int):
        return self._post(request, pk, progress.task_report)


class TaskAcceptApi(DomainAPIView):
    perms = {"POST": "worktask.manage"}

    class Input(serializers.Serializer):
        note = serializers.CharField(max_length=2000, required=False, allow_blank=True)

    @extend_schema(request=Input, responses={200: TaskDetailOut, **errors(409)}, summary="确认办结")
    def post(self, request, pk: int):
        task = selectors.task_get(viewer=request.user, pk=pk)
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        task = progress.task_accept(actor=request.user, task=task, **data.validated_data)
        return Response(_detail(task, request))


class TaskReasonIn(serializers.Serializer):
    reason = serializers.CharField(max_length=2000)


class TaskReturnApi(DomainAPIView):
    perms = {"POST": "worktask.manage"}

    @extend_schema(
        request=TaskReasonIn, responses={200: TaskDetailOut, **errors(409)}, summary="退回报结"
    )
    def post(self, request, pk: int):
        task = selectors.task_get(viewer=request.user, pk=pk)
        data = TaskReasonIn(data=request.data)
        data.is_valid(raise_exception=True)
        task = progress.task_return(actor=request.user, task=task, **data.validated_data)
        return Response(_detail(task, request))


class TaskCloseUndoneApi(DomainAPIView):
    perms = {"POST": "worktask.manage"}

    @extend_schema(
        request=TaskReasonIn, responses={200: TaskDetailOut, **errors(409)}, summary="认定未完成"
    )
    def post(self, request, pk: int):
        task = selectors.task_get(viewer=request.user, pk=pk)
        data = TaskReasonIn(data=request.data)
        data.is_valid(raise_exception=True)
        task = progress.task_close_undone(actor=request.user, task=task, **data.validated_data)
        return Response(_detail(task, request))


class EvidenceFileApi(DomainAPIView):
    perms = {"GET": "worktask.view"}

    @extend_schema(responses={200: download("application/octet-stream")}, summary="下载佐证材料")
    def get(self, request, pk: int):
        evidence = selectors.evidence_get(viewer=request.user, pk=pk)
        return file_response(evidence.file, filename=evidence.name)
