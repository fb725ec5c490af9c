from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from .registry import BaseFieldBlock, FieldKind, register


class ShortTextBlock(BaseFieldBlock):
    placeholder = blocks.CharBlock(label=_("Exemple affiché"), required=False, max_length=255)
    max_length = blocks.IntegerBlock(label=_("Longueur maximale"), default=255, min_value=1)

    class Meta:
        label = _("Texte court")
        icon = "pilcrow"


@register
class ShortText(FieldKind):
    name = "short_text"
    block_class = ShortTextBlock

    def schema(self, value: dict[str, Any]) -> dict[str, Any]:
        return {"type": "string", "maxLength": value.get("max_length") or 255}

    def ui(self, value: dict[str, Any]) -> dict[str, Any]:
        return {"placeholder": value["placeholder"]} if value.get("placeholder") else {}

    def form_field(self, *, prop: dict[str, Any], ui: dict[str, Any]) -> forms.Field:
        attrs = {"placeholder": ui["placeholder"]} if ui.get("placeholder") else {}
        return forms.CharField(widget=forms.TextInput(attrs=attrs))
