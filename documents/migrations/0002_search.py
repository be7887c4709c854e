"""Search indexes.

- ``pg_trgm`` (created by ``TrigramExtension``) and a GIN trigram index on ``search_text``: the typo-tolerant fallback
  (``search_text %> 'query'``, word similarity).
- A GIN index on the full-text expression the search backend queries
  (``documents.search.SEARCH_VECTOR_SQL``): ``search_text`` is already folded (lower case,
  no diacritics), so the ``simple`` configuration suits Vietnamese; every run of characters
  other than ``a-z0-9`` is made a space first (PostgreSQL's parser would read ``tp.hcm`` as a
  host name). Migration ``0007`` replaced this index with the model's generated column.
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

TABLE = "documents_document"
VECTOR = "to_tsvector('simple'::regconfig, regexp_replace(search_text, '[^a-z0-9]+', ' ', 'g'))"

FORWARD = [
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
        TrigramExtension(),
        migrations.RunPython(create_search_indexes, drop_search_indexes, elidable=False),
    ]
