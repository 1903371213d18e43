"""Scope columns (assignments.scope): `unit` and `board` on progress reports, filled from
their obligations, then required and indexed."""

import django.db.models.deletion
from django.db import migrations, models


def fill(apps, schema_editor):
    # Frozen SQL over the columns as they are at this migration.
    if schema_editor.connection.vendor == "postgresql":
        # The new foreign keys are checked at commit by default; the ALTER TABLEs that
        # follow in this transaction refuse to run with those checks pending.
        with schema_editor.connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        sql = ("UPDATE reports_progressreport r SET unit_id = o.unit_id, board_id = o.board_id "
               "FROM assignments_reportobligation o WHERE o.id = r.obligation_id")
    else:
        sql = ("UPDATE reports_progressreport SET unit_id = (SELECT o.unit_id FROM "
               "assignments_reportobligation o WHERE o.id = reports_progressreport.obligation_id),"
               " board_id = (SELECT o.board_id FROM assignments_reportobligation o "
               "WHERE o.id = reports_progressreport.obligation_id)")
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(sql)


def unit_fk(verbose_name, null):
    return models.ForeignKey(editable=False, null=null, db_index=False,
                             on_delete=django.db.models.deletion.PROTECT, related_name="+",
                             to="tracker.unit", verbose_name=verbose_name)


class Migration(migrations.Migration):

    dependencies = [
        ("assignments", "0009_scope_columns"),
        ("reports", "0003_export_jobs"),
        ("tracker", "0001_initial"),
    ]

    operations = [
        migrations.AddField("progressreport", "unit", unit_fk("đơn vị", True)),
        migrations.AddField("progressreport", "board", unit_fk("ban theo dõi", True)),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=False),
        migrations.AlterField("progressreport", "unit", unit_fk("đơn vị", False)),
        migrations.AlterField("progressreport", "board", unit_fk("ban theo dõi", False)),
        migrations.AddIndex(
            model_name="progressreport",
            index=models.Index(condition=models.Q(("status", "draft"), _negated=True),
                               fields=["board", "id"], name="report_board_id"),
        ),
        migrations.AddIndex(
            model_name="progressreport",
            index=models.Index(fields=["board", "status", "id"], name="report_board_status_id"),
        ),
        migrations.AddIndex(
            model_name="progressreport",
            index=models.Index(fields=["unit", "id"], name="report_unit_id"),
        ),
    ]
