"""One endpoint per row of the transition table that a person takes on a filing (workflow.py):
each looks the filing up in the viewer's scope (404), validates its Input (400), and lets the
service check the table (403 actor, 409 status). All answer the filing's detail."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from congress.api import DomainAPIView
from congress.schema import errors
from filings import selectors
from filings.api.common import FilingDetailOut, detail
from filings.models import CORRECTION_RESULTS, ExpertInvitation, Result
from filings.services import corrections, filing, reviews


class Action(DomainAPIView):
    perms = {"POST": "filing.manage"}
    Input: type[serializers.Serializer] | None = None

    def run(self, request, filing_, data: dict):
        raise NotImplementedError

    def act(self, request, pk):
        found = selectors.filing_get(viewer=request.user, pk=pk)
        data = {}
        if self.Input is not None:
            body = self.Input(data=request.data)
            body.is_valid(raise_exception=True)
            data = dict(body.validated_data)
        self.run(request, found, data)
        return Response(detail(found, request))


def documented(summary: str, input_class=None):
    return extend_schema(request=input_class, responses={200: FilingDetailOut, **errors(400, 409)},
                         summary=summary)  # fmt: skip


class FilingReason(serializers.Serializer):
    reason = serializers.CharField(max_length=2000)


class FilingOpinion(serializers.Serializer):
    opinion = serializers.CharField(max_length=4000)


class FilingPublishApi(Action):
    perms = {"POST": "filing.file"}

    class Input(serializers.Serializer):
        published_on = serializers.DateField()
        doc_number = serializers.CharField(max_length=60, required=False, allow_blank=True,
                                           default="")  # fmt: skip

    def run(self, request, f, data):
        filing.filing_publish(actor=request.user, filing=f, **data)

    @documented("登记草案公布（报备期限自公布之日起30日）", Input)
    def post(self, request, pk):
        return self.act(request, pk)


class FilingFileApi(Action):
    perms = {"POST": "filing.file"}

    def run(self, request, f, data):
        filing.filing_file(actor=request.user, filing=f)

    @documented("报备（超过30日的标记为逾期报备）")
    def post(self, request, pk):
        return self.act(request, pk)


class FilingReturnApi(Action):
    Input = FilingReason

    def run(self, request, f, data):
        filing.filing_return(actor=request.user, filing=f, reason=data["reason"])

    @documented("退回补报", FilingReason)
    def post(self, request, pk):
        return self.act(request, pk)


class FilingRegisterApi(Action):
    def run(self, request, f, data):
        filing.filing_register(actor=request.user, filing=f)

    @documented("登记（编备案登记号）")
    def post(self, request, pk):
        return self.act(request, pk)


class ReviewStartApi(Action):
    def run(self, request, f, data):
        reviews.review_start(actor=request.user, filing=f)

    @documented("开始审查")
    def post(self, request, pk):
        return self.act(request, pk)


class ReviewCheckApi(Action):
    class Input(serializers.Serializer):
        basis_ok = serializers.BooleanField(required=False, allow_null=True)
        basis_note = serializers.CharField(max_length=4000, required=False, allow_blank=True)
        conflict_ok = serializers.BooleanField(required=False, allow_null=True)
        conflict_note = serializers.CharField(max_length=4000, required=False, allow_blank=True)
        procedure_ok = serializers.BooleanField(required=False, allow_null=True)
        procedure_note = serializers.CharField(max_length=4000, required=False, allow_blank=True)

    def run(self, request, f, data):
        reviews.review_check(actor=request.user, filing=f, data=data)

    @documented("填写审查清单（制定依据、上位法抵触、制定程序）", Input)
    def post(self, request, pk):
        return self.act(request, pk)


class ExpertCandidate(serializers.Serializer):
    value = serializers.IntegerField()
    label = serializers.CharField()
    invited = serializers.BooleanField()


class ExpertInviteApi(Action):
    perms = {"GET": "filing.manage", "POST": "filing.manage"}

    class Input(serializers.Serializer):
        experts = serializers.ListField(child=serializers.IntegerField(), min_length=1,
                                        max_length=20)  # fmt: skip
        question = serializers.CharField(max_length=2000, required=False, allow_blank=True,
                                         default="")  # fmt: skip

    def run(self, request, f, data):
        reviews.experts_invite(actor=request.user, filing=f, expert_ids=data["experts"],
                               question=data["question"])  # fmt: skip

    @extend_schema(
        responses={200: ExpertCandidate(many=True)}, summary="可邀请的外脑专家（本地区专家库）"
    )
    def get(self, request, pk):
        found = selectors.filing_get(viewer=request.user, pk=pk)
        invited = set(
            ExpertInvitation.objects.filter(
                review__filing=found, review__concluded_at__isnull=True
            ).values_list("expert_id", flat=True)
        )
        experts = selectors.experts_for(request.user, found)
        rows = [
            {"value": e.pk, "label": e.display_name, "invited": e.pk in invited} for e in experts
        ]
        return Response(ExpertCandidate(rows, many=True).data)

    @documented("邀请外脑专家（专家只能查看受邀审查的材料）", Input)
    def post(self, request, pk):
        return self.act(request, pk)


class InterventionOpinionApi(Action):
    Input = FilingOpinion

    def run(self, request, f, data):
        reviews.intervention_opinion(actor=request.user, filing=f, opinion=data["opinion"])

    @documented("反馈提前介入意见", FilingOpinion)
    def post(self, request, pk):
        return self.act(request, pk)


class ReviewCloseApi(Action):
    class Input(serializers.Serializer):
        opinion = serializers.CharField(max_length=4000, required=False, allow_blank=True,
                                        default="")  # fmt: skip

    def run(self, request, f, data):
        reviews.review_close(actor=request.user, filing=f, opinion=data["opinion"])

    @documented("审查办结：未发现问题", Input)
    def post(self, request, pk):
        return self.act(request, pk)


class RequireCorrectionApi(Action):
    class Input(serializers.Serializer):
        result = serializers.ChoiceField(
            choices=[(r, Result(r).label) for r in Result.values if r in CORRECTION_RESULTS]
        )
        opinion = serializers.CharField(max_length=4000)
        correction_due = serializers.DateField()

    def run(self, request, f, data):
        reviews.review_require_correction(actor=request.user, filing=f, **data)

    @documented("提出纠正意见（建议纠正或应当纠正，限期报送纠正情况）", Input)
    def post(self, request, pk):
        return self.act(request, pk)


class CorrectionReportApi(Action):
    perms = {"POST": "filing.file"}

    class Input(serializers.Serializer):
        report = serializers.CharField(max_length=4000)

    def run(self, request, f, data):
        corrections.correction_report(actor=request.user, filing=f, report=data["report"])

    @documented("制定机关报送纠正情况", Input)
    def post(self, request, pk):
        return self.act(request, pk)


class CorrectionAcceptApi(Action):
    class Input(serializers.Serializer):
        note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")

    def run(self, request, f, data):
        corrections.correction_accept(actor=request.user, filing=f, note=data["note"])

    @documented("确认纠正到位（办结）", Input)
    def post(self, request, pk):
        return self.act(request, pk)


class CorrectionRejectApi(Action):
    class Input(serializers.Serializer):
        reason = serializers.CharField(max_length=2000)
        correction_due = serializers.DateField()

    def run(self, request, f, data):
        corrections.correction_reject(actor=request.user, filing=f, **data)

    @documented("纠正不到位，退回重新纠正（新的纠正期限）", Input)
    def post(self, request, pk):
        return self.act(request, pk)


class ReviewReopenApi(Action):
    Input = FilingReason

    def run(self, request, f, data):
        reviews.review_reopen(actor=request.user, filing=f, reason=data["reason"])

    @documented("启动事后审查纠错", FilingReason)
    def post(self, request, pk):
        return self.act(request, pk)
