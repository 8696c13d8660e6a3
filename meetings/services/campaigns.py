"""Campaigns 主题活动: a theme, a period, a region and targets; events join one when planned."""

from django.db import transaction
from django.utils.translation import gettext as _

from congress.errors import TransitionError
from congress.models import Region, User
from congress.services import model_create, model_delete, model_update
from meetings.models import Campaign

EDITABLE = ["theme", "starts_on", "ends_on", "description", "target_events", "target_participants"]


@transaction.atomic
def campaign_create(*, actor: User, region: Region, **fields) -> Campaign:
    campaign = Campaign(region=region, created_by=actor,
                        **{k: v for k, v in fields.items() if k in EDITABLE})  # fmt: skip
    return model_create(campaign, validate=True)


@transaction.atomic
def campaign_update(*, actor: User, campaign: Campaign, data: dict) -> Campaign:
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    campaign, _changed = model_update(instance=campaign, fields=EDITABLE, data=data)
    return campaign


@transaction.atomic
def campaign_delete(*, actor: User, campaign: Campaign) -> None:
    if campaign.events.exists():
        raise TransitionError(_("主题活动下已有会议活动，不能删除。"))
    model_delete(campaign)
