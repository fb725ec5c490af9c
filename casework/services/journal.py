"""The audit journal's one door: every entry is written here, with its digest and (on
SQLite) its link in the chain. History rows, accesses to personal data and Wagtail log
entries reach it through `casework.journal_receivers`; the auditor's export, the retention
job and the GDPR export call `journal_record` themselves."""

from collections.abc import Iterable, Sequence
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db import IntegrityError, connection, models, transaction
from django.utils import timezone

from ..audit_chain import GENESIS, canonical_value, canonical_values, chain_hash, entry_digest
from ..history import system_actor
from ..models import Case, Department, JournalDailyDigest, JournalEntry, JournalSeal

# The entry's own columns that its digest covers: all but its id (the chain covers it)
# and the digest itself.
DIGESTED_FIELDS = tuple(
    field for field in JournalEntry._meta.concrete_fields if field.attname not in ("id", "digest")
)

HISTORY_EVENTS = {
    "+": JournalEntry.Event.CREATED,
    "~": JournalEntry.Event.CHANGED,
    "-": JournalEntry.Event.DELETED,
}

# Wagtail's log entries are at most 300 characters of label here.
LABEL_LENGTH = JournalEntry._meta.get_field("object_label").max_length


def journal_record(event: str, **fields: Any) -> JournalEntry:
    """Write one journal entry and its place in the chain; `fields` are
    journal_entry_build's.

    `row` is what the entry stands for when it is kept elsewhere (the historical row, the
    access-log line, the Wagtail log entry, whose id is `history_id`): its values enter the
    digest, so that changing it later breaks the chain. `object_type`, `object_id` and
    `object_label` name an object that is not at hand (a Wagtail log entry's page)."""
    entry = journal_entry_build(event, **fields)
    entry.save(force_insert=True)
    journal_seal([entry])
    return entry


def journal_entry_build(
    event: str,
    *,
    actor: Any = None,
    actor_label: str = "",
    channel: str = "",
    obj: models.Model | None = None,
    history_id: int | None = None,
    case: Case | None = None,
    department: Department | None = None,
    procedure: Any = None,
    reason: str = "",
    detail: str = "",
    address: str | None = None,
    at: Any = None,
    row: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    object_label: str = "",
    procedure_id: int | None = None,
    links: dict[str, list[Any]] | None = None,
    cases: dict[int, "CaseFacts | None"] | None = None,
) -> JournalEntry:
    """The entry `journal_record` would write, unsaved, with its digest: the bulk paths
    build many and insert them in one statement."""
    if isinstance(actor, AnonymousUser):
        actor = None
    system = system_actor()
    if not actor_label:
        if actor is not None:
            actor_label = actor.get_full_name() or actor.get_username()
        elif system is not None:
            actor_label = system.label
    if not channel and system is not None:
        channel = system.channel
    facts = _case_facts(case if case is not None else obj, cases)
    entry = JournalEntry(
        at=at or timezone.now(),
        actor=actor,
        actor_label=actor_label[:200],
        channel=channel,
        event=event,
        history_id=history_id,
        reason=reason or "",
        detail=detail or "",
        address=address,
        object_type=object_type,
        object_id=object_id,
        object_label=object_label[:LABEL_LENGTH],
        procedure_id=procedure_id,
    )
    if obj is not None:
        entry.object_type = obj._meta.label_lower
        entry.object_id = str(obj.pk)
        entry.object_label = str(obj)[:LABEL_LENGTH]
    if facts is not None:
        entry.case_id, entry.case_reference = facts.case_id, facts.reference
        entry.procedure_id = facts.procedure_id
    entry.department_id = _department_id(obj, department, facts)
    if procedure is not None:
        entry.procedure_id = procedure.pk
    elif obj is not None and obj._meta.label_lower == "cms.procedurepage":
        entry.procedure_id = obj.pk
    entry.digest = entry_digest(entry_values(entry), source_values(row, links))
    return entry


def journal_seal(entries: Sequence[JournalEntry]) -> None:
    """Chain freshly inserted entries. On PostgreSQL the deferred trigger of migration
    0016 does it when the transaction commits, in commit order, under the chain's lock;
    elsewhere (SQLite: one writer at a time) it is done here, right after the insert."""
    if not entries or connection.vendor == "postgresql":
        return
    last = JournalSeal.objects.order_by("-seq").values_list("seq", "hash").first()
    seals = chain_links(entries, *(last if last is not None else (0, GENESIS)))
    JournalSeal.objects.bulk_create(seals)


def chain_links(entries: Iterable[JournalEntry], seq: int, previous: str) -> list[JournalSeal]:
    """The links that follow link `seq` (whose hash is `previous`) for these entries, in
    order: what the PostgreSQL trigger writes, computed in Python."""
    seals = []
    for entry in entries:
        seq += 1
        link = chain_hash(previous, entry.pk, entry.digest)
        seals.append(JournalSeal(seq=seq, entry_id=entry.pk, previous_hash=previous, hash=link))
        previous = link
    return seals


def journal_history_rows(rows: Iterable[Any], instances: Iterable[Any] = ()) -> list[JournalEntry]:
    """One entry per historical row, in one INSERT: the receiver passes one row, the bulk
    history helpers pass hundreds. `instances` are the live objects, when at hand, for
    their names (a deleted object's name lives only there)."""
    rows = list(rows)
    by_pk = {instance.pk: instance for instance in instances}
    cases: dict[int, CaseFacts | None] = {}
    links: dict[int, dict[str, list[Any]]] | None = None
    if len(rows) > 1 and getattr(rows[0], "_history_m2m_fields", ()):
        links = m2m_snapshots(type(rows[0]), [row.pk for row in rows])
    entries = []
    for row in rows:
        instance = by_pk.get(getattr(row, row.instance_type._meta.pk.attname))
        row_links = links.get(row.pk) if links is not None else None
        entries.append(_history_entry(row, instance or row.instance, cases, row_links))
    if len(entries) == 1:
        entries[0].save(force_insert=True)
    else:
        JournalEntry.objects.bulk_create(entries)
    journal_seal(entries)
    return entries


def _history_entry(row: Any, instance: Any, cases: dict, links: Any = None) -> JournalEntry:
    actor = getattr(instance, "_history_user", None)
    if actor is None and row.history_user_id is not None:
        actor = row.history_user
    return journal_entry_build(
        HISTORY_EVENTS[row.history_type],
        actor=actor,
        channel=getattr(row, "history_channel", ""),
        obj=instance,
        history_id=row.pk,
        reason=row.history_change_reason or "",
        at=row.history_date,
        row=row,
        links=links,
        cases=cases,
    )


def entry_values(entry: JournalEntry) -> dict[str, Any]:
    return {
        field.attname: canonical_value(field, getattr(entry, field.attname))
        for field in DIGESTED_FIELDS
    }


def source_values(
    row: models.Model | None, links: dict[str, list[Any]] | None = None
) -> dict[str, Any] | None:
    """The canonical values of the row an entry stands for; for a historical row, with the
    snapshot of its many-to-many links (a user's groups) taken with it. `links`, by field
    name, are those snapshot rows when the caller read them in bulk (`audit verify`)."""
    if row is None:
        return None
    values = canonical_values(row)
    for field in getattr(row, "_history_m2m_fields", ()):
        found = (
            links.get(field.name, [])
            if links is not None
            else m2m_history_model(field).objects.filter(history=row.pk)
        )
        snapshot = [canonical_values(link, skip=("m2m_history_id",)) for link in found]
        values[f"m2m:{field.name}"] = sorted(snapshot, key=lambda link: sorted(link.items()))
    return values


def m2m_snapshots(history_model: Any, ids: list[int]) -> dict[int, dict[str, list[Any]]]:
    """The many-to-many snapshot rows of these history rows, by row id then field name, in
    one query per field: for `source_values(row, links)` over a batch."""
    fields = getattr(history_model, "_history_m2m_fields", ())
    found: dict[int, dict[str, list[Any]]] = {pk: {m2m.name: [] for m2m in fields} for pk in ids}
    for m2m in fields:
        for link in m2m_history_model(m2m).objects.filter(history__in=ids):
            found[link.history_id][m2m.name].append(link)
    return found


def m2m_history_model(field: Any) -> Any:
    """The table of the many-to-many snapshots simple-history takes for `field`."""
    from simple_history.models import HistoricalRecords

    return HistoricalRecords.m2m_models[field]


class CaseFacts:
    """What an entry copies from its case, read once per case per batch."""

    __slots__ = ("case_id", "department_id", "procedure_id", "reference")

    def __init__(self, case_id: int, reference: str, department_id: int, procedure_id: int):
        self.case_id = case_id
        self.reference = reference
        self.department_id = department_id
        self.procedure_id = procedure_id


def _case_facts(obj: Any, cases: dict | None) -> CaseFacts | None:
    if obj is None:
        return None
    if isinstance(obj, Case):
        return CaseFacts(obj.pk, obj.reference, obj.department_id, obj.procedure_id)
    field = _case_field(type(obj))
    if field is None:
        return None
    cached = obj._state.fields_cache.get(field.name)
    if isinstance(cached, Case):
        return _case_facts(cached, None)
    case_id = getattr(obj, field.attname)
    if case_id is None:
        return None
    if cases is not None and case_id in cases:
        return cases[case_id]
    found = Case.objects.filter(pk=case_id).values_list(
        "reference", "department_id", "procedure_id"
    )
    facts = CaseFacts(case_id, *found[0]) if found else None
    if cases is not None:
        cases[case_id] = facts
    return facts


_CASE_FIELDS: dict[type, Any] = {}


def _case_field(model: type) -> Any:
    """The model's foreign key to a case (a consultation's `case`, a permission grant's
    `content_object`), found once per model."""
    if model not in _CASE_FIELDS:
        _CASE_FIELDS[model] = next(
            (
                field
                for field in model._meta.concrete_fields
                if field.is_relation and field.related_model is Case
            ),
            None,
        )
    return _CASE_FIELDS[model]


def _department_id(obj: Any, department: Any, facts: CaseFacts | None) -> int | None:
    # The department the entry is about: given, the object itself, the object's own
    # department (a consultation's is the consulted one), else its case's.
    if department is not None:
        return department.pk
    if isinstance(obj, Department):
        return obj.pk
    own = getattr(obj, "department_id", None) if obj is not None else None
    if isinstance(own, int):
        return own
    return facts.department_id if facts is not None else None


def journal_daily_digest(*, day: Any = None) -> JournalDailyDigest:
    """Write down the chain's head for `day` (today by default), once: a second run the
    same day, or a second worker, returns the digest already written."""
    day = day or timezone.localdate()
    existing = JournalDailyDigest.objects.filter(day=day).first()
    if existing is not None:
        return existing
    head = JournalSeal.objects.order_by("-seq").values_list("seq", "hash").first()
    seq, head_hash = head if head is not None else (0, GENESIS)
    before = JournalDailyDigest.objects.filter(day__lt=day).order_by("-day").first()
    try:
        with transaction.atomic():
            return JournalDailyDigest.objects.create(
                day=day,
                seq=seq,
                head_hash=head_hash,
                entries=seq - (before.seq if before is not None else 0),
            )
    except IntegrityError:
        return JournalDailyDigest.objects.get(day=day)
