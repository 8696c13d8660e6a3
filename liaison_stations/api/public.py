"""Public endpoints: citizens have no account. Each opts out of login visibly."""

from django.db import transaction
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from congress.errors import ApplicationError, error_body, invalid
from congress.schema import errors
from liaison_stations import public, selectors
from liaison_stations.api.duty import ClockTime
from liaison_stations.models import LiaisonStation, Opinion
from liaison_stations.services.opinions import opinion_submit


class PublicAPIView(APIView):
    """Open to anyone on purpose (citizens scanning a station's QR code): no session, no CSRF."""

    authentication_classes: list = []
    permission_classes = [AllowAny]


def _throttled() -> Response:
    return Response(error_body("throttled", _("提交过于频繁，请稍后再试。")), status=429)


class PublicStationApi(PublicAPIView):
    """Only what a notice on the station's door would say: no phone, ID or private data."""

    class Output(serializers.Serializer):
        class Deputy(serializers.Serializer):
            name = serializers.CharField(source="deputy.name")
            photo_url = serializers.SerializerMethodField()
            group = serializers.SerializerMethodField()
            levels = serializers.SerializerMethodField()

            def get_photo_url(self, m) -> str:
                code = m.station.public_code
                return f"/s/{code}/deputies/{m.deputy_id}/photo/" if m.deputy.photo else ""

            def get_group(self, m) -> str:
                if m.group_id:
                    return m.group.name
                return next((x.group.name for x in m.deputy.mandates.all() if x.group_id), "")

            def get_levels(self, m) -> list[str]:
                return sorted({x.congress.get_level_display() for x in m.deputy.mandates.all()})

        class NextDuty(serializers.Serializer):
            date = serializers.DateField()
            start_time = ClockTime()
            end_time = ClockTime()
            deputies = serializers.ListField(child=serializers.CharField())

        code = serializers.CharField(source="station.public_code")
        name = serializers.CharField(source="station.name")
        kind_display = serializers.CharField(source="station.get_kind_display")
        region_name = serializers.CharField(source="station.region.full_name")
        address = serializers.CharField(source="station.address")
        opening_rules = serializers.CharField(source="station.opening_rules")
        photo_url = serializers.SerializerMethodField()
        deputies = Deputy(many=True)
        next_duty = NextDuty(allow_null=True)

        def get_photo_url(self, notice) -> str:
            station = notice["station"]
            return f"/s/{station.public_code}/photo/" if station.photo else ""

    @extend_schema(responses={200: Output}, summary="联络站公开信息（公开，无需登录）")
    def get(self, request, code):
        station = selectors.public_station(code=code)
        return Response(public_station_data(station))


def public_station_data(station: LiaisonStation) -> dict:
    """The station's public notice (the API's answer, and the data of the public page)."""
    shifts = selectors.next_duty(station=station)
    next_duty = None
    if shifts:
        first = shifts[0]
        names = [s.deputy.name for s in shifts]
        next_duty = {"date": first.date, "start_time": first.start_time, "end_time": first.end_time}
        next_duty["deputies"] = names
    notice = {
        "station": station,
        "deputies": selectors.public_members(station=station),
        "next_duty": next_duty,
    }
    return PublicStationApi.Output(notice).data


class PublicChallengeApi(PublicAPIView):
    class Output(serializers.Serializer):
        question = serializers.CharField()
        token = serializers.CharField(help_text="提交留言时原样带回（challenge_token）")

    @extend_schema(responses={200: Output}, summary="留言验证题（公开）")
    def get(self, request):
        return Response(self.Output(public.challenge_new()).data)


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

    class Output(serializers.Serializer):
        tracking_code = serializers.CharField()
        status_display = serializers.CharField(source="get_status_display")

    @extend_schema(
        request=Input,
        responses={201: Output, **errors(400, 404, 429)},
        summary="群众留言（公开，限频）",
    )
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
            raise invalid("challenge_answer", _("验证题答案不正确，请重新计算。"))
        with transaction.atomic():
            opinion = opinion_submit(station=station, source=Opinion.Source.PUBLIC_FORM, **v)
        return Response(self.Output(opinion).data, status=201)


class PublicTrackApi(PublicAPIView):
    class Output(serializers.Serializer):
        class Step(serializers.Serializer):
            status_display = serializers.CharField(source="get_status_display")
            note = serializers.CharField(source="public_note")
            at = serializers.DateTimeField()

        tracking_code = serializers.CharField()
        status = serializers.ChoiceField(choices=Opinion.Status.choices)
        status_display = serializers.CharField(source="get_status_display")
        received_at = serializers.DateTimeField()
        answered_at = serializers.DateTimeField(allow_null=True)
        public_answer = serializers.SerializerMethodField()
        progress = Step(many=True, source="events.all")

        def get_public_answer(self, opinion) -> str:
            return opinion.public_answer if opinion.status == Opinion.Status.ANSWERED else ""

    @extend_schema(responses={200: Output, **errors(429)}, summary="凭查询码查看办理进展（公开）")
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
        return Response(self.Output(opinion).data)
