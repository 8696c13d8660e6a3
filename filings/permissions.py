from congress.permissions import ADMIN, EXPERT, STAFF, SUPERVISOR, UNIT

# Which roles may call which endpoints; what they may do to one filing is decided by the
# transition table in workflow.py, and which rows they see by selectors.filings_visible().
RULES = {
    # the staff list, its export and the annual report
    "filing.view": {ADMIN, STAFF, SUPERVISOR},
    # registering, reviewing, inviting experts, concluding, paper filings
    "filing.manage": {ADMIN, STAFF},
    # a filing's page and its files: staff, leaders, and the filer's own users
    "filing.detail": {ADMIN, STAFF, SUPERVISOR, UNIT},
    # the filer's own: create, edit, upload, publish, file, report the correction
    "filing.file": {UNIT},
    # an outside expert's invitations and opinions
    "filing.expert": {EXPERT},
    # adding a file: the filer, or staff (what came on paper)
    "filing.upload": {ADMIN, STAFF, UNIT},
    # a file of a filing: everyone who may see the filing, experts through their invitations
    "filing.document": {ADMIN, STAFF, SUPERVISOR, UNIT, EXPERT},
}
