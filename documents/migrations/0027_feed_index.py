"""``document_updated_newest``: documents by their latest change, newest first — the order of
every Atom feed (``documents/feeds.py``: ``-updated_at, -id``). The index on ``updated_at``
alone leaves PostgreSQL to read every document of the latest timestamp before it can sort by
id (a bulk import or a generation writes thousands with one timestamp: 10.000 rows read and
joined for a feed of 50 at 100.000 documents); with the id in the index the feed's 50 ids are
its first 50 entries."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("documents", "0026_kept_summaries")]
    operations = [
        migrations.RunSQL(
            "CREATE INDEX IF NOT EXISTS document_updated_newest ON documents_document "
            "(updated_at DESC, id DESC)",
            "DROP INDEX IF EXISTS document_updated_newest",
        ),
    ]
