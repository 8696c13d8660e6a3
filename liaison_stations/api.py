"""The API of the liaison stations: one class per action, nested Input/Output serializers."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from congress import audit, params
from congress.api import DomainAPIView
from congress.errors import ApplicationError, error_body
from congress.models import AuditLog
from congress.scope import get_visible_or_404
from liaison_stations import public, selectors, services
from liaison_stations.models import (
    CriterionCheck,
    DutyRule,
    DutyShift,
    LiaisonStation,
    Opinion,
    Rating,
    StandardCriterion,
    StationKind,
    StationMembership,
    StationVisit,
    VisitKind,
)

# The rating filter: a rating, or "unrated" for stations not yet rated (Rating.UNRATED is "").
RATINGS = [*(r for r in Rating.values if r), "unrated"]


class StationOut(serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display")
    rating_display = serializers.CharField(source="get_rating_display")
    region_name = serializers.CharField(source="region.name")
    member_count = serializers.IntegerField(default=None)
    photo_url = serializers.SerializerMethodField()

    class Meta:
        model = LiaisonStation
        fields = [
            "id",
            "name",
            "kind",
            "kind_display",
            "region",
            "region_name",
            "address",
            "latitude",
            "longitude",
            "contact_name",
            "contact_phone",
            "opening_rules",
            "photo_url",
            "rating",
            "rating_display",
            "is_public",
            "is_active",
            "public_code",
            "member_count",
        ]

    def get_photo_url(self, obj) -> str:
        return f"/s/{obj.public_code}/photo/" if obj.photo and obj.is_public else ""


class StationIn(serializers.Serializer):
    name = serializers.CharField(max_length=100)
    kind = serializers.ChoiceField(choices=StationKind.choices)
    region = serializers.CharField(max_length=12, required=False)
    address = serializers.CharField(max_length=200, required=False, allow_blank=True)
    latitude = serializers.DecimalField(9, 6, required=False, allow_null=True)
    longitude = serializers.DecimalField(9, 6, required=False, allow_null=True)
    contact_name = serializers.CharField(max_length=30, required=False, allow_blank=True)
    contact_phone = serializers.CharField(max_length=20, required=False, allow_blank=True)
    opening_rules = serializers.CharField(max_length=200, required=False, allow_blank=True)
    rating = serializers.ChoiceField(choices=Rating.choices, required=False, allow_blank=True)
    is_public = serializers.BooleanField(required=False)
    is_active = serializers.BooleanField(required=False)


class StationListApi(DomainAPIView):
    perms = {"GET": "station.view", "POST": "station.manage"}

    @extend_schema(
        parameters=[
            OpenApiParameter("region", str),
            OpenApiParameter("kind", str, enum=StationKind.values),
            OpenApiParameter("rating", str, enum=RATINGS),
            OpenApiParameter("q", str),
        ],
        responses=StationOut(many=True),
        summary="联络站列表",
    )
    def get(self, request):
        qs = selectors.station_list(
            viewer=request.user,
            region_code=params.query_code(request, "region"),
            kind=params.query_choice(request, "kind", StationKind.choices),
            rating=params.query_choice(request, "rating", RATINGS),
            query=params.query_text(request, "q"),
        )
        return self.paginate(qs, StationOut)

    @extend_schema(request=StationIn, responses=StationOut, summary="新建联络站")
    def post(self, request):
        data = StationIn(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        region = fields.pop("region", None) or request.user.region_id or ""
        station = services.station_create(actor=request.user, region_code=region, **fields)
        return Response(StationOut(station).data, status=201)


class StationDetailApi(DomainAPIView):
    perms = {"GET": "station.view", "PATCH": "station.manage"}

    class Output(StationOut):
        public_url = serializers.SerializerMethodField()
        feed_url = serializers.SerializerMethodField()

        class Meta(StationOut.Meta):
            fields = StationOut.Meta.fields + ["public_url", "feed_url"]

        def get_public_url(self, obj) -> str:
            return self.context["request"].build_absolute_uri(f"/s/{obj.public_code}/")

        def get_feed_url(self, obj) -> str:
            return self.context["request"].build_absolute_uri(
                f"/calendar/station/{obj.feed_token}.ics"
            )

    @extend_schema(responses=Output, summary="联络站详情")
    def get(self, request, pk):
        station = selectors.station_get(viewer=request.user, pk=pk)
        return Response(self.Output(station, context={"request": request}).data)

    @extend_schema(request=StationIn, responses=Output, summary="修改联络站")
    def patch(self, request, pk):
        station = selectors.station_get(viewer=request.user, pk=pk)
        data = StationIn(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        fields.pop("region", None)
        station = services.station_update(station=station, **fields)
        return Response(self.Output(station, context={"request": request}).data)


class StationPhotoApi(DomainAPIView):
    perms = {"POST": "station.manage"}

    @extend_schema(request=None, responses=StationOut, summary="上传联络站照片（multipart: photo）")
    def post(self, request, pk):
        station = selectors.station_get(viewer=request.user, pk=pk)
        station = services.station_photo_set(station=station, upload=request.FILES.get("photo"))
        return Response(StationOut(station).data)


class ChecklistApi(DomainAPIView):
    perms = {"GET": "station.view", "PUT": "station.manage"}

    class Item(serializers.Serializer):
        criterion = serializers.IntegerField(min_value=1, max_value=params.ID_MAX)
        met = serializers.BooleanField()
        evidence = serializers.CharField(max_length=300, required=False, allow_blank=True)

    class Input(serializers.Serializer):
        items = serializers.ListField(child=serializers.DictField(), allow_empty=False)

    @extend_schema(responses={200: dict}, summary="标准化建设核查")
    def get(self, request, pk):
        station = selectors.station_get(viewer=request.user, pk=pk)
        checks = {c.criterion_id: c for c in CriterionCheck.objects.filter(station=station)}
        items = []
        for criterion in StandardCriterion.objects.filter(is_active=True):
            check = checks.get(criterion.pk)
            items.append(
                {
                    "criterion": criterion.pk,
                    "category": criterion.category,
                    "category_display": criterion.get_category_display(),
                    "title": criterion.title,
                    "met": bool(check and check.met),
                    "evidence": check.evidence if check else "",
                }
            )
        met = sum(1 for i in items if i["met"])
        return Response({"items": items, "met": met, "total": len(items)})

    @extend_schema(request=Input, responses={200: dict}, summary="保存标准化建设核查")
    def put(self, request, pk):
        station = selectors.station_get(viewer=request.user, pk=pk)
        data = self.Input(data=request.data)  # an object with a list of items, or a 400
        data.is_valid(raise_exception=True)
        items = self.Item(data=data.validated_data["items"], many=True)
        items.is_valid(raise_exception=True)
        services.checklist_set(station=station, items=items.validated_data)
        return self.get(request, pk)


class MembersApi(DomainAPIView):
    perms = {"GET": "station.view", "POST": "station.manage"}

    class Output(serializers.ModelSerializer):
        deputy_name = serializers.CharField(source="deputy.name")
        group_name = serializers.CharField(source="group.name", default="")

        class Meta:
            model = StationMembership
            fields = ["id", "deputy", "deputy_name", "group", "group_name", "start_date"]

    class Input(serializers.Serializer):
        deputy_ids = serializers.ListField(child=serializers.IntegerField(), allow_empty=False)
        group = serializers.IntegerField(required=False, allow_null=True)

    @extend_schema(responses=Output(many=True), summary="联络站编组代表")
    def get(self, request, pk):
        station = selectors.station_get(viewer=request.user, pk=pk)
        return self.paginate(selectors.station_members(station=station), self.Output)

    @extend_schema(request=Input, responses=Output(many=True), summary="代表编组进站")
    def post(self, request, pk):
        station = selectors.station_get(viewer=request.user, pk=pk)
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        created = services.members_add(
            actor=request.user,
            station=station,
            deputy_ids=data.validated_data["deputy_ids"],
            group_id=data.validated_data.get("group"),
        )
        return Response(self.Output(created, many=True).data, status=201)


class MembershipEndApi(DomainAPIView):
    perms = {"POST": "station.manage"}

    @extend_schema(request=None, responses={200: dict}, summary="代表离站")
    def post(self, request, pk):
        membership = get_visible_or_404(
            StationMembership.objects.select_related("station", "deputy"),
            request.user,
            paths={"region": "station__region__code"},
            pk=pk,
        )
        services.membership_end(membership=membership)
        return Response({"ended": True})


class GroupingGapsApi(DomainAPIView):
    perms = {"GET": "station.view"}

    class Output(serializers.Serializer):
        id = serializers.IntegerField()
        name = serializers.CharField()
        region = serializers.CharField(source="region_id")
        region_name = serializers.CharField(source="region.name")

    @extend_schema(
        parameters=[OpenApiParameter("region", str)],
        responses=Output(many=True),
        summary="未编组进站的在任代表",
    )
    def get(self, request):
        qs = selectors.grouping_gaps(
            viewer=request.user,
            region_code=params.query_code(request, "region"),
            query=params.query_text(request, "q"),
        )
        return self.paginate(qs, self.Output)


class DutyRulesApi(DomainAPIView):
    perms = {"GET": "duty.view", "POST": "duty.manage"}

    class Output(serializers.ModelSerializer):
        kind_display = serializers.CharField(source="get_kind_display")
        description = serializers.CharField(source="describe")
        group_name = serializers.CharField(source="group.name", default="")

        class Meta:
            model = DutyRule
            fields = [
                "id",
                "kind",
                "kind_display",
                "days",
                "description",
                "group",
                "group_name",
                "start_time",
                "end_time",
                "per_day",
                "is_active",
            ]

    class Input(serializers.Serializer):
        kind = serializers.ChoiceField(choices=DutyRule.Kind.choices)
        days = serializers.ListField(allow_empty=False)
        group = serializers.IntegerField(required=False, allow_null=True)
        start_time = serializers.TimeField(required=False)
        end_time = serializers.TimeField(required=False)
        per_day = serializers.IntegerField(required=False, min_value=0, max_value=50)

    @extend_schema(responses=Output(many=True), summary="值班规则")
    def get(self, request, pk):
        station = selectors.station_get(viewer=request.user, pk=pk)
        rules = station.duty_rules.select_related("group")
        return Response(self.Output(rules, many=True).data)

    @extend_schema(request=Input, responses=Output, summary="新增值班规则")
    def post(self, request, pk):
        station = selectors.station_get(viewer=request.user, pk=pk)
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        rule = services.duty_rule_create(
            station=station,
            kind=fields.pop("kind"),
            days=fields.pop("days"),
            group_id=fields.pop("group", None),
            **fields,
        )
        return Response(self.Output(rule).data, status=201)


class ShiftOut(serializers.ModelSerializer):
    deputy_name = serializers.CharField(source="deputy.name")
    swapped_from_name = serializers.CharField(source="swapped_from.name", default="")
    station_name = serializers.CharField(source="station.name")

    class Meta:
        model = DutyShift
        fields = [
            "id",
            "date",
            "start_time",
            "end_time",
            "station",
            "station_name",
            "deputy",
            "deputy_name",
            "swapped_from_name",
        ]


class RosterApi(DomainAPIView):
    perms = {"GET": "duty.view", "POST": "duty.manage"}

    class Input(serializers.Serializer):
        start = serializers.DateField(required=False)
        months = serializers.IntegerField(min_value=1, max_value=12, default=3)

    @extend_schema(
        parameters=[OpenApiParameter("start", str), OpenApiParameter("end", str)],
        responses=ShiftOut(many=True),
        summary="值班表",
    )
    def get(self, request, pk):
        station = selectors.station_get(viewer=request.user, pk=pk)
        start = params.query_date(request, "start", default=timezone.localdate())
        end = params.query_date(request, "end", default=start + timedelta(days=62))
        qs = selectors.roster(viewer=request.user, station=station, start=start, end=end)
        return self.paginate(qs.select_related("station"), ShiftOut)

    @extend_schema(request=Input, responses={201: dict}, summary="按规则生成值班表")
    def post(self, request, pk):
        station = selectors.station_get(viewer=request.user, pk=pk)
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        created = services.roster_generate(
            station=station,
            start=data.validated_data.get("start") or timezone.localdate(),
            months=data.validated_data["months"],
        )
        return Response({"created": created}, status=201)


class ShiftSwapApi(DomainAPIView):
    perms = {"POST": "duty.manage"}

    class Input(serializers.Serializer):
        other = serializers.IntegerField(required=False, allow_null=True)
        substitute = serializers.IntegerField(required=False, allow_null=True)

    @extend_schema(request=Input, responses=ShiftOut, summary="调班（对调或替班）")
    def post(self, request, pk):
        paths = {"region": "station__region__code"}
        shift = get_visible_or_404(
            DutyShift.objects.select_related("station"), request.user, paths=paths, pk=pk
        )
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        other = None
        if data.validated_data.get("other"):
            other = DutyShift.objects.filter(
                pk=data.validated_data["other"], station=shift.station
            ).first()
            if other is None:
                raise ApplicationError(
                    _("只能与本站的另一条值班安排对调。"),
                    fields={"other": [_("只能与本站的另一条值班安排对调。")]},
                )
        shift = services.duty_swap(
            shift=shift, other=other, substitute_id=data.validated_data.get("substitute")
        )
        return Response(ShiftOut(shift).data)


class VisitOut(serializers.ModelSerializer):
    deputy_name = serializers.CharField(source="deputy.name")
    station_name = serializers.CharField(source="station.name")
    kind_display = serializers.CharField(source="get_kind_display")
    group_name = serializers.CharField(source="group.name", default="")
    photos = serializers.SerializerMethodField()

    class Meta:
        model = StationVisit
        fields = [
            "id",
            "deputy",
            "deputy_name",
            "station",
            "station_name",
            "date",
            "kind",
            "kind_display",
            "kind_other",
            "online",
            "people_received",
            "matters",
            "group",
            "group_name",
            "confirmed",
            "photos",
        ]

    def get_photos(self, obj) -> list[str]:
        return [f"/visits/photos/{p.pk}/" for p in obj.photos.all()]


VISIT_OUT_COLUMNS = (
    *("id", "deputy", "station", "date", "kind", "kind_other", "online", "people_received"),
    *("matters", "group", "confirmed", "deputy__name", "station__name", "group__name"),
)


class VisitListApi(DomainAPIView):
    perms = {"GET": "visit.view", "POST": "visit.create"}

    class Input(serializers.Serializer):
        station = serializers.IntegerField(error_messages={"required": _("请选择联络站。")})
        date = serializers.DateField(error_messages={"required": _("请填写日期。")})
        kind = serializers.ChoiceField(
            choices=VisitKind.choices, error_messages={"invalid_choice": _("请选择活动类型。")}
        )
        kind_other = serializers.CharField(max_length=50, required=False, allow_blank=True)
        online = serializers.BooleanField(required=False, default=False)
        people_received = serializers.IntegerField(min_value=0, max_value=10000, default=0)
        matters = serializers.CharField(max_length=2000, required=False, allow_blank=True)
        deputy_ids = serializers.ListField(child=serializers.IntegerField(), required=False)
        group = serializers.IntegerField(required=False, allow_null=True)

    @extend_schema(
        parameters=[
            OpenApiParameter("station", int),
            OpenApiParameter("deputy", int),
            OpenApiParameter("confirmed", bool),
            OpenApiParameter("start", str),
            OpenApiParameter("end", str),
        ],
        responses=VisitOut(many=True),
        summary="进站履职记录",
    )
    def get(self, request):
        qs = selectors.visit_list(
            viewer=request.user,
            station_id=params.query_id(request, "station"),
            deputy_id=params.query_id(request, "deputy"),
            confirmed=params.query_bool(request, "confirmed"),
            start=params.query_date(request, "start"),
            end=params.query_date(request, "end"),
        )
        # only the columns VisitOut reads: not the deputy's ID number and phone, nor the
        # station's address and tokens, for every row of the page
        qs = qs.only(*VISIT_OUT_COLUMNS)
        return self.paginate(qs, VisitOut)

    @extend_schema(request=Input, responses=VisitOut(many=True), summary="登记进站履职（可带照片）")
    def post(self, request):
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        visits = services.visit_log(
            actor=request.user,
            station_id=v["station"],
            date=v["date"],
            kind=v["kind"],
            kind_other=v.get("kind_other", ""),
            online=v.get("online", False),
            people_received=v.get("people_received", 0),
            matters=v.get("matters", ""),
            deputy_ids=v.get("deputy_ids"),
            group_id=v.get("group"),
            photos=request.FILES.getlist("photos"),
        )
        return Response(VisitOut(visits, many=True).data, status=201)


class VisitConfirmApi(DomainAPIView):
    perms = {"POST": "visit.confirm"}

    class Input(serializers.Serializer):
        ids = serializers.ListField(child=serializers.IntegerField(), allow_empty=False)

    @extend_schema(request=Input, responses={200: dict}, summary="确认代表自行登记的履职")
    def post(self, request):
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        visits = list(
            selectors.visit_list(viewer=request.user).filter(pk__in=data.validated_data["ids"])
        )
        if len(visits) != len(set(data.validated_data["ids"])):
            message = _("部分记录不存在，或不在您的管辖范围内。")
            raise ApplicationError(message, fields={"ids": [message]})
        return Response({"confirmed": services.visits_confirm(actor=request.user, visits=visits)})


class OpinionOut(serializers.ModelSerializer):
    """Contact details are masked here for everyone; the assigned staff member reads them
    through the contact endpoint, which is audited."""

    station_name = serializers.CharField(source="station.name")
    source_display = serializers.CharField(source="get_source_display")
    status_display = serializers.CharField(source="get_status_display")
    citizen_name = serializers.SerializerMethodField()
    citizen_phone = serializers.SerializerMethodField()
    assigned_staff_name = serializers.CharField(source="assigned_staff.display_name", default="")
    assigned_deputy_name = serializers.CharField(source="assigned_deputy.name", default="")
    handling_unit_name = serializers.CharField(source="handling_unit.name", default="")
    is_overdue = serializers.BooleanField()
    can_reveal_contact = serializers.SerializerMethodField()

    class Meta:
        model = Opinion
        fields = [
            "id",
            "tracking_code",
            "station",
            "station_name",
            "source",
            "source_display",
            "hotline_ref",
            "title",
            "content",
            "citizen_name",
            "citizen_phone",
            "status",
            "status_display",
            "received_at",
            "assigned_staff",
            "assigned_staff_name",
            "assigned_deputy",
            "assigned_deputy_name",
            "handling_unit",
            "handling_unit_name",
            "due_date",
            "suggestion_id",
            "handler_reply",
            "handler_replied_at",
            "public_answer",
            "answered_at",
            "is_overdue",
            "can_reveal_contact",
        ]

    def get_citizen_name(self, obj) -> str:
        return public.mask_name(obj.citizen_name)

    def get_citizen_phone(self, obj) -> str:
        return public.mask_phone(obj.citizen_phone)

    def get_can_reveal_contact(self, obj) -> bool:
        request = self.context.get("request")
        return bool(
            request
            and obj.assigned_staff_id == request.user.pk
            and (obj.citizen_name or obj.citizen_phone)
        )


class OpinionListApi(DomainAPIView):
    perms = {"GET": "opinion.view", "POST": "opinion.manage"}

    class Input(serializers.Serializer):
        station = serializers.IntegerField()
        source = serializers.ChoiceField(
            choices=[Opinion.Source.STATION, Opinion.Source.HOTLINE], default="station"
        )
        title = serializers.CharField(max_length=100)
        content = serializers.CharField(max_length=2000)
        citizen_name = serializers.CharField(max_length=30, required=False, allow_blank=True)
        citizen_phone = serializers.CharField(max_length=20, required=False, allow_blank=True)
        hotline_ref = serializers.CharField(max_length=40, required=False, allow_blank=True)

    @extend_schema(
        parameters=[
            OpenApiParameter("status", str, enum=Opinion.Status.values),
            OpenApiParameter("station", int),
            OpenApiParameter("overdue", bool),
            OpenApiParameter("q", str),
        ],
        responses=OpinionOut(many=True),
        summary="社情民意",
    )
    def get(self, request):
        qs = selectors.opinion_list(
            viewer=request.user,
            status=params.query_choice(request, "status", Opinion.Status.choices) or None,
            station_id=params.query_id(request, "station"),
            overdue=params.query_bool(request, "overdue", default=False),
            query=params.query_text(request, "q"),
        )
        return self.paginate(qs, OpinionOut)

    @extend_schema(request=Input, responses=OpinionOut, summary="登记社情民意（站内或12345转来）")
    def post(self, request):
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        v = dict(data.validated_data)
        station = selectors.station_list(viewer=request.user).filter(pk=v.pop("station")).first()
        if station is None:
            message = _("联络站不存在，或不在您的管辖范围内。")
            raise ApplicationError(message, fields={"station": [message]})
        opinion = services.opinion_submit(station=station, actor=request.user, **v)
        return Response(OpinionOut(opinion, context={"request": request}).data, status=201)


class OpinionDetailApi(DomainAPIView):
    perms = {"GET": "opinion.view"}

    class Output(OpinionOut):
        events = serializers.SerializerMethodField()

        class Meta(OpinionOut.Meta):
            fields = OpinionOut.Meta.fields + ["events", "internal_note"]

        def get_events(self, obj) -> list[dict]:
            return [
                {
                    "status": e.status,
                    "status_display": e.get_status_display(),
                    "note": e.public_note,
                    "at": e.at,
                }
                for e in obj.events.all()
            ]

    @extend_schema(responses=Output, summary="社情民意详情")
    def get(self, request, pk):
        opinion = selectors.opinion_get(viewer=request.user, pk=pk)
        return Response(self.Output(opinion, context={"request": request}).data)


class OpinionContactApi(DomainAPIView):
    perms = {"GET": "opinion.manage"}

    @extend_schema(responses={200: dict}, summary="查看群众联系方式（仅经办人，留痕）")
    def get(self, request, pk):
        opinion = selectors.opinion_get(viewer=request.user, pk=pk)
        if opinion.assigned_staff_id != request.user.pk:
            message = _("只有经办人可以查看群众的联系方式，请先认领。")
            raise ApplicationError(message, code="not_assigned", status=409)
        audit.record(
            AuditLog.Action.REVEAL,
            model="liaison_stations.Opinion",
            object_pk=opinion.pk,
            object_repr=f"{opinion.tracking_code} 联系方式",
        )
        return Response(
            {"citizen_name": opinion.citizen_name, "citizen_phone": opinion.citizen_phone}
        )


class OpinionTriageApi(DomainAPIView):
    """One endpoint per opinion for the triage steps, each a service of its own."""

    perms = {"POST": "opinion.manage"}

    class Input(serializers.Serializer):
        action = serializers.ChoiceField(
            choices=["take", "answer", "pass_to_deputy", "forward", "to_suggestion"]
        )
        answer = serializers.CharField(max_length=2000, required=False, allow_blank=True)
        deputy = serializers.IntegerField(required=False, allow_null=True)
        unit = serializers.IntegerField(required=False, allow_null=True)
        due_date = serializers.DateField(required=False, allow_null=True)

    @extend_schema(request=Input, responses=OpinionDetailApi.Output, summary="分办社情民意")
    def post(self, request, pk):
        opinion = selectors.opinion_get(viewer=request.user, pk=pk)
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        v, actor = data.validated_data, request.user
        action = v["action"]
        if action == "take":
            services.opinion_take(actor=actor, opinion=opinion)
        elif action == "answer":
            services.opinion_answer(actor=actor, opinion=opinion, answer=v.get("answer", ""))
        elif action == "pass_to_deputy":
            services.opinion_pass_to_deputy(actor=actor, opinion=opinion, deputy_id=v.get("deputy"))
        elif action == "forward":
            services.opinion_forward(
                actor=actor, opinion=opinion, unit_id=v.get("unit"), due_date=v.get("due_date")
            )
        else:
            services.opinion_to_suggestion(actor=actor, opinion=opinion, deputy_id=v.get("deputy"))
        opinion = selectors.opinion_get(viewer=request.user, pk=pk)
        return Response(OpinionDetailApi.Output(opinion, context={"request": request}).data)


class OpinionReplyApi(DomainAPIView):
    perms = {"POST": "opinion.reply"}

    class Input(serializers.Serializer):
        reply = serializers.CharField(max_length=2000)

    @extend_schema(
        request=Input, responses=OpinionDetailApi.Output, summary="承办单位或代表反馈办理情况"
    )
    def post(self, request, pk):
        opinion = selectors.opinion_get(viewer=request.user, pk=pk)
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        services.opinion_reply(
            actor=request.user, opinion=opinion, reply=data.validated_data["reply"]
        )
        opinion = selectors.opinion_get(viewer=request.user, pk=pk)
        return Response(OpinionDetailApi.Output(opinion, context={"request": request}).data)


class StatisticsApi(DomainAPIView):
    perms = {"GET": "station.statistics"}

    @extend_schema(
        parameters=[
            OpenApiParameter("region", str),
            OpenApiParameter("year", int),
            OpenApiParameter("quarter", int),
        ],
        responses={200: dict},
        summary="联络站统计：进站、覆盖率、社情民意",
    )
    def get(self, request):
        today = timezone.localdate()
        year = params.query_year(request, default=today.year)
        quarter = params.query_int(
            request, "quarter", min=1, max=4, default=(today.month - 1) // 3 + 1
        )
        return Response(
            selectors.station_statistics(
                viewer=request.user,
                region_code=params.query_code(request, "region") or None,
                year=year,
                quarter=quarter,
            )
        )


class MyStationApi(DomainAPIView):
    """The deputy's own: their stations, next duty days, calendar link, recent visits."""

    perms = {"GET": "my_station.view"}

    @extend_schema(responses={200: dict}, summary="我的联络站")
    def get(self, request):
        deputy = getattr(request.user, "deputy", None)
        if deputy is None:
            return Response({"deputy": None, "stations": [], "duties": [], "visits": []})
        memberships = list(selectors.my_memberships(deputy=deputy))
        duties = selectors.my_duty_days(deputy=deputy)
        visits = selectors.visit_list(viewer=request.user)[:10]
        from representatives.models import Mandate

        groups = {
            m.group_id: m.group.name
            for m in Mandate.objects.filter(
                deputy=deputy, status=Mandate.Status.SERVING, group__isnull=False
            ).select_related("group")
        }
        groups.update({m.group_id: m.group.name for m in memberships if m.group_id})
        token = services.calendar_token(deputy)
        return Response(
            {
                "deputy": {"id": deputy.pk, "name": deputy.name},
                "stations": [
                    {
                        "id": m.station.pk,
                        "name": m.station.name,
                        "address": m.station.address,
                        "opening_rules": m.station.opening_rules,
                        "group_name": m.group.name if m.group_id else "",
                    }
                    for m in memberships
                ],
                "groups": [{"id": k, "name": v} for k, v in groups.items()],
                "duties": ShiftOut(duties, many=True).data,
                "visits": VisitOut(visits, many=True).data,
                "calendar_url": request.build_absolute_uri(f"/calendar/deputy/{token}.ics"),
                "opinions_waiting": Opinion.objects.filter(
                    assigned_deputy=deputy,
                    status=Opinion.Status.WITH_DEPUTY,
                    handler_replied_at__isnull=True,
                ).count(),
                "kinds": [{"value": k, "label": str(label)} for k, label in VisitKind.choices],
                "today": timezone.localdate(),
            }
        )


# --- Public endpoints: citizens have no account. Each opts out of login visibly. ---------------


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
            opinion = services.opinion_submit(
                station=station, source=Opinion.Source.PUBLIC_FORM, **v
            )
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
