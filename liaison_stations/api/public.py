"""Public endpoints: citizens have no account. Each opts out of login visibly."""

from django.db import transaction
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from congress.errors import ApplicationError, error_body
from liaison_stations import public, selectors
from liaison_stations.models import LiaisonStation, Opinion
from liaison_stations.services.opinions import opinion_submit


class PublicAPIView(APIView):
    """Open to anyone on purpose (citizens scanning a station's QR code): no session, no CSRF."""

    authentication_classes: list = []
    permission_classes = [AllowAny]


def _throttled() -> Response:
    return Response(error_body("throttled", _("提交过于频繁，请稍后再试。")), status=429)


class PublicStationApi(PublicAPIView):
    @extend_schema(responses={200: dict}, summary="联络站公开信息（公开，无需登录）")
    def get(self, request, code):
        station = selectors.public_station(code=code)
        return Response(public_station_data(station))


def public_station_data(station: LiaisonStation) -> dict:
    """Only what a notice on the station's door would say: no phone, ID or private data."""
    members = selectors.public_members(station=station)
    next_shifts = selectors.next_duty(station=station)
    return {
        "code": station.public_code,
        "name": station.name,
        "kind_display": station.get_kind_display(),
        "region_name": station.region.full_name,
        "address": station.address,
        "opening_rules": station.opening_rules,
        "photo_url": f"/s/{station.public_code}/photo/" if station.photo else "",
        "deputies": [
            {
                "name": m.deputy.name,
                "photo_url": f"/s/{station.public_code}/deputies/{m.deputy_id}/photo/"
                if m.deputy.photo
                else "",
                "group": m.group.name
                if m.group_id
                else next((x.group.name for x in m.deputy.mandates.all() if x.group_id), ""),
                "levels": sorted({x.congress.get_level_display() for x in m.deputy.mandates.all()}),
            }
            for m in members
        ],
        "next_duty": {
            "date": next_shifts[0].date,
            "start_time": next_shifts[0].start_time,
            "end_time": next_shifts[0].end_time,
            "deputies": [s.deputy.name for s in next_shifts],
        }
        if next_shifts
        else None,
    }


class PublicChallengeApi(PublicAPIView):
    @extend_schema(responses={200: dict}, summary="留言验证题（公开）")
    def get(self, request):
        return Response(public.challenge_new())


class PublicOpinionApi(PublicAPIView):
    class Input(serializers.Serializer):
        title = serializers.CharField(max_length=100, error_messages={"blank": _("请填写标题。")})
        content = serializers.CharField(
            max_length=2000, error_messages={"blank": _("请填写您要反映的问题。")}
        )
        citizen_name = serializers.CharField(max_length=30, required=False, allow_blank=True)
        citizen_phone = serializers.CharField(max_length=20, required=False, allow_blank=True)
        challenge_token = serializers.CharField()
        challenge_answer = serializers.CharField(
            max_length=6, error_messages={"blank": _("请回答验证题。")}
        )
        website = serializers.CharField(required=False, allow_blank=True)  # a trap for bots

    @extend_schema(request=Input, responses={201: dict}, summary="群众留言（公开，限频）")
    def post(self, request, code):
        if public.rate_limited(request, "opinion"):
            return _throttled()
        station = selectors.public_station(code=code)
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        v = dict(data.validated_data)
        if v.pop("website", ""):
            raise ApplicationError(_("提交失败。"))
        if not public.challenge_passed(v.pop("challenge_token"), v.pop("challenge_answer")):
            message = _("验证题答案不正确，请重新计算。")
            raise ApplicationError(message, fields={"challenge_answer": [message]})
        with transaction.atomic():
            opinion = opinion_submit(station=station, source=Opinion.Source.PUBLIC_FORM, **v)
        return Response(
            {
                "tracking_code": opinion.tracking_code,
                "status_display": opinion.get_status_display(),
            },
            status=201,
        )


class PublicTrackApi(PublicAPIView):
    @extend_schema(responses={200: dict}, summary="凭查询码查看办理进展（公开）")
    def get(self, request, tracking_code):
        if public.rate_limited(request, "track"):
            return _throttled()
        opinion = (
            Opinion.objects.filter(tracking_code=tracking_code.strip().upper())
            .prefetch_related("events")
            .first()
        )
        if opinion is None:
            return Response(
                error_body("not_found", _("查询码不存在，请核对后重新输入。")), status=404
            )
        return Response(
            {
                "tracking_code": opinion.tracking_code,
                "status": opinion.status,
                "status_display": opinion.get_status_display(),
                "received_at": opinion.received_at,
                "answered_at": opinion.answered_at,
                "public_answer": opinion.public_answer
                if opinion.status == Opinion.Status.ANSWERED
                else "",
                "progress": [
                    {"status_display": e.get_status_display(), "note": e.public_note, "at": e.at}
                    for e in opinion.events.all()
                ],
            }
        )
