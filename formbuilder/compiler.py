"""Blocks -> JSON Schema (Draft 2020-12) + UI schema. Deterministic: same blocks, same bytes.

The UI schema (documented in docs/forms.md):
  order        every question's machine name, in page order
  fields       per question: kind, widget options, prefill, visible_when (effective condition)
  steps        [{title, visible_when?, items: [{field} | {section, visible_when?} | {text}]}]
  eligibility  [{when, message}]: answers for which the procedure stops, with the reason
"""

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from .conditions import combine, condition_from_block, condition_schema
from .fields import get_kind

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


@dataclass(frozen=True)
class CompiledForm:
    schema: dict[str, Any]
    ui_schema: dict[str, Any]

    def canonical_json(self) -> str:
        return canonical_json({"schema": self.schema, "ui_schema": self.ui_schema})

    @property
    def checksum(self) -> str:
        return hashlib.sha256(self.canonical_json().encode()).hexdigest()


class FormConfigError(Exception):
    """Blocks that cannot make a form: {block index: {block field or "": French message}}."""

    def __init__(self, errors: dict[int, dict[str, str]]) -> None:
        super().__init__(errors)
        self.errors = errors


def canonical_json(data: Any) -> str:
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


@dataclass
class _Walk:
    properties: dict[str, Any] = field(default_factory=dict)
    required: list[str] = field(default_factory=list)
    all_of: list[dict[str, Any]] = field(default_factory=list)
    ui_fields: dict[str, Any] = field(default_factory=dict)
    order: list[str] = field(default_factory=list)
    steps: list[dict[str, Any]] = field(default_factory=list)
    eligibility: list[dict[str, Any]] = field(default_factory=list)
    errors: dict[int, dict[str, str]] = field(default_factory=dict)
    step_condition: dict[str, Any] | None = None
    section_condition: dict[str, Any] | None = None

    def fail(self, index: int, block_field: str, message: str) -> None:
        self.errors.setdefault(index, {})[block_field] = message

    def current_items(self) -> list[dict[str, Any]]:
        if not self.steps:
            self.steps.append({"title": "", "items": []})
        return self.steps[-1]["items"]


def compile_form(*, title: str, fields: Any) -> CompiledForm:
    """Compile a StreamValue (or a list of (kind, value) pairs). Raises FormConfigError."""
    walk = _Walk()
    for index, (kind_name, value) in enumerate(_children(fields)):
        kind = get_kind(kind_name)
        for block_field, message in kind.check_block(value).items():
            walk.fail(index, block_field, message)
        if kind.is_question:
            _question(walk, index, kind, value)
        else:
            _layout(walk, index, kind.layout(value), value)
    if walk.errors:
        raise FormConfigError(walk.errors)
    schema: dict[str, Any] = {
        "$schema": SCHEMA_DIALECT,
        "type": "object",
        "title": title,
        "properties": walk.properties,
        "required": walk.required,
        "additionalProperties": False,
    }
    if walk.all_of:
        schema["allOf"] = walk.all_of
    ui = {
        "order": walk.order,
        "fields": walk.ui_fields,
        "steps": walk.steps or [{"title": "", "items": []}],
    }
    if walk.eligibility:
        ui["eligibility"] = walk.eligibility
    return CompiledForm(schema=schema, ui_schema=ui)


def _condition(
    walk: _Walk, index: int, block_value: Any, block_field: str = "visible_when"
) -> dict[str, Any] | None:
    try:
        return condition_from_block(block_value, walk.properties)
    except ValueError as error:
        walk.fail(index, block_field, str(error))
        return None


def _question(walk: _Walk, index: int, kind: Any, value: dict[str, Any]) -> None:
    name = value["name"]
    if name in walk.properties:
        walk.fail(
            index, "name", _("Le nom technique « %(name)s » est déjà utilisé.") % {"name": name}
        )
        return
    own = _condition(walk, index, value.get("visible_when"))
    effective = combine(walk.step_condition, walk.section_condition, own)
    prop = {"title": value["label"], **kind.schema(value)}
    if value.get("help_text"):
        prop["description"] = value["help_text"]
    walk.properties[name] = prop
    ui = {"kind": kind.name, **kind.ui(value)}
    if value.get("prefill"):
        ui["prefill"] = value["prefill"]
    if effective is None:
        if value.get("required"):
            walk.required.append(name)
    else:
        ui["visible_when"] = effective
        rule: dict[str, Any] = {"if": condition_schema(effective)}
        if value.get("required"):
            rule["then"] = {"required": [name]}
        rule["else"] = {"properties": {name: False}}  # hidden answers are never kept
        walk.all_of.append(rule)
    walk.ui_fields[name] = ui
    walk.order.append(name)
    walk.current_items().append({"field": name})


def _layout(walk: _Walk, index: int, item: dict[str, Any], value: dict[str, Any]) -> None:
    if "eligibility" in item:
        when = _condition(walk, index, item["eligibility"]["when"], "when")
        if when is not None:
            walk.eligibility.append({"when": when, "message": item["eligibility"]["message"]})
            walk.all_of.append({"if": condition_schema(when), "then": False})
        return
    condition = _condition(walk, index, value.get("visible_when"))
    if "step" in item:
        walk.step_condition, walk.section_condition = condition, None
        step = {"title": item["step"], "items": []}
        if condition is not None:
            step["visible_when"] = condition
        if walk.steps and not walk.steps[-1]["items"] and not walk.steps[-1]["title"]:
            walk.steps[-1] = step  # a form that opens with a step has no untitled first page
        else:
            walk.steps.append(step)
        return
    if "section" in item:
        walk.section_condition = condition
    effective = combine(walk.step_condition, walk.section_condition, condition)
    if effective is not None:
        item = {**item, "visible_when": effective}
    walk.current_items().append(item)


def compile_definition(definition: Any) -> CompiledForm:
    """A form definition's current questions: its imported schema, or its compiled blocks."""
    if definition.source_schema is not None:
        from .importer import compile_imported

        return compile_imported(definition.source_schema, definition.source_ui_schema)
    return compile_form(title=definition.name, fields=definition.fields)


def _children(fields: Any) -> list[tuple[str, dict[str, Any]]]:
    if hasattr(fields, "raw_data"):
        return [(child.block_type, dict(child.value)) for child in fields]
    return [(kind, dict(value)) for kind, value in fields]
