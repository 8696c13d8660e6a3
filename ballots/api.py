"""The ballots API: one class per action, nested Input/Output serializers."""

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from ballots import selectors, services
from ballots.models import (
    Answer,
    Ballot,
    LivelihoodProject,
    ProjectReport,
)
from congress import params
from congress.api import DomainAPIView
from congress.downloads import file_response
from congress.errors import ApplicationError


class ItemOut(serializers.Serializer):
    id = serializers.IntegerField()
    order = serializers.IntegerField()
    title = serializers.CharField()
    handling_unit = serializers.IntegerField(source="handling_unit_id", allow_null=True)
    official = serializers.SerializerMethodField()
    report = serializers.SerializerMethodField()
    project = serializers.SerializerMethodField()

    def get_official(self, item) -> dict | None:
        o = item.official
        return {"id": o.id, "name": o.name, "post": o.post} if o else None

    def get_report(self, item) -> dict | None:
        r = item.report
        if r is None:
            return None
        return {
            "id": r.id,
            "year": r.year,
            "title": r.title,
            "body": r.body,
            "file": f"/api/v1/ballots/official-reports/{r.id}/file/" if r.file else None,
        }

    def get_project(self, item) -> dict | None:
        p = item.project
        if p is None:
            return None
        return {
            "id": p.id,
            "list_number": p.list_number,
            "description": p.description,
            "estimated_cost": p.estimated_cost,
            "source": p.get_source_kind_display(),
        }


class BallotOut(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    kind = serializers.CharField()
    kind_display = serializers.CharField(source="get_kind_display")
    year = serializers.IntegerField()
    congress = serializers.IntegerField(source="congress_id")
    congress_name = serializers.CharField(source="congress.name")
    occasion = serializers.SerializerMethodField()
    session = serializers.IntegerField(source="session_id", allow_null=True)
    committee_meeting = serializers.IntegerField(source="committee_meeting_id", allow_null=True)
    electorate = serializers.CharField()
    electorate_display = serializers.CharField(source="get_electorate_display")
    anonymous = serializers.BooleanField()
    opens_at = serializers.DateTimeField()
    closes_at = serializers.DateTimeField()
    status = serializers.CharField()
    status_display = serializers.CharField(source="get_status_display")
    closed_at = serializers.DateTimeField(allow_null=True)
    choose_max = serializers.IntegerField(allow_null=True)
    flag_threshold = serializers.DecimalField(max_digits=4, decimal_places=3)
    electorate_size = serializers.IntegerField()
    answers = serializers.SerializerMethodField()
    tie_rule = serializers.SerializerMethodField()

    def get_occasion(self, b) -> str:
        return str(b.session or b.committee_meeting or b.term)

    def get_answers(self, b) -> list[dict]:
        return [{"value": a, "label": str(Answer(a).label)} for a in b.answers]

    def get_tie_rule(self, b) -> str:
        return str(Ballot.TIE_RULE) if b.is_approval else ""


class BallotListApi(DomainAPIView):
    perms = {"GET": "ballot.view", "POST": "ballot.manage"}

    class Output(BallotOut):
        cast_electronic = serializers.IntegerField()
        paper_papers = serializers.IntegerField()
        item_count = serializers.IntegerField()
        my_voted = serializers.BooleanField()

    class Input(serializers.Serializer):
        congress = serializers.IntegerField()
        kind = serializers.ChoiceField(choices=Ballot.Kind.choices)
        title = serializers.CharField(max_length=150)
        year = serializers.IntegerField(min_value=2000, max_value=2100)
        session = serializers.IntegerField(required=False, allow_null=True)
        committee_meeting = serializers.IntegerField(required=False, allow_null=True)
        electorate = serializers.ChoiceField(
            choices=Ballot.Electorate.choices, default=Ballot.Electorate.DEPUTIES
        )
        anonymous = serializers.BooleanField(default=True)
        opens_at = serializers.DateTimeField()
        closes_at = serializers.DateTimeField()
        choose_max = serializers.IntegerField(required=False, allow_null=True, min_value=1)
        flag_threshold = serializers.DecimalField(
            max_digits=4, decimal_places=3, required=False, min_value=0, max_value=1
        )
        compare_with = serializers.IntegerField(required=False, allow_null=True)
        units = serializers.ListField(child=serializers.IntegerField(), required=False)
        reports = serializers.ListField(child=serializers.IntegerField(), required=False)
        officials = serializers.ListField(child=serializers.IntegerField(), required=False)
        projects = serializers.ListField(child=serializers.IntegerField(), required=False)

    @extend_schema(
        parameters=[
            OpenApiParameter("kind", str, enum=Ballot.Kind.values),
            OpenApiParameter("status", str, enum=Ballot.Status.values),
            OpenApiParameter("year", int),
        ],
        responses=Output(many=True),
        summary="测评票决列表",
    )
    def get(self, request):
        qs = selectors.ballot_list(
            viewer=request.user,
            kind=params.query_choice(request, "kind", Ballot.Kind.choices) or None,
            status=params.query_choice(request, "status", Ballot.Status.choices) or None,
            year=params.query_year(request),
        )
        return self.paginate(qs, self.Output)

    @extend_schema(request=Input, responses={201: BallotOut}, summary="新建测评票决（草稿）")
    def post(self, request):
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        user = request.user
        congress = selectors.congress_get(viewer=user, pk=d["congress"])
        options = selectors.setup_options(viewer=user, congress=congress)
        session = _pick(options["sessions"], d.get("session"), "session")
        meeting = _pick(options["meetings"], d.get("committee_meeting"), "committee_meeting")
        compare = _pick(list(options["previous"]), d.get("compare_with"), "compare_with")
        items = _items(d, options)
        ballot = services.ballot_create(
            actor=user,
            congress=congress,
            kind=d["kind"],
            title=d["title"],
            year=d["year"],
            opens_at=d["opens_at"],
            closes_at=d["closes_at"],
            items=items,
            session=session,
            committee_meeting=meeting,
            electorate_kind=d["electorate"],
            anonymous=d["anonymous"],
            choose_max=d.get("choose_max"),
            flag_threshold=d.get("flag_threshold"),
            compare_with=compare,
        )
        return Response(BallotOut(ballot).data, status=201)


def _pick(rows, pk, field):
    if not pk:
        return None
    for row in rows:
        if row.pk == pk:
            return row
    raise ApplicationError(_("所选内容无效。"), fields={field: [_("所选内容无效。")]})


def _items(d: dict, options: dict) -> list[dict]:
    """Turn ids into objects, only from what this congress offers (so nothing crosses counties)."""
    units = {u.pk: u for u in options["units"]}
    officials = {o.pk: o for o in options["officials"]}
    reports = {r.pk: r for o in officials.values() for r in o.reports.all()}
    projects = {p.pk: p for p in options["projects"]}
    out = []
    for field, table, key in (
        ("units", units, "handling_unit"),
        ("officials", officials, "official"),
        ("reports", reports, "report"),
        ("projects", projects, "project"),
    ):
        for pk in d.get(field) or []:
            if pk not in table:
                raise ApplicationError(_("测评对象无效。"), fields={"items": [_("测评对象无效。")]})
            out.append({key: table[pk]})
    return out


ITEM_FIELDS = ("units", "officials", "reports", "projects")


class BallotDetailApi(DomainAPIView):
    perms = {"GET": "ballot.view", "PATCH": "ballot.manage"}

    class Output(BallotOut):
        items = serializers.SerializerMethodField()
        my_vote = serializers.SerializerMethodField()
        paper_papers = serializers.IntegerField()
        compare_with = serializers.IntegerField(source="compare_with_id", allow_null=True)

        def get_items(self, b) -> list[dict]:
            return ItemOut(selectors.ballot_items(b), many=True).data

        def get_my_vote(self, b) -> dict | None:
            p = selectors.my_participation(ballot=b, viewer=self.context["request"].user)
            return (
                {"receipt": p.receipt, "voted_at": p.voted_at, "channel": p.channel} if p else None
            )

    @extend_schema(responses=Output, summary="测评票决详情（含测评对象、本人是否已投）")
    def get(self, request, pk):
        ballot = selectors.ballot_get(viewer=request.user, pk=pk)
        return Response(self.Output(ballot, context={"request": request}).data)

    @extend_schema(
        request=BallotListApi.Input,
        responses=BallotOut,
        summary="修改草稿（发布后不能修改：409）",
    )
    def patch(self, request, pk):
        user = request.user
        ballot = selectors.ballot_get(viewer=user, pk=pk)
        services.check_editable(ballot)  # an open or closed ballot: 409 whatever the input
        data = BallotListApi.Input(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        d = dict(data.validated_data)
        d.pop("congress", None)  # a ballot stays with its congress
        options = selectors.setup_options(viewer=user, congress=ballot.congress)
        changes = {
            k: d[k]
            for k in (
                "kind",
                "title",
                "year",
                "electorate",
                "anonymous",
                "opens_at",
                "closes_at",
                "choose_max",
                "flag_threshold",
            )
            if k in d
        }
        for field, rows in (
            ("session", options["sessions"]),
            ("committee_meeting", options["meetings"]),
            ("compare_with", list(options["previous"])),
        ):
            if field in d:
                changes[field] = _pick(rows, d[field], field)
        items = _items(d, options) if any(f in d for f in ITEM_FIELDS) else None
        ballot = services.ballot_update(actor=user, ballot=ballot, items=items, **changes)
        return Response(BallotOut(ballot).data)


class BallotOpenApi(DomainAPIView):
    perms = {"POST": "ballot.manage"}

    @extend_schema(request=None, responses=BallotOut, summary="发布（开始接受投票）")
    def post(self, request, pk):
        ballot = selectors.ballot_get(viewer=request.user, pk=pk)
        return Response(BallotOut(services.ballot_open(actor=request.user, ballot=ballot)).data)


class BallotCloseApi(DomainAPIView):
    perms = {"POST": "ballot.manage"}

    @extend_schema(request=None, responses=BallotOut, summary="结束投票并计票")
    def post(self, request, pk):
        ballot = selectors.ballot_get(viewer=request.user, pk=pk)
        return Response(BallotOut(services.ballot_close(actor=request.user, ballot=ballot)).data)


class BallotVoteApi(DomainAPIView):
    perms = {"POST": "ballot.vote"}

    class Input(serializers.Serializer):
        answers = serializers.DictField(
            child=serializers.ChoiceField(choices=Answer.choices), allow_empty=True
        )

    @extend_schema(request=Input, responses={201: dict}, summary="投票（每人一次）")
    def post(self, request, pk):
        ballot = selectors.ballot_get(viewer=request.user, pk=pk)
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            answers = {int(k): v for k, v in data.validated_data["answers"].items()}
        except ValueError:
            raise ApplicationError(
                _("所选项目无效。"), fields={"answers": [_("所选项目无效。")]}
            ) from None
        deputy = services.voter_of(request.user)
        p = services.ballot_vote(deputy=deputy, ballot=ballot, answers=answers)
        return Response({"receipt": p.receipt, "voted_at": p.voted_at}, status=201)


class BallotTurnoutApi(DomainAPIView):
    perms = {"GET": "ballot.turnout"}

    @extend_schema(responses=dict, summary="实时参与率（不含投票内容）")
    def get(self, request, pk):
        ballot = selectors.ballot_get(viewer=request.user, pk=pk)
        return Response(selectors.ballot_turnout(ballot=ballot))


class BallotPaperApi(DomainAPIView):
    perms = {"POST": "ballot.manage"}

    class Input(serializers.Serializer):
        papers = serializers.IntegerField(min_value=1)
        totals = serializers.DictField(
            child=serializers.DictField(child=serializers.IntegerField(min_value=0))
        )
        voters = serializers.ListField(child=serializers.IntegerField(), required=False)
        note = serializers.CharField(max_length=200, required=False, allow_blank=True)

    @extend_schema(request=Input, responses={201: dict}, summary="录入纸质票合计")
    def post(self, request, pk):
        ballot = selectors.ballot_get(viewer=request.user, pk=pk)
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        try:
            totals = {int(k): v for k, v in d["totals"].items()}
        except ValueError:
            raise ApplicationError(
                _("所列项目无效。"), fields={"totals": [_("所列项目无效。")]}
            ) from None
        # Only the ballot's own voters are looked up: another county's deputy reads like an id
        # that does not exist, and neither is named.
        ids = set(d.get("voters") or [])
        voters = list(services.electorate(ballot).filter(pk__in=ids).distinct())
        if len(voters) != len(ids):
            message = _("名单中有人不在投票人范围内。")
            raise ApplicationError(message, fields={"voters": [message]})
        entry = services.ballot_enter_paper(
            actor=request.user,
            ballot=ballot,
            papers=d["papers"],
            totals=totals,
            voters=voters,
            note=d.get("note", ""),
        )
        return Response({"id": entry.id, "papers": entry.papers}, status=201)


class BallotResultsApi(DomainAPIView):
    perms = {"GET": "ballot.view"}

    class Output(serializers.Serializer):
        item = serializers.IntegerField(source="item_id")
        title = serializers.CharField(source="item.title")
        order = serializers.IntegerField(source="item.order")
        counts = serializers.JSONField()
        valid = serializers.IntegerField()
        satisfaction_rate = serializers.DecimalField(
            max_digits=5, decimal_places=4, allow_null=True
        )
        dissatisfied_rate = serializers.DecimalField(
            max_digits=5, decimal_places=4, allow_null=True
        )
        rank = serializers.IntegerField()
        flagged = serializers.BooleanField()
        elected = serializers.BooleanField()
        previous_rate = serializers.DecimalField(max_digits=5, decimal_places=4, allow_null=True)
        previous_rank = serializers.IntegerField(allow_null=True)

    @extend_schema(responses=Output(many=True), summary="测评结果（结束后）")
    def get(self, request, pk):
        ballot = selectors.ballot_get(viewer=request.user, pk=pk)
        rows = selectors.ballot_results(ballot=ballot)
        turnout = selectors.ballot_turnout(ballot=ballot)
        return Response(
            {
                "ballot": BallotOut(ballot).data,
                "turnout": turnout,
                "results": self.Output(rows, many=True).data,
            }
        )


class SetupOptionsApi(DomainAPIView):
    perms = {"GET": "ballot.manage"}

    @extend_schema(
        parameters=[OpenApiParameter("congress", int)],
        responses=dict,
        summary="新建测评可选内容（按人大）",
    )
    def get(self, request):
        congresses = list(selectors.congress_choices(viewer=request.user))
        out = {"congresses": [{"id": c.id, "name": c.name} for c in congresses]}
        congress_id = params.query_id(request, "congress") or (
            congresses[0].id if congresses else None
        )
        if congress_id is None:
            return Response(out)
        congress = selectors.congress_get(viewer=request.user, pk=congress_id)
        o = selectors.setup_options(viewer=request.user, congress=congress)
        out.update(
            congress=congress.id,
            term=str(o["term"] or ""),
            sessions=[{"id": s.id, "name": str(s)} for s in o["sessions"]],
            meetings=[{"id": m.id, "name": str(m)} for m in o["meetings"]],
            units=[{"id": u.id, "name": u.name} for u in o["units"]],
            officials=[
                {
                    "id": x.id,
                    "name": f"{x.post} {x.name}",
                    "reports": [
                        {"id": r.id, "year": r.year, "title": r.title} for r in x.reports.all()
                    ],
                }
                for x in o["officials"]
            ],
            projects=[
                {
                    "id": p.id,
                    "title": p.title,
                    "year": p.year,
                    "status": p.status,
                    "list_number": p.list_number,
                }
                for p in o["projects"]
            ],
            previous=[{"id": b.id, "title": b.title, "kind": b.kind} for b in o["previous"]],
        )
        return Response(out)


# --- livelihood projects ------------------------------------------------------------------------


class ProjectOut(serializers.ModelSerializer):
    status_display = serializers.CharField(source="get_status_display")
    source_kind_display = serializers.CharField(source="get_source_kind_display")
    feasibility_display = serializers.CharField(source="get_feasibility_display")
    source_unit_name = serializers.CharField(source="source_unit.name", default=None)
    responsible_unit_name = serializers.CharField(source="responsible_unit.name", default=None)
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
        responses=ProjectOut(many=True),
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

    @extend_schema(request=Input, responses={201: ProjectOut}, summary="征集候选项目")
    def post(self, request):
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        d = dict(data.validated_data)
        d["congress"] = selectors.congress_get(viewer=request.user, pk=d["congress"])
        if d.get("source_unit"):
            d["source_unit"] = selectors.unit_get(viewer=request.user, pk=d["source_unit"])
        project = services.project_propose(actor=request.user, **d)
        return Response(ProjectOut(project).data, status=201)


class ProjectDetailApi(DomainAPIView):
    perms = {"GET": "project.view"}

    @extend_schema(responses=dict, summary="项目详情（节点、报告、票决与测评结果）")
    def get(self, request, pk):
        project = selectors.project_get(viewer=request.user, pk=pk)
        detail = selectors.project_detail(project=project)
        return Response(
            {
                **ProjectOut(project).data,
                "milestones": [
                    {
                        "id": m.id,
                        "order": m.order,
                        "title": m.title,
                        "due_date": m.due_date,
                        "progress": m.progress,
                        "evidence": m.evidence,
                        "evidence_file": (
                            f"/api/v1/ballots/milestones/{m.id}/evidence/"
                            if m.evidence_file
                            else None
                        ),
                        "updated_at": m.updated_at,
                    }
                    for m in detail["milestones"]
                ],
                "reports": [
                    {
                        "id": r.id,
                        "kind": r.kind,
                        "kind_display": r.get_kind_display(),
                        "body": r.body,
                        "progress": r.progress,
                        "spent": r.spent,
                        "submitted_by": str(r.submitted_by),
                        "submitted_at": r.submitted_at,
                    }
                    for r in detail["reports"]
                ],
                "ballots": [
                    {
                        "ballot": r.ballot_id,
                        "title": r.ballot.title,
                        "kind": r.ballot.kind,
                        "counts": r.counts,
                        "valid": r.valid,
                        "rank": r.rank,
                        "elected": r.elected,
                        "satisfaction_rate": r.satisfaction_rate,
                    }
                    for r in detail["ballot_results"]
                ],
            }
        )


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

    @extend_schema(request=Input, responses=ProjectOut, summary="筛选（可行性、投资、是否入围）")
    def post(self, request, pk):
        project = selectors.project_get(viewer=request.user, pk=pk)
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        project = services.project_screen(
            actor=request.user, project=project, **data.validated_data
        )
        return Response(ProjectOut(project).data)


class ProjectAssignApi(DomainAPIView):
    perms = {"POST": "project.manage"}

    class Input(serializers.Serializer):
        responsible_unit = serializers.IntegerField()
        budget = serializers.DecimalField(max_digits=12, decimal_places=2, min_value=0)

    @extend_schema(request=Input, responses=ProjectOut, summary="确定责任单位与预算")
    def post(self, request, pk):
        project = selectors.project_get(viewer=request.user, pk=pk)
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        unit = selectors.unit_get(viewer=request.user, pk=data.validated_data["responsible_unit"])
        project = services.project_assign(
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

    @extend_schema(request=Input, responses={201: dict}, summary="新增实施节点")
    def post(self, request, pk):
        project = selectors.project_get(viewer=request.user, pk=pk)
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        m = services.milestone_add(actor=request.user, project=project, **data.validated_data)
        return Response({"id": m.id, "order": m.order}, status=201)


class MilestoneUpdateApi(DomainAPIView):
    perms = {"POST": "project.report"}

    class Input(serializers.Serializer):
        progress = serializers.IntegerField(min_value=0, max_value=100)
        evidence = serializers.CharField(required=False, allow_blank=True)
        evidence_file = serializers.FileField(required=False, allow_null=True)

    @extend_schema(request=Input, responses=dict, summary="填报节点进度与佐证")
    def post(self, request, pk):
        milestone = selectors.milestone_get(viewer=request.user, pk=pk)
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        m = services.milestone_update(
            actor=request.user, milestone=milestone, **data.validated_data
        )
        return Response(
            {"id": m.id, "progress": m.progress, "project_progress": m.project.progress}
        )


class ProjectReportApi(DomainAPIView):
    perms = {"POST": "project.report"}

    class Input(serializers.Serializer):
        kind = serializers.ChoiceField(choices=ProjectReport.Kind.choices)
        body = serializers.CharField()
        spent = serializers.DecimalField(
            max_digits=12, decimal_places=2, required=False, allow_null=True, min_value=0
        )

    @extend_schema(request=Input, responses={201: dict}, summary="提交年中/年终报告")
    def post(self, request, pk):
        project = selectors.project_get(viewer=request.user, pk=pk)
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        r = services.project_report_submit(
            actor=request.user, project=project, **data.validated_data
        )
        return Response({"id": r.id, "kind": r.kind}, status=201)


class ProjectSummaryApi(DomainAPIView):
    perms = {"GET": "project.view"}

    @extend_schema(
        parameters=[OpenApiParameter("year", int)], responses=dict, summary="项目看板汇总（按状态）"
    )
    def get(self, request):
        qs = selectors.project_list(viewer=request.user, year=params.query_year(request))
        counts = qs.order_by().values("status").annotate(n=Count("id", distinct=True))
        behind = qs.filter(status="elected", progress__lt=50).count()
        return Response(
            {
                "by_status": {row["status"]: row["n"] for row in counts},
                "behind": behind,
                "followed": qs.filter(Q(status="elected") | Q(status="completed")).count(),
            }
        )


class OfficialReportFileApi(DomainAPIView):
    """An appointed official's report file, for those who see a ballot carrying it (404 outside)."""

    perms = {"GET": "ballot.view"}

    @extend_schema(responses={200: bytes}, summary="下载履职报告附件")
    def get(self, request, pk):
        return file_response(selectors.official_report_get(viewer=request.user, pk=pk).file)


class MilestoneEvidenceApi(DomainAPIView):
    """A milestone's evidence file, in the project's scope (404 outside)."""

    perms = {"GET": "project.view"}

    @extend_schema(responses={200: bytes}, summary="下载节点佐证材料")
    def get(self, request, pk):
        return file_response(selectors.milestone_file_get(viewer=request.user, pk=pk).evidence_file)
