from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from simple_history.manager import HistoryManager
from simple_history.models import HistoricalRecords


class AuditedHistory(models.Model):
    """Extra columns on every historical row: where the change came from."""

    history_channel = models.CharField(_("canal"), max_length=20, blank=True)

    class Meta:
        abstract = True


class JournaledHistoryManager(HistoryManager):
    """simple-history's bulk helpers (bulk_create_with_history, bulk_update_with_history,
    bulk_history_create) insert history rows without sending the signal the journal
    listens to: here they journal them too, in bulk, so that no change escapes the chain."""

    def bulk_history_create(self, objs: Any, *args: Any, **kwargs: Any) -> Any:
        objs = list(objs)
        rows = super().bulk_history_create(objs, *args, **kwargs)
        if rows:
            from ..services.journal import journal_history_rows

            journal_history_rows(rows, objs)
        return rows


class AuditedHistoricalRecords(HistoricalRecords):
    """simple-history copies a foreign key with its own class; a modelcluster ParentalKey
    (a workflow's statuses, a procedure's routing rules) then refuses the copy's
    related_name='+'. On a history row it is a plain reference: a ForeignKey."""

    def copy_fields(self, model: Any) -> dict[str, models.Field]:
        fields = super().copy_fields(model)
        for name, field in fields.items():
            if isinstance(field, ParentalKey):
                field.swappable = False  # as simple-history does: apps are not ready yet
                _name, _path, args, kwargs = field.deconstruct()
                plain = models.ForeignKey(*args, **kwargs)
                plain.name = name
                fields[name] = plain
        return fields


def audited_history(**options: Any) -> HistoricalRecords:
    """History for a business model: channel column, journaled bulk helpers."""
    return AuditedHistoricalRecords(
        bases=[AuditedHistory], history_manager=JournaledHistoryManager, **options
    )
