"""sitemap.xml: every public page, in both languages.

Sections (``/sitemap-<section>.xml``, listed by the index ``/sitemap.xml``): the fixed pages
(home, lists, the catalogue graph, about), each document's page, its link graph and its
coverage table, each place and each issuing body. Every page is listed once per language —
Vietnamese unprefixed, English under ``/en/`` (``i18n_patterns`` with
``prefix_default_language=False``) — and each ``<url>`` names both versions as
``<xhtml:link rel="alternate" hreflang="…">`` (Django's ``i18n`` and ``alternates``).

Bounded at 100.000 documents: Django's ``i18n`` builds the list of every (item, language)
pair in memory on each request, even for the index (which only needs the number of pages).
:class:`_LanguagePairs` gives the paginator the same pairs lazily instead — counted with one
``COUNT`` and read one page at a time (one query of at most ``limit`` / 2 rows), so a section
page costs the same at 100 or 100.000 documents. With ``limit`` = 10.000 URLs per page
(sitemaps.org allows 50.000 and 50 MB; each URL here carries two alternates), 100.000
documents make 20 pages per per-document section, about 60 entries in the index.
"""

from __future__ import annotations

import math

from django.contrib.sitemaps import Sitemap
from django.db.models import Max, QuerySet
from django.urls import reverse

from .models import Document, IssuingBody, Locality

#: URLs per sitemap page (per section; the index lists every page of every section).
LIMIT = 10000


class _LanguagePairs:
    """The ``(item, language)`` pairs of a queryset, for Django's paginator: counted and
    sliced in the database instead of built in memory."""

    def __init__(self, queryset: QuerySet, languages: list[str]):
        self.queryset = queryset
        self.languages = list(languages)

    def count(self) -> int:
        return self.queryset.count() * len(self.languages)

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index):
        if not isinstance(index, slice) or index.step not in (None, 1):
            raise TypeError("only contiguous slices are supported")
        n = len(self.languages)
        start = index.start or 0
        stop = index.stop if index.stop is not None else self.count()
        if stop <= start or not n:
            return []
        first, last = start // n, math.ceil(stop / n)
        pairs = [(item, lang) for item in self.queryset[first:last] for lang in self.languages]
        offset = start - first * n
        return pairs[offset:offset + (stop - start)]


class I18nSitemap(Sitemap):
    """Every item in every language, with hreflang alternates; a queryset's pairs are
    paginated lazily (see the module's docstring)."""

    i18n = True
    alternates = True
    limit = LIMIT

    def _items(self):
        items = self.items()
        if isinstance(items, QuerySet):
            return _LanguagePairs(items, self._languages())
        return super()._items()


class DocumentSitemap(I18nSitemap):
    changefreq = "monthly"

    def items(self):
        return Document.objects.only("slug", "updated_at").order_by("id")

    def lastmod(self, item):
        return item.updated_at

    def get_latest_lastmod(self):
        # Django's default reads every item to find the latest (100.000 documents on each
        # request of sitemap.xml); one indexed aggregate instead.
        return Document.objects.aggregate(latest=Max("updated_at"))["latest"]


class DocumentSubpageSitemap(I18nSitemap):
    """A page of each document other than its own (the link graph, the coverage table). No
    lastmod: they change with the documents linked to it, not with the document itself."""

    changefreq = "monthly"
    url_name = ""

    def items(self):
        return Document.objects.only("slug").order_by("id")

    def location(self, item):
        return reverse(self.url_name, kwargs={"slug": item.slug})


class DocumentGraphSitemap(DocumentSubpageSitemap):
    url_name = "documents:graph"


class DocumentCoverageSitemap(DocumentSubpageSitemap):
    url_name = "documents:coverage"


class LocalitySitemap(I18nSitemap):
    changefreq = "monthly"

    def items(self):
        return Locality.objects.only("slug").order_by("id")


class BodySitemap(I18nSitemap):
    changefreq = "monthly"

    def items(self):
        return IssuingBody.objects.only("slug").order_by("id")


class PageSitemap(I18nSitemap):
    changefreq = "weekly"

    def items(self):
        return ["home", "list", "localities", "bodies", "targets", "catalogue-graph", "about"]

    def location(self, item):
        return reverse(f"documents:{item}")


SITEMAPS = {
    "pages": PageSitemap,
    "documents": DocumentSitemap,
    "graphs": DocumentGraphSitemap,
    "coverage": DocumentCoverageSitemap,
    "places": LocalitySitemap,
    "bodies": BodySitemap,
}
