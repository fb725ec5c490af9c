"""Forms as raw JSON Schema, for scripts: import a schema, export a version, validate answers.

  formschema import SCHEMA.json --name NAME [--ui UI.json]   prints the new form's id
  formschema export NAME [--version N]                      prints {"schema", "ui_schema"}
  formschema validate NAME DATA.json [--version N]          prints « Valide. » or the errors

A refused import or invalid answers exit with status 1, the reasons in French.
"""

import json
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from formbuilder.importer import SchemaRefused
from formbuilder.models import FormDefinition, FormVersion
from formbuilder.services import form_import
from formbuilder.validation import answer_errors


class Command(BaseCommand):
    help = "Importe, exporte un formulaire en JSON Schema, ou valide des réponses."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        importing = actions.add_parser("import", help="Crée un formulaire depuis un JSON Schema.")
        importing.add_argument("path", help="Fichier JSON Schema (Draft 2020-12).")
        importing.add_argument("--name", required=True, help="Nom du nouveau formulaire.")
        importing.add_argument("--ui", dest="ui_path", help="Fichier du schéma d'affichage.")
        exporting = actions.add_parser("export", help="Affiche une version publiée.")
        exporting.add_argument("name", help="Nom du formulaire.")
        exporting.add_argument("--version", dest="number", type=int, help="Numéro de version.")
        validating = actions.add_parser("validate", help="Valide des réponses (JSON).")
        validating.add_argument("name", help="Nom du formulaire.")
        validating.add_argument("data", help="Fichier JSON des réponses.")
        validating.add_argument("--version", dest="number", type=int, help="Numéro de version.")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "import":
            self.import_schema(options["path"], options["name"], options.get("ui_path"))
        elif action == "export":
            self.export(options["name"], options.get("number"))
        else:
            self.validate(options["name"], options["data"], options.get("number"))

    def import_schema(self, path: str, name: str, ui_path: str | None) -> None:
        schema = _read_json(path)
        ui_schema = _read_json(ui_path) if ui_path else None
        try:
            definition = form_import(name=name, schema=schema, ui_schema=ui_schema)
        except SchemaRefused as refusal:
            self._fail([refusal.message])
        except ValidationError as error:
            self._fail(
                [message for messages in error.message_dict.values() for message in messages]
            )
        self.stdout.write(str(definition.pk))

    def export(self, name: str, number: int | None) -> None:
        version = _version(name, number)
        exported = {"schema": version.schema, "ui_schema": version.ui_schema}
        self.stdout.write(json.dumps(exported, indent=2, ensure_ascii=False))

    def validate(self, name: str, data_path: str, number: int | None) -> None:
        version = _version(name, number)
        answers = _read_json(data_path)
        errors = answer_errors(version.schema, version.ui_schema, answers, key=version.checksum)
        if not errors:
            self.stdout.write(_("Valide."))
            return
        # In the order the questions are asked, whole-form errors last.
        order = version.ui_schema.get("order", [])
        position = {name: index for index, name in enumerate(order)}
        for field, messages in sorted(
            errors.items(), key=lambda item: position.get(item[0], len(order))
        ):
            label = _("formulaire") if field == "__all__" else field
            for message in messages:
                self.stdout.write(f"{label} : {message}")
        raise SystemExit(1)

    def _fail(self, messages: list[str]) -> None:
        # A refusal is an expected answer, not a crash: plain messages, status 1, no traceback.
        for message in messages:
            self.stderr.write(message)
        raise SystemExit(1)


def _read_json(path: str) -> Any:
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as error:
        raise CommandError(
            _("Impossible de lire « %(path)s » : %(error)s") % {"path": path, "error": error}
        ) from None
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as error:
        raise CommandError(
            _("« %(path)s » n'est pas un JSON valide : %(error)s") % {"path": path, "error": error}
        ) from None


def _version(name: str, number: int | None) -> FormVersion:
    definition = FormDefinition.objects.filter(name=name).first()
    if definition is None:
        raise CommandError(_("Aucun formulaire ne s'appelle « %(name)s ».") % {"name": name})
    versions = definition.versions.order_by("-number")
    if number is None:
        version = versions.first()
        missing = _("Le formulaire « %(name)s » n'a encore aucune version publiée.")
    else:
        version = versions.filter(number=number).first()
        missing = _("Le formulaire « %(name)s » n'a pas de version %(number)d.")
    if version is None:
        raise CommandError(missing % {"name": name, "number": number})
    return version
