"""The catalogue's data model, one module per subject.

- ``places``: :class:`Locality` (the administrative tree, with codes,
  periods and successors), :class:`LocalitySuccession` (who took over whom, when)
- ``bodies``: :class:`IssuingBody`, :class:`Term` (khóa), :class:`Person`
- ``documents``: :class:`Document`; ``topics``: :class:`Topic`
- ``co_issuers``: :class:`DocumentCoIssuer` (a joint document's other issuing bodies)
- ``uncertainty``: the ``uncertain`` marks and ``editorial_note`` fields, their constraint
- ``counts``: ``DocumentCounts``, the grouped counts of documents (a part of their queryset)
- ``links``: :class:`DocumentLink` (typed, directed, with provenance)
- ``targets``: :class:`Indicator`, :class:`Target` (chỉ tiêu), :class:`Figure`
- ``files``: :class:`DocumentFile` (a document's original files, checked by content)
- ``sources``: :class:`Source`, :class:`SourceMention`, :class:`Event`, :class:`EventParticipant`
- ``validity``: :class:`StatusStatement` (an admin's sourced statement of a status)
- ``texts``: :class:`DocumentText` (a document's text, from a file or a public page),
  :class:`ExtractionJob`, :class:`Provision` (the text's structure, anchors, indexed words)
- ``proposals``: :class:`TextLinkProposal` (links the reference finder proposes from a text)
"""

from .bodies import IssuingBody, Person, Term
from .co_issuers import DocumentCoIssuer
from .common import BY_NAME
from .documents import Document
from .files import DocumentFile
from .links import DocumentLink
from .places import PLACE_ORDER, Locality, LocalitySuccession
from .proposals import TextLinkProposal
from .sources import Event, EventParticipant, Source, SourceMention
from .targets import Figure, Indicator, Target
from .texts import DocumentText, ExtractionJob, Provision
from .topics import Topic
from .validity import StatusStatement

__all__ = [
    "BY_NAME",
    "PLACE_ORDER",
    "Document",
    "DocumentCoIssuer",
    "DocumentFile",
    "DocumentLink",
    "DocumentText",
    "Event",
    "ExtractionJob",
    "EventParticipant",
    "Figure",
    "Indicator",
    "IssuingBody",
    "Locality",
    "LocalitySuccession",
    "Person",
    "Provision",
    "Source",
    "SourceMention",
    "StatusStatement",
    "Target",
    "Term",
    "TextLinkProposal",
    "Topic",
]
