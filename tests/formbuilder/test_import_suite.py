"""The importer never crashes: every schema of the official JSON-Schema-Test-Suite (Draft
2020-12) is either accepted and shown as a form, or refused with a French message naming
the keyword and its JSON pointer.

Each schema is tried twice: as the whole form, and as the one question of a form, which
takes the importer much deeper (most suite schemas are not objects with properties).
"""

import json
from pathlib import Path
from typing import Any

import pytest
from django.utils.html import escape

from formbuilder.importer import SchemaRefused, import_schema
from formbuilder.rendering import form_class_for
from formbuilder.validation import validator_for

REPO = Path(__file__).resolve().parents[2]
SUITE = REPO.parent / "shared" / "data" / "json-schema-test-suite" / "draft2020-12"

if not SUITE.is_dir():
    pytest.skip(
        f"JSON-Schema-Test-Suite data not found at {SUITE} (shared data folder missing)",
        allow_module_level=True,
    )


def _suite_schemas() -> list[Any]:
    params = []
    for path in [*sorted(SUITE.glob("*.json")), *sorted(SUITE.glob("optional/*.json"))]:
        name = path.relative_to(SUITE).as_posix()
        for index, group in enumerate(json.loads(path.read_text(encoding="utf-8"))):
            params.append(pytest.param(group["schema"], id=f"{name}-{index}"))
    return params


SCHEMAS = _suite_schemas()


def _as_question(schema: Any) -> dict[str, Any]:
    """The suite schema as the only question of a form; its dialect stays on the root."""
    form: dict[str, Any] = {"type": "object", "properties": {"question": schema}}
    if isinstance(schema, dict) and "$schema" in schema:
        inner = dict(schema)
        form = {"$schema": inner.pop("$schema"), **form, "properties": {"question": inner}}
    return form


def _outcome(schema: Any) -> str:
    """ "accepted" or "refused"; any other exception fails the test."""
    try:
        compiled = import_schema(schema)
    except SchemaRefused as refusal:
        assert refusal.message
        assert f"« {refusal.keyword} »" in refusal.message
        assert f"(à {refusal.pointer or 'la racine du schéma'}" in refusal.message
        return "refused"
    validator_for(compiled.schema)
    html = form_class_for(compiled.schema, compiled.ui_schema)().as_div()
    for name in compiled.ui_schema["order"]:
        assert f'name="{escape(name)}' in html  # multi-part widgets add a suffix
    return "accepted"


@pytest.mark.parametrize("schema", SCHEMAS)
def test_a_suite_schema_as_a_form_is_accepted_and_rendered_or_refused_in_french(schema):
    _outcome(schema)


@pytest.mark.parametrize("schema", SCHEMAS)
def test_a_suite_schema_as_a_question_is_accepted_and_rendered_or_refused_in_french(schema):
    _outcome(_as_question(schema))


def test_the_suite_holds_both_accepted_and_refused_schemas():
    outcomes = [_outcome(_as_question(param.values[0])) for param in SCHEMAS]
    assert outcomes.count("accepted") > 0
    assert outcomes.count("refused") > 0
