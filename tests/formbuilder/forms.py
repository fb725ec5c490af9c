"""Small helpers to build block values the way the Wagtail editor stores them."""

from typing import Any

from formbuilder.fields.registry import machine_name


def question(kind: str, name: str, label: str | None = None, **values: Any) -> tuple[str, dict]:
    base = {"label": label or name.capitalize(), "name": name, "help_text": "", "required": True}
    return (kind, {**base, "visible_when": {"combine": "all", "rules": []}, **values})


def when(*rules: tuple[str, str, Any], combine: str = "all") -> dict[str, Any]:
    """A ConditionBlock value: when(("age", "greater_than", "17"))."""
    return {
        "combine": combine,
        "rules": [
            {"field": f, "op": op, "value": "" if v is None else str(v)} for f, op, v in rules
        ],
    }


def options(*labels: str) -> list[dict[str, str]]:
    return [{"label": label, "value": machine_name(label)} for label in labels]
