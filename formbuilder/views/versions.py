"""Admin views on form versions: list, diff, restore, export (being written)."""

urlpatterns: list = []
