"""The document page's kept heavy parts (documents/renderings.py): derived data, not a model —
like the page cache's table, never exported, backed up or imported, and no foreign key (a
deleted document's row is never read: reading joins the documents). Unlogged: writing a row
costs no WAL flush, and after a crash the table is simply empty (every page renders its parts
again on its next request)."""

from django.db import migrations

TABLE = "catalogue_document_rendering"  # documents.renderings.TABLE


class Migration(migrations.Migration):
    dependencies = [("documents", "0023_quote_provision_excerpt")]

    operations = [
        migrations.RunSQL(
            f"""
            CREATE UNLOGGED TABLE {TABLE} (
                document_id bigint NOT NULL,
                language varchar(8) NOT NULL,
                doc_ids bigint[] NOT NULL,
                up_ids bigint[] NOT NULL,
                down_ids bigint[] NOT NULL,
                fingerprint text NOT NULL,
                html text NOT NULL,
                rendered_at timestamptz NOT NULL,
                PRIMARY KEY (document_id, language)
            )""",
            f"DROP TABLE {TABLE}",
        ),
    ]
