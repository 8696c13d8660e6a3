"""Issue 14: the review_stages rows of the transition table, one endpoint each (filled by its owner)."""

APIS: list = []
