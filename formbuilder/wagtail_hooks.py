from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import FormDefinition


class FormDefinitionViewSet(SnippetViewSet):
    model = FormDefinition
    icon = "form"
    menu_label = "Formulaires"
    add_to_admin_menu = True
    menu_order = 200
    list_display = ["name", "live", "current_version"]


register_snippet(FormDefinitionViewSet)
