"""The auditor's CSV exports: streamed as they are read, so that a filtered view of millions
of entries never sits in memory, and written down in the journal before the first byte."""

import csv
from collections.abc import Iterator
from typing import Any

from django.db import models
from django.http import HttpRequest, StreamingHttpResponse
from django.utils import timezone

from ..audit_timeline import entries_in_batches, object_type_label
from ..history import Via
from ..models import JournalEntry
from ..object_history import Step
from ..services.journal import journal_record
from ..services.queue_exports import safe_cell

JOURNAL_COLUMNS = [
    "N°",
    "Le",
    "Auteur",
    "Canal",
    "Événement",
    "Type d'objet",
    "Objet",
    "Numéro de dossier",
    "Motif",
    "Détail",
    "Adresse IP",
]
OBJECT_COLUMNS = [
    "Le",
    "Auteur",
    "Canal",
    "Événement",
    "Motif",
    "Champ",
    "Ancienne valeur",
    "Nouvelle valeur",
]


class _Echo:
    """A file that hands back what is written to it, for csv.writer to stream through."""

    def write(self, value: str) -> str:
        return value


def _stream(header: list[str], rows: Iterator[list[Any]]) -> Iterator[str]:
    writer = csv.writer(_Echo(), delimiter=";")
    # Excel in French reads ";" as the separator and needs the BOM to read UTF-8.
    yield "\ufeff" + writer.writerow(header)
    for row in rows:
        yield writer.writerow(["" if value is None else safe_cell(str(value)) for value in row])


def _response(name: str, lines: Iterator[str]) -> StreamingHttpResponse:
    response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    stamp = timezone.localtime().strftime("%Y-%m-%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="{name}-{stamp}.csv"'
    return response


def _record(request: HttpRequest, detail: str, **target: Any) -> None:
    journal_record(
        JournalEntry.Event.AUDIT_EXPORTED,
        actor=request.user,
        channel=Via.BACK_OFFICE,
        detail=detail,
        address=request.META.get("REMOTE_ADDR") or None,
        **target,
    )


def export_journal(
    request: HttpRequest, entries: Any, *, title: str, filters: str, name: str
) -> StreamingHttpResponse:
    _record(request, f"{title} — {filters}")

    def rows() -> Iterator[list[Any]]:
        for entry in entries_in_batches(entries):
            yield [
                entry.pk,
                timezone.localtime(entry.at).strftime("%d/%m/%Y %H:%M:%S"),
                entry.actor_label,
                str(Via.LABELS.get(entry.channel, entry.channel)),
                entry.get_event_display(),
                object_type_label(entry.object_type) if entry.object_type else "",
                entry.object_label or entry.object_id,
                entry.case_reference,
                entry.reason,
                entry.detail,
                entry.address,
            ]

    return _response(name, _stream(JOURNAL_COLUMNS, rows()))


def export_object(
    request: HttpRequest,
    model: type[models.Model],
    pk: Any,
    steps: list[Step],
    accesses: Any,
    *,
    title: str,
) -> StreamingHttpResponse:
    """An object's history, one line per changed field, then who looked at it."""
    _record(
        request,
        f"Historique : {title}",
        object_type=model._meta.label_lower,
        object_id=str(pk),
    )

    def rows() -> Iterator[list[Any]]:
        for step in steps:
            when = timezone.localtime(step.when).strftime("%d/%m/%Y %H:%M:%S")
            head = [when, step.actor, step.channel, step.kind, step.reason]
            if not step.changes:
                yield [*head, "", "", ""]
            for change in step.changes:
                yield [*head, change.label, change.old, change.new]
        for entry in entries_in_batches(accesses):
            yield [
                timezone.localtime(entry.at).strftime("%d/%m/%Y %H:%M:%S"),
                entry.actor_label,
                str(Via.LABELS.get(entry.channel, entry.channel)),
                entry.get_event_display(),
                entry.detail,
                "",
                "",
                "",
            ]

    return _response(f"historique-{model._meta.model_name}-{pk}", _stream(OBJECT_COLUMNS, rows()))
