"""The counts of the whole catalogue, kept between requests (documents/catalogue_counts.py):
a sequence numbering the catalogue's changes (``catalogue_data_version``, advanced by
``documents.cache.data_changed``) and a one-row table of the facet counts of the unfiltered
catalogue as of a version and a day. Plain SQL, not a model: it is no catalogue data (no
history, no backup, no permissions, no change signal)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("documents", "0024_document_renderings")]
    operations = [
        migrations.RunSQL(
            "CREATE SEQUENCE IF NOT EXISTS catalogue_data_version;"
            "CREATE TABLE IF NOT EXISTS catalogue_counts ("
            " id smallint PRIMARY KEY, version bigint NOT NULL, as_of date NOT NULL,"
            " counts jsonb NOT NULL);",
            "DROP TABLE IF EXISTS catalogue_counts; DROP SEQUENCE IF EXISTS catalogue_data_version;",
        ),
    ]
