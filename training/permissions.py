"""Who may do what with training. Rows are narrowed separately (training/selectors.py)."""

from congress.permissions import ADMIN, DEPUTY, STAFF, SUPERVISOR

RULES = {
    "training.view": {ADMIN, STAFF, SUPERVISOR},
    "training.manage": {ADMIN, STAFF},
    "training.figures": {ADMIN, STAFF, SUPERVISOR},
    # a material's file: staff and leaders of its scope, and deputies who study it
    "training.material": {ADMIN, STAFF, SUPERVISOR, DEPUTY},
    "training.study": {DEPUTY},
}
