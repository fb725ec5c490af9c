from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from simple_history.manager import HistoricalQuerySet, HistoryDescriptor, HistoryManager
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


class ReusedManagerHistoryDescriptor(HistoryDescriptor):
    """`Model.history` with its manager class built once: simple-history builds a new
    class (`from_queryset`, an inspection of every queryset method) at each access, which
    every submission pays several times over."""

    def __init__(
        self, model: Any, manager: Any = HistoryManager, queryset: Any = HistoricalQuerySet
    ) -> None:
        super().__init__(model, manager=manager, queryset=queryset)
        self.manager_with_queryset = manager.from_queryset(queryset)

    def __get__(self, instance: Any, owner: Any) -> HistoryManager:
        return self.manager_with_queryset(self.model, instance)


class AuditedHistoricalRecords(HistoricalRecords):
    """simple-history's records, with two changes.

    It copies a foreign key with its own class; a modelcluster ParentalKey (a workflow's
    statuses, a procedure's routing rules) then refuses the copy's related_name='+'. On a
    history row it is a plain reference: a ForeignKey. And `Model.history` reuses one
    manager class (ReusedManagerHistoryDescriptor)."""

    def finalize(self, sender: Any, **kwargs: Any) -> None:
        super().finalize(sender, **kwargs)
        descriptor = sender.__dict__.get(self.manager_name)
        if type(descriptor) is HistoryDescriptor:
            reused = ReusedManagerHistoryDescriptor(
                descriptor.model,
                manager=descriptor.manager_class,
                queryset=descriptor.queryset_class,
            )
            setattr(sender, self.manager_name, reused)

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
