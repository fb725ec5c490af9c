"""The category of an incident report, from the list the town manages in the CMS.

Categories change more often than forms, so the published schema does not freeze them:
the answer is a category's identifier, checked against the current list when it is
validated (the "guichet-incident-category" format), and the drop-down reads the list
each time it is shown.
"""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .registry import BaseFieldBlock, FieldKind, register

FORMAT = "guichet-incident-category"


class IncidentCategoryBlock(BaseFieldBlock):
    class Meta:
        label = _("Catégorie de signalement")
        icon = "warning"
        group = _("Choix")


def _choices() -> list[tuple[Any, Any]]:
    from casework.incident_categories import category_choices

    return [("", _("— Choisissez une catégorie —")), *category_choices()]


def _is_category(instance: object) -> bool:
    from casework.incident_categories import is_selectable

    return not isinstance(instance, str) or is_selectable(instance)


@register
class IncidentCategoryKind(FieldKind):
    name = "incident_category"
    block_class = IncidentCategoryBlock
    menu_order = 34
    priority = 20
    answer_role = "category"
    formats = {FORMAT: _is_category}
    messages = {
        "format": _("Choisissez une catégorie dans la liste."),
        "maxLength": _("Choisissez une catégorie dans la liste."),
    }

    def schema(self, value: dict[str, Any]) -> dict[str, Any]:
        return {"type": "string", "format": FORMAT, "maxLength": 60}

    def matches_schema(self, prop: dict[str, Any]) -> bool:
        return prop.get("type") == "string" and prop.get("format") == FORMAT

    def form_field(self, *, prop: dict[str, Any], ui: dict[str, Any]) -> forms.Field:
        # A callable: the list is read when the page is drawn, not when the form is built.
        return forms.CharField(widget=forms.Select(choices=_choices))

    def display(self, value: Any, prop: dict[str, Any]) -> str:
        from casework.incident_categories import category_label

        return category_label(str(value))
