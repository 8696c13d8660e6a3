"""Issue 14: the calendar pages and endpoints (filled by its owner)."""

urlpatterns: list = []
