"""Training figures with their drill-down (staff and leaders): coverage per region and the
deputies behind it, study completion per month and the deputies behind it, and the coverage
standard N. Counted live by training/figures.py, the same definitions as the dashboard's;
coverage of the years the dashboard keeps is read from its aggregate rows."""

import datetime as dt

from django.db.models import Count, Q
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from congress import params
from congress.api import DomainAPIView
from congress.models import Region
from congress.schema import paginated
from congress.scope import viewer_region_code
from training import figures
from training.api.common import MonthOut, RegionRef, query_month
from training.dashboard import coverage_split
from training.models import CoverageStandard
from training.services.common import managed_region
from training.services.standards import coverage_standard_set

YEAR_PARAM = OpenApiParameter("year", int, description="默认今年")
REGION_PARAM = OpenApiParameter("region", str, description="默认本人所在区划")


def _year(request) -> int:
    return params.query_year(request, default=timezone.localdate().year)


def _region(request) -> Region:
    code = viewer_region_code(request.user, params.query_code(request, "region") or None)
    return Region.objects.get(pk=code)


def _rate(part: int, whole: int) -> float | None:
    return round(part * 100 / whole, 1) if whole else None


class CoverageApi(DomainAPIView):
    """县乡两级人大代表履职培训全覆盖: per region below the one asked for, and its own."""

    perms = {"GET": "training.figures"}

    class Output(serializers.Serializer):
        class Row(serializers.Serializer):
            code = serializers.CharField()
            name = serializers.CharField()
            own = serializers.BooleanField(help_text="本级（登记在该区划本身的代表）")
            serving = serializers.IntegerField()
            trained = serializers.IntegerField()
            rate = serializers.FloatField(allow_null=True)

        year = serializers.IntegerField()
        region = RegionRef()
        min_hours = serializers.IntegerField()
        serving = serializers.IntegerField()
        trained = serializers.IntegerField()
        rate = serializers.FloatField(allow_null=True, help_text="百分比")
        rows = Row(many=True)

    @extend_schema(parameters=[YEAR_PARAM, REGION_PARAM], responses={200: Output},
                   summary="代表履职培训覆盖率（按地区）")  # fmt: skip
    def get(self, request):
        year, region = _year(request), _region(request)
        children = list(Region.objects.filter(parent=region).values_list("code", "name"))
        codes = [code for code, _name in children]
        kept = coverage_split(region.code, year)
        if kept is not None:  # the dashboard's aggregate rows (at most a minute old)
            counts = {code: kept.get(code, (0, 0)) for code in codes}
            whole = (sum(c[0] for c in kept.values()), sum(c[1] for c in kept.values()))
        else:
            counts = figures.coverage_counts(region_codes=codes, year=year) if codes else {}
            whole = figures.coverage_counts(region_codes=[region.code], year=year)[region.code]
        below = (sum(c[0] for c in counts.values()), sum(c[1] for c in counts.values()))
        own = (whole[0] - below[0], whole[1] - below[1])
        rows = [
            {"code": code, "name": name, "own": False, "serving": counts[code][1],
             "trained": counts[code][0], "rate": _rate(*counts[code])}
            for code, name in children
        ]  # fmt: skip
        if own[1] or not children:
            rows.append({"code": region.code, "name": region.name, "own": True,
                         "serving": own[1], "trained": own[0], "rate": _rate(*own)})  # fmt: skip
        serving = sum(r["serving"] for r in rows)
        trained = sum(r["trained"] for r in rows)
        return Response(
            self.Output(
                {"year": year, "region": region, "min_hours": figures.min_hours_for(region.code),
                 "serving": serving, "trained": trained, "rate": _rate(trained, serving),
                 "rows": rows}
            ).data
        )  # fmt: skip


class DeputyHoursOut(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    region_code = serializers.CharField(source="region_id")
    region_name = serializers.CharField(source="region.name")
    post = serializers.CharField()
    training_hours = serializers.IntegerField()
    hours_needed = serializers.IntegerField()
    trained = serializers.SerializerMethodField()

    def get_trained(self, obj) -> bool:
        return obj.training_hours >= obj.hours_needed


class CoverageDeputiesApi(DomainAPIView):
    """The deputies behind the coverage figure: every serving deputy of the region (the
    whole), or only those trained / not trained (its parts); the counts are the figure's."""

    perms = {"GET": "training.figures"}

    @extend_schema(
        parameters=[YEAR_PARAM, REGION_PARAM, OpenApiParameter("trained", bool),
                    OpenApiParameter("own", bool, description="只看登记在该区划本身的代表")],
        responses={200: paginated(DeputyHoursOut)},
        summary="培训覆盖率明细：代表及其学时",
    )  # fmt: skip
    def get(self, request):
        year, region = _year(request), _region(request)
        trained = params.query_bool(request, "trained")
        qs = figures.serving_deputies(year)
        if params.query_bool(request, "own", default=False):
            qs = qs.filter(region_id=region.code)
        else:
            qs = qs.filter(region__code__startswith=region.code)
        return self.paginate(figures.HoursRanking(qs, year, trained), DeputyHoursOut)


class StudyCompletionApi(DomainAPIView):
    perms = {"GET": "training.figures"}

    class Output(serializers.Serializer):
        class Month(serializers.Serializer):
            month = MonthOut()
            assigned = serializers.IntegerField()
            finished = serializers.IntegerField()
            rate = serializers.FloatField(allow_null=True)

        year = serializers.IntegerField()
        region = RegionRef()
        assigned = serializers.IntegerField()
        finished = serializers.IntegerField()
        rate = serializers.FloatField(allow_null=True)
        months = Month(many=True)

    @extend_schema(parameters=[YEAR_PARAM, REGION_PARAM], responses={200: Output},
                   summary="一月两学完成率（按月）")  # fmt: skip
    def get(self, request):
        year, region = _year(request), _region(request)
        rows = (
            figures.study_assignments(dt.date(year, 1, 1), dt.date(year + 1, 1, 1))
            .filter(deputy__region__code__startswith=region.code)
            .values("month")
            .annotate(assigned=Count("pk"), finished=Count("pk", filter=Q(finished_at__isnull=False)))
            .order_by("month")
        )  # fmt: skip
        months = [{**r, "rate": _rate(r["finished"], r["assigned"])} for r in rows]
        assigned = sum(m["assigned"] for m in months)
        finished = sum(m["finished"] for m in months)
        return Response(
            self.Output(
                {"year": year, "region": region, "assigned": assigned, "finished": finished,
                 "rate": _rate(finished, assigned), "months": months}
            ).data
        )  # fmt: skip


class StudyDeputyOut(serializers.Serializer):
    id = serializers.IntegerField()
    deputy = serializers.IntegerField(source="deputy_id")
    deputy_name = serializers.CharField(source="deputy.name")
    region_name = serializers.CharField(source="deputy.region.name")
    month = MonthOut()
    plan_title = serializers.CharField(source="plan.title")
    finished_at = serializers.DateTimeField(allow_null=True)


class StudyDeputiesApi(DomainAPIView):
    """The deputies behind the study completion of a month (or of the year)."""

    perms = {"GET": "training.figures"}

    @extend_schema(
        parameters=[YEAR_PARAM, REGION_PARAM, OpenApiParameter("month", str, description="2026-03"),
                    OpenApiParameter("finished", bool)],
        responses={200: paginated(StudyDeputyOut)},
        summary="一月两学完成情况明细",
    )  # fmt: skip
    def get(self, request):
        region = _region(request)
        month = query_month(request)
        if month:
            start, end = month, (month + dt.timedelta(days=32)).replace(day=1)
        else:
            year = _year(request)
            start, end = dt.date(year, 1, 1), dt.date(year + 1, 1, 1)
        finished = params.query_bool(request, "finished")
        qs = (figures.study_finished if finished else figures.study_assignments)(start, end)
        if finished is False:
            qs = qs.filter(finished_at__isnull=True)
        qs = qs.filter(deputy__region__code__startswith=region.code).select_related(
            "deputy", "deputy__region", "plan"
        )
        return self.paginate(
            qs.order_by("-month", "deputy__region_id", "deputy_id"), StudyDeputyOut
        )


class StandardApi(DomainAPIView):
    perms = {"GET": "training.figures", "PUT": "training.manage"}

    class Output(serializers.Serializer):
        region = RegionRef()
        min_hours = serializers.IntegerField(help_text="该地区适用的年度达标学时")
        own = serializers.IntegerField(
            allow_null=True, help_text="该地区自己设定的学时；空为沿用上级"
        )
        default = serializers.IntegerField()

    class Input(serializers.Serializer):
        region = serializers.CharField(max_length=12, required=False, allow_blank=True)
        min_hours = serializers.IntegerField(min_value=1, max_value=200, allow_null=True)

    def _out(self, region: Region) -> dict:
        own = CoverageStandard.objects.filter(region=region).values_list("min_hours", flat=True)
        return self.Output(
            {"region": region, "min_hours": figures.min_hours_for(region.code),
             "own": own.first(), "default": figures.DEFAULT_MIN_HOURS}
        ).data  # fmt: skip

    @extend_schema(parameters=[REGION_PARAM], responses={200: Output}, summary="培训达标学时")
    def get(self, request):
        return Response(self._out(_region(request)))

    @extend_schema(request=Input, responses={200: Output}, summary="设定本地区的年度达标学时")
    def put(self, request):
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        region = managed_region(request.user, v.get("region") or None)
        coverage_standard_set(actor=request.user, region=region.code, min_hours=v["min_hours"])
        return Response(self._out(region))
