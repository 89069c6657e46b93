"""Indexes for the lists at national scale, on PostgreSQL (SQLite has no NULLS LAST in indexes
and needs none at its sizes): the staff questionnaire list, newest submitted first, read from
the front of the index with drafts (never submitted) at its end."""

from django.db import migrations, models

INDEXES = {
    "questionnaire_staff_list_idx": (
        "practices_questionnaire (submitted_at DESC NULLS LAST, id DESC)"
    ),
}


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name, target in INDEXES.items():
            schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {target}")


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name in INDEXES:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("practices", "0009_stored_ranking")]

    operations = [
        migrations.RunPython(create_indexes, drop_indexes),
        migrations.AddIndex(
            model_name="assignment",
            index=models.Index(
                fields=["expert", "state", "due_on", "id"], name="assignment_expert_due_idx"
            ),
        ),
    ]
