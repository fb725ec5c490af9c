"""Server-side truth: Draft 2020-12 validation, one compiled validator per form version."""

import threading
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import ValidationError as SchemaError

from .compiler import canonical_json
from .fields import get_kind

_cache: dict[str, Draft202012Validator] = {}
_lock = threading.Lock()


def _format_checker() -> FormatChecker:
    checker = FormatChecker()

    # jsonschema's own e-mail check only looks for an "@"; use Django's stricter one.
    @checker.checks("email", raises=DjangoValidationError)
    def _is_email(instance: object) -> bool:
        if isinstance(instance, str):
            validate_email(instance)
        return True

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
                Draft202012Validator.check_schema(schema)
                validator = Draft202012Validator(schema, format_checker=FORMAT_CHECKER)
                _cache[key] = validator
    return validator


def answer_errors(
    schema: dict[str, Any],
    ui_schema: dict[str, Any],
    answers: dict[str, Any],
    key: str | None = None,
) -> dict[str, list[str]]:
    """Plain-French messages by question name ("__all__" for the whole form)."""
    errors: dict[str, list[str]] = {}
    for error in validator_for(schema, key).iter_errors(answers):
        for name, message in _messages(error, ui_schema):
            bucket = errors.setdefault(name, [])
            if message not in bucket:
                bucket.append(message)
    return errors


def _messages(error: SchemaError, ui_schema: dict[str, Any]) -> list[tuple[str, str]]:
    path = list(error.absolute_path)
    if error.validator == "required" and not path:
        present = error.instance if isinstance(error.instance, dict) else {}
        missing = [name for name in error.validator_value if name not in present]
        return [(name, _kind_message(ui_schema, name, "required")) for name in missing]
    if not path:
        return [("__all__", _kind_message(ui_schema, None, str(error.validator)))]
    name = str(path[0])
    return [(name, _kind_message(ui_schema, name, str(error.validator), error.validator_value))]


def _kind_message(
    ui_schema: dict[str, Any], name: str | None, keyword: str, limit: Any = None
) -> str:
    ui = ui_schema.get("fields", {}).get(name or "", {})
    kind = get_kind(ui["kind"]) if "kind" in ui else get_kind("short_text")
    return kind.message(keyword, limit)
