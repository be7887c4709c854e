"""What the database already holds, read once for an import (no look-up query per object).

:meth:`Stored.load` reads every keyed object (localities, bodies, people, topics, indicators,
documents, sources, terms) by its key in the file: the checking step needs them to resolve
references and find clashes, the plan to tell a create from an update. :meth:`Stored.load_relations`
reads what the writing step compares nested lists against (successors, topics, targets,
mentions, status statements, links, figures, events and their documents and participants).
"""

from __future__ import annotations

import re
from collections import defaultdict

from documents.models import (
    Document,
    DocumentCoIssuer,
    DocumentLink,
    Event,
    EventParticipant,
    Figure,
    Indicator,
    IssuingBody,
    Locality,
    LocalitySuccession,
    Person,
    Source,
    SourceMention,
    StatusStatement,
    Target,
    Term,
    Topic,
)
from documents.streaming import objects_by_id

_SOURCE_PK_RE = re.compile(r"^source-(\d+)$")


class Stored:
    """The database's objects by their keys in the file (and a few id -> key maps)."""

    relations_loaded = False

    def load(self) -> Stored:
        self.loc = {o.slug: o for o in Locality.objects.all()}
        self.body = {o.slug: o for o in IssuingBody.objects.all()}
        self.person = {o.slug: o for o in Person.objects.all()}
        self.topic = {o.slug: o for o in Topic.objects.all()}
        self.indicator = {o.slug: o for o in Indicator.objects.all()}
        self.doc = {o.slug: o for o in objects_by_id(Document.objects.all(), chunk_size=5000)}
        sources = list(Source.objects.all())
        self.source = {o.reference: o for o in sources if o.reference}
        self.source_blank = {o.pk: o for o in sources if not o.reference}
        self.term = {(t.body_id, t.name): t for t in Term.objects.all()}
        # id -> key maps, for checks that involve database objects not in the file
        self.loc_slug_by_id = {o.pk: s for s, o in self.loc.items()}
        self.body_slug_by_id = {o.pk: s for s, o in self.body.items()}
        self.by_collection = {
            "localities": self.loc, "bodies": self.body, "people": self.person,
            "topics": self.topic, "indicators": self.indicator, "documents": self.doc,
        }
        self.term_key_by_id = {
            t.pk: (self.body_slug_by_id[t.body_id], t.name) for t in self.term.values()
        }
        return self

    def load_relations(self) -> None:
        """What the merge and the write step compare against (read once, not per object)."""
        self.relations_loaded = True
        self.loc_successors = defaultdict(set)
        for a, b in Locality.successors.through.objects.values_list(
            "from_locality_id", "to_locality_id"
        ):
            self.loc_successors[a].add(b)
        # (from id) -> (to id) -> the succession's date, part and document, as a spec has them
        self.loc_succession_details = defaultdict(dict)
        doc_slug = {d.pk: slug for slug, d in self.doc.items()}
        for row in LocalitySuccession.objects.values(
            "from_locality_id", "to_locality_id", "effective_date", "partial", "document_id"
        ):
            self.loc_succession_details[row["from_locality_id"]][row["to_locality_id"]] = {
                "date": row["effective_date"], "partial": row["partial"],
                "document": doc_slug.get(row["document_id"])}
        self.doc_co_issuers = defaultdict(list)  # body ids, in the document's order
        for d, b in DocumentCoIssuer.objects.order_by("document_id", "position", "id").values_list(
                "document_id", "body_id"):
            self.doc_co_issuers[d].append(b)
        self.doc_topics = defaultdict(set)
        for d, t in Document.topics.through.objects.values_list("document_id", "topic_id"):
            self.doc_topics[d].add(t)
        self.targets = defaultdict(list)
        for t in Target.objects.order_by("document_id", "position", "id"):
            self.targets[t.document_id].append(t)
        self.mentions = defaultdict(dict)
        for m in SourceMention.objects.all():
            self.mentions[m.document_id][m.source_id] = m
        self.statements = defaultdict(dict)  # document id -> (as_of, status) -> statement
        for st in StatusStatement.objects.order_by("id"):
            self.statements[st.document_id].setdefault((st.as_of, st.status), st)
        self.links = {
            (k.from_document_id, k.to_document_id, k.kind): k for k in DocumentLink.objects.all()
        }
        self.figures = {}
        for f in Figure.objects.order_by("id"):
            self.figures.setdefault(self.figure_identity(f), f)
        self.events = {}
        for e in Event.objects.order_by("id"):
            self.events.setdefault((e.source_id, e.date, e.title), e)
        self.event_docs = defaultdict(set)
        for e, d in Event.documents.through.objects.values_list("event_id", "document_id"):
            self.event_docs[e].add(d)
        self.participants = defaultdict(dict)
        for p in EventParticipant.objects.all():
            self.participants[p.event_id][(p.person_id, p.role)] = p

    @staticmethod
    def figure_identity(f: Figure) -> tuple:
        return (f.indicator_id, f.locality_id, f.as_of, f.as_of_year, f.applies_to,
                f.source_id, f.document_id)

    def match_source(self, key: str, headline: str | None) -> Source | None:
        """A database source for a key: same reference, or ``source-<pk>`` of a source
        without reference (as the exporter writes it; the headline must agree if given)."""
        if key in self.source:
            return self.source[key]
        m = _SOURCE_PK_RE.match(key)
        if m:
            src = self.source_blank.get(int(m.group(1)))
            if src is not None and (headline is None or src.headline == headline):
                return src
        return None
