import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from .registry import BaseFieldBlock, FieldKind, PrefillMixin, register


class ShortTextBlock(PrefillMixin, BaseFieldBlock):
    placeholder = blocks.CharBlock(label=_("Exemple affiché"), required=False, max_length=255)
    min_length = blocks.IntegerBlock(label=_("Longueur minimale"), required=False, min_value=0)
    max_length = blocks.IntegerBlock(label=_("Longueur maximale"), default=255, min_value=1)
    pattern = blocks.CharBlock(
        label=_("Format attendu (expression régulière)"),
        required=False,
        max_length=500,
        help_text=_("Par exemple ^[A-Z]{2}-\\d{3}$ pour AB-123."),
    )
    pattern_message = blocks.CharBlock(
        label=_("Message si le format n'est pas respecté"), required=False, max_length=255
    )

    class Meta:
        label = _("Texte court")
        icon = "pilcrow"
        group = _("Texte")


@register
class ShortText(FieldKind):
    name = "short_text"
    block_class = ShortTextBlock
    menu_order = 10

    def schema(self, value: dict[str, Any]) -> dict[str, Any]:
        schema: dict[str, Any] = {"type": "string", "maxLength": value.get("max_length") or 255}
        if value.get("min_length"):
            schema["minLength"] = value["min_length"]
        if value.get("pattern"):
            schema["pattern"] = value["pattern"]
        return schema

    def ui(self, value: dict[str, Any]) -> dict[str, Any]:
        ui: dict[str, Any] = {}
        if value.get("placeholder"):
            ui["placeholder"] = value["placeholder"]
        if value.get("pattern") and value.get("pattern_message"):
            ui["messages"] = {"pattern": value["pattern_message"]}
        return ui

    def check_block(self, value: dict[str, Any]) -> dict[str, str]:
        errors = {}
        if value.get("pattern"):
            try:
                re.compile(value["pattern"])
            except re.error as error:
                errors["pattern"] = str(
                    _("Cette expression régulière est invalide : %(error)s.") % {"error": error}
                )
        low, high = value.get("min_length"), value.get("max_length")
        if low and high and low > high:
            errors["max_length"] = str(
                _("La longueur maximale doit être supérieure ou égale à la longueur minimale.")
            )
        return errors

    def matches_schema(self, prop: dict[str, Any]) -> bool:
        return prop.get("type") == "string" and "format" not in prop

    def form_field(self, *, prop: dict[str, Any], ui: dict[str, Any]) -> forms.Field:
        attrs = {"placeholder": ui["placeholder"]} if ui.get("placeholder") else {}
        return forms.CharField(widget=forms.TextInput(attrs=attrs))
