"""Work tasks waiting for the user, for the home page: the owner's open tasks (urgent when some
are overdue), the issuer's reported tasks to confirm."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from congress.permissions import has_perm
from congress.todo import item
from worktasks import selectors
from worktasks.models import Task


def items(user) -> list[dict]:
    found = []
    if has_perm(user, "worktask.mine"):
        mine = selectors.task_list(viewer=user, mine=True).filter(status__in=selectors.OPEN)
        overdue = mine.filter(selectors.overdue_q()).count()
        found.append(
            item("worktasks_mine", _("待我办理的任务"), mine.count(), reverse("worktasks:mine"),
                 urgent=bool(overdue))
        )  # fmt: skip
    if has_perm(user, "worktask.manage"):
        reported = (
            selectors.tasks_visible(user)
            .filter(status=Task.Status.REPORTED)
            .exclude(selectors.mine_q(user))
            .count()
        )
        found.append(
            item("worktasks_reported", _("待确认办结的任务"), reported,
                 reverse("worktasks:lists"))
        )  # fmt: skip
    return found
