"""Top-level URLs. Public pages are Vietnamese at ``/…`` and English at ``/en/…``."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe
from django.views.i18n import set_language

from catalogue.site import SITE_NAME
from documents.sitemaps import SITEMAPS
from documents.views.robots import favicon, robots_txt

admin.site.site_header = format_lazy("{} · {}", _("Quản trị"), SITE_NAME)
admin.site.site_title = _("Quản trị")
admin.site.index_title = "Dữ liệu"

urlpatterns = [
    path(settings.ADMIN_URL, admin.site.urls),
    path("i18n/setlang/", set_language, name="set_language"),
    path("robots.txt", robots_txt, name="robots"),
    path("favicon.ico", favicon, name="favicon"),
    path("api/", include("documents.api.urls")),
    path("sitemap.xml", require_safe(sitemap_views.index), {"sitemaps": SITEMAPS},
         name="sitemap"),
    path(
        "sitemap-<section>.xml",
        require_safe(sitemap_views.sitemap),
        {"sitemaps": SITEMAPS},
        name="django.contrib.sitemaps.views.sitemap",
    ),
]
urlpatterns += i18n_patterns(
    path("", include("documents.urls")),
    prefix_default_language=False,
)
