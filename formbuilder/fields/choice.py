"""Single choice: radio buttons or a drop-down, optionally with "other, specify"."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from .registry import BaseFieldBlock, FieldKind, register

OTHER = "__autre__"


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
    allow_other = blocks.BooleanBlock(
        label=_("Proposer « Autre, précisez »"), required=False, default=False
    )

    class Meta:
        label = _("Choix unique")
        icon = "list-ul"
        group = _("Choix")


def options_of(prop: dict[str, Any]) -> list[tuple[Any, str]]:
    """(value, label) pairs of a choice property: oneOf consts with titles, or an enum."""
    if "anyOf" in prop and prop["anyOf"] and isinstance(prop["anyOf"][0], dict):
        return options_of(prop["anyOf"][0])
    if isinstance(prop.get("oneOf"), list) and all(
        isinstance(option, dict) and "const" in option for option in prop["oneOf"]
    ):
        return [(o["const"], str(o.get("title", o["const"]))) for o in prop["oneOf"]]
    if isinstance(prop.get("enum"), list):
        return [(value, str(value)) for value in prop["enum"]]
    return []


class ChoiceWithOtherWidget(forms.MultiWidget):
    """The options as radio buttons, the last one "Autre", and a text box to say which."""

    template_name = "formbuilder/widgets/choice_with_other.html"

    def __init__(self, choices: list[tuple[Any, str]], other_label: str) -> None:
        self.known = {str(value) for value, _label in choices}
        radios = forms.RadioSelect(choices=[*choices, (OTHER, other_label)])
        super().__init__({"": radios, "precision": forms.TextInput()})

    def decompress(self, value: Any) -> list[Any]:
        if value in (None, ""):
            return [None, ""]
        return [value, ""] if str(value) in self.known else [OTHER, value]


class ChoiceWithOtherField(forms.MultiValueField):
    def __init__(self, **kwargs: Any) -> None:
        parts = (forms.CharField(required=False), forms.CharField(required=False))
        super().__init__(fields=parts, require_all_fields=False, **kwargs)

    def compress(self, data_list: list[Any]) -> Any:
        if not data_list:
            return None
        choice, precision = data_list
        return (precision or "").strip() if choice == OTHER else choice


@register
class Choice(FieldKind):
    name = "choice"
    block_class = ChoiceBlock
    menu_order = 31
    priority = 5

    def schema(self, value: dict[str, Any]) -> dict[str, Any]:
        known = {"oneOf": [{"const": o["value"], "title": o["label"]} for o in value["options"]]}
        if not value.get("allow_other"):
            return {"type": "string", **known}
        free = {
            "title": str(_("Autre")),
            "not": {"enum": [o["value"] for o in value["options"]]},
            "minLength": 1,
            "maxLength": 200,
        }
        return {"type": "string", "anyOf": [known, free]}

    def ui(self, value: dict[str, Any]) -> dict[str, Any]:
        ui = {"widget": value.get("widget") or "radio"}
        if value.get("allow_other"):
            ui["widget"] = "radio"
            ui["other_label"] = str(_("Autre, précisez"))
        return ui

    def matches_schema(self, prop: dict[str, Any]) -> bool:
        # Options are read back as text, so only text options can ever be answered.
        options = options_of(prop)
        return (
            prop.get("type", "string") == "string"
            and bool(options)
            and all(isinstance(value, str) for value, _label in options)
        )

    def form_field(self, *, prop: dict[str, Any], ui: dict[str, Any]) -> forms.Field:
        choices = options_of(prop)
        # The widget offers the options; the JSON Schema refuses anything else.
        if ui.get("other_label"):
            return ChoiceWithOtherField(widget=ChoiceWithOtherWidget(choices, ui["other_label"]))
        if ui.get("widget") == "select":
            return forms.CharField(
                widget=forms.Select(choices=[("", _("— Choisissez —")), *choices])
            )
        return forms.CharField(widget=forms.RadioSelect(choices=choices))

    def display(self, value: Any, prop: dict[str, Any]) -> str:
        titles = dict(options_of(prop))
        if value in titles:
            return titles[value]
        return f"{_('Autre')} : {value}" if "anyOf" in prop else str(value)
