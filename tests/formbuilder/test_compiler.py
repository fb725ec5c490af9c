import json

import pytest
from wagtail.blocks.stream_block import StreamBlockValidationError

from formbuilder.blocks import FormFieldsBlock
from formbuilder.compiler import compile_form
from formbuilder.fields import all_kinds
from formbuilder.validation import validator_for

QUESTIONS = [
    ("short_text", {"label": "Nom", "name": "nom", "required": True, "max_length": 80}),
    ("email", {"label": "Courriel", "name": "courriel", "required": False}),
    (
        "choice",
        {
            "label": "Motif",
            "name": "motif",
            "required": True,
            "widget": "select",
            "options": [
                {"label": "Naissance", "value": "naissance"},
                {"label": "Mariage", "value": "mariage"},
            ],
        },
    ),
]


def test_the_same_questions_always_compile_to_the_same_bytes():
    first = compile_form(title="Acte", fields=QUESTIONS)
    second = compile_form(title="Acte", fields=[(kind, dict(value)) for kind, value in QUESTIONS])
    assert first.canonical_json() == second.canonical_json()
    assert first.checksum == second.checksum


def test_compiled_schema_is_valid_draft_2020_12_with_labels_and_required():
    compiled = compile_form(title="Acte", fields=QUESTIONS)
    validator_for(compiled.schema)  # raises SchemaError if the schema is not valid
    assert compiled.schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert compiled.schema["required"] == ["nom", "motif"]
    assert compiled.schema["properties"]["motif"]["oneOf"][1] == {
        "const": "mariage",
        "title": "Mariage",
    }
    assert compiled.ui_schema["order"] == ["nom", "courriel", "motif"]
    assert compiled.ui_schema["fields"]["motif"] == {"kind": "choice", "widget": "select"}
    json.dumps(compiled.schema)  # plain JSON, storable anywhere


def test_every_kind_builds_a_wagtail_block_and_a_schema_fragment():
    block = FormFieldsBlock()
    assert {kind.name for kind in all_kinds()} <= set(block.child_blocks)


def _stream(items):
    block = FormFieldsBlock()
    return block, block.to_python([{"type": kind, "value": value} for kind, value in items])


def test_blank_machine_names_are_derived_once_from_the_label():
    block, value = _stream(
        [
            (
                "short_text",
                {"label": "Nom de naissance", "name": "", "required": True, "max_length": 50},
            ),
            (
                "choice",
                {
                    "label": "Type d'acte",
                    "name": "",
                    "required": True,
                    "widget": "radio",
                    "options": [{"label": "Copie intégrale", "value": ""}],
                },
            ),
        ]
    )
    cleaned = block.clean(value)
    assert cleaned[0].value["name"] == "nom_de_naissance"
    assert cleaned[1].value["name"] == "type_d_acte"
    assert cleaned[1].value["options"][0]["value"] == "copie_integrale"


def test_duplicate_machine_names_are_refused_naming_the_block():
    block, value = _stream(
        [
            ("short_text", {"label": "Nom", "name": "nom", "required": True, "max_length": 50}),
            (
                "long_text",
                {"label": "Nom (bis)", "name": "nom", "required": False, "max_length": 50},
            ),
        ]
    )
    with pytest.raises(StreamBlockValidationError) as refusal:
        block.clean(value)
    assert list(refusal.value.block_errors) == [1]
    message = refusal.value.block_errors[1].block_errors["name"].messages[0]
    assert "« nom » est déjà utilisé par la question 1" in message
