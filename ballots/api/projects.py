"""The ballots API, livelihood projects: candidates, screening, assignment, milestones with
their evidence files, reports and the board's summary."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from ballots import selectors
from ballots.models import (
    LivelihoodProject,
    ProjectReport,
)
from ballots.services.projects import (
    milestone_add,
    milestone_update,
    project_assign,
    project_propose,
    project_report_submit,
    project_screen,
)
from congress import params
from congress.api import DomainAPIView
from congress.downloads import file_response
from congress.schema import download, errors, paginated


class ProjectOut(serializers.ModelSerializer):
    status_display = serializers.CharField(source="get_status_display")
    source_kind_display = serializers.CharField(source="get_source_kind_display")
    feasibility_display = serializers.CharField(source="get_feasibility_display")
    source_unit_name = serializers.CharField(
        source="source_unit.name", default=None, allow_null=True
    )
    responsible_unit_name = serializers.CharField(
        source="responsible_unit.name", default=None, allow_null=True
    )
    congress_name = serializers.CharField(source="congress.name")

    class Meta:
        model = LivelihoodProject
        fields = [
            "id",
            "congress",
            "congress_name",
            "year",
            "title",
            "description",
            "source_kind",
            "source_kind_display",
            "source_unit",
            "source_unit_name",
            "source_id",
            "source_title",
            "feasibility",
            "feasibility_display",
            "feasibility_note",
            "estimated_cost",
            "screening_note",
            "list_number",
            "status",
            "status_display",
            "responsible_unit",
            "responsible_unit_name",
            "budget",
            "progress",
        ]


class ProjectListApi(DomainAPIView):
    perms = {"GET": "project.view", "POST": "project.manage"}

    class Input(serializers.Serializer):
        congress = serializers.IntegerField()
        year = serializers.IntegerField(min_value=2000, max_value=2100)
        title = serializers.CharField(max_length=120)
        description = serializers.CharField(required=False, allow_blank=True)
        source_kind = serializers.ChoiceField(choices=LivelihoodProject.SourceKind.choices)
        source_unit = serializers.IntegerField(required=False, allow_null=True)
        source_id = serializers.IntegerField(required=False, allow_null=True, min_value=1)
        source_title = serializers.CharField(required=False, allow_blank=True, max_length=200)
        estimated_cost = serializers.DecimalField(
            max_digits=12, decimal_places=2, required=False, allow_null=True, min_value=0
        )

    @extend_schema(
        parameters=[
            OpenApiParameter("year", int),
            OpenApiParameter("status", str, enum=LivelihoodProject.Status.values),
            OpenApiParameter("congress", int),
        ],
        responses={200: paginated(ProjectOut), **errors(400)},
        summary="民生实事项目",
    )
    def get(self, request):
        qs = selectors.project_list(
            viewer=request.user,
            year=params.query_year(request),
            status=params.query_choice(request, "status", LivelihoodProject.Status.choices) or None,
            congress_id=params.query_id(request, "congress"),
        )
        return self.paginate(qs, ProjectOut)

    @extend_schema(
        request=Input, responses={201: ProjectOut, **errors(400, 404)}, summary="征集候选项目"
    )
    def post(self, request):
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        d = dict(data.validated_data)
        d["congress"] = selectors.congress_get(viewer=request.user, pk=d["congress"])
        if d.get("source_unit"):
            d["source_unit"] = selectors.unit_get(viewer=request.user, pk=d["source_unit"])
        project = project_propose(actor=request.user, **d)
        return Response(ProjectOut(project).data, status=201)


class MilestoneOut(serializers.Serializer):
    id = serializers.IntegerField()
    order = serializers.IntegerField()
    title = serializers.CharField()
    due_date = serializers.DateField()
    progress = serializers.IntegerField()
    evidence = serializers.CharField()
    evidence_file = serializers.SerializerMethodField()
    updated_at = serializers.DateTimeField()

    def get_evidence_file(self, m) -> str | None:
        return f"/api/v1/ballots/milestones/{m.id}/evidence/" if m.evidence_file else None


class ProjectReportOut(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    kind_display = serializers.CharField(source="get_kind_display")
    body = serializers.CharField()
    progress = serializers.IntegerField()
    spent = serializers.DecimalField(
        max_digits=12, decimal_places=2, allow_null=True, coerce_to_string=False
    )
    submitted_by = serializers.CharField()
    submitted_at = serializers.DateTimeField()


class ProjectBallotOut(serializers.Serializer):
    """The project's result in a ballot (the vote that chose it, the year-end rating)."""

    ballot = serializers.IntegerField(source="ballot_id")
    title = serializers.CharField(source="ballot.title")
    kind = serializers.CharField(source="ballot.kind")
    counts = serializers.DictField(child=serializers.IntegerField())
    valid = serializers.IntegerField()
    rank = serializers.IntegerField()
    elected = serializers.BooleanField()
    satisfaction_rate = serializers.DecimalField(
        max_digits=5, decimal_places=4, allow_null=True, coerce_to_string=False
    )


class ProjectDetailApi(DomainAPIView):
    perms = {"GET": "project.view"}

    class Output(ProjectOut):
        # the rows selectors.project_detail selected, set on the project by the view
        milestones = MilestoneOut(many=True, source="_milestones")
        reports = ProjectReportOut(many=True, source="_reports")
        ballots = ProjectBallotOut(many=True, source="_ballot_results")

        class Meta(ProjectOut.Meta):
            fields = [*ProjectOut.Meta.fields, "milestones", "reports", "ballots"]

    @extend_schema(responses={200: Output}, summary="项目详情（节点、报告、票决与测评结果）")
    def get(self, request, pk):
        project = selectors.project_get(viewer=request.user, pk=pk)
        detail = selectors.project_detail(project=project)
        for name, rows in detail.items():
            setattr(project, f"_{name}", rows)
        return Response(self.Output(project).data)


class ProjectScreenApi(DomainAPIView):
    perms = {"POST": "project.manage"}

    class Input(serializers.Serializer):
        feasibility = serializers.ChoiceField(choices=LivelihoodProject.Feasibility.choices)
        feasibility_note = serializers.CharField(required=False, allow_blank=True)
        estimated_cost = serializers.DecimalField(
            max_digits=12, decimal_places=2, required=False, allow_null=True, min_value=0
        )
        decision = serializers.ChoiceField(
            choices=[
                (LivelihoodProject.Status.SHORTLISTED, _("入围票决")),
                (LivelihoodProject.Status.REJECTED, _("未入围")),
            ]
        )
        screening_note = serializers.CharField(required=False, allow_blank=True)

    @extend_schema(
        request=Input,
        responses={200: ProjectOut, **errors(400, 409)},
        summary="筛选（可行性、投资、是否入围）",
    )
    def post(self, request, pk):
        project = selectors.project_get(viewer=request.user, pk=pk)
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        project = project_screen(actor=request.user, project=project, **data.validated_data)
        return Response(ProjectOut(project).data)


class ProjectAssignApi(DomainAPIView):
    perms = {"POST": "project.manage"}

    class Input(serializers.Serializer):
        responsible_unit = serializers.IntegerField()
        budget = serializers.DecimalField(max_digits=12, decimal_places=2, min_value=0)

    @extend_schema(
        request=Input, responses={200: ProjectOut, **errors(400, 409)}, summary="确定责任单位与预算"
    )
    def post(self, request, pk):
        project = selectors.project_get(viewer=request.user, pk=pk)
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        unit = selectors.unit_get(viewer=request.user, pk=data.validated_data["responsible_unit"])
        project = project_assign(
            actor=request.user,
            project=project,
            responsible_unit=unit,
            budget=data.validated_data["budget"],
        )
        return Response(ProjectOut(project).data)


class MilestoneCreateApi(DomainAPIView):
    perms = {"POST": "project.report"}

    class Input(serializers.Serializer):
        title = serializers.CharField(max_length=120)
        due_date = serializers.DateField()

    class Output(serializers.Serializer):
        id = serializers.IntegerField()
        order = serializers.IntegerField()

    @extend_schema(
        request=Input, responses={201: Output, **errors(400, 409)}, summary="新增实施节点"
    )
    def post(self, request, pk):
        project = selectors.project_get(viewer=request.user, pk=pk)
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        m = milestone_add(actor=request.user, project=project, **data.validated_data)
        return Response(self.Output(m).data, status=201)


class MilestoneUpdateApi(DomainAPIView):
    perms = {"POST": "project.report"}

    class Input(serializers.Serializer):
        progress = serializers.IntegerField(min_value=0, max_value=100)
        evidence = serializers.CharField(required=False, allow_blank=True)
        evidence_file = serializers.FileField(required=False, allow_null=True)

    class Output(serializers.Serializer):
        id = serializers.IntegerField()
        progress = serializers.IntegerField()
        project_progress = serializers.IntegerField(source="project.progress")

    @extend_schema(
        request=Input, responses={200: Output, **errors(400, 409)}, summary="填报节点进度与佐证"
    )
    def post(self, request, pk):
        milestone = selectors.milestone_get(viewer=request.user, pk=pk)
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        m = milestone_update(actor=request.user, milestone=milestone, **data.validated_data)
        return Response(self.Output(m).data)


class ProjectReportApi(DomainAPIView):
    perms = {"POST": "project.report"}

    class Input(serializers.Serializer):
        kind = serializers.ChoiceField(choices=ProjectReport.Kind.choices)
        body = serializers.CharField()
        spent = serializers.DecimalField(
            max_digits=12, decimal_places=2, required=False, allow_null=True, min_value=0
        )

    class Output(serializers.Serializer):
        id = serializers.IntegerField()
        kind = serializers.CharField()

    @extend_schema(
        request=Input, responses={201: Output, **errors(400, 409)}, summary="提交年中/年终报告"
    )
    def post(self, request, pk):
        project = selectors.project_get(viewer=request.user, pk=pk)
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        r = project_report_submit(actor=request.user, project=project, **data.validated_data)
        return Response(self.Output(r).data, status=201)


class ProjectSummaryApi(DomainAPIView):
    perms = {"GET": "project.view"}

    class Output(serializers.Serializer):
        by_status = serializers.DictField(child=serializers.IntegerField())
        behind = serializers.IntegerField()
        followed = serializers.IntegerField()

    @extend_schema(
        parameters=[OpenApiParameter("year", int)],
        responses={200: Output, **errors(400)},
        summary="项目看板汇总（按状态）",
    )
    def get(self, request):
        summary = selectors.project_summary(viewer=request.user, year=params.query_year(request))
        return Response(self.Output(summary).data)


class MilestoneEvidenceApi(DomainAPIView):
    """A milestone's evidence file, in the project's scope (404 outside)."""

    perms = {"GET": "project.view"}

    @extend_schema(
        responses={200: download("application/octet-stream", "节点佐证材料")},
        summary="下载节点佐证材料",
    )
    def get(self, request, pk):
        return file_response(selectors.milestone_file_get(viewer=request.user, pk=pk).evidence_file)
