from django.http import HttpRequest
from wagtail.models import Site

from .models import SiteAppearance, Theme

DEFAULT_THEME = Theme(name="Guichet")


def theme(request: HttpRequest) -> dict:
    """Expose the current site's theme and town name to every template."""
    site = Site.find_for_request(request)
    appearance = None
    if site is not None:
        # The theme comes with the setting in one query; a site without one gets it created.
        appearance = SiteAppearance.objects.select_related("theme").filter(
            site=site
        ).first() or SiteAppearance.for_site(site)
    current = (appearance.theme if appearance else None) or DEFAULT_THEME
    return {
        "theme": current,
        "theme_tokens": current.css_tokens(),
        "town_name": appearance.town_name if appearance else "Guichet",
        "map_config": appearance.map_config() if appearance else {},
    }
