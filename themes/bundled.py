"""The two themes every Guichet ships with, clearly different, so a town starts from one of
them: "Prairie" (green, rounded, sans-serif, the base header) and "Patrimoine" (burgundy on
cream, square, serif, its own header and footer in themes/patrimoine/templates/)."""

from typing import Any

BUNDLED_THEMES: list[dict[str, Any]] = [
    {
        "name": "Prairie",
        "slug": "prairie",
        "colour_primary": "#0b6e4f",
        "colour_secondary": "#e6f4ee",
        "colour_text": "#1b1b1b",
        "colour_background": "#ffffff",
        "colour_error": "#b3261e",
        "colour_success": "#1e6b34",
        "colour_focus": "#1b1b1b",
        "radius": 12,
        "font_stack": 'system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif',
    },
    {
        "name": "Patrimoine",
        "slug": "patrimoine",
        "colour_primary": "#7a1f3d",
        "colour_secondary": "#f3ebdf",
        "colour_text": "#2b2118",
        "colour_background": "#fffdf8",
        "colour_error": "#a4261d",
        "colour_success": "#2f6130",
        "colour_focus": "#7a1f3d",
        "radius": 0,
        "font_stack": 'Georgia, "Times New Roman", "DejaVu Serif", serif',
    },
]


def bundled_theme(slug: str) -> Any:
    """The bundled theme `slug`, created again if it was deleted."""
    from .models import Theme  # not at the top: migration 0005 reads this module too

    values = next(theme for theme in BUNDLED_THEMES if theme["slug"] == slug)
    theme, _ = Theme.objects.get_or_create(slug=slug, defaults=values)
    return theme
