"""Middleware of the catalogue's hardening (see docs/SECURITY.md and docs/OPERATIONS.md).

- :class:`ScopedCSPMiddleware`: django-csp's middleware, with the strict policy
  (``CONTENT_SECURITY_POLICY``: no inline scripts or styles) on the public site and relaxed
  ones (``CATALOGUE_CSP_SCOPES``) only under the Django admin and the API's HTML pages
  (inline *styles* only: Swagger UI, ReDoc and the browsable API load every script from a
  file), plus the extra headers of a scope (the admin's ``X-Robots-Tag: noindex``).
- :class:`NulCharacterMiddleware`: keeps NUL characters (which PostgreSQL refuses in any
  text) away from the database: 404 for such a path, another control character in values.
- :class:`ReadOnlyPublicSiteMiddleware`: writes (POST, PUT, PATCH, DELETE…) to the public
  site answer 405 with ``Allow: GET, HEAD`` before the CSRF check would answer 403.
- :class:`NoCookiesForReadersMiddleware`: drops the CSRF cookie that the API's HTML pages
  would set, so that no public answer sets a cookie.
- :class:`DatabaseUnavailableMiddleware`: when the database cannot be reached, answer
  503 with a friendly Vietnamese page (JSON under ``/api/``), never a stack trace; nothing
  is kept from the failure, so the next request after the database is back is served
  normally (Django closes the broken connection at the end of the request and opens a new
  one, checked with ``CONN_HEALTH_CHECKS``, for the next).
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject, CSPMiddleware, PolicyParts
from csp.utils import default_config
from django.conf import settings
from django.core.signals import got_request_exception
from django.db import InterfaceError, OperationalError
from django.dispatch import receiver
from django.http import Http404, HttpResponse, HttpResponseNotAllowed, JsonResponse, QueryDict

logger = logging.getLogger("documents.faults")

#: How long clients (and crawlers) are asked to wait before trying again.
RETRY_AFTER_SECONDS = 30
_FLAG = "_catalogue_database_unavailable"


# --- Content-Security-Policy --------------------------------------------------------------


class ScopedCSPMiddleware(CSPMiddleware):
    """The strict ``CONTENT_SECURITY_POLICY`` everywhere, except under the path prefixes of
    ``CATALOGUE_CSP_SCOPES`` (a list of ``(prefix, {"DIRECTIVES": {...}, "HEADERS": {...}})``;
    the first matching prefix wins). ``DIRECTIVES`` replace the policy; ``HEADERS`` (optional)
    are added to every answer under the prefix unless the view set them itself."""

    @staticmethod
    def scope(request) -> dict | None:
        for prefix, policy in getattr(settings, "CATALOGUE_CSP_SCOPES", ()):
            if request.path_info.startswith(prefix):
                return policy
        return None

    def get_policy_parts(self, request, response, report_only: bool = False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if report_only or parts.config is not None:
            return parts  # a view chose its own policy (csp.decorators)
        policy = self.scope(request)
        if policy is not None and "DIRECTIVES" in policy:
            parts.config = default_config(policy["DIRECTIVES"])
        return parts

    #: What a view sets on its answer (csp.decorators) to choose a policy of its own.
    _VIEW_CHOICES = ("_csp_config", "_csp_update", "_csp_replace", "_csp_exempt",
                     "_csp_config_ro", "_csp_update_ro", "_csp_replace_ro", "_csp_exempt_ro")

    def __init__(self, get_response):
        super().__init__(get_response)
        # The headers of each scope's policy, built once: django-csp builds the policy anew
        # for every answer (a sixth of a cached page's time, measured with cProfile).
        self._built: dict[str, tuple[str | None, str | None]] = {}

    def _memoizable(self, request, response) -> bool:
        return not (
            getattr(request, "_csp_nonce", None) is not None  # a nonce is per answer
            or any(hasattr(response, name) for name in self._VIEW_CHOICES)
            or (settings.DEBUG and response.status_code in (404, 500))
            or getattr(settings, "CONTENT_SECURITY_POLICY", {}).get("EXCLUDE_URL_PREFIXES")
            or getattr(settings, "CONTENT_SECURITY_POLICY_REPORT_ONLY", None)
        )

    def _set_policy(self, request, response):
        if not self._memoizable(request, response):
            return super().process_response(request, response)
        key = next((prefix for prefix, _ in getattr(settings, "CATALOGUE_CSP_SCOPES", ())
                    if request.path_info.startswith(prefix)), "")
        built = self._built.get(key)
        if built is None:
            had = (response.get(HEADER), response.get(HEADER_REPORT_ONLY))
            response = super().process_response(request, response)
            if had == (None, None):
                self._built[key] = (response.get(HEADER), response.get(HEADER_REPORT_ONLY))
            return response
        for name, value in zip((HEADER, HEADER_REPORT_ONLY), built, strict=True):
            if value and name not in response:
                response[name] = value
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response

    def process_response(self, request, response):
        response = self._set_policy(request, response)
        for name, value in ((self.scope(request) or {}).get("HEADERS") or {}).items():
            if name not in response:
                response[name] = value
        return response


# --- NUL characters --------------------------------------------------------------------------

#: What a NUL in a query-string value becomes: another control character, which every form
#: of the site refuses just as it refuses NUL, but which PostgreSQL can compare.
NUL_STANDIN = "\x01"


class NulCharacterMiddleware:
    """Keep NUL characters, which PostgreSQL refuses in any text, away from the database.

    - An address whose *path* holds one is "not found" (no object's address can hold one);
      the lookup would otherwise end in a database error (500).
    - In query-string values a NUL is replaced by U+0001, another control character: the
      page's form then reports the value as invalid exactly as it would the NUL (a search
      refuses control characters, a place or body with such a name does not exist, a year is
      not a number…), instead of the lookup failing in the database.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path:
            if request.path_info.startswith("/api/"):
                return JsonResponse({"detail": "Không có địa chỉ này trong API (no such API "
                                     "address)."}, status=404)
            raise Http404("NUL in the address")  # the helpful 404 page
        if "\x00" in request.META.get("QUERY_STRING", "") or "%00" in request.META.get(
            "QUERY_STRING", ""
        ):
            cleaned = QueryDict(mutable=True)
            for key, values in request.GET.lists():
                cleaned.setlist(key.replace("\x00", NUL_STANDIN),
                                [value.replace("\x00", NUL_STANDIN) for value in values])
            cleaned._mutable = False
            request.GET = cleaned
        return self.get_response(request)


# --- the public site is read-only ------------------------------------------------------------

#: The URL names outside the admin that take a write (a form posts to them).
WRITABLE_URL_NAMES = frozenset({"set_language"})


class ReadOnlyPublicSiteMiddleware:
    """Any method but GET and HEAD on a public page is refused with 405 and ``Allow: GET,
    HEAD`` (as the README promises) *before* the CSRF middleware, which would otherwise
    answer 403 to a write without a token. Placed just before ``CsrfViewMiddleware``; its
    ``process_view`` runs first. Not for the admin, the language switch
    (:data:`WRITABLE_URL_NAMES`), or CSRF-exempt views (the API's DRF views, which answer
    405 and OPTIONS themselves)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method in ("GET", "HEAD") or getattr(view_func, "csrf_exempt", False):
            return None
        if request.path_info.startswith("/" + settings.ADMIN_URL):
            return None
        match = request.resolver_match
        if match is not None and match.url_name in WRITABLE_URL_NAMES:
            return None
        return HttpResponseNotAllowed(["GET", "HEAD"])


# --- no cookies for readers ---------------------------------------------------------------


class NoCookiesForReadersMiddleware:
    """Public answers set no cookie, so that they stay cacheable and readers are not tracked.

    The public pages never ask for a CSRF token, but the API's HTML pages do (Swagger UI and
    DRF's browsable API put one in the page for the forms they could send): on a GET or HEAD
    outside the admin, the CSRF cookie is dropped. The read-only API does not check CSRF (it
    has no session authentication), so nothing needs that cookie there.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.method in ("GET", "HEAD") and not request.path_info.startswith(
            "/" + settings.ADMIN_URL
        ):
            response.cookies.pop(settings.CSRF_COOKIE_NAME, None)
        return response


# --- database unavailable -----------------------------------------------------------------

#: The errors that mean "the database cannot be reached", as opposed to a bug in a query
#: (ProgrammingError, IntegrityError… stay ordinary server errors).
UNAVAILABLE = (OperationalError, InterfaceError)

_PAGE_PATH = Path(settings.BASE_DIR) / "templates" / "503.html"
API_MESSAGE = (
    "Cơ sở dữ liệu tạm thời không truy cập được; vui lòng thử lại sau ít phút. "
    "(The database is temporarily unavailable; please try again in a few minutes.)"
)


def is_database_unavailable(exc: BaseException | None) -> bool:
    """Whether *exc* (or what it was raised from) says the database cannot be reached."""
    for _depth in range(5):
        if exc is None:
            return False
        if isinstance(exc, UNAVAILABLE):
            return True
        exc = exc.__cause__
    return False


def _page() -> str:
    # Read on every use: a static file, no template engine, no database, no settings lookups
    # that could fail. Falls back to a minimal text if the file cannot be read.
    try:
        return _PAGE_PATH.read_text(encoding="utf-8")
    except OSError:
        return (
            "<!DOCTYPE html><html lang=\"vi\"><meta charset=\"utf-8\">"
            "<title>Tạm thời gián đoạn</title><h1>Catalogue tạm thời gián đoạn</h1>"
            "<p>Cơ sở dữ liệu tạm thời không truy cập được. Vui lòng thử lại sau ít phút.</p>"
        )


def unavailable_response(request) -> HttpResponse:
    """The 503 answer: JSON under ``/api/``, the Vietnamese page elsewhere."""
    if request.path_info.startswith("/api/"):
        response = JsonResponse({"detail": API_MESSAGE}, status=503)
    else:
        response = HttpResponse(_page(), status=503, content_type="text/html; charset=utf-8")
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def _log(request, exc: BaseException) -> None:
    # One line, no traceback: the cause is outside the application.
    logger.warning(
        "Database unavailable while serving %s %s: %s: %s",
        request.method, request.path, type(exc).__name__,
        (str(exc).strip().splitlines() or [""])[0],
    )


class DatabaseUnavailableMiddleware:
    """503 instead of 500 when the database is down or the connection broke.

    Views (and their templates) are covered by :meth:`process_exception`; a database error
    raised by another middleware is turned into the same 503 afterwards (flagged by
    :func:`_flag_database_errors` when Django handles the uncaught exception).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(request, _FLAG, False) and response.status_code == 500:
            return unavailable_response(request)
        return response

    def process_exception(self, request, exception):
        if is_database_unavailable(exception):
            _log(request, exception)
            return unavailable_response(request)
        return None


@receiver(got_request_exception, dispatch_uid="catalogue-database-unavailable")
def _flag_database_errors(sender, request=None, **kwargs):
    exc = sys.exc_info()[1]
    if request is not None and is_database_unavailable(exc):
        setattr(request, _FLAG, True)
        _log(request, exc)
