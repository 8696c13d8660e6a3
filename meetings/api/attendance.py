"""Sign-in and attendance: the code (token, URL and QR image), signing in and out with it,
staff signing in by hand, the paper sheet (export and import), the live attendance, and
corrections after the close."""

import io

import segno
from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response

from congress.api import DomainAPIView
from congress.downloads import cache_control
from congress.errors import TransitionError
from congress.exports import xlsx_response
from congress.schema import XLSX_DOWNLOAD, download, errors
from meetings import selectors, sheets, tokens, workflow
from meetings.api.common import InvitationOut, SignInOut
from meetings.models import Event, Invitation
from meetings.services.attendance import (
    attendance_correct,
    sheet_apply,
    sign_in_by_code,
    sign_in_manual,
    sign_out_by_code,
)

SIGN_IN_PAGE = "/meetings/sign-in/"  # the phone page (pages/) posts ?t= to SignInApi


def _code_for_staff(request, pk) -> tuple[Event, str, str]:
    event = selectors.event_get(viewer=request.user, pk=pk)
    if not workflow.is_organiser(request.user, event):
        raise TransitionError(_("只有组织单位的工作人员可以查看签到码。"))
    if event.status != Event.Status.OPEN:
        raise TransitionError(_("签到尚未开启或已经结束。"))
    token = tokens.sign_in_token(event)
    url = request.build_absolute_uri(f"{SIGN_IN_PAGE}?t={token}")
    return event, token, url


class SignInCodeApi(DomainAPIView):
    perms = {"GET": "event.manage"}

    class Output(serializers.Serializer):
        token = serializers.CharField()
        url = serializers.CharField()
        qr = serializers.CharField(help_text="二维码图片（PNG）的地址")
        opens_at = serializers.DateTimeField()
        closes_at = serializers.DateTimeField()

    @extend_schema(
        responses={200: Output, **errors(409)}, summary="签到码（签名令牌、签到地址、二维码地址）"
    )
    def get(self, request, pk):
        event, token, url = _code_for_staff(request, pk)
        opens, closes = event.window
        response = Response({"token": token, "url": url, "qr": f"/api/v1/meetings/{pk}/sign-in-code.png",
                             "opens_at": opens, "closes_at": closes})  # fmt: skip
        response["Cache-Control"] = cache_control()
        return response


class SignInQrApi(DomainAPIView):
    perms = {"GET": "event.manage"}

    @extend_schema(
        responses={200: download("image/png"), **errors(409)},
        summary="签到二维码（PNG，投屏或打印）",
    )
    def get(self, request, pk):
        _event, _token, url = _code_for_staff(request, pk)
        out = io.BytesIO()
        segno.make(url, error="m").save(out, kind="png", scale=10, border=2)
        response = HttpResponse(out.getvalue(), content_type="image/png")
        response["Cache-Control"] = cache_control()
        response["X-Content-Type-Options"] = "nosniff"
        return response


class SignInResult(serializers.Serializer):
    event = serializers.IntegerField(source="event_id")
    event_title = serializers.CharField(source="event.title")
    name = serializers.CharField(source="invitation.name")
    attendance = serializers.CharField(source="invitation.attendance")
    attendance_display = serializers.CharField(source="invitation.get_attendance_display")
    sign_in = SignInOut(source="*")


class TokenInput(serializers.Serializer):
    token = serializers.CharField(max_length=300)


class SignInApi(DomainAPIView):
    perms = {"POST": "event.sign_in"}

    @extend_schema(request=TokenInput, responses={201: SignInResult, **errors(409)},
                   summary="扫码签到（本人登录后提交签到码）")  # fmt: skip
    def post(self, request):
        data = TokenInput(data=request.data)
        data.is_valid(raise_exception=True)
        sign_in = sign_in_by_code(actor=request.user, token=data.validated_data["token"])
        return Response(SignInResult(sign_in).data, status=201)


class SignOutApi(DomainAPIView):
    perms = {"POST": "event.sign_in"}

    @extend_schema(
        request=TokenInput,
        responses={200: SignInResult, **errors(409)},
        summary="扫码签退（半天会议）",
    )
    def post(self, request):
        data = TokenInput(data=request.data)
        data.is_valid(raise_exception=True)
        sign_in = sign_out_by_code(actor=request.user, token=data.validated_data["token"])
        return Response(SignInResult(sign_in).data)


class ManualSignInApi(DomainAPIView):
    perms = {"POST": "event.manage"}

    class Input(serializers.Serializer):
        invitations = serializers.ListField(child=serializers.IntegerField(min_value=1), min_length=1,
                                            max_length=5000)  # fmt: skip
        at = serializers.DateTimeField(
            required=False, allow_null=True, help_text="签到时间；默认为现在"
        )

    class Output(serializers.Serializer):
        signed_in = serializers.IntegerField()

    @extend_schema(
        request=Input,
        responses={201: Output, **errors(409)},
        summary="工作人员代为签到（标记为代签）",
    )
    def post(self, request, pk):
        event = selectors.event_get(viewer=request.user, pk=pk)
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        rows = sign_in_manual(
            actor=request.user, event=event, invitation_ids=d["invitations"], at=d.get("at")
        )
        return Response({"signed_in": len(rows)}, status=201)


class SheetApi(DomainAPIView):
    perms = {"GET": "event.attendance", "POST": "event.manage"}
    parser_classes = [MultiPartParser]

    class Input(serializers.Serializer):
        file = serializers.FileField()

    class Output(serializers.Serializer):
        signed_in = serializers.IntegerField()
        marked = serializers.IntegerField()
        unchanged = serializers.IntegerField()

    @extend_schema(responses={200: download(XLSX_DOWNLOAD)}, summary="导出签到表（.xlsx，可打印）")
    def get(self, request, pk):
        event = selectors.event_get(viewer=request.user, pk=pk)
        content = sheets.sheet_workbook(event, selectors.invitation_list(event=event))
        return xlsx_response(content, f"{event.title}签到表.xlsx")

    @extend_schema(request={"multipart/form-data": Input}, responses={200: Output, **errors(409)},
                   summary="导入纸质签到表（整表校验，有误则不导入）")  # fmt: skip
    def post(self, request, pk):
        event = selectors.event_get(viewer=request.user, pk=pk)
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        workflow.check(event, "import_sheet", workflow.roles(event, request.user))
        rows = sheets.sheet_parse(event, data.validated_data["file"])
        return Response(sheet_apply(actor=request.user, event=event, rows=rows))


class LiveSignInOut(serializers.Serializer):
    invitation = serializers.IntegerField(source="invitation_id")
    name = serializers.CharField(source="invitation.name")
    organisation = serializers.CharField(source="invitation.organisation")
    signed_in_at = serializers.DateTimeField()
    late = serializers.BooleanField()
    method = serializers.CharField()


class LiveAttendanceApi(DomainAPIView):
    perms = {"GET": "event.attendance"}

    class Output(serializers.Serializer):
        status = serializers.CharField()
        invited = serializers.IntegerField()
        signed_in = serializers.IntegerField()
        present = serializers.IntegerField()
        late = serializers.IntegerField()
        leave = serializers.IntegerField()
        absent = serializers.IntegerField()
        signed_out = serializers.IntegerField()
        latest = LiveSignInOut(many=True)

    @extend_schema(responses={200: Output}, summary="实时出勤（人数与最近签到，可每几秒轮询）")
    def get(self, request, pk):
        event = selectors.event_get(viewer=request.user, pk=pk)
        live = selectors.live_attendance(event=event)
        response = Response(self.Output({**live, "status": event.status}).data)
        response["Cache-Control"] = cache_control()
        return response


class AttendanceCorrectApi(DomainAPIView):
    perms = {"POST": "event.manage"}

    class Input(serializers.Serializer):
        attendance = serializers.ChoiceField(choices=Invitation.Attendance.choices[1:])

    @extend_schema(request=Input, responses={200: InvitationOut, **errors(409)},
                   summary="更正出勤（结束后；履职档案随之更正）")  # fmt: skip
    def post(self, request, pk, invitation):
        event = selectors.event_get(viewer=request.user, pk=pk)
        found = selectors.invitation_get(event=event, pk=invitation)
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        attendance_correct(actor=request.user, event=event, invitation=found,
                           attendance=data.validated_data["attendance"])  # fmt: skip
        return Response(InvitationOut(selectors.invitation_get(event=event, pk=found.pk)).data)
