"""The table of the page cache when it is Django's database cache (the default,
``PAGE_CACHE_URL=dbcache://catalogue_page_cache``; documents/cache.py). ``createcachetable``
does nothing for other backends and for a table that exists."""

from django.core.management import call_command
from django.db import migrations


def create_cache_tables(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("documents", "0006_document_places")]
    operations = [migrations.RunPython(create_cache_tables, migrations.RunPython.noop)]
