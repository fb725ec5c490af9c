"""Redacting one expired case: its personal data, in the case, its children and every row of
their history, then (under the "delete" rule) the case itself.

What goes and what stays, and why:
- goes: the answers (replaced by {}), the citizen's name, e-mail, phone and account link,
  every file (answers' uploads, messages' attachments, opinions' attachments: the stored
  bytes and the row with its original file name), message bodies, internal notes, the
  opinions' comments and the decision's reason (staff write them, but about the person and
  often quoting them), the followers' e-mails, the outbox e-mails (they copy all of it) and
  the drafts the case came from. The tracking code is replaced by a value no typed code
  can match, so the tracking page no longer finds the case.
- stays: procedure, form version, department, status, channel, category, dates, decision
  (the outcome), reference, who acted (staff accounts) and the history's reasons: reasons
  are the staff's account of what they did, which is what an auditor reads; the free texts
  above are where the citizen's own words end up.
- the map point of an incident report is a place in the public space, not a person: it is
  kept, rounded to 3 decimals (about 100 m, as in the statistics facts) so that it no
  longer points at a door.
- the audit journal is not touched: its entries are chained (casework/services/journal.py)
  and the redaction's own entry lists the SHA-256 of every historical row it rewrote, so
  that `audit verify` can tell a redacted row from a tampered one. The access log's lines
  (file names, addresses) go with the access-log purge, by age.
"""

import hashlib
import json
import secrets
from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.files.storage import Storage
from django.db import models, transaction
from django.utils.translation import gettext as _

from formbuilder.models import Draft, Upload

from ..history import Via, stamp
from ..models import AccessEvent, Case, JournalEntry
from ..selectors import case_file_tokens
from ..services.journal import journal_record, source_values
from .models import Redaction

SYSTEM_ACTOR = "Tâche automatique : conservation des données"
COORDINATE_PLACES = 3
# A replacement tracking code: 31 characters where a real one has 16 symbols, so that
# normalise_tracking_code refuses anything a person could type to reach it.
TRACKING_PREFIX = "efface-"


@dataclass(frozen=True)
class DueCase:
    """A closed case whose retention period is over, with the rule that applies."""

    case_id: int
    reference: str
    procedure_title: str
    rule: str
    retention_months: int
    closed_at: datetime


# Per model with history: the fields holding personal data and what they become.
HISTORY_BLANKS: dict[str, dict[str, Any]] = {
    "case": {
        "answers": {},
        "citizen_email": "",
        "citizen_name": "",
        "citizen_phone": "",
        "citizen_id": None,
        "decision_reason": "",
    },
    "messages": {"body": "", "files": []},
    "notes": {"body": ""},
    "consultations": {"comment": "", "attachment": ""},
    "followers": {"email": ""},
}


def case_redact(*, case: Case, due: DueCase, reason: str) -> Redaction:
    """Redact (and, under the "delete" rule, delete) one case. The caller holds the case's
    row lock inside `redaction_allowed()` and has named the system actor."""
    counts: Counter[str] = Counter()
    upload_ids = _forget_files(case, reason, counts)
    _blank_live_rows(case, reason, counts)
    rows = _blank_history(case, counts)
    rows.update(_blank_upload_history(upload_ids, counts))
    counts["drafts"] += Draft.objects.filter(case_reference=case.reference).delete()[0]
    if due.rule == "delete":
        # The access-log lines would lose their case (SET_NULL): they go with it, and the
        # journal keeps who opened the case, under its reference.
        counts["access_events"] += AccessEvent.objects.filter(case=case).delete()[0]
    _journal(case, due, reason, counts, rows, upload_ids)
    if due.rule == "delete":
        stamp(case, actor=None, reason=reason, channel=Via.PERIODIC_TASK)
        case.delete()
        counts["deleted"] = 1
    return Redaction.objects.create(
        case_id=due.case_id,
        reference=due.reference,
        procedure_id=case.procedure_id,
        rule=due.rule,
        retention_months=due.retention_months,
        closed_at=due.closed_at,
        counts=dict(counts),
    )


def _forget_files(case: Case, reason: str, counts: Counter[str]) -> list[int]:
    """Every file of the case: the row now, the stored bytes once the redaction commits
    (a rollback must not leave rows pointing at deleted files). Returns the uploads' ids."""
    upload_ids = []
    for upload in Upload.objects.filter(token__in=case_file_tokens(case)):
        counts["files"] += 1
        counts["file_bytes"] += upload.size
        upload_ids.append(upload.pk)
        _delete_after_commit(upload.file.storage, upload.file.name)
        stamp(upload, actor=None, reason=reason, channel=Via.PERIODIC_TASK)
        upload.delete()
    for consultation in case.consultations.exclude(attachment=""):
        counts["files"] += 1
        _delete_after_commit(consultation.attachment.storage, consultation.attachment.name)
    return upload_ids


def _delete_after_commit(storage: Storage, name: str) -> None:
    if name:
        transaction.on_commit(lambda: storage.delete(name))


def _blank_live_rows(case: Case, reason: str, counts: Counter[str]) -> None:
    """The current rows, saved one by one so that each change has its history row (which
    says, with the reason, that retention made it)."""
    for name, value in HISTORY_BLANKS["case"].items():
        setattr(case, name, value)
    case.latitude = _rounded(case.latitude)
    case.longitude = _rounded(case.longitude)
    case.tracking_code = TRACKING_PREFIX + secrets.token_hex(12)
    case.lock_version += 1
    stamp(case, actor=None, reason=reason, channel=Via.PERIODIC_TASK)
    case.save()
    for relation in ("messages", "notes", "consultations"):
        for child in getattr(case, relation).all():
            for name, value in HISTORY_BLANKS[relation].items():
                setattr(child, name, value)
            stamp(child, actor=None, reason=reason, channel=Via.PERIODIC_TASK)
            child.save()
            counts[relation] += 1
    for follower in case.followers.all():
        stamp(follower, actor=None, reason=reason, channel=Via.PERIODIC_TASK)
        follower.delete()
        counts["followers"] += 1
    counts["notifications"] += case.notifications.all().delete()[0]


def _blank_history(case: Case, counts: Counter[str]) -> dict[str, dict[str, str]]:
    """Every historical row of the case and of its children, including the ones just
    written. Returns, per object type and history id, the SHA-256 of each row as it now
    reads, for the journal entry (see `redacted_row_digests`)."""
    digests: dict[str, dict[str, str]] = {}
    for relation, blanks in HISTORY_BLANKS.items():
        if relation == "case":
            model, rows = Case, Case.history.model.objects.filter(id=case.pk)
        else:
            model = getattr(case, relation).model
            rows = model.history.model.objects.filter(case_id=case.pk)
        counts["history_rows"] += rows.update(**blanks)
        if relation == "case":
            for row in rows.filter(latitude__isnull=False):
                row.latitude, row.longitude = _rounded(row.latitude), _rounded(row.longitude)
                row.save(update_fields=["latitude", "longitude"])
        digests[model._meta.label_lower] = {
            str(row.history_id): row_digest(row) for row in rows.order_by("history_id")
        }
    return digests


def _blank_upload_history(upload_ids: list[int], counts: Counter[str]) -> dict:
    """The uploads' history keeps their metadata; the original file name is the person's
    ("passeport-dupont.pdf") and goes. Size, type and SHA-256 stay."""
    history = getattr(Upload, "history", None)
    if history is None or not upload_ids:
        return {}
    rows = history.model.objects.filter(id__in=upload_ids)
    counts["history_rows"] += rows.update(name="")
    return {
        Upload._meta.label_lower: {
            str(row.history_id): row_digest(row) for row in rows.order_by("history_id")
        }
    }


def row_digest(row: models.Model) -> str:
    """SHA-256 of a historical row's values as the journal's digest reads them."""
    text = json.dumps(source_values(row), sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def _journal(
    case: Case,
    due: DueCase,
    reason: str,
    counts: Counter[str],
    rows: dict[str, dict[str, str]],
    upload_ids: list[int],
) -> None:
    """Written after every change, so that each entry whose row the redaction rewrote has
    a later REDACTED entry about the same case (or, for a file, the same upload): what
    `audit verify` looks for before calling a changed row tampered."""
    journal_record(
        JournalEntry.Event.REDACTED,
        actor_label=SYSTEM_ACTOR,
        channel=Via.PERIODIC_TASK,
        obj=case,
        case=case,
        department=case.department,
        procedure=case.procedure,
        reason=reason,
        detail=json.dumps(
            {"rule": due.rule, "counts": dict(counts), "rows": rows},
            sort_keys=True,
            separators=(",", ":"),
        ),
    )
    for upload_id in upload_ids:
        journal_record(
            JournalEntry.Event.REDACTED,
            actor_label=SYSTEM_ACTOR,
            channel=Via.PERIODIC_TASK,
            case=case,
            object_type=Upload._meta.label_lower,
            object_id=str(upload_id),
            object_label=_("Fichier du dossier %(reference)s") % {"reference": case.reference},
            procedure=case.procedure,
            reason=reason,
        )
    if counts["access_events"]:
        journal_record(
            JournalEntry.Event.PURGED,
            actor_label=SYSTEM_ACTOR,
            channel=Via.PERIODIC_TASK,
            case=case,
            procedure=case.procedure,
            reason=reason,
            detail=_("%(count)d ligne(s) du journal des accès du dossier supprimée(s)")
            % {"count": counts["access_events"]},
        )


def retention_reason(*, rule: str, months: int, procedure_title: str) -> str:
    """The reason every change of the redaction carries, naming the rule and its period."""
    if rule == "delete":
        wording = _(
            "Conservation des données : dossier supprimé %(months)d mois après sa clôture "
            "(règle de la démarche « %(procedure)s »)"
        )
    else:
        wording = _(
            "Conservation des données : données personnelles effacées %(months)d mois après "
            "la clôture (règle de la démarche « %(procedure)s »)"
        )
    return wording % {"months": months, "procedure": procedure_title}


def redacted_row_digests(*, case_id: int) -> dict[tuple[str, int], str]:
    """For `manage.py audit verify`: the historical rows retention rewrote for a case, as
    (object type, history id) -> SHA-256 of the row as redaction left it. The redaction's
    own journal entry carries them, so they are covered by the chain; a row that no longer
    matches its digest was changed after the redaction."""
    found: dict[tuple[str, int], str] = {}
    entries = JournalEntry.objects.filter(
        case_id=case_id, event=JournalEntry.Event.REDACTED
    ).values_list("detail", flat=True)
    for detail in entries:
        try:
            rows = json.loads(detail).get("rows", {})
        except (ValueError, AttributeError):
            continue
        for object_type, by_id in rows.items():
            for history_id, digest in by_id.items():
                found[(object_type, int(history_id))] = digest
    return found


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, COORDINATE_PLACES)
