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
from congress.errors import ApplicationError


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
        deputy = voter_of(request.user)
        p = ballot_vote(deputy=deputy, ballot=ballot, answers=answers)
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
        voters = list(electorate(ballot).filter(pk__in=ids).distinct())
        if len(voters) != len(ids):
            message = _("名单中有人不在投票人范围内。")
            raise ApplicationError(message, fields={"voters": [message]})
        entry = ballot_enter_paper(
            actor=request.user,
            ballot=ballot,
            papers=d["papers"],
            totals=totals,
            voters=voters,
            note=d.get("note", ""),
        )
        return Response({"id": entry.id, "papers": entry.papers}, status=201)
