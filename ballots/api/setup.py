"""The ballots API, setting up: the list, a draft's creation and edits, what a set-up form
offers, publishing, and the official's report file shown with an item."""

from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.response import Response

from ballots import selectors
from ballots.models import (
    Answer,
    Ballot,
)
from ballots.services.setup import ballot_create, ballot_open, ballot_update, check_editable
from congress import params
from congress.api import DomainAPIView
from congress.downloads import file_response
from congress.errors import invalid
from congress.models import Session, Term, chinese_number
from congress.schema import download, errors, paginated


def _numeral(n: int) -> str:
    """第十八届 in Chinese; a translation gets the digits (term 18)."""
    return chinese_number(n) if (get_language() or "zh").startswith("zh") else str(n)


def occasion_name(occasion) -> str:
    """A session, committee meeting or term by name in the request's language (the models'
    __str__ is Chinese only); the congress's own name is a proper name and stays as it is."""
    if occasion is None:
        return ""
    term = occasion if isinstance(occasion, Term) else occasion.term
    names = {"congress": term.congress.name, "term": _numeral(term.number)}
    if isinstance(occasion, Term):
        return gettext("%(congress)s第%(term)s届") % names
    names["n"] = _numeral(occasion.number)
    if isinstance(occasion, Session):
        return gettext("%(congress)s第%(term)s届第%(n)s次会议") % names
    return gettext("%(congress)s常委会第%(term)s届第%(n)s次会议") % names


class OfficialBriefOut(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    post = serializers.CharField()


class ReportBriefOut(serializers.Serializer):
    id = serializers.IntegerField()
    year = serializers.IntegerField()
    title = serializers.CharField()
    body = serializers.CharField()
    file = serializers.SerializerMethodField()

    def get_file(self, r) -> str | None:
        return f"/api/v1/ballots/official-reports/{r.id}/file/" if r.file else None


class ProjectBriefOut(serializers.Serializer):
    id = serializers.IntegerField()
    list_number = serializers.IntegerField(allow_null=True)
    description = serializers.CharField()
    estimated_cost = serializers.DecimalField(
        max_digits=12, decimal_places=2, allow_null=True, coerce_to_string=False
    )
    source = serializers.CharField(source="get_source_kind_display")


class ItemOut(serializers.Serializer):
    id = serializers.IntegerField()
    order = serializers.IntegerField()
    title = serializers.CharField()
    handling_unit = serializers.IntegerField(source="handling_unit_id", allow_null=True)
    official = OfficialBriefOut(allow_null=True)
    report = ReportBriefOut(allow_null=True)
    project = ProjectBriefOut(allow_null=True)
    suggestion = serializers.IntegerField(source="suggestion_id", allow_null=True)
    unit_name = serializers.SerializerMethodField()
    presenter = serializers.CharField()
    statement = serializers.CharField()
    statement_file = serializers.SerializerMethodField()

    def get_unit_name(self, i) -> str:
        return i.handling_unit.name if i.handling_unit_id else ""

    def get_statement_file(self, i) -> str | None:
        return f"/api/v1/ballots/items/{i.id}/statement-file/" if i.statement_file else None


class AnswerOut(serializers.Serializer):
    value = serializers.CharField()
    label = serializers.CharField()


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
        return occasion_name(b.session or b.committee_meeting or b.term)

    @extend_schema_field(AnswerOut(many=True))
    def get_answers(self, b):
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
        responses={200: paginated(Output), **errors(400)},
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

    @extend_schema(
        request=Input,
        responses={201: BallotOut, **errors(400, 404)},
        summary="新建测评票决（草稿）",
    )
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
        ballot = ballot_create(
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
    raise invalid(field, _("所选内容无效。"))


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
                raise invalid("items", _("测评对象无效。"))
            out.append({key: table[pk]})
    return out


ITEM_FIELDS = ("units", "officials", "reports", "projects")


class MyVoteOut(serializers.Serializer):
    receipt = serializers.CharField()
    voted_at = serializers.DateTimeField()
    channel = serializers.CharField()


class BallotDetailApi(DomainAPIView):
    perms = {"GET": "ballot.view", "PATCH": "ballot.manage"}

    class Output(BallotOut):
        items = serializers.SerializerMethodField()
        my_vote = serializers.SerializerMethodField()
        paper_papers = serializers.IntegerField()
        compare_with = serializers.IntegerField(source="compare_with_id", allow_null=True)

        @extend_schema_field(ItemOut(many=True))
        def get_items(self, b):
            return ItemOut(selectors.ballot_items(b), many=True).data

        @extend_schema_field(MyVoteOut(allow_null=True))
        def get_my_vote(self, b):
            p = selectors.my_participation(ballot=b, viewer=self.context["request"].user)
            return MyVoteOut(p).data if p else None

    @extend_schema(responses={200: Output}, summary="测评票决详情（含测评对象、本人是否已投）")
    def get(self, request, pk):
        ballot = selectors.ballot_get(viewer=request.user, pk=pk)
        return Response(self.Output(ballot, context={"request": request}).data)

    @extend_schema(
        request=BallotListApi.Input,
        responses={200: BallotOut, **errors(400, 409)},
        summary="修改草稿（发布后不能修改：409）",
    )
    def patch(self, request, pk):
        user = request.user
        ballot = selectors.ballot_get(viewer=user, pk=pk)
        check_editable(ballot, user)  # an open or closed ballot: 409 whatever the input
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
        ballot = ballot_update(actor=user, ballot=ballot, items=items, **changes)
        return Response(BallotOut(ballot).data)


class BallotOpenApi(DomainAPIView):
    perms = {"POST": "ballot.manage"}

    @extend_schema(
        request=None, responses={200: BallotOut, **errors(400, 409)}, summary="发布（开始接受投票）"
    )
    def post(self, request, pk):
        ballot = selectors.ballot_get(viewer=request.user, pk=pk)
        return Response(BallotOut(ballot_open(actor=request.user, ballot=ballot)).data)


class ChoiceOut(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class LabelledChoiceOut(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.SerializerMethodField()

    def get_name(self, x) -> str:
        return occasion_name(x)


class ReportChoiceOut(serializers.Serializer):
    id = serializers.IntegerField()
    year = serializers.IntegerField()
    title = serializers.CharField()


class OfficialChoiceOut(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.SerializerMethodField()
    reports = ReportChoiceOut(many=True, source="reports.all")

    def get_name(self, x) -> str:
        return f"{x.post} {x.name}"


class ProjectChoiceOut(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    year = serializers.IntegerField()
    status = serializers.CharField()
    list_number = serializers.IntegerField(allow_null=True)


class PreviousChoiceOut(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    kind = serializers.CharField()


class SetupOptionsApi(DomainAPIView):
    perms = {"GET": "ballot.manage"}

    class Output(serializers.Serializer):
        """`congresses` always; the rest only when the viewer has a congress to set up."""

        congresses = ChoiceOut(many=True)
        congress = serializers.IntegerField(source="congress.id", required=False)
        term = serializers.CharField(required=False)
        sessions = LabelledChoiceOut(many=True, required=False)
        meetings = LabelledChoiceOut(many=True, required=False)
        units = ChoiceOut(many=True, required=False)
        officials = OfficialChoiceOut(many=True, required=False)
        projects = ProjectChoiceOut(many=True, required=False)
        previous = PreviousChoiceOut(many=True, required=False)

    @extend_schema(
        parameters=[OpenApiParameter("congress", int)],
        responses={200: Output, **errors(400, 404)},
        summary="新建测评可选内容（按人大）",
    )
    def get(self, request):
        congresses = list(selectors.congress_choices(viewer=request.user))
        options = {"congresses": congresses}
        congress_id = params.query_id(request, "congress") or (
            congresses[0].id if congresses else None
        )
        if congress_id is not None:
            congress = selectors.congress_get(viewer=request.user, pk=congress_id)
            o = selectors.setup_options(viewer=request.user, congress=congress)
            options.update(o, congress=congress, term=str(o["term"] or ""))
        return Response(self.Output(options).data)


class OfficialReportFileApi(DomainAPIView):
    """An appointed official's report file, for those who see a ballot carrying it (404 outside)."""

    perms = {"GET": "ballot.view"}

    @extend_schema(
        responses={200: download("application/octet-stream", "履职报告附件")},
        summary="下载履职报告附件",
    )
    def get(self, request, pk):
        return file_response(selectors.official_report_get(viewer=request.user, pk=pk).file)
