"""Facts about stored answers that other apps need, without naming any kind."""

from typing import Any

from .fields import get_kind


def file_tokens(ui_schema: dict[str, Any], answers: dict[str, Any]) -> list[str]:
    """The upload tokens an answers object refers to, in page order."""
    tokens = []
    for name in ui_schema.get("order", []):
        kind = get_kind(ui_schema["fields"][name]["kind"])
        if getattr(kind, "is_file", False) and isinstance(answers.get(name), list):
            tokens += [item["upload"] for item in answers[name] if isinstance(item, dict)]
    return tokens
