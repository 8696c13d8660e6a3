"""The ledger's rows of the transition table: the unit reports a commitment done with its
evidence (commitment_report, multipart), staff record the 回头督 check (commitment_done, here
with its outcome: confirmed, or 未落实 sent back to the unit) and urge the units (urge)."""

from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from congress import params
from congress.api import DomainAPIView
from congress.downloads import file_response
from congress.exports import export_file, xlsx_file_response
from congress.models import Role
from congress.schema import XLSX_DOWNLOAD, download, errors
from congress.scope import region_filter_or_404
from suggestions import exports, selectors
from suggestions.api.actions.base import documented
from suggestions.api.common import ActionApi
from suggestions.exports import STATE_LABELS
from suggestions.services.ledger import (
    batch,
    commitment_mark_done,
    commitment_report,
    suggestion_urge,
)
from suggestions.workflow import BY_ACTION

COMMITMENT = {"error_messages": {"required": "请选择承诺事项。", "invalid": "请选择承诺事项。"}}


@documented
class CommitmentReportApi(ActionApi):
    action = "commitment_report"
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    class Input(serializers.Serializer):
        commitment = serializers.IntegerField(**COMMITMENT)
        evidence_note = serializers.CharField(allow_blank=True, required=False, default="")
        evidence = serializers.FileField(required=False, allow_null=True, default=None)

    def perform(self, s, user, d):
        commitment_report(
            suggestion=s,
            actor=user,
            commitment_id=d["commitment"],
            note=d["evidence_note"],
            file=d["evidence"],
        )


@documented
class CommitmentDoneApi(ActionApi):
    """Replaces the older endpoint of this row (actions/staff.py): the same input plus
    `confirmed` (default true, as before; false records 未落实 and needs a note)."""

    action = "commitment_done"

    class Input(serializers.Serializer):
        commitment = serializers.IntegerField(**COMMITMENT)
        note = serializers.CharField(allow_blank=True, required=False, default="")
        confirmed = serializers.BooleanField(required=False, default=True)

    def perform(self, s, user, d):
        commitment_mark_done(
            suggestion=s,
            actor=user,
            commitment_id=d["commitment"],
            note=d["note"],
            confirmed=d["confirmed"],
        )


@documented
class UrgeApi(ActionApi):
    action = "urge"

    class Input(serializers.Serializer):
        note = serializers.CharField(allow_blank=True, required=False, default="")

    def perform(self, s, user, d):
        suggestion_urge(suggestion=s, actor=user, note=d["note"])


APIS = [CommitmentReportApi, CommitmentDoneApi, UrgeApi]


# --- The ledger across suggestions, its export, the evidence, and the board's batch 催办 ------

STATES = ["pending", "overdue", "reported", "checked", "superseded"]
LEDGER_PARAMS = [
    OpenApiParameter("state", str, enum=STATES,
                     description="待完成、已逾期、单位已报完成、已回头督、已失效"),
    OpenApiParameter("due", str, enum=["overdue", "month"], description="已逾期；本月到期"),
    OpenApiParameter("unit", int, description="承办单位；不在可见范围内为 404"),
    OpenApiParameter("region", str, description="区划代码；不在可见范围内为 404"),
    OpenApiParameter("suggestion", int),
    OpenApiParameter("due_from", str, description="承诺时限起（YYYY-MM-DD）"),
    OpenApiParameter("due_to", str, description="承诺时限止（YYYY-MM-DD）"),
    OpenApiParameter("q", str, description="承诺事项或建议标题"),
]  # fmt: skip


def ledger_filters(request) -> dict:
    filters = {
        "state": params.query_choice(request, "state", STATES),
        "due": params.query_choice(request, "due", ["overdue", "month"]),
        "unit": params.query_id(request, "unit"),
        "region": params.query_code(request, "region"),
        "suggestion": params.query_id(request, "suggestion"),
        "due_from": params.query_date(request, "due_from"),
        "due_to": params.query_date(request, "due_to"),
        "q": params.query_text(request, "q"),
    }
    if filters["region"]:
        filters["region"] = region_filter_or_404(request.user, filters["region"])
    if filters["unit"]:
        selectors.filter_unit_or_404(viewer=request.user, unit_id=filters["unit"])
    return filters


class LedgerRowOut(serializers.Serializer):
    id = serializers.IntegerField()
    what = serializers.CharField()
    due_date = serializers.DateField()
    suggestion_id = serializers.IntegerField()
    suggestion_number = serializers.CharField(source="suggestion.number")
    suggestion_title = serializers.CharField(source="suggestion.title")
    region = serializers.CharField(source="suggestion.region.name")
    unit = serializers.CharField(source="reply.unit.name")
    reply_round = serializers.IntegerField(source="reply.round")
    state = serializers.SerializerMethodField()
    state_display = serializers.SerializerMethodField()
    reported_at = serializers.DateTimeField(allow_null=True)
    evidence_note = serializers.CharField()
    evidence_url = serializers.SerializerMethodField()
    checked_at = serializers.DateTimeField(allow_null=True)
    checked_by = serializers.CharField(source="checked_by.display_name", default="")
    note = serializers.CharField()
    done_at = serializers.DateTimeField(allow_null=True)
    superseded_at = serializers.DateTimeField(allow_null=True)
    can_report = serializers.SerializerMethodField()
    can_check = serializers.SerializerMethodField()

    def get_state(self, c) -> str:
        return selectors.commitment_state(c, timezone.localdate())

    def get_state_display(self, c) -> str:
        return str(STATE_LABELS[self.get_state(c)])

    def get_evidence_url(self, c) -> str:
        return f"/api/v1/suggestions/commitments/{c.pk}/evidence/" if c.evidence else ""

    def _open(self, c) -> bool:
        return not c.superseded_at and not c.done_at

    def get_can_report(self, c) -> bool:
        """A hint for the page (the action checks the table again): the unit that replied."""
        user = self.context["request"].user
        return self._open(c) and user.role == Role.HANDLING_UNIT and (
            c.reply.unit_id == user.handling_unit_id
        )  # fmt: skip

    def get_can_check(self, c) -> bool:
        user = self.context["request"].user
        return self._open(c) and (user.is_admin or (
            user.role == Role.STAFF and bool(user.region_id)
            and c.suggestion.region_id.startswith(user.region_id)
        ))  # fmt: skip


class LedgerCountsOut(serializers.Serializer):
    all = serializers.IntegerField()
    pending = serializers.IntegerField()
    overdue = serializers.IntegerField()
    reported = serializers.IntegerField()
    checked = serializers.IntegerField()
    superseded = serializers.IntegerField()


LEDGER_PAGE = inline_serializer(
    name="PaginatedCommitmentLedgerList",
    fields={
        "count": serializers.IntegerField(),
        "count_capped": serializers.BooleanField(),
        "next": serializers.URLField(allow_null=True),
        "previous": serializers.URLField(allow_null=True),
        "results": LedgerRowOut(many=True),
        "counts": LedgerCountsOut(help_text="各状态的件数（与列表相同的其他筛选条件）"),
    },
)
LEDGER_PAGE.paginated_page = True


class CommitmentListApi(DomainAPIView):
    """承诺解决台账: every commitment the viewer sees, with the counts per state from the same
    filters (the state aside). Staff and leaders: their region's; a unit: its own replies'."""

    perms = {"GET": "suggestion.view"}

    @extend_schema(parameters=LEDGER_PARAMS, responses={200: LEDGER_PAGE, **errors(400, 404)},
                   summary="承诺解决台账（按可见范围）")  # fmt: skip
    def get(self, request):
        filters = ledger_filters(request)
        response = self.paginate(
            selectors.commitment_list(viewer=request.user, filters=filters), LedgerRowOut
        )
        counts = selectors.commitment_counts(viewer=request.user, filters=filters)
        response.data["counts"] = LedgerCountsOut(counts).data
        return response


class CommitmentExportApi(DomainAPIView):
    """A direct download up to SYNC_MAX_ROWS rows; the ledger's 导出 button starts the
    `commitment_export` job (docs/exports.md)."""

    perms = {"GET": "suggestion.view"}

    @extend_schema(parameters=LEDGER_PARAMS,
                   responses={200: download(XLSX_DOWNLOAD), **errors(400, 404)},
                   summary="导出承诺解决台账（与列表相同的筛选条件，.xlsx；超过直接下载上限时 400，"
                           "请用 commitment_export 后台任务）")  # fmt: skip
    def get(self, request):
        rows = selectors.commitment_list(viewer=request.user, filters=ledger_filters(request))
        handle = export_file()
        filename = exports.commitment_list_xlsx(
            rows=rows, source=request.query_params, handle=handle, direct=True
        )
        return xlsx_file_response(handle, filename)


class CommitmentEvidenceApi(DomainAPIView):
    perms = {"GET": "suggestion.view"}

    @extend_schema(responses={200: download("application/octet-stream")},
                   summary="承诺事项的完成佐证文件")  # fmt: skip
    def get(self, request, pk):
        commitment = selectors.commitment_get(viewer=request.user, pk=pk)
        return file_response(commitment.evidence)


class BatchUrgeApi(DomainAPIView):
    """批量催办 from the board: the `urge` row for each selected suggestion, each checked by
    the table on its own; the answer lists every row as done or refused with the reason."""

    perms = {"POST": "suggestion.board"}

    class Input(serializers.Serializer):
        ids = serializers.ListField(
            child=serializers.IntegerField(min_value=1, max_value=2**31 - 1),
            min_length=1, max_length=200,
            error_messages={"min_length": "请选择建议。", "max_length": "一次最多 200 件。"},
        )  # fmt: skip
        note = serializers.CharField(allow_blank=True, required=False, default="", max_length=2000)

    class Output(serializers.Serializer):
        class RowOut(serializers.Serializer):
            id = serializers.IntegerField()
            ok = serializers.BooleanField()
            message = serializers.CharField()

        done = serializers.IntegerField()
        refused = serializers.IntegerField()
        results = RowOut(many=True)

    @extend_schema(request=Input, responses={200: Output, **errors(400)},
                   summary="批量催办（逐件按状态流转表 urge 检查，逐件报告结果）")  # fmt: skip
    def post(self, request):
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        ids = list(dict.fromkeys(data.validated_data["ids"]))
        found = selectors.scoped(request.user).in_bulk(ids)
        note = data.validated_data["note"]
        results = batch(
            [(pk, found.get(pk)) for pk in ids],
            str(BY_ACTION["urge"].label),
            lambda s: suggestion_urge(suggestion=s, actor=request.user, note=note),
        )
        done = sum(r.ok for r in results)
        return Response(self.Output({
            "done": done, "refused": len(results) - done, "results": [vars(r) for r in results],
        }).data)  # fmt: skip
