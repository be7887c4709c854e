"""One address per page: a filter form's untouched fields do not make a new address.

A GET form sends every field, filled or not (``/documents/?q=&type=&locality=…``): the same page
under many addresses, each kept apart by the page cache, with links that are long to share.
:func:`without_empty_parameters` answers such an address with a permanent redirect to the
same one without its empty parameters (readers without JavaScript); ``static/js/forms.js``
leaves them out before the form is sent (everyone else: no redirect).
"""

from __future__ import annotations

from functools import wraps
from urllib.parse import urlencode

from django.http import HttpResponsePermanentRedirect


def filled_parameters(query) -> list[tuple[str, str]] | None:
    """The query's (name, value) pairs without the empty values, in order; ``None`` when it
    has no empty value."""
    pairs = [(name, value) for name, values in query.lists() for value in values]
    filled = [(name, value) for name, value in pairs if value.strip()]
    return None if len(filled) == len(pairs) else filled


def without_empty_parameters(view):
    """Redirects a GET or HEAD whose query holds empty values to its canonical address."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method in ("GET", "HEAD") and request.GET:
            filled = filled_parameters(request.GET)
            if filled is not None:
                query = urlencode(filled)
                return HttpResponsePermanentRedirect(request.path + (f"?{query}" if query else ""))
        return view(request, *args, **kwargs)

    return wrapper
