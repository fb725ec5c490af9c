"""Words for a diff between form versions: conditions, settings and values in plain French."""

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from .compiler import canonical_json
from .fields import get_kind
from .keywords import OFFSET

SETTING_WORDS = {
    "type": gettext_lazy("type de donnée"),
    "format": gettext_lazy("format"),
    "pattern": gettext_lazy("format attendu"),
    "minLength": gettext_lazy("longueur minimale"),
    "maxLength": gettext_lazy("longueur maximale"),
    "minimum": gettext_lazy("valeur minimale"),
    "maximum": gettext_lazy("valeur maximale"),
    "exclusiveMinimum": gettext_lazy("valeur minimale (exclue)"),
    "exclusiveMaximum": gettext_lazy("valeur maximale (exclue)"),
    "multipleOf": gettext_lazy("pas"),
    "minItems": gettext_lazy("nombre minimal de choix"),
    "maxItems": gettext_lazy("nombre maximal de choix"),
    "uniqueItems": gettext_lazy("choix distincts"),
    "default": gettext_lazy("valeur par défaut"),
    "x-guichet-date-min": gettext_lazy("date au plus tôt"),
    "x-guichet-date-max": gettext_lazy("date au plus tard"),
    "x-guichet-decimals": gettext_lazy("chiffres après la virgule"),
}
# Compared by their own rule (label, help, choices), or implied by the kind.

UI_WORDS = {
    "widget": gettext_lazy("présentation"),
    "placeholder": gettext_lazy("exemple affiché"),
    "prefill": gettext_lazy("préremplissage"),
    "inputmode": gettext_lazy("clavier sur mobile"),
}


def choice_options(prop: dict[str, Any]) -> list[tuple[str, str]]:
    """(stable key, title) of a choice question's options; the key is the stored value."""
    source = prop.get("items") if prop.get("type") == "array" else prop
    if not isinstance(source, dict):
        return []
    for keyword in ("oneOf", "anyOf"):
        entries = [entry for entry in source.get(keyword) or [] if "const" in entry]
        if entries:
            return [
                (canonical_json(e["const"]), str(e.get("title") or as_text(e["const"])))
                for e in entries
            ]
    return [(canonical_json(value), as_text(value)) for value in source.get("enum") or []]


def option_title(prop: dict[str, Any], value: Any) -> str:
    return dict(choice_options(prop)).get(canonical_json(value), as_text(value))


def condition_words(condition: dict[str, Any], schema: dict[str, Any], *, nested: bool) -> str:
    for key, word in (("all", _("et")), ("any", _("ou"))):
        if key in condition:
            parts = [condition_words(part, schema, nested=True) for part in condition[key]]
            text = f" {word} ".join(parts)
            return f"({text})" if nested and len(parts) > 1 else text
    name, op, value = condition.get("field", ""), condition.get("op", ""), condition.get("value")
    prop = (schema.get("properties") or {}).get(name, {})
    field = str(prop.get("title") or name)
    if op in ("one_of", "includes"):
        values = value if isinstance(value, list) else [value]
        quoted = joined((quoted_value(prop, item) for item in values), last=_("ou"))
    else:
        quoted = quoted_value(prop, value)
    sentence = {
        "equals": _("%(field)s est égale à %(value)s"),
        "not_equals": _("%(field)s est différente de %(value)s"),
        "one_of": _("%(field)s fait partie de %(value)s"),
        "includes": _("%(field)s contient %(value)s"),
        "greater_than": _("%(field)s est supérieure à %(value)s"),
        "less_than": _("%(field)s est inférieure à %(value)s"),
        "filled": _("%(field)s est remplie"),
        "checked": _("%(field)s est cochée"),
    }.get(op)
    if sentence is None:  # an operator added later than this module: still say something
        return f"{field} {op} {quoted}"
    return sentence % {"field": field, "value": quoted}


def quoted_value(prop: dict[str, Any], value: Any) -> str:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return as_text(value)
    return f"« {option_title(prop, value)} »"


def kind_label(kind_name: str) -> str:
    if not kind_name:
        return _("inconnu")
    try:
        return str(get_kind(kind_name).block().meta.label)
    except KeyError:  # a kind no longer installed: its machine name is all we have
        return kind_name


def ui_word(kind_name: str, key: str) -> str:
    child = block_child(kind_name, key)
    if child is not None and child.label:
        label = str(child.label)
        return label[:1].lower() + label[1:]
    if key in UI_WORDS:
        return str(UI_WORDS[key])
    return _("réglage « %(key)s »") % {"key": key}


def ui_text(kind_name: str, key: str, value: Any) -> str:
    """A UI setting's value as the editor showed it (« Liste déroulante », not « select »)."""
    child = block_child(kind_name, key)
    field = getattr(child, "field", None)
    for choice, label in getattr(field, "choices", None) or []:
        if choice == value and choice != "":
            return str(label)
    return as_text(value)


def block_child(kind_name: str, key: str) -> Any:
    try:
        block = get_kind(kind_name).block()
    except KeyError:
        return None
    return getattr(block, "child_blocks", {}).get(key)


def setting_text(key: str, value: Any) -> str:
    if key in ("x-guichet-date-min", "x-guichet-date-max") and isinstance(value, str):
        return date_bound_text(value)
    return as_text(value)


def date_bound_text(bound: str) -> str:
    """« -18y » as « il y a 18 ans »: the editor typed an offset, the reader wants words."""
    match = OFFSET.match(bound)
    if bound == "today":
        return _("aujourd'hui")
    if match is None:
        return as_text(bound)
    amount = int(match.group(2))
    unit = {
        "d": ngettext("%(n)d jour", "%(n)d jours", amount),
        "m": ngettext("%(n)d mois", "%(n)d mois", amount),
        "y": ngettext("%(n)d an", "%(n)d ans", amount),
    }[match.group(3)] % {"n": amount}
    if match.group(1) == "-":
        return _("il y a %(duration)s") % {"duration": unit}
    return _("dans %(duration)s") % {"duration": unit}


def same_value(left: Any, right: Any) -> bool:
    return canonical_json(left) == canonical_json(right)


def position_text(index: int, count: int) -> str:
    return _("question %(position)d sur %(count)d") % {"position": index + 1, "count": count}


def yes_no(value: bool) -> str:
    return _("oui") if value else _("non")


def joined(texts: Any, last: str | None = None) -> str:
    items = [str(text) for text in texts]
    if last is None or len(items) < 2:
        return ", ".join(items)
    return f"{', '.join(items[:-1])} {last} {items[-1]}"


def as_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return yes_no(value)
    if isinstance(value, float):
        return f"{value:g}".replace(".", ",")
    if isinstance(value, list):
        return joined(as_text(item) for item in value)
    if isinstance(value, dict):
        return canonical_json(value)
    return str(value)
