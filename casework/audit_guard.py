"""The one way through the append-only guard of the audit tables.

On PostgreSQL, triggers refuse UPDATE and DELETE on every history table, the access log and
the audit journal (migration casework/0016). The retention job must still redact personal
data in history: it does so inside `redaction_allowed()`, which sets a transaction-local
flag the triggers read. The flag dies with the transaction, so it cannot leak to the next
request on a pooled connection. SQLite has no triggers here: the block is a plain atomic one.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections, transaction

# The setting the triggers read; `SET LOCAL` scopes it to the current transaction.
REDACTION_SETTING = "guichet.redaction"


@contextmanager
def redaction_allowed(*, using: str = DEFAULT_DB_ALIAS) -> Iterator[None]:
    """Within this block (one transaction), history and journal rows may be updated or
    deleted. Callers must leave their own journal entry saying what was redacted."""
    connection = connections[using]
    postgresql = connection.vendor == "postgresql"
    with transaction.atomic(using=using):
        if postgresql:
            with connection.cursor() as cursor:
                cursor.execute(f"SET LOCAL {REDACTION_SETTING} = 'on'")
        yield
        # Inside an outer transaction, SET LOCAL would outlive this block until that
        # transaction ends: close the door here. (On an error, rolling back the block's
        # savepoint undoes the SET.)
        if postgresql:
            with connection.cursor() as cursor:
                cursor.execute(f"SET LOCAL {REDACTION_SETTING} = 'off'")


# Tables written once and never changed, besides every history table (found by model).
APPEND_ONLY_TABLES = (
    "casework_accessevent",
    "casework_journalentry",
    "casework_journalseal",
    "casework_journaldailydigest",
)

APPEND_ONLY_FUNCTION = f"""
CREATE OR REPLACE FUNCTION guichet_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('{REDACTION_SETTING}', true) = 'on' THEN
        IF TG_OP = 'DELETE' THEN
            RETURN OLD;
        END IF;
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'La table % est en ajout seul : % refusé.', TG_TABLE_NAME, TG_OP
        USING HINT = 'L''historique et le journal d''audit ne se modifient pas ; '
                     'seule l''expurgation de conservation peut le faire.';
END;
$$;
"""

TRIGGER_NAME = "guichet_append_only"


def append_only_tables() -> list[str]:
    """Every table the guard covers: each history table of every app (simple-history's
    historical models, their many-to-many snapshots included) and the audit tables."""
    from django.apps import apps
    from simple_history.models import HistoricalChanges

    history = sorted(
        model._meta.db_table
        for model in apps.get_models()
        if issubclass(model, HistoricalChanges) and not model._meta.proxy
    )
    return history + list(APPEND_ONLY_TABLES)


def guard_append_only(connection: Any) -> list[str]:
    """Install (again: it is idempotent) the trigger that refuses UPDATE and DELETE on every
    guarded table that exists. Migration 0016 calls it, and so does every `migrate` after
    it (post_migrate), so a history table added later by any app is guarded too.
    Returns the tables guarded; nothing on databases without triggers here."""
    if connection.vendor != "postgresql":
        return []
    existing = set(connection.introspection.table_names())
    tables = [table for table in append_only_tables() if table in existing]
    with connection.cursor() as cursor:
        cursor.execute(APPEND_ONLY_FUNCTION)
        for table in tables:
            cursor.execute(
                f"CREATE OR REPLACE TRIGGER {TRIGGER_NAME} BEFORE UPDATE OR DELETE "
                f"ON {connection.ops.quote_name(table)} "
                f"FOR EACH ROW EXECUTE FUNCTION guichet_append_only()"
            )
    return tables


def guarded_tables(connection: Any) -> set[str]:
    """The tables that carry the trigger now, read from the catalogue (for the tests and
    for anyone who doubts)."""
    if connection.vendor != "postgresql":
        return set()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "WHERE t.tgname = %s AND NOT t.tgisinternal",
            [TRIGGER_NAME],
        )
        return {name for (name,) in cursor.fetchall()}
