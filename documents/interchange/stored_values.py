"""The database's objects in the form of a plan's specs (references as the file's keys), for
the merge to compare field by field (:mod:`.merging`)."""

from __future__ import annotations

from .export_values import source_key
from .stored import Stored


class StoredValues:
    """Id -> key maps of what the database holds, and its objects as specs."""

    def __init__(self, db: Stored):
        self.db = db
        self.loc = db.loc_slug_by_id
        self.body = db.body_slug_by_id
        self.person = {o.pk: s for s, o in db.person.items()}
        self.topic = {o.pk: s for s, o in db.topic.items()}
        self.indicator = {o.pk: s for s, o in db.indicator.items()}
        self.doc = {o.pk: s for s, o in db.doc.items()}
        self.source = {o.pk: source_key(o.pk, o.reference)
                       for o in (*db.source.values(), *db.source_blank.values())}

    def source_key(self, key: str | None) -> str | None:
        """A file's source key as the database's source it names is keyed (the same source
        may be named ``source-<n>`` or by its reference); a new source's key as it is."""
        if key is None:
            return None
        obj = self.db.match_source(key, None)
        return self.source[obj.pk] if obj is not None else key

    @staticmethod
    def _plain(obj, names) -> dict:
        return {name: getattr(obj, name) for name in names}

    def of(self, collection: str, obj) -> dict:
        """A keyed object's fields as its spec holds them."""
        if collection == "localities":
            values = self._plain(obj, ("name", "name_en", "code", "kind", "valid_from",
                                       "valid_to", "note"))
            values["parent"] = self.loc.get(obj.parent_id)
        elif collection == "bodies":
            values = self._plain(obj, ("name", "name_en", "short_name", "code", "kind",
                                       "valid_from", "valid_to", "note", "uncertain",
                                       "editorial_note"))
            values.update(locality=self.loc.get(obj.locality_id),
                          parent=self.body.get(obj.parent_id),
                          successor=self.body.get(obj.successor_id))
        elif collection == "documents":
            values = self._plain(obj, (
                "doc_type", "symbol", "symbol_as_written", "title", "summary", "signer_title",
                "issued_date", "issued_year", "date_note", "effective_from", "effective_to",
                "period_start", "period_end", "status", "known_by_reference", "uncertain",
                "editorial_note"))
            values.update(issuing_body=self.body.get(obj.issuing_body_id),
                          co_issuers=[self.body[b] for b in self.db.doc_co_issuers.get(obj.pk, ())],
                          term=self.db.term_key_by_id.get(obj.term_id),
                          locality=self.loc.get(obj.locality_id),
                          signer=self.person.get(obj.signer_id))
        else:  # people, topics, indicators, sources: no references
            values = {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields}
        return values

    def target(self, t) -> dict:
        values = self._plain(t, ("applies_to", "comparator", "value", "unit", "deadline_year",
                                 "deadline", "baseline_value", "baseline_date", "quote",
                                 "provision", "note", "position", "uncertain",
                                 "editorial_note"))
        values.update(indicator=self.indicator.get(t.indicator_id),
                      locality=self.loc.get(t.locality_id),
                      source=self.source.get(t.source_id),
                      baseline_source=self.source.get(t.baseline_source_id))
        return values

    def link(self, link) -> dict:
        return {"source": self.source.get(link.source_id), "quote": link.quote,
                "provision": link.provision,
                "note": link.note, "uncertain": link.uncertain,
                "editorial_note": link.editorial_note}

    def statement(self, st) -> dict:
        return {"as_of": st.as_of, "status": st.status, "source": self.source.get(st.source_id),
                "quote": st.quote, "note": st.note, "by_document": self.doc.get(st.by_document_id)}

    def event(self, e) -> dict:
        return {"kind": e.kind, "date_note": e.date_note, "summary": e.summary,
                "editorial_note": e.editorial_note,
                "locality": self.loc.get(e.locality_id),
                "organiser": self.body.get(e.organiser_id)}

    def figure_identity(self, spec: dict) -> tuple | None:
        """The key a figure of the file has among the database's (``Stored.figures``), or
        None if it names an object the database does not have."""
        db = self.db
        parts = [db.indicator.get(spec["indicator"]), db.loc.get(spec["locality"])]
        source = db.match_source(spec["source"], None) if spec["source"] else None
        document = db.doc.get(spec["document"]) if spec["document"] else None
        if None in parts or (spec["source"] and source is None) or (
                spec["document"] and document is None):
            return None
        return (parts[0].pk, parts[1].pk, spec["as_of"], spec["as_of_year"], spec["applies_to"],
                source.pk if source else None, document.pk if document else None)
