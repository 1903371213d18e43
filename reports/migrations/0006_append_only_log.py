"""The log can't be rewritten (tracker.appendonly): on PostgreSQL, a trigger refuses
UPDATE and DELETE on events, reviews and deadline changes, DELETE on extension requests
and their UPDATE once decided (OLD.status <> 'pending'). `SET LOCAL tracker.allow_purge
= 'on'` (tracker.appendonly.log_purge, used by the bench cleanup only) lets rows go for
one transaction. Other databases: nothing here (the ORM guard applies)."""

from django.db import migrations

FUNCTION = """
CREATE OR REPLACE FUNCTION tracker_log_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF coalesce(current_setting('tracker.allow_purge', true), '') = 'on' THEN
        IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
        RETURN NEW;
    END IF;
    IF TG_OP = 'UPDATE' AND TG_NARGS > 0 AND TG_ARGV[0] = 'while_pending' THEN
        IF OLD.status = 'pending' THEN
            RETURN NEW;
        END IF;
    END IF;
    RAISE EXCEPTION '% of % refused: the log is append-only', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'restrict_violation';
END
$$;
"""

TABLES = [
    ("tracker_event", ""),
    ("reports_review", ""),
    ("assignments_deadlinechange", ""),
    ("assignments_extensionrequest", "'while_pending'"),
]


def install(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(FUNCTION, params=None)
    for table, argument in TABLES:
        schema_editor.execute(
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION tracker_log_refuse({argument})")


def remove(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, _argument in TABLES:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
    schema_editor.execute("DROP FUNCTION IF EXISTS tracker_log_refuse()")


class Migration(migrations.Migration):

    dependencies = [
        ("reports", "0005_evidence_by_version"),
        ("assignments", "0011_board_unit_statistics"),
        ("tracker", "0004_event_verb_choices"),
    ]

    operations = [migrations.RunPython(install, remove)]
