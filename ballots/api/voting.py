"""The ballots API, voting: a deputy's vote, live turnout and the paper totals."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from ballots import selectors
from ballots.models import (
    Answer,
)
from ballots.services.electorate import electorate, voter_of
from ballots.services.voting import ballot_enter_paper, ballot_vote
from congress.api import DomainAPIView
from congress.errors import invalid
from congress.schema import errors


class TurnoutOut(serializers.Serializer):
    """Live turnout, never the answers (selectors.ballot_turnout)."""

    electorate_size = serializers.IntegerField()
    electronic = serializers.IntegerField()
    paper = serializers.IntegerField()
    citizens = serializers.IntegerField()
    cast = serializers.IntegerField()
    rate = serializers.FloatField()
    status = serializers.CharField()
    at = serializers.DateTimeField()


class BallotVoteApi(DomainAPIView):
    perms = {"POST": "ballot.vote"}

    class Output(serializers.Serializer):
        receipt = serializers.CharField()
        voted_at = serializers.DateTimeField()

    class Input(serializers.Serializer):
        answers = serializers.DictField(
            child=serializers.ChoiceField(choices=Answer.choices), allow_empty=True
        )

    @extend_schema(
        request=Input, responses={201: Output, **errors(400, 409)}, summary="投票（每人一次）"
    )
    def post(self, request, pk):
        ballot = selectors.ballot_get(viewer=request.user, pk=pk)
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            answers = {int(k): v for k, v in data.validated_data["answers"].items()}
        except ValueError:
            raise invalid("answers", _("所选项目无效。")) from None
        deputy = voter_of(request.user)
        p = ballot_vote(deputy=deputy, ballot=ballot, answers=answers)
        return Response(self.Output(p).data, status=201)


class BallotTurnoutApi(DomainAPIView):
    perms = {"GET": "ballot.turnout"}

    @extend_schema(responses={200: TurnoutOut}, summary="实时参与率（不含投票内容）")
    def get(self, request, pk):
        ballot = selectors.ballot_get(viewer=request.user, pk=pk)
        return Response(TurnoutOut(selectors.ballot_turnout(ballot=ballot)).data)


class BallotPaperApi(DomainAPIView):
    perms = {"POST": "ballot.manage"}

    class Input(serializers.Serializer):
        papers = serializers.IntegerField(min_value=1)
        totals = serializers.DictField(
            child=serializers.DictField(child=serializers.IntegerField(min_value=0))
        )
        voters = serializers.ListField(child=serializers.IntegerField(), required=False)
        note = serializers.CharField(max_length=200, required=False, allow_blank=True)

    class Output(serializers.Serializer):
        id = serializers.IntegerField()
        papers = serializers.IntegerField()

    @extend_schema(
        request=Input, responses={201: Output, **errors(400, 409)}, summary="录入纸质票合计"
    )
    def post(self, request, pk):
        ballot = selectors.ballot_get(viewer=request.user, pk=pk)
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        try:
            totals = {int(k): v for k, v in d["totals"].items()}
        except ValueError:
            raise invalid("totals", _("所列项目无效。")) from None
        # Only the ballot's own voters are looked up: another county's deputy reads like an id
        # that does not exist, and neither is named.
        ids = set(d.get("voters") or [])
        voters = list(electorate(ballot).filter(pk__in=ids).distinct())
        if len(voters) != len(ids):
            raise invalid("voters", _("名单中有人不在投票人范围内。"))
        entry = ballot_enter_paper(
            actor=request.user,
            ballot=ballot,
            papers=d["papers"],
            totals=totals,
            voters=voters,
            note=d.get("note", ""),
        )
        return Response(self.Output(entry).data, status=201)
