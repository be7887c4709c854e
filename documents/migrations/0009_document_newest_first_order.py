"""One "newest first" for documents (``documents.models.documents.NEWEST_FIRST``: year, then
date, unknown last, then id) — the model's default order too. The list page ordered by date
before year, so its indexes ``document_list_order`` / ``document_list_oldest`` (0004) are
replaced: newest first reads ``document_newest_order`` (0004), oldest first
``document_oldest_order``, made here (PostgreSQL only, like 0004)."""

from django.db import migrations, models

FORWARD = [
    "CREATE INDEX IF NOT EXISTS document_oldest_order ON documents_document "
    "(issued_year ASC NULLS LAST, issued_date ASC NULLS LAST, id ASC)",
    "DROP INDEX IF EXISTS document_list_order",
    "DROP INDEX IF EXISTS document_list_oldest",
]
BACKWARD = [
    "CREATE INDEX IF NOT EXISTS document_list_order ON documents_document "
    "(issued_date DESC NULLS LAST, issued_year DESC NULLS LAST, id DESC)",
    "CREATE INDEX IF NOT EXISTS document_list_oldest ON documents_document "
    "(issued_date ASC NULLS LAST, issued_year ASC NULLS LAST, id ASC)",
    "DROP INDEX IF EXISTS document_oldest_order",
]


def _execute(schema_editor, statements):
    if schema_editor.connection.vendor != "postgresql":
        return
    for statement in statements:
        schema_editor.execute(statement)


def create_indexes(apps, schema_editor):
    _execute(schema_editor, FORWARD)


def drop_indexes(apps, schema_editor):
    _execute(schema_editor, BACKWARD)


class Migration(migrations.Migration):

    dependencies = [
        ("documents", "0008_source_url_http_or_https"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="document",
            options={
                "ordering": (
                    models.OrderBy(models.F("issued_year"), descending=True, nulls_last=True),
                    models.OrderBy(models.F("issued_date"), descending=True, nulls_last=True),
                    models.OrderBy(models.F("id"), descending=True),
                ),
                "verbose_name": "văn bản",
                "verbose_name_plural": "văn bản",
            },
        ),
        migrations.RunPython(create_indexes, drop_indexes, elidable=False),
    ]
