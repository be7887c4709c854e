"""Writing a plan's documents (with their topics, targets, mentions and status statements),
links, figures and events: the part of :class:`~.writing.Writer` that holds them (see
:mod:`.writing`)."""

from __future__ import annotations

from simple_history.utils import bulk_create_with_history

from documents.models import (
    Document,
    DocumentCoIssuer,
    DocumentLink,
    Event,
    EventParticipant,
    Figure,
    SourceMention,
    StatusStatement,
    Target,
)
from documents.text_links import queue_proposals

from .bulk_texts import insert_new_texts
from .texts import write_texts

#: The history's change reason for every object the import creates or changes.
CHANGE_REASON = "import_dataset"


class DocumentWrites:
    """Documents, links, figures, events; the machinery (``_sync``, ``_new``, ``ins``…) is the
    :class:`~.writing.Writer`'s."""

    DOC_FIELDS = ("symbol", "symbol_as_written", "doc_type", "title", "summary", "signer_title",
                  "issued_date", "issued_year", "date_note", "effective_from", "effective_to",
                  "period_start", "period_end", "status", "known_by_reference", "uncertain",
                  "editorial_note")

    def _document_values(self, spec: dict) -> tuple[dict, dict]:
        body = self.body.get(spec["issuing_body"]) if spec["issuing_body"] else None
        signer = self.person.get(spec["signer"]) if spec["signer"] else None
        term = None
        if spec["term"]:
            term = self.term[(self.body[spec["term"][0]].pk, spec["term"][1])]
        locality = self.loc.get(spec["locality"]) if spec["locality"] else None
        values = {k: spec[k] for k in self.DOC_FIELDS}
        values.update(issuing_body_id=self._id(body), signer_id=self._id(signer),
                      term_id=self._id(term), locality_id=self._id(locality))
        # the related instances too: save() reads the body's and signer's names for the
        # search text, and the locality's path for place_1..3
        return values, {"issuing_body": body, "signer": signer, "locality": locality}

    def write_documents(self) -> None:
        """The changed documents first (one may free a symbol that a new one takes), with
        their topics, targets and mentions; then the new documents, streamed to the database
        as they are prepared (meanwhile their topics, targets and mentions are gathered);
        then all new topics, targets and mentions."""
        parts = {"topics": [], "co_issuers": [], "joint_changed": [], Target: [],
                 SourceMention: [],
                 StatusStatement: []}
        new = []
        for slug, (_i, spec) in self.plan.documents.items():
            obj = self.doc.get(slug)
            if obj is None:
                new.append(slug)
                continue
            obj._co_issuer_names = self._co_issuer_names(spec)  # no query in save()
            saved = self._sync(obj, *self._document_values(spec))
            obj.__dict__.pop("_co_issuer_names", None)
            saved = self.write_parts(obj, spec, False, parts) or saved
            self._outcome("documents", False, saved)
        with self.ins.stream(Document, len(new)) as add:
            for slug in new:
                spec = self.plan.documents[slug][1]
                values, related = self._document_values(spec)
                values["slug"] = slug
                obj = self._build(Document, values, related)
                obj._co_issuer_names = self._co_issuer_names(spec)  # for its search text
                obj = self._prepare(obj)
                add(obj)
                self.doc[slug] = obj
                self._outcome("documents", True, True)
                self.write_parts(obj, spec, True, parts)  # its id is reserved already
        self.ins.insert_rows(Document.topics.through, ("document_id", "topic_id"),
                             parts["topics"])
        if parts["co_issuers"]:  # few: with their history
            bulk_create_with_history(parts["co_issuers"], DocumentCoIssuer,
                                     default_change_reason=CHANGE_REASON)
        if parts["joint_changed"]:  # the stored documents whose co-issuers changed
            Document.refresh_search_text(parts["joint_changed"])
        for model in (Target, SourceMention):
            with self.ins.stream_values(model, len(parts[model])) as add:
                for values, related in parts[model]:
                    add(values, related)
        # every document exists now: a statement's by_document may be one created above
        new_statements = []
        for doc, specs, created in parts[StatusStatement]:
            new_statements += self.write_statements(doc, specs, created)
        if new_statements:  # few: with their history
            bulk_create_with_history(new_statements, StatusStatement,
                                     default_change_reason=CHANGE_REASON)

        # the texts last, every document being in the database (their provisions refer to
        # it): those of the documents in the database one by one, the new documents' in bulk
        created = set(new)
        for slug, (_i, spec) in self.plan.documents.items():
            if slug not in created:
                write_texts(self, self.doc[slug], spec.get("texts"), False)
        queue_proposals(insert_new_texts(self, (
            (self.doc[slug], self.plan.documents[slug][1].get("texts")) for slug in new)))

    def _co_issuer_names(self, spec: dict) -> list[str]:
        """The names of a spec's co-issuing bodies, as ``Document.co_issuer_names`` reads them."""
        bodies = [self.body[b] for b in spec["co_issuers"]]
        return [name for b in bodies for name in (b.name, b.short_name) if name]

    def write_parts(self, doc: Document, spec: dict, created: bool, parts: dict) -> bool:
        """A document's topics, co-issuers, targets and mentions: the changes to those of a
        document in the database are written, the new ones gathered in *parts*. True if its
        topics or co-issuers changed."""
        wanted = {self.topic[t].pk for t in spec["topics"]}
        current = set() if created else self.db.doc_topics.get(doc.pk, set())
        if wanted != current:
            if current:
                Document.topics.through.objects.filter(document_id=doc.pk).delete()
            parts["topics"] += [(doc.pk, t) for t in sorted(wanted)]
        joint = [self.body[b].pk for b in spec["co_issuers"]]
        joint_now = [] if created else self.db.doc_co_issuers.get(doc.pk, [])
        if joint != joint_now:
            for row in (DocumentCoIssuer.objects.filter(document_id=doc.pk) if joint_now
                        else ()):
                row._change_reason = CHANGE_REASON
                row.delete()
            parts["co_issuers"] += [DocumentCoIssuer(document_id=doc.pk, body_id=b, position=n)
                                    for n, b in enumerate(joint)]
            if not created:
                parts["joint_changed"].append(doc.pk)
        self.write_targets(doc, spec["targets"], created, parts[Target])
        self.write_mentions(doc, spec["mentions"], created, parts[SourceMention])
        if spec["status_statements"] or (not created and self.db.statements.get(doc.pk)):
            parts[StatusStatement].append((doc, spec["status_statements"], created))
        return wanted != current or joint != joint_now

    TARGET_FIELDS = ("applies_to", "comparator", "value", "unit", "deadline_year", "deadline",
                     "baseline_value", "baseline_date", "quote", "provision", "note", "position",
                     "uncertain",
                     "editorial_note")

    def write_targets(self, doc: Document, specs: list[dict], created: bool,
                      bulk: list) -> None:
        current = [] if created else self.db.targets.get(doc.pk, [])
        for n, spec in enumerate(specs):
            values = {k: spec[k] for k in self.TARGET_FIELDS}
            values.update(
                indicator_id=self.indicator[spec["indicator"]].pk,
                locality_id=self._id(self.loc.get(spec["locality"]) if spec["locality"]
                                     else None),
                source_id=self._id(self.src(spec["source"])),
                baseline_source_id=self._id(self.src(spec["baseline_source"])),
            )
            if n < len(current):
                self._outcome("targets", False,
                              self._sync(current[n], values, {"document": doc}))
            else:
                values["document_id"] = doc.pk
                bulk.append((values, {"document": doc}))
                self._outcome("targets", True, True)
        for obj in current[len(specs):]:
            obj.delete()
            self.report.add("targets", "deleted")

    def write_mentions(self, doc: Document, specs: list[dict], created: bool,
                       bulk: list) -> None:
        current = {} if created else dict(self.db.mentions.get(doc.pk, {}))
        for spec in specs:
            source = self.src(spec["source"])
            values = {"quote": spec["quote"], "provision": spec["provision"],
                      "note": spec["note"], "editorial_note": spec["editorial_note"]}
            obj = current.pop(source.pk, None)
            if obj is None:
                values.update(document_id=doc.pk, source_id=source.pk)
                bulk.append((values, {"document": doc, "source": source}))
                self._outcome("mentions", True, True)
            else:
                self._outcome("mentions", False, self._sync(obj, values))
        for obj in current.values():
            obj.delete()
            self.report.add("mentions", "deleted")

    def write_statements(self, doc: Document, specs: list[dict], created: bool) -> list:
        """A document's status statements: those in the database updated (or deleted when
        the merge left them out), the new ones returned to be inserted."""
        current = {} if created else dict(self.db.statements.get(doc.pk, {}))
        new = []
        for spec in specs:
            values = {"quote": spec["quote"], "note": spec["note"],
                      "source_id": self.src(spec["source"]).pk,
                      "by_document_id": self._id(self.doc.get(spec["by_document"])
                                                 if spec["by_document"] else None)}
            obj = current.pop((spec["as_of"], spec["status"]), None)
            if obj is None:
                new.append(StatusStatement(document_id=doc.pk, as_of=spec["as_of"],
                                           status=spec["status"], **values))
                self._outcome("status_statements", True, True)
            else:
                self._outcome("status_statements", False, self._sync(obj, values))
        for obj in current.values():
            obj._change_reason = CHANGE_REASON
            obj.delete()
            self.report.add("status_statements", "deleted")
        return new

    def write_links(self) -> None:
        for slug, spec in self.plan.by_reference.items():
            spec = dict(spec, issuing_body=self.body.get(spec["issuing_body"]),
                        locality=self.loc.get(spec["locality"]))
            doc = Document(slug=slug, known_by_reference=True, **spec)
            doc._change_reason = CHANGE_REASON
            doc.save()
            self.doc[slug] = doc
            self.report.add("documents", "created")
            self.report.by_reference.append(slug)
        new = []
        for spec in self.plan.links:
            frm, to = self.doc[spec["from"]], self.doc[spec["to"]]
            obj = self.db.links.get((frm.pk, to.pk, spec["kind"]))
            if obj is None:
                new.append((frm.pk, to.pk, spec))
            else:
                self._outcome("links", False, self._sync(obj, self._link_values(spec)))
        with self.ins.stream_values(DocumentLink, len(new)) as add:
            for frm, to, spec in new:
                add({"from_document_id": frm, "to_document_id": to, "kind": spec["kind"],
                     **self._link_values(spec)})
                self._outcome("links", True, True)

    def _link_values(self, spec: dict) -> dict:
        return {"source_id": self._id(self.src(spec["source"])), "quote": spec["quote"],
                "provision": spec["provision"],
                "note": spec["note"],
                "uncertain": spec["uncertain"], "editorial_note": spec["editorial_note"]}

    FIGURE_FIELDS = ("value", "total", "unit", "quote", "note", "uncertain", "editorial_note")

    def write_figures(self) -> None:
        new_figures: list[Figure] = []
        for spec in self.plan.figures:
            identity = (
                self.indicator[spec["indicator"]].pk, self.loc[spec["locality"]].pk,
                spec["as_of"], spec["as_of_year"], spec["applies_to"],
                self._id(self.src(spec["source"])),
                self._id(self.doc.get(spec["document"]) if spec["document"] else None),
            )
            values = {k: spec[k] for k in self.FIGURE_FIELDS}
            obj = self.db.figures.get(identity)
            if obj is None:
                values.update(
                    indicator_id=identity[0], locality_id=identity[1], as_of=identity[2],
                    as_of_year=identity[3], applies_to=identity[4], source_id=identity[5],
                    document_id=identity[6],
                )
                obj = self._new(Figure, values)
                new_figures.append(obj)
                self._outcome("figures", True, True)
            else:
                self._outcome("figures", False, self._sync(obj, values))
            self.db.figures[identity] = obj
        self.ins.insert(Figure, new_figures)

    def write_events(self) -> None:
        new_events, new_documents, new_participants = [], [], []
        for spec in self.plan.events:
            source = self.src(spec["source"])
            key = (source.pk, spec["date"], spec["title"])
            values = {
                "kind": spec["kind"], "date_note": spec["date_note"], "summary": spec["summary"],
                "editorial_note": spec["editorial_note"],
                "locality_id": self._id(self.loc.get(spec["locality"]) if spec["locality"]
                                        else None),
                "organiser_id": self._id(self.body.get(spec["organiser"]) if spec["organiser"]
                                         else None),
            }
            wanted = {self.doc[d].pk for d in spec["documents"]}
            obj = self.db.events.get(key)
            if obj is None:
                values.update(source_id=source.pk, date=spec["date"], title=spec["title"])
                obj = self._new(Event, values, {"source": source})
                new_events.append(obj)
                new_documents.append((obj, sorted(wanted)))
                new_participants += [
                    (obj, {"person_id": self.person[p["person"]].pk, "role": p["role"],
                           "title": p["title"]})
                    for p in spec["participants"]
                ]
                self.db.events[key] = obj
                self._outcome("events", True, True)
                continue
            saved = self._sync(obj, values)
            if wanted != self.db.event_docs.get(obj.pk, set()):
                obj.documents.set(wanted)
                saved = True
            current = dict(self.db.participants.get(obj.pk, {}))
            for part in spec["participants"]:
                person = self.person[part["person"]]
                p = current.pop((person.pk, part["role"]), None)
                if p is None:
                    p = EventParticipant(event=obj, person=person, role=part["role"])
                if self._sync(p, {"title": part["title"]}):
                    saved = True
            for p in current.values():
                p.delete()
                saved = True
            self._outcome("events", False, saved)
        self.ins.insert(Event, new_events)  # the new events have their ids from here on
        self.ins.insert_rows(Event.documents.through, ("event_id", "document_id"),
                             [(e.pk, d) for e, docs in new_documents for d in docs])
        self.ins.insert(EventParticipant, [
            self._new(EventParticipant, {"event_id": e.pk, **values}, {"event": e})
            for e, values in new_participants
        ])
