"""Merging a checked plan with what the database holds: the import's default is safe.

:func:`merge` compares every object of the plan whose key the database already has, field by
field, and rewrites its spec to what the writing step must leave (:mod:`.writing` then saves
only what differs):

- a field the file does not state (absent from its item) keeps the database's value;
- a field stated with the stored value changes nothing;
- a field stated empty (``""``, ``null``, ``[]``; a status ``unknown``, a type ``khac``, a
  ``known_by_reference`` ``true``: the format's "not known") keeps the stored value;
- a field stated while the stored value is empty is **filled**;
- a field stated with another value is a **conflict** -- or, when the object is replaced
  (``--replace``, or ``--replace-only`` its label), **replaced** by the file's value.

A document's co-issuing bodies are one ordered value: a file lists them where the database has
none (filled), the same (nothing), or others (a conflict unless replaced).

An object's lists (a document's topics, targets, mentions, texts and status statements, a
locality's successors, an event's documents and participants, a body's terms) follow the
same rule per item: an item the file adds is added, an item present in both is compared
field by field, and an item the file does not list is kept -- unless the object is replaced,
when the list is the file's (a body's terms are never removed: a document elsewhere may use
them). A list the file does not state
at all is always kept.

Any conflict means nothing is written (:class:`~.changes.ImportConflicts`). The result is a
:class:`~.changes.Changes`: object by object, what the import adds, fills, replaces, removes
or finds in conflict -- what ``--dry-run`` prints.
"""

from __future__ import annotations

from .changes import ADDED, CONFLICT, FILLED, REMOVED, REPLACED, Changes, ObjectChange
from .plan import Plan
from .problems import pointer
from .stored_values import StoredValues
from .texts import merge_texts

#: Values that say "not known" for a field beside the empty ones.
_NOT_KNOWN = {"status": "unknown", "doc_type": "khac", "known_by_reference": True}


def is_empty(name: str, value) -> bool:
    """True if *value* of field *name* states nothing (filled by any other value)."""
    if value is None or (isinstance(value, (str, list, tuple, set, dict)) and not value):
        return True
    return name in _NOT_KNOWN and value == _NOT_KNOWN[name]


def statement_key(as_of, status: str) -> str:
    """A status statement's key within its document, as changes name it."""
    return f"{as_of.isoformat()}/{status}"


def merge(plan: Plan, *, replace: bool = False, replace_only=()) -> Changes:
    """Compare *plan* with the database and rewrite its specs to what may be written (see the
    module); every object added or changed, and every conflict."""
    return Merger(plan, replace=replace, replace_only=replace_only).merge()


class Merger:
    """Merges one plan; the database's objects are those the checking read (``plan.stored``)."""

    LOCALITY = ("name", "name_en", "code", "kind", "parent", "valid_from", "valid_to", "note")
    SUCCESSION = ("date", "partial", "document")
    BODY = ("name", "name_en", "short_name", "code", "kind", "locality", "parent", "successor",
            "valid_from", "valid_to", "note", "uncertain", "editorial_note")
    TERM = ("number", "start_year", "end_year")
    SIMPLE = {"people": ("name", "name_en", "note", "editorial_note"),
              "topics": ("name", "name_en", "description"),
              "indicators": ("name", "name_en", "unit", "description")}
    SOURCE = ("kind", "publisher", "headline", "url", "author", "published_date", "date_note",
              "text", "editorial_note")
    DOCUMENT = ("doc_type", "symbol", "symbol_as_written", "title", "summary", "issuing_body",
                "co_issuers", "term", "locality", "signer", "signer_title", "issued_date",
                "issued_year",
                "date_note", "effective_from", "effective_to", "period_start", "period_end",
                "status", "known_by_reference", "uncertain", "editorial_note")
    TARGET = ("indicator", "applies_to", "locality", "comparator", "value", "unit",
              "deadline_year", "deadline", "baseline_value", "baseline_date", "baseline_source",
              "source", "quote", "provision", "note", "position", "uncertain", "editorial_note")
    LINK = ("source", "quote", "provision", "note", "uncertain", "editorial_note")
    FIGURE = ("value", "total", "unit", "quote", "note", "uncertain", "editorial_note")
    MENTION = ("quote", "provision", "note", "editorial_note")
    STATEMENT = ("source", "quote", "note", "by_document")
    EVENT = ("kind", "date_note", "summary", "locality", "organiser", "editorial_note")

    def __init__(self, plan: Plan, *, replace: bool = False, replace_only=()):
        self.plan = plan
        self.db = plan.stored
        self.replace_all = replace
        self.replace_only = set(replace_only)
        self.changes = Changes()

    def merge(self) -> Changes:
        self.db.load_relations()
        self.v = StoredValues(self.db)
        self.merge_localities()
        self.merge_bodies()
        for name in ("people", "topics", "indicators"):
            self.merge_keyed(name, self.SIMPLE[name])
        self.merge_keyed("sources", self.SOURCE)
        self.merge_documents()
        self.merge_links()
        self.merge_figures()
        self.merge_events()
        return self.changes

    # ---- the rule ----------------------------------------------------------------------

    def replaces(self, label: str) -> bool:
        return self.replace_all or label in self.replace_only

    def fields(self, change: ObjectChange, spec: dict, stored: dict, names, prefix: str = "",
               replace: bool = False) -> None:
        """Apply the rule to the fields *names* of *spec* against *stored* (the same fields
        in the spec's form), recording what happens in *change*."""
        given = spec.get("given", ())
        for name in names:
            old, new = stored[name], spec[name]
            if name == "uncertain" and name in given and old and new and new != old:
                spec[name] = self.uncertainty(change, old, new, prefix, replace)
                continue
            if name not in given or new == old:
                spec[name] = old
            elif is_empty(name, new):
                if replace:
                    change.add(prefix + name, REPLACED, old, new)
                else:
                    spec[name] = old
            elif is_empty(name, old):
                change.add(prefix + name, FILLED, old, new)
            else:
                change.add(prefix + name, REPLACED if replace else CONFLICT, old, new)

    @staticmethod
    def uncertainty(change: ObjectChange, old: dict, new: dict, prefix: str,
                    replace: bool) -> dict:
        """``uncertain`` merged fact by fact (``uncertain/<fact>``): a fact the file marks
        and the database does not is added; one marked in both with another reason or note is
        a conflict unless replaced; one the file does not mark is kept (removed when
        replaced). A file that marks one fact never wipes another's mark."""
        merged = {} if replace else dict(old)
        for fact, mark in new.items():
            if fact not in old:
                change.add(f"{prefix}uncertain/{fact}", ADDED)
            elif mark != old[fact]:
                change.add(f"{prefix}uncertain/{fact}", REPLACED if replace else CONFLICT,
                           old[fact], mark)
            merged[fact] = mark if replace or fact not in old else old[fact]
        if replace:
            for fact in sorted(set(old) - set(new)):
                change.add(f"{prefix}uncertain/{fact}", REMOVED)
        return merged

    def key_set(self, change: ObjectChange, spec: dict, name: str, stored: set,
                replace: bool) -> None:
        """A list of keys (topics, successors, an event's documents): new ones added, those
        the file leaves out kept unless replaced."""
        if name not in spec.get("given", ()):
            spec[name] = sorted(stored)
            return
        wanted = set(spec[name])
        for key in sorted(wanted - stored):
            change.add(f"{name}/{key}", ADDED)
        if replace:
            for key in sorted(stored - wanted):
                change.add(f"{name}/{key}", REMOVED)
        else:
            spec[name] = sorted(wanted | stored)

    def items(self, change: ObjectChange, spec: dict, name: str, stored: dict, names,
              replace: bool, keep: bool = False) -> None:
        """A list of items keyed within their object (*stored*: key -> the item's stored
        spec; each of ``spec[name]`` has its key in ``"key"``); *keep*: the writing never
        removes them (a body's terms), they need not be written again."""
        if name not in spec.get("given", ()):
            spec[name] = [] if keep else list(stored.values())
            return
        listed = set()
        for item in spec[name]:
            key = item.pop("key")
            listed.add(key)
            if key in stored:
                self.fields(change, item, stored[key], names, f"{name}/{key}/", replace)
            else:
                change.add(f"{name}/{key}", ADDED)
        for key, item in stored.items():
            if key in listed or keep:
                continue
            if replace:
                change.add(f"{name}/{key}", REMOVED)
            else:
                spec[name].append(item)

    # ---- the keyed collections ---------------------------------------------------------

    def _each(self, collection: str):
        """(label, pointer, spec, stored object or None, replaced) for each object of the
        file in *collection*."""
        for key, (i, spec) in getattr(self.plan, collection).items():
            if collection == "sources":
                obj = self.db.match_source(key, spec["headline"])
            else:
                obj = self.db.by_collection[collection].get(key)
            label = f"{collection}/{key}"
            yield label, pointer(collection, i), spec, obj, self.replaces(label)

    def merge_keyed(self, collection: str, names, more=None) -> None:
        for label, ptr, spec, obj, replace in self._each(collection):
            change = ObjectChange(label, ptr, created=obj is None)
            if obj is not None:
                self.fields(change, spec, self.v.of(collection, obj), names, "", replace)
                if more:
                    more(change, spec, obj, replace)
            self.changes.add(change)

    def merge_localities(self) -> None:
        def successors(change, spec, obj, replace):
            stored = {self.v.loc[pk] for pk in self.db.loc_successors.get(obj.pk, ())}
            self.key_set(change, spec, "successors", stored, replace)
            details = {self.v.loc[to]: {**detail, "to": self.v.loc[to]} for to, detail
                       in self.db.loc_succession_details.get(obj.pk, {}).items()}
            self.items(change, spec, "successions", details, self.SUCCESSION, replace,
                       keep=True)

        self.merge_keyed("localities", self.LOCALITY, successors)

    def merge_bodies(self) -> None:
        by_body: dict[int, dict] = {}
        for (body_id, name), term in self.db.term.items():
            by_body.setdefault(body_id, {})[name] = term

        def terms(change, spec, obj, replace):
            stored = {name: {"name": name, **{f: getattr(term, f) for f in self.TERM}}
                      for name, term in by_body.get(obj.pk, {}).items()}
            for t in spec["terms"]:
                t["key"] = t["name"]
            self.items(change, spec, "terms", stored, self.TERM, replace, keep=True)

        self.merge_keyed("bodies", self.BODY, terms)

    def merge_documents(self) -> None:
        self.merge_keyed("documents", self.DOCUMENT, self.document_lists)

    def document_lists(self, change: ObjectChange, spec: dict, obj, replace: bool) -> None:
        stored_topics = {self.v.topic[pk] for pk in self.db.doc_topics.get(obj.pk, ())}
        self.key_set(change, spec, "topics", stored_topics, replace)
        # targets: keyed by their place in the list
        stored = {str(n): self.v.target(t) for n, t in
                  enumerate(self.db.targets.get(obj.pk, []))}
        for n, t in enumerate(spec["targets"]):
            t["key"] = str(n)
        self.items(change, spec, "targets", stored, self.TARGET, replace)
        # mentions: keyed by their source
        stored = {}
        for source_id, m in self.db.mentions.get(obj.pk, {}).items():
            key = self.v.source[source_id]
            stored[key] = {"source": key, "quote": m.quote, "provision": m.provision,
                           "note": m.note, "editorial_note": m.editorial_note}
        for m in spec["mentions"]:
            m["source"] = m["key"] = self.v.source_key(m["source"])
        self.items(change, spec, "mentions", stored, self.MENTION, replace)
        merge_texts(self, change, spec, obj, replace)
        # status statements: keyed by their day and status
        stored = {statement_key(st.as_of, st.status): self.v.statement(st)
                  for st in self.db.statements.get(obj.pk, {}).values()}
        for st in spec["status_statements"]:
            st["source"] = self.v.source_key(st["source"])
            st["key"] = statement_key(st["as_of"], st["status"])
        self.items(change, spec, "status_statements", stored, self.STATEMENT, replace)

    # ---- links, figures, events --------------------------------------------------------

    def merge_links(self) -> None:
        for spec in self.plan.links:
            label = f"links/{spec['from']}/{spec['kind']}/{spec['to']}"
            change = ObjectChange(label, pointer("links", spec["index"]))
            frm, to = self.db.doc.get(spec["from"]), self.db.doc.get(spec["to"])
            obj = self.db.links.get((frm.pk, to.pk, spec["kind"])) if frm and to else None
            change.created = obj is None
            if obj is not None:
                spec["source"] = self.v.source_key(spec["source"])
                if spec["legacy_inferred"] and "link" in (obj.uncertain or {}):
                    # an old file's inferred flag never contradicts the link's own mark
                    spec["uncertain"] = {k: v for k, v in spec["uncertain"].items()
                                         if k != "link"}
                self.fields(change, spec, self.v.link(obj), self.LINK, "",
                            self.replaces(label))
            self.changes.add(change)

    def merge_figures(self) -> None:
        for spec in self.plan.figures:
            label = f"figures/{spec['index']}"
            change = ObjectChange(label, pointer("figures", spec["index"]))
            obj = self.db.figures.get(self.v.figure_identity(spec))
            change.created = obj is None
            if obj is not None:
                stored = {f: getattr(obj, f) for f in self.FIGURE}
                self.fields(change, spec, stored, self.FIGURE, "", self.replaces(label))
            self.changes.add(change)

    def merge_events(self) -> None:
        for spec in self.plan.events:
            label = f"events/{spec['index']}"
            change = ObjectChange(label, pointer("events", spec["index"]))
            source = self.db.match_source(spec["source"], None)
            obj = self.db.events.get((source.pk, spec["date"], spec["title"])) if source \
                else None
            change.created = obj is None
            if obj is not None:
                replace = self.replaces(label)
                self.fields(change, spec, self.v.event(obj), self.EVENT, "", replace)
                stored = {self.v.doc[pk] for pk in self.db.event_docs.get(obj.pk, ())}
                self.key_set(change, spec, "documents", stored, replace)
                stored = {}
                for (person_id, role), p in self.db.participants.get(obj.pk, {}).items():
                    person = self.v.person[person_id]
                    stored[f"{person}/{role}"] = {"person": person, "role": role,
                                                  "title": p.title}
                for p in spec["participants"]:
                    p["key"] = f"{p['person']}/{p['role']}"
                self.items(change, spec, "participants", stored, ("title",), replace)
            self.changes.add(change)
