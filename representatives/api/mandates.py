"""Mandates: registering a deputy's seat in a congress and term, editing its electoral unit and
group, ending it (never deleting it)."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from congress.api import DomainAPIView
from congress.models import Congress, Term
from congress.schema import errors
from representatives import services
from representatives.api.common import MandateOut, Reachable
from representatives.models import DeputyGroup, Mandate
from representatives.selectors.register import deputy_get, mandate_get


class MandateInput(serializers.Serializer):
    congress = Reachable(Congress)
    term = Reachable(Term)
    electoral_unit = serializers.CharField(
        max_length=100, required=False, allow_blank=True, default=""
    )
    group = Reachable(DeputyGroup, required=False, allow_null=True, default=None)
    start_date = serializers.DateField()


class MandateCreateApi(DomainAPIView):
    perms = {"POST": "deputy.manage"}

    @extend_schema(
        request=MandateInput, responses={201: MandateOut, **errors(400)}, summary="登记代表资格"
    )
    def post(self, request, pk):
        deputy = deputy_get(viewer=request.user, pk=pk)
        data = MandateInput(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        mandate = services.mandate_create(viewer=request.user, deputy=deputy, **data.validated_data)
        return Response(MandateOut(mandate).data, status=201)


class MandateDetailApi(DomainAPIView):
    perms = {"PATCH": "deputy.manage"}

    class Input(serializers.Serializer):
        electoral_unit = serializers.CharField(
            max_length=100, required=False, allow_blank=True, default=""
        )
        group = Reachable(DeputyGroup, required=False, allow_null=True, default=None)

    @extend_schema(
        request=Input,
        responses={200: MandateOut, **errors(400)},
        summary="修改代表资格的选区和代表小组",
    )
    def patch(self, request, pk):
        mandate = mandate_get(viewer=request.user, pk=pk)
        data = self.Input(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        mandate = services.mandate_update(
            viewer=request.user, mandate=mandate, **data.validated_data
        )
        return Response(MandateOut(mandate).data)


class MandateEndApi(DomainAPIView):
    perms = {"POST": "deputy.manage"}

    class Input(serializers.Serializer):
        status = serializers.ChoiceField(
            choices=[c for c in Mandate.Status.choices if c[0] != Mandate.Status.SERVING]
        )
        end_date = serializers.DateField()
        reason = serializers.CharField(max_length=200)

    @extend_schema(
        request=Input,
        responses={200: MandateOut, **errors(400, 409)},
        summary="终止代表资格（辞职、罢免、资格终止、调离）",
    )
    def post(self, request, pk):
        mandate = mandate_get(viewer=request.user, pk=pk)
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        mandate = services.mandate_end(viewer=request.user, mandate=mandate, **data.validated_data)
        return Response(MandateOut(mandate).data)
