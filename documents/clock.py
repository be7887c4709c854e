"""Today, as the catalogue reads it: the one clock statuses and deadlines are read against.

``settings.CATALOGUE_TODAY`` (an ISO date) fixes it — for tests (``override_settings``) and for
seeing the catalogue as of another day; otherwise the local date (``TIME_ZONE``). The page
store keys every page under it too (``documents/page_store.py``), so a status that changes at
midnight is never served from yesterday's page."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone


def today() -> dt.date:
    fixed = getattr(settings, "CATALOGUE_TODAY", None)
    if fixed:
        return fixed if isinstance(fixed, dt.date) else dt.date.fromisoformat(str(fixed))
    return timezone.localdate()
