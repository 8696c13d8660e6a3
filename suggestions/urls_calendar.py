"""Issue 14: the working-day calendar page 工作日安排 and its API (suggestions.calendar_admin):
which years are covered, the override days of a year, adding or removing one, and entering or
withdrawing a year's whole schedule; every change answers with the deadlines it moved."""

from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from congress.api import DomainAPIView
from congress.errors import invalid
from congress.pages import page, render_page
from congress.schema import errors
from suggestions import calendar_admin as cal
from suggestions.workdays import calendar_warning


@page("suggestion.board")
def calendar_page(request):
    return render_page(
        request,
        "suggestions/WorkCalendar",
        title=_("工作日安排"),
        props={"canEdit": cal.can_edit(request.user)},
    )


class CalendarYearOut(serializers.Serializer):
    year = serializers.IntegerField()
    coverage = serializers.ChoiceField(
        choices=["package", "entered", "partial", "none"],
        help_text="package 系统日历收录；entered 已录入全年安排；partial 仅有个别调整；none 未收录",
    )
    overrides = serializers.IntegerField()
    source = serializers.CharField()
    entered_by = serializers.CharField()
    entered_at = serializers.DateTimeField(allow_null=True)


class CalendarOverviewOut(serializers.Serializer):
    years = CalendarYearOut(many=True)
    warning = serializers.CharField(help_text="空：今明两年均已收录")
    can_edit = serializers.BooleanField()


class CalendarOverrideOut(serializers.Serializer):
    id = serializers.IntegerField()
    date = serializers.DateField()
    is_workday = serializers.BooleanField()
    note = serializers.CharField()


class CalendarYearDetailOut(serializers.Serializer):
    year = CalendarYearOut()
    overrides = CalendarOverrideOut(many=True)


class CalendarRecomputedOut(serializers.Serializer):
    suggestions = serializers.IntegerField(help_text="期限有变化的建议数")
    assignments = serializers.IntegerField()
    changes = serializers.ListField(child=serializers.CharField(), help_text="前20条变化")
    pending = serializers.IntegerField(
        help_text="待重算的建议数（较多时不在本次请求中重算：请启动任务 calendar_recompute）"
    )
    years = serializers.ListField(child=serializers.IntegerField())


def _recomputed(done) -> Response:
    return Response(
        CalendarRecomputedOut(
            {
                "suggestions": done.suggestions,
                "assignments": done.assignments,
                "changes": done.changes,
                "pending": done.pending,
                "years": done.years,
            }
        ).data
    )


class CalendarApi(DomainAPIView):
    perms = {"GET": "suggestion.board"}

    @extend_schema(responses=CalendarOverviewOut, summary="工作日安排：各年度收录情况")
    def get(self, request):
        today = timezone.localdate()
        return Response(
            CalendarOverviewOut(
                {
                    "years": cal.year_overview(today),
                    "warning": calendar_warning(today),
                    "can_edit": cal.can_edit(request.user),
                }
            ).data
        )


def _year(year: int) -> int:
    if not 2000 <= year <= 2100:
        raise invalid("year", "请填写有效的年度。")
    return year


class YearApi(DomainAPIView):
    perms = {"GET": "suggestion.board"}

    @extend_schema(
        responses={200: CalendarYearDetailOut, **errors(404)},
        summary="一个年度的调整日期",
        operation_id="suggestions_calendar_year",
    )
    def get(self, request, year):
        year = _year(year)
        row = next(
            (y for y in cal.year_overview(timezone.localdate()) if y["year"] == year),
            {"year": year, "coverage": "package" if cal.package_covers(year) else "none",
             "overrides": 0, "source": "", "entered_by": "", "entered_at": None},
        )  # fmt: skip
        return Response(CalendarYearDetailOut({"year": row, "overrides": cal.overrides(year)}).data)


class CalendarScheduleIn(serializers.Serializer):
    text = serializers.CharField(
        allow_blank=True,
        max_length=20000,
        help_text="每行一个日期或范围：2027-01-01~2027-01-03 休 元旦 / 2027-02-07 班",
    )
    source = serializers.CharField(allow_blank=True, required=False, default="", max_length=200)


class ScheduleApi(DomainAPIView):
    perms = {"POST": "suggestion.board", "DELETE": "suggestion.board"}

    @extend_schema(request=CalendarScheduleIn, responses={200: CalendarRecomputedOut, **errors(400, 404)},
                   summary="录入全年安排（并重算受影响的期限）")  # fmt: skip
    def post(self, request, year):
        data = CalendarScheduleIn(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        done = cal.year_enter(
            actor=request.user, year=_year(year), text=d["text"], source=d["source"]
        )
        return _recomputed(done)

    @extend_schema(responses={200: CalendarRecomputedOut, **errors(400, 404)},
                   summary="撤销全年安排的录入（该年期限重新按周一至周五推算）")  # fmt: skip
    def delete(self, request, year):
        return _recomputed(cal.year_forget(actor=request.user, year=_year(year)))


class CalendarOverrideIn(serializers.Serializer):
    date = serializers.DateField()
    is_workday = serializers.BooleanField()
    note = serializers.CharField(allow_blank=True, required=False, default="", max_length=60)


class OverrideListApi(DomainAPIView):
    perms = {"POST": "suggestion.board"}

    @extend_schema(request=CalendarOverrideIn, responses={200: CalendarRecomputedOut, **errors(400)},
                   summary="新增一个调整日期（放假或调休上班）")  # fmt: skip
    def post(self, request):
        data = CalendarOverrideIn(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        done = cal.override_add(
            actor=request.user, day=d["date"], is_workday=d["is_workday"], note=d["note"]
        )
        return _recomputed(done)


class OverrideApi(DomainAPIView):
    perms = {"DELETE": "suggestion.board"}

    @extend_schema(
        responses={200: CalendarRecomputedOut, **errors(400, 404)}, summary="删除一个调整日期"
    )
    def delete(self, request, pk):
        return _recomputed(cal.override_remove(actor=request.user, pk=pk))


urlpatterns = [
    path("suggestions/calendar/", calendar_page, name="calendar"),
    path("api/v1/suggestions/calendar/", CalendarApi.as_view(), name="api-calendar"),
    path(
        "api/v1/suggestions/calendar/overrides/",
        OverrideListApi.as_view(),
        name="api-calendar-overrides",
    ),
    path(
        "api/v1/suggestions/calendar/overrides/<int:pk>/",
        OverrideApi.as_view(),
        name="api-calendar-override",
    ),
    path("api/v1/suggestions/calendar/<int:year>/", YearApi.as_view(), name="api-calendar-year"),
    path(
        "api/v1/suggestions/calendar/<int:year>/schedule/",
        ScheduleApi.as_view(),
        name="api-calendar-schedule",
    ),
]
