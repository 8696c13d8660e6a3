"""The API of jobs (congress/jobs): start one, follow its progress, download its file.

POST /api/v1/jobs/ takes {"kind", "params": {...}} as JSON, or, for a kind that takes a file,
multipart with `kind`, the parameters as form fields and `file`. It answers 202 with the job;
in the embedded demo (Celery eager) the job has already run by then, and the answer says so."""

from django.http import QueryDict
from django.urls import reverse
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from congress.api import DomainAPIView
from congress.downloads import file_response
from congress.jobs import get_kind
from congress.jobs import selectors as job_selectors
from congress.jobs import services as job_services
from congress.models import Job
from congress.schema import download, errors, paginated

NOT_PARAMS = {"kind", "file", "csrfmiddlewaretoken"}


class JobOut(serializers.Serializer):
    id = serializers.UUIDField()
    kind = serializers.CharField()
    label = serializers.SerializerMethodField()
    status = serializers.CharField(help_text="queued | running | done | failed")
    progress = serializers.IntegerField(min_value=0, max_value=100)
    message = serializers.CharField(help_text="当前步骤")
    error = serializers.CharField(help_text="失败原因；未失败时为空")
    result = serializers.DictField(allow_null=True, help_text="任务的结果；导入失败时含 errors")
    download_url = serializers.SerializerMethodField()
    created_at = serializers.DateTimeField()
    finished_at = serializers.DateTimeField(allow_null=True)

    def get_label(self, job) -> str:
        kind = get_kind(job.kind)
        return str(kind.label) if kind else job.kind

    def get_download_url(self, job) -> str | None:
        if job.status != Job.Status.DONE or not job.file:
            return None
        return reverse("api-job-download", args=[job.pk])


class JobListApi(DomainAPIView):
    perms = {"GET": "job.view", "POST": "job.start"}

    class Input(serializers.Serializer):
        kind = serializers.CharField(max_length=40)
        params = serializers.DictField(required=False, default=dict)

    class UploadInput(serializers.Serializer):
        kind = serializers.CharField(max_length=40)
        file = serializers.FileField(help_text="导入的文件；任务的其他参数作为表单字段")

    @extend_schema(responses={200: paginated(JobOut), **errors(400)}, summary="我最近的后台任务")
    def get(self, request):
        return self.paginate(job_selectors.job_list(viewer=request.user), JobOut)

    @extend_schema(
        request={"application/json": Input, "multipart/form-data": UploadInput},
        responses={202: JobOut, **errors(400, 403, 404)},
        summary="发起后台任务（导出、导入、重算），返回任务及其进度",
    )
    def post(self, request):
        body, upload = request.data, None
        if isinstance(request.data, QueryDict):  # multipart or a form: parameters are fields
            body = {
                "kind": request.data.get("kind", ""),
                "params": {k: request.data.get(k) for k in request.data if k not in NOT_PARAMS},
            }
            upload = request.FILES.get("file")
        data = self.Input(data=body)
        data.is_valid(raise_exception=True)
        kind, params = data.validated_data["kind"], data.validated_data["params"]
        job = job_services.job_start(request=request, kind=kind, params=params, upload=upload)
        return Response(JobOut(job).data, status=202)


class JobDetailApi(DomainAPIView):
    perms = {"GET": "job.view"}

    @extend_schema(responses={200: JobOut}, summary="后台任务的状态与进度")
    def get(self, request, pk):
        return Response(JobOut(job_selectors.job_get(viewer=request.user, pk=pk)).data)


class JobDownloadApi(DomainAPIView):
    perms = {"GET": "job.view"}

    @extend_schema(
        responses={200: download("application/octet-stream")},
        summary="下载后台任务生成的文件（完成前为 404）",
    )
    def get(self, request, pk):
        job = job_selectors.job_file_get(viewer=request.user, pk=pk)
        return file_response(job.file, filename=job.filename)
