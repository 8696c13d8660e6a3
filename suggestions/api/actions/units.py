"""The units' steps: sign, return, contact logs, co-unit opinions, extension requests, 答复."""

from rest_framework import serializers

from suggestions.api.actions.base import ReasonIn, documented
from suggestions.api.common import ActionApi
from suggestions.models import ContactLog
from suggestions.services.assignment import assignment_return, assignment_sign
from suggestions.services.handling import (
    co_opinion_submit,
    contact_log,
    extension_request,
)
from suggestions.services.lengths import BODY_MAX, TEXT_MAX, max_length
from suggestions.services.replies import reply_create


@documented
class SignApi(ActionApi):
    action = "sign"

    def perform(self, s, user, d):
        assignment_sign(suggestion=s, actor=user)


@documented
class SignCoApi(SignApi):
    action = "sign_co"


@documented
class UnitReturnApi(ActionApi):
    action = "unit_return"
    Input = ReasonIn

    def perform(self, s, user, d):
        assignment_return(suggestion=s, actor=user, reason=d["reason"])


@documented
class CoUnitReturnApi(UnitReturnApi):
    action = "co_unit_return"


@documented
class ContactApi(ActionApi):
    action = "contact"

    class Input(serializers.Serializer):
        method = serializers.ChoiceField(choices=ContactLog.Method.choices)
        contacted_on = serializers.DateField()
        summary = serializers.CharField(allow_blank=True, **max_length(TEXT_MAX))

    def perform(self, s, user, d):
        contact_log(suggestion=s, actor=user, **d)


@documented
class CoOpinionApi(ActionApi):
    action = "co_opinion"

    class Input(serializers.Serializer):
        opinion = serializers.CharField(allow_blank=True, **max_length(TEXT_MAX))

    def perform(self, s, user, d):
        co_opinion_submit(suggestion=s, actor=user, **d)


@documented
class RequestExtensionApi(ActionApi):
    action = "request_extension"

    class Input(serializers.Serializer):
        months = serializers.IntegerField(min_value=1, max_value=3, error_messages={
            "max_value": "延期最多3个月。", "min_value": "至少延期1个月。"})  # fmt: skip
        reason = serializers.CharField(allow_blank=True, **max_length(TEXT_MAX))

    def perform(self, s, user, d):
        extension_request(suggestion=s, actor=user, **d)


class CommitmentIn(serializers.Serializer):
    what = serializers.CharField(max_length=200)
    due_date = serializers.DateField()


@documented
class ReplyApi(ActionApi):
    action = "reply"

    class Input(serializers.Serializer):
        result_class = serializers.CharField()
        body = serializers.CharField(allow_blank=True, **max_length(BODY_MAX))
        commitments = CommitmentIn(many=True, required=False, default=list)

    def perform(self, s, user, d):
        reply_create(suggestion=s, actor=user, **d)
