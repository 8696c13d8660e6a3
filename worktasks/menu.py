from django.utils.translation import gettext_lazy as _

# (order, key, label, url name, icon, permission, group)
ITEMS = [
    (18, "my-tasks", _("我的任务"), "worktasks:mine", "List", "worktask.mine", "workbench"),
    (58, "worktask-lists", _("任务清单"), "worktasks:lists", "Tickets", "worktask.lists",
     "supervision"),
    (59, "worktask-inspections", _("联合督查"), "worktasks:inspections", "View",
     "worktask.lists", "supervision"),
]  # fmt: skip
