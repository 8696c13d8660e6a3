"""The API of deputy performance (archive, points, reports to voters) and evaluation rounds."""

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from congress import audit, params
from congress.api import DomainAPIView
from congress.errors import ApplicationError
from congress.exports import xlsx_response
from congress.models import AuditLog, Congress, Region
from congress.scope import region_prefix
from evaluation import exports, selectors, services
from congress.downloads import file_response
from evaluation.models import (
    ActivityKind,
    ArchiveEntry,
    ComputedMeasure,
    PeriodChoices,
    Score,
    TargetKind,
    VoterReport,
)


def _year(request) -> int:
    return params.query_year(request, default=timezone.localdate().year)


def _region_in_scope(request, code: str) -> Region:
    prefix = region_prefix(request.user)
    region = Region.objects.filter(code=code).first()
    if region is None or prefix is None or not code.startswith(prefix):
        from django.http import Http404

        raise Http404(_("未找到该记录，或您无权查看。"))
    return region


# --- Archive ----------------------------------------------------------------------------------


class EntryOut(serializers.ModelSerializer):
    deputy_name = serializers.CharField(source="deputy.name")
    region_name = serializers.CharField(source="deputy.region.name")
    kind_display = serializers.CharField(source="get_kind_display")
    source_display = serializers.CharField(source="get_source_display")
    editable = serializers.SerializerMethodField()
    evidence_file = serializers.SerializerMethodField()

    class Meta:
        model = ArchiveEntry
        fields = [
            "id",
            "deputy",
            "deputy_name",
            "region_name",
            "kind",
            "kind_display",
            "occurred_on",
            "title",
            "detail",
            "quantity",
            "source",
            "source_display",
            "evidence",
            "evidence_file",
            "editable",
        ]

    def get_evidence_file(self, entry) -> str | None:
        return f"/api/v1/performance/entries/{entry.pk}/evidence/" if entry.evidence_file else None

    def get_editable(self, entry) -> bool:
        return entry.source == ArchiveEntry.Source.STAFF


class ArchiveEntryListApi(DomainAPIView):
    perms = {"GET": "performance.view", "POST": "performance.manage"}

    class Input(serializers.Serializer):
        deputy = serializers.IntegerField()
        kind = serializers.ChoiceField(choices=ActivityKind.choices)
        occurred_on = serializers.DateField()
        title = serializers.CharField(max_length=200)
        detail = serializers.CharField(required=False, allow_blank=True, default="")
        quantity = serializers.IntegerField(min_value=1, max_value=60, default=1)
        evidence = serializers.CharField(
            max_length=300, required=False, allow_blank=True, default=""
        )
        evidence_file = serializers.FileField(required=False, allow_null=True, default=None)

        def validate_occurred_on(self, value):
            if value > timezone.localdate():
                raise serializers.ValidationError(_("日期不能晚于今天。"))
            return value

    @extend_schema(
        parameters=[
            OpenApiParameter("deputy", int),
            OpenApiParameter("kind", str, enum=ActivityKind.values),
            OpenApiParameter("source", str, enum=ArchiveEntry.Source.values),
            OpenApiParameter("region", str),
            OpenApiParameter("year", int),
            OpenApiParameter("q", str),
        ],
        responses=EntryOut(many=True),
        summary="履职档案记录",
    )
    def get(self, request):
        filters = selectors.EntryFilters(
            deputy=params.query_id(request, "deputy"),
            kind=params.query_choice(request, "kind", ActivityKind.choices),
            source=params.query_choice(request, "source", ArchiveEntry.Source.choices),
            region=params.query_code(request, "region"),
            year=params.query_year(request),
            q=params.query_text(request, "q"),
        )
        return self.paginate(
            selectors.archive_entry_list(viewer=request.user, filters=filters), EntryOut
        )

    @extend_schema(
        request=Input,
        responses={201: EntryOut},
        summary="录入履职记录（会议、视察、调研、培训、表彰等）",
    )
    def post(self, request):
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        deputy = selectors.deputy_get(viewer=request.user, pk=values.pop("deputy"))
        entry = services.archive_entry_create(actor=request.user, deputy=deputy, **values)
        return Response(EntryOut(entry).data, status=201)


class ArchiveEntryDetailApi(DomainAPIView):
    perms = {
        "GET": "performance.view",
        "PATCH": "performance.manage",
        "DELETE": "performance.manage",
    }

    class Input(serializers.Serializer):
        kind = serializers.ChoiceField(choices=ActivityKind.choices, required=False)
        occurred_on = serializers.DateField(required=False)
        title = serializers.CharField(max_length=200, required=False)
        detail = serializers.CharField(required=False, allow_blank=True)
        quantity = serializers.IntegerField(min_value=1, max_value=60, required=False)
        evidence = serializers.CharField(max_length=300, required=False, allow_blank=True)

    @extend_schema(responses=EntryOut, summary="履职记录详情")
    def get(self, request, pk):
        return Response(EntryOut(selectors.archive_entry_get(viewer=request.user, pk=pk)).data)

    @extend_schema(request=Input, responses=EntryOut, summary="修改工作人员录入的履职记录")
    def patch(self, request, pk):
        entry = selectors.archive_entry_get(viewer=request.user, pk=pk)
        data = self.Input(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        entry = services.archive_entry_update(
            actor=request.user, entry=entry, **data.validated_data
        )
        return Response(EntryOut(entry).data)

    @extend_schema(responses={204: None}, summary="删除工作人员录入的履职记录")
    def delete(self, request, pk):
        entry = selectors.archive_entry_get(viewer=request.user, pk=pk)
        services.archive_entry_delete(actor=request.user, entry=entry)
        return Response(status=204)


class ReportOut(serializers.ModelSerializer):
    deputy_name = serializers.CharField(source="deputy.name")
    votes = serializers.IntegerField()
    satisfaction_rate = serializers.DecimalField(max_digits=6, decimal_places=4, allow_null=True)
    file = serializers.SerializerMethodField()

    class Meta:
        model = VoterReport
        fields = [
            "id",
            "deputy",
            "deputy_name",
            "reported_on",
            "audience",
            "attendance",
            "content",
            "file",
            "satisfied",
            "basically_satisfied",
            "dissatisfied",
            "votes",
            "satisfaction_rate",
        ]

    def get_file(self, report) -> str | None:
        return f"/api/v1/performance/voter-reports/{report.pk}/file/" if report.file else None


def _deputy_archive(request, deputy) -> dict:
    year = _year(request)
    entries = selectors.archive_entry_list(
        viewer=request.user, filters=selectors.EntryFilters(deputy=deputy.pk, year=year)
    )
    reports = selectors.voter_report_list(viewer=request.user, deputy=deputy.pk)
    return {
        "deputy": {
            "id": deputy.pk,
            "name": deputy.name,
            "region": deputy.region.name,
            "workplace": deputy.workplace,
            "post": deputy.post,
        },
        "year": year,
        "terms": [
            {"id": t.pk, "label": f"{t.congress.name}{t.label}"}
            for t in selectors.deputy_terms(deputy)
        ],
        "points": selectors.deputy_points_summary(deputy=deputy, year=year),
        "entries": EntryOut(entries[:500], many=True).data,
        "reports": ReportOut(reports, many=True).data,
    }


class DeputyArchiveApi(DomainAPIView):
    perms = {"GET": "performance.view"}

    @extend_schema(
        parameters=[OpenApiParameter("year", int)],
        responses=dict,
        summary="代表履职档案（时间线、积分、名次、述职）",
    )
    def get(self, request, pk):
        deputy = selectors.deputy_get(viewer=request.user, pk=pk)
        return Response(_deputy_archive(request, deputy))


class MyArchiveApi(DomainAPIView):
    perms = {"GET": "performance.self"}

    @extend_schema(parameters=[OpenApiParameter("year", int)], responses=dict, summary="我的履职")
    def get(self, request):
        return Response(_deputy_archive(request, selectors.deputy_of_user(request.user)))


class ArchiveExportApi(DomainAPIView):
    perms = {"GET": "performance.export"}

    @extend_schema(
        parameters=[OpenApiParameter("region", str), OpenApiParameter("year", int)],
        responses={
            (200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"): bytes
        },
        summary="导出履职档案（Excel）",
    )
    def get(self, request):
        year = _year(request)
        code = params.query_code(request, "region") or region_prefix(request.user) or "43"
        region = _region_in_scope(request, code)
        entries = selectors.archive_entry_list(
            viewer=request.user, filters=selectors.EntryFilters(region=region.code, year=year)
        )
        content = exports.archive_workbook(region=region, year=year, entries=entries)
        audit.record(
            AuditLog.Action.EXPORT,
            model="evaluation.ArchiveEntry",
            object_repr=f"{region.name} {year} archive export",
        )
        return xlsx_response(content, f"{region.name}{year}年代表履职档案.xlsx")


class ArchiveGatherApi(DomainAPIView):
    perms = {"POST": "performance.manage"}

    class Input(serializers.Serializer):
        region = serializers.CharField(required=False, allow_blank=True)
        year = serializers.IntegerField(min_value=2000, max_value=2100, required=False)

    @extend_schema(
        request=Input, responses={200: dict}, summary="从平台汇集履职记录（进站、建议、测评）"
    )
    def post(self, request):
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        code = data.validated_data.get("region") or region_prefix(request.user) or "43"
        region = _region_in_scope(request, code)
        year = data.validated_data.get("year") or timezone.localdate().year
        created = services.archive_gather(
            region_code=region.code, start=dt.date(year, 1, 1), end=dt.date(year, 12, 31)
        )
        return Response({"created": created})


class VoterReportListApi(DomainAPIView):
    perms = {"GET": "performance.view", "POST": "voter_report.manage"}

    class Input(serializers.Serializer):
        deputy = serializers.IntegerField(required=False)
        reported_on = serializers.DateField()
        audience = serializers.CharField(max_length=200)
        attendance = serializers.IntegerField(min_value=1)
        content = serializers.CharField(required=False, allow_blank=True, default="")
        file = serializers.FileField(required=False, allow_null=True, default=None)
        satisfied = serializers.IntegerField(min_value=0, default=0)
        basically_satisfied = serializers.IntegerField(min_value=0, default=0)
        dissatisfied = serializers.IntegerField(min_value=0, default=0)

    @extend_schema(
        parameters=[OpenApiParameter("deputy", int)],
        responses=ReportOut(many=True),
        summary="代表述职记录",
    )
    def get(self, request):
        qs = selectors.voter_report_list(
            viewer=request.user, deputy=params.query_id(request, "deputy")
        )
        return self.paginate(qs, ReportOut)

    @extend_schema(request=Input, responses={201: ReportOut}, summary="登记代表述职及选民测评")
    def post(self, request):
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        deputy_id = values.pop("deputy", None)
        if selectors._is_deputy(request.user):
            deputy = selectors.deputy_of_user(request.user)
        elif deputy_id is None:
            raise ApplicationError(_("请选择代表。"), fields={"deputy": [_("请选择代表。")]})
        else:
            deputy = selectors.deputy_get(viewer=request.user, pk=deputy_id)
        report = services.voter_report_create(actor=request.user, deputy=deputy, **values)
        return Response(ReportOut(report).data, status=201)


# --- Points -----------------------------------------------------------------------------------


class RuleIn(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ActivityKind.choices)
    points = serializers.DecimalField(max_digits=5, decimal_places=1)
    cap = serializers.DecimalField(max_digits=6, decimal_places=1, required=False, allow_null=True)
    period = serializers.ChoiceField(choices=PeriodChoices.choices, default=PeriodChoices.YEAR)


class RuleSetOut(serializers.Serializer):
    id = serializers.IntegerField()
    region = serializers.CharField(source="region_id")
    region_name = serializers.CharField(source="region.name")
    year = serializers.IntegerField()
    name = serializers.CharField()
    talk_threshold = serializers.DecimalField(max_digits=6, decimal_places=1)
    updated_at = serializers.DateTimeField()
    rules = serializers.SerializerMethodField()

    def get_rules(self, rule_set) -> list[dict]:
        return [
            {
                "kind": r.kind,
                "kind_display": r.get_kind_display(),
                "points": float(r.points),
                "cap": float(r.cap) if r.cap is not None else None,
                "period": r.period,
                "period_display": r.get_period_display(),
            }
            for r in rule_set.rules.all()
        ]


class RuleSetListApi(DomainAPIView):
    perms = {"GET": "points.view", "POST": "points.manage"}

    class Input(serializers.Serializer):
        region = serializers.CharField()
        year = serializers.IntegerField(min_value=2000, max_value=2100)
        name = serializers.CharField(max_length=100)
        talk_threshold = serializers.DecimalField(max_digits=6, decimal_places=1, default=10)
        rules = RuleIn(many=True)

    @extend_schema(responses=RuleSetOut(many=True), summary="积分规则")
    def get(self, request):
        return self.paginate(selectors.rule_set_list(viewer=request.user), RuleSetOut)

    @extend_schema(
        request=Input,
        responses={201: RuleSetOut},
        summary="新建某区划某年度的积分规则（随即计算积分）",
    )
    def post(self, request):
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        region = _region_in_scope(request, values.pop("region"))
        rule_set = services.points_rule_set_create(actor=request.user, region=region, **values)
        return Response(RuleSetOut(rule_set).data, status=201)


class RuleSetDetailApi(DomainAPIView):
    perms = {"GET": "points.view", "PUT": "points.manage"}

    class Input(serializers.Serializer):
        name = serializers.CharField(max_length=100, required=False)
        talk_threshold = serializers.DecimalField(max_digits=6, decimal_places=1, required=False)
        rules = RuleIn(many=True, required=False)

    @extend_schema(responses=RuleSetOut, summary="积分规则详情")
    def get(self, request, pk):
        return Response(RuleSetOut(selectors.rule_set_get(viewer=request.user, pk=pk)).data)

    @extend_schema(
        request=Input, responses=RuleSetOut, summary="修改积分规则（全部代表积分随即重算）"
    )
    def put(self, request, pk):
        rule_set = selectors.rule_set_get(viewer=request.user, pk=pk)
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        rule_set = services.points_rule_set_update(
            actor=request.user, rule_set=rule_set, **data.validated_data
        )
        return Response(
            RuleSetOut(selectors.rule_set_get(viewer=request.user, pk=rule_set.pk)).data
        )


class RankingOut(serializers.Serializer):
    deputy = serializers.IntegerField(source="deputy_id")
    deputy_name = serializers.CharField(source="deputy.name")
    region_name = serializers.CharField(source="deputy.region.name")
    total = serializers.DecimalField(max_digits=8, decimal_places=1)
    rank = serializers.IntegerField()
    breakdown = serializers.JSONField()


class RankingApi(DomainAPIView):
    perms = {"GET": "points.view"}

    @extend_schema(
        parameters=[
            OpenApiParameter("group", int),
            OpenApiParameter("region", str),
            OpenApiParameter("level", str, enum=Congress.Level.values),
            OpenApiParameter("below", bool, description="只看低于约谈分数线的代表"),
        ],
        responses=RankingOut(many=True),
        summary="积分排名（按代表小组、区划、层级）",
    )
    def get(self, request, pk):
        rule_set = selectors.rule_set_get(viewer=request.user, pk=pk)
        filters = selectors.RankingFilters(
            group=params.query_id(request, "group"),
            region=params.query_code(request, "region"),
            level=params.query_choice(request, "level", Congress.Level.choices),
            below_threshold=params.query_bool(request, "below", default=False),
        )
        qs = selectors.points_ranking(viewer=request.user, rule_set=rule_set, filters=filters)
        if filters.below_threshold:
            qs = qs.order_by("total", "deputy_id")
        return self.paginate(qs, RankingOut)


class GroupChoicesApi(DomainAPIView):
    perms = {"GET": "points.view"}

    @extend_schema(responses=dict, summary="可按代表小组排名的小组")
    def get(self, request, pk):
        rule_set = selectors.rule_set_get(viewer=request.user, pk=pk)
        groups = selectors.group_choices(viewer=request.user, rule_set=rule_set)
        return Response([{"id": g.pk, "name": f"{g.congress.name} {g.name}"} for g in groups[:500]])


class SnapshotOut(serializers.Serializer):
    id = serializers.IntegerField()
    quarter = serializers.IntegerField()
    cutoff = serializers.DateField()
    published_at = serializers.DateTimeField()
    published_by = serializers.CharField(source="published_by.display_name", default="")


class SnapshotListApi(DomainAPIView):
    perms = {"GET": "points.view", "POST": "points.manage"}

    class Input(serializers.Serializer):
        quarter = serializers.IntegerField(min_value=1, max_value=4)

    @extend_schema(responses=SnapshotOut(many=True), summary="积分季度公示")
    def get(self, request, pk):
        rule_set = selectors.rule_set_get(viewer=request.user, pk=pk)
        return Response(
            SnapshotOut(
                selectors.snapshot_list(viewer=request.user, rule_set=rule_set), many=True
            ).data
        )

    @extend_schema(
        request=Input, responses={201: SnapshotOut}, summary="发布季度积分公示（发布后不再变化）"
    )
    def post(self, request, pk):
        rule_set = selectors.rule_set_get(viewer=request.user, pk=pk)
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        snapshot = services.points_publish(
            actor=request.user, rule_set=rule_set, quarter=data.validated_data["quarter"]
        )
        return Response(SnapshotOut(snapshot).data, status=201)


class SnapshotRowsApi(DomainAPIView):
    perms = {"GET": "points.view"}

    class Output(serializers.Serializer):
        deputy = serializers.IntegerField(source="deputy_id")
        deputy_name = serializers.CharField()
        region_name = serializers.CharField()
        group_name = serializers.CharField()
        total = serializers.DecimalField(max_digits=8, decimal_places=1)
        rank = serializers.IntegerField()

    @extend_schema(responses=Output(many=True), summary="某季度公示的积分（冻结）")
    def get(self, request, pk):
        snapshot = selectors.snapshot_get(viewer=request.user, pk=pk)
        return self.paginate(
            selectors.snapshot_rows(viewer=request.user, snapshot=snapshot), self.Output
        )


# --- Indicator systems ------------------------------------------------------------------------


class IndicatorOut(serializers.Serializer):
    id = serializers.IntegerField()
    order = serializers.IntegerField()
    name = serializers.CharField()
    max_score = serializers.DecimalField(max_digits=5, decimal_places=1)
    weight = serializers.DecimalField(max_digits=4, decimal_places=2)
    scoring_rule = serializers.CharField()
    evidence_wanted = serializers.CharField()
    evidence_required = serializers.BooleanField()
    method = serializers.CharField()
    method_display = serializers.CharField(source="get_method_display")
    measure = serializers.CharField()
    measure_display = serializers.CharField(source="get_measure_display")
    full_marks_at = serializers.DecimalField(max_digits=8, decimal_places=2, allow_null=True)


class AspectOut(serializers.Serializer):
    id = serializers.IntegerField()
    order = serializers.IntegerField()
    name = serializers.CharField()
    is_bonus = serializers.BooleanField()
    indicators = IndicatorOut(many=True, source="indicators.all")


class SystemOut(serializers.Serializer):
    id = serializers.IntegerField()
    region = serializers.CharField(source="region_id")
    region_name = serializers.CharField(source="region.name")
    year = serializers.IntegerField()
    target_kind = serializers.CharField()
    target_kind_display = serializers.CharField(source="get_target_kind_display")
    name = serializers.CharField()
    bonus_cap = serializers.DecimalField(max_digits=5, decimal_places=1)
    description = serializers.CharField()
    aspects = AspectOut(many=True, source="aspects.all")
    max_total = serializers.SerializerMethodField()

    def get_max_total(self, system) -> float:
        return float(
            sum(
                i.max_score * i.weight
                for a in system.aspects.all()
                if not a.is_bonus
                for i in a.indicators.all()
            )
        )


class IndicatorIn(serializers.Serializer):
    name = serializers.CharField(max_length=120)
    max_score = serializers.DecimalField(max_digits=5, decimal_places=1, min_value=0)
    weight = serializers.DecimalField(max_digits=4, decimal_places=2, default=1)
    scoring_rule = serializers.CharField()
    evidence_wanted = serializers.CharField(
        max_length=300, required=False, allow_blank=True, default=""
    )
    evidence_required = serializers.BooleanField(default=False)
    method = serializers.ChoiceField(
        choices=[("manual", "manual"), ("computed", "computed")], default="manual"
    )
    measure = serializers.ChoiceField(
        choices=ComputedMeasure.choices, required=False, allow_blank=True, default=""
    )
    full_marks_at = serializers.DecimalField(
        max_digits=8, decimal_places=2, required=False, allow_null=True
    )


class AspectIn(serializers.Serializer):
    name = serializers.CharField(max_length=80)
    is_bonus = serializers.BooleanField(default=False)
    indicators = IndicatorIn(many=True)


class SystemListApi(DomainAPIView):
    perms = {"GET": "indicator_system.view", "POST": "indicator_system.manage"}

    class Input(serializers.Serializer):
        region = serializers.CharField()
        year = serializers.IntegerField(min_value=2000, max_value=2100)
        target_kind = serializers.ChoiceField(choices=TargetKind.choices)
        name = serializers.CharField(max_length=120)
        bonus_cap = serializers.DecimalField(max_digits=5, decimal_places=1, default=0)
        description = serializers.CharField(required=False, allow_blank=True, default="")
        aspects = AspectIn(many=True)

    @extend_schema(responses=SystemOut(many=True), summary="评价指标体系（方面→指标）")
    def get(self, request):
        return self.paginate(selectors.system_list(viewer=request.user), SystemOut)

    @extend_schema(request=Input, responses={201: SystemOut}, summary="新建评价指标体系")
    def post(self, request):
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        region = _region_in_scope(request, values.pop("region"))
        system = services.indicator_system_create(actor=request.user, region=region, **values)
        return Response(
            SystemOut(selectors.system_get(viewer=request.user, pk=system.pk)).data, status=201
        )


class SystemDetailApi(DomainAPIView):
    perms = {"GET": "indicator_system.view"}

    @extend_schema(responses=SystemOut, summary="评价指标体系详情")
    def get(self, request, pk):
        return Response(SystemOut(selectors.system_get(viewer=request.user, pk=pk)).data)


class SystemCopyApi(DomainAPIView):
    perms = {"POST": "indicator_system.manage"}

    class Input(serializers.Serializer):
        year = serializers.IntegerField(min_value=2000, max_value=2100)
        name = serializers.CharField(max_length=120, required=False, allow_blank=True, default="")

    @extend_schema(request=Input, responses={201: SystemOut}, summary="复制指标体系到新的年度")
    def post(self, request, pk):
        system = selectors.system_get(viewer=request.user, pk=pk)
        _region_in_scope(request, system.region_id)
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        copy = services.indicator_system_copy(
            actor=request.user, system=system, **data.validated_data
        )
        return Response(
            SystemOut(selectors.system_get(viewer=request.user, pk=copy.pk)).data, status=201
        )


# --- Rounds -----------------------------------------------------------------------------------


class RoundOut(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    year = serializers.IntegerField()
    region = serializers.CharField(source="region_id")
    region_name = serializers.CharField(source="region.name")
    system = serializers.IntegerField(source="system_id")
    system_name = serializers.CharField(source="system.name")
    status = serializers.CharField()
    status_display = serializers.CharField(source="get_status_display")
    opened_at = serializers.DateTimeField()
    closed_at = serializers.DateTimeField(allow_null=True)


class TargetOut(serializers.Serializer):
    id = serializers.IntegerField()
    region = serializers.CharField(source="region_id")
    name = serializers.CharField()
    self_total = serializers.DecimalField(max_digits=7, decimal_places=2)
    review_total = serializers.DecimalField(max_digits=7, decimal_places=2)
    bonus = serializers.DecimalField(max_digits=6, decimal_places=2)
    final_total = serializers.DecimalField(max_digits=7, decimal_places=2)
    rank = serializers.IntegerField(allow_null=True)


class ScoreOut(serializers.Serializer):
    id = serializers.IntegerField()
    target = serializers.IntegerField(source="target_id")
    indicator = serializers.IntegerField(source="indicator_id")
    stage = serializers.CharField()
    value = serializers.DecimalField(max_digits=6, decimal_places=2)
    measured = serializers.DecimalField(max_digits=10, decimal_places=4, allow_null=True)
    is_computed = serializers.BooleanField()
    reason = serializers.CharField()
    evidence = serializers.CharField()
    evidence_file = serializers.SerializerMethodField()
    scored_by = serializers.CharField(source="scored_by.display_name", default="")
    scored_at = serializers.DateTimeField()

    def get_evidence_file(self, score) -> str | None:
        return f"/api/v1/evaluation/scores/{score.pk}/evidence/" if score.evidence_file else None


class RoundListApi(DomainAPIView):
    perms = {"GET": "evaluation_round.view", "POST": "evaluation_round.manage"}

    class Input(serializers.Serializer):
        system = serializers.IntegerField()
        name = serializers.CharField(max_length=120)
        target_codes = serializers.ListField(child=serializers.CharField(), allow_empty=False)
        evaluator_ids = serializers.ListField(
            child=serializers.IntegerField(), required=False, default=list
        )

    @extend_schema(
        parameters=[OpenApiParameter("year", int)],
        responses=RoundOut(many=True),
        summary="评价轮次",
    )
    def get(self, request):
        qs = selectors.round_list(viewer=request.user, year=params.query_year(request))
        return self.paginate(qs, RoundOut)

    @extend_schema(
        request=Input, responses={201: RoundOut}, summary="发起评价轮次（年度、评价对象、评价人）"
    )
    def post(self, request):
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        system = selectors.system_get(viewer=request.user, pk=values.pop("system"))
        round_ = services.round_open(actor=request.user, system=system, **values)
        return Response(RoundOut(round_).data, status=201)


class RoundDetailApi(DomainAPIView):
    perms = {"GET": "evaluation_round.view"}

    @extend_schema(responses=dict, summary="评价轮次：指标、对象、得分与排名")
    def get(self, request, pk):
        round_ = selectors.round_get(viewer=request.user, pk=pk)
        targets = list(selectors.round_targets(viewer=request.user, round_=round_))
        scores = selectors.round_scores(viewer=request.user, round_=round_)
        system = selectors.round_system(round_)
        return Response(
            {
                "round": RoundOut(round_).data,
                "system": SystemOut(system).data,
                "targets": TargetOut(targets, many=True).data,
                "scores": ScoreOut(scores, many=True).data,
                "evaluators": [
                    {"id": u.pk, "name": u.display_name} for u in round_.evaluators.all()
                ],
                "is_evaluator": services.is_evaluator(request.user, round_),
            }
        )


class RoundEvaluatorsApi(DomainAPIView):
    perms = {"GET": "evaluation_round.view", "PUT": "evaluation_round.manage"}

    @extend_schema(responses=dict, summary="可指定的评价人（本级及上级人大机关工作人员）")
    def get(self, request, pk):
        round_ = selectors.round_get(viewer=request.user, pk=pk)
        users = selectors.eligible_evaluators(round_=round_)
        return Response(
            [{"id": u.pk, "name": u.display_name, "region": u.region_id} for u in users]
        )

    class Input(serializers.Serializer):
        evaluator_ids = serializers.ListField(child=serializers.IntegerField())

    @extend_schema(request=Input, responses=RoundOut, summary="指定评价人")
    def put(self, request, pk):
        round_ = selectors.round_get(viewer=request.user, pk=pk)
        _require_organiser(request, round_)
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        services.round_assign_evaluators(
            actor=request.user, round_=round_, user_ids=data.validated_data["evaluator_ids"]
        )
        return Response(RoundOut(round_).data)


def _require_organiser(request, round_) -> None:
    """Only the organising region (or above) runs the round; a township only self-assesses."""
    prefix = region_prefix(request.user)
    if prefix is None or not round_.region_id.startswith(prefix):
        raise ApplicationError(
            _("只有组织评价的人大机关可以执行此操作。"), code="not_organiser", status=403
        )


class ScoreApi(DomainAPIView):
    perms = {"POST": "evaluation_round.score"}

    class Input(serializers.Serializer):
        target = serializers.IntegerField()
        indicator = serializers.IntegerField()
        stage = serializers.ChoiceField(choices=Score.Stage.choices)
        value = serializers.DecimalField(max_digits=6, decimal_places=2)
        reason = serializers.CharField(required=False, allow_blank=True, default="")
        evidence = serializers.CharField(
            max_length=300, required=False, allow_blank=True, default=""
        )
        evidence_file = serializers.FileField(required=False, allow_null=True, default=None)

    @extend_schema(request=Input, responses={201: dict}, summary="评分（自评或评审），返回最新排名")
    def post(self, request, pk):
        round_ = selectors.round_get(viewer=request.user, pk=pk)
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        target = selectors.round_target_get(
            viewer=request.user, round_=round_, pk=values.pop("target")
        )
        indicator = selectors.round_indicators(round_).filter(pk=values.pop("indicator")).first()
        if indicator is None:
            raise ApplicationError(
                _("该指标不属于本轮评价的指标体系。"),
                fields={"indicator": [_("该指标不属于本轮评价的指标体系。")]},
            )
        score = services.score_submit(
            actor=request.user, target=target, indicator=indicator, **values
        )
        targets = selectors.round_targets(viewer=request.user, round_=round_)
        return Response(
            {"score": ScoreOut(score).data, "targets": TargetOut(targets, many=True).data},
            status=201,
        )


class RoundComputeApi(DomainAPIView):
    perms = {"POST": "evaluation_round.manage"}

    @extend_schema(request=None, responses={200: dict}, summary="按平台数据计算自动指标")
    def post(self, request, pk):
        round_ = selectors.round_get(viewer=request.user, pk=pk)
        _require_organiser(request, round_)
        changed = services.round_compute(actor=request.user, round_=round_)
        return Response({"changed": changed})


class RoundCloseApi(DomainAPIView):
    perms = {"POST": "evaluation_round.manage"}

    @extend_schema(request=None, responses=RoundOut, summary="结束评价并锁定（此后不可再改）")
    def post(self, request, pk):
        round_ = selectors.round_get(viewer=request.user, pk=pk)
        _require_organiser(request, round_)
        round_ = services.round_close(actor=request.user, round_=round_)
        return Response(RoundOut(round_).data)


class RoundExportApi(DomainAPIView):
    perms = {"GET": "evaluation_round.view"}

    @extend_schema(
        responses={
            (200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"): bytes
        },
        summary="导出评价结果（Excel）",
    )
    def get(self, request, pk):
        round_ = selectors.round_get(viewer=request.user, pk=pk)
        targets = list(selectors.round_targets(viewer=request.user, round_=round_))
        scores = list(selectors.round_scores(viewer=request.user, round_=round_))
        indicators = list(selectors.round_indicators(round_))
        content = exports.round_workbook(
            round_=round_, targets=targets, indicators=indicators, scores=scores
        )
        audit.record(
            AuditLog.Action.EXPORT,
            model="evaluation.EvaluationRound",
            object_pk=round_.pk,
            object_repr=str(round_),
        )
        return xlsx_response(content, f"{round_.name}结果.xlsx")


class DeputySearchApi(DomainAPIView):
    """Deputies the viewer may keep an archive for (the entry form's picker)."""

    perms = {"GET": "performance.view"}

    class Output(serializers.Serializer):
        id = serializers.IntegerField()
        name = serializers.CharField()
        region = serializers.CharField(source="region_id")
        region_name = serializers.CharField(source="region.name")

    @extend_schema(
        parameters=[OpenApiParameter("q", str)],
        responses=Output(many=True),
        summary="按姓名查找代表",
    )
    def get(self, request):
        q = params.query_text(request, "q")
        qs = (
            selectors.visible_deputies(request.user).select_related("region").order_by("name", "id")
        )
        if q:
            qs = qs.filter(name__contains=q)
        return self.paginate(qs, self.Output)


class ArchiveEntryEvidenceApi(DomainAPIView):
    """An archive entry's evidence file, in the entry's scope (404 outside)."""

    perms = {"GET": "performance.view"}

    @extend_schema(responses={200: bytes}, summary="下载履职记录佐证附件")
    def get(self, request, pk):
        entry = selectors.archive_entry_get(viewer=request.user, pk=pk)
        return file_response(entry.evidence_file)


class VoterReportFileApi(DomainAPIView):
    """A voter report's file: the deputy themself, or staff in the deputy's region (404 outside)."""

    perms = {"GET": "performance.view"}

    @extend_schema(responses={200: bytes}, summary="下载述职报告附件")
    def get(self, request, pk):
        return file_response(selectors.voter_report_get(viewer=request.user, pk=pk).file)


class ScoreEvidenceApi(DomainAPIView):
    """A score's evidence file, for those who see the round target (404 outside)."""

    perms = {"GET": "evaluation_round.view"}

    @extend_schema(responses={200: bytes}, summary="下载评分佐证附件")
    def get(self, request, pk):
        return file_response(selectors.score_get(viewer=request.user, pk=pk).evidence_file)
