"""Campaigns 主题活动 with their progress figures."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from congress import params
from congress.api import DomainAPIView
from congress.schema import errors, paginated
from congress.scope import region_filter_or_404, region_in_scope_or_404, viewer_region_code
from meetings import figures, selectors
from meetings.api.common import RegionBrief
from meetings.services.campaigns import campaign_create, campaign_delete, campaign_update


class ProgressOut(serializers.Serializer):
    events_planned = serializers.IntegerField()
    events_held = serializers.IntegerField()
    participants = serializers.IntegerField()
    deputies = serializers.IntegerField()
    target_events = serializers.IntegerField()
    target_participants = serializers.IntegerField()
    events_rate = serializers.FloatField(allow_null=True)
    participants_rate = serializers.FloatField(allow_null=True)


class CampaignOut(serializers.Serializer):
    id = serializers.IntegerField()
    theme = serializers.CharField()
    region = RegionBrief()
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    description = serializers.CharField()
    target_events = serializers.IntegerField()
    target_participants = serializers.IntegerField()


class CampaignListOut(CampaignOut):
    event_count = serializers.IntegerField()


class CampaignDetailOut(CampaignOut):
    progress = ProgressOut()


class CampaignInput(serializers.Serializer):
    region = serializers.CharField(max_length=12, required=False, allow_blank=True)
    theme = serializers.CharField(max_length=100)
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    description = serializers.CharField(required=False, allow_blank=True, default="")
    target_events = serializers.IntegerField(min_value=0, max_value=1_000_000, default=0)
    target_participants = serializers.IntegerField(min_value=0, max_value=10_000_000, default=0)

    def validate(self, data):
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            raise serializers.ValidationError({"ends_on": [_("结束日期不能早于开始日期。")]})
        return data


def _detail(campaign) -> dict:
    return CampaignDetailOut({**CampaignOut(campaign).data, "region": campaign.region,
                              "progress": figures.campaign_progress(campaign)}).data  # fmt: skip


class CampaignListApi(DomainAPIView):
    perms = {"GET": "campaign.view", "POST": "campaign.manage"}

    @extend_schema(
        parameters=[OpenApiParameter("year", int), OpenApiParameter("region", str),
                    OpenApiParameter("page", int), OpenApiParameter("page_size", int)],
        responses={200: paginated(CampaignListOut), **errors(400, 404)},
        summary="主题活动列表",
    )  # fmt: skip
    def get(self, request):
        region = params.query_code(request, "region")
        qs = selectors.campaign_list(
            viewer=request.user,
            year=params.query_year(request),
            region=region_filter_or_404(request.user, region) if region else "",
        )
        return self.paginate(qs, CampaignListOut)

    @extend_schema(request=CampaignInput, responses={201: CampaignDetailOut, **errors(400, 404)},
                   summary="新建主题活动")  # fmt: skip
    def post(self, request):
        data = CampaignInput(data=request.data)
        data.is_valid(raise_exception=True)
        d = dict(data.validated_data)
        user = request.user
        region = region_in_scope_or_404(user, d.pop("region", "") or viewer_region_code(user))
        return Response(_detail(campaign_create(actor=user, region=region, **d)), status=201)


class CampaignDetailApi(DomainAPIView):
    perms = {"GET": "campaign.view", "PATCH": "campaign.manage", "DELETE": "campaign.manage"}

    @extend_schema(responses={200: CampaignDetailOut}, summary="主题活动详情与进度")
    def get(self, request, pk):
        return Response(_detail(selectors.campaign_get(viewer=request.user, pk=pk)))

    @extend_schema(request=CampaignInput(partial=True), responses={200: CampaignDetailOut, **errors(400)},
                   summary="修改主题活动")  # fmt: skip
    def patch(self, request, pk):
        campaign = selectors.campaign_get(viewer=request.user, pk=pk)
        data = CampaignInput(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        d = dict(data.validated_data)
        d.pop("region", None)
        campaign = campaign_update(actor=request.user, campaign=campaign, data=d)
        return Response(_detail(selectors.campaign_get(viewer=request.user, pk=campaign.pk)))

    @extend_schema(responses={204: None, **errors(409)}, summary="删除主题活动（无会议活动时）")
    def delete(self, request, pk):
        campaign_delete(
            actor=request.user, campaign=selectors.campaign_get(viewer=request.user, pk=pk)
        )
        return Response(status=204)
