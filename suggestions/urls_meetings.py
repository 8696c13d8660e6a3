"""Issue 14: the meetings pages and endpoints (filled by its owner)."""

urlpatterns: list = []
