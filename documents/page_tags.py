"""What each kept page shows, as tags, and which tags a change touches (``documents.cache``).

**A page's tags** (:func:`page_tags`) come from its address alone, before anything is read
(``documents.page_store`` reads their generations at the start of the request):

- a document's page, its text, its files and the API's one document (``/api/documents/<slug>/``):
  ``doc:<slug>`` and ``documents``;
- a place's page and feed: ``place:<slug>`` and ``places``;
- an issuing body's page and feed: ``body:<slug>`` and ``bodies``;
- every other page — home, the list, search, the feeds, the sitemap, the exports, the API's
  lists, the indexes, the graphs, the targets — ``lists``: what they show depends on the set of
  documents, and every change touches ``lists``.

**A change's tags** (:func:`change_tags`): ``lists``, and for the documents changed (a
document's row, or a row of its own: a link, a target, a file, a text, a co-issuer…) every page
that shows them or could show them after the change, computed from the database's state (the
caller asks before the change and after it, so that pages of the old state and of the new one
are both named):

- documents (``doc:<slug>``): the documents themselves; the documents whose status follows
  from them (those they replace or repeal, those whose status they state); the direct
  neighbours of all of these (their link lists show the title and the status); the chain's and
  the tree's documents across levels (``graph.chain_up``/``tree_down``: every document whose
  chain or tree can reach them, one level more than shown); the documents with the same
  symbol whose symbol is ambiguous (their pages list their namesakes);
- places (``place:<slug>``): where such a document applies (its place, every place below it and
  the units formed from those: ``applies_here.places_applied_to``, the inverse of "what applies
  here") and every place above (their "here and below" lists, counts and timelines); the places
  (and those above) of its issuers, its targets and the figures it is the source of; the places
  of the successions it made;
- bodies (``body:<slug>``): the issuer, the co-issuers, the bodies of the terms.

When any of these is longer than :data:`BUDGET` the kind's own tag (``documents``, ``places``,
``bodies``) is touched instead: every page of that kind is rendered again, never a wrong one.
"""

from __future__ import annotations

import functools

from django.conf import settings
from django.db.models import Q
from django.urls import Resolver404, resolve
from django.utils import translation

LISTS = "lists"
DOCUMENTS = "documents"
PLACES = "places"
BODIES = "bodies"
#: Pages named one by one per kind and change; more: every page of the kind.
BUDGET = 200
#: Places: a province's document applies at every ward of the province.
PLACE_BUDGET = 1000


def _document(kwargs) -> tuple[str, ...]:
    return (f"doc:{kwargs['slug']}", DOCUMENTS)


def _place(kwargs) -> tuple[str, ...]:
    return (f"place:{kwargs['slug']}", PLACES)


def _body(kwargs) -> tuple[str, ...]:
    return (f"body:{kwargs['slug']}", BODIES)


#: URL names whose pages show one document, place or body (everything else: ``lists``).
PAGE_TAGS = {
    "documents:detail": _document,
    "documents:text": _document,
    "documents:file": _document,
    "document-detail": _document,  # the API's one document, by slug
    "documents:locality": _place,
    "documents:feed-locality": _place,
    "documents:body": _body,
    "documents:feed-body": _body,
}


@functools.lru_cache(maxsize=4096)
def page_tags(path_info: str) -> tuple[str, ...]:
    """The tags of the page at *path_info* (resolved in the language its prefix names; kept
    per address: resolving costs more than serving a kept page)."""
    language = translation.get_language_from_path(path_info) or settings.LANGUAGE_CODE
    try:
        with translation.override(language):
            match = resolve(path_info)
    except Resolver404:
        return (LISTS,)
    tags = PAGE_TAGS.get(match.view_name)
    if tags is None or "slug" not in match.kwargs:
        return (LISTS,)
    return tags(match.kwargs)


def _slugs(model, ids, prefix: str, coarse: str, using: str, budget: int = BUDGET) -> set[str]:
    if ids is None or len(ids) > budget:
        return {coarse}
    slugs = model.objects.using(using).filter(pk__in=list(ids)).values_list("slug", flat=True)
    return {prefix + slug for slug in slugs}


def _ids(queryset, *fields) -> set[int]:
    found = set()
    for row in queryset.values_list(*fields):
        found.update(value for value in row if value is not None)
    return found


def _with_ancestors(place_ids, using: str) -> set[int]:
    from documents.models import Locality
    from documents.models.places import path_ids

    found = set(place_ids)
    for path in Locality.objects.using(using).filter(pk__in=list(found)).values_list(
            "path", flat=True):
        found.update(path_ids(path))
    return found


def shown_documents(doc_ids, using: str) -> tuple[set[int] | None, set[int]]:
    """(the documents whose pages show *doc_ids* — None when more than :data:`BUDGET` —,
    the documents whose status follows from them, themselves included)."""
    from documents.domain.vocabulary import HIERARCHY_LINK_KINDS
    from documents.graph import DEFAULT_MAX_DEPTH
    from documents.linkgraph import reachable_documents
    from documents.models import Document, DocumentLink, StatusStatement

    docs = set(doc_ids)
    links = DocumentLink.objects.using(using)
    status = docs | _ids(links.filter(from_document_id__in=docs, kind__in=("replaces", "repeals")),
                         "to_document_id")
    status |= _ids(StatusStatement.objects.using(using).filter(by_document_id__in=docs),
                   "document_id")
    shown = status | _ids(links.filter(Q(from_document_id__in=status)
                                       | Q(to_document_id__in=status)),
                          "from_document_id", "to_document_id")
    for direction in ("up", "down"):
        if len(shown) > BUDGET:
            return None, status
        walked = reachable_documents(status, direction, DEFAULT_MAX_DEPTH + 1,
                                     HIERARCHY_LINK_KINDS, limit=BUDGET, using=using)
        if walked is None:
            return None, status
        shown |= walked
    keys = [key for key in Document.objects.using(using).filter(pk__in=docs)
            .values_list("symbol_key", flat=True) if key]
    if keys:  # a page lists its namesakes while its symbol is ambiguous (no date, year, term)
        shown |= set(Document.objects.using(using)
                     .filter(symbol_key__in=keys, issued_year__isnull=True,
                             issued_date__isnull=True, term__isnull=True)
                     .values_list("pk", flat=True)[:BUDGET + 1])
    return (None if len(shown) > BUDGET else shown), status


def document_tags(doc_ids, using: str) -> set[str]:
    """The tags of every page that shows one of *doc_ids* as the database has them now."""
    from documents.applies_here import places_applied_to
    from documents.models import (
        Document,
        DocumentCoIssuer,
        Figure,
        IssuingBody,
        Locality,
        LocalitySuccession,
        Target,
    )

    shown, status = shown_documents(doc_ids, using)
    tags = _slugs(Document, shown, "doc:", DOCUMENTS, using)
    rows = Document.objects.using(using).filter(pk__in=status)
    issued_at = _ids(rows, "locality_id")
    bodies = _ids(rows, "issuing_body_id", "term__body_id")
    bodies |= _ids(DocumentCoIssuer.objects.using(using).filter(document_id__in=status),
                   "body_id")
    below = _ids(IssuingBody.objects.using(using).filter(pk__in=bodies), "locality_id")
    below |= _ids(Target.objects.using(using).filter(document_id__in=status), "locality_id")
    below |= _ids(Figure.objects.using(using).filter(document_id__in=status), "locality_id")
    exact = _ids(LocalitySuccession.objects.using(using).filter(document_id__in=doc_ids),
                 "from_locality_id", "to_locality_id")
    places = places_applied_to(issued_at, PLACE_BUDGET, using)
    if places is not None:
        places |= _with_ancestors(issued_at | below, using) | exact
    tags |= _slugs(Locality, places, "place:", PLACES, using, PLACE_BUDGET)
    tags |= _slugs(IssuingBody, bodies, "body:", BODIES, using)
    return tags


def change_tags(doc_ids=(), place_ids=(), body_ids=(), using: str = "default") -> set[str]:
    """The tags a change touches: ``lists``; the pages of *doc_ids* (:func:`document_tags`);
    the pages of *place_ids* and the places above them (a target's place); those of
    *body_ids* (a co-issuer)."""
    from documents.models import IssuingBody, Locality

    tags = {LISTS}
    if doc_ids:
        tags |= document_tags(set(doc_ids), using)
    if place_ids:
        places = _with_ancestors(set(place_ids), using)
        tags |= _slugs(Locality, places, "place:", PLACES, using, PLACE_BUDGET)
    if body_ids:
        tags |= _slugs(IssuingBody, set(body_ids), "body:", BODIES, using)
    return tags
