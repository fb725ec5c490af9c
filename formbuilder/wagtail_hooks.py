from django.urls import include, path
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import FormDefinition
from .views import importing, versions


class FormDefinitionViewSet(SnippetViewSet):
    model = FormDefinition
    icon = "form"
    menu_label = "Formulaires"
    add_to_admin_menu = True
    menu_order = 200
    list_display = ["name", "live", "current_version"]


register_snippet(FormDefinitionViewSet)


@hooks.register("register_admin_urls")
def form_admin_urls() -> list:
    return [
        path("formulaires/versions/", include((versions.urlpatterns, "formbuilder_versions"))),
        path("formulaires/import/", include((importing.urlpatterns, "formbuilder_import"))),
    ]
