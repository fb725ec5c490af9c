"""What feeds the audit journal without a service calling it: every historical row
simple-history writes, and every log entry Wagtail writes for its pages and snippets.
Connected once, from CaseworkConfig.ready()."""

from typing import Any

from django.db.models.signals import post_save
from simple_history.signals import post_create_historical_record
from wagtail.models import ModelLogEntry, PageLogEntry

from .models import JournalEntry
from .services.journal import journal_history_rows, journal_record


def _journal_history_row(sender: Any, instance: Any, history_instance: Any, **kwargs: Any) -> None:
    journal_history_rows([history_instance], [instance])


def _journal_log_entry(sender: Any, instance: Any, created: bool, **kwargs: Any) -> None:
    if not created or kwargs.get("raw"):
        return
    journal_log_entry(instance)


def journal_log_entry(log_entry: Any) -> JournalEntry:
    """Mirror one Wagtail log entry (publish, unpublish, edit, revision...) of a page or a
    snippet, so that the auditor's views show them with the rest."""
    content_type = log_entry.content_type
    is_procedure = (content_type.app_label, content_type.model) == ("cms", "procedurepage")
    entry = journal_record(
        JournalEntry.Event.PAGE_LOGGED,
        actor=log_entry.user if log_entry.user_id else None,
        detail=str(log_entry.formatter.label if log_entry.formatter else log_entry.action),
        history_id=log_entry.pk,
        at=log_entry.timestamp,
        row=log_entry,
        object_type=f"{content_type.app_label}.{content_type.model}",
        object_id=str(log_entry.object_id),
        object_label=log_entry.label,
        procedure_id=int(log_entry.object_id) if is_procedure else None,
    )
    return entry


def connect() -> None:
    post_create_historical_record.connect(
        _journal_history_row, dispatch_uid="casework-journal-history"
    )
    for model in (PageLogEntry, ModelLogEntry):
        post_save.connect(
            _journal_log_entry, sender=model, dispatch_uid=f"casework-journal-{model.__name__}"
        )
