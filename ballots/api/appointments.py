"""The ballots API, 人事任免 and 任后监督: appointment and removal records (list, record, export)
and an appointed official's history (appointments, yearly reports, the committee's ratings)."""

import io

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from openpyxl import Workbook
from rest_framework import serializers
from rest_framework.response import Response

from ballots import selectors_review
from ballots.api.setup import ReportBriefOut, occasion_name
from ballots.models import Appointment
from ballots.services.appointments import appointment_record
from congress import params
from congress.api import DomainAPIView
from congress.errors import invalid
from congress.exports import xlsx_append, xlsx_response
from congress.schema import XLSX_DOWNLOAD, download, errors, paginated

FILTERS = [
    OpenApiParameter("kind", str, enum=Appointment.Kind.values),
    OpenApiParameter("year", int),
    OpenApiParameter("q", str),
    OpenApiParameter("official", int),
]


class AppointmentOut(serializers.Serializer):
    id = serializers.IntegerField()
    official = serializers.IntegerField(source="official_id")
    name = serializers.CharField(source="official.name")
    kind = serializers.CharField()
    kind_display = serializers.CharField(source="get_kind_display")
    post = serializers.CharField()
    decided_on = serializers.DateField()
    term_note = serializers.CharField()
    meeting = serializers.IntegerField(source="committee_meeting_id")
    meeting_name = serializers.SerializerMethodField()
    region_name = serializers.CharField(source="region.name")
    note = serializers.CharField()

    def get_meeting_name(self, a) -> str:
        return occasion_name(a.committee_meeting)


def _filtered(request):
    return selectors_review.appointment_list(
        viewer=request.user,
        kind=params.query_choice(request, "kind", Appointment.Kind.choices) or None,
        year=params.query_year(request),
        q=params.query_text(request, "q", max_length=50),
        official=params.query_id(request, "official"),
    )


class AppointmentListApi(DomainAPIView):
    perms = {"GET": "appointment.view", "POST": "appointment.manage"}

    class Input(serializers.Serializer):
        kind = serializers.ChoiceField(choices=Appointment.Kind.choices)
        official = serializers.IntegerField(required=False, allow_null=True)
        name = serializers.CharField(max_length=50, required=False, allow_blank=True)
        post = serializers.CharField(max_length=100)
        committee_meeting = serializers.IntegerField()
        term_note = serializers.CharField(max_length=60, required=False, allow_blank=True)
        note = serializers.CharField(max_length=200, required=False, allow_blank=True)

    @extend_schema(
        parameters=FILTERS,
        responses={200: paginated(AppointmentOut), **errors(400)},
        summary="人事任免记录",
    )
    def get(self, request):
        return self.paginate(_filtered(request), AppointmentOut)

    @extend_schema(
        request=Input, responses={201: AppointmentOut, **errors(400)}, summary="登记人事任免"
    )
    def post(self, request):
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        options = selectors_review.appointment_options(viewer=request.user)
        meeting = options["meetings"].filter(pk=d["committee_meeting"]).first()
        if meeting is None:
            raise invalid("committee_meeting", _("请选择本级常委会会议。"))
        official = None
        if d.get("official"):
            official = options["officials"].filter(pk=d["official"]).first()
            if official is None or official.region_id != meeting.term.congress.region_id:
                raise invalid("official", _("所选人员无效。"))
        record = appointment_record(
            actor=request.user,
            region=meeting.term.congress.region,
            kind=d["kind"],
            post=d["post"],
            committee_meeting=meeting,
            official=official,
            name=d.get("name", ""),
            term_note=d.get("term_note", ""),
            note=d.get("note", ""),
        )
        return Response(AppointmentOut(record).data, status=201)


class AppointmentExportApi(DomainAPIView):
    perms = {"GET": "appointment.view"}

    @extend_schema(
        parameters=FILTERS, responses={200: download(XLSX_DOWNLOAD)}, summary="导出人事任免记录"
    )
    def get(self, request):
        wb = Workbook(write_only=True)
        ws = wb.create_sheet(_("人事任免"))
        xlsx_append(
            ws,
            [
                _("姓名"),
                _("任免类别"),
                _("职务"),
                _("任免日期"),
                _("任期"),
                _("决定会议"),
                _("备注"),
            ],
        )
        for a in _filtered(request)[:5000]:
            xlsx_append(
                ws,
                [
                    a.official.name,
                    a.get_kind_display(),
                    a.post,
                    a.decided_on,
                    a.term_note,
                    occasion_name(a.committee_meeting),
                    a.note,
                ],
            )
        out = io.BytesIO()
        wb.save(out)
        return xlsx_response(out.getvalue(), _("人事任免记录.xlsx"))


class AppointmentOptionsApi(DomainAPIView):
    perms = {"GET": "appointment.manage"}

    class Output(serializers.Serializer):
        class Meeting(serializers.Serializer):
            id = serializers.IntegerField()
            date = serializers.DateField()
            name = serializers.SerializerMethodField()

            def get_name(self, m) -> str:
                return occasion_name(m)

        class Official(serializers.Serializer):
            id = serializers.IntegerField()
            name = serializers.CharField()
            post = serializers.CharField()

        meetings = Meeting(many=True)
        officials = Official(many=True)

    @extend_schema(responses={200: Output}, summary="人事任免登记可选的会议和人员")
    def get(self, request):
        return Response(self.Output(selectors_review.appointment_options(viewer=request.user)).data)


class OfficialRatingOut(serializers.Serializer):
    ballot = serializers.IntegerField(source="ballot_id")
    title = serializers.CharField(source="ballot.title")
    year = serializers.IntegerField(source="ballot.year")
    report = serializers.IntegerField(source="item.report_id", allow_null=True)
    counts = serializers.DictField(child=serializers.IntegerField())
    valid = serializers.IntegerField()
    satisfaction_rate = serializers.DecimalField(max_digits=5, decimal_places=4, allow_null=True)
    dissatisfied_rate = serializers.DecimalField(max_digits=5, decimal_places=4, allow_null=True)
    flagged = serializers.BooleanField()


class OfficialReportOut(ReportBriefOut):
    appointment = serializers.IntegerField(source="appointment_id", allow_null=True)


class OfficialHistoryApi(DomainAPIView):
    perms = {"GET": "appointment.view"}

    class Output(serializers.Serializer):
        id = serializers.IntegerField()
        name = serializers.CharField()
        post = serializers.CharField()
        appointed_on = serializers.DateField(allow_null=True)
        in_office = serializers.SerializerMethodField()
        appointments = AppointmentOut(many=True, source="appointments.all")
        reports = OfficialReportOut(many=True, source="reports.all")
        ratings = serializers.SerializerMethodField()

        def get_in_office(self, o) -> bool:
            latest = next(iter(o.appointments.all()), None)
            return latest is None or latest.kind == Appointment.Kind.APPOINT

        @extend_schema_field(OfficialRatingOut(many=True))
        def get_ratings(self, o):
            return OfficialRatingOut(selectors_review.official_ratings(o), many=True).data

    @extend_schema(responses={200: Output}, summary="任命人员履历与任后监督")
    def get(self, request, pk):
        official = selectors_review.official_history(viewer=request.user, pk=pk)
        return Response(self.Output(official).data)
