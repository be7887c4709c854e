"""What a search found in documents' full texts: the passages a result shows (docs/SEARCH.md).

:func:`text_passages` reads, in ONE query for a whole page of results, the first provisions
of each document holding every word of the query (:meth:`DocumentSearch.provisions`, the
provisions' GIN index), at most :data:`PASSAGES_PER_DOCUMENT` per document, and cuts from each
the passage with the words (:func:`documents.domain.passages.find_passage`, diacritics
ignored). The list page shows them under the result ("Điều 5: … đào tạo, bồi dưỡng …",
highlighted, linked to the provision's anchor); the API returns them with ``matched``.

:func:`provision_url` is the one address of a provision.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import F, Window
from django.db.models.functions import RowNumber

from documents.domain.passages import Passage, find_passage
from documents.models import Provision
from documents.search import DocumentSearch

#: Passages shown per result.
PASSAGES_PER_DOCUMENT = 2


def provision_url(provision: Provision) -> str:
    """The address of *provision*: its document's text page at the provision's anchor
    (:func:`documents.provision_refs.text_url`)."""
    from documents.provision_refs import text_url

    return text_url(provision.document, provision.anchor)


@dataclass(frozen=True)
class TextPassage:
    """A passage of one provision that holds the query's words."""

    provision: Provision
    passage: Passage

    @property
    def label(self) -> str:
        """"Điều 5", or the provision's heading when it has no label."""
        return self.provision.label or self.provision.heading

    @property
    def url(self) -> str:
        return provision_url(self.provision)


def text_passages(search: DocumentSearch | None, documents) -> dict[int, list[TextPassage]]:
    """``{document id: [TextPassage, …]}`` for the *documents* (one page, loaded) whose
    provisions hold every word of *search*: one query, whatever the number of documents."""
    if search is None or not search.in_texts or not search.words or not documents:
        return {}
    by_id = {document.pk: document for document in documents}
    if search.uses_trigram(type(documents[0])._default_manager.all()):  # decided: no query
        return {}  # nothing holds every word: the typo fallback's results
    rows = (
        search.provisions(Provision.objects.filter(document_id__in=list(by_id)))
        .annotate(text_rank=Window(RowNumber(), partition_by=[F("document_id")],
                                   order_by=[F("document_text_id").asc(), F("position").asc()]))
        .filter(text_rank__lte=PASSAGES_PER_DOCUMENT)
        .only("id", "document_id", "document_text_id", "position", "kind", "anchor", "label",
              "heading", "body", "page")
        .order_by("document_id", "document_text_id", "position")
    )
    found: dict[int, list[TextPassage]] = {}
    for provision in rows:
        provision.document = by_id[provision.document_id]  # no query for its address
        passage = (find_passage(provision.body, search.words)
                   or find_passage(provision.heading, search.words)
                   or find_passage(provision.label, search.words))
        if passage is not None:
            found.setdefault(provision.document_id, []).append(TextPassage(provision, passage))
    return found


def matched_fields(search: DocumentSearch | None, document, passages) -> list[str]:
    """Where *document* matched *search*: ``"metadata"`` (its symbol, title, summary,
    issuer, signer), ``"text"`` (a provision of its full text), or both."""
    if search is None:
        return []
    fields = []
    if search.matches_metadata(document) or not passages:  # a type and a number, a typo
        fields.append("metadata")
    if passages:
        fields.append("text")
    return fields
