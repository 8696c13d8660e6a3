"""Issue 14: handed to the level above (跨层级移交), one endpoint per row of the table:
handoff_send (to the level above: its staff, or one of its units), handoff_accept and
handoff_decline (by the receiving level's staff, naming the handoff)."""

from rest_framework import serializers

from suggestions.api.actions.base import documented
from suggestions.api.common import ID, ActionApi
from suggestions.handoffs import (
    suggestion_handoff_accept,
    suggestion_handoff_decline,
    suggestion_handoff_send,
)

TEXT = {"max_length": "理由不能超过500字。", "invalid": "请填写文字。"}


class HandoffOut(ActionApi.Output):
    handoff = serializers.IntegerField()
    status = serializers.CharField()


@documented
class HandoffSendApi(ActionApi):
    action = "handoff_send"
    Output = HandoffOut

    class Input(serializers.Serializer):
        to_region = serializers.CharField(
            max_length=12,
            error_messages={"required": "请选择接收的人大。", "blank": "请选择接收的人大。"},
        )
        to_unit = serializers.IntegerField(required=False, allow_null=True, default=None, **ID)
        reason = serializers.CharField(
            max_length=500, allow_blank=True, required=False, default="", error_messages=TEXT
        )

    def perform(self, s, user, d):
        handoff = suggestion_handoff_send(
            suggestion=s, actor=user, to_region=d["to_region"], to_unit_id=d["to_unit"],
            reason=d["reason"],
        )  # fmt: skip
        return {"handoff": handoff.pk, "status": handoff.status}


class DecideIn(serializers.Serializer):
    handoff = serializers.IntegerField(**{**ID, "error_messages": {
        **ID["error_messages"], "required": "请选择这条建议的一项移交。"}})  # fmt: skip
    note = serializers.CharField(
        max_length=500, allow_blank=True, required=False, default="", error_messages=TEXT
    )


@documented
class HandoffAcceptApi(ActionApi):
    action = "handoff_accept"
    Input, Output = DecideIn, HandoffOut

    def perform(self, s, user, d):
        handoff = suggestion_handoff_accept(
            suggestion=s, actor=user, handoff_id=d["handoff"], note=d["note"]
        )
        return {"handoff": handoff.pk, "status": handoff.status}


@documented
class HandoffDeclineApi(ActionApi):
    action = "handoff_decline"
    Input, Output = DecideIn, HandoffOut

    def perform(self, s, user, d):
        handoff = suggestion_handoff_decline(
            suggestion=s, actor=user, handoff_id=d["handoff"], note=d["note"]
        )
        return {"handoff": handoff.pk, "status": handoff.status}


APIS = [HandoffSendApi, HandoffAcceptApi, HandoffDeclineApi]
