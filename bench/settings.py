"""Settings of the benchmark server: production settings plus a trivial view.

``bench/run.py`` starts gunicorn with ``DJANGO_SETTINGS_MODULE=bench.settings``. Everything is
``catalogue.settings`` (read from the environment as in production) except the URLconf, which
adds ``/bench/ceiling/`` — a view that does nothing, served through the same middleware, to
measure the framework's own ceiling on this machine — kept out of the page cache.
"""

from catalogue.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
