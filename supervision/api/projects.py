"""Projects: the plan (list with filters and export), creation, the project page's data, edits,
the stage steps, deputies and activities, townships of a joint topic, documents."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from congress import params
from congress.api import DomainAPIView
from congress.errors import invalid
from congress.models import HandlingUnit, Region
from congress.schema import errors, paginated
from congress.scope import region_filter_or_404, region_in_scope_or_404, viewer_region_code
from meetings.selectors import events_visible
from representatives.models import Deputy
from supervision import selectors, workflow
from supervision.api.common import (
    InquiryQuestionOut,
    ProjectDeputyBrief,
    ProjectDocumentOut,
    ProjectEventBrief,
    ProjectRow,
    ProjectStepOut,
    RectificationDetailOut,
    choices,
)
from supervision.models import Committee, Form, Project, Rating
from supervision.services import projects as services

S = Project.Status
# The activities of meetings/ a project may link (视察, 调研, 执法检查, 专题询问 and the hearing).
EVENT_KINDS = ["inspection", "research", "law_check", "inquiry", "standing_committee"]
FILTERS = [
    OpenApiParameter("year", int),
    OpenApiParameter("status", str, enum=S.values),
    OpenApiParameter("form", str, enum=Form.values),
    OpenApiParameter("committee", str, enum=Committee.values),
    OpenApiParameter("unit", int),
    OpenApiParameter("region", str),
    OpenApiParameter("joint", bool),
    OpenApiParameter("top", bool, description="只看县级议题（不含乡镇同步项目）"),
    OpenApiParameter("q", str),
]


def list_filters(request) -> dict:
    region = params.query_code(request, "region")
    return {
        "year": params.query_year(request),
        "status": params.query_choice(request, "status", S.choices),
        "form": params.query_choice(request, "form", Form.choices),
        "committee": params.query_choice(request, "committee", Committee.choices),
        "unit": params.query_id(request, "unit"),
        "region": region_filter_or_404(request.user, region) if region else "",
        "joint": params.query_bool(request, "joint"),
        "top": bool(params.query_bool(request, "top", default=False)),
        "q": params.query_text(request, "q"),
    }


class ProjectMilestone(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    date = serializers.DateTimeField(allow_null=True)
    due = serializers.DateField(allow_null=True)
    done = serializers.BooleanField()
    current = serializers.BooleanField()


class TownshipProjectRow(ProjectRow):
    pass


class ProjectDetailOut(ProjectRow):
    description = serializers.CharField()
    created_at = serializers.DateTimeField()
    closed_at = serializers.DateTimeField(allow_null=True)
    actions = serializers.ListField(child=serializers.CharField())
    is_body = serializers.BooleanField()
    milestones = ProjectMilestone(many=True)
    steps = ProjectStepOut(many=True)
    documents = ProjectDocumentOut(many=True)
    deputies = ProjectDeputyBrief(many=True)
    events = ProjectEventBrief(many=True)
    rectification = RectificationDetailOut(allow_null=True)
    questions = InquiryQuestionOut(many=True)
    children = TownshipProjectRow(many=True)
    children_by_status = serializers.DictField(child=serializers.IntegerField())


STAGES = [
    ("plan", _("计划"), "create"),
    ("research", _("调研"), "research"),
    ("hearing", _("听取审议/检查"), "hearing"),
    ("opinions", _("审议意见交办"), "send_opinions"),
    ("report_due", _("整改报告期限"), None),
    ("received", _("整改报告报送"), "report"),
    ("rating", _("跟踪测评"), "rate"),
    ("closed", _("办结"), "close"),
]
CURRENT = {S.PLANNED: "plan", S.RESEARCH: "research", S.HEARING: "hearing",
           S.RECTIFYING: "report_due", S.RECEIVED: "rating", S.RATED: "closed", S.CLOSED: "closed"}  # fmt: skip


def milestones(project: Project, steps, report) -> list[dict]:
    """The eight stages of the timeline: when each was reached (the latest time, a sent-back
    report is reached again), the report's deadline, and where the project stands."""
    last = {}
    for s in steps:
        last[s.action] = s.at
    today = timezone.localdate()
    out = []
    for key, label, action in STAGES:
        if action is None:
            due = report.due_date if report else None
            done = bool(report and (report.submitted_at or report.due_date < today))
            out.append({"key": key, "label": str(label), "date": None, "due": due, "done": done,
                        "current": False})  # fmt: skip
            continue
        date = last.get(action)
        out.append({"key": key, "label": str(label), "date": date, "due": None,
                    "done": date is not None, "current": False})  # fmt: skip
    current = CURRENT[project.status]
    for m in out:
        m["current"] = m["key"] == current and project.status != S.CLOSED
    return out


def detail(project: Project, request) -> dict:
    project = selectors.project_list(viewer=request.user).get(pk=project.pk)
    user = request.user
    steps = list(project.steps.order_by("at", "id"))
    rectification = getattr(project, "rectification", None) if _has_rect(project) else None
    data = ProjectRow(project).data
    children = selectors.children_progress(project)
    by_status = {}
    for child in children:
        by_status[child.status] = by_status.get(child.status, 0) + 1
    context = {"request": request}
    data.update({
        "description": project.description,
        "created_at": serializers.DateTimeField().to_representation(project.created_at),
        "closed_at": serializers.DateTimeField().to_representation(project.closed_at) if project.closed_at else None,
        "actions": workflow.project_allowed(project, user),
        "is_body": workflow.is_body(user, project.unit_id),
        "milestones": ProjectMilestone(milestones(project, steps, rectification.current() if rectification else None), many=True).data,
        "steps": ProjectStepOut(reversed(steps), many=True).data,
        "documents": ProjectDocumentOut(selectors.documents_of(project), many=True).data,
        "deputies": [{"id": d.deputy_id, "name": d.deputy.name} for d in project.deputies.select_related("deputy")],
        "events": ProjectEventBrief([e.event for e in project.events.select_related("event")], many=True).data,
        "rectification": _rectification(rectification, context),
        "questions": InquiryQuestionOut(selectors.questions_of(project), many=True).data,
        "children": TownshipProjectRow(children, many=True).data,
        "children_by_status": by_status,
    })  # fmt: skip
    return data


def _has_rect(project) -> bool:
    try:
        project.rectification  # noqa: B018 - a reverse one-to-one raises when absent
    except Project.rectification.RelatedObjectDoesNotExist:
        return False
    return True


def _rectification(rectification, context) -> dict | None:
    if rectification is None:
        return None
    data = RectificationDetailOut(rectification, context=context)
    out = dict(data.data)
    return out


class ProjectInput(serializers.Serializer):
    region = serializers.CharField(max_length=12, required=False, allow_blank=True,
                                   help_text="组织区划代码；默认为本人所属区划")  # fmt: skip
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    title = serializers.CharField(max_length=200)
    forms = serializers.ListField(
        child=serializers.ChoiceField(choices=Form.choices), min_length=1, max_length=7
    )
    committee = serializers.ChoiceField(choices=Committee.choices)
    unit = serializers.IntegerField(required=False, allow_null=True, min_value=1)
    description = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=5000
    )
    joint = serializers.BooleanField(required=False, default=False)
    planned_on = serializers.DateField(required=False, allow_null=True)

    def validate_forms(self, value):
        if len(set(value)) != len(value):
            raise serializers.ValidationError(_("监督方式不能重复。"))
        return value


def unit_in_scope(user, pk: int | None, region: Region) -> HandlingUnit | None:
    if not pk:
        return None
    unit = HandlingUnit.objects.filter(pk=pk, is_active=True).first()
    if unit is None or not region.code.startswith(unit.region_id):
        raise invalid("unit", _("所选被监督单位无效。"))
    return unit


class ProjectListApi(DomainAPIView):
    perms = {"GET": "supervision.view", "POST": "supervision.manage"}

    @extend_schema(parameters=[*FILTERS, OpenApiParameter("page", int), OpenApiParameter("page_size", int)],
                   responses={200: paginated(ProjectRow), **errors(400, 404)}, summary="年度监督计划（监督项目列表）")  # fmt: skip
    def get(self, request):
        return self.paginate(
            selectors.project_list(viewer=request.user, **list_filters(request)), ProjectRow
        )

    @extend_schema(request=ProjectInput, responses={201: ProjectDetailOut, **errors(400, 404)},
                   summary="新建监督项目")  # fmt: skip
    def post(self, request):
        data = ProjectInput(data=request.data)
        data.is_valid(raise_exception=True)
        d = dict(data.validated_data)
        user = request.user
        region = region_in_scope_or_404(user, d.pop("region", "") or viewer_region_code(user))
        d["unit"] = unit_in_scope(user, d.get("unit"), region)
        project = services.project_create(actor=user, region=region, **d)
        return Response(detail(project, request), status=201)


class ProjectDetailApi(DomainAPIView):
    perms = {"GET": "supervision.read", "PATCH": "supervision.manage"}

    @extend_schema(
        responses={200: ProjectDetailOut}, summary="监督项目（阶段、材料、整改、专题询问、乡镇）"
    )
    def get(self, request, pk):
        return Response(detail(selectors.project_get(viewer=request.user, pk=pk), request))

    @extend_schema(request=ProjectInput(partial=True), responses={200: ProjectDetailOut, **errors(400, 409)},
                   summary="修改监督项目")  # fmt: skip
    def patch(self, request, pk):
        project = selectors.project_get(viewer=request.user, pk=pk)
        data = ProjectInput(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        d = dict(data.validated_data)
        d.pop("region", None)  # a project stays with its organiser
        if "unit" in d:
            d["unit"] = unit_in_scope(request.user, d["unit"], project.region)
        project = services.project_update(actor=request.user, project=project, data=d)
        return Response(detail(project, request))


class ProjectMoveInput(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=1000)


def _move_api(action: str, summary: str):
    class MoveApi(DomainAPIView):
        perms = {"POST": "supervision.manage"}

        @extend_schema(request=ProjectMoveInput, responses={200: ProjectDetailOut, **errors(400, 409)},
                       summary=summary, operation_id=f"supervision_project_{action}")  # fmt: skip
        def post(self, request, pk):
            project = selectors.project_get(viewer=request.user, pk=pk)
            data = ProjectMoveInput(data=request.data)
            data.is_valid(raise_exception=True)
            project = services.project_move(actor=request.user, project=project, action=action,
                                            note=data.validated_data["note"])  # fmt: skip
            return Response(detail(project, request))

    MoveApi.__name__ = f"Project{action.title()}Api"
    return MoveApi


ProjectResearchApi = _move_api("research", "开展调研")
ProjectHearingApi = _move_api("hearing", "听取审议/执法检查")
ProjectCloseApi = _move_api("close", "办结监督项目")


class ParticipantsApi(DomainAPIView):
    perms = {"PUT": "supervision.manage"}

    class Input(serializers.Serializer):
        deputies = serializers.ListField(
            child=serializers.IntegerField(min_value=1), max_length=500
        )
        events = serializers.ListField(child=serializers.IntegerField(min_value=1), max_length=50,
                                       required=False, default=list)  # fmt: skip

    @extend_schema(request=Input, responses={200: ProjectDetailOut, **errors(400, 409)},
                   summary="设置参加代表和关联活动")  # fmt: skip
    def put(self, request, pk):
        project = selectors.project_get(viewer=request.user, pk=pk)
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        ids, event_ids = set(data.validated_data["deputies"]), set(data.validated_data["events"])
        deputies = list(Deputy.objects.filter(pk__in=ids))
        if len(deputies) != len(ids):
            raise invalid("deputies", _("所选代表无效。"))
        events = list(events_visible(request.user).filter(pk__in=event_ids))
        if len(events) != len(event_ids):
            raise invalid("events", _("所选活动无效。"))
        project = services.participants_set(actor=request.user, project=project,
                                            deputies=deputies, events=events)  # fmt: skip
        return Response(detail(project, request))


class TownshipsApi(DomainAPIView):
    perms = {"POST": "supervision.manage"}

    class Input(serializers.Serializer):
        townships = serializers.ListField(child=serializers.CharField(max_length=12), min_length=1,
                                          max_length=100)  # fmt: skip

    @extend_schema(request=Input, responses={200: ProjectDetailOut, **errors(400, 409)},
                   summary="安排乡镇同步监督（每个乡镇一个子项目）")  # fmt: skip
    def post(self, request, pk):
        project = selectors.project_get(viewer=request.user, pk=pk)
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        codes = set(data.validated_data["townships"])
        townships = list(Region.objects.filter(pk__in=codes))
        if len(townships) != len(codes):
            raise invalid("townships", _("所选乡镇无效。"))
        services.townships_add(actor=request.user, project=project, townships=townships)
        return Response(detail(project, request))


class SupervisionOptionsApi(DomainAPIView):
    """What the forms and filters offer: forms, committees, stages, ratings, the units and
    townships of the viewer's region."""

    perms = {"GET": "supervision.read"}

    class Output(serializers.Serializer):
        forms = serializers.ListField(child=serializers.DictField(child=serializers.CharField()))
        committees = serializers.ListField(
            child=serializers.DictField(child=serializers.CharField())
        )
        statuses = serializers.ListField(child=serializers.DictField(child=serializers.CharField()))
        ratings = serializers.ListField(child=serializers.DictField(child=serializers.CharField()))
        units = serializers.ListField(child=serializers.DictField())
        townships = serializers.ListField(
            child=serializers.DictField(child=serializers.CharField())
        )

    @extend_schema(responses={200: Output}, summary="监督项目表单选项")
    def get(self, request):
        code = viewer_region_code(request.user)
        units = HandlingUnit.objects.filter(
            is_active=True, region_id=code[:6] if len(code) > 6 else code
        )
        townships = Region.objects.filter(parent_id=code, level=Region.Level.TOWNSHIP)
        events = (
            events_visible(request.user).filter(kind__in=EVENT_KINDS).order_by("-starts_at")[:100]
        )
        return Response({
            "forms": choices(Form.choices), "committees": choices(Committee.choices),
            "statuses": choices(S.choices), "ratings": choices(Rating.choices),
            "units": [{"value": u.pk, "label": u.name} for u in units.order_by("name")],
            "townships": [{"value": r.code, "label": r.name} for r in townships.order_by("code")],
            "events": [{"value": e.pk, "label": f"{e.title}（{e.get_kind_display()}）"} for e in events],
        })  # fmt: skip
