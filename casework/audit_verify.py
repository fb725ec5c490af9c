"""Recompute the audit chain: each entry's digest from the entry and the row it stands for,
then each link from the one before. `manage.py audit verify` prints what this finds.

It reads in batches of links by rank (keyset: `seq > last`), with the batch's entries and
source rows fetched in one query per table, so memory stays flat over millions of rows."""

import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from django.apps import apps
from django.db import models
from wagtail.models import ModelLogEntry, Page, PageLogEntry

from .audit_chain import GENESIS, chain_hash, entry_digest
from .models import AccessEvent, JournalDailyDigest, JournalEntry, JournalSeal
from .retention.redaction import redacted_row_digests, row_digest
from .services.journal import HISTORY_EVENTS, entry_values, m2m_snapshots, source_values

ACCESS_EVENTS = set(AccessEvent.Kind.values)


@dataclass
class Break:
    """The first link that does not hold, and why, in words an auditor can act on."""

    seq: int | None
    entry_id: int | None
    what: str

    def __str__(self) -> str:
        where = []
        if self.seq is not None:
            where.append(f"maillon {self.seq}")
        if self.entry_id is not None:
            where.append(f"entrée {self.entry_id}")
        return f"{', '.join(where) or 'chaîne'} : {self.what}"


@dataclass
class Verdict:
    checked: int = 0
    seconds: float = 0.0
    broken: Break | None = None
    # Entries whose source row was lawfully redacted or purged by the retention job.
    excused: int = 0
    notes: list[str] = field(default_factory=list)

    @property
    def rate(self) -> float:
        return self.checked / self.seconds if self.seconds > 0 else 0.0


def chain_verify(*, batch_size: int = 2000) -> Verdict:
    """Walk the chain from its first link; stop at the first break."""
    verdict = Verdict()
    started = time.perf_counter()
    previous, expected_seq = GENESIS, 1
    for seals in _batches(batch_size):
        entries = JournalEntry.objects.in_bulk([seal.entry_id for seal in seals])
        rows = _source_rows(entries.values())
        for seal in seals:
            broken = _check_link(seal, expected_seq, previous, entries.get(seal.entry_id), rows)
            if broken == "excused":
                verdict.excused += 1
            elif broken is not None:
                verdict.broken = broken
                verdict.seconds = time.perf_counter() - started
                return verdict
            previous, expected_seq = seal.hash, seal.seq + 1
            verdict.checked += 1
    verdict.broken = _unsealed() or _digests_disagree()
    verdict.seconds = time.perf_counter() - started
    return verdict


def _batches(batch_size: int) -> Iterator[list[JournalSeal]]:
    last = 0
    while True:
        seals = list(JournalSeal.objects.filter(seq__gt=last).order_by("seq")[:batch_size])
        if not seals:
            return
        yield seals
        last = seals[-1].seq


def _check_link(
    seal: JournalSeal,
    expected_seq: int,
    previous: str,
    entry: JournalEntry | None,
    rows: dict[tuple[type, int], Any],
) -> Break | str | None:
    if seal.seq != expected_seq:
        return Break(expected_seq, None, f"maillon manquant (le suivant présent est le {seal.seq})")
    if seal.previous_hash != previous:
        return Break(
            seal.seq, seal.entry_id, "l'empreinte précédente ne suit pas le maillon d'avant"
        )
    if entry is None:
        return Break(seal.seq, seal.entry_id, "l'entrée du journal a été supprimée")
    if seal.hash != chain_hash(previous, entry.pk, entry.digest):
        return Break(seal.seq, entry.pk, "l'empreinte du maillon a été modifiée")
    source = source_model(entry)
    row = rows.get((source, entry.history_id)) if source is not None else None
    if source is not None and row is None:
        if _excused(entry):
            return "excused"
        return Break(
            seal.seq,
            entry.pk,
            f"la ligne {entry.history_id} de {source._meta.db_table} a été supprimée",
        )
    links = getattr(row, "_links", None)
    if entry_digest(entry_values(entry), source_values(row, links)) != entry.digest:
        if _excused(entry, row):
            return "excused"
        what = (
            f"l'entrée ou la ligne {entry.history_id} de {source._meta.db_table} a été modifiée"
            if source is not None
            else "l'entrée a été modifiée"
        )
        return Break(seal.seq, entry.pk, what)
    return None


def source_model(entry: JournalEntry) -> type[models.Model] | None:
    """The table holding the row an entry stands for: a history table, the access log or
    Wagtail's log of pages or of snippets."""
    if entry.history_id is None:
        return None
    if entry.event in HISTORY_EVENTS.values():
        return _history_model(entry.object_type)
    if entry.event in ACCESS_EVENTS:
        return AccessEvent
    if entry.event == JournalEntry.Event.PAGE_LOGGED:
        model = _model(entry.object_type)
        return PageLogEntry if model is not None and issubclass(model, Page) else ModelLogEntry
    return None


@cache
def _history_model(label: str) -> type[models.Model] | None:
    # Once per kind of object: simple-history builds a new manager class at each access.
    model = _model(label)
    if model is None or not hasattr(model._meta, "simple_history_manager_attribute"):
        return None
    return getattr(model, model._meta.simple_history_manager_attribute).model


def _model(label: str) -> type[models.Model] | None:
    try:
        return apps.get_model(label)
    except (LookupError, ValueError):
        return None


def _source_rows(entries: Any) -> dict[tuple[type, int], Any]:
    """The batch's source rows, one query per table; a history row's many-to-many
    snapshots are attached to it as `_links`, one query per such field."""
    wanted: dict[type, list[int]] = {}
    for entry in entries:
        source = source_model(entry)
        if source is not None:
            wanted.setdefault(source, []).append(entry.history_id)
    rows = {}
    for source, ids in wanted.items():
        found = source.objects.in_bulk(ids)
        if getattr(source, "_history_m2m_fields", ()):
            for pk, links in m2m_snapshots(source, list(found)).items():
                found[pk]._links = links
        rows.update({(source, pk): row for pk, row in found.items()})
    return rows


def _excused(entry: JournalEntry, row: models.Model | None = None) -> bool:
    """A row changed or gone because the retention job redacted the case's personal data
    or purged old access-log lines, which it recorded after the fact, is not tampering.

    A redacted case's historical row is excused only while it still reads as the redaction
    left it: its journal entry holds each rewritten row's SHA-256, so a change made after
    the redaction is still a break."""
    later = JournalEntry.objects.filter(pk__gt=entry.pk)
    if entry.event in ACCESS_EVENTS:
        return later.filter(event=JournalEntry.Event.PURGED).exists()
    redactions = later.filter(event=JournalEntry.Event.REDACTED)
    if entry.case_id is not None:
        if not redactions.filter(case_id=entry.case_id).exists():
            return False
        if row is None:
            return True
        recorded = redacted_row_digests(case_id=entry.case_id)
        return recorded.get((entry.object_type, entry.history_id)) == row_digest(row)
    return redactions.filter(object_type=entry.object_type, object_id=entry.object_id).exists()


def _unsealed() -> Break | None:
    entry = JournalEntry.objects.filter(seal__isnull=True).order_by("pk").first()
    if entry is None:
        return None
    count = JournalEntry.objects.filter(seal__isnull=True).count()
    return Break(None, entry.pk, f"{count} entrée(s) sans maillon dans la chaîne")


def _digests_disagree() -> Break | None:
    """Each daily digest must still name the link it wrote down."""
    for digest in JournalDailyDigest.objects.order_by("day").iterator():
        link = JournalSeal.objects.filter(seq=digest.seq).values_list("hash", flat=True).first()
        if digest.seq and link != digest.head_hash:
            return Break(
                digest.seq,
                None,
                f"l'empreinte quotidienne du {digest.day:%d/%m/%Y} ne correspond plus au maillon",
            )
    return None
