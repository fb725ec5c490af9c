from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.widgets import Button

from themes.models import Theme

from . import theme_preview


@hooks.register("register_admin_urls")
def theme_preview_urls() -> list:
    return [path("themes/apercu/", include((theme_preview.urlpatterns, "theme_preview")))]


@hooks.register("register_snippet_listing_buttons")
def theme_preview_button(snippet: object, user: object, next_url: str | None = None) -> list:
    if not isinstance(snippet, Theme) or not user.has_perm("themes.change_theme"):
        return []
    return [
        Button(
            "Aperçu sur une démarche",
            url=reverse("theme_preview:choose", args=[snippet.pk]),
            icon_name="view",
            priority=15,
        )
    ]
