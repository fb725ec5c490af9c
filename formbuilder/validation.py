"""Server-side truth: Draft 2020-12 validation, one compiled validator per form version.

Before validating, answers to hidden questions are dropped (they are never required and
never stored). Errors come back in plain French, by question.
"""

import threading
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import ValidationError as SchemaError

from .compiler import canonical_json
from .conditions import holds
from .fields import all_formats, get_kind
from .keywords import GuichetValidator

_cache: dict[str, Draft202012Validator] = {}
_lock = threading.Lock()
ALL = "__all__"


def _format_checker() -> FormatChecker:
    checker = FormatChecker()

    # jsonschema's own e-mail check only looks for an "@"; use Django's stricter one.
    @checker.checks("email", raises=DjangoValidationError)
    def _is_email(instance: object) -> bool:
        if isinstance(instance, str):
            validate_email(instance)
        return True

    for name, check in all_formats().items():
        checker.checks(name)(check)
    return checker


FORMAT_CHECKER = _format_checker()


def validator_for(schema: dict[str, Any], key: str | None = None) -> Draft202012Validator:
    """The cached validator of a schema; `key` is the version's checksum when known."""
    key = key or canonical_json(schema)
    validator = _cache.get(key)
    if validator is None:
        with _lock:
            validator = _cache.get(key)
            if validator is None:
                GuichetValidator.check_schema(schema)
                validator = GuichetValidator(schema, format_checker=FORMAT_CHECKER)
                _cache[key] = validator
    return validator


def visible_answers(ui_schema: dict[str, Any], answers: dict[str, Any]) -> dict[str, Any]:
    """The answers to the questions shown, in page order; hidden ones are dropped.

    Conditions only look at earlier questions, so one pass in order is enough.
    """
    kept: dict[str, Any] = {}
    for name in ui_schema.get("order", []):
        if name in answers and holds(ui_schema["fields"][name].get("visible_when"), kept):
            kept[name] = answers[name]
    return kept


def visible_fields(ui_schema: dict[str, Any], answers: dict[str, Any]) -> list[str]:
    kept = visible_answers(ui_schema, answers)
    return [
        name
        for name in ui_schema.get("order", [])
        if holds(ui_schema["fields"][name].get("visible_when"), kept)
    ]


def answer_errors(
    schema: dict[str, Any],
    ui_schema: dict[str, Any],
    answers: dict[str, Any],
    key: str | None = None,
    only: set[str] | None = None,
) -> dict[str, list[str]]:
    """Plain-French messages by question name ("__all__" for the whole form).

    `answers` must already be the visible ones. `only` limits the errors to some questions
    (one step of a longer form); eligibility refusals are always reported.
    """
    errors: dict[str, list[str]] = {}
    eligibility = ui_schema.get("eligibility", [])
    for rule in eligibility:
        if holds(rule["when"], answers):
            errors.setdefault(ALL, []).append(rule["message"])
    stops = _eligibility_rule_indices(schema)
    for error in validator_for(schema, key).iter_errors(answers):
        path = list(error.schema_path)
        if len(path) >= 2 and path[0] == "allOf" and path[1] in stops:
            continue  # reported above with the procedure's own words
        for name, message in _messages(error, ui_schema, only):
            if only is not None and name not in only:
                continue
            bucket = errors.setdefault(name, [])
            if message not in bucket:
                bucket.append(message)
    return errors


def _eligibility_rule_indices(schema: dict[str, Any]) -> set[int]:
    """Positions in the root allOf of the compiled eligibility rules: {"if": C, "then": false}."""
    return {
        index
        for index, item in enumerate(schema.get("allOf", []))
        if isinstance(item, dict) and "if" in item and item.get("then") is False
    }


def _messages(
    error: SchemaError, ui_schema: dict[str, Any], only: set[str] | None = None
) -> list[tuple[str, str]]:
    """The (question, message) pairs of one error, for the questions in `only` if given.

    A step is checked with the other steps' answers in view, so the questions of later
    steps, still empty, are reported missing: they are left out before any message is
    worded, which is most of the work on a long form.
    """
    path = list(error.absolute_path)
    if only is not None and path and str(path[0]) not in only:
        return []
    keyword = "false" if error.validator is None else str(error.validator)
    if keyword in ("required", "dependentRequired") and not path:
        # Blame the questions left empty, not the form: that is where the person looks.
        present = error.instance if isinstance(error.instance, dict) else {}
        expected = error.validator_value
        if keyword == "dependentRequired":
            expected = [n for key, needed in expected.items() if key in present for n in needed]
        missing = [
            name for name in expected if name not in present and (only is None or name in only)
        ]
        return [(name, _kind_message(ui_schema, name, "required")) for name in missing]
    if not path:
        return [(ALL, _kind_message(ui_schema, None, keyword))]
    name = str(path[0])
    ui = ui_schema.get("fields", {}).get(name, {})
    kind = get_kind(ui["kind"]) if "kind" in ui else None
    if len(path) > 1 and hasattr(kind, "nested_message"):
        if keyword == "required" and isinstance(error.instance, dict):
            # Name each missing answer of the row: « Enfant 2 : Prénom : ... ».
            missing = [n for n in error.validator_value if n not in error.instance]
            return [
                (name, kind.nested_message([*path[1:], child], "required", None, ui=ui))
                for child in missing
            ]
        return [(name, kind.nested_message(path[1:], keyword, error.validator_value, ui=ui))]
    if keyword == "required":
        keyword = "incomplete"  # a part is missing inside an answered question
    return [(name, _kind_message(ui_schema, name, keyword, error.validator_value))]


def _kind_message(
    ui_schema: dict[str, Any], name: str | None, keyword: str, limit: Any = None
) -> str:
    ui = ui_schema.get("fields", {}).get(name or "", {})
    if keyword in ui.get("messages", {}):
        return ui["messages"][keyword]  # the editor's own words for this question
    kind = get_kind(ui["kind"]) if "kind" in ui else get_kind("short_text")
    return kind.message(keyword, limit)
