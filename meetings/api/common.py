"""Serializers every meetings API module shares, and the lookups that turn ids into objects
inside the viewer's scope."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from congress.errors import invalid
from meetings import workflow
from meetings.models import Campaign, Invitation
from meetings.selectors import campaigns_visible


class RegionBrief(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class EventBrief(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    kind_display = serializers.CharField(source="get_kind_display")
    title = serializers.CharField()
    region = RegionBrief()
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    place = serializers.CharField()
    online = serializers.BooleanField()
    status = serializers.CharField()
    status_display = serializers.CharField(source="get_status_display")
    is_meeting = serializers.BooleanField()
    requires_deputies = serializers.BooleanField()
    requires_sign_out = serializers.BooleanField()
    campaign = serializers.IntegerField(source="campaign_id", allow_null=True)


class EventCounts(EventBrief):
    invited_count = serializers.IntegerField()
    deputies_invited = serializers.IntegerField()
    signed_in_count = serializers.IntegerField()
    leave_count = serializers.IntegerField()
    leave_pending = serializers.IntegerField()
    lacks_deputies = serializers.SerializerMethodField()

    def get_lacks_deputies(self, event) -> bool:
        """必邀代表 but no deputy invited: the staff list flags it."""
        return event.requires_deputies and not event.deputies_invited


class ActionsMixin(serializers.Serializer):
    actions = serializers.SerializerMethodField()

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_actions(self, event):
        """What the viewer may do now (transition table actions)."""
        return workflow.allowed(event, self.context["request"].user)


class AgendaItemOut(serializers.Serializer):
    id = serializers.IntegerField()
    order = serializers.IntegerField()
    title = serializers.CharField()
    presenter = serializers.CharField()
    starts_at = serializers.DateTimeField(allow_null=True)
    notes = serializers.CharField()


class DocumentOut(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    version = serializers.IntegerField()
    is_final = serializers.BooleanField()
    file_name = serializers.CharField()
    content_type = serializers.CharField()
    size = serializers.IntegerField()
    uploaded_at = serializers.DateTimeField()
    uploaded_by = serializers.CharField(source="uploaded_by.display_name", default="")
    url = serializers.SerializerMethodField()

    def get_url(self, d) -> str:
        return f"/api/v1/meetings/documents/{d.pk}/file/"


class SignInOut(serializers.Serializer):
    signed_in_at = serializers.DateTimeField()
    late = serializers.BooleanField()
    method = serializers.CharField()
    method_display = serializers.CharField(source="get_method_display")
    signed_out_at = serializers.DateTimeField(allow_null=True)


class InvitationOut(serializers.Serializer):
    id = serializers.IntegerField()
    role = serializers.CharField()
    role_display = serializers.CharField(source="get_role_display")
    deputy = serializers.IntegerField(source="deputy_id", allow_null=True)
    user = serializers.IntegerField(source="user_id", allow_null=True)
    name = serializers.CharField()
    organisation = serializers.CharField()
    answer = serializers.CharField()
    answer_display = serializers.CharField(source="get_answer_display")
    answer_reason = serializers.CharField()
    answered_at = serializers.DateTimeField(allow_null=True)
    leave = serializers.CharField()
    leave_display = serializers.CharField(source="get_leave_display")
    leave_decided_by = serializers.CharField(
        source="leave_decided_by.display_name", default=None, allow_null=True
    )
    leave_decided_at = serializers.DateTimeField(allow_null=True)
    leave_note = serializers.CharField()
    attendance = serializers.CharField()
    attendance_display = serializers.CharField(source="get_attendance_display")
    sign_in = serializers.SerializerMethodField()

    @extend_schema_field(SignInOut(allow_null=True))
    def get_sign_in(self, invitation):
        sign_in = getattr(invitation, "sign_in", None) if _has_sign_in(invitation) else None
        return SignInOut(sign_in).data if sign_in else None


def _has_sign_in(invitation: Invitation) -> bool:
    try:
        invitation.sign_in  # noqa: B018 - a reverse one-to-one raises when absent
    except Invitation.sign_in.RelatedObjectDoesNotExist:
        return False
    return True


def campaign_in_scope(user, pk: int | None) -> Campaign | None:
    if not pk:
        return None
    campaign = campaigns_visible(user).filter(pk=pk).first()
    if campaign is None:
        raise invalid("campaign", _("所选主题活动无效。"))
    return campaign
