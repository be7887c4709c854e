"""Writing a checked plan (:class:`~.plan.Plan`) to the database, inside the caller's one
transaction (:func:`~.importer.import_dataset`: any error rolls everything back).

Each object is matched by its stable key (update-or-create). An object already in the database
is compared field by field with the plan and saved through its model's ``save()`` only when
something differs, so unchanged objects are not touched and importing the same file twice
changes nothing the second time. New objects are built, prepared by their model's own ``save()``
without the database write (:func:`~.bulk.prepare_without_writing`: every derived field --
folded names, paths, parsed symbols, search text, stored places), and inserted in bulk with
their history rows (:class:`~.bulk.Inserter`: ``COPY``, streamed while they are prepared).
Links, targets and mentions, whose ``save()`` derives nothing beyond the cleaning the checking
already did, go in as plain rows. Everything the writing compares against is read once
(:meth:`~.stored.Stored.load_relations`): it makes no look-up queries of its own.

This module writes places, bodies (with their terms), people, topics, indicators and sources;
:mod:`.writing_documents` the documents (with their topics, targets and mentions), links,
figures and events.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db import connection

from documents.cache import data_changed
from documents.models import (
    Indicator,
    IssuingBody,
    Locality,
    LocalitySuccession,
    Person,
    Source,
    Term,
    Topic,
)

from .bulk import Factory, Inserter, prepare_without_writing
from .changes import Changes
from .plan import Plan
from .schema import COLLECTIONS
from .writing_documents import CHANGE_REASON, DocumentWrites

REPORT_ORDER = (*COLLECTIONS[:2], "terms", *COLLECTIONS[2:7], "targets", "mentions", "texts",
                "status_statements", *COLLECTIONS[7:])


@dataclass
class ImportReport:
    """What an import did: per collection, how many objects were created, updated, left
    unchanged or deleted (nested lists); the by-reference documents created."""

    counts: dict[str, dict[str, int]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(int))
    )
    by_reference: list[str] = field(default_factory=list)
    #: object by object, what was (``--dry-run``: would be) added, filled, replaced, removed
    changes: Changes = field(default_factory=Changes)

    def add(self, collection: str, outcome: str, n: int = 1) -> None:
        self.counts[collection][outcome] += n

    @property
    def changed(self) -> bool:
        return any(
            c.get("created") or c.get("updated") or c.get("deleted") for c in self.counts.values()
        )

    def lines(self) -> list[str]:
        out = []
        for name in REPORT_ORDER:
            c = self.counts.get(name)
            if not c:
                continue
            parts = [f"{c.get(k, 0)} {k}" for k in ("created", "updated", "unchanged")]
            if c.get("deleted"):
                parts.append(f"{c['deleted']} deleted")
            if c.get("skipped"):  # texts of files the database does not hold
                parts.append(f"{c['skipped']} skipped")
            out.append(f"{name}: " + ", ".join(parts))
        if self.by_reference:
            out.append(
                f"by-reference documents created: {len(self.by_reference)} "
                f"({', '.join(self.by_reference)})"
            )
        return out


def _fields(spec: dict) -> dict:
    """A spec's field values (without the fields the file stated, ``given``)."""
    return {k: v for k, v in spec.items() if k != "given"}


def write(plan: Plan) -> ImportReport:
    """Carry out *plan* (call inside ``transaction.atomic()``); what was created, updated,
    left unchanged or deleted, by collection."""
    return Writer(plan).write()


class Writer(DocumentWrites):
    """Writes one plan; the database's objects are those the checking read (``plan.stored``)."""

    def __init__(self, plan: Plan):
        self.plan = plan
        self.db = plan.stored
        self.report = ImportReport()

    def _sync(self, obj, values: dict, related: dict | None = None) -> bool:
        """Set the fields that differ; save through the model if any did (always for a new
        object). True if saved."""
        created = obj.pk is None
        changed = [k for k, v in values.items() if getattr(obj, k) != v]
        if not changed and not created:
            return False
        for k in changed:
            setattr(obj, k, values[k])
        for k, v in (related or {}).items():
            setattr(obj, k, v)  # the related instance, so save() need not fetch it
        obj._change_reason = CHANGE_REASON
        obj.save()
        return True

    def _new(self, model, values: dict, related: dict | None = None):
        """A new object with *values* (by attname; the related instances in *related*, so
        save() need not fetch them), prepared by its model's save() for :attr:`ins`."""
        return self._prepare(self._build(model, values, related))

    def _build(self, model, values: dict, related: dict | None = None):
        factory = self.factories.get(model)
        if factory is None:
            factory = self.factories[model] = Factory(model)
        return factory(values, related)

    @staticmethod
    def _prepare(obj):
        obj._change_reason = CHANGE_REASON
        prepare_without_writing(obj)
        return obj

    def _outcome(self, collection: str, created: bool, saved: bool) -> None:
        self.report.add(collection, "created" if created else "updated" if saved else
                        "unchanged")

    def write(self) -> ImportReport:
        self.ins = Inserter(CHANGE_REASON)
        self.factories: dict = {}
        if not self.db.relations_loaded:  # the merge has read them
            self.db.load_relations()
        self.loc = dict(self.db.loc)
        self.body = dict(self.db.body)
        self.person = dict(self.db.person)
        self.topic = dict(self.db.topic)
        self.indicator = dict(self.db.indicator)
        self.doc = dict(self.db.doc)
        self.term = dict(self.db.term)
        self.source: dict[str, Source] = {}
        self.write_localities()
        self.write_bodies()
        self.write_simple("people", Person, self.person)
        self.write_simple("topics", Topic, self.topic)
        self.write_simple("indicators", Indicator, self.indicator)
        self.write_sources()
        self.write_documents()
        self.write_succession_details()
        self.count_marks("localities")  # after the successions' details, which may change them
        self.write_links()
        self.write_figures()
        self.write_events()
        if self.report.changed:
            data_changed()  # bulk inserts send no signals: make cached pages stale
        return self.report

    def src(self, key: str | None) -> Source | None:
        if key is None:
            return None
        if key not in self.source:
            self.source[key] = self.db.match_source(key, None)
        return self.source[key]

    @staticmethod
    def _id(obj) -> int | None:
        return obj.pk if obj is not None else None

    def _topological(self, specs: dict) -> list[str]:
        """Slugs of *specs* with each parent (when also in the file) before its children."""
        order, done = [], set()
        for slug in specs:
            chain = []
            node = slug
            while node in specs and node not in done and node not in chain:
                chain.append(node)
                node = specs[node][1]["parent"]
            for s in reversed(chain):
                done.add(s)
                order.append(s)
        return order

    LOCALITY_FIELDS = ("name", "name_en", "code", "kind", "valid_from", "valid_to", "note")

    def write_localities(self) -> None:
        """Parents first. New localities get their ids up front, so each one's path is known
        (to those below it, new or moved there) before any is written; they are inserted
        together once the changed ones are saved."""
        order = self._topological(self.plan.localities)
        new_ids = iter(self.ins.reserve_ids(Locality, sum(s not in self.loc for s in order)))
        created = []
        for slug in order:
            spec = self.plan.localities[slug][1]
            parent = self.loc.get(spec["parent"]) if spec["parent"] else None
            values = {k: spec[k] for k in self.LOCALITY_FIELDS}
            values["parent_id"] = self._id(parent)
            obj = self.loc.get(slug)
            if obj is not None:
                old_path = obj.path
                saved = self._sync(obj, values, {"parent": parent})
                if obj.path != old_path:  # moved: Locality.save() re-rooted its subtree
                    self._moved(obj, old_path)
                self._mark(False, saved, "localities", slug)
                continue
            # built now (its path: for those below it), prepared when inserted
            values.update(slug=slug, id=next(new_ids))
            obj = self._build(Locality, values, {"parent": parent})
            obj.path = self._locality_path(obj)
            created.append(obj)
            self.loc[slug] = obj
            self._mark(True, True, "localities", slug)
        with self.ins.stream(Locality) as add:
            for obj in created:
                obj.path = self._locality_path(obj)
                add(self._prepare(obj))
        rows = []
        for slug, (_i, spec) in self.plan.localities.items():
            obj = self.loc[slug]
            wanted = {self.loc[s].pk for s in spec["successors"]}
            if slug not in self.db.loc:
                rows += [(obj.pk, s) for s in sorted(wanted)]
            elif wanted != self.db.loc_successors.get(obj.pk, set()):
                obj.successors.set(wanted)
                self._mark(False, True, "localities", slug, already=True)
        self.ins.insert_rows(Locality.successors.through, ("from_locality_id", "to_locality_id"),
                             rows)

    def write_succession_details(self) -> None:
        """Each succession's date, part and document as the (merged) file gives them, once
        the successions and the documents they name exist: one UPDATE for all those that
        differ from what is stored."""
        rows = []
        for slug, (_i, spec) in self.plan.localities.items():
            obj = self.loc[slug]
            stored = self.db.loc_succession_details.get(obj.pk, {})
            changed = False
            for detail in spec.get("successions", ()):
                to = self.loc[detail["to"]]
                document = self.doc.get(detail["document"]) if detail["document"] else None
                wanted = {"date": detail["date"], "partial": detail["partial"],
                          "document": detail["document"]}
                if stored.get(to.pk) == wanted:
                    continue
                rows.append((obj.pk, to.pk, detail["date"], detail["partial"],
                             document.pk if document else None))
                changed = True
            if changed and slug in self.db.loc:
                self._mark(False, True, "localities", slug, already=True)
        if rows:
            self._update_successions(rows)

    @staticmethod
    def _update_successions(rows: list[tuple]) -> None:
        """``(from id, to id, effective_date, partial, document id)`` rows: what
        ``LocalitySuccession.objects.filter(from_locality…, to_locality…).update(…)`` does for
        each, in one statement (no signals, no history: neither has that update)."""
        table = LocalitySuccession._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {table} AS s SET effective_date = v.d, partial = v.p, document_id = v.doc "
                "FROM unnest(%s::bigint[], %s::bigint[], %s::date[], %s::boolean[], %s::bigint[])"
                " AS v(f, t, d, p, doc) WHERE s.from_locality_id = v.f AND s.to_locality_id = v.t",
                [list(column) for column in zip(*rows, strict=True)])

    @staticmethod
    def _locality_path(obj: Locality) -> str:
        """The path Locality.save() computes from the parent's and the id: set beforehand,
        save() finds nothing to write (it would write, and keep its own value)."""
        return (obj.parent.path if obj.parent_id else "/") + f"{obj.pk}/"

    def _moved(self, obj: Locality, old_path: str) -> None:
        """*obj* moved from *old_path*: re-root the paths of the localities in memory below it
        as Locality.save() did in the database (documents created later read them)."""
        for other in self.loc.values():
            if other is not obj and other.path.startswith(old_path):
                other.path = obj.path + other.path[len(old_path):]

    BODY_FIELDS = ("name", "name_en", "short_name", "code", "kind", "valid_from", "valid_to",
                   "note", "uncertain", "editorial_note")

    def write_bodies(self) -> None:
        """Parents first. New bodies get their ids up front (a successor may come later in
        the file); the changed ones are saved first (a renamed body frees its name), then the
        new ones are inserted."""
        order = self._topological(self.plan.bodies)
        new = [slug for slug in order if slug not in self.body]
        new_ids = dict(zip(new, self.ins.reserve_ids(IssuingBody, len(new)), strict=True))
        created, existing, later = [], [], []
        for slug in order:
            spec = self.plan.bodies[slug][1]
            parent = self.body.get(spec["parent"]) if spec["parent"] else None
            locality = self.loc[spec["locality"]]
            values = {k: spec[k] for k in self.BODY_FIELDS}
            values["parent_id"] = self._id(parent)
            values["locality_id"] = locality.pk
            successor = spec["successor"]
            if successor is None:
                values["successor_id"] = None
            elif successor in self.body:
                values["successor_id"] = self.body[successor].pk
            elif successor in new_ids:
                values["successor_id"] = new_ids[successor]
            else:
                later.append(slug)  # created further down: set it in a second pass
            related = {"parent": parent, "locality": locality}
            obj = self.body.get(slug)
            if obj is not None:
                existing.append((slug, obj, values, related))
                continue
            # built now, prepared when inserted
            values.update(slug=slug, id=new_ids[slug])
            obj = self._build(IssuingBody, values, related)
            created.append(obj)
            self.body[slug] = obj
            self._mark(True, True, "bodies", slug)
        for slug, obj, values, related in existing:
            self._mark(False, self._sync(obj, values, related), "bodies", slug)
        with self.ins.stream(IssuingBody) as add:
            for obj in created:
                add(self._prepare(obj))
        for slug in later:
            obj = self.body[slug]
            obj.successor = self.body[self.plan.bodies[slug][1]["successor"]]
            obj._change_reason = CHANGE_REASON
            obj.save()
            self._mark(False, True, "bodies", slug, already=True)
        self.count_marks("bodies")
        # terms: created or updated by (body, name); terms not in the file are kept
        new_terms = []
        for slug, (_i, spec) in self.plan.bodies.items():
            body = self.body[slug]
            for t in spec["terms"]:
                values = {k: t[k] for k in ("number", "start_year", "end_year")}
                obj = self.term.get((body.pk, t["name"]))
                if obj is None:
                    obj = self._new(Term, {"body_id": body.pk, "name": t["name"], **values},
                                    {"body": body})
                    new_terms.append(obj)
                    self._outcome("terms", True, True)
                else:
                    self._outcome("terms", False, self._sync(obj, values))
                self.term[(body.pk, t["name"])] = obj
        self.ins.insert(Term, new_terms)

    def _mark(self, created: bool, saved: bool, collection: str, slug: str,
              already: bool = False) -> None:
        marks = self.__dict__.setdefault("_marks", {}).setdefault(collection, {})
        if already and slug in marks:
            if marks[slug] == "unchanged":
                marks[slug] = "updated"
            return
        marks[slug] = "created" if created else "updated" if saved else "unchanged"

    def count_marks(self, collection: str) -> None:
        for outcome in self.__dict__.get("_marks", {}).get(collection, {}).values():
            self.report.add(collection, outcome)

    def write_simple(self, collection: str, model, store: dict) -> None:
        new = []
        for slug, (_i, spec) in getattr(self.plan, collection).items():
            obj = store.get(slug)
            if obj is None:
                obj = self._new(model, {"slug": slug, **_fields(spec)})
                new.append(obj)
                self._outcome(collection, True, True)
            else:
                self._outcome(collection, False, self._sync(obj, _fields(spec)))
            store[slug] = obj
        self.ins.insert(model, new)

    def write_sources(self) -> None:
        new = []
        for ref, (_i, spec) in self.plan.sources.items():
            obj = self.db.match_source(ref, spec["headline"])
            if obj is None:
                obj = self._new(Source, {"reference": ref, **_fields(spec)})
                new.append(obj)
                self._outcome("sources", True, True)
            else:
                self._outcome("sources", False, self._sync(obj, _fields(spec)))
            self.source[ref] = obj
        self.ins.insert(Source, new)

