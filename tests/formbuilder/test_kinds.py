"""Each bundled kind: its schema, how it reads what a person typed, its French errors."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from formbuilder.compiler import FormConfigError, compile_form
from formbuilder.display import displayed_answers
from formbuilder.rendering import form_class_for
from formbuilder.validation import answer_errors
from tests.formbuilder.forms import options, question


def _submit(fields, data):
    compiled = compile_form(title="x", fields=fields)
    form = form_class_for(compiled.schema, compiled.ui_schema)(data=data)
    assert form.is_valid(), form.errors
    answers = form.answers()
    return answers, answer_errors(compiled.schema, compiled.ui_schema, answers), compiled


def test_numbers_are_read_the_french_way():
    fields = [
        question("integer", "enfants", min_value=0, max_value=20),
        question("decimal", "surface"),
    ]
    answers, errors, _ = _submit(fields, {"enfants": " 3 ", "surface": "1 234,5"})
    assert answers == {"enfants": 3, "surface": 1234.5} and errors == {}


def test_numbers_out_of_bounds_or_malformed_are_refused_in_french():
    fields = [
        question("integer", "enfants", min_value=0, max_value=20),
        question("decimal", "surface", decimal_places=1),
    ]
    _, errors, _ = _submit(fields, {"enfants": "2,5", "surface": "12,34"})
    assert errors == {
        "enfants": ["Saisissez un nombre entier, sans virgule."],
        "surface": ["Saisissez au plus 1 chiffres après la virgule."],
    }
    _, errors, _ = _submit(fields, {"enfants": "21", "surface": "douze"})
    assert errors == {
        "enfants": ["Saisissez une valeur inférieure ou égale à 20."],
        "surface": ["Saisissez un nombre, par exemple 12,5."],
    }


def test_dates_accept_french_writing_and_relative_bounds():
    fields = [
        question("date", "naissance", max_date="-18y"),
        question("date", "rdv", min_date="today"),
    ]
    answers, errors, compiled = _submit(fields, {"naissance": "14/07/1990", "rdv": "2099-01-01"})
    assert answers == {"naissance": "1990-07-14", "rdv": "2099-01-01"} and errors == {}
    minor = (timezone.localdate() - timedelta(days=365 * 10)).strftime("%d/%m/%Y")
    _, errors, _ = _submit(fields, {"naissance": minor, "rdv": "31/02/2026"})
    eighteen = date.today().replace(year=date.today().year - 18).strftime("%d/%m/%Y")
    assert errors["naissance"] == [f"La date doit être le {eighteen} ou avant."]
    assert errors["rdv"] == ["Saisissez une date valide, par exemple 14/07/1990."]
    shown = displayed_answers(compiled.schema, compiled.ui_schema, answers)
    assert shown[0].text == "14/07/1990"


def test_times_and_datetimes_are_stored_in_standard_forms():
    fields = [question("time", "heure"), question("datetime", "debut")]
    answers, errors, _ = _submit(fields, {"heure": "9h30", "debut": "2026-07-14T10:30"})
    assert answers["heure"] == "09:30"
    assert answers["debut"].startswith("2026-07-14T10:30:00+02:00")
    assert errors == {}


def test_yes_no_and_declaration_checkbox():
    fields = [
        question("yes_no", "allocataire", widget="radio"),
        question("yes_no", "certifie", widget="checkbox"),
    ]
    answers, errors, _ = _submit(fields, {"allocataire": "false"})
    assert answers == {"allocataire": False}
    assert errors == {"certifie": ["Cochez cette case pour continuer."]}
    answers, errors, _ = _submit(fields, {"allocataire": "true", "certifie": "on"})
    assert answers == {"allocataire": True, "certifie": True} and errors == {}


def test_multiple_choice_counts_the_ticked_boxes():
    fields = [
        question(
            "multiple_choice", "jours", options=options("Lundi", "Mardi", "Jeudi"), min_selected=2
        )
    ]
    answers, errors, compiled = _submit(fields, {"jours": ["lundi"]})
    assert errors == {"jours": ["Cochez au moins 2 cases."]}
    answers, errors, compiled = _submit(fields, {"jours": ["lundi", "jeudi"]})
    assert errors == {}
    assert displayed_answers(compiled.schema, compiled.ui_schema, answers)[0].text == "Lundi, Jeudi"
    _, errors, _ = _submit(fields, {"jours": ["dimanche", "lundi"]})
    assert errors == {"jours": ["Choisissez une des options proposées."]}


def test_choice_with_other_keeps_the_precision():
    fields = [question("choice", "motif", options=options("Naissance"), allow_other=True)]
    answers, errors, compiled = _submit(
        fields, {"motif": "__autre__", "motif_precision": "Reconnaissance"}
    )
    assert answers == {"motif": "Reconnaissance"} and errors == {}
    assert (
        displayed_answers(compiled.schema, compiled.ui_schema, answers)[0].text
        == "Autre : Reconnaissance"
    )


def test_short_text_pattern_uses_the_editors_own_message():
    fields = [
        question(
            "short_text",
            "immatriculation",
            pattern=r"^[A-Z]{2}-\d{3}-[A-Z]{2}$",
            pattern_message="Format attendu : AB-123-CD.",
        )
    ]
    _, errors, _ = _submit(fields, {"immatriculation": "AB123CD"})
    assert errors == {"immatriculation": ["Format attendu : AB-123-CD."]}


@pytest.mark.parametrize(
    ("block", "field", "message"),
    [
        (
            question("short_text", "a", pattern="[a-"),
            "pattern",
            "Cette expression régulière est invalide",
        ),
        (
            question("short_text", "a", min_length=10, max_length=5),
            "max_length",
            "longueur maximale",
        ),
        (question("integer", "a", min_value=10, max_value=5), "max_value", "Le maximum doit être"),
        (
            question("date", "a", min_date="demain"),
            "min_date",
            "n'est pas une borne de date valide",
        ),
        (question("date", "a", min_date="today", max_date="-1d"), "max_date", "doit suivre"),
        (
            question("multiple_choice", "a", options=options("X"), max_selected=3),
            "max_selected",
            "dépasse",
        ),
    ],
)
def test_inconsistent_blocks_are_refused_naming_the_block_and_setting(block, field, message):
    with pytest.raises(FormConfigError) as refusal:
        compile_form(title="x", fields=[question("short_text", "premier"), block])
    assert message in refusal.value.errors[1][field]
