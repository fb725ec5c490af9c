"""What the town manages in the Wagtail admin: incident categories, and the workflows of
its procedures (the functional administrator's work)."""

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Area, IncidentCategory, JournalEntry, Workflow


class IncidentCategoryViewSet(SnippetViewSet):
    model = IncidentCategory
    icon = "warning"
    menu_label = _("Catégories de signalement")
    menu_order = 310
    add_to_admin_menu = True
    list_display = ["__str__", "department", "active"]
    list_filter = ["active", "department"]
    search_fields = ["name"]
    ordering = ["parent__position", "position", "name"]
    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("parent"),
        FieldPanel("department"),
        FieldPanel("position"),
        FieldPanel("active"),
    ]


register_snippet(IncidentCategoryViewSet)


class WorkflowViewSet(SnippetViewSet):
    model = Workflow
    icon = "tasks"
    menu_label = _("Circuits de traitement")
    menu_order = 320
    add_to_admin_menu = True
    list_display = ["name", "deadline_days", "silence_rule", "decision_required"]
    search_fields = ["name"]


register_snippet(WorkflowViewSet)


class AreaViewSet(SnippetViewSet):
    model = Area
    icon = "site"
    menu_label = _("Secteurs")
    menu_order = 330
    add_to_admin_menu = True
    list_display = ["name", "slug"]
    search_fields = ["name"]
    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("geometry")]


register_snippet(AreaViewSet)


@hooks.register("before_delete_user")
def keep_accounts_that_left_traces(request: HttpRequest, user: Any) -> HttpResponse | None:
    """An account that acted or saw personal data is named in the history and the audit
    journal, which are never rewritten (append-only on PostgreSQL): deleting it would
    either fail there or orphan the record. It is deactivated instead."""
    if not JournalEntry.objects.filter(actor_id=user.pk).exists():
        return None
    messages.error(
        request,
        _(
            "Ce compte apparaît dans l'historique et le journal d'audit : il ne peut pas "
            "être supprimé. Désactivez-le (case « Actif ») pour lui retirer tout accès."
        ),
    )
    return redirect("wagtailusers_users:edit", user.pk)
