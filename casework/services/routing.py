"""Which department a new case goes to, and the report facts filed with it."""

from dataclasses import dataclass
from typing import Any

from django.db.models import F

from formbuilder.answers import answer_with_role

from ..areas import AreaShapeError, area_contains
from ..models import Department, IncidentCategory, RoutingRule


@dataclass(frozen=True)
class Routing:
    department: Department
    category: IncidentCategory | None = None
    latitude: float | None = None
    longitude: float | None = None
    rule: RoutingRule | None = None


def case_routing(*, procedure: Any, form_version: Any, answers: dict[str, Any]) -> Routing:
    """Where a new case goes: the first of the procedure's routing rules that matches; else
    a report's category's department; else the procedure's department."""
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
    rule = matching_rule(procedure, answers, latitude=latitude, longitude=longitude)
    if rule is not None:
        department = rule.department
    else:
        department = category.handling_department() if category else procedure.department
    return Routing(
        department=department or procedure.department,
        category=category,
        latitude=latitude,
        longitude=longitude,
        rule=rule,
    )


def matching_rule(
    procedure: Any, answers: dict[str, Any], *, latitude: Any, longitude: Any
) -> RoutingRule | None:
    """The first rule, in the order the administrator set, whose conditions all hold."""
    if not getattr(procedure, "has_routing_rules", True):
        return None  # known from the query that found the page (cms/procedure_routing.py)
    rules = RoutingRule.objects.filter(procedure_id=procedure.pk).select_related(
        "department", "area"
    )
    # Rules added outside the page editor may have no position yet: they come last.
    for rule in rules.order_by(F("sort_order").asc(nulls_last=True), "pk"):
        if _rule_matches(rule, answers, latitude=latitude, longitude=longitude):
            return rule
    return None


def _rule_matches(
    rule: RoutingRule, answers: dict[str, Any], *, latitude: Any, longitude: Any
) -> bool:
    if rule.answer_name and not _answer_is(answers.get(rule.answer_name), rule.answer_value):
        return False
    if rule.area_id is not None:
        if not isinstance(latitude, int | float) or not isinstance(longitude, int | float):
            return False
        try:
            return area_contains(rule.area, latitude=latitude, longitude=longitude)
        except AreaShapeError:
            return False  # an outline broken since it was saved routes nothing
    return True


def _answer_is(answer: Any, expected: str) -> bool:
    """An answer matches when it is the expected value, or, for a multiple choice, holds
    it; letter case and surrounding spaces do not count."""
    wanted = expected.strip().casefold()
    if isinstance(answer, list):
        return any(_answer_is(item, expected) for item in answer)
    if isinstance(answer, bool):
        return wanted in ({"oui", "true", "1"} if answer else {"non", "false", "0"})
    return answer is not None and str(answer).strip().casefold() == wanted
