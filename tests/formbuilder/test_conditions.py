import itertools

import pytest

from formbuilder.compiler import FormConfigError, compile_form
from formbuilder.conditions import condition_schema, holds
from formbuilder.validation import answer_errors, validator_for, visible_answers, visible_fields
from tests.formbuilder.forms import options, question, when

FORM = [
    question("choice", "situation", options=options("Locataire", "Propriétaire"), widget="radio"),
    question("short_text", "bailleur", visible_when=when(("situation", "equals", "locataire"))),
    question("integer", "age"),
    question("yes_no", "handicap", widget="radio"),
    question(
        "long_text",
        "besoins",
        required=False,
        visible_when=when(
            ("age", "greater_than", "64"), ("handicap", "checked", None), combine="any"
        ),
    ),
    ("eligibility", {"when": when(("age", "less_than", "18")), "message": "Réservé aux majeurs."}),
]


@pytest.fixture(scope="module")
def compiled():
    return compile_form(title="Aide", fields=FORM)


def test_a_conditional_question_is_required_only_when_shown(compiled):
    schema, ui = compiled.schema, compiled.ui_schema
    assert "bailleur" not in schema["required"]
    base = {"age": 40, "handicap": False}
    tenant = {**base, "situation": "locataire"}
    assert answer_errors(schema, ui, tenant) == {"bailleur": ["Ce champ est obligatoire."]}
    owner = {**base, "situation": "proprietaire"}
    assert answer_errors(schema, ui, owner) == {}


def test_hidden_answers_are_dropped_before_they_are_checked_or_stored(compiled):
    answers = {"situation": "proprietaire", "bailleur": "SCI Dupont", "age": 40, "handicap": False}
    assert visible_answers(compiled.ui_schema, answers) == {
        "situation": "proprietaire",
        "age": 40,
        "handicap": False,
    }
    assert "bailleur" not in visible_fields(compiled.ui_schema, answers)


def test_any_of_several_rules_shows_the_question(compiled):
    ui = compiled.ui_schema
    assert "besoins" in visible_fields(ui, {"age": 70, "handicap": False})
    assert "besoins" in visible_fields(ui, {"age": 30, "handicap": True})
    assert "besoins" not in visible_fields(ui, {"age": 30, "handicap": False})


def test_an_eligibility_rule_stops_the_citizen_with_its_own_words(compiled):
    errors = answer_errors(
        compiled.schema,
        compiled.ui_schema,
        {"situation": "proprietaire", "age": 16, "handicap": False},
    )
    assert errors == {"__all__": ["Réservé aux majeurs."]}


def test_the_json_schema_and_the_python_rules_agree_on_every_combination(compiled):
    """Server validation (if/then/else in the schema) and visibility (holds) never differ."""
    conditions = [
        ui["visible_when"] for ui in compiled.ui_schema["fields"].values() if "visible_when" in ui
    ]
    conditions.append(compiled.ui_schema["eligibility"][0]["when"])
    values = {
        "situation": [None, "locataire", "proprietaire"],
        "age": [None, 10, 18, 64, 65, 64.5],
        "handicap": [None, True, False],
    }
    for combination in itertools.product(*values.values()):
        answers = {k: v for k, v in zip(values, combination, strict=True) if v is not None}
        for condition in conditions:
            assert holds(condition, answers) == validator_for(condition_schema(condition)).is_valid(
                answers
            ), (condition, answers)


def test_a_condition_on_a_later_or_unknown_question_is_refused_naming_the_block():
    with pytest.raises(FormConfigError) as refusal:
        compile_form(
            title="x",
            fields=[
                question("short_text", "a", visible_when=when(("b", "equals", "oui"))),
                question("short_text", "b"),
            ],
        )
    assert refusal.value.errors == {
        0: {"visible_when": "La condition porte sur « b », qui n'est pas une question précédente."}
    }


def test_a_numeric_condition_needs_a_number():
    with pytest.raises(FormConfigError) as refusal:
        compile_form(
            title="x",
            fields=[
                question("integer", "age"),
                question("short_text", "b", visible_when=when(("age", "greater_than", "dix"))),
            ],
        )
    assert "doit être un nombre" in refusal.value.errors[1]["visible_when"]


def test_steps_and_sections_shape_the_pages_and_carry_their_conditions():
    compiled = compile_form(
        title="x",
        fields=[
            ("step", {"title": "Vous", "visible_when": None}),
            question("yes_no", "entreprise", widget="radio"),
            (
                "step",
                {
                    "title": "Votre entreprise",
                    "visible_when": when(("entreprise", "checked", None)),
                },
            ),
            ("section", {"title": "Identité", "visible_when": None}),
            question("short_text", "raison_sociale"),
            ("explanation", {"text": "<p>Merci.</p>"}),
        ],
    )
    steps = compiled.ui_schema["steps"]
    assert [step["title"] for step in steps] == ["Vous", "Votre entreprise"]
    assert steps[1]["items"][0] == {"section": "Identité", "visible_when": steps[1]["visible_when"]}
    assert compiled.ui_schema["fields"]["raison_sociale"]["visible_when"] == {
        "field": "entreprise",
        "op": "checked",
    }
    assert "raison_sociale" not in compiled.schema["required"]


def test_a_multiple_choice_condition_means_the_option_is_ticked():
    compiled = compile_form(
        title="x",
        fields=[
            question("multiple_choice", "pieces", options=options("Passeport", "Permis")),
            question("short_text", "numero", visible_when=when(("pieces", "equals", "permis"))),
        ],
    )
    ui = compiled.ui_schema
    assert "numero" in visible_fields(ui, {"pieces": ["passeport", "permis"]})
    assert "numero" not in visible_fields(ui, {"pieces": ["passeport"]})
