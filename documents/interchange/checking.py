"""Checking a dataset file: every rule, before anything is written; the result is a plan.

:func:`check` validates a parsed file completely without writing: the format's name and
version, the JSON Schema (``docs/interchange.schema.json``), duplicate keys in the file,
references to other objects (in the same file or already in the database, read once:
:class:`~.stored.Stored`), and every value the models or the database would refuse. The rules a
model's ``clean()`` applies are the same functions here (``documents/domain/validation.py``),
reported with their place in the file (a JSON Pointer). Every problem is collected; with none,
the result is a :class:`~.plan.Plan`.

This module checks the file's frame and the places, bodies, people, topics, indicators and
sources; :mod:`.checking_documents` the documents (with their targets and mentions), links,
figures and events.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from decimal import Decimal

from django.core.exceptions import ValidationError

from documents.domain import uncertainty
from documents.domain.validation import (
    Violation,
    body_not_its_own,
    locality_parent,
    term_years,
    valid_period,
)
from documents.domain.vietnamese import fold
from documents.language import violation_text
from documents.models.common import clean_text
from documents.models.sources import web_address_validator

from .checking_documents import DocumentChecks, as_int, as_nfc
from .plan import Plan
from .problems import DatasetError, Problem, in_file_order, pointer
from .schema import COLLECTIONS, FORMAT, SUPPORTED_VERSIONS, iter_schema_errors
from .stored import Stored


def check(data: object, *, create_missing_as_reference: bool = False) -> Plan:
    """The plan for *data* (a parsed file), having written nothing; a :class:`DatasetError`
    listing every problem (in file order) if there is any."""
    checker = Checker(data, create_missing_as_reference=create_missing_as_reference)
    problems = checker.check()
    if problems:
        raise DatasetError(in_file_order(problems))
    return checker.plan


def _schema_message(error) -> str:
    value = error.instance
    kind = error.validator
    if kind == "required":
        missing = re.match(r"'(.*)' is a required property", error.message)
        return f'missing required field "{missing.group(1) if missing else error.message}"'
    if kind == "additionalProperties":
        extra = sorted(set(value) - set(error.schema.get("properties", {})))
        return "unknown field " + ", ".join(f'"{e}"' for e in extra)
    if kind == "enum":
        allowed = ", ".join(error.validator_value)
        return f"{json.dumps(value, ensure_ascii=False)} is not a known value (one of: {allowed})"
    if kind == "type":
        expected = error.validator_value
        expected = " or ".join(expected) if isinstance(expected, list) else expected
        return f"expected {expected}, got {json.dumps(value, ensure_ascii=False)}"
    if kind == "pattern":
        what = error.schema.get("title") or f"value matching {error.validator_value}"
        return f"{json.dumps(value, ensure_ascii=False)} is not a valid {what}"
    if kind == "maxLength":
        return f"longer than {error.validator_value} characters"
    if kind == "minLength":
        return "must not be empty"
    if kind == "const":
        return f"must be {json.dumps(error.validator_value)}"
    if kind == "anyOf":
        # value or null: report the reason against the non-null alternative
        best = [e for e in error.context if e.validator != "type" or e.validator_value != "null"]
        if best:
            first = min(best, key=lambda e: len(e.path))
            message = _schema_message(first)
            if first.validator == "type" and {"type": "null"} in error.validator_value:
                message = message.replace(f"expected {first.validator_value},",
                                          f"expected {first.validator_value} or null,", 1)
            return message
    return error.message




_url = web_address_validator


class Checker(DocumentChecks):
    """Checks one parsed file against the format and the database; see :func:`check`."""

    def __init__(self, data: object, *, create_missing_as_reference: bool = False):
        self.data = data
        self.create_missing = create_missing_as_reference
        self.problems: list[Problem] = []
        self.plan: Plan | None = None

    # ---- helpers --------------------------------------------------------------------------

    def err(self, ptr: str, message: str) -> None:
        self.problems.append(Problem(ptr, message))

    def date(self, value: str | None, ptr: str) -> dt.date | None:
        if value is None:
            return None
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            self.err(ptr, f'"{value}" is not a valid date')
            return None

    @staticmethod
    def dec(value: str | None) -> Decimal | None:
        return None if value is None else Decimal(value)

    def rules(self, ptr: str, violations: list[Violation], fields: dict | None = None) -> bool:
        """Report the broken rules (``documents/domain/validation.py``, those the models'
        ``clean()`` apply) of the item at *ptr*, each at its field: the model's name for it,
        or the file's as *fields* maps it. Their messages are the admin's. True if any."""
        for v in violations:
            self.err(f"{ptr}/{(fields or {}).get(v.field, v.field)}", violation_text(v))
        return bool(violations)

    def uncertain(self, item: dict, kind: str, ptr: str) -> dict:
        """The item's ``uncertain`` marks (``documents/domain/uncertainty.py``), each broken
        rule reported at ``<ptr>/uncertain``; what is stored ({} if invalid)."""
        value = item.get("uncertain")
        if self.rules(ptr, uncertainty.violations(kind, value)):
            return {}
        return uncertainty.normalised(value)

    def dup(self, seen: dict, key, ptr: str, what: str, *args) -> bool:
        """Record *key*; report a duplicate (with the first place) and return True if seen.
        *what* names the duplicate; with *args* it is a ``str.format`` template for them
        (formatted only for a duplicate)."""
        if key in seen:
            what = what.format(*args) if args else what
            self.err(ptr, f"duplicate {what} (first at {seen[key]})")
            return True
        seen[key] = ptr
        return False

    # ---- the whole file -------------------------------------------------------------------

    def check(self) -> list[Problem]:
        """Every problem of the file (none: :attr:`plan` is what to write)."""
        data = self.data
        if not isinstance(data, dict):
            self.err("", "the file must hold a JSON object")
            return self.problems
        if data.get("format") != FORMAT:
            self.err("/format", f'not a catalogue dataset (expected "format": "{FORMAT}")')
            return self.problems
        version = data.get("version")
        if version not in SUPPORTED_VERSIONS or isinstance(version, bool):
            supported = ", ".join(str(v) for v in SUPPORTED_VERSIONS)
            self.err(
                "/version",
                f"unsupported format version {json.dumps(version)} "
                f"(this importer reads version {supported})",
            )
            return self.problems

        self.bad: set[tuple[str, int]] = set()
        for path, error in iter_schema_errors(data):
            self.err(pointer(*path), _schema_message(error))
            if len(path) >= 2:
                self.bad.add((path[0], path[1]))
            elif path:
                self.bad.add((path[0], -1))  # the whole collection is unusable
        self.db = Stored().load()
        self.plan = Plan(self.db)
        self.items = {}
        for name in COLLECTIONS:
            items = data.get(name)
            if not isinstance(items, list) or (name, -1) in self.bad:
                items = []
            self.items[name] = [
                (i, item) for i, item in enumerate(items)
                if isinstance(item, dict) and (name, i) not in self.bad
            ]
        # keys defined in the file, even by items with other errors (so that their
        # references are not reported as unknown as well)
        self.file_keys = {name: self._file_keys(name, data.get(name)) for name in COLLECTIONS}

        self.check_localities()
        self.check_bodies()
        for name, what in (("people", "person"), ("topics", "topic"),
                           ("indicators", "indicator")):
            self.check_simple(name, what)
        self.check_sources()
        self.check_documents()
        self.check_links()
        self.check_figures()
        self.check_events()
        return self.problems

    @staticmethod
    def _file_keys(name: str, items) -> set:
        keys: set = set()
        if not isinstance(items, list):
            return keys
        key_field = {"sources": "reference"}.get(name, "slug")
        for item in items:
            if isinstance(item, dict) and isinstance(item.get(key_field), str):
                keys.add(item[key_field])
        return keys

    def ref(self, value, collection: str, ptr: str, what: str) -> bool:
        """Check a reference to another object: in the file or in the database."""
        if value is None:
            return True
        db = self.db.by_collection.get(collection)
        if value in self.file_keys[collection]:
            return True
        if collection == "sources":
            if self.db.match_source(value, None) is not None:
                return True
        elif value in db:
            return True
        self.err(ptr, f'unknown {what} "{value}"')
        return False

    # localities ----------------------------------------------------------------------

    def successions(self, item: dict, p: str) -> list[dict]:
        """The details of a locality's successions (date, part, document), each keyed by the
        successor it describes, which must be one of its ``successors``."""
        details = []
        for j, detail in enumerate(item.get("successions", [])):
            dp = p + f"/successions/{j}"
            if detail["to"] not in item.get("successors", []):
                self.err(dp + "/to", f'"{detail["to"]}" is not one of the successors')
                continue
            document = detail.get("document")
            if not self.ref(document, "documents", dp + "/document", "document"):
                document = None
            details.append({"key": detail["to"], "to": detail["to"],
                            "date": self.date(detail.get("date"), dp + "/date"),
                            "partial": bool(detail.get("partial", False)),
                            "document": document, "given": frozenset(detail) | {"partial"}})
        return details

    def check_localities(self) -> None:
        seen: dict = {}
        codes: dict = {}
        self.plan.localities = {}
        for i, item in self.items["localities"]:
            p = pointer("localities", i)
            if self.dup(seen, item["slug"], p + "/slug", f'locality slug "{item["slug"]}"'):
                continue
            spec = {
                "name": clean_text(item["name"]),
                "name_en": clean_text(item.get("name_en")),
                "kind": item["kind"],
                "parent": item.get("parent"),
                "valid_from": self.date(item.get("valid_from"), p + "/valid_from"),
                "valid_to": self.date(item.get("valid_to"), p + "/valid_to"),
                "code": clean_text(item.get("code")),
                "successors": item.get("successors", []),
                "successions": self.successions(item, p),
                "note": as_nfc(item.get("note")),
                "given": frozenset(item),
            }
            if spec["code"]:
                self.dup(codes, (spec["code"], spec["valid_from"]), p + "/code",
                         f'code "{spec["code"]}" from {spec["valid_from"] or "the start"}')
            self.rules(p, valid_period(spec["valid_from"], spec["valid_to"]))
            if spec["parent"] == item["slug"]:
                self.rules(p, locality_parent(spec["kind"], None, own_parent=True))
                spec["parent"] = None
            elif not self.ref(spec["parent"], "localities", p + "/parent", "locality"):
                spec["parent"] = None
            for j, s in enumerate(spec["successors"]):
                self.ref(s, "localities", p + f"/successors/{j}", "locality")
            self.plan.localities[item["slug"]] = (i, spec)

        def parent_of(slug):
            if slug in self.plan.localities:
                return self.plan.localities[slug][1]["parent"]
            obj = self.db.loc.get(slug)
            return self.db.loc_slug_by_id.get(obj.parent_id) if obj else None

        def kind_of(slug):
            if slug in self.plan.localities:
                return self.plan.localities[slug][1]["kind"]
            obj = self.db.loc.get(slug)
            return obj.kind if obj else None

        names: dict = {}
        for slug, (i, spec) in self.plan.localities.items():
            p = pointer("localities", i)
            parent = spec["parent"]
            parent_kind = kind_of(parent) if parent else None
            self.rules(p, locality_parent(spec["kind"], parent_kind,
                                          own_parent=self._cycle(slug, parent_of)))
            # the model's rule (locality_unique_name_in_parent_per_period): a place without a
            # code is told apart by its name in its parent from the day it exists; places with
            # a code by the code and period (checked with the codes)
            if parent and not spec["code"]:
                self.dup(names, (parent, fold(spec["name"]), spec["kind"], spec["valid_from"]),
                         p + "/name", f'{spec["kind"]} named "{spec["name"]}" in "{parent}"')
        for slug, obj in self.db.loc.items():
            if slug not in self.plan.localities and obj.parent_id and not obj.code:
                key = (self.db.loc_slug_by_id[obj.parent_id], obj.name_key, obj.kind,
                       obj.valid_from)
                if key in names:
                    self.err(names[key], f'the database already has this locality as "{slug}"')

    @staticmethod
    def _cycle(start: str, parent_of) -> bool:
        seen = {start}
        node = parent_of(start)
        while node is not None:
            if node in seen:
                return node == start
            seen.add(node)
            node = parent_of(node)
        return False

    # bodies ----------------------------------------------------------------------------

    def check_bodies(self) -> None:
        seen: dict = {}
        self.plan.bodies = {}
        self.file_terms: dict[tuple[str, str], dict] = {}
        for i, item in self.items["bodies"]:
            p = pointer("bodies", i)
            slug = item["slug"]
            if self.dup(seen, slug, p + "/slug", f'body slug "{slug}"'):
                continue
            spec = {
                "name": clean_text(item["name"]),
                "name_en": clean_text(item.get("name_en")),
                "short_name": as_nfc(item.get("short_name")),
                "code": as_nfc(item.get("code")),
                "kind": item["kind"],
                "locality": item["locality"],
                "parent": item.get("parent"),
                "successor": item.get("successor"),
                "valid_from": self.date(item.get("valid_from"), p + "/valid_from"),
                "valid_to": self.date(item.get("valid_to"), p + "/valid_to"),
                "note": as_nfc(item.get("note")),
                "uncertain": self.uncertain(item, "body", p),
                "editorial_note": as_nfc(item.get("editorial_note")),
                "terms": [],
                "given": frozenset(item),
            }
            self.rules(p, valid_period(spec["valid_from"], spec["valid_to"]))
            self.ref(spec["locality"], "localities", p + "/locality", "locality")
            self.rules(p, body_not_its_own(slug, parent=spec["parent"],
                                           successor=spec["successor"]))
            for f in ("parent", "successor"):
                if spec[f] == slug or not self.ref(spec[f], "bodies", p + "/" + f, "body"):
                    spec[f] = None
            term_names: dict = {}
            for j, t in enumerate(item.get("terms", [])):
                tp = p + f"/terms/{j}"
                name = as_nfc(t["name"])
                if self.dup(term_names, name, tp + "/name", f'term "{name}"'):
                    continue
                term = {"name": name, "number": as_int(t.get("number")),
                        "start_year": as_int(t.get("start_year")),
                        "end_year": as_int(t.get("end_year")), "given": frozenset(t)}
                self.rules(tp, term_years(term["start_year"], term["end_year"]))
                spec["terms"].append(term)
                self.file_terms[(slug, name)] = term
            self.plan.bodies[slug] = (i, spec)

        def parent_of(slug):
            if slug in self.plan.bodies:
                return self.plan.bodies[slug][1]["parent"]
            obj = self.db.body.get(slug)
            return self.db.body_slug_by_id.get(obj.parent_id) if obj else None

        self.body_parent_of = parent_of
        names: dict = {}
        for slug, (i, spec) in self.plan.bodies.items():
            p = pointer("bodies", i)
            if self._cycle(slug, parent_of):
                self.err(p + "/parent", "the parent chain loops back to this body")
            self.dup(names, fold(spec["name"]), p + "/name", f'body name "{spec["name"]}"')
        self._db_name_clashes(self.db.body, self.plan.bodies, names, "body")

    def _db_name_clashes(self, db: dict, specs: dict, names: dict, what: str) -> None:
        for slug, obj in db.items():
            if slug not in specs and obj.name_key in names:
                self.err(names[obj.name_key],
                         f'the database already has a {what} with this name ("{slug}")')

    def check_simple(self, name: str, what: str) -> None:
        seen: dict = {}
        names: dict = {}
        specs = {}
        db = {"people": self.db.person, "topics": self.db.topic,
              "indicators": self.db.indicator}[name]
        for i, item in self.items[name]:
            p = pointer(name, i)
            slug = item["slug"]
            if self.dup(seen, slug, p + "/slug", f'{what} slug "{slug}"'):
                continue
            spec = {"name": clean_text(item["name"]), "name_en": clean_text(item.get("name_en")),
                    "given": frozenset(item)}
            for extra in ("note", "description", "editorial_note"):
                if extra in self.schema_fields(name):
                    spec[extra] = as_nfc(item.get(extra))
            if name == "indicators":
                spec["unit"] = item["unit"]
            self.dup(names, fold(spec["name"]), p + "/name", f'{what} name "{spec["name"]}"')
            specs[slug] = (i, spec)
        self._db_name_clashes(db, specs, names, what)
        setattr(self.plan, name, specs)

    @staticmethod
    def schema_fields(collection: str) -> set[str]:
        return {"people": {"note", "editorial_note"}, "topics": {"description"},
                "indicators": {"description"}}[collection]

    def indicator_unit(self, slug: str) -> str | None:
        if slug in self.plan.indicators:
            return self.plan.indicators[slug][1]["unit"]
        obj = self.db.indicator.get(slug)
        return obj.unit if obj else None

    # sources ---------------------------------------------------------------------------

    def check_sources(self) -> None:
        seen: dict = {}
        self.plan.sources = {}
        for i, item in self.items["sources"]:
            p = pointer("sources", i)
            ref = item["reference"]
            if self.dup(seen, ref, p + "/reference", f'source reference "{ref}"'):
                continue
            spec = {
                "kind": item["kind"],
                "publisher": clean_text(item["publisher"]),
                "headline": clean_text(item["headline"]),
                "url": as_nfc(item.get("url")),
                "author": as_nfc(item.get("author")),
                "published_date": self.date(item.get("published_date"), p + "/published_date"),
                "date_note": as_nfc(item.get("date_note")),
                "text": clean_text(item.get("text")),
                "editorial_note": as_nfc(item.get("editorial_note")),
                "given": frozenset(item),
            }
            if spec["url"]:
                try:
                    _url(spec["url"])
                except ValidationError:
                    self.err(p + "/url", f'"{spec["url"]}" is not a valid web address (http:// or https://)')
            self.plan.sources[ref] = (i, spec)

