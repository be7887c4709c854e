"""robots.txt pointing to the sitemap, and /favicon.ico for clients that ask for it by name.

It does not name the admin's address: robots.txt is public, and a ``Disallow:`` line would
hand the (configurable, unguessable) ``ADMIN_URL`` to anyone who reads it. The admin keeps
itself out of search engines instead: every answer under it carries ``X-Robots-Tag: noindex,
nofollow`` (``CATALOGUE_CSP_SCOPES`` in the settings, applied by
``documents.middleware.ScopedCSPMiddleware``) and its pages ``<meta name="robots">``.
"""

from django.contrib.staticfiles.storage import staticfiles_storage
from django.http import HttpResponse, HttpResponsePermanentRedirect
from django.urls import reverse
from django.views.decorators.http import require_safe


@require_safe
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow:",  # nothing public is off limits
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


@require_safe
def favicon(request):
    """The site's icon (static/favicon.svg, also named by every page's ``<link rel="icon">``)."""
    return HttpResponsePermanentRedirect(staticfiles_storage.url("favicon.svg"))
