"""The right-of-access page in the Wagtail admin menu, for those allowed to export; and the
journal entry of each account page an administrator opens (a profile is personal data)."""

from typing import Any

from django.http import HttpRequest
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from ..history import Via
from ..models import JournalEntry
from ..services.journal import journal_record
from . import views


class CitizenDataMenuItem(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return request.user.has_perm(views.EXPORT_PERMISSION)


@hooks.register("register_admin_menu_item")
def citizen_data_menu_item() -> MenuItem:
    return CitizenDataMenuItem(
        _("Données d'un usager"), reverse("citizen_data:lookup"), icon_name="user", order=900
    )


@hooks.register("register_admin_urls")
def citizen_data_urls() -> list:
    return [path("donnees-usager/", include((views.urlpatterns, "citizen_data")))]


@hooks.register("before_edit_user")
def journal_profile_view(request: HttpRequest, user: Any) -> None:
    """Wagtail's account page shows the person's name, address, groups: opening it is an
    access. The hook runs before Wagtail checks the permission, so it checks the same one
    and records only a page actually shown (GET), not a save."""
    opts = user._meta
    if request.method != "GET" or not request.user.has_perm(
        f"{opts.app_label}.change_{opts.model_name}"
    ):
        return None
    journal_record(
        JournalEntry.Event.PROFILE_VIEWED,
        actor=request.user,
        channel=Via.ADMIN,
        obj=user,
        detail="Fiche du compte dans l'administration",
        address=views.client_address(request),
    )
    return None
