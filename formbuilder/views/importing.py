"""Admin view to import a raw JSON Schema (being written)."""

urlpatterns: list = []
