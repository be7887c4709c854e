"""Import a dataset file in the interchange format (version 1).

The import runs in two phases:

1. **Validate everything** without writing: JSON syntax (line and column), the format's name and
   version, the JSON Schema (``docs/interchange.schema.json``), duplicate keys in the file,
   references to other objects (in the same file or already in the database), and every value
   the models or the database would refuse (percent outside 0–100, a period that ends before it
   starts, a link to itself, an unparseable symbol, a symbol already used…). Every problem is
   collected with its place in the file as a JSON Pointer; if there is any, nothing is written.
2. **Write** inside one ``transaction.atomic()``: each object is matched by its stable key
   (update-or-create). An object already in the database is compared field by field with the
   file and saved through its model's ``save()`` only when something differs, so unchanged
   objects are not touched and importing the same file twice changes nothing the second time.
   New objects are built, prepared by their model's own ``save()`` without the database write
   (:func:`~.bulk.prepare_without_writing`: every derived field -- folded names, paths, parsed
   symbols, search text, stored places), and inserted in bulk with their history rows
   (:class:`~.bulk.Inserter`: ``COPY``, streamed while they are prepared). Links, targets and
   mentions, whose ``save()`` derives nothing beyond the cleaning the validation already did,
   go in as plain rows.

Everything in the database is read once into dictionaries before either phase; the write phase
makes no look-up queries of its own.
"""

from __future__ import annotations

import datetime as dt
import gc
import json
import re
import unicodedata
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from documents.cache import data_changed
from documents.domain.symbols import SymbolError, parse_symbol
from documents.domain.vietnamese import fold
from documents.domain.vocabulary import LOCALITY_LEVEL
from documents.models import (
    Document,
    DocumentLink,
    Event,
    EventParticipant,
    Figure,
    Indicator,
    IssuingBody,
    Locality,
    Person,
    Source,
    SourceMention,
    Target,
    Term,
    Topic,
)
from documents.models.common import clean_text
from documents.models.sources import web_address_validator

from .bulk import Factory, Inserter, prepare_without_writing
from .schema import COLLECTIONS, FORMAT, SUPPORTED_VERSIONS, iter_schema_errors

CHANGE_REASON = "import_dataset"


# --- problems -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    """One error, with its place in the file (a JSON Pointer, or a line and column)."""

    pointer: str
    message: str
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        if self.line is not None:
            return f"line {self.line}, column {self.column}: {self.message}"
        return f"{self.pointer or '/'}: {self.message}"


class DatasetError(Exception):
    """The file has errors; nothing was written."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def pointer(*parts) -> str:
    """``pointer("documents", 3, "issuing_body")`` -> ``/documents/3/issuing_body``."""
    if len(parts) == 2 and parts[0] in COLLECTIONS and type(parts[1]) is int:
        return f"/{parts[0]}/{parts[1]}"  # an item of a collection (the common case)
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in parts)


# --- report ---------------------------------------------------------------------------------

REPORT_ORDER = (*COLLECTIONS[:2], "terms", *COLLECTIONS[2:7], "targets", "mentions",
                *COLLECTIONS[7:])


@dataclass
class ImportReport:
    counts: dict[str, dict[str, int]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(int))
    )
    by_reference: list[str] = field(default_factory=list)

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
            out.append(f"{name}: " + ", ".join(parts))
        if self.by_reference:
            out.append(
                f"by-reference documents created: {len(self.by_reference)} "
                f"({', '.join(self.by_reference)})"
            )
        return out


# --- reading ---------------------------------------------------------------------------------


@contextmanager
def collector_paused():
    """Python's cyclic garbage collector paused for the block. A large file means millions of
    long-lived objects (the parsed file, then the specs and the prepared objects), which each
    of the collector's full passes would traverse again -- seconds each, a dozen times over
    100.000 documents -- while reading and importing a file leaves no garbage cycles that
    matter before the end (they are collected after it)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


#: Deeper than any file of the format (a document's target is four levels down): where a file
#: too deep for the JSON parser is reported.
MAX_DEPTH = 32
_SURROGATES = re.compile("[\ud800-\udfff]")


def _too_deep(text: str, limit: int = MAX_DEPTH) -> tuple[int, int] | None:
    """Line and column of the first ``[`` or ``{`` nested more than *limit* levels deep."""
    depth = 0
    in_string = escaped = False
    for offset, char in enumerate(text):
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            if depth > limit:
                line = text.count("\n", 0, offset) + 1
                return line, offset - text.rfind("\n", 0, offset)
        elif char in "]}":
            depth -= 1
    return None


def text_problems(data: object) -> list[Problem]:
    """Strings (values and field names) that no database column can hold, with their place:
    a NUL character (PostgreSQL refuses it in any text) or a lone surrogate (half of a
    UTF-16 pair, written ``\\ud800`` in JSON: not a character, it cannot be encoded).
    Walked without recursion."""
    problems = []

    def bad(text: str) -> str | None:
        if "\x00" in text:
            return "a NUL character (U+0000), which the database cannot store"
        surrogate = _SURROGATES.search(text)
        if surrogate:
            return (f"a lone surrogate (U+{ord(surrogate.group()):04X}), which is not a "
                    "character")
        return None

    stack: list[tuple[tuple, object]] = [((), data)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, str):
            reason = bad(value)
            if reason:
                problems.append(Problem(pointer(*path), f"the text holds {reason}"))
        elif isinstance(value, dict):
            for key, item in value.items():
                reason = bad(key)
                if reason:
                    problems.append(Problem(pointer(*path),
                                            f"the field name {json.dumps(key)} holds {reason}"))
                else:
                    stack.append(((*path, key), item))
        elif isinstance(value, list):
            stack.extend(((*path, i), item) for i, item in enumerate(value))
    return sorted(problems, key=lambda p: p.pointer)


def parse_text(raw: bytes | str) -> object:
    """Parse the file's JSON; a syntax error becomes a :class:`DatasetError` with line/column,
    as does nesting too deep for the parser (reported where it passes :data:`MAX_DEPTH`), and
    text no database column can hold (:func:`text_problems`: NUL, lone surrogates)."""
    if isinstance(raw, bytes):
        try:
            raw = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise DatasetError(
                [Problem("", f"the file is not UTF-8 (byte {exc.start}: {exc.reason})")]
            ) from exc
    try:
        with collector_paused():
            data = json.loads(raw)
    except RecursionError:  # nested deeper than the parser goes: find where (rare, slow)
        line, column = _too_deep(raw) or (1, 1)
        raise DatasetError([Problem("", f"invalid JSON: nested more than {MAX_DEPTH} levels "
                                        "deep", line=line, column=column)]) from None
    except json.JSONDecodeError as exc:
        raise DatasetError(
            [Problem("", f"invalid JSON: {exc.msg}", line=exc.lineno, column=exc.colno)]
        ) from exc
    # Raw NUL and lone surrogates cannot be in the text (JSON and UTF-8 refuse them); only
    # their escapes can. Searching the text for those is fast; the walk runs only if found.
    if "\\u0000" in raw or "\\ud" in raw or "\\uD" in raw:
        problems = text_problems(data)
        if problems:
            raise DatasetError(problems)
    return data


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


# --- the importer ------------------------------------------------------------------------------


def _int(value) -> int | None:
    """JSON Schema counts 2020.0 as an integer: store it as 2020."""
    return None if value is None else int(value)


def _nfc(value: str | None) -> str:
    return unicodedata.normalize("NFC", value or "")


_url = web_address_validator
_SOURCE_PK_RE = re.compile(r"^source-(\d+)$")


class Importer:
    def __init__(self, data: object, *, create_missing_as_reference: bool = False):
        self.data = data
        self.create_missing = create_missing_as_reference
        self.problems: list[Problem] = []
        self.report = ImportReport()
        self._same_code: dict[tuple[str, str], bool] = {}

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

    def unit_value(self, value: Decimal | None, unit: str, ptr: str) -> None:
        if value is None:
            return
        if unit == "percent" and not (0 <= value <= 100):
            self.err(ptr, f"percent value {value} is outside 0–100")
        elif unit != "percent" and value < 0:
            self.err(ptr, f"value {value} must not be negative")
        elif unit == "people" and value != value.to_integral_value():
            self.err(ptr, f"a number of people must be a whole number, got {value}")

    def period(self, start, end, ptr_end: str, what: str) -> None:
        if start is not None and end is not None and end < start:
            self.err(ptr_end, f"{what} ends ({end}) before it starts ({start})")

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

    # ---- phase 0: load the database once ------------------------------------------------------

    def load_database(self) -> None:
        self.db_loc = {o.slug: o for o in Locality.objects.all()}
        self.db_body = {o.slug: o for o in IssuingBody.objects.all()}
        self.db_person = {o.slug: o for o in Person.objects.all()}
        self.db_topic = {o.slug: o for o in Topic.objects.all()}
        self.db_indicator = {o.slug: o for o in Indicator.objects.all()}
        self.db_doc = {o.slug: o for o in Document.objects.order_by().iterator(chunk_size=5000)}
        sources = list(Source.objects.all())
        self.db_source = {o.reference: o for o in sources if o.reference}
        self.db_source_blank = {o.pk: o for o in sources if not o.reference}
        self.db_term = {(t.body_id, t.name): t for t in Term.objects.all()}
        # id -> key maps, for checks that involve database objects not in the file
        self.loc_slug_by_id = {o.pk: s for s, o in self.db_loc.items()}
        self.body_slug_by_id = {o.pk: s for s, o in self.db_body.items()}
        self.db_by_collection = {
            "localities": self.db_loc, "bodies": self.db_body, "people": self.db_person,
            "topics": self.db_topic, "indicators": self.db_indicator, "documents": self.db_doc,
        }
        self.term_key_by_id = {
            t.pk: (self.body_slug_by_id[t.body_id], t.name) for t in self.db_term.values()
        }

    def load_database_relations(self) -> None:
        """What the write phase compares against (read once, not per object)."""
        self.db_loc_successors = defaultdict(set)
        for a, b in Locality.successors.through.objects.values_list(
            "from_locality_id", "to_locality_id"
        ):
            self.db_loc_successors[a].add(b)
        self.db_doc_topics = defaultdict(set)
        for d, t in Document.topics.through.objects.values_list("document_id", "topic_id"):
            self.db_doc_topics[d].add(t)
        self.db_targets = defaultdict(list)
        for t in Target.objects.order_by("document_id", "position", "id"):
            self.db_targets[t.document_id].append(t)
        self.db_mentions = defaultdict(dict)
        for m in SourceMention.objects.all():
            self.db_mentions[m.document_id][m.source_id] = m
        self.db_links = {
            (k.from_document_id, k.to_document_id, k.kind): k for k in DocumentLink.objects.all()
        }
        self.db_figures = {}
        for f in Figure.objects.order_by("id"):
            self.db_figures.setdefault(self.figure_identity_db(f), f)
        self.db_events = {}
        for e in Event.objects.order_by("id"):
            self.db_events.setdefault((e.source_id, e.date, e.title), e)
        self.db_event_docs = defaultdict(set)
        for e, d in Event.documents.through.objects.values_list("event_id", "document_id"):
            self.db_event_docs[e].add(d)
        self.db_participants = defaultdict(dict)
        for p in EventParticipant.objects.all():
            self.db_participants[p.event_id][(p.person_id, p.role)] = p

    @staticmethod
    def figure_identity_db(f: Figure) -> tuple:
        return (f.indicator_id, f.locality_id, f.as_of, f.as_of_year, f.applies_to,
                f.source_id, f.document_id)

    # ---- phase 1: validation ---------------------------------------------------------------

    def validate(self) -> list[Problem]:
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
        self.load_database()
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
        db = self.db_by_collection.get(collection)
        if value in self.file_keys[collection]:
            return True
        if collection == "sources":
            if self.match_source_db(value, None) is not None:
                return True
        elif value in db:
            return True
        self.err(ptr, f'unknown {what} "{value}"')
        return False

    def match_source_db(self, key: str, headline: str | None) -> Source | None:
        """A database source for a key: same reference, or ``source-<pk>`` of a source
        without reference (as the exporter writes it; the headline must agree if given)."""
        if key in self.db_source:
            return self.db_source[key]
        m = _SOURCE_PK_RE.match(key)
        if m:
            src = self.db_source_blank.get(int(m.group(1)))
            if src is not None and (headline is None or src.headline == headline):
                return src
        return None

    # localities ----------------------------------------------------------------------

    def check_localities(self) -> None:
        seen: dict = {}
        self.spec_loc = {}
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
                "successors": item.get("successors", []),
                "note": _nfc(item.get("note")),
            }
            self.period(spec["valid_from"], spec["valid_to"], p + "/valid_to", "the period")
            if spec["parent"] == item["slug"]:
                self.err(p + "/parent", "a locality cannot belong to itself")
                spec["parent"] = None
            elif not self.ref(spec["parent"], "localities", p + "/parent", "locality"):
                spec["parent"] = None
            for j, s in enumerate(spec["successors"]):
                self.ref(s, "localities", p + f"/successors/{j}", "locality")
            self.spec_loc[item["slug"]] = (i, spec)

        def parent_of(slug):
            if slug in self.spec_loc:
                return self.spec_loc[slug][1]["parent"]
            obj = self.db_loc.get(slug)
            return self.loc_slug_by_id.get(obj.parent_id) if obj else None

        def kind_of(slug):
            if slug in self.spec_loc:
                return self.spec_loc[slug][1]["kind"]
            obj = self.db_loc.get(slug)
            return obj.kind if obj else None

        names: dict = {}
        for slug, (i, spec) in self.spec_loc.items():
            p = pointer("localities", i)
            parent = spec["parent"]
            parent_kind = kind_of(parent) if parent else None
            if parent_kind and LOCALITY_LEVEL[spec["kind"]] <= LOCALITY_LEVEL[parent_kind]:
                self.err(p + "/parent", f'locality "{parent}" is not at a higher level '
                                        f'than a {spec["kind"]}')
            if self._cycle(slug, parent_of):
                self.err(p + "/parent", "the parent chain loops back to this locality")
            if parent:
                self.dup(names, (parent, fold(spec["name"]), spec["kind"]), p + "/name",
                         f'{spec["kind"]} named "{spec["name"]}" in "{parent}"')
        for slug, obj in self.db_loc.items():
            if slug not in self.spec_loc and obj.parent_id:
                key = (self.loc_slug_by_id[obj.parent_id], obj.name_key, obj.kind)
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
        self.spec_body = {}
        self.file_terms: dict[tuple[str, str], dict] = {}
        for i, item in self.items["bodies"]:
            p = pointer("bodies", i)
            slug = item["slug"]
            if self.dup(seen, slug, p + "/slug", f'body slug "{slug}"'):
                continue
            spec = {
                "name": clean_text(item["name"]),
                "name_en": clean_text(item.get("name_en")),
                "short_name": _nfc(item.get("short_name")),
                "code": _nfc(item.get("code")),
                "kind": item["kind"],
                "locality": item["locality"],
                "parent": item.get("parent"),
                "successor": item.get("successor"),
                "valid_from": self.date(item.get("valid_from"), p + "/valid_from"),
                "valid_to": self.date(item.get("valid_to"), p + "/valid_to"),
                "note": _nfc(item.get("note")),
                "terms": [],
            }
            self.period(spec["valid_from"], spec["valid_to"], p + "/valid_to", "the period")
            self.ref(spec["locality"], "localities", p + "/locality", "locality")
            for f, what in (("parent", "a body cannot be its own parent"),
                            ("successor", "a body cannot be its own successor")):
                if spec[f] == slug:
                    self.err(p + "/" + f, what)
                    spec[f] = None
                elif not self.ref(spec[f], "bodies", p + "/" + f, "body"):
                    spec[f] = None
            term_names: dict = {}
            for j, t in enumerate(item.get("terms", [])):
                tp = p + f"/terms/{j}"
                name = _nfc(t["name"])
                if self.dup(term_names, name, tp + "/name", f'term "{name}"'):
                    continue
                term = {"name": name, "number": _int(t.get("number")),
                        "start_year": _int(t["start_year"]), "end_year": _int(t.get("end_year"))}
                self.period(term["start_year"], term["end_year"], tp + "/end_year", "the term")
                spec["terms"].append(term)
                self.file_terms[(slug, name)] = term
            self.spec_body[slug] = (i, spec)

        def parent_of(slug):
            if slug in self.spec_body:
                return self.spec_body[slug][1]["parent"]
            obj = self.db_body.get(slug)
            return self.body_slug_by_id.get(obj.parent_id) if obj else None

        self.body_parent_of = parent_of
        names: dict = {}
        for slug, (i, spec) in self.spec_body.items():
            p = pointer("bodies", i)
            if self._cycle(slug, parent_of):
                self.err(p + "/parent", "the parent chain loops back to this body")
            self.dup(names, fold(spec["name"]), p + "/name", f'body name "{spec["name"]}"')
        self._db_name_clashes(self.db_body, self.spec_body, names, "body")

    def _db_name_clashes(self, db: dict, specs: dict, names: dict, what: str) -> None:
        for slug, obj in db.items():
            if slug not in specs and obj.name_key in names:
                self.err(names[obj.name_key],
                         f'the database already has a {what} with this name ("{slug}")')

    def check_simple(self, name: str, what: str) -> None:
        seen: dict = {}
        names: dict = {}
        specs = {}
        db = {"people": self.db_person, "topics": self.db_topic,
              "indicators": self.db_indicator}[name]
        for i, item in self.items[name]:
            p = pointer(name, i)
            slug = item["slug"]
            if self.dup(seen, slug, p + "/slug", f'{what} slug "{slug}"'):
                continue
            spec = {"name": clean_text(item["name"]), "name_en": clean_text(item.get("name_en"))}
            for extra in ("note", "description"):
                if extra in self.schema_fields(name):
                    spec[extra] = _nfc(item.get(extra))
            if name == "indicators":
                spec["unit"] = item["unit"]
            self.dup(names, fold(spec["name"]), p + "/name", f'{what} name "{spec["name"]}"')
            specs[slug] = (i, spec)
        self._db_name_clashes(db, specs, names, what)
        setattr(self, f"spec_{name}", specs)

    @staticmethod
    def schema_fields(collection: str) -> set[str]:
        return {"people": {"note"}, "topics": {"description"},
                "indicators": {"description"}}[collection]

    def indicator_unit(self, slug: str) -> str | None:
        if slug in self.spec_indicators:
            return self.spec_indicators[slug][1]["unit"]
        obj = self.db_indicator.get(slug)
        return obj.unit if obj else None

    # sources ---------------------------------------------------------------------------

    def check_sources(self) -> None:
        seen: dict = {}
        self.spec_source = {}
        for i, item in self.items["sources"]:
            p = pointer("sources", i)
            ref = item["reference"]
            if self.dup(seen, ref, p + "/reference", f'source reference "{ref}"'):
                continue
            spec = {
                "kind": item["kind"],
                "publisher": clean_text(item["publisher"]),
                "headline": clean_text(item["headline"]),
                "url": _nfc(item.get("url")),
                "author": _nfc(item.get("author")),
                "published_date": self.date(item.get("published_date"), p + "/published_date"),
                "date_note": _nfc(item.get("date_note")),
                "text": clean_text(item.get("text")),
            }
            if spec["url"]:
                try:
                    _url(spec["url"])
                except ValidationError:
                    self.err(p + "/url", f'"{spec["url"]}" is not a valid web address (http:// or https://)')
            self.spec_source[ref] = (i, spec)

    # documents -------------------------------------------------------------------------

    def term_exists(self, body: str, name: str) -> bool:
        if (body, name) in self.file_terms:
            return True
        obj = self.db_body.get(body)
        return obj is not None and (obj.pk, name) in self.db_term

    def body_code(self, slug: str) -> str:
        if slug in self.spec_body:
            return self.spec_body[slug][1]["code"]
        obj = self.db_body.get(slug)
        return obj.code if obj else ""

    def same_code(self, code: str, issuer_code: str) -> bool:
        """Does a body's code match the issuer code of a symbol (after folding)?"""
        key = (code, issuer_code)
        same = self._same_code.get(key)
        if same is None:
            same = self._same_code[key] = fold(code) == fold(issuer_code)
        return same

    def body_locality(self, slug: str | None) -> str | None:
        if slug is None:
            return None
        if slug in self.spec_body:
            return self.spec_body[slug][1]["locality"]
        obj = self.db_body.get(slug)
        return self.loc_slug_by_id.get(obj.locality_id) if obj else None

    def check_documents(self) -> None:
        seen: dict = {}
        self.spec_doc = {}
        symbols: dict = {}
        for i, item in self.items["documents"]:
            p = pointer("documents", i)
            slug = item["slug"]
            if self.dup(seen, slug, p + "/slug", 'document slug "{}"', slug):
                continue
            spec = {
                "doc_type": item["doc_type"],
                "title": clean_text(item["title"]),
                "summary": clean_text(item.get("summary")),
                "issuing_body": item.get("issuing_body"),
                "term": item.get("term"),
                "locality": item.get("locality"),
                "signer": item.get("signer"),
                "signer_title": clean_text(item.get("signer_title")),
                "issued_date": self.date(item.get("issued_date"), p + "/issued_date"),
                "issued_year": _int(item.get("issued_year")),
                "date_note": _nfc(item.get("date_note")),
                "effective_from": self.date(item.get("effective_from"), p + "/effective_from"),
                "effective_to": self.date(item.get("effective_to"), p + "/effective_to"),
                "period_start": _int(item.get("period_start")),
                "period_end": _int(item.get("period_end")),
                "status": item.get("status", "unknown"),
                "known_by_reference": item.get("known_by_reference", False),
                "topics": item.get("topics", []),
            }
            if not spec["title"]:
                self.err(p + "/title", "must not be empty")
            # symbol: canonical form and what the source wrote, as Document.save() stores them
            symbol, written = clean_text(item.get("symbol")), clean_text(
                item.get("symbol_as_written")
            )
            raw = symbol or written
            spec["symbol"], spec["symbol_as_written"], spec["symbol_key"] = "", written, ""
            if raw:
                where = p + ("/symbol" if symbol else "/symbol_as_written")
                try:
                    parsed = parse_symbol(raw)
                except SymbolError:
                    self.err(where, f'"{raw}" is not a document symbol this catalogue can read '
                                    "(e.g. 188-KH/TU, 29/2023/NĐ-CP, 1234/QĐ-UBND)")
                    parsed = None
                if parsed is not None:
                    spec["symbol"] = parsed.canonical
                    spec["symbol_as_written"] = written or raw
                    spec["symbol_key"] = parsed.lookup_key
                    if parsed.document_types and spec["doc_type"] not in parsed.document_types:
                        self.err(p + "/doc_type",
                                 f'type code "{parsed.type_code}" of "{parsed.canonical}" does '
                                 f'not fit document type "{spec["doc_type"]}" (expected '
                                 f'{" or ".join(parsed.document_types)})')
                    body = spec["issuing_body"]
                    code = self.body_code(body) if body else ""
                    if code and not self.same_code(code, parsed.issuer_code):
                        self.err(p + "/issuing_body",
                                 f'issuer code "{parsed.issuer_code}" of "{parsed.canonical}" '
                                 f'does not match code "{code}" of body "{body}"')
            if spec["issued_date"] is not None:
                year = spec["issued_date"].year
                if spec["issued_year"] not in (None, year):
                    self.err(p + "/issued_year",
                             f"{spec['issued_year']} does not match issued_date ({year})")
                spec["issued_year"] = year
            self.period(spec["effective_from"], spec["effective_to"], p + "/effective_to",
                        "the effective period")
            self.period(spec["period_start"], spec["period_end"], p + "/period_end",
                        "the covered period")
            # references
            if not self.ref(spec["issuing_body"], "bodies", p + "/issuing_body", "body"):
                spec["issuing_body"] = None
            self.ref(spec["locality"], "localities", p + "/locality", "locality")
            self.ref(spec["signer"], "people", p + "/signer", "person")
            for j, t in enumerate(spec["topics"]):
                self.ref(t, "topics", p + f"/topics/{j}", "topic")
            term = spec["term"]
            if term is not None:
                tb, tn = term["body"], _nfc(term["name"])
                spec["term"] = (tb, tn)
                if not self.term_exists(tb, tn):
                    self.err(p + "/term", f'unknown term "{tn}" of body "{tb}"')
                elif spec["issuing_body"] and tb not in (
                    spec["issuing_body"], self.body_parent_of(spec["issuing_body"])
                ):
                    self.err(p + "/term", f'term "{tn}" belongs to "{tb}", not to the issuing '
                                          f'body "{spec["issuing_body"]}" or its parent')
            if spec["locality"] is None:
                spec["locality"] = self.body_locality(spec["issuing_body"])
            # one symbol per body and term (Party) or per body and year (State)
            if spec["symbol_key"] and spec["issuing_body"]:
                key = (spec["issuing_body"], spec["symbol_key"],
                       ("term", spec["term"]) if spec["term"] else ("year", spec["issued_year"]))
                if key[2][1] is not None:
                    self.dup(symbols, key, p + "/symbol",
                             'symbol "{}" for this body and {}', spec["symbol"],
                             "term" if spec["term"] else "year")
            spec["targets"] = self.check_targets(item.get("targets", []), p, spec)
            spec["mentions"] = self.check_mentions(item.get("mentions", []), p)
            self.spec_doc[slug] = (i, spec)
        for slug, obj in self.db_doc.items():
            if slug in self.spec_doc or not obj.symbol_key or not obj.issuing_body_id:
                continue
            body = self.body_slug_by_id[obj.issuing_body_id]
            if obj.term_id:
                key = (body, obj.symbol_key, ("term", self.term_key_by_id[obj.term_id]))
            else:
                key = (body, obj.symbol_key, ("year", obj.issued_year))
            if key in symbols:
                self.err(symbols[key], f'the database already has document "{slug}" with this '
                                       "symbol, body and term/year")

    def check_targets(self, items: list, p: str, doc: dict) -> list[dict]:
        specs = []
        for j, t in enumerate(items):
            tp = p + f"/targets/{j}"
            indicator_unit = self.indicator_unit(t["indicator"])
            spec = {
                "indicator": t["indicator"],
                "applies_to": clean_text(t.get("applies_to")),
                "locality": t.get("locality") or doc["locality"],
                "comparator": t.get("comparator", "at_least"),
                "value": self.dec(t["value"]),
                "unit": t.get("unit") or indicator_unit,
                "deadline_year": _int(t.get("deadline_year")),
                "deadline": self.date(t.get("deadline"), tp + "/deadline"),
                "baseline_value": self.dec(t.get("baseline_value")),
                "baseline_date": self.date(t.get("baseline_date"), tp + "/baseline_date"),
                "baseline_source": t.get("baseline_source"),
                "source": t.get("source"),
                "quote": clean_text(t.get("quote")),
                "note": _nfc(t.get("note")),
                "position": _int(t.get("position", 0)),
            }
            self.ref(spec["indicator"], "indicators", tp + "/indicator", "indicator")
            self.ref(t.get("locality"), "localities", tp + "/locality", "locality")
            self.ref(spec["source"], "sources", tp + "/source", "source")
            self.ref(spec["baseline_source"], "sources", tp + "/baseline_source", "source")
            if indicator_unit and spec["unit"] != indicator_unit:
                self.err(tp + "/unit", f'unit "{spec["unit"]}" differs from the unit '
                                       f'"{indicator_unit}" of indicator "{spec["indicator"]}"')
            if spec["unit"]:
                self.unit_value(spec["value"], spec["unit"], tp + "/value")
                self.unit_value(spec["baseline_value"], spec["unit"], tp + "/baseline_value")
            if spec["deadline"] is not None:
                if spec["deadline_year"] not in (None, spec["deadline"].year):
                    self.err(tp + "/deadline_year",
                             f"{spec['deadline_year']} does not match the deadline "
                             f"({spec['deadline'].year})")
                spec["deadline_year"] = spec["deadline"].year
            specs.append(spec)
        return specs

    def check_mentions(self, items: list, p: str) -> list[dict]:
        specs, seen = [], {}
        for j, m in enumerate(items):
            mp = p + f"/mentions/{j}"
            if self.dup(seen, m["source"], mp + "/source", 'mention of source "{}"',
                        m["source"]):
                continue
            self.ref(m["source"], "sources", mp + "/source", "source")
            specs.append({"source": m["source"], "quote": clean_text(m.get("quote")),
                          "note": _nfc(m.get("note"))})
        return specs

    # links -----------------------------------------------------------------------------

    def check_links(self) -> None:
        seen: dict = {}
        self.spec_link = []
        self.by_reference: dict[str, dict] = {}
        for i, item in self.items["links"]:
            p = pointer("links", i)
            frm, to, kind = item["from"], item["to"], item["kind"]
            if frm == to:
                self.err(p + "/to", f'a document cannot link to itself ("{frm}")')
                continue
            if self.dup(seen, (frm, kind, to), p, 'link "{}" {} "{}"', frm, kind, to):
                continue
            self.ref(frm, "documents", p + "/from", "document")
            self.ref(item.get("source"), "sources", p + "/source", "source")
            if to not in self.file_keys["documents"] and to not in self.db_doc:
                if not self.create_missing:
                    self.err(p + "/to", f'unknown document "{to}" (neither in the file nor in '
                                        "the database; --create-missing-as-reference creates "
                                        "it as a by-reference document)")
                elif to not in self.by_reference:
                    self.by_reference[to] = self.by_reference_spec(item, p)
            self.spec_link.append({
                "from": frm, "to": to, "kind": kind, "source": item.get("source"),
                "quote": clean_text(item.get("quote")),
                "inferred": item.get("inferred", False),
                "note": clean_text(item.get("note")),
            })

    def by_reference_spec(self, item: dict, p: str) -> dict:
        symbol = clean_text(item.get("to_symbol"))
        doc_type = item.get("to_type") or "khac"
        if symbol:
            try:
                parsed = parse_symbol(symbol)
            except SymbolError:
                self.err(p + "/to_symbol", f'"{symbol}" is not a document symbol this '
                                           "catalogue can read")
            else:
                symbol = parsed.canonical
                if not item.get("to_type") and parsed.document_types:
                    doc_type = parsed.document_types[0]  # the symbol's type code says it
                elif parsed.document_types and doc_type not in parsed.document_types:
                    self.err(p + "/to_type", f'type code "{parsed.type_code}" of "{symbol}" '
                                             f'does not fit document type "{doc_type}"')
        title = clean_text(item.get("to_title")) or symbol or item["to"]
        return {"symbol": symbol, "doc_type": doc_type, "title": title}

    # figures ---------------------------------------------------------------------------

    def check_figures(self) -> None:
        seen: dict = {}
        self.spec_figure = []
        for i, item in self.items["figures"]:
            p = pointer("figures", i)
            unit = item.get("unit") or self.indicator_unit(item["indicator"])
            spec = {
                "indicator": item["indicator"],
                "locality": item["locality"],
                "as_of": self.date(item.get("as_of"), p + "/as_of"),
                "as_of_year": _int(item.get("as_of_year")),
                "value": self.dec(item["value"]),
                "total": self.dec(item.get("total")),
                "unit": unit,
                "applies_to": _nfc(item.get("applies_to")),
                "source": item.get("source"),
                "document": item.get("document"),
                "quote": clean_text(item.get("quote")),
                "note": _nfc(item.get("note")),
            }
            self.ref(spec["indicator"], "indicators", p + "/indicator", "indicator")
            self.ref(spec["locality"], "localities", p + "/locality", "locality")
            self.ref(spec["source"], "sources", p + "/source", "source")
            self.ref(spec["document"], "documents", p + "/document", "document")
            if unit:
                self.unit_value(spec["value"], unit, p + "/value")
            if spec["total"] is not None and spec["total"] < spec["value"]:
                self.err(p + "/total", f"total {spec['total']} is below the value "
                                       f"{spec['value']}")
            if spec["as_of"] is not None:
                if spec["as_of_year"] not in (None, spec["as_of"].year):
                    self.err(p + "/as_of_year", f"{spec['as_of_year']} does not match as_of "
                                                f"({spec['as_of'].year})")
                spec["as_of_year"] = spec["as_of"].year
            identity = (spec["indicator"], spec["locality"], spec["as_of"], spec["as_of_year"],
                        spec["applies_to"], spec["source"], spec["document"])
            if self.dup(seen, identity, p, "figure (same indicator, locality, date, "
                                            "applies_to, source and document)"):
                continue
            self.spec_figure.append(spec)

    # events ----------------------------------------------------------------------------

    def check_events(self) -> None:
        seen: dict = {}
        self.spec_event = []
        for i, item in self.items["events"]:
            p = pointer("events", i)
            spec = {
                "source": item["source"],
                "kind": item["kind"],
                "title": _nfc(item["title"]),
                "date": self.date(item.get("date"), p + "/date"),
                "date_note": _nfc(item.get("date_note")),
                "locality": item.get("locality"),
                "organiser": item.get("organiser"),
                "summary": _nfc(item.get("summary")),
                "documents": item.get("documents", []),
                "participants": [],
            }
            if self.dup(seen, (spec["source"], spec["date"], spec["title"]), p,
                        f'event "{spec["title"]}" (same source and date)'):
                continue
            self.ref(spec["source"], "sources", p + "/source", "source")
            self.ref(spec["locality"], "localities", p + "/locality", "locality")
            self.ref(spec["organiser"], "bodies", p + "/organiser", "body")
            for j, d in enumerate(spec["documents"]):
                self.ref(d, "documents", p + f"/documents/{j}", "document")
            roles: dict = {}
            for j, part in enumerate(item.get("participants", [])):
                pp = p + f"/participants/{j}"
                if self.dup(roles, (part["person"], part["role"]), pp,
                            f'participant "{part["person"]}" as {part["role"]}'):
                    continue
                self.ref(part["person"], "people", pp + "/person", "person")
                spec["participants"].append(
                    {"person": part["person"], "role": part["role"],
                     "title": _nfc(part.get("title"))}
                )
            self.spec_event.append(spec)

    # ---- phase 2: writing ---------------------------------------------------------------
    #
    # Objects already in the database are compared field by field and saved through their
    # model's save() only when something differs. New objects are built, prepared by their
    # model's own save() without the database write (every derived field), and inserted in
    # bulk with their history rows (bulk.Inserter: COPY).

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
        self.load_database_relations()
        self.loc = dict(self.db_loc)
        self.body = dict(self.db_body)
        self.person = dict(self.db_person)
        self.topic = dict(self.db_topic)
        self.indicator = dict(self.db_indicator)
        self.doc = dict(self.db_doc)
        self.term = dict(self.db_term)
        self.source: dict[str, Source] = {}
        self.write_localities()
        self.write_bodies()
        self.write_simple("people", Person, self.person)
        self.write_simple("topics", Topic, self.topic)
        self.write_simple("indicators", Indicator, self.indicator)
        self.write_sources()
        self.write_documents()
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
            self.source[key] = self.match_source_db(key, None)
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

    LOCALITY_FIELDS = ("name", "name_en", "kind", "valid_from", "valid_to", "note")

    def write_localities(self) -> None:
        """Parents first. New localities get their ids up front, so each one's path is known
        (to those below it, new or moved there) before any is written; they are inserted
        together once the changed ones are saved."""
        order = self._topological(self.spec_loc)
        new_ids = iter(self.ins.reserve_ids(Locality, sum(s not in self.loc for s in order)))
        created = []
        for slug in order:
            spec = self.spec_loc[slug][1]
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
        for slug, (_i, spec) in self.spec_loc.items():
            obj = self.loc[slug]
            wanted = {self.loc[s].pk for s in spec["successors"]}
            if slug not in self.db_loc:
                rows += [(obj.pk, s) for s in sorted(wanted)]
            elif wanted != self.db_loc_successors.get(obj.pk, set()):
                obj.successors.set(wanted)
                self._mark(False, True, "localities", slug, already=True)
        self.ins.insert_rows(Locality.successors.through, ("from_locality_id", "to_locality_id"),
                             rows)
        self.count_marks("localities")

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
                   "note")

    def write_bodies(self) -> None:
        """Parents first. New bodies get their ids up front (a successor may come later in
        the file); the changed ones are saved first (a renamed body frees its name), then the
        new ones are inserted."""
        order = self._topological(self.spec_body)
        new = [slug for slug in order if slug not in self.body]
        new_ids = dict(zip(new, self.ins.reserve_ids(IssuingBody, len(new)), strict=True))
        created, existing, later = [], [], []
        for slug in order:
            spec = self.spec_body[slug][1]
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
            obj.successor = self.body[self.spec_body[slug][1]["successor"]]
            obj._change_reason = CHANGE_REASON
            obj.save()
            self._mark(False, True, "bodies", slug, already=True)
        self.count_marks("bodies")
        # terms: created or updated by (body, name); terms not in the file are kept
        new_terms = []
        for slug, (_i, spec) in self.spec_body.items():
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
        for slug, (_i, spec) in getattr(self, f"spec_{collection}").items():
            obj = store.get(slug)
            if obj is None:
                obj = self._new(model, {"slug": slug, **spec})
                new.append(obj)
                self._outcome(collection, True, True)
            else:
                self._outcome(collection, False, self._sync(obj, spec))
            store[slug] = obj
        self.ins.insert(model, new)

    def write_sources(self) -> None:
        new = []
        for ref, (_i, spec) in self.spec_source.items():
            obj = self.match_source_db(ref, spec["headline"])
            if obj is None:
                obj = self._new(Source, {"reference": ref, **spec})
                new.append(obj)
                self._outcome("sources", True, True)
            else:
                self._outcome("sources", False, self._sync(obj, spec))
            self.source[ref] = obj
        self.ins.insert(Source, new)

    DOC_FIELDS = ("symbol", "symbol_as_written", "doc_type", "title", "summary", "signer_title",
                  "issued_date", "issued_year", "date_note", "effective_from", "effective_to",
                  "period_start", "period_end", "status", "known_by_reference")

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
        parts = {"topics": [], Target: [], SourceMention: []}  # rows, (values, related)
        new = []
        for slug, (_i, spec) in self.spec_doc.items():
            obj = self.doc.get(slug)
            if obj is None:
                new.append(slug)
                continue
            saved = self._sync(obj, *self._document_values(spec))
            saved = self.write_parts(obj, spec, False, parts) or saved
            self._outcome("documents", False, saved)
        with self.ins.stream(Document, len(new)) as add:
            for slug in new:
                spec = self.spec_doc[slug][1]
                values, related = self._document_values(spec)
                values["slug"] = slug
                obj = self._new(Document, values, related)
                add(obj)
                self.doc[slug] = obj
                self._outcome("documents", True, True)
                self.write_parts(obj, spec, True, parts)  # its id is reserved already
        self.ins.insert_rows(Document.topics.through, ("document_id", "topic_id"),
                             parts["topics"])
        for model in (Target, SourceMention):
            with self.ins.stream_values(model, len(parts[model])) as add:
                for values, related in parts[model]:
                    add(values, related)

    def write_parts(self, doc: Document, spec: dict, created: bool, parts: dict) -> bool:
        """A document's topics, targets and mentions: the changes to those of a document in
        the database are written, the new ones gathered in *parts*. True if its topics
        changed."""
        wanted = {self.topic[t].pk for t in spec["topics"]}
        current = set() if created else self.db_doc_topics.get(doc.pk, set())
        if wanted != current:
            if current:
                Document.topics.through.objects.filter(document_id=doc.pk).delete()
            parts["topics"] += [(doc.pk, t) for t in sorted(wanted)]
        self.write_targets(doc, spec["targets"], created, parts[Target])
        self.write_mentions(doc, spec["mentions"], created, parts[SourceMention])
        return wanted != current

    TARGET_FIELDS = ("applies_to", "comparator", "value", "unit", "deadline_year", "deadline",
                     "baseline_value", "baseline_date", "quote", "note", "position")

    def write_targets(self, doc: Document, specs: list[dict], created: bool,
                      bulk: list) -> None:
        current = [] if created else self.db_targets.get(doc.pk, [])
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
        current = {} if created else dict(self.db_mentions.get(doc.pk, {}))
        for spec in specs:
            source = self.src(spec["source"])
            values = {"quote": spec["quote"], "note": spec["note"]}
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

    def write_links(self) -> None:
        for slug, spec in self.by_reference.items():
            doc = Document(slug=slug, known_by_reference=True, **spec)
            doc._change_reason = CHANGE_REASON
            doc.save()
            self.doc[slug] = doc
            self.report.add("documents", "created")
            self.report.by_reference.append(slug)
        new = []
        for spec in self.spec_link:
            frm, to = self.doc[spec["from"]], self.doc[spec["to"]]
            obj = self.db_links.get((frm.pk, to.pk, spec["kind"]))
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
                "inferred": spec["inferred"], "note": spec["note"]}

    FIGURE_FIELDS = ("value", "total", "unit", "quote", "note")

    def write_figures(self) -> None:
        new_figures: list[Figure] = []
        for spec in self.spec_figure:
            identity = (
                self.indicator[spec["indicator"]].pk, self.loc[spec["locality"]].pk,
                spec["as_of"], spec["as_of_year"], spec["applies_to"],
                self._id(self.src(spec["source"])),
                self._id(self.doc.get(spec["document"]) if spec["document"] else None),
            )
            values = {k: spec[k] for k in self.FIGURE_FIELDS}
            obj = self.db_figures.get(identity)
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
            self.db_figures[identity] = obj
        self.ins.insert(Figure, new_figures)

    def write_events(self) -> None:
        new_events, new_documents, new_participants = [], [], []
        for spec in self.spec_event:
            source = self.src(spec["source"])
            key = (source.pk, spec["date"], spec["title"])
            values = {
                "kind": spec["kind"], "date_note": spec["date_note"], "summary": spec["summary"],
                "locality_id": self._id(self.loc.get(spec["locality"]) if spec["locality"]
                                        else None),
                "organiser_id": self._id(self.body.get(spec["organiser"]) if spec["organiser"]
                                         else None),
            }
            wanted = {self.doc[d].pk for d in spec["documents"]}
            obj = self.db_events.get(key)
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
                self.db_events[key] = obj
                self._outcome("events", True, True)
                continue
            saved = self._sync(obj, values)
            if wanted != self.db_event_docs.get(obj.pk, set()):
                obj.documents.set(wanted)
                saved = True
            current = dict(self.db_participants.get(obj.pk, {}))
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


def _place(problem: Problem) -> tuple:
    """Order problems as their places appear in the file (stable within one item)."""
    parts = problem.pointer.split("/")[1:3]
    collection = COLLECTIONS.index(parts[0]) if parts and parts[0] in COLLECTIONS else -1
    index = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else -1
    return (collection, index)


def import_dataset(
    data: object, *, create_missing_as_reference: bool = False, dry_run: bool = False
) -> ImportReport:
    """Validate *data* (a parsed file) completely, then write it in one transaction.

    Raises :class:`DatasetError` listing every problem if there is any; nothing is written
    then. With ``dry_run`` the file is validated only.
    """
    importer = Importer(data, create_missing_as_reference=create_missing_as_reference)
    with collector_paused():
        problems = importer.validate()
        if problems:
            raise DatasetError(sorted(problems, key=_place))
        if dry_run:
            return importer.report
        with transaction.atomic():
            return importer.write()
