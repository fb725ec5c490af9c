from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from .registry import BaseFieldBlock, FieldKind, register


class LongTextBlock(BaseFieldBlock):
    max_length = blocks.IntegerBlock(label=_("Longueur maximale"), default=5000, min_value=1)

    class Meta:
        label = _("Texte long")
        icon = "doc-full"
        group = _("Texte")


@register
class LongText(FieldKind):
    name = "long_text"
    block_class = LongTextBlock
    menu_order = 11

    def schema(self, value: dict[str, Any]) -> dict[str, Any]:
        return {"type": "string", "maxLength": value.get("max_length") or 5000}

    def ui(self, value: dict[str, Any]) -> dict[str, Any]:
        return {"widget": "textarea"}

    def matches_schema(self, prop: dict[str, Any]) -> bool:
        return (
            prop.get("type") == "string" and "format" not in prop and prop.get("maxLength", 0) > 255
        )

    priority = 1

    def form_field(self, *, prop: dict[str, Any], ui: dict[str, Any]) -> forms.Field:
        return forms.CharField(widget=forms.Textarea(attrs={"rows": 6}))
