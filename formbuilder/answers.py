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


def answer_with_role(ui_schema: dict[str, Any], answers: dict[str, Any], role: str) -> Any:
    """The first answer, in page order, of a question whose kind plays `role`."""
    for name in ui_schema.get("order", []):
        if get_kind(ui_schema["fields"][name]["kind"]).answer_role == role:
            if answers.get(name) is not None:
                return answers[name]
    return None


def has_role(ui_schema: dict[str, Any], role: str) -> bool:
    """Whether a form asks a question whose kind plays `role`."""
    return any(
        get_kind(field["kind"]).answer_role == role
        for field in ui_schema.get("fields", {}).values()
    )
