from congress.permissions import ADMIN, DEPUTY, OFFICIAL, STAFF, SUPERVISOR, UNIT

# Which roles may call which endpoints; what they may do to one project is decided by the
# transition tables in workflow.py, and which rows they see by selectors.
RULES = {
    "supervision.view": {ADMIN, STAFF, SUPERVISOR},
    "supervision.manage": {ADMIN, STAFF},
    # the supervised body: its unit accounts and the officials bound to it (我的整改)
    "supervision.rectify": {ADMIN, UNIT, OFFICIAL},
    # what a project page shows to whoever the project concerns
    "supervision.read": {ADMIN, STAFF, SUPERVISOR, UNIT, OFFICIAL, DEPUTY},
    "supervision.mine": {DEPUTY},
}
