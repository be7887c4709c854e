"""The catalogue's Django project: settings, URLs, the WSGI app and the job queue's Celery app
(``celery.py``, loaded here so that tasks bind to it whichever process imports them)."""

from .celery import app as celery_app

__all__ = ["celery_app"]
