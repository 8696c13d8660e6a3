"""Suggestions waiting for the user, for the home page."""

from django.db.models import Max
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from congress.models import Role
from congress.permissions import has_perm
from congress.todo import item
from suggestions import selectors
from suggestions.models import CoSigner, Rating, Reply, Status


def items(user) -> list[dict]:
    if user.role == Role.DEPUTY and has_perm(user, "suggestion.mine"):
        mine = reverse("suggestions:mine")
        qs = selectors.scoped(user)
        to_confirm = CoSigner.objects.filter(
            deputy__user=user, confirmed_at__isnull=True, suggestion__status=Status.DRAFT
        ).count()
        replied = list(qs.filter(status=Status.REPLIED).values_list("pk", flat=True))
        latest = (
            Reply.objects.filter(suggestion_id__in=replied)
            .values("suggestion_id")
            .annotate(r=Max("round"))
        )
        rated = set(
            Rating.objects.filter(deputy__user=user, reply__suggestion_id__in=replied).values_list(
                "reply__suggestion_id", "reply__round"
            )
        )
        to_rate = sum(1 for row in latest if (row["suggestion_id"], row["r"]) not in rated)
        return [
            item("suggestion_confirm", _("待我确认附议的建议"), to_confirm, mine),
            item(
                "suggestion_rate",
                _("待我测评的答复"),
                to_rate,
                f"{mine}?status=replied",
                urgent=True,
            ),
        ]
    if user.role == Role.HANDLING_UNIT and has_perm(user, "suggestion.inbox"):
        inbox = reverse("suggestions:inbox")
        todo = selectors.suggestion_list(viewer=user, filters={"box": "todo"}).count()
        overdue = selectors.suggestion_list(viewer=user, filters={"box": "overdue"}).count()
        return [
            item("suggestion_todo", _("待办理的建议"), todo, f"{inbox}?box=todo"),
            item(
                "suggestion_overdue",
                _("已超期未答复"),
                overdue,
                f"{inbox}?box=overdue",
                urgent=True,
            ),
        ]
    if has_perm(user, "suggestion.board"):
        board = reverse("suggestions:board")
        count = lambda box: selectors.suggestion_list(viewer=user, filters={"box": box}).count()  # noqa: E731
        entries = [
            item(
                "suggestion_overdue",
                _("超期未答复的建议"),
                count("overdue"),
                f"{board}?box=overdue",
                urgent=True,
            )
        ]
        # 三审: leaders and staff whose decision a review stage waits for (the board's stage=mine)
        at_my_stage = selectors.suggestion_filtered(viewer=user, filters={"stage": "mine"})
        entries.insert(
            0,
            item(
                "suggestion_stage",
                _("待我审查的建议（审查环节）"),
                at_my_stage.count(),
                f"{board}?box=review&stage=mine",
            ),
        )
        if user.role != Role.SUPERVISOR:
            entries = [
                item(
                    "suggestion_review", _("待审查的建议"), count("review"), f"{board}?box=review"
                ),
                item(
                    "suggestion_assign", _("待交办的建议"), count("assign"), f"{board}?box=assign"
                ),
                *entries,
            ]
        return entries
    return []
