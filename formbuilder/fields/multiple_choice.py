from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from .choice import OptionBlock, options_of
from .registry import BaseFieldBlock, FieldKind, register


class MultipleChoiceBlock(BaseFieldBlock):
    options = blocks.ListBlock(OptionBlock(), label=_("Options"), min_num=1)
    min_selected = blocks.IntegerBlock(
        label=_("Nombre minimum de cases"), required=False, min_value=0
    )
    max_selected = blocks.IntegerBlock(
        label=_("Nombre maximum de cases"), required=False, min_value=1
    )

    class Meta:
        label = _("Choix multiple (cases à cocher)")
        icon = "list-ul"
        group = _("Choix")


class CheckedValues(forms.Field):
    """Reads every ticked box; which values are allowed is the schema's business."""

    widget = forms.CheckboxSelectMultiple

    def to_python(self, value: Any) -> list[str]:
        if not value:
            return []
        return [str(item) for item in (value if isinstance(value, list | tuple) else [value])]


@register
class MultipleChoice(FieldKind):
    name = "multiple_choice"
    block_class = MultipleChoiceBlock
    menu_order = 32
    messages = {
        "minItems": _("Cochez au moins {limit} cases."),
        "maxItems": _("Cochez au plus {limit} cases."),
    }

    def schema(self, value: dict[str, Any]) -> dict[str, Any]:
        schema: dict[str, Any] = {
            "type": "array",
            "items": {
                "type": "string",
                "oneOf": [{"const": o["value"], "title": o["label"]} for o in value["options"]],
            },
            "uniqueItems": True,
        }
        if value.get("min_selected"):
            schema["minItems"] = value["min_selected"]
        if value.get("max_selected"):
            schema["maxItems"] = value["max_selected"]
        return schema

    def check_block(self, value: dict[str, Any]) -> dict[str, str]:
        low, high = value.get("min_selected"), value.get("max_selected")
        if low and high and low > high:
            return {"max_selected": str(_("Le maximum doit être supérieur ou égal au minimum."))}
        if high and high > len(value.get("options") or []):
            return {"max_selected": str(_("Le maximum dépasse le nombre d'options."))}
        return {}

    def matches_schema(self, prop: dict[str, Any]) -> bool:
        items = prop.get("items")
        return prop.get("type") == "array" and isinstance(items, dict) and bool(options_of(items))

    def form_field(self, *, prop: dict[str, Any], ui: dict[str, Any]) -> forms.Field:
        return CheckedValues(widget=forms.CheckboxSelectMultiple(choices=options_of(prop["items"])))

    def to_answer(self, cleaned: Any) -> Any:
        return list(cleaned) or None

    def answer_for(self, cleaned: Any, prop: dict[str, Any]) -> Any:
        """Ticked boxes in the order the options are listed, whatever order was posted."""
        answer = self.to_answer(cleaned)
        if not answer:
            return answer
        rank = {value: index for index, (value, _label) in enumerate(options_of(prop["items"]))}
        return sorted(answer, key=lambda value: rank.get(value, len(rank)))

    def display(self, value: Any, prop: dict[str, Any]) -> str:
        titles = dict(options_of(prop.get("items", {})))
        return ", ".join(str(titles.get(item, item)) for item in value or [])
