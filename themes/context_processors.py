from django.http import HttpRequest

from .look import PREVIEW_ATTRIBUTE, look_for_request


def theme(request: HttpRequest) -> dict:
    """Expose the current site's theme, town name and map to every template."""
    look = look_for_request(request)
    return {
        "theme": look.theme,
        "theme_tokens": look.theme.css_tokens(),
        "town_name": look.town_name,
        "map_config": look.map_config,
        "theme_preview": getattr(request, PREVIEW_ATTRIBUTE, None),
    }
