"""WSGI entry point: ``gunicorn catalogue.wsgi``.

After the application is loaded, the objects that live as long as the process (Django, the
settings, the project's modules) are moved out of the garbage collector's view
(``gc.freeze()``) and the youngest generation is collected less often: a page allocates tens
of thousands of short-lived objects, and with the default threshold (700) the collector ran
during most requests and now and then traversed the whole heap. Measured through gunicorn on
the benchmark database with one client: the API list's p99 fell from 165–205 ms to 97–115 ms
at the same median (``docs/PERFORMANCE.md``). Reference cycles are still collected.
"""

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "catalogue.settings")

application = get_wsgi_application()

#: (youngest, middle, oldest): the youngest generation is collected after this many new
#: container objects (Python's default is 700).
GC_THRESHOLDS = (50_000, 20, 20)

gc.collect()
gc.freeze()
gc.set_threshold(*GC_THRESHOLDS)
