"""Addresses of the pages named by a slug, reversed once per language rather than per link.

A document page lists up to a hundred linked documents, each with its address, and its layout
names its place's, its issuer's and the catalogue's feeds; a place's page links a few hundred
records (its places below and its bodies, read as values: ``Locality.url_of``,
``IssuingBody.url_of``): ``reverse()`` walked the URLconf
again for each (some 30 a page, a tenth of its template's time). :func:`address` reverses a
name once per language, script prefix and URLconf with a stand-in slug, and puts each real slug
in its place — the same string ``reverse()`` gives, for any slug made of the characters of
Django's ``slug`` converter (which ``reverse()`` leaves as they are); any other value goes
through ``reverse()`` itself.
"""

from __future__ import annotations

import functools
import re

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language

_SLUG = re.compile(r"[-a-zA-Z0-9_]+")
_STAND_IN = "slug-stand-in-0"


@functools.lru_cache(maxsize=512)
def _parts(viewname: str, whole: bool, *_key) -> tuple[str, str]:
    """What stands before and after the slug in *viewname*'s address (*whole*: the address of
    a name without a slug); *_key* (the language, the script prefix, the URLconf) only tells
    the cached answers apart."""
    if whole:
        return reverse(viewname), ""
    url = reverse(viewname, kwargs={"slug": _STAND_IN})
    before, found, after = url.partition(_STAND_IN)
    if not found or _STAND_IN in after:
        raise ValueError(f"{viewname}: the slug does not stand once in {url}")
    return before, after


def address(viewname: str, slug=None) -> str:
    """``reverse(viewname, kwargs={"slug": slug})`` (``reverse(viewname)`` without a slug), the
    URLconf walked once per language. In templates: ``{% address 'documents:list' %}``,
    ``{% address 'documents:text' doc.slug %}`` (``templatetags/catalogue.py``)."""
    if slug is not None and (not isinstance(slug, str) or not _SLUG.fullmatch(slug)):
        return reverse(viewname, kwargs={"slug": slug})
    before, after = _parts(viewname, slug is None, get_language(), get_script_prefix(),
                           get_urlconf(), settings.ROOT_URLCONF)
    return f"{before}{slug}{after}" if slug is not None else before


@receiver(setting_changed)
def _urls_changed(*, setting, **kwargs):
    """Tests that change the URLconf or the languages (Django clears its own URL caches then)."""
    if setting in {"ROOT_URLCONF", "LANGUAGES", "LANGUAGE_CODE", "FORCE_SCRIPT_NAME"}:
        _parts.cache_clear()
