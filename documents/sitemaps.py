"""sitemap.xml: every public page (documents, places, bodies, and the fixed pages)."""

from __future__ import annotations

from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse

from .models import Document, IssuingBody, Locality


class DocumentSitemap(Sitemap):
    changefreq = "monthly"
    limit = 10000

    def items(self):
        return Document.objects.only("slug", "updated_at").order_by("id")

    def lastmod(self, item):
        return item.updated_at

    def get_latest_lastmod(self):
        # Django's default reads every item to find the latest (100.000 documents on each
        # request of sitemap.xml); one indexed aggregate instead.
        return Document.objects.aggregate(latest=Max("updated_at"))["latest"]


class LocalitySitemap(Sitemap):
    changefreq = "monthly"
    limit = 10000

    def items(self):
        return Locality.objects.only("slug").order_by("id")


class BodySitemap(Sitemap):
    changefreq = "monthly"
    limit = 10000

    def items(self):
        return IssuingBody.objects.only("slug").order_by("id")


class PageSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return ["home", "list", "localities", "bodies", "targets", "about"]

    def location(self, item):
        return reverse(f"documents:{item}")


SITEMAPS = {
    "pages": PageSitemap,
    "documents": DocumentSitemap,
    "places": LocalitySitemap,
    "bodies": BodySitemap,
}
