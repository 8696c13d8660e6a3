"""Issue 14: the ledger pages and endpoints (filled by its owner)."""

urlpatterns: list = []
