from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from .registry import BaseFieldBlock, FieldKind, register


class OptionBlock(blocks.StructBlock):
    label = blocks.CharBlock(label=_("Libellé"), max_length=255)
    value = blocks.CharBlock(
        label=_("Valeur enregistrée"),
        required=False,
        max_length=50,
        help_text=_("Laissez vide : elle est déduite du libellé puis conservée."),
    )


class ChoiceBlock(BaseFieldBlock):
    options = blocks.ListBlock(OptionBlock(), label=_("Options"), min_num=1)
    widget = blocks.ChoiceBlock(
        label=_("Présentation"),
        choices=[("radio", _("Boutons radio")), ("select", _("Liste déroulante"))],
        default="radio",
    )

    class Meta:
        label = _("Choix unique")
        icon = "list-ul"


@register
class Choice(FieldKind):
    name = "choice"
    block_class = ChoiceBlock

    def schema(self, value: dict[str, Any]) -> dict[str, Any]:
        return {
            "type": "string",
            "oneOf": [{"const": o["value"], "title": o["label"]} for o in value["options"]],
        }

    def ui(self, value: dict[str, Any]) -> dict[str, Any]:
        return {"widget": value.get("widget") or "radio"}

    def form_field(self, *, prop: dict[str, Any], ui: dict[str, Any]) -> forms.Field:
        choices = [(o["const"], o["title"]) for o in prop.get("oneOf", [])]
        # The widget offers the options; the JSON Schema's oneOf refuses anything else.
        if ui.get("widget") == "select":
            return forms.CharField(
                widget=forms.Select(choices=[("", _("— Choisissez —")), *choices])
            )
        return forms.CharField(widget=forms.RadioSelect(choices=choices))

    def display(self, value: Any, prop: dict[str, Any]) -> str:
        titles = {o["const"]: o["title"] for o in prop.get("oneOf", [])}
        return titles.get(value, str(value))
