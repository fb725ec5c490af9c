"""A base for one-line answers with a named format: identifiers, phone, web address.

Such a kind reads what a person typed, normalises it when it can (spaces, dots, case),
leaves it as typed when it cannot (so the format check refuses it in French), and shows
it grouped the usual way. A subclass states its format and the three functions.
"""

from collections.abc import Callable
from typing import Any, ClassVar

from django import forms

from .registry import FieldKind


class FormattedTextKind(FieldKind):
    format_name: str = ""
    max_length: int | None = None
    placeholder: str = ""
    widget_attrs: ClassVar[dict[str, str]] = {}
    input_type: str = "text"
    priority = 10
    # str -> bool; str -> normalised str or None; normalised str -> display text.
    check: Callable[[str], bool] = staticmethod(lambda value: True)
    normalise: Callable[[str], str | None] = staticmethod(lambda text: text)
    show: Callable[[str], str] = staticmethod(lambda value: value)

    def __init__(self) -> None:
        check = type(self).check
        self.formats = {self.format_name: lambda value: not isinstance(value, str) or check(value)}

    def schema(self, value: dict[str, Any]) -> dict[str, Any]:
        schema: dict[str, Any] = {"type": "string", "format": self.format_name}
        if self.max_length:
            schema["maxLength"] = self.max_length
        return schema

    def ui(self, value: dict[str, Any]) -> dict[str, Any]:
        return {"placeholder": self.placeholder} if self.placeholder else {}

    def matches_schema(self, prop: dict[str, Any]) -> bool:
        return prop.get("type") == "string" and prop.get("format") == self.format_name

    def form_field(self, *, prop: dict[str, Any], ui: dict[str, Any]) -> forms.Field:
        attrs = {"spellcheck": "false", **self.widget_attrs}
        if ui.get("placeholder"):
            attrs["placeholder"] = ui["placeholder"]
        widget = forms.TextInput(attrs=attrs)
        widget.input_type = self.input_type
        return forms.CharField(widget=widget)

    def to_answer(self, cleaned: Any) -> Any:
        text = super().to_answer(cleaned)
        if not isinstance(text, str):
            return text
        return type(self).normalise(text) or text

    def to_initial(self, answer: Any, prop: dict[str, Any]) -> Any:
        return self.display(answer, prop) if isinstance(answer, str) else answer

    def display(self, value: Any, prop: dict[str, Any]) -> str:
        if not isinstance(value, str):
            return str(value)
        try:
            return type(self).show(value)
        except (ValueError, IndexError):
            return value
