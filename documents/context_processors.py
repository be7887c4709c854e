"""Template context shared by every public page: the Atom feeds a page advertises.

The processor itself queries nothing. A place's or a body's page advertises its feed from the
address alone; the views that know more — a document's page (its place and issuer), the list
page (its chosen place, body and topic) — put their ``feeds`` in their own context, built with
:func:`document_feeds` / :func:`filter_feeds` from the objects they have already loaded (a
view's context wins over a context processor's)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from .language import local_name
from .reversing import address

FEED_FOR_PAGE = {
    # url name -> (feed url name, kwarg taken from the page's own kwargs)
    "locality": ("feed-locality", "slug"),
    "body": ("feed-body", "slug"),
}


def _catalogue_feed() -> tuple[str, str]:
    return (_("Văn bản mới (tất cả)"), reverse("documents:feed"))


def _place_feed(locality) -> tuple[str, str]:
    return (_("Văn bản mới: %(place)s") % {"place": local_name(locality)},
            address("documents:feed-locality", locality.slug))


def _body_feed(body) -> tuple[str, str]:
    return (_("Văn bản mới: %(body)s") % {"body": local_name(body)},
            address("documents:feed-body", body.slug))


def _topic_feed(topic) -> tuple[str, str]:
    return (_("Văn bản mới về chủ đề: %(topic)s") % {"topic": local_name(topic)},
            address("documents:feed-topic", topic.slug))


def with_catalogue_feed(own: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """A page's feeds: its own first, then the catalogue-wide feed."""
    return [*own, _catalogue_feed()]


def document_feeds(document) -> list[tuple[str, str]]:
    """The feeds of a document's page: its locality's and its issuing body's (no query: the
    page has both loaded), then the catalogue's."""
    own = []
    if document.locality_id:
        own.append(_place_feed(document.locality))
    if document.issuing_body_id:
        own.append(_body_feed(document.issuing_body))
    return with_catalogue_feed(own)


def filter_feeds(locality=None, body=None, topic=None) -> list[tuple[str, str]]:
    """The feeds of the list page: those of the locality, issuing body and topic chosen in
    its filters (valid values only: an unknown one advertises nothing), then the catalogue's."""
    own = []
    if locality is not None:
        own.append(_place_feed(locality))
    if body is not None:
        own.append(_body_feed(body))
    if topic is not None:
        own.append(_topic_feed(topic))
    return with_catalogue_feed(own)


def feeds(request):
    """The Atom feeds a page belongs to, for ``<link rel="alternate">`` in ``<head>``
    and the visible feed links: the page's own first, then the catalogue-wide feed.

    - a place's or a body's page: its feed (from the address: no query);
    - the document list and a document's page: their views' ``feeds`` replace these
      (:func:`filter_feeds`, :func:`document_feeds`).
    """
    found = []
    match = getattr(request, "resolver_match", None)
    if match is not None and match.namespace == "documents":
        own = FEED_FOR_PAGE.get(match.url_name)
        if own and own[1] in match.kwargs:
            url = reverse(f"documents:{own[0]}", kwargs={"slug": match.kwargs[own[1]]})
            found.append((_("Văn bản mới của trang này"), url))
    return {"feeds": with_catalogue_feed(found)}
