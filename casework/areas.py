"""Areas as shapes: checking a drawn GeoJSON outline, and whether a point lies inside."""

from typing import Any

from django.utils.translation import gettext as _
from shapely.geometry import Point, shape
from shapely.validation import explain_validity

POLYGON_TYPES = ("Polygon", "MultiPolygon")


class AreaShapeError(ValueError):
    """An outline that cannot be used; the message says why, in French."""


def area_shape(geometry: Any) -> Any:
    """The shapely polygon for a GeoJSON geometry (or a Feature holding one)."""
    if isinstance(geometry, dict) and geometry.get("type") == "Feature":
        geometry = geometry.get("geometry")
    if not isinstance(geometry, dict) or geometry.get("type") not in POLYGON_TYPES:
        raise AreaShapeError(_("Le contour doit être un objet GeoJSON Polygon ou MultiPolygon."))
    try:
        polygon = shape(geometry)
    except (ValueError, TypeError, KeyError, IndexError, AttributeError) as error:
        raise AreaShapeError(
            _("Le contour n'est pas un GeoJSON lisible : %(error)s") % {"error": error}
        ) from error
    if polygon.is_empty:
        raise AreaShapeError(_("Le contour est vide."))
    if not polygon.is_valid:
        raise AreaShapeError(
            _("Le contour n'est pas un polygone valide : %(why)s")
            % {"why": explain_validity(polygon)}
        )
    minx, miny, maxx, maxy = polygon.bounds
    if not (-180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90):
        raise AreaShapeError(_("Les coordonnées doivent être en longitude puis latitude (WGS 84)."))
    return polygon


def area_contains(area: Any, *, latitude: float, longitude: float) -> bool:
    """Whether the point is inside the area (on its edge counts as inside)."""
    polygon = area_shape(area.geometry)
    return bool(polygon.covers(Point(longitude, latitude)))
