"""Retention: closed cases lose their personal data once their procedure's period is over,
in the case and in its history, and the access log loses its old lines."""

from datetime import timedelta
from io import StringIO

import pytest
from dateutil.relativedelta import relativedelta
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.test import override_settings
from django.utils import timezone

from casework.audit_guard import redaction_allowed
from casework.audit_verify import chain_verify
from casework.models import (
    AccessEvent,
    Case,
    CaseFollower,
    CaseMessage,
    Consultation,
    InternalNote,
    JournalEntry,
)
from casework.retention.models import Redaction
from casework.retention.redaction import SYSTEM_ACTOR, redacted_row_digests, row_digest
from casework.services.cases import case_transition
from casework.services.journal import journal_record
from casework.services.messages import citizen_reply, message_to_citizen
from casework.services.notes import note_add
from casework.services.retention import retention_sweep
from casework.statistics.models import CaseFact
from casework.statistics.services import case_facts_refresh
from cms.models import ProcedurePage
from formbuilder.models import Upload
from formbuilder.uploads import upload_store
from tests.conftest import VALID_ANSWERS

PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def _upload(name: str = "cni-lefevre.pdf") -> Upload:
    uploaded = ContentFile(PDF_BYTES, name=name)
    return upload_store(
        uploaded=uploaded, owner="test", allowed=("application/pdf",), max_bytes=10_000
    )


def _lived_case(case: Case, agent) -> Upload:
    """A case with a conversation, a citizen's file and a note, then closed."""
    message_to_citizen(case=case, actor=agent, body="Merci d'envoyer une pièce d'identité.")
    upload = _upload()
    citizen_reply(case=case, body="Voici ma carte, Jeanne Lefèvre.", files=[upload.descriptor()])
    note_add(case=case, author=agent, body="Mme Lefèvre a appelé, très pressée.")
    for status, reason in (("in_progress", "Pris en charge"), ("done", "Acte envoyé")):
        case.refresh_from_db()
        case_transition(
            case=case,
            to_status=status,
            actor=agent,
            reason=reason,
            expected_version=case.lock_version,
        )
    case.refresh_from_db()
    return upload


def _verified():
    """The chain's verdict. On PostgreSQL entries are sealed by a deferred trigger at
    commit, and a test never commits: the pending seals are fired first."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    return chain_verify()


def _months_after_closing(case: Case, months: int):
    return case.decided_at + relativedelta(months=months) + timedelta(days=1)


@pytest.fixture
def closed(case, people) -> tuple[Case, Upload]:
    upload = _lived_case(case, people["agent"])
    return case, upload


def test_an_expired_closed_case_loses_its_personal_data_and_keeps_its_facts(
    closed, django_capture_on_commit_callbacks
):
    case, upload = closed
    stored = upload.file.name
    assert default_storage.exists(stored)
    old_code = case.tracking_code
    with django_capture_on_commit_callbacks(execute=True):
        report = retention_sweep(now=_months_after_closing(case, 24))

    assert [due.reference for due in report.cases] == [case.reference]
    case.refresh_from_db()
    assert case.answers == {}
    assert (case.citizen_email, case.citizen_name, case.citizen_phone) == ("", "", "")
    assert case.citizen_id is None and case.decision_reason == ""
    assert case.tracking_code != old_code
    # What statistics and the audit need stays.
    assert case.status == "done" and case.decided_at is not None
    assert case.reference and case.department_id and case.procedure_id
    assert set(case.messages.values_list("body", flat=True)) == {""}
    assert all(files == [] for files in case.messages.values_list("files", flat=True))
    assert set(case.notes.values_list("body", flat=True)) == {""}
    assert not Upload.objects.filter(pk=upload.pk).exists()
    assert not default_storage.exists(stored)

    redaction = Redaction.objects.get(case_id=case.pk)
    assert redaction.rule == "anonymise" and redaction.counts["files"] == 1
    entry = JournalEntry.objects.get(
        event=JournalEntry.Event.REDACTED, case_id=case.pk, object_type="casework.case"
    )
    assert entry.actor_label == SYSTEM_ACTOR and entry.actor_id is None
    assert "24 mois" in entry.reason and case.procedure.title in entry.reason


def test_every_history_row_of_the_case_and_its_children_is_redacted(
    closed, other_department, django_capture_on_commit_callbacks
):
    case, upload = closed
    CaseFollower.objects.create(case=case, email="voisin@exemple.fr")
    consultation = Consultation(
        case=case,
        department=other_department,
        requested_at=case.submitted_at,
        due_at=case.submitted_at,
        opinion="reserved",
        comment="Mme Lefèvre doit encore 30 € de cantine.",
    )
    consultation.attachment.save("releve-lefevre.pdf", ContentFile(PDF_BYTES), save=False)
    consultation.save()
    attachment = consultation.attachment.name
    with django_capture_on_commit_callbacks(execute=True):
        retention_sweep(now=_months_after_closing(case, 24))

    assert not case.followers.exists() and not case.notifications.exists()
    follower_rows = CaseFollower.history.model.objects.filter(case_id=case.pk)
    assert follower_rows.count() == 2 and set(follower_rows.values_list("email", flat=True)) == {""}
    consultation.refresh_from_db()
    assert consultation.comment == "" and not consultation.attachment
    assert consultation.opinion == "reserved"  # the outcome of the opinion is a fact
    assert not default_storage.exists(attachment)
    consultation_rows = Consultation.history.model.objects.filter(case_id=case.pk)
    assert set(consultation_rows.values_list("comment", "attachment")) == {("", "")}

    case_rows = Case.history.model.objects.filter(id=case.pk)
    assert case_rows.count() > 3
    assert all(row.answers == {} for row in case_rows)
    assert set(case_rows.values_list("citizen_email", flat=True)) == {""}
    assert set(case_rows.values_list("decision_reason", flat=True)) == {""}
    # The staff's reasons are kept: they are what the audit reads.
    assert "Acte envoyé" in set(case_rows.values_list("history_change_reason", flat=True))
    assert set(
        CaseMessage.history.model.objects.filter(case_id=case.pk).values_list("body", flat=True)
    ) == {""}
    assert set(
        InternalNote.history.model.objects.filter(case_id=case.pk).values_list("body", flat=True)
    ) == {""}
    upload_names = Upload.history.model.objects.filter(id=upload.pk).values_list("name", flat=True)
    assert list(upload_names) and set(upload_names) == {""}


def test_the_redaction_entry_holds_the_digest_of_each_rewritten_row_and_the_chain_verifies(
    closed,
):
    case, _upload = closed
    retention_sweep(now=_months_after_closing(case, 24))

    digests = redacted_row_digests(case_id=case.pk)
    rows = Case.history.model.objects.filter(id=case.pk)
    assert {("casework.case", row.history_id) for row in rows} <= set(digests)
    assert all(digests[("casework.case", row.history_id)] == row_digest(row) for row in rows)
    verdict = _verified()
    assert verdict.broken is None, str(verdict.broken)
    assert verdict.excused > 0  # the rewritten rows, each matched to the redaction


def test_a_redacted_row_changed_after_the_redaction_still_breaks_the_chain(closed):
    case, _upload = closed
    retention_sweep(now=_months_after_closing(case, 24))
    first = Case.history.model.objects.filter(id=case.pk).order_by("history_id").first()
    with redaction_allowed():
        Case.history.model.objects.filter(history_id=first.history_id).update(
            citizen_name="Quelqu'un d'autre"
        )
    verdict = _verified()
    assert verdict.broken is not None
    assert (
        verdict.broken.entry_id
        == JournalEntry.objects.get(object_type="casework.case", history_id=first.history_id).pk
    )


def test_only_closed_cases_past_their_own_procedures_period_are_picked(
    procedure, people, demo_city
):
    from casework.services.cases import case_submit

    def submit() -> Case:
        return case_submit(
            procedure=procedure,
            form_version=procedure.form.current_version,
            answers=dict(VALID_ANSWERS),
            citizen_email=VALID_ANSWERS["email"],
        ).case

    still_open = submit()
    closed_case = submit()
    _lived_case(closed_case, people["agent"])
    ProcedurePage.objects.filter(pk=procedure.pk).update(retention_months=6)

    assert retention_sweep(now=_months_after_closing(closed_case, 5)).cases == []
    report = retention_sweep(now=_months_after_closing(closed_case, 6))
    assert [due.reference for due in report.cases] == [closed_case.reference]
    still_open.refresh_from_db()
    assert still_open.answers == VALID_ANSWERS and still_open.citizen_email


def test_the_delete_rule_removes_the_case_but_not_its_statistics_or_redacted_history(closed):
    case, _upload = closed
    ProcedurePage.objects.filter(pk=case.procedure_id).update(retention_rule="delete")
    case_facts_refresh(full=True)
    fact_before = CaseFact.objects.filter(case_id=case.pk).values().get()

    report = retention_sweep(now=_months_after_closing(case, 24))

    assert report.deleted == 1
    assert not Case.objects.filter(pk=case.pk).exists()
    assert not CaseMessage.objects.filter(case_id=case.pk).exists()
    fact_after = CaseFact.objects.filter(case_id=case.pk).values().get()
    kept = ("reference", "procedure_id", "department_id", "outcome", "closed_at", "channel")
    assert {key: fact_after[key] for key in kept} == {key: fact_before[key] for key in kept}
    rows = Case.history.model.objects.filter(id=case.pk)
    assert rows.filter(history_type="-").exists()
    assert all(row.answers == {} and row.citizen_email == "" for row in rows)
    assert Redaction.objects.get(case_id=case.pk).counts["deleted"] == 1
    assert _verified().broken is None


def test_a_second_sweep_does_nothing(closed):
    case, _upload = closed
    now = _months_after_closing(case, 24)
    assert len(retention_sweep(now=now).cases) == 1
    assert retention_sweep(now=now + timedelta(days=1)).cases == []
    redactions = JournalEntry.objects.filter(
        event=JournalEntry.Event.REDACTED, case_id=case.pk, object_type="casework.case"
    )
    assert redactions.count() == 1 and Redaction.objects.count() == 1


def test_a_dry_run_changes_nothing_and_the_command_says_what_it_would_do(closed):
    case, _upload = closed
    entries = JournalEntry.objects.count()
    report = retention_sweep(now=_months_after_closing(case, 24), dry_run=True)
    assert [due.reference for due in report.cases] == [case.reference]
    case.refresh_from_db()
    assert case.answers == VALID_ANSWERS
    assert JournalEntry.objects.count() == entries and not Redaction.objects.exists()

    out = StringIO()
    Case.objects.filter(pk=case.pk).update(decided_at=timezone.now() - relativedelta(months=25))
    call_command("retention_sweep", "--dry-run", stdout=out)
    assert f"{case.reference} (" in out.getvalue() and "à anonymiser" in out.getvalue()
    assert "Serait fait : 1 dossier(s) anonymisé(s)" in out.getvalue()
    assert not Redaction.objects.exists()


@override_settings(GUICHET_ACCESS_LOG_RETENTION_DAYS=365)
def test_access_log_lines_past_the_period_are_purged_with_one_journal_entry(case, people):
    now = timezone.now()

    def opened(days_ago: int) -> tuple[AccessEvent, JournalEntry]:
        # As access_record writes them: the line, and its journal entry covering it.
        event = AccessEvent.objects.create(
            actor=people["agent"],
            kind="case_opened",
            case=case,
            address="203.0.113.7",
            at=now - timedelta(days=days_ago),
        )
        entry = journal_record(
            "case_opened",
            actor=event.actor,
            obj=case,
            case=case,
            history_id=event.pk,
            row=event,
            address=event.address,
            at=event.at,
        )
        return event, entry

    old, old_entry = opened(400)
    recent, recent_entry = opened(10)

    report = retention_sweep(now=now)

    assert (report.access_events, report.addresses) == (1, 1)
    assert not AccessEvent.objects.filter(pk=old.pk).exists()
    assert AccessEvent.objects.filter(pk=recent.pk).exists()
    old_entry.refresh_from_db()
    recent_entry.refresh_from_db()
    assert old_entry.address is None and old_entry.actor_id == people["agent"].pk
    assert recent_entry.address == "203.0.113.7"
    purge = JournalEntry.objects.get(event=JournalEntry.Event.PURGED)
    assert "365 jours" in purge.reason and purge.detail.startswith("1 ligne")
    assert _verified().broken is None
    retention_sweep(now=now)
    assert JournalEntry.objects.filter(event=JournalEntry.Event.PURGED).count() == 1


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the append-only triggers exist on PostgreSQL only",
)
def test_on_postgresql_history_is_append_only_except_for_the_retention_job(closed):
    case, _upload = closed
    with pytest.raises(DatabaseError), transaction.atomic():
        Case.history.model.objects.filter(id=case.pk).update(answers={})
    with pytest.raises(DatabaseError), transaction.atomic():
        AccessEvent.objects.create(kind="case_opened", case=case)
        AccessEvent.objects.filter(case=case).delete()

    retention_sweep(now=_months_after_closing(case, 24))

    assert all(row.answers == {} for row in Case.history.model.objects.filter(id=case.pk))
    assert _verified().broken is None
