"""Writes on forms: the only door through which versions are created."""

from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .compiler import compile_definition
from .importer import import_schema
from .models import FormDefinition, FormVersion


@transaction.atomic
def form_version_publish(
    *, definition: FormDefinition, user: AbstractBaseUser | None = None
) -> FormVersion:
    """Freeze the definition's current questions as a new version.

    Publishing unchanged questions again returns the latest version rather than a copy,
    so cases keep pointing at one version per real change.
    """
    definition = FormDefinition.objects.select_for_update().get(pk=definition.pk)
    compiled = compile_definition(definition)
    latest = definition.current_version
    if latest is not None and latest.checksum == compiled.checksum:
        return latest
    return FormVersion.objects.create(
        definition=definition,
        number=(latest.number + 1) if latest else 1,
        schema=compiled.schema,
        ui_schema=compiled.ui_schema,
        checksum=compiled.checksum,
        blocks=list(definition.fields.raw_data) if definition.source_schema is None else [],
        published_by=user if user is not None and user.is_authenticated else None,
    )


@transaction.atomic
def form_import(
    *,
    name: str,
    schema: dict[str, Any],
    ui_schema: dict[str, Any] | None = None,
    user: AbstractBaseUser | None = None,
) -> FormDefinition:
    """Create a form from a raw JSON Schema (and optional UI schema) and publish version 1.

    Raises importer.SchemaRefused for a schema outside the supported subset, and
    ValidationError (on "name") for a name that is empty, too long or already used.
    """
    name = name.strip()
    max_length = FormDefinition._meta.get_field("name").max_length
    if not name or len(name) > max_length:
        raise ValidationError(
            {"name": _("Donnez un nom de %(max)d caractères au plus.") % {"max": max_length}},
            code="invalid",
        )
    if FormDefinition.objects.filter(name=name).exists():
        raise ValidationError(
            {"name": _("Un formulaire nommé « %(name)s » existe déjà.") % {"name": name}},
            code="unique",
        )
    compiled = import_schema(schema, ui_schema)
    # The completed UI schema is kept, so the field kinds chosen now stay the same even if
    # a later field kind would have matched a property better.
    definition = FormDefinition(
        name=name, source_schema=schema, source_ui_schema=compiled.ui_schema
    )
    definition.save()
    revision = definition.save_revision(user=user, log_action=True)
    revision.publish(user=user)  # the published signal freezes version 1
    return definition
