"""What the theme's admin form posts, built from a theme, for the admin tests."""

from typing import Any

from themes.models import Theme

PLAIN_FIELDS = [
    "name",
    "colour_primary",
    "colour_secondary",
    "colour_text",
    "colour_background",
    "colour_error",
    "colour_success",
    "colour_focus",
    "radius",
    "font_stack",
    "footer_text",
    "legal_notice_url",
    "accessibility_url",
    "accessibility_status",
    "personal_data_url",
    "contact_address",
    "contact_phone",
    "contact_email",
    "contact_hours",
    "map_tiles_url",
    "map_attribution",
]


def theme_form_data(theme: Theme, **changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {name: getattr(theme, name) for name in PLAIN_FIELDS}
    data["slug"] = theme.slug or ""
    for side in ("map_south", "map_west", "map_north", "map_east"):
        value = getattr(theme, side)
        data[side] = "" if value is None else str(value)
    for links in ("header_links", "footer_links"):
        data[f"{links}-count"] = 0  # the tests that need links post them themselves
    data.update(changes)
    return data
