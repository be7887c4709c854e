"""Search indexes for PostgreSQL (SQLite skips this migration's work).

- ``pg_trgm`` and a GIN trigram index on ``search_text``: the typo-tolerant fallback
  (``search_text %> 'query'``, word similarity).
- A GIN index on the full-text expression the search backend queries
  (``documents.search.SEARCH_VECTOR_SQL``): ``search_text`` is already folded (lower case,
  no diacritics), so the ``simple`` configuration suits Vietnamese; every run of characters
  other than ``a-z0-9`` is made a space first so that words are cut exactly as on SQLite.
  The expression here must stay identical to the one in ``documents/search.py``.
"""

from django.db import migrations

TABLE = "documents_document"
VECTOR = "to_tsvector('simple'::regconfig, regexp_replace(search_text, '[^a-z0-9]+', ' ', 'g'))"

FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    f"CREATE INDEX IF NOT EXISTS document_search_trgm ON {TABLE} "
    "USING gin (search_text gin_trgm_ops)",
    f"CREATE INDEX IF NOT EXISTS document_search_fts ON {TABLE} USING gin (({VECTOR}))",
]
BACKWARD = [
    "DROP INDEX IF EXISTS document_search_fts",
    "DROP INDEX IF EXISTS document_search_trgm",
    # The extension stays: other objects may use it.
]


def _execute(schema_editor, statements):
    if schema_editor.connection.vendor != "postgresql":
        return
    for statement in statements:
        schema_editor.execute(statement)


def create_search_indexes(apps, schema_editor):
    _execute(schema_editor, FORWARD)


def drop_search_indexes(apps, schema_editor):
    _execute(schema_editor, BACKWARD)


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(create_search_indexes, drop_search_indexes, elidable=False),
    ]
