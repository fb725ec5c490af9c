"""Before a report is sent: the same problem, already reported close by?"""

from typing import Any

from django.urls import reverse

from casework.models import IncidentCategory
from casework.nearby import nearby_reports
from casework.services.followers import follow_token
from casework.workflow import workflow_for
from formbuilder.answers import answer_with_role


def nearby_for_answers(ui_schema: dict[str, Any], answers: dict[str, Any]) -> list[dict]:
    """Reports of the answered category within 50 m in the last 30 days, ready to show."""
    slug = answer_with_role(ui_schema, answers, "category")
    location = answer_with_role(ui_schema, answers, "location")
    if not isinstance(slug, str) or not isinstance(location, dict):
        return []
    category = IncidentCategory.objects.filter(slug=slug).first()
    lat, lon = location.get("lat"), location.get("lon")
    if category is None or not isinstance(lat, int | float) or not isinstance(lon, int | float):
        return []
    shown = []
    for report in nearby_reports(category_id=category.pk, latitude=lat, longitude=lon):
        status = workflow_for(report.case).status(report.case.status)
        shown.append(
            {
                "category": str(report.case.category),
                "submitted_at": report.case.submitted_at,
                "status": status.label,
                "closed": status.final,
                "distance_m": report.distance_m,
                "follow_url": None
                if status.final
                else reverse("tracking:follow", args=[follow_token(report.case)]),
            }
        )
    return shown
