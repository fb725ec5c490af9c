from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Theme


class ThemeViewSet(SnippetViewSet):
    model = Theme
    icon = "image"
    menu_label = "Thèmes"
    add_to_admin_menu = True
    menu_order = 300


register_snippet(ThemeViewSet)
