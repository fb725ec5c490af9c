"""The UI schema of an imported form: checked when given, completed or inferred otherwise."""

import json
from typing import Any

from django.utils.translation import gettext as _

from .conditions import OPERATORS
from .fields import get_kind, kind_for_schema
from .refs import resolved
from .schema_refusals import SchemaRefused, json_pointer

_UI_KEYS = ("order", "fields", "steps", "eligibility")


def ui_schema_for(schema: dict[str, Any], given: dict[str, Any] | None) -> dict[str, Any]:
    properties = schema["properties"]
    given = {} if given is None else given
    if not isinstance(given, dict):
        raise _ui_refused("ui_schema", "", _("Le schéma d'affichage doit être un objet JSON"))
    for key in given:
        if key not in _UI_KEYS:
            raise _ui_refused(
                key,
                "",
                _("La clé « %(key)s » n'est pas prise en charge (clés acceptées : %(keys)s)")
                % {"key": key, "keys": ", ".join(_UI_KEYS)},
            )
    order = _order(given.get("order", []), properties)
    fields = _fields(given.get("fields", {}), order, schema)
    ui: dict[str, Any] = {
        "order": order,
        "fields": fields,
        "steps": _steps(given.get("steps"), order, properties),
    }
    if "eligibility" in given:
        ui["eligibility"] = _eligibility(given["eligibility"], properties)
    return ui


def _ui_refused(keyword: str, pointer: str, reason: str) -> SchemaRefused:
    return SchemaRefused(keyword, pointer, reason, document="ui_schema")


def _not_a_question(keyword: str, pointer: str, name: Any) -> SchemaRefused:
    return _ui_refused(
        keyword,
        pointer,
        _("« %(name)s » n'est pas une propriété du schéma") % {"name": name},
    )


def _order(given: Any, properties: dict[str, Any]) -> list[str]:
    if not isinstance(given, list):
        raise _ui_refused("order", "/order", _("« order » doit être une liste de noms"))
    order: list[str] = []
    for index, name in enumerate(given):
        if not isinstance(name, str) or name not in properties or name in order:
            raise _not_a_question("order", f"/order/{index}", name)
        order.append(name)
    # Questions the given order leaves out come last, in the schema's order.
    return order + [name for name in properties if name not in order]


def _fields(given: Any, order: list[str], schema: dict[str, Any]) -> dict[str, Any]:
    if not isinstance(given, dict):
        raise _ui_refused("fields", "/fields", _("« fields » doit être un objet"))
    for name, entry in given.items():
        pointer = json_pointer(["fields", name])
        if name not in schema["properties"]:
            raise _not_a_question("fields", pointer, name)
        if not isinstance(entry, dict):
            raise _ui_refused("fields", pointer, _("Chaque champ doit être un objet"))
        if "visible_when" in entry:
            _check_condition(
                entry["visible_when"],
                "visible_when",
                f"{pointer}/visible_when",
                schema["properties"],
            )
    fields: dict[str, Any] = {}
    for name in order:
        entry = dict(given.get(name, {}))
        pointer = json_pointer(["fields", name, "kind"])
        kind_name = entry.pop("kind", None)
        if kind_name is None:
            kind_name = _inferred_kind(name, schema)
        elif not _is_question_kind(kind_name):
            raise _ui_refused(
                "kind",
                pointer,
                _("Le type de champ « %(kind)s » n'existe pas") % {"kind": kind_name},
            )
        fields[name] = {"kind": kind_name, **entry}
    return fields


def _is_question_kind(name: Any) -> bool:
    try:
        return isinstance(name, str) and get_kind(name).is_question
    except KeyError:
        return False


def _inferred_kind(name: str, schema: dict[str, Any]) -> str:
    prop = resolved(schema["properties"][name], schema)
    kind = kind_for_schema(prop)
    if kind is None:
        if "type" in prop:
            reason = _(
                "Aucun type de champ ne sait afficher la propriété « %(name)s » de « type » "
                "%(type)s telle qu'elle est décrite"
            ) % {"name": name, "type": json.dumps(prop["type"], ensure_ascii=False)}
        else:
            reason = _(
                "Aucun type de champ ne sait afficher la propriété « %(name)s » : "
                "précisez son « type »"
            ) % {"name": name}
        raise SchemaRefused("type", json_pointer(["properties", name]), reason)
    return kind.name


def _steps(given: Any, order: list[str], properties: dict[str, Any]) -> list[dict[str, Any]]:
    if given is None:
        return [{"title": "", "items": [{"field": name} for name in order]}]
    if not isinstance(given, list) or not given:
        raise _ui_refused("steps", "/steps", _("« steps » doit être une liste d'étapes"))
    steps: list[dict[str, Any]] = []
    placed: set[str] = set()
    for index, step in enumerate(given):
        pointer = f"/steps/{index}"
        if not isinstance(step, dict) or not isinstance(step.get("items", []), list):
            raise _ui_refused(
                "steps", pointer, _('Une étape est un objet {"title": …, "items": […]}')
            )
        if "visible_when" in step:
            _check_condition(
                step["visible_when"], "visible_when", f"{pointer}/visible_when", properties
            )
        items = []
        for position, item in enumerate(step.get("items", [])):
            items.append(_step_item(item, f"{pointer}/items/{position}", properties, placed))
        steps.append({**step, "title": str(step.get("title", "")), "items": items})
    # Questions no step shows go on the last page, so no question is ever unreachable.
    steps[-1]["items"] += [{"field": name} for name in order if name not in placed]
    return steps


def _step_item(
    item: Any, pointer: str, properties: dict[str, Any], placed: set[str]
) -> dict[str, Any]:
    if not isinstance(item, dict) or not ({"field", "section", "text"} & item.keys()):
        raise _ui_refused(
            "items",
            pointer,
            _('Un élément d\'étape est {"field": …}, {"section": …} ou {"text": …}'),
        )
    if "visible_when" in item:
        _check_condition(
            item["visible_when"], "visible_when", f"{pointer}/visible_when", properties
        )
    if "field" in item:
        name = item["field"]
        if not isinstance(name, str) or name not in properties or name in placed:
            raise _not_a_question("field", f"{pointer}/field", name)
        placed.add(name)
    return dict(item)


def _eligibility(given: Any, properties: dict[str, Any]) -> list[dict[str, Any]]:
    if not isinstance(given, list):
        raise _ui_refused("eligibility", "/eligibility", _("« eligibility » doit être une liste"))
    for index, rule in enumerate(given):
        pointer = f"/eligibility/{index}"
        if not isinstance(rule, dict) or not isinstance(rule.get("message"), str):
            raise _ui_refused(
                "eligibility",
                pointer,
                _('Une règle d\'éligibilité est {"when": condition, "message": texte}'),
            )
        _check_condition(rule.get("when"), "when", f"{pointer}/when", properties)
    return list(given)


_OPERATOR_NAMES = frozenset({name for name, _label in OPERATORS} | {"includes"})


def _check_condition(
    condition: Any, keyword: str, pointer: str, properties: dict[str, Any]
) -> None:
    """Conditions in a pasted UI schema have the shape conditions.py evaluates."""
    combiner = next(iter(condition), None) if isinstance(condition, dict) else None
    if combiner in ("all", "any") and len(condition) == 1:
        parts = condition[combiner]
        if isinstance(parts, list) and parts:
            for index, part in enumerate(parts):
                _check_condition(part, keyword, f"{pointer}/{combiner}/{index}", properties)
            return
    elif isinstance(condition, dict) and condition.get("op") in _OPERATOR_NAMES:
        if condition.get("field") not in properties:
            raise _not_a_question("field", f"{pointer}/field", condition.get("field"))
        return
    raise _ui_refused(
        keyword,
        pointer,
        _('Une condition est {"field": …, "op": …, "value": …}, ou {"all": […]} / {"any": […]}'),
    )
