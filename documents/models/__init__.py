"""The catalogue's data model, one module per subject.

- ``places``: :class:`Locality` (the administrative tree, with codes,
  periods and successors), :class:`LocalitySuccession` (who took over whom, when)
- ``bodies``: :class:`IssuingBody`, :class:`Term` (khóa), :class:`Person`
- ``documents``: :class:`Topic`, :class:`Document`
- ``links``: :class:`DocumentLink` (typed, directed, with provenance)
- ``targets``: :class:`Indicator`, :class:`Target` (chỉ tiêu), :class:`Figure`
- ``sources``: :class:`Source`, :class:`SourceMention`, :class:`Event`, :class:`EventParticipant`
"""

from .bodies import IssuingBody, Person, Term
from .documents import Document, Topic
from .links import DocumentLink
from .places import Locality, LocalitySuccession
from .sources import Event, EventParticipant, Source, SourceMention
from .targets import Figure, Indicator, Target

__all__ = [
    "Document",
    "DocumentLink",
    "Event",
    "EventParticipant",
    "Figure",
    "Indicator",
    "IssuingBody",
    "Locality",
    "LocalitySuccession",
    "Person",
    "Source",
    "SourceMention",
    "Target",
    "Term",
    "Topic",
]
