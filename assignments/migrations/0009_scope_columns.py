"""Scope columns (assignments.scope): `board` on assignments, `unit` and `board` on
obligations, filled from their sources, then required and indexed."""

import django.db.models.deletion
from django.db import migrations, models


def fill(apps, schema_editor):
    # Frozen SQL over the columns as they are at this migration.
    if schema_editor.connection.vendor == "postgresql":
        # The new foreign keys are checked at commit by default; the ALTER TABLEs that
        # follow in this transaction refuse to run with those checks pending.
        with schema_editor.connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        statements = [
            "UPDATE assignments_assignment a SET board_id = d.supervising_unit_id "
            "FROM directives_responsibilityitem i JOIN directives_directive d "
            "ON d.id = i.directive_id WHERE i.id = a.item_id",
            "UPDATE assignments_reportobligation o SET unit_id = a.unit_id, "
            "board_id = a.board_id FROM assignments_assignment a WHERE a.id = o.assignment_id",
        ]
    else:
        statements = [
            "UPDATE assignments_assignment SET board_id = (SELECT d.supervising_unit_id "
            "FROM directives_responsibilityitem i JOIN directives_directive d "
            "ON d.id = i.directive_id WHERE i.id = assignments_assignment.item_id)",
            "UPDATE assignments_reportobligation SET unit_id = (SELECT a.unit_id FROM "
            "assignments_assignment a WHERE a.id = assignments_reportobligation.assignment_id),"
            " board_id = (SELECT a.board_id FROM assignments_assignment a "
            "WHERE a.id = assignments_reportobligation.assignment_id)",
        ]
    with schema_editor.connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def unit_fk(verbose_name, null):
    return models.ForeignKey(editable=False, null=null, db_index=False,
                             on_delete=django.db.models.deletion.PROTECT, related_name="+",
                             to="tracker.unit", verbose_name=verbose_name)


class Migration(migrations.Migration):

    dependencies = [
        ("assignments", "0008_dispatch_notification_index"),
        ("directives", "0002_initial"),
        ("tracker", "0001_initial"),
    ]

    operations = [
        migrations.AddField("assignment", "board", unit_fk("ban theo dõi", True)),
        migrations.AddField("reportobligation", "unit", unit_fk("đơn vị", True)),
        migrations.AddField("reportobligation", "board", unit_fk("ban theo dõi", True)),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=False),
        migrations.AlterField("assignment", "board", unit_fk("ban theo dõi", False)),
        migrations.AlterField("reportobligation", "unit", unit_fk("đơn vị", False)),
        migrations.AlterField("reportobligation", "board", unit_fk("ban theo dõi", False)),
        migrations.AddIndex(
            model_name="assignment",
            index=models.Index(fields=["board", "id"], name="assignment_board_id"),
        ),
        migrations.AddIndex(
            model_name="assignment",
            index=models.Index(condition=models.Q(("state", "open")),
                               fields=["board", "current_due_on", "id"],
                               name="assignment_board_open_due"),
        ),
        migrations.AddIndex(
            model_name="reportobligation",
            index=models.Index(fields=["board", "due_on", "id"], name="obligation_board_due_id"),
        ),
        migrations.AddIndex(
            model_name="reportobligation",
            index=models.Index(condition=models.Q(("state__in", ["not_submitted", "returned"])),
                               fields=["board", "due_on", "id"],
                               name="obligation_board_open_due"),
        ),
        migrations.AddIndex(
            model_name="reportobligation",
            index=models.Index(fields=["unit", "due_on", "id"], name="obligation_unit_due_id"),
        ),
    ]
