"""Summaries kept between requests beside the catalogue's counts (documents/catalogue_counts.py
``kept``): one row per key — the home page's counts, a place's counts — labelled with the
catalogue's version (and a day for what depends on the date). Plain SQL, not a model: no
catalogue data (no history, no backup, no change signal)."""

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
    ]
