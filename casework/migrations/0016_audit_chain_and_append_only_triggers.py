"""PostgreSQL only: the chain's seal trigger and the append-only guard.

The seal is a DEFERRABLE INITIALLY DEFERRED constraint trigger: it runs when the entry's
transaction commits, takes the chain's transaction-level advisory lock there and links the
entry after the last one. The lock is thus held only during commits, after every row lock
of the transaction is taken: two writers cannot deadlock on it, and links follow the order
of commits. The formula is casework.audit_chain.chain_hash, spelled in SQL.
"""

from django.db import migrations

# Any fixed number: the key of the chain's advisory lock.
CHAIN_LOCK = 7420001

SEAL_FUNCTION = f"""
CREATE OR REPLACE FUNCTION guichet_journal_seal() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    last_seq bigint;
    last_hash varchar(64);
BEGIN
    PERFORM pg_advisory_xact_lock({CHAIN_LOCK});
    SELECT seq, hash INTO last_seq, last_hash
        FROM casework_journalseal ORDER BY seq DESC LIMIT 1;
    IF last_seq IS NULL THEN
        last_seq := 0;
        last_hash := repeat('0', 64);
    END IF;
    INSERT INTO casework_journalseal (seq, entry_id, previous_hash, hash)
    VALUES (
        last_seq + 1,
        NEW.id,
        last_hash,
        encode(sha256(convert_to(last_hash || ':' || NEW.id || ':' || NEW.digest, 'UTF8')), 'hex')
    );
    RETURN NULL;
END;
$$;
"""

SEAL_TRIGGER = """
DROP TRIGGER IF EXISTS guichet_journal_seal ON casework_journalentry;
CREATE CONSTRAINT TRIGGER guichet_journal_seal
    AFTER INSERT ON casework_journalentry
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION guichet_journal_seal();
"""


def install(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    from casework.audit_guard import guard_append_only

    with connection.cursor() as cursor:
        cursor.execute(SEAL_FUNCTION)
        cursor.execute(SEAL_TRIGGER)
    guard_append_only(connection)


def uninstall(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    from casework.audit_guard import TRIGGER_NAME, guarded_tables

    with connection.cursor() as cursor:
        cursor.execute("DROP TRIGGER IF EXISTS guichet_journal_seal ON casework_journalentry")
        for table in guarded_tables(connection):
            cursor.execute(f'DROP TRIGGER IF EXISTS {TRIGGER_NAME} ON "{table}"')
        cursor.execute("DROP FUNCTION IF EXISTS guichet_journal_seal()")
        cursor.execute("DROP FUNCTION IF EXISTS guichet_append_only()")


class Migration(migrations.Migration):
    dependencies = [
        ("casework", "0015_audit_history_and_daily_digest"),
        ("formbuilder", "0008_form_versions_and_uploads_history"),
        ("themes", "0006_themes_history"),
    ]

    operations = [migrations.RunPython(install, uninstall, elidable=False)]
