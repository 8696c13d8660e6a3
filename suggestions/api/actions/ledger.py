"""Issue 14: the ledger rows of the transition table, one endpoint each (filled by its owner)."""

APIS: list = []
