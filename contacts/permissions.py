from congress.permissions import ADMIN, DEPUTY, OFFICIAL, STAFF, SUPERVISOR

# Which roles may call which endpoints; what they may do to one issue is decided by the
# transition table in workflow.py, and which relations they see by selectors.relations_visible().
RULES = {
    # The staff list of relations, who is behind target, the export (a leader reads it).
    "contact.view": {ADMIN, STAFF, SUPERVISOR},
    "contact.manage": {ADMIN, STAFF},
    # One relation's page and its contacts: staff and leaders in scope, its contactor, its deputy.
    "contact.read": {ADMIN, STAFF, SUPERVISOR, OFFICIAL, DEPUTY},
    # Logging a contact: staff for anyone in scope, an official or a member for their own.
    "contact.log": {ADMIN, STAFF, OFFICIAL, DEPUTY},
    # 我联系的代表 (an official, a member) and 联系我的 (a deputy), on the phone.
    "contact.mine": {OFFICIAL, DEPUTY},
}
