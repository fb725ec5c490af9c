"""The look of a site: the theme it wears, its town's name and its map, for a request (the
public pages), for a site (e-mails, PDF receipts) or for a page (a case's procedure)."""

from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest
from wagtail.models import Page, Site

from .models import SiteAppearance, Theme

DEFAULT_TOWN = "Guichet"
# Attribute a staff preview sets on a request to show a theme no site wears yet.
PREVIEW_ATTRIBUTE = "guichet_theme_preview"


def default_theme() -> Theme:
    return Theme(name="Guichet")


@dataclass(frozen=True)
class Look:
    theme: Theme = field(default_factory=default_theme)
    town_name: str = DEFAULT_TOWN
    map_config: dict[str, Any] = field(default_factory=dict)


def look_for_site(site: Site | None, *, theme: Theme | None = None) -> Look:
    """The site's look; `theme`, when given, stands in for the one the site wears."""
    if site is None:
        return Look(theme=theme or default_theme())
    # The theme comes with the setting in one query; a site without one gets it created.
    appearance = SiteAppearance.objects.select_related("theme").filter(
        site=site
    ).first() or SiteAppearance.for_site(site)
    worn = theme or appearance.theme
    return Look(
        theme=worn or default_theme(),
        town_name=appearance.town_name,
        map_config=appearance.map_config(worn),
    )


def look_for_request(request: HttpRequest) -> Look:
    preview = getattr(request, PREVIEW_ATTRIBUTE, None)
    return look_for_site(Site.find_for_request(request), theme=preview)


def look_for_page(page: Page) -> Look:
    return look_for_site(page.get_site())
