"""Triage of an opinion, and the report back of the unit or deputy it went to."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from congress.api import DomainAPIView
from congress.schema import errors
from liaison_stations import selectors, workflow
from liaison_stations.api.opinions import OpinionDetailApi
from liaison_stations.services.triage import (
    opinion_answer,
    opinion_forward,
    opinion_pass_to_deputy,
    opinion_reply,
    opinion_take,
    opinion_to_suggestion,
)


class OpinionTriageApi(DomainAPIView):
    """One endpoint per opinion for the triage steps, each a service of its own."""

    perms = {"POST": "opinion.manage"}

    class Input(serializers.Serializer):
        action = serializers.ChoiceField(choices=workflow.TRIAGE_ACTIONS)
        answer = serializers.CharField(max_length=2000, required=False, allow_blank=True)
        deputy = serializers.IntegerField(required=False, allow_null=True)
        unit = serializers.IntegerField(required=False, allow_null=True)
        due_date = serializers.DateField(required=False, allow_null=True)

    @extend_schema(
        request=Input,
        responses={200: OpinionDetailApi.Output, **errors(400, 409)},
        summary="分办社情民意（action 为认领、答复、转交代表、转办或转为代表建议）",
    )
    def post(self, request, pk):
        opinion = selectors.opinion_get(viewer=request.user, pk=pk)
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        v, actor = data.validated_data, request.user
        action = v["action"]
        if action == "take":
            opinion_take(actor=actor, opinion=opinion)
        elif action == "answer":
            opinion_answer(actor=actor, opinion=opinion, answer=v.get("answer", ""))
        elif action == "pass_to_deputy":
            opinion_pass_to_deputy(actor=actor, opinion=opinion, deputy_id=v.get("deputy"))
        elif action == "forward":
            opinion_forward(
                actor=actor, opinion=opinion, unit_id=v.get("unit"), due_date=v.get("due_date")
            )
        else:
            opinion_to_suggestion(actor=actor, opinion=opinion, deputy_id=v.get("deputy"))
        opinion = selectors.opinion_get(viewer=request.user, pk=pk)
        return Response(OpinionDetailApi.Output(opinion, context={"request": request}).data)


class OpinionReplyApi(DomainAPIView):
    perms = {"POST": "opinion.reply"}

    class Input(serializers.Serializer):
        reply = serializers.CharField(max_length=2000)

    @extend_schema(
        request=Input,
        responses={200: OpinionDetailApi.Output, **errors(400, 409)},
        summary="承办单位或代表反馈办理情况",
    )
    def post(self, request, pk):
        opinion = selectors.opinion_get(viewer=request.user, pk=pk)
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        opinion_reply(actor=request.user, opinion=opinion, reply=data.validated_data["reply"])
        opinion = selectors.opinion_get(viewer=request.user, pk=pk)
        return Response(OpinionDetailApi.Output(opinion, context={"request": request}).data)
