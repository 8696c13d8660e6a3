from congress.permissions import ADMIN, STAFF, SUPERVISOR

RULES = {
    "dashboard.view": {ADMIN, STAFF, SUPERVISOR},
}
