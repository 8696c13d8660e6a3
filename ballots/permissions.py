from congress.permissions import ADMIN, DEPUTY, STAFF, SUPERVISOR, UNIT

RULES = {
    "ballot.view": {ADMIN, STAFF, SUPERVISOR, DEPUTY},
    "ballot.turnout": {ADMIN, STAFF, SUPERVISOR},
    "ballot.manage": {ADMIN, STAFF},
    "ballot.vote": {DEPUTY},
    "project.view": {ADMIN, STAFF, SUPERVISOR, UNIT, DEPUTY},
    "project.manage": {ADMIN, STAFF},
    "project.report": {ADMIN, STAFF, UNIT},
    "appointment.view": {ADMIN, STAFF, SUPERVISOR},
    "appointment.manage": {ADMIN, STAFF},
}
