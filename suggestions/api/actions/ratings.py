"""Issue 14: the ratings rows of the transition table, one endpoint each (filled by its owner)."""

APIS: list = []
