"""Atom feeds of new and changed documents: all, per locality (with places below),
per issuing body, per topic. Newest change first; each entry's id is the
document's permanent address.

Every feed is valid Atom (RFC 4287): the feed has its ``id`` (the address of the page it
follows), ``title``, ``updated`` (the latest change among its entries), an ``author`` (the
catalogue itself, with the about page as its ``uri``: documents have issuers, not authors, so
no entry carries its own), an ``alternate`` link to that page and a ``self`` link; each entry
has ``id``, ``title``, ``updated``, ``published``, an ``alternate`` link to the document's page
and a ``summary``. The summary is declared ``type="html"`` (Django's choice), so its plain
text is HTML-escaped first: a feed reader shows a title such as ``<b>`` as written, never as
markup.
"""

from __future__ import annotations

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _

from catalogue.site import SITE_NAME

from .language import local_name, vocabulary_label
from .models import Document, IssuingBody, Locality, Topic

FEED_SIZE = 50
#: atom:author of every feed: the catalogue (the same name as the site's header).
AUTHOR_NAME = SITE_NAME


class DocumentFeed(Feed):
    feed_type = Atom1Feed
    title = _("Văn bản mới và mới cập nhật")
    subtitle = SITE_NAME
    author_name = AUTHOR_NAME

    def link(self, obj=None):
        return reverse("documents:list")

    def get_feed(self, obj, request):
        feed = super().get_feed(obj, request)
        # The author's uri must be absolute (Django adds the domain to links, not to it).
        feed.feed["author_link"] = request.build_absolute_uri(reverse("documents:about"))
        return feed

    def documents(self, obj):
        return Document.objects.all()

    def items(self, obj=None):
        """The FEED_SIZE latest changed documents: their ids first (read from the index
        ``document_updated_newest``), then those rows with everything an entry shows
        (``table_rows``: the status computed for these rows only, not planned for every
        document)."""
        ids = (self.documents(obj).order_by("-updated_at", "-id")
               .values_list("pk", flat=True)[:FEED_SIZE])
        return Document.objects.table_rows(ids)

    def item_title(self, item):
        return item.display_name

    def item_description(self, item):
        parts = [item.display_title]
        if item.issuing_body:
            parts.append(local_name(item.issuing_body))
        if item.issued_date:
            parts.append(item.issued_date.strftime("%d/%m/%Y"))
        parts.append(vocabulary_label("status", item.status_now))  # as of today (for_table)
        if item.summary:
            parts.append(item.summary)
        return escape(" — ".join(parts))  # plain text in a summary of type="html"

    def item_pubdate(self, item):
        return item.created_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_categories(self, item):
        return [local_name(t) for t in item.topics.all()]


class LocalityFeed(DocumentFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Locality, slug=slug)

    def title(self, obj):
        return _("Văn bản mới: %(place)s") % {"place": local_name(obj)}

    def link(self, obj):
        return obj.get_absolute_url()

    def documents(self, obj):
        return Document.objects.in_place(obj)


class BodyFeed(DocumentFeed):
    def get_object(self, request, slug):
        return get_object_or_404(IssuingBody, slug=slug)

    def title(self, obj):
        return _("Văn bản mới: %(body)s") % {"body": local_name(obj)}

    def link(self, obj):
        return obj.get_absolute_url()

    def documents(self, obj):
        return Document.objects.filter(issuing_body=obj)


class TopicFeed(DocumentFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Topic, slug=slug)

    def title(self, obj):
        return _("Văn bản mới về chủ đề: %(topic)s") % {"topic": local_name(obj)}

    def link(self, obj):
        return obj.get_absolute_url()

    def documents(self, obj):
        return Document.objects.filter(topics=obj)
