from congress.permissions import ADMIN, DEPUTY, STAFF, SUPERVISOR, UNIT

RULES = {
    "event.view": {ADMIN, STAFF, SUPERVISOR},
    "event.manage": {ADMIN, STAFF},
    "event.attendance": {ADMIN, STAFF, SUPERVISOR},
    "event.leave_decide": {ADMIN, STAFF},
    # Invitees: deputies, and accounts of other invited people (officials of a unit, staff).
    "event.mine": {ADMIN, STAFF, SUPERVISOR, UNIT, DEPUTY},
    "event.sign_in": {ADMIN, STAFF, SUPERVISOR, UNIT, DEPUTY},
    "campaign.view": {ADMIN, STAFF, SUPERVISOR},
    "campaign.manage": {ADMIN, STAFF},
}
