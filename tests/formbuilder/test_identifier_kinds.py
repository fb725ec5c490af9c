"""Phone, web address, postcode, SIREN, SIRET, NIR, IBAN and RNA questions, end to end:
block -> schema -> form -> stored answer -> validation -> display."""

import pytest
from jsonschema import Draft202012Validator, FormatChecker

from formbuilder.compiler import compile_form
from formbuilder.fields import all_formats, get_kind, kind_for_schema
from formbuilder.rendering import form_class_for
from formbuilder.validation import FORMAT_CHECKER, answer_errors

KINDS = ["phone", "url", "postcode", "siren", "siret", "nir", "iban", "rna"]
FORMATS = {
    "phone": "fr-phone",
    "url": "uri",
    "postcode": "fr-postcode",
    "siren": "siren",
    "siret": "siret",
    "nir": "nir",
    "iban": "iban",
    "rna": "rna",
}

# What a person types, and what is stored.
TYPED = {
    "phone": ("+33 6 12 34 56 78", "+33612345678"),
    "url": ("www.mairie-exemple.fr", "https://www.mairie-exemple.fr"),
    "postcode": (" 20000 ", "20000"),
    "siren": ("732 829 320", "732829320"),
    "siret": ("732 829 320 00074", "73282932000074"),
    "nir": ("1 85 05 2a 004 123 56", "185052A00412356"),
    "iban": ("fr14 2004 1010 0505 0001 3m02 606", "FR1420041010050500013M02606"),
    "rna": ("w751234567", "W751234567"),
}

# A stored answer that is wrong, and the French message that says why.
WRONG = {
    "phone": ("06 12 34 56", "Saisissez un numéro de téléphone français de 10 chiffres"),
    "url": ("ftp://mairie-exemple.fr", "Saisissez une adresse web valide"),
    "postcode": ("00100", "Le code postal comporte 5 chiffres"),
    "siren": ("732829321", "Le numéro SIREN comporte 9 chiffres"),
    "siret": ("73282932000075", "Le numéro SIRET comporte 14 chiffres"),
    "nir": ("185052A00412383", "Le numéro de sécurité sociale comporte 15 caractères"),
    "iban": ("FR1520041010050500013M02606", "L'IBAN commence par le code du pays"),
    "rna": ("751234567", "Le numéro RNA commence par la lettre W"),
}


def _compiled():
    return compile_form(
        title="Déclaration",
        fields=[
            (
                kind,
                {
                    "label": f"Question {kind}",
                    "name": kind,
                    "required": False,
                    "help_text": "",
                    "visible_when": None,
                },
            )
            for kind in KINDS
        ],
    )


def _errors(answers):
    compiled = _compiled()
    return answer_errors(compiled.schema, compiled.ui_schema, answers)


@pytest.mark.parametrize("kind", KINDS)
def test_each_question_compiles_to_a_string_with_its_own_format(kind):
    compiled = _compiled()
    prop = compiled.schema["properties"][kind]
    assert prop["type"] == "string"
    assert prop["format"] == FORMATS[kind]
    assert compiled.ui_schema["fields"][kind]["kind"] == kind
    # And an imported schema with that format comes back to the same kind.
    assert kind_for_schema({"type": "string", "format": FORMATS[kind]}) is get_kind(kind)


def test_identifier_fragments_cap_the_length_of_the_normalised_answer():
    properties = _compiled().schema["properties"]
    assert {name: properties[name].get("maxLength") for name in KINDS} == {
        "phone": None,
        "url": 2000,
        "postcode": 5,
        "siren": 9,
        "siret": 14,
        "nir": 15,
        "iban": 34,
        "rna": 10,
    }


def test_blocks_sit_in_their_menu_group_and_order():
    assert {name: str(get_kind(name).block().meta.group) for name in KINDS} == {
        "phone": "Texte",
        "url": "Texte",
        "postcode": "Identifiants",
        "siren": "Identifiants",
        "siret": "Identifiants",
        "nir": "Identifiants",
        "iban": "Identifiants",
        "rna": "Identifiants",
    }
    assert [get_kind(name).menu_order for name in KINDS] == [14, 15, 40, 41, 42, 43, 44, 45]
    assert "prefill" in get_kind("phone").block().child_blocks


def test_inputs_bring_the_right_keyboard_and_autofill():
    compiled = _compiled()
    form = form_class_for(compiled.schema, compiled.ui_schema)()
    attrs = {name: form.fields[name].widget.attrs for name in KINDS}
    assert form.fields["phone"].widget.input_type == "tel"
    assert attrs["phone"]["inputmode"] == "tel"
    assert attrs["phone"]["autocomplete"] == "tel"
    assert attrs["url"]["autocomplete"] == "url"
    assert attrs["postcode"]["autocomplete"] == "postal-code"
    for name in ("postcode", "siren", "siret"):
        assert attrs[name]["inputmode"] == "numeric"
    # A Corsican NIR has letters: no digits-only keypad.
    assert attrs["nir"]["inputmode"] == "text"
    assert attrs["siret"]["placeholder"] == "732 829 320 00074"


def test_the_form_reads_what_people_type_and_stores_it_normalised():
    compiled = _compiled()
    form = form_class_for(compiled.schema, compiled.ui_schema)(
        data={name: typed for name, (typed, _stored) in TYPED.items()}
    )
    assert form.is_valid()  # Django never refuses: the JSON Schema says what is wrong
    answers = form.answers()
    assert answers == {name: stored for name, (_typed, stored) in TYPED.items()}
    assert _errors(answers) == {}


def test_unreadable_text_is_kept_as_typed_so_that_validation_can_refuse_it():
    compiled = _compiled()
    form = form_class_for(compiled.schema, compiled.ui_schema)(
        data={"siret": " 732 829 ", "phone": "bonjour", "postcode": ""}
    )
    assert form.is_valid()
    assert form.answers() == {"siret": "732 829", "phone": "bonjour"}


@pytest.mark.parametrize("kind", KINDS)
def test_formats_are_offered_to_the_validator_and_refuse_wrong_values(kind):
    checker = FormatChecker()
    for name, check in all_formats().items():
        checker.checks(name)(check)
    validator = Draft202012Validator(_compiled().schema, format_checker=checker)
    wrong, _message = WRONG[kind]
    assert [e.validator for e in validator.iter_errors({kind: wrong})] == ["format"]
    assert list(validator.iter_errors({kind: TYPED[kind][1]})) == []
    # Non-strings are the "type" keyword's business, not the format's.
    assert all_formats()[FORMATS[kind]](12345) is True


@pytest.mark.parametrize("kind", KINDS)
def test_a_wrong_answer_gets_the_kind_french_message(kind):
    assert FORMATS[kind] in FORMAT_CHECKER.checkers  # validation.py registers all_formats()
    wrong, message = WRONG[kind]
    errors = _errors({kind: wrong})
    assert list(errors) == [kind]
    assert len(errors[kind]) == 1
    assert errors[kind][0].startswith(message)


def test_too_long_identifiers_get_one_message_not_two():
    errors = _errors({"siret": "732829320000740"})
    assert errors == {"siret": [str(get_kind("siret").messages["format"])]}


def test_answers_are_shown_the_way_people_write_them():
    compiled = _compiled()
    shown = {
        name: get_kind(name).display(stored, compiled.schema["properties"][name])
        for name, (_typed, stored) in TYPED.items()
    }
    assert shown == {
        "phone": "06 12 34 56 78",
        "url": "https://www.mairie-exemple.fr",
        "postcode": "20000",
        "siren": "732 829 320",
        "siret": "732 829 320 00074",
        "nir": "1 85 05 2A 004 123 56",
        "iban": "FR14 2004 1010 0505 0001 3M02 606",
        "rna": "W751234567",
    }


def test_a_resumed_draft_shows_the_number_as_it_is_written_and_reads_it_back():
    kind = get_kind("phone")
    initial = kind.to_initial("+262692123456", {})
    assert initial == "06 92 12 34 56"
    assert kind.to_answer(initial) == "+262692123456"
