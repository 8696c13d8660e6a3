"""The ballots API, counting: closing by hand and the fixed results."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from ballots import selectors
from ballots.api.setup import BallotOut
from ballots.api.voting import TurnoutOut
from ballots.services.counting import ballot_close
from congress.api import DomainAPIView
from congress.schema import errors


class BallotCloseApi(DomainAPIView):
    perms = {"POST": "ballot.manage"}

    @extend_schema(
        request=None, responses={200: BallotOut, **errors(409)}, summary="结束投票并计票"
    )
    def post(self, request, pk):
        ballot = selectors.ballot_get(viewer=request.user, pk=pk)
        return Response(BallotOut(ballot_close(actor=request.user, ballot=ballot)).data)


class ResultOut(serializers.Serializer):
    """One item's fixed result."""

    item = serializers.IntegerField(source="item_id")
    title = serializers.CharField(source="item.title")
    order = serializers.IntegerField(source="item.order")
    counts = serializers.DictField(child=serializers.IntegerField())
    valid = serializers.IntegerField()
    satisfaction_rate = serializers.DecimalField(max_digits=5, decimal_places=4, allow_null=True)
    dissatisfied_rate = serializers.DecimalField(max_digits=5, decimal_places=4, allow_null=True)
    rank = serializers.IntegerField()
    flagged = serializers.BooleanField()
    elected = serializers.BooleanField()
    previous_rate = serializers.DecimalField(max_digits=5, decimal_places=4, allow_null=True)
    previous_rank = serializers.IntegerField(allow_null=True)


class BallotResultsApi(DomainAPIView):
    perms = {"GET": "ballot.view"}

    class Output(serializers.Serializer):
        ballot = BallotOut()
        turnout = TurnoutOut()
        results = ResultOut(many=True)

    @extend_schema(responses={200: Output, **errors(409)}, summary="测评结果（结束后）")
    def get(self, request, pk):
        ballot = selectors.ballot_get(viewer=request.user, pk=pk)
        rows = selectors.ballot_results(ballot=ballot)
        turnout = selectors.ballot_turnout(ballot=ballot)
        return Response(self.Output({"ballot": ballot, "turnout": turnout, "results": rows}).data)
