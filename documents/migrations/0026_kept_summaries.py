"""Summaries kept between requests beside the catalogue's counts (documents/catalogue_counts.py
``kept``): one row per key — the home page's counts, a place's counts — labelled with the
catalogue's version (and a day for what depends on the date). Plain SQL, not a model: no
catalogue data (no history, no backup, no change signal). And ``document_locality_newest``:
a place's own documents newest first (``Document.objects.filter(locality=…)`` in the
``NEWEST_FIRST`` order: a place page's "issued here" and each group of what applies there) read
from an index instead of sorted."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("documents", "0025_catalogue_counts")]
    operations = [
        migrations.RunSQL(
            "CREATE TABLE IF NOT EXISTS catalogue_summaries ("
            " key varchar(100) PRIMARY KEY, version bigint NOT NULL, as_of date NULL,"
            " value jsonb NOT NULL);",
            "DROP TABLE IF EXISTS catalogue_summaries;",
        ),
        migrations.RunSQL(
            "CREATE INDEX IF NOT EXISTS document_locality_newest ON documents_document "
            "(locality_id, issued_year DESC NULLS LAST, issued_date DESC NULLS LAST, id DESC)",
            "DROP INDEX IF EXISTS document_locality_newest",
        ),
    ]
