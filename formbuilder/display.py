"""Answers rendered with their labels, from the exact form version they were given in."""

from dataclasses import dataclass
from typing import Any

from .fields import get_kind
from .refs import resolved


@dataclass(frozen=True)
class DisplayedAnswer:
    name: str
    label: str
    text: str
    files: tuple[dict[str, Any], ...] = ()


def displayed_answers(
    schema: dict[str, Any], ui_schema: dict[str, Any], answers: dict[str, Any]
) -> list[DisplayedAnswer]:
    rows = []
    for name in ui_schema.get("order", []):
        if name not in answers:
            continue
        prop = resolved(schema["properties"][name], schema)
        kind = get_kind(ui_schema["fields"][name]["kind"])
        rows.append(
            DisplayedAnswer(name, prop.get("title", name), kind.display(answers[name], prop))
        )
    return rows
