"""The chain of digests: `manage.py audit verify` finds every entry intact, or names the
first link that does not hold: a history row changed, an entry deleted, a seal changed or
missing. On PostgreSQL the deferred trigger and the Python writer give the same hashes."""

import threading
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, connections, transaction
from django.test import RequestFactory

from casework.audit_chain import GENESIS, chain_hash
from casework.audit_guard import redaction_allowed
from casework.models import Department, JournalDailyDigest, JournalEntry, JournalSeal
from casework.services.access_log import access_record
from casework.services.journal import chain_links, journal_record
from tests.factories import DepartmentFactory, UserFactory

# Seals are written when the transaction commits on PostgreSQL: these tests commit.
pytestmark = pytest.mark.django_db(transaction=True)


def _activity() -> list[JournalEntry]:
    """A few journaled writes of each kind: history rows, an access, a direct entry."""
    department = DepartmentFactory(name="Voirie", slug="voirie")
    department.email = "voirie@exemple.fr"
    department.save()
    request = RequestFactory().get("/", REMOTE_ADDR="192.0.2.9")
    request.user = UserFactory(username="agent.audit")
    access_record(request, "export_requested", detail="onglet À traiter")
    journal_record(JournalEntry.Event.AUDIT_EXPORTED, actor=request.user, detail="filtres : aucun")
    return list(JournalEntry.objects.order_by("seal__seq"))


def _verify() -> str:
    output = StringIO()
    call_command("audit", "verify", "--batch-size", "2", stdout=output)
    return output.getvalue()


def _broken() -> str:
    with pytest.raises(CommandError) as refused:
        _verify()
    return str(refused.value)


def _execute(sql: str, params: list) -> None:
    # The retention job's door is the only way through the guard on PostgreSQL.
    with redaction_allowed(), connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_an_untouched_chain_verifies_and_says_how_fast():
    entries = _activity()
    output = _verify()
    assert f"chaîne intacte : {len(entries)} entrées" in output
    assert "lignes/s" in output
    assert JournalSeal.objects.count() == len(entries)


def test_a_tampered_history_row_is_reported_at_its_link():
    _activity()
    department = Department.objects.get(slug="voirie")
    row = department.history.earliest()
    entry = JournalEntry.objects.get(object_type="casework.department", history_id=row.pk)
    _execute(
        "UPDATE casework_historicaldepartment SET name = %s WHERE history_id = %s",
        ["Voirie et propreté", row.pk],
    )
    message = _broken()
    assert f"maillon {entry.seal.seq}, entrée {entry.pk}" in message
    assert f"ligne {row.pk} de casework_historicaldepartment a été modifiée" in message


def test_a_tampered_access_log_line_is_reported():
    _activity()
    entry = JournalEntry.objects.get(event="export_requested")
    _execute("UPDATE casework_accessevent SET detail = %s", ["rien"])
    assert f"entrée {entry.pk}" in _broken()


def test_a_deleted_entry_is_reported_at_its_link():
    entries = _activity()
    victim = entries[1]
    seq = victim.seal.seq
    _execute("DELETE FROM casework_journalentry WHERE id = %s", [victim.pk])
    message = _broken()
    assert f"maillon {seq}, entrée {victim.pk} : l'entrée du journal a été supprimée" in message


def test_a_changed_seal_is_reported_at_its_link():
    entries = _activity()
    _execute("UPDATE casework_journalseal SET hash = %s WHERE seq = 2", ["f" * 64])
    assert f"maillon 2, entrée {entries[1].pk} : l'empreinte du maillon a été modifiée" in (
        _broken()
    )


def test_a_missing_link_and_an_entry_without_seal_are_reported():
    entries = _activity()
    _execute("DELETE FROM casework_journalseal WHERE seq = 2", [])
    assert "maillon 2 : maillon manquant (le suivant présent est le 3)" in _broken()
    _execute("DELETE FROM casework_journalseal WHERE seq >= 2", [])
    assert f"entrée {entries[1].pk} : {len(entries) - 1} entrée(s) sans maillon" in _broken()


def test_a_redacted_row_recorded_as_such_is_not_a_break():
    _activity()
    department = Department.objects.get(slug="voirie")
    _execute("UPDATE casework_historicaldepartment SET email = ''", [])
    journal_record(JournalEntry.Event.REDACTED, obj=department, reason="Conservation échue")
    output = _verify()
    assert "chaîne intacte" in output and "expurgée(s) par la conservation" in output


def test_the_daily_digest_writes_down_the_head_once_a_day():
    _activity()
    output = StringIO()
    call_command("audit", "digest", stdout=output)
    call_command("audit", "digest", stdout=output)
    digest = JournalDailyDigest.objects.get()
    head = JournalSeal.objects.order_by("-seq").first()
    assert (digest.seq, digest.head_hash, digest.entries) == (head.seq, head.hash, head.seq)
    assert head.hash in output.getvalue()
    _verify()  # the digest itself is not a break


def test_a_bad_batch_size_is_refused_in_plain_french():
    with pytest.raises(CommandError, match="entier positif"):
        call_command("audit", "verify", "--batch-size", "0", stdout=StringIO())


def test_the_links_are_the_python_formula_whichever_path_wrote_them():
    """On PostgreSQL the trigger wrote the seals; on SQLite Python did: both must equal the
    links `chain_links` computes from the entries, from the genesis."""
    entries = _activity()
    expected = chain_links(entries, 0, GENESIS)
    written = list(JournalSeal.objects.order_by("seq"))
    assert [(s.seq, s.entry_id, s.previous_hash, s.hash) for s in written] == [
        (s.seq, s.entry_id, s.previous_hash, s.hash) for s in expected
    ]
    assert written[0].hash == chain_hash(GENESIS, entries[0].pk, entries[0].digest)


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="concurrent writers need PostgreSQL (SQLite: one)"
)
def test_concurrent_writers_make_one_unbroken_chain_in_commit_order():
    def write(index: int) -> None:
        try:
            for step in range(5):
                with transaction.atomic():
                    journal_record(JournalEntry.Event.AUDIT_EXPORTED, detail=f"{index}-{step}")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write, args=(index,)) for index in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert JournalSeal.objects.count() == JournalEntry.objects.count() == 20
    assert "chaîne intacte : 20 entrées" in _verify()
