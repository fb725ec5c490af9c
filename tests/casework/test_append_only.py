"""On PostgreSQL the history tables, the access log and the audit journal refuse UPDATE and
DELETE, unless the retention job opened the door for its own transaction."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import DatabaseError, connection, transaction
from django.test import RequestFactory

from casework.audit_guard import (
    append_only_tables,
    guard_append_only,
    guarded_tables,
    redaction_allowed,
)
from casework.models import JournalEntry
from casework.services.access_log import access_record
from tests.factories import DepartmentFactory

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the append-only triggers exist on PostgreSQL only (SQLite has no guard)",
)


def _run(sql: str, params: list | None = None) -> int:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params or [])
        return cursor.rowcount


@postgresql_only
def test_every_history_table_of_every_app_carries_the_guard(db):
    existing = set(connection.introspection.table_names())
    history = {table for table in existing if "_historical" in table}
    assert history, "no history table found: the schema is not the one expected"
    wanted = (set(append_only_tables()) | history) & existing
    assert "auth_user" not in wanted and "casework_historicaluser" in wanted
    assert wanted - guarded_tables(connection) == set()


@postgresql_only
def test_a_history_row_cannot_be_changed_nor_deleted(db):
    department = DepartmentFactory(name="Voirie", slug="voirie")
    row = department.history.get()
    for sql in (
        "UPDATE casework_historicaldepartment SET name = 'Autre' WHERE history_id = %s",
        "DELETE FROM casework_historicaldepartment WHERE history_id = %s",
    ):
        with pytest.raises(DatabaseError, match="ajout seul"):
            _run(sql, [row.pk])
    assert department.history.get().name == "Voirie"


@postgresql_only
def test_the_journal_and_the_access_log_cannot_be_changed(db):
    DepartmentFactory(name="Voirie", slug="voirie")
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    access_record(request, "export_requested", detail="onglet À traiter")
    _run("SET CONSTRAINTS ALL IMMEDIATE")  # the seal is written now rather than at commit
    for sql in (
        "UPDATE casework_journalentry SET reason = 'effacé'",
        "DELETE FROM casework_journalseal",
        "UPDATE casework_accessevent SET detail = ''",
    ):
        with pytest.raises(DatabaseError, match="ajout seul"):
            _run(sql)


@postgresql_only
def test_the_retention_job_may_redact_within_its_block_only(db):
    department = DepartmentFactory(name="Voirie", slug="voirie")
    row = department.history.get()
    with redaction_allowed():
        assert _run("UPDATE casework_historicaldepartment SET email = ''") == 1
    with pytest.raises(DatabaseError, match="ajout seul"):
        _run("UPDATE casework_historicaldepartment SET name = 'Autre'")
    assert department.history.get(pk=row.pk).name == "Voirie"


@postgresql_only
def test_guarding_again_is_harmless(db):
    before = guarded_tables(connection)
    guard_append_only(connection)
    assert guarded_tables(connection) == before


def test_redaction_allowed_is_a_plain_transaction_elsewhere(db):
    with redaction_allowed():
        DepartmentFactory(name="Voirie", slug="voirie")
        assert connection.in_atomic_block
    assert JournalEntry.objects.filter(object_type="casework.department").exists()
