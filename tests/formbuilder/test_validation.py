from formbuilder.compiler import compile_form
from formbuilder.rendering import form_class_for
from formbuilder.validation import answer_errors, validator_for
from tests.formbuilder.test_compiler import QUESTIONS


def _errors(answers):
    compiled = compile_form(title="Acte", fields=QUESTIONS)
    return answer_errors(compiled.schema, compiled.ui_schema, answers)


def test_missing_required_answers_are_named_in_french():
    assert _errors({}) == {
        "nom": ["Ce champ est obligatoire."],
        "motif": ["Ce champ est obligatoire."],
    }


def test_malformed_email_and_unknown_choice_get_their_own_message():
    errors = _errors({"nom": "Roux", "courriel": "roux@", "motif": "divorce"})
    assert errors == {
        "courriel": ["Saisissez une adresse e-mail valide, par exemple nom@exemple.fr."],
        "motif": ["Choisissez une des options proposées."],
    }


def test_too_long_text_states_the_limit():
    assert _errors({"nom": "x" * 81, "motif": "mariage"}) == {
        "nom": ["Saisissez au plus 80 caractères."]
    }


def test_valid_answers_have_no_error():
    assert _errors({"nom": "Roux", "courriel": "roux@exemple.fr", "motif": "mariage"}) == {}


def test_validator_is_compiled_once_per_version():
    compiled = compile_form(title="Acte", fields=QUESTIONS)
    assert validator_for(compiled.schema, compiled.checksum) is validator_for(
        compiled.schema, compiled.checksum
    )


def test_rendered_form_reads_answers_and_drops_empty_ones():
    compiled = compile_form(title="Acte", fields=QUESTIONS)
    form = form_class_for(compiled.schema, compiled.ui_schema)(
        data={"nom": "  Roux ", "courriel": "", "motif": "mariage"}
    )
    assert form.is_valid()
    assert form.answers() == {"nom": "Roux", "motif": "mariage"}
    html = form.as_div()
    assert "Nom" in html and "Mariage" in html


def test_a_published_versions_form_classes_are_built_once(db):
    from formbuilder.models import FormDefinition
    from formbuilder.rendering import version_form_class

    definition = FormDefinition(name="Une fois", fields=QUESTIONS)
    definition.save()
    definition.save_revision().publish()
    version = definition.current_version
    assert version_form_class(version, ["nom"]) is version_form_class(version, ["nom"])
    assert version_form_class(version, ["nom"]) is not version_form_class(version, ["motif"])
    assert list(version_form_class(version, ["nom"]).base_fields) == ["nom"]
