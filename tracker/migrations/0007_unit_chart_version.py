"""The organisation chart's version token and the triggers that move it
(tracker.models.UnitChartVersion): on PostgreSQL one statement-level trigger per
table (also on TRUNCATE), on SQLite one row trigger per table and event."""

from django.db import migrations, models

TABLES = ("tracker_unit", "tracker_unitrevision", "tracker_unitsuccession")

PG_FUNCTION = """
CREATE OR REPLACE FUNCTION tracker_unit_chart_moved() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO tracker_unitchartversion (id, token)
    VALUES (1, floor(random() * 9.0e18)::bigint)
    ON CONFLICT (id) DO UPDATE SET token = excluded.token;
    RETURN NULL;
END
$$"""

SQLITE_MOVE = ("INSERT INTO tracker_unitchartversion (id, token) VALUES (1, random()) "
               "ON CONFLICT (id) DO UPDATE SET token = excluded.token")


def add_triggers(apps, schema_editor):
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(PG_FUNCTION)
            for table in TABLES:
                cursor.execute(
                    f"CREATE TRIGGER {table}_chart_moved AFTER INSERT OR UPDATE OR DELETE "
                    f"OR TRUNCATE ON {table} FOR EACH STATEMENT "
                    "EXECUTE FUNCTION tracker_unit_chart_moved()")
            cursor.execute("INSERT INTO tracker_unitchartversion (id, token) "
                           "VALUES (1, floor(random() * 9.0e18)::bigint)")
        elif connection.vendor == "sqlite":
            for table in TABLES:
                for event in ("INSERT", "UPDATE", "DELETE"):
                    cursor.execute(f"CREATE TRIGGER {table}_chart_{event.lower()} AFTER "
                                   f"{event} ON {table} BEGIN {SQLITE_MOVE}; END")
            cursor.execute("INSERT INTO tracker_unitchartversion (id, token) "
                           "VALUES (1, random())")
        # Another database: no triggers and no row, so the chart is never reused.


def drop_triggers(apps, schema_editor):
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for table in TABLES:
                cursor.execute(f"DROP TRIGGER IF EXISTS {table}_chart_moved ON {table}")
            cursor.execute("DROP FUNCTION IF EXISTS tracker_unit_chart_moved()")
        elif connection.vendor == "sqlite":
            for table in TABLES:
                for event in ("insert", "update", "delete"):
                    cursor.execute(f"DROP TRIGGER IF EXISTS {table}_chart_{event}")


class Migration(migrations.Migration):

    dependencies = [
        ("tracker", "0006_review_desk_verbs"),
    ]

    operations = [
        migrations.CreateModel(
            name="UnitChartVersion",
            fields=[
                ("id", models.PositiveSmallIntegerField(default=1, primary_key=True,
                                                        serialize=False)),
                ("token", models.BigIntegerField()),
            ],
            options={
                "verbose_name": "phiên bản sơ đồ tổ chức",
                "verbose_name_plural": "phiên bản sơ đồ tổ chức",
            },
        ),
        migrations.RunPython(add_triggers, drop_triggers),
    ]
