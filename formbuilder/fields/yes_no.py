from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from .registry import BaseFieldBlock, FieldKind, register


class YesNoBlock(BaseFieldBlock):
    widget = blocks.ChoiceBlock(
        label=_("Présentation"),
        choices=[
            ("radio", _("Oui / Non")),
            ("checkbox", _("Une case à cocher (ex. : « Je certifie l'exactitude… »)")),
        ],
        default="radio",
    )

    class Meta:
        label = _("Oui / non")
        icon = "tick-inverse"
        group = _("Choix")


@register
class YesNo(FieldKind):
    name = "yes_no"
    block_class = YesNoBlock
    menu_order = 30
    messages = {"const": _("Cochez cette case pour continuer.")}

    def schema(self, value: dict[str, Any]) -> dict[str, Any]:
        if value.get("widget") == "checkbox":
            # A box says "yes" or nothing: unticked is no answer, so only true is one.
            return {"type": "boolean", "const": True}
        return {"type": "boolean"}

    def ui(self, value: dict[str, Any]) -> dict[str, Any]:
        widget = value.get("widget") or "radio"
        ui: dict[str, Any] = {"widget": widget}
        if widget == "checkbox":
            ui["messages"] = {"required": str(_("Cochez cette case pour continuer."))}
        return ui

    def matches_schema(self, prop: dict[str, Any]) -> bool:
        return prop.get("type") == "boolean"

    def form_field(self, *, prop: dict[str, Any], ui: dict[str, Any]) -> forms.Field:
        if ui.get("widget") == "checkbox":
            return forms.BooleanField()
        return forms.CharField(
            widget=forms.RadioSelect(choices=[("true", _("Oui")), ("false", _("Non"))])
        )

    def to_answer(self, cleaned: Any) -> Any:
        if cleaned is True or cleaned == "true":
            return True
        if cleaned == "false":
            return False
        if cleaned in (False, None, ""):
            return None  # an unticked box is no answer, so "required" can say so
        return str(cleaned)

    def to_initial(self, answer: Any, prop: dict[str, Any]) -> Any:
        return {True: "true", False: "false"}.get(answer, answer) if answer is not None else None

    def display(self, value: Any, prop: dict[str, Any]) -> str:
        return str(_("Oui")) if value is True else str(_("Non")) if value is False else str(value)
