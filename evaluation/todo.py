"""Evaluation rounds waiting for the user, for the home page."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from congress.models import Role
from congress.todo import item
from evaluation.models import EvaluationRound
from evaluation.township import selectors


def items(user) -> list[dict]:
    if user.role not in (Role.STAFF, Role.ADMIN) and not user.is_superuser:
        return []
    rounds = selectors.round_list(viewer=user).filter(status=EvaluationRound.Status.OPEN)
    return [
        item(
            "round_open", _("进行中的评价（待评分）"), rounds.count(), reverse("evaluation-rounds")
        )
    ]
