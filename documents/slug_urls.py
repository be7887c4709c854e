"""The address of a record by its slug (``/places/ha-noi/``, ``/bodies/thanh-uy-ha-noi/``,
``/documents/…/``): what ``reverse(viewname, kwargs={"slug": slug})`` gives, found once per
view name, language, script prefix and URLconf, then filled with each slug.

A place's page links a few hundred records (its places below, its bodies, its documents):
``reverse()`` walks the URL patterns for each of them (some 20 µs a link, 330 links on the
country's page). The pattern's address with a marker in place of the slug is found by
``reverse()`` itself, so the result is the same string; a slug the URL's ``slug`` converter
would not take goes to ``reverse()`` too (which raises ``NoReverseMatch`` as before).
"""

from __future__ import annotations

import functools
import re

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language

#: What the ``slug`` path converter accepts (``django.urls.converters.SlugConverter``): a
#: slug reverse() puts in the address as it is (no character needs quoting).
_SLUG = re.compile(r"[-a-zA-Z0-9_]+\Z")
_MARK = "slug-url-mark"


@functools.lru_cache(maxsize=64)
def _around(viewname: str, language, prefix: str, urlconf) -> tuple[str, str]:
    """The address of *viewname* before and after its slug, for the active language, script
    prefix and URLconf (the arguments: the cache's key)."""
    head, _mark, tail = reverse(viewname, kwargs={"slug": _MARK}).rpartition(_MARK)
    return head, tail


def slug_url(viewname: str, slug: str) -> str:
    """``reverse(viewname, kwargs={"slug": slug})``, without walking the patterns again."""
    if not isinstance(slug, str) or not _SLUG.match(slug):
        return reverse(viewname, kwargs={"slug": slug})
    head, tail = _around(viewname, get_language(), get_script_prefix(), get_urlconf())
    return f"{head}{slug}{tail}"


@receiver(setting_changed)
def _urls_changed(*, setting, **kwargs):
    """Tests that change the URLconf or the languages (Django clears its own URL caches then)."""
    if setting in {"ROOT_URLCONF", "LANGUAGES", "LANGUAGE_CODE", "FORCE_SCRIPT_NAME"}:
        _around.cache_clear()
