"""Whole and decimal numbers. French writing is accepted: "1 234,5"."""

from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from .registry import BaseFieldBlock, FieldKind, register

NUMBERS = _("Nombres et dates")


class IntegerBlock(BaseFieldBlock):
    min_value = blocks.IntegerBlock(label=_("Minimum"), required=False)
    max_value = blocks.IntegerBlock(label=_("Maximum"), required=False)

    class Meta:
        label = _("Nombre entier")
        icon = "order"
        group = NUMBERS


class DecimalBlock(BaseFieldBlock):
    min_value = blocks.DecimalBlock(label=_("Minimum"), required=False)
    max_value = blocks.DecimalBlock(label=_("Maximum"), required=False)
    decimal_places = blocks.IntegerBlock(
        label=_("Chiffres après la virgule"), default=2, min_value=0, max_value=6
    )

    class Meta:
        label = _("Nombre décimal")
        icon = "order"
        group = NUMBERS


def parse_number(text: Any) -> Any:
    """A number from what a person typed, or the text itself when it is not one."""
    if not isinstance(text, str):
        return text
    compact = text.strip().replace("\u00a0", "").replace("\u202f", "").replace(" ", "")
    try:
        number = Decimal(compact.replace(",", "."))
    except InvalidOperation:
        return text.strip()
    if not number.is_finite():
        return text.strip()
    return int(number) if number == number.to_integral_value() else float(number)


def _bounds(value: dict[str, Any], cast: type) -> dict[str, Any]:
    schema: dict[str, Any] = {}
    if value.get("min_value") is not None:
        schema["minimum"] = cast(value["min_value"])
    if value.get("max_value") is not None:
        schema["maximum"] = cast(value["max_value"])
    return schema


def _check_bounds(value: dict[str, Any]) -> dict[str, str]:
    low, high = value.get("min_value"), value.get("max_value")
    if low is not None and high is not None and low > high:
        return {"max_value": str(_("Le maximum doit être supérieur ou égal au minimum."))}
    return {}


class _NumberKind(FieldKind):
    inputmode = "numeric"

    def ui(self, value: dict[str, Any]) -> dict[str, Any]:
        return {"inputmode": self.inputmode}

    def form_field(self, *, prop: dict[str, Any], ui: dict[str, Any]) -> forms.Field:
        inputmode = ui.get("inputmode") or self.inputmode
        return forms.CharField(widget=forms.TextInput(attrs={"inputmode": inputmode}))

    def to_answer(self, cleaned: Any) -> Any:
        return super().to_answer(parse_number(cleaned) if isinstance(cleaned, str) else cleaned)

    def to_initial(self, answer: Any, prop: dict[str, Any]) -> Any:
        return str(answer).replace(".", ",") if isinstance(answer, float) else answer

    def display(self, value: Any, prop: dict[str, Any]) -> str:
        return str(value).replace(".", ",")

    def check_block(self, value: dict[str, Any]) -> dict[str, str]:
        return _check_bounds(value)


@register
class Integer(_NumberKind):
    name = "integer"
    block_class = IntegerBlock
    menu_order = 20
    messages = {"type": _("Saisissez un nombre entier, sans virgule.")}

    def schema(self, value: dict[str, Any]) -> dict[str, Any]:
        return {"type": "integer", **_bounds(value, int)}

    def matches_schema(self, prop: dict[str, Any]) -> bool:
        return prop.get("type") == "integer"


@register
class DecimalNumber(_NumberKind):
    name = "decimal"
    block_class = DecimalBlock
    menu_order = 21
    inputmode = "decimal"
    messages = {
        "type": _("Saisissez un nombre, par exemple 12,5."),
        "x-guichet-decimals": _("Saisissez au plus {limit} chiffres après la virgule."),
    }

    def schema(self, value: dict[str, Any]) -> dict[str, Any]:
        places = value.get("decimal_places")
        schema = {"type": "number", **_bounds(value, float)}
        if places is not None:
            schema["x-guichet-decimals"] = int(places)
        return schema

    def matches_schema(self, prop: dict[str, Any]) -> bool:
        return prop.get("type") == "number"
