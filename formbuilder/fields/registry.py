"""The registry of field kinds. The compiler, renderer and validator iterate it by name.

A kind owns everything about one sort of question: its Wagtail block, its JSON Schema
fragment, its widget, how a posted value becomes an answer, how an answer is shown, the
formats it checks and its French messages. Layout kinds (step, section, explanation) are
blocks too, with `is_question = False`: they shape pages but collect nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from ..conditions import ConditionBlock

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
    "anyOf": _("Choisissez une des options proposées."),
    "enum": _("Choisissez une des options proposées."),
    "const": _("Choisissez une des options proposées."),
    "minimum": _("Saisissez une valeur supérieure ou égale à {limit}."),
    "maximum": _("Saisissez une valeur inférieure ou égale à {limit}."),
    "exclusiveMinimum": _("Saisissez une valeur strictement supérieure à {limit}."),
    "exclusiveMaximum": _("Saisissez une valeur strictement inférieure à {limit}."),
    "multipleOf": _("Saisissez un multiple de {limit}."),
    "minItems": _("Choisissez au moins {limit} éléments."),
    "maxItems": _("Choisissez au plus {limit} éléments."),
    "uniqueItems": _("Chaque élément ne peut figurer qu'une fois."),
    "incomplete": _("Ce champ est incomplet : complétez chacune de ses parties."),
    "minProperties": _("Ce champ est incomplet."),
    "maxProperties": _("Ce champ contient trop d'éléments."),
    "additionalProperties": _("Ce champ contient des éléments inattendus."),
    "false": _("Cette réponse n'est pas attendue."),
}

PREFILL_SOURCES = [
    ("", _("Aucun")),
    ("first_name", _("Prénom de l'usager")),
    ("last_name", _("Nom de l'usager")),
    ("email", _("E-mail de l'usager")),
    ("phone", _("Téléphone de l'usager")),
    ("address", _("Adresse de l'usager")),
]


class BaseFieldBlock(blocks.StructBlock):
    """What every question has: a label, a help text, required, a stable machine name,
    an optional condition to be shown, and where its answer may be prefilled from."""

    label = blocks.CharBlock(label=_("Libellé"), max_length=255)
    name = blocks.CharBlock(
        label=_("Nom technique"),
        required=False,
        max_length=50,
        help_text=_("Laissez vide : il est déduit du libellé puis conservé."),
    )
    help_text = blocks.CharBlock(label=_("Aide"), required=False, max_length=500)
    required = blocks.BooleanBlock(label=_("Obligatoire"), required=False, default=True)
    visible_when = ConditionBlock(required=False)


class PrefillMixin(blocks.StructBlock):
    prefill = blocks.ChoiceBlock(
        label=_("Préremplir avec"), choices=PREFILL_SOURCES, required=False, default=""
    )


def machine_name(label: str) -> str:
    """A stable identifier for a question, derived once from its label."""
    # "nom de l'enfant" -> nom_de_l_enfant: an elided article stays a separate word.
    words = label.replace("'", " ").replace("’", " ")
    name = slugify(words).replace("-", "_")[:50].strip("_") or "champ"
    return f"champ_{name}"[:50] if name[0].isdigit() else name


class FieldKind:
    """Everything about one kind of question. Subclasses set the attributes and hooks."""

    name: str = ""
    block_class: type[blocks.StructBlock] = BaseFieldBlock
    messages: dict[str, str] = {}
    is_question: bool = True
    # Format name -> check returning True when the value is well formed (see validation.py).
    formats: dict[str, Callable[[Any], bool]] = {}
    # When several kinds can show an imported property, the highest priority wins.
    priority: int = 0
    # Position in the editor's block menu (groups are set on each block's Meta).
    menu_order: int = 100
    # What the answer means to the rest of Guichet beyond the form ("category",
    # "location"): casework files reports by it without knowing any kind.
    answer_role: str = ""

    def block(self) -> blocks.StructBlock:
        return self.block_class()

    def schema(self, value: dict[str, Any]) -> dict[str, Any]:
        """The JSON Schema fragment of one question (without title, description, required)."""
        raise NotImplementedError

    def ui(self, value: dict[str, Any]) -> dict[str, Any]:
        """Extra UI-schema entries (widget, placeholder...)."""
        return {}

    def layout(self, value: dict[str, Any]) -> dict[str, Any]:
        """For layout kinds: the page item ({"step": ...}, {"section": ...}, {"text": ...})."""
        raise NotImplementedError

    def check_block(self, value: dict[str, Any]) -> dict[str, str]:
        """Configuration errors of one block, by block field, in plain French."""
        return {}

    def matches_schema(self, prop: dict[str, Any]) -> bool:
        """Whether this kind can show and read an imported JSON Schema property."""
        return False

    def form_field(self, *, prop: dict[str, Any], ui: dict[str, Any]) -> forms.Field:
        """The Django field that reads the answer; validation is the JSON Schema's job."""
        raise NotImplementedError

    def to_answer(self, cleaned: Any) -> Any:
        """The JSON value stored for a cleaned form value, or None when left empty."""
        if isinstance(cleaned, str):
            cleaned = cleaned.strip()
        return cleaned if cleaned not in ("", None, [], {}) else None

    def answer_for(self, cleaned: Any, prop: dict[str, Any]) -> Any:
        """to_answer, for kinds whose stored form depends on the property (imports)."""
        return self.to_answer(cleaned)

    def to_initial(self, answer: Any, prop: dict[str, Any]) -> Any:
        """The form's initial value for a stored answer (resuming, editing)."""
        return answer

    def display(self, value: Any, prop: dict[str, Any]) -> str:
        return str(value)

    def message(self, keyword: str, limit: Any = None) -> str:
        text = self.messages.get(keyword) or DEFAULT_MESSAGES.get(keyword)
        if text is None:
            text = DEFAULT_MESSAGES["format"]
        if isinstance(limit, list | dict):
            limit = ""
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


def question_kinds() -> list[FieldKind]:
    return [kind for kind in _KINDS.values() if kind.is_question]


def kind_for_schema(prop: dict[str, Any]) -> FieldKind | None:
    """The kind that shows an imported property, or None when no kind can."""
    matching = [kind for kind in question_kinds() if kind.matches_schema(prop)]
    return max(matching, key=lambda kind: kind.priority, default=None)


def all_formats() -> dict[str, Callable[[Any], bool]]:
    checks: dict[str, Callable[[Any], bool]] = {}
    for kind in _KINDS.values():
        checks.update(kind.formats)
    return checks
