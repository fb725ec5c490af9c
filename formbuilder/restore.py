"""Writes on forms: bringing back a published version's questions as the draft."""

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from wagtail.models import Revision

from .models import FormDefinition, FormVersion


@transaction.atomic
def form_version_restore(
    *, definition: FormDefinition, version: FormVersion, user: AbstractBaseUser | None
) -> Revision:
    """Make a version's questions the new draft of its form, without publishing them.

    The draft starts from the latest revision, so an unpublished rename of the form is kept;
    only the questions go back. The replaced draft stays in the form's history. Nothing is
    published: the live form, its versions and the cases pointing at them are untouched
    until someone publishes, which then freezes a new version (or none, when the restored
    questions are those of the latest version).
    """
    if version.definition_id != definition.pk:
        raise ValueError("The version belongs to another form.")
    draft = definition.get_latest_revision_as_object()
    # A form built from blocks keeps them on each version; an imported form has none
    # and its frozen schema is what it was imported from.
    if version.blocks or not version.schema.get("properties"):
        draft.fields = version.blocks
        draft.source_schema = draft.source_ui_schema = None
    else:
        draft.fields = []
        draft.source_schema = version.schema
        draft.source_ui_schema = version.ui_schema
    return draft.save_revision(user=user, log_action=True)
