"""Finding and removing the demo data: every row the generator created, and nothing else."""

from __future__ import annotations

from django.db import connection
from django.db.models import Q

from documents.models import (
    Document,
    DocumentLink,
    DocumentText,
    Event,
    EventParticipant,
    ExtractionJob,
    Figure,
    Indicator,
    IssuingBody,
    Locality,
    Person,
    Provision,
    Source,
    SourceMention,
    Target,
    Term,
    Topic,
)

from .common import PREFIX, SOURCE_PREFIX


def demo_present() -> bool:
    return Document.objects.filter(slug__startswith=PREFIX).exists() or Locality.objects.filter(
        slug__startswith=PREFIX
    ).exists()


def clear_demo_data() -> None:
    """Remove everything this command created (and nothing else), children first.

    Terms it added to seed bodies are kept (empty; a later run uses them again)."""
    docs = Document.objects.filter(slug__startswith=PREFIX)
    demo_sources = Source.objects.filter(reference__startswith=SOURCE_PREFIX)
    demo_bodies = IssuingBody.objects.filter(slug__startswith=PREFIX)
    demo_places = Locality.objects.filter(slug__startswith=PREFIX)
    steps = [
        EventParticipant.objects.filter(event__source__in=demo_sources),
        Event.documents.through.objects.filter(Q(document__in=docs)
                                               | Q(event__source__in=demo_sources)),
        Event.objects.filter(source__in=demo_sources),
        Figure.objects.filter(Q(source__in=demo_sources) | Q(locality__in=demo_places)),
        Target.objects.filter(document__in=docs),
        SourceMention.objects.filter(Q(document__in=docs) | Q(source__in=demo_sources)),
        DocumentLink.objects.filter(Q(from_document__in=docs) | Q(to_document__in=docs)),
        Document.topics.through.objects.filter(document__in=docs),
        Provision.objects.filter(document__in=docs),
        ExtractionJob.objects.filter(document_text__document__in=docs),
        DocumentText.history.model.objects.filter(document_id__in=docs.values("pk")),
        DocumentText.objects.filter(document__in=docs),
        docs,
        demo_sources,
        Term.objects.filter(body__in=demo_bodies),
        Person.objects.filter(slug__startswith=PREFIX),
        Indicator.objects.filter(slug__startswith=PREFIX),
        Topic.objects.filter(slug__startswith=PREFIX),
    ]
    for qs in steps:
        qs._raw_delete(qs.db)
    # Bodies and places refer to each other (parent, successor): children first.
    IssuingBody.objects.filter(slug__startswith=PREFIX).update(successor=None)
    while True:
        leaves = IssuingBody.objects.filter(slug__startswith=PREFIX).exclude(
            pk__in=IssuingBody.objects.filter(parent__isnull=False).values("parent_id")
        )
        ids = list(leaves.values_list("pk", flat=True))
        if not ids:
            break
        IssuingBody.objects.filter(pk__in=ids)._raw_delete(connection.alias)
    Locality.successors.through.objects.filter(
        Q(from_locality__slug__startswith=PREFIX) | Q(to_locality__slug__startswith=PREFIX)
    )._raw_delete(connection.alias)
    for level in (4, 3, 2, 1):
        Locality.objects.filter(slug__startswith=PREFIX, level=level)._raw_delete(
            connection.alias
        )

