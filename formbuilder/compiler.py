"""Blocks -> JSON Schema (Draft 2020-12) + UI schema. Deterministic: same blocks, same bytes."""

import hashlib
import json
from dataclasses import dataclass
from typing import Any

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


def canonical_json(data: Any) -> str:
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def compile_form(*, title: str, fields: Any) -> CompiledForm:
    """Compile a StreamValue (or a list of (kind, value) pairs) of questions."""
    properties: dict[str, Any] = {}
    required: list[str] = []
    ui_fields: dict[str, Any] = {}
    order: list[str] = []
    for kind_name, value in _children(fields):
        kind = get_kind(kind_name)
        name = value["name"]
        prop = {"title": value["label"], **kind.schema(value)}
        if value.get("help_text"):
            prop["description"] = value["help_text"]
        properties[name] = prop
        if value.get("required"):
            required.append(name)
        ui_fields[name] = {"kind": kind_name, **kind.ui(value)}
        order.append(name)
    schema = {
        "$schema": SCHEMA_DIALECT,
        "type": "object",
        "title": title,
        "properties": properties,
        "required": required,
        "additionalProperties": False,
    }
    return CompiledForm(schema=schema, ui_schema={"order": order, "fields": ui_fields})


def _children(fields: Any) -> list[tuple[str, dict[str, Any]]]:
    if hasattr(fields, "raw_data"):
        return [(child.block_type, dict(child.value)) for child in fields]
    return [(kind, dict(value)) for kind, value in fields]
