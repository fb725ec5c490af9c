from django.contrib import messages
from django.db.models import ProtectedError
from django.http import HttpResponse, HttpResponseRedirect
from django.utils.translation import gettext as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import DeleteView, SnippetViewSet

from .models import Theme


class ThemeDeleteView(DeleteView):
    """A theme worn by a site is not deleted: the editor is told which sites wear it.

    Wagtail's reference index does not follow site settings, so its own "in use" check
    lets the deletion reach the database, which refuses it (on_delete=PROTECT)."""

    def form_valid(self, form: object) -> HttpResponse:
        try:
            return super().form_valid(form)
        except ProtectedError as protected:
            sites = sorted(
                setting.site.site_name or setting.site.hostname
                for setting in protected.protected_objects
            )
            messages.error(
                self.request,
                _(
                    "Le thème « %(theme)s » est celui de %(sites)s : choisissez-leur un autre "
                    "thème (Paramètres › Apparence du site) avant de le supprimer."
                )
                % {"theme": self.object, "sites": ", ".join(sites)},
            )
            return HttpResponseRedirect(self.get_success_url())


class ThemeViewSet(SnippetViewSet):
    model = Theme
    icon = "image"
    menu_label = "Thèmes"
    add_to_admin_menu = True
    menu_order = 300
    delete_view_class = ThemeDeleteView


register_snippet(ThemeViewSet)
