"""The deputies' steps: confirm as co-signer, submit, consent to and withdraw, 测评."""

from rest_framework import serializers

from suggestions.api.actions.base import ReasonIn, documented
from suggestions.api.common import ActionApi, SimilarOut
from suggestions.models import Satisfaction
from suggestions.services.lengths import TEXT_MAX, max_length
from suggestions.services.rating import rating_create
from suggestions.services.submission import cosigner_confirm, suggestion_submit
from suggestions.services.withdrawal import suggestion_withdraw, withdrawal_consent


@documented
class ConfirmCosignApi(ActionApi):
    action = "confirm_cosign"

    def perform(self, s, user, d):
        cosigner_confirm(suggestion=s, actor=user)


@documented
class SubmitApi(ActionApi):
    action = "submit"

    class Output(ActionApi.Output):
        similar = SimilarOut(many=True)

    def perform(self, s, user, d):
        return {"similar": suggestion_submit(suggestion=s, actor=user)}


@documented
class ConsentWithdrawalApi(ActionApi):
    action = "consent_withdrawal"

    def perform(self, s, user, d):
        withdrawal_consent(suggestion=s, actor=user)


@documented
class WithdrawApi(ActionApi):
    action = "withdraw"
    Input = ReasonIn

    def perform(self, s, user, d):
        suggestion_withdraw(suggestion=s, actor=user, reason=d["reason"])


class RateIn(serializers.Serializer):
    attitude = serializers.ChoiceField(
        choices=Satisfaction.choices, error_messages={"invalid_choice": "请评价办理态度。"}
    )
    result = serializers.ChoiceField(
        choices=Satisfaction.choices, error_messages={"invalid_choice": "请评价办理结果。"}
    )
    comment = serializers.CharField(
        allow_blank=True, required=False, default="", **max_length(TEXT_MAX)
    )


@documented
class RateSatisfiedApi(ActionApi):
    action = "rate_satisfied"
    Input = RateIn

    def perform(self, s, user, d):
        rating_create(suggestion=s, actor=user, expect=self.action, **d)


@documented
class RateUnsatisfiedApi(RateSatisfiedApi):
    action = "rate_unsatisfied"


@documented
class RateCosignerApi(RateSatisfiedApi):
    action = "rate_cosigner"
