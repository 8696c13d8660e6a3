from congress.permissions import ADMIN, DEPUTY, STAFF, SUPERVISOR, UNIT

RULES = {
    "station.view": {ADMIN, STAFF, SUPERVISOR},
    "station.manage": {ADMIN, STAFF},
    "station.statistics": {ADMIN, STAFF, SUPERVISOR},
    "duty.view": {ADMIN, STAFF, SUPERVISOR},
    "duty.manage": {ADMIN, STAFF},
    "visit.view": {ADMIN, STAFF, SUPERVISOR, DEPUTY},
    "visit.create": {ADMIN, STAFF, DEPUTY},
    "visit.confirm": {ADMIN, STAFF},
    "opinion.view": {ADMIN, STAFF, SUPERVISOR, UNIT, DEPUTY},
    "opinion.manage": {ADMIN, STAFF},
    "opinion.reply": {UNIT, DEPUTY},
    "my_station.view": {DEPUTY},
}
