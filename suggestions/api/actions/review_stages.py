"""Issue 14, 三审: the review_stages rows of the transition table, one endpoint each. A stage may
be a leaders' stage (主任会议审定), so these endpoints admit supervisors too (the table's row
still lets only the current stage's reviewer act)."""

from suggestions.api.actions.base import ReasonIn, documented
from suggestions.api.common import ActionApi
from suggestions.services.review import review_stage_decide


@documented
class PassStageApi(ActionApi):
    action = "pass_stage"
    perms = {"POST": "suggestion.board"}
    Input = ReasonIn

    def perform(self, s, user, d):
        review_stage_decide(suggestion=s, actor=user, passed=True, reason=d["reason"])


@documented
class ReturnStageApi(ActionApi):
    action = "return_stage"
    perms = {"POST": "suggestion.board"}
    Input = ReasonIn

    def perform(self, s, user, d):
        review_stage_decide(suggestion=s, actor=user, passed=False, reason=d["reason"])


APIS: list = [PassStageApi, ReturnStageApi]
