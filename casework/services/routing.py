"""Which department a new case goes to, and the report facts filed with it."""

from dataclasses import dataclass
from typing import Any

from formbuilder.answers import answer_with_role

from ..models import Department, IncidentCategory


@dataclass(frozen=True)
class Routing:
    department: Department
    category: IncidentCategory | None = None
    latitude: float | None = None
    longitude: float | None = None


def case_routing(*, procedure: Any, form_version: Any, answers: dict[str, Any]) -> Routing:
    """A report goes to its category's department; anything else to the procedure's."""
    ui = form_version.ui_schema
    location = answer_with_role(ui, answers, "location")
    latitude = longitude = None
    if isinstance(location, dict):
        latitude, longitude = location.get("lat"), location.get("lon")
    slug = answer_with_role(ui, answers, "category")
    category = (
        IncidentCategory.objects.select_related("department", "parent__department")
        .filter(slug=slug)
        .first()
        if isinstance(slug, str)
        else None
    )
    department = category.handling_department() if category else procedure.department
    return Routing(
        department=department or procedure.department,
        category=category,
        latitude=latitude,
        longitude=longitude,
    )
