"""On PostgreSQL, keep the tsvector in a stored generated column with its own GIN index.

The expression index of 0003 was used, but each matching row still had to be re-checked by
computing ``to_tsvector`` over its text again: three seconds for a broad search across 20,000
questionnaires. A stored column is computed once per write and the search reads it directly
(``practices.selectors.apply_search``). The model does not declare the column: it exists only on
PostgreSQL, the database fills it, and Django never writes it. SQLite keeps its LIKE search.
"""

from django.db import migrations

COLUMN_SQL = (
    "ALTER TABLE practices_questionnaire ADD COLUMN IF NOT EXISTS search_vector tsvector "
    "GENERATED ALWAYS AS (to_tsvector('russian'::regconfig, COALESCE(search_document, ''))) "
    "STORED"
)


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS practices_questionnaire_search_gin")
    schema_editor.execute(COLUMN_SQL)
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS practices_questionnaire_search_gin "
        "ON practices_questionnaire USING gin (search_vector)"
    )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS practices_questionnaire_search_gin")
    schema_editor.execute("ALTER TABLE practices_questionnaire DROP COLUMN IF EXISTS search_vector")
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS practices_questionnaire_search_gin ON practices_questionnaire "
        "USING gin (to_tsvector('russian'::regconfig, COALESCE(search_document, '')))"
    )


class Migration(migrations.Migration):
    dependencies = [("practices", "0003_search_index")]

    operations = [migrations.RunPython(forwards, backwards)]
