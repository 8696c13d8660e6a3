"""The staff's steps: review, key suggestions, 交办, extensions, 答复公开, the commitments ledger."""

from rest_framework import serializers

from suggestions.api.actions.base import ReasonIn, documented
from suggestions.api.common import ID, ActionApi, PublicOut
from suggestions.services.assignment import suggestion_assign
from suggestions.services.handling import (
    extension_decide,
)
from suggestions.services.lengths import TEXT_MAX, max_length
from suggestions.services.publication import reply_publish, reply_unpublish
from suggestions.services.review import suggestion_mark_key, suggestion_review


class KeyFields(serializers.Serializer):
    leading_leader = serializers.IntegerField(required=False, allow_null=True)
    overseeing_committee = serializers.CharField(allow_blank=True, required=False, default="")


@documented
class AcceptApi(ActionApi):
    action = "accept"

    class Input(KeyFields):
        reason = serializers.CharField(
            allow_blank=True, required=False, default="", **max_length(TEXT_MAX)
        )
        is_key = serializers.BooleanField(required=False, default=False)

    def perform(self, s, user, d):
        suggestion_review(
            suggestion=s, actor=user, accept=True, reason=d["reason"], is_key=d["is_key"],
            leading_leader_id=d.get("leading_leader"),
            overseeing_committee=d["overseeing_committee"],
        )  # fmt: skip


@documented
class ReturnForReworkApi(ActionApi):
    action = "return_for_rework"
    Input = ReasonIn

    def perform(self, s, user, d):
        suggestion_review(suggestion=s, actor=user, accept=False, reason=d["reason"])


@documented
class MarkKeyApi(ActionApi):
    action = "mark_key"

    class Input(KeyFields):
        is_key = serializers.BooleanField()

    def perform(self, s, user, d):
        suggestion_mark_key(
            suggestion=s, actor=user, is_key=d["is_key"],
            leading_leader_id=d.get("leading_leader"),
            overseeing_committee=d["overseeing_committee"],
        )  # fmt: skip


class AssignIn(serializers.Serializer):
    lead_unit = serializers.IntegerField(
        error_messages={"required": "请选择主办单位。", "null": "请选择主办单位。"}
    )
    co_units = serializers.ListField(child=serializers.IntegerField(), required=False, default=list)
    broad_scope = serializers.BooleanField(required=False, default=False)


class WarningsOut(ActionApi.Output):
    warnings = serializers.ListField(child=serializers.CharField())


@documented
class AssignApi(ActionApi):
    action = "assign"
    Input, Output = AssignIn, WarningsOut

    def perform(self, s, user, d):
        warnings = suggestion_assign(
            suggestion=s, actor=user, lead_unit_id=d["lead_unit"], co_unit_ids=d["co_units"],
            broad_scope=d["broad_scope"],
        )  # fmt: skip
        return {"warnings": warnings}


@documented
class ReassignApi(AssignApi):
    action = "reassign"


@documented
class DecideExtensionApi(ActionApi):
    action = "decide_extension"

    class Input(serializers.Serializer):
        extension = serializers.IntegerField()
        approve = serializers.BooleanField()
        note = serializers.CharField(
            allow_blank=True, required=False, default="", **max_length(TEXT_MAX)
        )

    def perform(self, s, user, d):
        extension_decide(
            suggestion=s, actor=user, extension_id=d["extension"], approve=d["approve"],
            note=d["note"],
        )  # fmt: skip


class PublicResultOut(ActionApi.Output):
    public = PublicOut()


@documented
class PublishApi(ActionApi):
    action = "publish"
    Output = PublicResultOut

    class Input(serializers.Serializer):
        """The public title and text as staff confirmed them in the preview (edited or not);
        without them the stored public text is published again (services.publication)."""

        reply = serializers.IntegerField(required=False, allow_null=True, default=None, **ID)
        title = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False,
                                      error_messages={"invalid": "公开标题须为文本。"})  # fmt: skip
        text = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False,
                                     error_messages={"invalid": "公开文本须为文本。"})  # fmt: skip
        names = serializers.ListField(child=serializers.CharField(max_length=30), required=False,
                                      default=list, error_messages={"not_a_list": "姓名须为列表。"})  # fmt: skip

    def perform(self, s, user, d):
        reply = reply_publish(
            suggestion=s, actor=user, reply_id=d["reply"], title=d.get("title"),
            text=d.get("text"), names=d["names"],
        )  # fmt: skip
        return {"public": reply}


@documented
class UnpublishApi(ActionApi):
    action = "unpublish"
    Output = PublicResultOut

    class Input(serializers.Serializer):
        reply = serializers.IntegerField(required=False, allow_null=True, default=None, **ID)
        reason = serializers.CharField(allow_blank=True, required=False, default="", max_length=200,
                                       error_messages={"max_length": "理由不能超过200字。"})  # fmt: skip

    def perform(self, s, user, d):
        reply = reply_unpublish(suggestion=s, actor=user, reply_id=d["reply"], reason=d["reason"])
        return {"public": reply}
