"""The table of the page cache when it is Django's database cache (the default,
``PAGE_CACHE_URL=dbcache://catalogue_page_cache``; documents/cache.py). ``createcachetable``
does nothing for other backends and for a table that exists; the ``pages`` alias wraps its
database cache in ``documents.page_store.PageStore``, whose table is named here."""

from django.core.management import call_command
from django.db import migrations


def create_cache_tables(apps, schema_editor):
    from django.conf import settings
    from django.core.cache import caches
    from django.core.cache.backends.db import BaseDatabaseCache

    database = schema_editor.connection.alias
    call_command("createcachetable", database=database, verbosity=0)
    for alias in settings.CACHES:
        shared = getattr(caches[alias], "shared", None)
        if isinstance(shared, BaseDatabaseCache):
            call_command("createcachetable", shared._table, database=database, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("documents", "0006_document_places")]
    operations = [migrations.RunPython(create_cache_tables, migrations.RunPython.noop)]
