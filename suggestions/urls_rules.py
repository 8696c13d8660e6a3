"""Issue 14: the rules pages and endpoints (filled by its owner)."""

urlpatterns: list = []
