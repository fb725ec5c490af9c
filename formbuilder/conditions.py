"""Conditions on earlier answers: shown only when ..., eligibility rules.

A condition is data, the same in the UI schema, in Python and in the browser:
  {"field": "age", "op": "greater_than", "value": 17}        a rule
  {"all": [condition, ...]}  /  {"any": [condition, ...]}    combinations
It compiles to a JSON Schema (used in if/then/else) and evaluates directly on answers;
both give the same verdict (tests check it).
"""

from typing import Any

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

OPERATORS = [
    ("equals", _("est égale à")),
    ("not_equals", _("est différente de")),
    ("one_of", _("fait partie de (valeurs séparées par des virgules)")),
    ("greater_than", _("est supérieure à")),
    ("less_than", _("est inférieure à")),
    ("filled", _("est remplie")),
    ("checked", _("est cochée (oui)")),
]
VALUELESS = {"filled", "checked"}
NUMERIC = {"greater_than", "less_than"}


class RuleBlock(blocks.StructBlock):
    field = blocks.CharBlock(
        label=_("Réponse à la question (nom technique)"),
        max_length=50,
        help_text=_("Le nom technique d'une question placée plus haut dans le formulaire."),
    )
    op = blocks.ChoiceBlock(label=_("Condition"), choices=OPERATORS, default="equals")
    value = blocks.CharBlock(
        label=_("Valeur"),
        required=False,
        max_length=255,
        help_text=_(
            "La valeur enregistrée de l'option, un nombre, ou « oui » / « non » pour une "
            "question oui/non. Inutile pour « est remplie » et « est cochée »."
        ),
    )

    class Meta:
        icon = "cog"


class ConditionBlock(blocks.StructBlock):
    combine = blocks.ChoiceBlock(
        label=_("Règles à respecter"),
        choices=[
            ("all", _("toutes les règles sont vraies")),
            ("any", _("au moins une règle est vraie")),
        ],
        default="all",
    )
    rules = blocks.ListBlock(RuleBlock(), label=_("Règles"), min_num=0, default=[])

    class Meta:
        label = _("Afficher seulement si")
        collapsed = True


def condition_from_block(value: Any, properties: dict[str, Any]) -> dict[str, Any] | None:
    """The condition data of a ConditionBlock value, with values typed like their field.

    Raises ValueError (French message) for a rule that cannot hold.
    """
    if not value or not value.get("rules"):
        return None
    rules = []
    for rule in value["rules"]:
        name = rule["field"].strip()
        if name not in properties:
            raise ValueError(
                _("La condition porte sur « %(name)s », qui n'est pas une question précédente.")
                % {"name": name}
            )
        op = rule["op"]
        if properties[name].get("type") == "array" and op in ("equals", "one_of"):
            op = "includes"  # a multiple choice "equals" one option when it contains it
        data: dict[str, Any] = {"field": name, "op": op}
        if op not in VALUELESS:
            data["value"] = _typed(rule.get("value") or "", properties[name], op)
        rules.append(data)
    if len(rules) == 1:
        return rules[0]
    return {value.get("combine") or "all": rules}


def _typed(raw: str, prop: dict[str, Any], op: str) -> Any:
    if op == "includes":
        return [part.strip() for part in raw.split(",") if part.strip()]
    if op == "one_of":
        return [_scalar(part.strip(), prop, op) for part in raw.split(",") if part.strip()]
    return _scalar(raw.strip(), prop, op)


def _scalar(raw: str, prop: dict[str, Any], op: str) -> Any:
    kind = prop.get("type")
    if op in NUMERIC or kind in ("integer", "number"):
        try:
            number = float(raw.replace(",", "."))
        except ValueError:
            raise ValueError(
                _("La valeur « %(value)s » de la condition doit être un nombre.") % {"value": raw}
            ) from None
        return int(number) if number.is_integer() else number
    if kind == "boolean":
        return raw.lower() in ("oui", "true", "1", "vrai")
    return raw


def condition_schema(condition: dict[str, Any]) -> dict[str, Any]:
    """The JSON Schema that an answers object satisfies exactly when the condition holds."""
    if "all" in condition:
        return {"allOf": [condition_schema(part) for part in condition["all"]]}
    if "any" in condition:
        return {"anyOf": [condition_schema(part) for part in condition["any"]]}
    name, op, value = condition["field"], condition["op"], condition.get("value")
    if op == "filled":
        return {"required": [name]}
    if op == "not_equals":
        return {"not": {"required": [name], "properties": {name: {"const": value}}}}
    if op == "includes":
        return {
            "required": [name],
            "properties": {name: {"anyOf": [{"contains": {"const": v}} for v in value]}},
        }
    test = {
        "equals": {"const": value},
        "one_of": {"enum": value},
        "greater_than": {"exclusiveMinimum": value},
        "less_than": {"exclusiveMaximum": value},
        "checked": {"const": True},
    }[op]
    return {"required": [name], "properties": {name: test}}


def holds(condition: dict[str, Any] | None, answers: dict[str, Any]) -> bool:
    """Evaluate a condition on answers (hidden answers already dropped)."""
    if condition is None:
        return True
    if "all" in condition:
        return all(holds(part, answers) for part in condition["all"])
    if "any" in condition:
        return any(holds(part, answers) for part in condition["any"])
    name, op, value = condition["field"], condition["op"], condition.get("value")
    present = name in answers
    answer = answers.get(name)
    if op == "filled":
        return present
    if op == "not_equals":
        return not (present and _same(answer, value))
    if not present:
        return False
    if op == "equals":
        return _same(answer, value)
    if op == "one_of":
        return any(_same(answer, option) for option in value)
    if op == "checked":
        return answer is True
    if op == "includes":
        return isinstance(answer, list) and any(
            _same(item, option) for item in answer for option in value
        )
    if not _is_number(answer):
        return False
    return answer > value if op == "greater_than" else answer < value


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _same(left: Any, right: Any) -> bool:
    """JSON Schema equality: 1 == 1.0, but True != 1."""
    if isinstance(left, bool) or isinstance(right, bool):
        return left is right
    return left == right


def referenced_fields(condition: dict[str, Any] | None) -> set[str]:
    if condition is None:
        return set()
    if "all" in condition or "any" in condition:
        parts = condition.get("all") or condition.get("any") or []
        return set().union(*(referenced_fields(part) for part in parts))
    return {condition["field"]}


def combine(*conditions: dict[str, Any] | None) -> dict[str, Any] | None:
    present = [condition for condition in conditions if condition]
    if not present:
        return None
    return present[0] if len(present) == 1 else {"all": present}
