"""Joint inspections 一督三联 (staff record; leaders read): the list and a record's findings."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from congress import params
from congress.api import DomainAPIView
from congress.errors import invalid
from congress.models import Region
from congress.schema import paginated
from congress.scope import region_in_scope
from worktasks import selectors
from worktasks.api.common import TaskRegionRef
from worktasks.api.lists import _region
from worktasks.models import Finding, Inspection
from worktasks.services.inspections import inspection_create


class InspectionFindingOut(serializers.ModelSerializer):
    task_title = serializers.CharField(source="task.title")
    owner = serializers.CharField(source="task.owner_name")
    rating_display = serializers.CharField(source="get_rating_display")

    class Meta:
        model = Finding
        fields = ["id", "task", "task_title", "owner", "rating", "rating_display", "text"]


class InspectionOut(serializers.ModelSerializer):
    region = TaskRegionRef()
    regions = TaskRegionRef(many=True)
    finding_count = serializers.IntegerField(default=0)

    class Meta:
        model = Inspection
        fields = ["id", "region", "date", "title", "participants", "regions", "summary",
                  "finding_count", "created_at"]  # fmt: skip


class InspectionDetailOut(InspectionOut):
    findings = InspectionFindingOut(many=True)

    class Meta(InspectionOut.Meta):
        fields = [*InspectionOut.Meta.fields, "findings"]


class InspectionFindingIn(serializers.Serializer):
    task = serializers.IntegerField(min_value=1)
    rating = serializers.ChoiceField(choices=Finding.Rating.choices)
    text = serializers.CharField(max_length=2000)


class InspectionIn(serializers.Serializer):
    region = serializers.CharField(max_length=12, required=False, allow_blank=True)
    date = serializers.DateField()
    title = serializers.CharField(max_length=120)
    participants = serializers.CharField(max_length=2000)
    regions = serializers.ListField(
        child=serializers.CharField(max_length=12), min_length=1, max_length=50
    )
    summary = serializers.CharField(max_length=4000, required=False, allow_blank=True)
    findings = InspectionFindingIn(many=True, required=False)


class InspectionListApi(DomainAPIView):
    perms = {"GET": "worktask.lists", "POST": "worktask.manage"}

    @extend_schema(
        parameters=[OpenApiParameter("year", int)],
        responses={200: paginated(InspectionOut)},
        summary="联合督查记录",
    )
    def get(self, request):
        qs = selectors.inspection_list(viewer=request.user, year=params.query_year(request))
        return self.paginate(qs, InspectionOut)

    @extend_schema(
        request=InspectionIn, responses={201: InspectionDetailOut}, summary="记录联合督查"
    )
    def post(self, request):
        data = InspectionIn(data=request.data)
        data.is_valid(raise_exception=True)
        d = dict(data.validated_data)
        region = _region(request.user, d.pop("region", ""))
        codes = d.pop("regions")
        regions = list(Region.objects.filter(pk__in=codes))
        if len(regions) != len(set(codes)) or any(
            not region_in_scope(request.user, r.code) for r in regions
        ):
            raise invalid("regions", _("所选地区不存在，或不在您的管辖范围内。"))
        visible = selectors.tasks_visible(request.user)
        findings = []
        for item in d.pop("findings", []):
            task = visible.filter(pk=item["task"]).first()
            if task is None:
                raise invalid("findings", _("所选任务不存在，或您无权查看。"))
            findings.append({**item, "task": task})
        inspection = inspection_create(
            actor=request.user, region=region, regions=regions, findings=findings, **d
        )
        out = selectors.inspection_get(viewer=request.user, pk=inspection.pk)
        return Response(InspectionDetailOut(out).data, status=201)


class InspectionDetailApi(DomainAPIView):
    perms = {"GET": "worktask.lists"}

    @extend_schema(responses={200: InspectionDetailOut}, summary="联合督查详情")
    def get(self, request, pk: int):
        inspection = selectors.inspection_get(viewer=request.user, pk=pk)
        return Response(InspectionDetailOut(inspection).data)
