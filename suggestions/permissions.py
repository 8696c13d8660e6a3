from congress.permissions import ADMIN, DEPUTY, STAFF, SUPERVISOR, UNIT

# Which roles may call which endpoints; what they may do to one suggestion is decided by the
# transition table in workflow.py, and which rows they see by selectors.scoped().
RULES = {
    "suggestion.view": {ADMIN, STAFF, SUPERVISOR, UNIT, DEPUTY},
    "suggestion.create": {DEPUTY},
    "suggestion.enter": {ADMIN, STAFF},
    "suggestion.act": {ADMIN, STAFF, UNIT, DEPUTY},
    "suggestion.mine": {DEPUTY},
    "suggestion.board": {ADMIN, STAFF, SUPERVISOR},
    "suggestion.inbox": {UNIT},
    "suggestion.stats": {ADMIN, STAFF, SUPERVISOR},
}
