"""Reports of the same category filed close by, shown before a citizen sends another."""

import math
from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone

from .models import Case

EARTH_RADIUS_M = 6_371_000
METRES_PER_DEGREE = 111_320


@dataclass(frozen=True)
class NearbyReport:
    case: Case
    distance_m: int


def distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in metres (haversine): exact enough at the scale of a street."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlambda = phi2 - phi1, math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(a))


def nearby_reports(
    *,
    category_id: int,
    latitude: float,
    longitude: float,
    radius_m: float = 50,
    days: int = 30,
    limit: int = 5,
) -> list[NearbyReport]:
    """Open or recent reports of a category within `radius_m`, nearest first.

    A bounding box narrows the search through the (category, latitude, longitude) index;
    the exact distance then keeps the circle.
    """
    dlat = radius_m / METRES_PER_DEGREE
    dlon = radius_m / (METRES_PER_DEGREE * max(math.cos(math.radians(latitude)), 0.01))
    candidates = Case.objects.filter(
        category_id=category_id,
        latitude__range=(latitude - dlat, latitude + dlat),
        longitude__range=(longitude - dlon, longitude + dlon),
        submitted_at__gte=timezone.now() - timedelta(days=days),
    ).select_related("category__parent", "department")
    found = []
    for case in candidates:
        distance = distance_m(latitude, longitude, case.latitude, case.longitude)
        if distance <= radius_m:
            found.append(NearbyReport(case=case, distance_m=round(distance)))
    found.sort(key=lambda report: (report.distance_m, -report.case.submitted_at.timestamp()))
    return found[:limit]
