"""Issue 14: the handoffs pages and endpoints (filled by its owner)."""

urlpatterns: list = []
