"""Who may do what with work tasks. Rows are narrowed separately (worktasks/selectors.py), and
what one may do to a list or a task is decided by the tables in workflow.py."""

from congress.permissions import ADMIN, OFFICIAL, STAFF, SUPERVISOR, UNIT

RULES = {
    # a task's page: the issuing side, and the owners (township staff, unit users, officials)
    "worktask.view": {ADMIN, STAFF, SUPERVISOR, UNIT, OFFICIAL},
    # the lists, their pages and exports, the joint inspections: the issuing side (leaders read)
    "worktask.lists": {ADMIN, STAFF, SUPERVISOR},
    "worktask.manage": {ADMIN, STAFF},
    # 我的任务: the owners, who report progress and completion
    "worktask.mine": {STAFF, UNIT, OFFICIAL},
    "worktask.report": {STAFF, UNIT, OFFICIAL},
}
