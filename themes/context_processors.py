from django.http import HttpRequest
from wagtail.models import Site

from .models import SiteAppearance, Theme

DEFAULT_THEME = Theme(name="Guichet")


def theme(request: HttpRequest) -> dict:
    """Expose the current site's theme and town name to every template."""
    site = Site.find_for_request(request)
    appearance = SiteAppearance.for_site(site) if site else None
    current = (appearance.theme if appearance else None) or DEFAULT_THEME
    return {
        "theme": current,
        "theme_tokens": current.css_tokens(),
        "town_name": appearance.town_name if appearance else "Guichet",
        "map_config": appearance.map_config() if appearance else {},
    }
