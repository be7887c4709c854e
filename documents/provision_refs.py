"""A provision as a source names it ("Điều 5, khoản 2"), with the address of its place in the
document's text when that text has it: the one helper every page uses for the ``provision``
of a link, a target or a quote (issue 15, docs/TEXT.md).

A link's or a target's provision is where its quote stands in the text of the document that
says it: the link's ``from_document``, the target's ``document``. The anchor is
:func:`documents.domain.structure.provision_anchor`'s; the address is the document's text page
with that anchor, given only when the text has it (one query for all the objects of a page,
none when no object names a provision).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse

from documents.domain.structure import provision_anchor


@dataclass(frozen=True)
class ProvisionRef:
    label: str
    anchor: str
    url: str = ""  # empty: the document has no text with that provision (yet)


def text_url(document, anchor: str = "") -> str:
    """The one address of a document's text (``/documents/<slug>/text/``), at *anchor* when
    given: every provision a page, the API, a search passage or the SQLite export names is
    read there. *document* is a :class:`Document` or its slug."""
    slug = document if isinstance(document, str) else document.slug
    url = reverse("documents:text", kwargs={"slug": slug})
    return f"{url}#{anchor}" if anchor else url


def attach_provision_refs(objects, document_of) -> None:
    """Give each object with a ``provision`` its ``provision_ref`` (:class:`ProvisionRef`);
    ``document_of(obj)`` is the document whose text holds the provision."""
    from documents.models import Provision

    wanted = []
    for obj in objects:
        obj.provision_ref = None
        anchor = provision_anchor(obj.provision) if obj.provision else None
        if anchor:
            wanted.append((obj, document_of(obj), anchor))
    if not wanted:
        return
    found: dict[tuple[int, str], str] = {}
    rows = (Provision.objects.filter(document_id__in={doc.pk for _o, doc, _a in wanted})
            .filter(anchor__regex=r"^(tep-[0-9]+-)?(" + "|".join(
                {a for _o, _d, a in wanted}) + ")$")
            .order_by("document_text__position", "document_text_id", "position")
            .values_list("document_id", "anchor"))
    for document_id, anchor in rows:
        bare = anchor.split("-", 2)[2] if anchor.startswith("tep-") else anchor
        found.setdefault((document_id, bare), anchor)
    for obj, document, anchor in wanted:
        stored = found.get((document.pk, anchor))
        obj.provision_ref = ProvisionRef(obj.provision, anchor,
                                         text_url(document, stored) if stored else "")
