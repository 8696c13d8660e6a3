"""The scoped list and drafting, paper entry by staff, and the lists the forms need."""

from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from congress import params
from congress.api import DomainAPIView
from congress.exports import export_file, xlsx_file_response
from congress.models import Session
from congress.schema import XLSX_DOWNLOAD, download, errors, paginated
from congress.scope import region_filter_or_404
from representatives.models import Mandate
from suggestions import exports, selectors, workflow
from suggestions.api.common import Label, ListItem
from suggestions.models import ContactLog, ResultClass, Satisfaction, Status, SuggestionCategory
from suggestions.services.drafting import suggestion_create
from suggestions.services.lengths import BODY_MAX, max_length
from suggestions.services.submission import suggestion_enter_paper
from suggestions.workdays import calendar_warning

# "all": no box (the address keeps it, so a reload stays on 全部 rather than the default box).
BOXES = [*selectors.BOXES, "overdue", "todo", "all"]


class DraftIn(serializers.Serializer):
    title = serializers.CharField(max_length=120, allow_blank=True)
    body = serializers.CharField(allow_blank=True, **max_length(BODY_MAX))
    category = serializers.IntegerField(error_messages={"invalid": "未知的建议类别。"})
    session = serializers.IntegerField(required=False, allow_null=True)
    congress = serializers.IntegerField(required=False, allow_null=True)
    cosigners = serializers.ListField(child=serializers.IntegerField(), required=False)


class IdOut(serializers.Serializer):
    id = serializers.IntegerField()


FILTER_PARAMS = [
    OpenApiParameter("box", str, enum=BOXES),
    OpenApiParameter("status", str, enum=Status.values),
    OpenApiParameter("category", int),
    OpenApiParameter("term", int),
    OpenApiParameter("session", int, description="提出的会议（大会期间）"),
    OpenApiParameter("unit", int, description="现承办单位（主办或协办）；不在可见范围内为 404"),
    OpenApiParameter(
        "unit_role", str, enum=["lead", "co"], description="与 unit 同用：只看主办或协办"
    ),
    OpenApiParameter(
        "deadline",
        str,
        enum=selectors.DEADLINES,
        description="答复已超期、7 天或 30 天内到期，审查超期，交办超期",
    ),
    OpenApiParameter("unrated", bool, description="true：已记为未测评"),
    OpenApiParameter("paper", bool, description="true：有纸质测评表"),
    OpenApiParameter("key", bool, description="true：只看重点建议；false：只看非重点"),
    OpenApiParameter("due_from", str, description="答复期限起（YYYY-MM-DD）"),
    OpenApiParameter("due_to", str, description="答复期限止（YYYY-MM-DD）"),
    OpenApiParameter("region", str, description="区划代码；不在可见范围内为 404"),
    OpenApiParameter("year", int),
    OpenApiParameter("stage", str, enum=["mine"], description="mine：在我可审查的审查环节等待"),
    OpenApiParameter("q", str),
]


def list_filters(request) -> dict:
    """The list's filters from the query string (the board, its export and the other lists)."""
    filters = {
        "box": params.query_choice(request, "box", BOXES),
        "status": params.query_choice(request, "status", Status.choices),
        "category": params.query_id(request, "category"),
        "term": params.query_id(request, "term"),
        "session": params.query_id(request, "session"),
        "unit": params.query_id(request, "unit"),
        "unit_role": params.query_choice(request, "unit_role", ["lead", "co"]),
        "deadline": params.query_choice(request, "deadline", selectors.DEADLINES),
        "unrated": params.query_bool(request, "unrated"),
        "paper": params.query_bool(request, "paper"),
        "key": params.query_bool(request, "key"),
        "due_from": params.query_date(request, "due_from"),
        "due_to": params.query_date(request, "due_to"),
        "region": params.query_code(request, "region"),
        "year": params.query_year(request),
        "stage": params.query_choice(request, "stage", ["mine"]),
        "q": params.query_text(request, "q"),
    }
    if filters["region"]:
        filters["region"] = region_filter_or_404(request.user, filters["region"])
    if filters["unit"]:
        selectors.filter_unit_or_404(viewer=request.user, unit_id=filters["unit"])
    return filters


class SuggestionListApi(DomainAPIView):
    perms = {"GET": "suggestion.view", "POST": "suggestion.create"}
    Input, Output = DraftIn, ListItem

    @extend_schema(
        parameters=FILTER_PARAMS,
        responses={200: paginated(ListItem, "PaginatedSuggestionList"), **errors(400, 404)},
        summary="代表建议列表（按可见范围）",
    )
    def get(self, request):
        return self.paginate(
            selectors.suggestion_list(viewer=request.user, filters=list_filters(request)),
            ListItem,
        )

    @extend_schema(request=Input, responses={201: IdOut, **errors(400)}, summary="起草建议（草稿）")
    def post(self, request):
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        suggestion = suggestion_create(
            author=request.user,
            title=d["title"],
            body=d["body"],
            category_id=d["category"],
            session_id=d.get("session"),
            congress_id=d.get("congress"),
            cosigner_ids=d.get("cosigners", []),
        )
        return Response(IdOut(suggestion).data, status=201)


class PaperSuggestionApi(DomainAPIView):
    """Staff type in a paper suggestion on a deputy's behalf: GET the serving deputies they may
    choose (?q=name), POST the suggestion, which goes straight into review."""

    perms = {"GET": "suggestion.enter", "POST": "suggestion.enter"}

    class Input(DraftIn):
        lead_deputy = serializers.IntegerField(
            error_messages={
                "required": "请选择领衔代表。",
                "null": "请选择领衔代表。",
                "invalid": "请选择领衔代表。",
            }  # fmt: skip
        )

    class Output(serializers.Serializer):
        class SessionOut(serializers.Serializer):
            id = serializers.IntegerField()
            label = serializers.CharField()

        key = serializers.CharField(help_text="deputy-congress: a deputy may hold two mandates")
        id = serializers.IntegerField()
        name = serializers.CharField()
        workplace = serializers.CharField()
        congress_id = serializers.IntegerField()
        congress = serializers.CharField()
        sessions = SessionOut(many=True)

    @extend_schema(parameters=[OpenApiParameter("q", str)], responses={200: Output(many=True)},
                   summary="可选的领衔/附议代表（本辖区在任代表）")  # fmt: skip
    def get(self, request):
        q = params.query_text(request, "q")
        rows = selectors.paper_deputy_candidates(viewer=request.user, query=q)
        return Response(self.Output(rows, many=True).data)

    @extend_schema(request=Input, responses={201: IdOut, **errors(400)},
                   summary="代为录入纸质建议（直接提交审查）")  # fmt: skip
    def post(self, request):
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        suggestion = suggestion_enter_paper(
            actor=request.user,
            lead_deputy_id=d["lead_deputy"],
            title=d["title"],
            body=d["body"],
            category_id=d["category"],
            session_id=d.get("session"),
            congress_id=d.get("congress"),
            cosigner_ids=d.get("cosigners", []),
        )
        return Response(IdOut(suggestion).data, status=201)


class CosignerCandidatesApi(DomainAPIView):
    perms = {"GET": "suggestion.create"}

    class Output(serializers.Serializer):
        id = serializers.IntegerField()
        name = serializers.CharField()
        workplace = serializers.CharField()

    @extend_schema(parameters=[OpenApiParameter("q", str), OpenApiParameter("congress", int)],
                   responses={200: Output(many=True), **errors(400)},
                   summary="可邀请附议的在任代表")  # fmt: skip
    def get(self, request):
        q = params.query_text(request, "q")
        congress = params.query_id(request, "congress")
        rows = selectors.cosigner_candidates(viewer=request.user, query=q, congress_id=congress)
        return Response(self.Output(rows, many=True).data)


class ValueLabel(serializers.Serializer):
    value = serializers.CharField()
    label = serializers.CharField()


class MetaApi(DomainAPIView):
    """Lists a form needs: categories, classes, sessions, the calendar warning, the table."""

    perms = {"GET": "suggestion.view"}

    class Output(serializers.Serializer):
        class CategoryOut(serializers.Serializer):
            id = serializers.IntegerField()
            name = Label()

        class ResultClassOut(serializers.Serializer):
            code = serializers.CharField()
            label = Label()
            needs_commitment = serializers.BooleanField()

        class SessionOut(serializers.Serializer):
            id = serializers.IntegerField()
            label = serializers.CharField()
            start_date = serializers.DateField()
            congress_id = serializers.IntegerField()

        class CongressOut(serializers.Serializer):
            id = serializers.IntegerField()
            name = serializers.CharField()

        class TransitionOut(serializers.Serializer):
            action = serializers.CharField()
            label = serializers.CharField()
            sources = serializers.ListField(child=serializers.CharField())
            to = serializers.CharField(allow_null=True)
            who = serializers.ListField(child=serializers.CharField())

            def get_fields(self):
                fields = super().get_fields()
                fields["from"] = fields.pop("sources")  # "from" is a keyword
                return fields

        categories = CategoryOut(many=True)
        result_classes = ResultClassOut(many=True)
        statuses = ValueLabel(many=True)
        satisfaction = ValueLabel(many=True)
        contact_methods = ValueLabel(many=True)
        sessions = SessionOut(many=True)
        congresses = CongressOut(many=True)
        calendar_warning = serializers.CharField(help_text="空：日历已收录")
        transitions = TransitionOut(many=True)

    @extend_schema(responses={200: Output}, summary="建议表单所需的选项")
    def get(self, request):
        sessions, congresses = [], []
        deputy = getattr(request.user, "deputy", None) if request.user.role == "deputy" else None
        if deputy is not None:
            mandates = Mandate.objects.filter(deputy=deputy, status="serving")
            congresses = [
                {"id": m.congress_id, "name": m.congress.name}
                for m in mandates.select_related("congress").order_by("-congress__region_id")
            ]
            sessions = [
                {"id": s.id, "label": str(s), "start_date": s.start_date,
                 "congress_id": s.term.congress_id}
                for s in Session.objects.filter(
                    term_id__in=mandates.values("term_id")
                ).select_related("term__congress")
            ]  # fmt: skip
        choices = lambda pairs: [{"value": v, "label": str(label)} for v, label in pairs]  # noqa: E731
        return Response(self.Output({
            "categories": SuggestionCategory.objects.filter(is_active=True).values("id", "name"),
            "result_classes": ResultClass.objects.filter(is_active=True),
            "statuses": choices(Status.choices),
            "satisfaction": choices(Satisfaction.choices),
            "contact_methods": choices(ContactLog.Method.choices),
            "sessions": sessions,
            "congresses": congresses,
            "calendar_warning": calendar_warning(timezone.localdate()),
            "transitions": [
                {"action": t.action, "label": t.label, "from": sorted(t.sources),
                 "to": t.target, "who": sorted(t.who)}
                for t in workflow.TRANSITIONS
            ],
        }).data)  # fmt: skip


class AssignOptionsApi(DomainAPIView):
    """Units and leaders a staff member may pick for this suggestion."""

    perms = {"GET": "suggestion.act"}

    class Output(serializers.Serializer):
        class Choice(serializers.Serializer):
            id = serializers.IntegerField()
            name = serializers.CharField()

        units = Choice(many=True)
        leaders = Choice(many=True)

    @extend_schema(responses={200: Output, **errors(404)}, summary="交办可选单位与牵头领导")
    def get(self, request, pk):
        s = selectors.suggestion_get(viewer=request.user, pk=pk)
        units = selectors.assignable_units(viewer=request.user, suggestion=s).values("id", "name")
        leaders = [
            {"id": u.id, "name": u.display_name}
            for u in selectors.leaders(viewer=request.user, suggestion=s)
        ]
        return Response(self.Output({"units": units, "leaders": leaders}).data)


class SuggestionExportApi(DomainAPIView):
    """The board's rows as shown (the same filters as the list), as .xlsx: a direct download
    up to SYNC_MAX_ROWS rows; the board's 导出 button starts the `suggestion_export` job, which
    streams any size with its progress (docs/exports.md)."""

    perms = {"GET": "suggestion.board"}

    @extend_schema(parameters=FILTER_PARAMS,
                   responses={200: download(XLSX_DOWNLOAD), **errors(400, 404)},
                   summary="导出建议列表（与列表相同的筛选条件，.xlsx；超过直接下载上限时 400，"
                           "请用 suggestion_export 后台任务）")  # fmt: skip
    def get(self, request):
        rows = selectors.suggestion_list(viewer=request.user, filters=list_filters(request))
        handle = export_file()
        filename = exports.suggestion_list_xlsx(
            rows=rows, source=request.query_params, handle=handle, direct=True
        )
        return xlsx_file_response(handle, filename)


class FilterOptionsApi(DomainAPIView):
    """What the board's filters offer: the units and sessions of the viewer's region."""

    perms = {"GET": "suggestion.board"}

    class Output(serializers.Serializer):
        class Choice(serializers.Serializer):
            id = serializers.IntegerField()
            name = serializers.CharField()

        class SessionChoice(serializers.Serializer):
            id = serializers.IntegerField()
            label = serializers.CharField()

        units = Choice(many=True)
        sessions = SessionChoice(many=True)

    @extend_schema(responses={200: Output}, summary="建议列表筛选项（承办单位、会议）")
    def get(self, request):
        return Response(self.Output(selectors.filter_options(viewer=request.user)).data)


class SuggestionCountsApi(DomainAPIView):
    """The board's box counts under the list's filters (the box itself aside): the same query
    as the list, so a box's count is the number of rows its list shows."""

    perms = {"GET": "suggestion.view"}

    class Output(serializers.Serializer):
        def get_fields(self):
            return {box: serializers.IntegerField() for box in BOXES}

    @extend_schema(parameters=FILTER_PARAMS, responses={200: Output, **errors(400, 404)},
                   summary="建议列表各办理环节的件数（与列表相同的筛选条件）")  # fmt: skip
    def get(self, request):
        filters = list_filters(request)
        counts = selectors.suggestion_box_counts(viewer=request.user, filters=filters, boxes=BOXES)
        return Response(self.Output(counts).data)
