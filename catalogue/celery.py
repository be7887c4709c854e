"""The job queue: one Celery app, configured from Django's settings (the ``CELERY_`` names,
``catalogue/queue.py``), its tasks in ``documents/text_jobs.py`` (docs/TEXT.md).

A worker: ``celery -A catalogue worker`` (``make run`` starts one beside gunicorn when a broker
is configured or a Redis answers on 127.0.0.1:6379; docs/OPERATIONS.md).
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "catalogue.settings")

app = Celery("catalogue")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks(["documents"], related_name="text_jobs")
app.autodiscover_tasks(["documents"], related_name="kept_refresh")
