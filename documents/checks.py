"""System checks of the catalogue's own settings (Django's checks framework).

- ``catalogue.W001`` (``check --deploy``): production (``DEBUG`` off) without
  ``CELERY_BROKER_URL`` — texts would then be extracted eagerly inside the web process once an
  upload's transaction commits, without time limits, and a long OCR can outlast gunicorn's
  worker timeout (docs/TEXT.md, "The queue").
"""

from __future__ import annotations

from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.compatibility, deploy=True)
def broker_configured(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    if settings.DEBUG or not settings.CELERY_TASK_ALWAYS_EAGER:
        return []
    return [checks.Warning(
        "CELERY_BROKER_URL is not set: texts are extracted eagerly inside the web process "
        "after each upload's transaction commits, without time limits.",
        hint="Set CELERY_BROKER_URL (redis://host:6379/N or amqp://user:password@host:5672/"
             "vhost) and run a worker: celery -A catalogue worker (docs/TEXT.md).",
        id="catalogue.W001",
    )]
