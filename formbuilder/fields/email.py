from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .registry import BaseFieldBlock, FieldKind, PrefillMixin, register


class EmailBlock(PrefillMixin, BaseFieldBlock):
    class Meta:
        label = _("Adresse e-mail")
        icon = "mail"
        group = _("Texte")


@register
class Email(FieldKind):
    name = "email"
    block_class = EmailBlock
    menu_order = 12
    priority = 10
    messages = {
        "format": _("Saisissez une adresse e-mail valide, par exemple nom@exemple.fr."),
        "maxLength": _("Saisissez une adresse e-mail valide, par exemple nom@exemple.fr."),
    }

    def schema(self, value: dict[str, Any]) -> dict[str, Any]:
        return {"type": "string", "format": "email", "maxLength": 254}

    def matches_schema(self, prop: dict[str, Any]) -> bool:
        return prop.get("type") == "string" and prop.get("format") == "email"

    def form_field(self, *, prop: dict[str, Any], ui: dict[str, Any]) -> forms.Field:
        # A plain CharField: the JSON Schema format check words the error, not Django.
        return forms.CharField(
            widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"})
        )
