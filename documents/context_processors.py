"""Template context shared by every public page."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from .language import local_text
from .models import Document, IssuingBody, Locality, Topic

FEED_FOR_PAGE = {
    # url name -> (feed url name, kwarg taken from the page's own kwargs)
    "locality": ("feed-locality", "slug"),
    "body": ("feed-body", "slug"),
}

#: The list page's filters that have a feed: parameter -> (model, feed url name, title).
LIST_FILTER_FEEDS = [
    ("locality", Locality, "feed-locality", "Văn bản mới: %(place)s", "place"),
    ("body", IssuingBody, "feed-body", "Văn bản mới: %(body)s", "body"),
    ("topic", Topic, "feed-topic", "Văn bản mới về chủ đề: %(topic)s", "topic"),
]
#: Longer values cannot be a slug (slug fields hold at most this many characters).
MAX_SLUG = 255


def _list_feeds(request) -> list[tuple[str, str]]:
    """The feeds of the list page's chosen locality, body and topic (one small query for
    each parameter given; an unknown value advertises nothing)."""
    found = []
    for param, model, feed, title, key in LIST_FILTER_FEEDS:
        value = request.GET.get(param, "")
        if not value or len(value) > MAX_SLUG:
            continue
        row = model.objects.filter(slug=value).values_list("slug", "name", "name_en").first()
        if row is not None:
            found.append((
                _(title) % {key: local_text(row[1], row[2])},
                reverse(f"documents:{feed}", kwargs={"slug": row[0]}),
            ))
    return found


def _document_feeds(slug: str) -> list[tuple[str, str]]:
    """The feeds of a document's locality and issuing body (one query)."""
    row = (
        Document.objects.filter(slug=slug)
        .values_list("locality__slug", "locality__name", "locality__name_en",
                     "issuing_body__slug", "issuing_body__name", "issuing_body__name_en")
        .first()
    )
    if row is None:
        return []
    found = []
    if row[0]:
        found.append((_("Văn bản mới: %(place)s") % {"place": local_text(row[1], row[2])},
                      reverse("documents:feed-locality", kwargs={"slug": row[0]})))
    if row[3]:
        found.append((_("Văn bản mới: %(body)s") % {"body": local_text(row[4], row[5])},
                      reverse("documents:feed-body", kwargs={"slug": row[3]})))
    return found


def feeds(request):
    """The Atom feeds a page belongs to, for ``<link rel="alternate">`` in ``<head>``
    and the visible feed links: the page's own first, then the catalogue-wide feed.

    - a place's or a body's page: its feed;
    - the document list: the feeds of the locality, issuing body and topic chosen in its
      filters (``?locality=…``, ``?body=…``, ``?topic=…``);
    - a document's page: the feeds of its locality and of its issuing body.
    """
    found = []
    match = getattr(request, "resolver_match", None)
    if match is not None and match.namespace == "documents":
        own = FEED_FOR_PAGE.get(match.url_name)
        if own and own[1] in match.kwargs:
            url = reverse(f"documents:{own[0]}", kwargs={"slug": match.kwargs[own[1]]})
            found.append((_("Văn bản mới của trang này"), url))
        elif match.url_name == "list":
            found += _list_feeds(request)
        elif match.url_name == "detail" and "slug" in match.kwargs:
            found += _document_feeds(match.kwargs["slug"])
    found.append((_("Văn bản mới (tất cả)"), reverse("documents:feed")))
    return {"feeds": found}
