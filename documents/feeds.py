"""Atom feeds of new and changed documents: all, per locality (with places below),
per issuing body, per topic. Newest change first; each entry's id is the
document's permanent address."""

from __future__ import annotations

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from .models import Document, IssuingBody, Locality, Topic

FEED_SIZE = 50


class DocumentFeed(Feed):
    feed_type = Atom1Feed
    title = _("Văn bản mới và mới cập nhật")
    subtitle = _("Catalogue văn bản chính sách cán bộ")

    def link(self, obj=None):
        return reverse("documents:list")

    def documents(self, obj):
        return Document.objects.all()

    def items(self, obj=None):
        return self.documents(obj).for_table().order_by("-updated_at", "-id")[:FEED_SIZE]

    def item_title(self, item):
        return item.display_name

    def item_description(self, item):
        parts = [item.title]
        if item.issuing_body:
            parts.append(item.issuing_body.name)
        if item.issued_date:
            parts.append(item.issued_date.strftime("%d/%m/%Y"))
        if item.summary:
            parts.append(item.summary)
        return " — ".join(parts)

    def item_pubdate(self, item):
        return item.created_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_categories(self, item):
        return [t.name for t in item.topics.all()]


class LocalityFeed(DocumentFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Locality, slug=slug)

    def title(self, obj):
        return _("Văn bản mới: %(place)s") % {"place": obj.name}

    def link(self, obj):
        return obj.get_absolute_url()

    def documents(self, obj):
        return Document.objects.in_place(obj)


class BodyFeed(DocumentFeed):
    def get_object(self, request, slug):
        return get_object_or_404(IssuingBody, slug=slug)

    def title(self, obj):
        return _("Văn bản mới: %(body)s") % {"body": obj.name}

    def link(self, obj):
        return obj.get_absolute_url()

    def documents(self, obj):
        return Document.objects.filter(issuing_body=obj)


class TopicFeed(DocumentFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Topic, slug=slug)

    def title(self, obj):
        return _("Văn bản mới về chủ đề: %(topic)s") % {"topic": obj.name}

    def link(self, obj):
        return obj.get_absolute_url()

    def documents(self, obj):
        return Document.objects.filter(topics=obj)
