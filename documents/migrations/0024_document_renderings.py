"""The document page's kept heavy parts (documents/renderings.py): derived data, not a model —
like the page cache's table, never exported, backed up or imported, and no foreign key (a
deleted document's row is never read: reading joins the documents). Logged, not unlogged: a
streaming replica must hold it too, since public pages read from the replica
(documents/routers.py) and an unlogged table cannot be read during recovery."""

from django.db import migrations

TABLE = "catalogue_document_rendering"  # documents.renderings.TABLE


class Migration(migrations.Migration):
    dependencies = [("documents", "0023_quote_provision_excerpt")]

    operations = [
        migrations.RunSQL(
            f"""
            CREATE TABLE {TABLE} (
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
