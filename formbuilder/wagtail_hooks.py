from typing import Any

from django.contrib import messages
from django.db import IntegrityError
from django.http import HttpRequest
from django.shortcuts import redirect
from django.urls import include, path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.widgets.button import Button
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import CreateView, EditView, SnippetViewSet

from .models import FormDefinition
from .views import importing, versions


class FormDefinitionCreateView(CreateView):
    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        # The editor's autosave may create the form a moment before "Publier" posts it
        # again; the second insert then hits the unique name. Say so instead of failing.
        try:
            return super().post(request, *args, **kwargs)
        except IntegrityError:
            messages.error(
                request,
                _(
                    "Un formulaire porte déjà ce nom (il vient peut-être d'être enregistré "
                    "automatiquement) : retrouvez-le dans la liste des formulaires."
                ),
            )
            return redirect(reverse("wagtailsnippets_formbuilder_formdefinition:list"))


class FormDefinitionEditView(EditView):
    @cached_property
    def header_more_buttons(self) -> list:
        buttons = list(super().header_more_buttons)
        buttons.append(
            Button(
                _("Versions publiées"),
                url=reverse("formbuilder_versions:list", args=[self.object.pk]),
                icon_name="history",
                priority=5,
            )
        )
        return buttons


class FormDefinitionViewSet(SnippetViewSet):
    model = FormDefinition
    icon = "form"
    menu_label = _("Formulaires")
    add_to_admin_menu = True
    menu_order = 200
    list_display = [
        "name",
        Column(
            "live", label=_("Publié"), accessor=lambda form: _("oui") if form.live else _("non")
        ),
        Column("current_version", label=_("Version en ligne")),
    ]
    add_view_class = FormDefinitionCreateView
    edit_view_class = FormDefinitionEditView


register_snippet(FormDefinitionViewSet)


class ImportMenuItem(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return request.user.has_perm("formbuilder.add_formdefinition")


@hooks.register("register_admin_menu_item")
def import_menu_item() -> MenuItem:
    return ImportMenuItem(
        _("Importer un schéma JSON"),
        reverse("formbuilder_import:import"),
        icon_name="upload",
        order=201,
    )


@hooks.register("register_admin_urls")
def form_admin_urls() -> list:
    return [
        path("formulaires/versions/", include((versions.urlpatterns, "formbuilder_versions"))),
        path("formulaires/import/", include((importing.urlpatterns, "formbuilder_import"))),
    ]
