"""Indexes (and a stored search vector) for 100.000 documents.

Each matches an ordering or lookup the public pages use, found with ``bench/explain.py`` on
the benchmark database (docs/PERFORMANCE.md), so a page of 25 newest documents is read from
an index instead of sorting the whole table:

- ``document_list_order``: the document list's default order (``filters.DocumentFilterSet``:
  issued date, then year, newest first, unknown dates last, then id);
- ``document_list_oldest``: its ``sort=date`` (oldest first, unknown dates last);
- ``document_newest_order``: "newest first" of the home page, place, body and graph pages
  (``views.places.NEWEST_FIRST``: year, then date);
- ``document_symbol_order``: ``sort=symbol`` (documents without a number last, numbers in
  numeric order) — the same expressions the FilterSet orders by;
- ``link_to_kind`` / ``link_from_kind``: a document's links of some kinds, both directions
  (the recursive chain/tree walks of ``documents.linkgraph``);
- ``target_deadline_order``: the targets page's order (deadline, unknown last);
- ``document_locality_cover``: a document's place with the columns the filters and facets
  read: "this place and everything below" with other filters is then one index-only probe per
  place (a province's facet counts went from 35–50 ms each to 4 ms);
- ``link_kind_order``: the admin's list of links (ordered by kind, then id);
- ``locality_level_order``: places by level, then Vietnamese name (the tree of places, the
  filters' list of provinces);
- ``search_vector``: the searchable words of ``search_text`` stored in a generated column
  (the very expression of ``0002_search``, which recomputed it for every matching row to
  rank results and to filter facets: two thirds of a search page's time at 100.000
  documents), with its GIN index replacing ``0002``'s expression index.
  Migration ``0007`` made it the model's ``GeneratedField``.

The models do not declare these (expressions and NULLS LAST orderings), so they are created
with SQL, like ``0002_search``.
"""

from django.db import migrations

VECTOR = "to_tsvector('simple'::regconfig, regexp_replace(search_text, '[^a-z0-9]+', ' ', 'g'))"

FORWARD = [
    "ALTER TABLE documents_document ADD COLUMN IF NOT EXISTS search_vector tsvector "
    f"GENERATED ALWAYS AS ({VECTOR}) STORED",
    "CREATE INDEX IF NOT EXISTS document_search_vector ON documents_document "
    "USING gin (search_vector)",
    "DROP INDEX IF EXISTS document_search_fts",
    "CREATE INDEX IF NOT EXISTS document_list_order ON documents_document "
    "(issued_date DESC NULLS LAST, issued_year DESC NULLS LAST, id DESC)",
    "CREATE INDEX IF NOT EXISTS document_list_oldest ON documents_document "
    "(issued_date ASC NULLS LAST, issued_year ASC NULLS LAST, id ASC)",
    "CREATE INDEX IF NOT EXISTS document_newest_order ON documents_document "
    "(issued_year DESC NULLS LAST, issued_date DESC NULLS LAST, id DESC)",
    "CREATE INDEX IF NOT EXISTS document_symbol_order ON documents_document "
    "((CASE WHEN symbol_key = '' THEN 1 ELSE 0 END), length(number), number, symbol_key, id)",
    "CREATE INDEX IF NOT EXISTS link_to_kind ON documents_documentlink "
    "(to_document_id, kind, from_document_id)",
    "CREATE INDEX IF NOT EXISTS link_from_kind ON documents_documentlink "
    "(from_document_id, kind, to_document_id)",
    "CREATE INDEX IF NOT EXISTS target_deadline_order ON documents_target "
    "(deadline_year ASC NULLS LAST, document_id, position, id)",
    "CREATE INDEX IF NOT EXISTS document_locality_cover ON documents_document (locality_id) "
    "INCLUDE (doc_type, status, issued_year, issuing_body_id)",
    "CREATE INDEX IF NOT EXISTS link_kind_order ON documents_documentlink (kind, id)",
    "CREATE INDEX IF NOT EXISTS locality_level_order ON documents_locality (level, name_sort)",
]
BACKWARD = [
    f"CREATE INDEX IF NOT EXISTS document_search_fts ON documents_document USING gin (({VECTOR}))",
    "DROP INDEX IF EXISTS document_search_vector",
    "ALTER TABLE documents_document DROP COLUMN IF EXISTS search_vector",
] + [
    "DROP INDEX IF EXISTS " + name
    for name in (
        "locality_level_order",
        "document_locality_cover",
        "link_kind_order",
        "target_deadline_order",
        "link_from_kind",
        "link_to_kind",
        "document_symbol_order",
        "document_newest_order",
        "document_list_oldest",
        "document_list_order",
    )
]


def _execute(schema_editor, statements):
    for statement in statements:
        schema_editor.execute(statement)


def create_indexes(apps, schema_editor):
    _execute(schema_editor, FORWARD)


def drop_indexes(apps, schema_editor):
    _execute(schema_editor, BACKWARD)


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0003_document_version"),
    ]

    operations = [
        migrations.RunPython(create_indexes, drop_indexes, elidable=False),
    ]
