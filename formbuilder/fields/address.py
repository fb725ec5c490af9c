"""Postal addresses: number, street, complement, postcode and town, each in its own box."""

import re
from typing import Any

from django import forms
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from .. import identifiers
from .registry import BaseFieldBlock, FieldKind, PrefillMixin, register

PLACES = _("Lieux")
POSTCODE_PATTERN = "^[0-9]{5}$"
REQUIRED_PARTS = ["voie", "code_postal", "ville"]


class Part:
    """One box of the address: its stored key, visible label, autofill token and length."""

    def __init__(
        self, key: str, label: Any, max_length: int, autocomplete: str = "", **attrs: str
    ) -> None:
        self.key, self.label, self.max_length = key, label, max_length
        self.attrs = {"autocomplete": autocomplete, **attrs} if autocomplete else attrs


# The house number has no autofill token of its own: browsers put it in "address-line1",
# the street box, which display() shows just as well.
PARTS = [
    Part("numero", _("Numéro (facultatif)"), 20),
    Part("voie", _("Voie (rue, avenue, lieu-dit…)"), 200, "address-line1"),
    Part("complement", _("Complément d'adresse (facultatif)"), 200, "address-line2"),
    Part("code_postal", _("Code postal"), 5, "postal-code", inputmode="numeric"),
    Part("ville", _("Ville"), 100, "address-level2"),
]
PART_KEYS = [part.key for part in PARTS]


class AddressBlock(PrefillMixin, BaseFieldBlock):
    class Meta:
        label = _("Adresse postale")
        icon = "home"
        group = PLACES


class AddressWidget(forms.MultiWidget):
    """Five text boxes, each with its own visible label, inside the question's fieldset."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        widgets = {part.key: forms.TextInput(attrs=part.attrs) for part in PARTS}
        super().__init__(widgets, attrs)

    def decompress(self, value: Any) -> list[Any]:
        if isinstance(value, dict):
            return [value.get(key, "") for key in PART_KEYS]
        return [""] * len(PARTS)

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        context = self.get_context(name, value, attrs)
        boxes = [
            (
                sub["attrs"].get("id", ""),
                part.label,
                self._render(sub["template_name"], {"widget": sub}, renderer),
            )
            for part, sub in zip(PARTS, context["widget"]["subwidgets"], strict=True)
        ]
        return format_html(
            '<div class="g-address">{}</div>',
            format_html_join(
                "",
                '<div class="g-address__part"><label for="{}">{}</label>{}</div>',
                boxes,
            ),
        )


class AddressField(forms.MultiValueField):
    def __init__(self, **kwargs: Any) -> None:
        parts = tuple(forms.CharField(required=False) for _part in PARTS)
        kwargs.setdefault("widget", AddressWidget())
        super().__init__(fields=parts, require_all_fields=False, **kwargs)

    def compress(self, data_list: list[Any]) -> dict[str, Any]:
        return dict(zip(PART_KEYS, data_list or [], strict=False))


def _tidy(text: Any) -> Any:
    return re.sub(r"\s+", " ", text).strip() if isinstance(text, str) else text


@register
class Address(FieldKind):
    name = "address"
    block_class = AddressBlock
    menu_order = 50
    priority = 10
    messages = {
        "incomplete": _("Indiquez la voie, le code postal et la ville."),
        "minLength": _("Indiquez la voie, le code postal et la ville."),
        "pattern": _("Le code postal doit comporter 5 chiffres."),
        "maxLength": _("Une partie de l'adresse est trop longue : {limit} caractères au plus."),
    }

    def schema(self, value: dict[str, Any]) -> dict[str, Any]:
        properties: dict[str, Any] = {
            part.key: {"type": "string", "title": str(part.label), "maxLength": part.max_length}
            for part in PARTS
        }
        properties["code_postal"] = {
            "type": "string",
            "title": str(_("Code postal")),
            "pattern": POSTCODE_PATTERN,
        }
        for key in REQUIRED_PARTS:
            properties[key].setdefault("minLength", 1)
        return {
            "type": "object",
            "properties": properties,
            "required": list(REQUIRED_PARTS),
            "additionalProperties": False,
        }

    def matches_schema(self, prop: dict[str, Any]) -> bool:
        properties = prop.get("properties")
        return (
            prop.get("type") == "object"
            and isinstance(properties, dict)
            and set(properties) == set(PART_KEYS)
        )

    def form_field(self, *, prop: dict[str, Any], ui: dict[str, Any]) -> forms.Field:
        return AddressField()

    def to_answer(self, cleaned: Any) -> Any:
        if not isinstance(cleaned, dict):
            return super().to_answer(cleaned)
        answer = {key: _tidy(cleaned.get(key)) for key in PART_KEYS}
        postcode = answer.get("code_postal")
        if isinstance(postcode, str) and postcode:
            # "75 002" is a postcode; anything else stays as typed for the pattern to refuse.
            answer["code_postal"] = identifiers.normalise_postcode(postcode) or postcode
        # Empty parts are no answer, so "required" sees a blank address and a partial one
        # is told precisely what is missing.
        answer = {key: text for key, text in answer.items() if text not in ("", None)}
        return answer or None

    def display(self, value: Any, prop: dict[str, Any]) -> str:
        if not isinstance(value, dict):
            return str(value)
        street = " ".join(str(value[key]) for key in ("numero", "voie") if value.get(key))
        town = " ".join(str(value[key]) for key in ("code_postal", "ville") if value.get(key))
        return ", ".join(text for text in (street, value.get("complement"), town) if text)
