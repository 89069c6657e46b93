"""A GIN index over the questionnaire's Russian tsvector, on PostgreSQL only.

The expression must stay identical to ``practices.selectors.search_vector()`` as Django renders
it (``to_tsvector('russian'::regconfig, COALESCE(search_document, ''))``), or the planner will
not use the index. SQLite has no full-text type here; it searches with LIKE instead.
"""

from django.db import migrations

INDEX = "practices_questionnaire_search_gin"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON practices_questionnaire "
        "USING gin (to_tsvector('russian'::regconfig, COALESCE(search_document, '')))"
    )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("practices", "0002_directions")]

    operations = [migrations.RunPython(create_index, drop_index)]
