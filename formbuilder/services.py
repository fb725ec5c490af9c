"""Writes on forms: the only door through which versions are created."""

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from .compiler import compile_definition
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
