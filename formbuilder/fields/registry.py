"""The registry of field kinds. The compiler, renderer and validator iterate it by name."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from wagtail import blocks

_KINDS: dict[str, FieldKind] = {}

# Messages shared by every kind; a kind overrides any of them in its own `messages`.
DEFAULT_MESSAGES: dict[str, str] = {
    "required": _("Ce champ est obligatoire."),
    "type": _("La valeur saisie n'est pas du bon type."),
    "minLength": _("Saisissez au moins {limit} caractères."),
    "maxLength": _("Saisissez au plus {limit} caractères."),
    "pattern": _("La valeur saisie n'a pas le format attendu."),
    "format": _("La valeur saisie n'a pas le format attendu."),
    "oneOf": _("Choisissez une des options proposées."),
    "enum": _("Choisissez une des options proposées."),
    "const": _("Choisissez une des options proposées."),
}


class BaseFieldBlock(blocks.StructBlock):
    """What every question has: a label, a help text, required, a stable machine name."""

    label = blocks.CharBlock(label=_("Libellé"), max_length=255)
    name = blocks.CharBlock(
        label=_("Nom technique"),
        required=False,
        max_length=50,
        help_text=_("Laissez vide : il est déduit du libellé puis conservé."),
    )
    help_text = blocks.CharBlock(label=_("Aide"), required=False, max_length=500)
    required = blocks.BooleanBlock(label=_("Obligatoire"), required=False, default=True)


def machine_name(label: str) -> str:
    """A stable identifier for a question, derived once from its label."""
    name = slugify(label).replace("-", "_")[:50].strip("_") or "champ"
    return f"champ_{name}"[:50] if name[0].isdigit() else name


class FieldKind:
    """Everything about one kind of question. Subclasses set the attributes and hooks."""

    name: str = ""
    block_class: type[BaseFieldBlock] = BaseFieldBlock
    messages: dict[str, str] = {}

    def block(self) -> BaseFieldBlock:
        return self.block_class()

    def schema(self, value: dict[str, Any]) -> dict[str, Any]:
        """The JSON Schema fragment of one question (without `required`)."""
        raise NotImplementedError

    def ui(self, value: dict[str, Any]) -> dict[str, Any]:
        """Extra UI-schema entries (widget, placeholder...)."""
        return {}

    def form_field(self, *, prop: dict[str, Any], ui: dict[str, Any]) -> forms.Field:
        """The Django field that reads the answer; validation is the JSON Schema's job."""
        raise NotImplementedError

    def to_answer(self, cleaned: Any) -> Any:
        """The JSON value stored for a cleaned form value, or None when left empty."""
        if isinstance(cleaned, str):
            cleaned = cleaned.strip()
        return cleaned if cleaned not in ("", None, []) else None

    def display(self, value: Any, prop: dict[str, Any]) -> str:
        return str(value)

    def message(self, keyword: str, limit: Any = None) -> str:
        text = self.messages.get(keyword) or DEFAULT_MESSAGES.get(keyword)
        if text is None:
            text = DEFAULT_MESSAGES["format"]
        return str(text).format(limit=limit)


def register(kind_class: type[FieldKind]) -> type[FieldKind]:
    kind = kind_class()
    if not kind.name or kind.name in _KINDS:
        raise ValueError(f"Field kind {kind.name!r} is unnamed or registered twice")
    _KINDS[kind.name] = kind
    return kind_class


def get_kind(name: str) -> FieldKind:
    return _KINDS[name]


def all_kinds() -> list[FieldKind]:
    return list(_KINDS.values())
