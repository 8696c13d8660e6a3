"""Who may do what with performance records and evaluations. Rows are narrowed separately."""

from congress.permissions import ADMIN, DEPUTY, STAFF, SUPERVISOR, UNIT

RULES = {
    # A deputy sees only their own archive (scope), staff and supervisors their region's.
    "performance.view": {ADMIN, STAFF, SUPERVISOR, DEPUTY},
    "performance.self": {DEPUTY},
    "performance.manage": {ADMIN, STAFF},
    "performance.export": {ADMIN, STAFF, SUPERVISOR},
    "voter_report.manage": {ADMIN, STAFF, DEPUTY},
    "points.view": {ADMIN, STAFF, SUPERVISOR},
    "points.manage": {ADMIN, STAFF},
    "indicator_system.view": {ADMIN, STAFF, SUPERVISOR},
    "indicator_system.manage": {ADMIN, STAFF},
    # A handling unit sees the rounds it is a target of and self-assesses its own target (scope).
    "evaluation_round.view": {ADMIN, STAFF, SUPERVISOR, UNIT},
    "evaluation_round.manage": {ADMIN, STAFF},
    "evaluation_round.score": {ADMIN, STAFF, UNIT},
}
