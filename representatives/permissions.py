"""Who may do what with the register. Rows are narrowed separately (congress.scope)."""

from congress.permissions import ADMIN, DEPUTY, STAFF, SUPERVISOR

RULES = {
    "deputy.view": {ADMIN, STAFF, SUPERVISOR},
    "deputy.manage": {ADMIN, STAFF},
    # Full ID numbers and phones: only the office that keeps the register, one audited reveal at a time.
    "deputy.reveal": {ADMIN, STAFF},
    "deputy.import": {ADMIN, STAFF},
    "deputy.export": {ADMIN, STAFF, SUPERVISOR},
    "deputy.accounts": {ADMIN, STAFF},
    "deputy.statistics": {ADMIN, STAFF, SUPERVISOR},
    "deputy.self": {DEPUTY},
}
