"""Issue 14: the ratings pages and endpoints (filled by its owner)."""

urlpatterns: list = []
