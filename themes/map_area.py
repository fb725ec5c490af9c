"""A town's map: its tiles address template and the rectangle it covers."""

from decimal import Decimal

from django.utils.translation import gettext as _


def tiles_template_error(template: str) -> str | None:
    """Why a tiles address template cannot be used, or None when it can (or is empty)."""
    if template and not (
        template.startswith(("https://", "http://", "/"))
        and all(part in template for part in ("{z}", "{x}", "{y}"))
    ):
        return _("Donnez une adresse commençant par https:// et contenant {z}, {x} et {y}.")
    return None


def bounds_errors(
    *, south: Decimal | None, west: Decimal | None, north: Decimal | None, east: Decimal | None
) -> dict[str, str]:
    """Errors by field: all four sides or none, in range, south below north, west of east."""
    sides = {"map_south": south, "map_west": west, "map_north": north, "map_east": east}
    given = {name: value for name, value in sides.items() if value is not None}
    if not given:
        return {}
    if len(given) < 4:
        return {
            name: _("Donnez les quatre limites de la carte, ou aucune.")
            for name in sides
            if name not in given
        }
    errors = {}
    for name in ("map_south", "map_north"):
        if not -90 <= sides[name] <= 90:
            errors[name] = _("Une latitude est comprise entre -90 et 90.")
    for name in ("map_west", "map_east"):
        if not -180 <= sides[name] <= 180:
            errors[name] = _("Une longitude est comprise entre -180 et 180.")
    if "map_north" not in errors and north <= south:
        errors["map_north"] = _("La limite nord doit être au nord de la limite sud.")
    if "map_east" not in errors and east <= west:
        errors["map_east"] = _("La limite est doit être à l'est de la limite ouest.")
    return errors
