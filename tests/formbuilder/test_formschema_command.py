"""`manage.py formschema`: import a schema, export a version, validate answers, for scripts."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from formbuilder.models import FormDefinition

SCHEMA = {
    "type": "object",
    "properties": {
        "nom": {"type": "string", "title": "Nom", "maxLength": 80},
        "courriel": {"type": "string", "format": "email", "title": "Courriel"},
    },
    "required": ["nom"],
}


def _run(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("formschema", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def _write(tmp_path, name: str, data) -> str:
    path = tmp_path / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return str(path)


@pytest.fixture
def imported(db, tmp_path) -> FormDefinition:
    out, _err = _run("import", _write(tmp_path, "schema.json", SCHEMA), "--name", "Inscription")
    return FormDefinition.objects.get(pk=int(out.strip()))


def test_import_prints_the_new_form_id_and_publishes_version_1(imported):
    assert imported.name == "Inscription"
    assert imported.source_schema == SCHEMA
    version = imported.current_version
    assert version.number == 1
    assert version.ui_schema["order"] == ["nom", "courriel"]
    assert version.blocks == []


def test_import_with_a_ui_schema_file(db, tmp_path):
    ui = {"fields": {"nom": {"kind": "long_text"}}}
    out, _err = _run(
        "import",
        _write(tmp_path, "schema.json", SCHEMA),
        "--name",
        "Avec affichage",
        "--ui",
        _write(tmp_path, "ui.json", ui),
    )
    definition = FormDefinition.objects.get(pk=int(out))
    assert definition.current_version.ui_schema["fields"]["nom"] == {"kind": "long_text"}


def test_a_refused_import_says_why_on_stderr_and_exits_1(db, tmp_path):
    schema = {"type": "object", "properties": {"nom": {"type": "string", "$dynamicRef": "#x"}}}
    out, err = StringIO(), StringIO()
    with pytest.raises(SystemExit) as exit_:
        call_command(
            "formschema",
            "import",
            _write(tmp_path, "schema.json", schema),
            "--name",
            "Refusé",
            stdout=out,
            stderr=err,
        )
    assert exit_.value.code == 1
    assert out.getvalue() == ""
    assert err.getvalue().strip() == (
        "Le mot-clé « $dynamicRef » n'est pas pris en charge (à /properties/nom)."
    )
    assert not FormDefinition.objects.filter(name="Refusé").exists()


def test_a_name_already_used_is_refused(imported, tmp_path):
    err = StringIO()
    with pytest.raises(SystemExit) as exit_:
        call_command(
            "formschema",
            "import",
            _write(tmp_path, "schema.json", SCHEMA),
            "--name",
            "Inscription",
            stdout=StringIO(),
            stderr=err,
        )
    assert exit_.value.code == 1
    assert err.getvalue().strip() == "Un formulaire nommé « Inscription » existe déjà."
    assert FormDefinition.objects.filter(name="Inscription").count() == 1


def test_a_file_that_is_not_json_is_a_command_error(db, tmp_path):
    path = tmp_path / "schema.json"
    path.write_text("{pas du json", encoding="utf-8")
    with pytest.raises(CommandError, match="n'est pas un JSON valide"):
        _run("import", str(path), "--name", "Cassé")


def test_export_prints_the_latest_version_as_indented_json(imported):
    out, _err = _run("export", "Inscription")
    exported = json.loads(out)
    version = imported.current_version
    assert exported == {"schema": version.schema, "ui_schema": version.ui_schema}
    assert exported["schema"]["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert out.startswith('{\n  "schema"')


def test_export_a_given_version(imported):
    out, _err = _run("export", "Inscription", "--version", "1")
    assert json.loads(out)["schema"]["properties"] == SCHEMA["properties"]
    with pytest.raises(CommandError, match="n'a pas de version 7"):
        _run("export", "Inscription", "--version", "7")


def test_export_of_an_unknown_form_is_a_command_error(db):
    with pytest.raises(CommandError, match="Aucun formulaire ne s'appelle « Absent »"):
        _run("export", "Absent")


def test_validate_valid_answers_prints_valide_and_exits_0(imported, tmp_path):
    answers = _write(tmp_path, "answers.json", {"nom": "Lefèvre", "courriel": "j@exemple.fr"})
    out, _err = _run("validate", "Inscription", answers)
    assert out.strip() == "Valide."


def test_validate_invalid_answers_prints_one_line_per_error_and_exits_1(imported, tmp_path):
    answers = _write(tmp_path, "answers.json", {"courriel": "pas-une-adresse"})
    out = StringIO()
    with pytest.raises(SystemExit) as exit_:
        call_command("formschema", "validate", "Inscription", answers, stdout=out)
    assert exit_.value.code == 1
    assert out.getvalue().splitlines() == [
        "nom : Ce champ est obligatoire.",
        "courriel : Saisissez une adresse e-mail valide, par exemple nom@exemple.fr.",
    ]
