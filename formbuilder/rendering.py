"""JSON Schema + UI schema -> a Django form whose fields read the answers."""

from typing import Any

from django import forms
from django.forms.boundfield import BoundField

from .fields import get_kind


class AnswerBoundField(BoundField):
    """Ties each input to its help text and its error message for screen readers."""

    def build_widget_attrs(self, attrs: dict[str, Any], widget: Any = None) -> dict[str, Any]:
        attrs = super().build_widget_attrs(attrs, widget)
        described_by = []
        if self.help_text:
            described_by.append(f"{self.auto_id}_helptext")
        if self.errors:
            described_by.append(f"{self.auto_id}_erreur")
        if described_by and self.widget_type != "radioselect":
            attrs["aria-describedby"] = " ".join(described_by)
        return attrs


class AnswersForm(forms.Form):
    """Reads answers; the JSON Schema validator (validation.py) says what is wrong."""

    bound_field_class = AnswerBoundField
    schema: dict[str, Any] = {}
    ui_schema: dict[str, Any] = {}
    required_css_class = "g-field--required"

    def answers(self) -> dict[str, Any]:
        """The cleaned answers as JSON, leaving out the questions left empty."""
        result: dict[str, Any] = {}
        for name in self.ui_schema["order"]:
            kind = get_kind(self.ui_schema["fields"][name]["kind"])
            value = kind.to_answer(self.cleaned_data.get(name))
            if value is not None:
                result[name] = value
        return result

    def add_schema_errors(self, errors: dict[str, list[str]]) -> None:
        for name, messages in errors.items():
            for message in messages:
                self.add_error(name if name in self.fields else None, message)


def form_class_for(schema: dict[str, Any], ui_schema: dict[str, Any]) -> type[AnswersForm]:
    required = set(schema.get("required", []))
    fields: dict[str, forms.Field] = {}
    for name in ui_schema["order"]:
        ui = ui_schema["fields"][name]
        prop = schema["properties"][name]
        field = get_kind(ui["kind"]).form_field(prop=prop, ui=ui)
        field.label = prop.get("title", name)
        field.help_text = prop.get("description", "")
        field.required = False
        field.is_mandatory = name in required
        # aria-required is not allowed on single radios; their fieldset says "(obligatoire)".
        if field.is_mandatory and not isinstance(field.widget, forms.RadioSelect):
            field.widget.attrs["aria-required"] = "true"
        fields[name] = field
    attrs = {**fields, "schema": schema, "ui_schema": ui_schema}
    return type("AnswersForm", (AnswersForm,), attrs)
