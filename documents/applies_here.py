"""A place's documents in the three scopes a place page and the document list offer:

- **applies here** (``applies``): what an officer of the place must follow — the documents of
  the place, of every level above it, of the units it was formed from and of the places above
  those as they were (the walk is ``documents/domain/applicability.py``), each with the one
  line that says why;
- **issued here** (``here``): issued at exactly this place;
- **here and below** (``below``): issued at this place or anywhere below it.

:func:`in_scope` is the one definition of the scopes: the place page (through
:func:`scoped_documents`, which also orders and explains), the document list's place filter
(``?locality=…&scope=…``), its exports and the API call it. Reading what applies costs one
query for the ancestors' and former units' names and one per generation of successions (at
most ``applicability.MAX_GENERATIONS``), whatever the number of documents.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Case, IntegerField, Q, Value, When
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from documents.domain import applicability as rules
from documents.domain.vietnamese import format_date
from documents.language import is_english, local_name, vocabulary_label
from documents.models import Document, Locality, LocalitySuccession
from documents.models.document_queries import NEWEST_FIRST
from documents.models.places import path_ids

APPLIES = "applies"
ISSUED_HERE = "here"
HERE_AND_BELOW = "below"
#: The scopes, in the order a page offers them; the first is the default.
SCOPES = (
    (APPLIES, _("Áp dụng tại đây")),
    (ISSUED_HERE, _("Ban hành tại đây")),
    (HERE_AND_BELOW, _("Tại đây và cấp dưới")),
)
DEFAULT_SCOPE = APPLIES
SCOPE_KEYS = tuple(key for key, _label in SCOPES)

#: Kinds named before the name in a reason ("quận Long Biên", "phường Việt Hưng"); a
#: province or city is named alone ("Hà Nội").
_NAMED_WITH_KIND = {"urban_district", "rural_district", "town", "provincial_city",
                    "municipal_city", "ward", "commune", "township", "special_zone"}


def place_label(locality: Locality) -> str:
    """A place as a sentence names it: "quận Long Biên", "Hà Nội"; in English "Long Biên
    (urban district)"."""
    name = local_name(locality)
    if locality.kind not in _NAMED_WITH_KIND:
        return name
    kind = vocabulary_label("locality_kind", locality.kind)
    if name.casefold().startswith(kind.casefold()):  # "Phường 1", "Xã Tân Lập"
        return name
    return f"{name} ({kind.lower()})" if is_english() else f"{kind.lower()} {name}"


def _as_place(locality: Locality) -> rules.Place:
    return rules.Place(locality.pk, locality.name, tuple(path_ids(locality.path)[:-1]))


def _succession_date(row: LocalitySuccession) -> dt.date | None:
    """The day a succession took effect: as recorded, else the day after the former unit's
    last day."""
    if row.effective_date:
        return row.effective_date
    former = row.from_locality
    return former.valid_to + dt.timedelta(days=1) if former.valid_to else None


def _read_predecessors(ids) -> dict[int, list[rules.Predecessor]]:
    """The units each of *ids* was formed from, wholly or in part (one query): first the one
    whose code the unit kept (phường Việt Hưng 00127 from phường Việt Hưng 00127), then by
    name."""
    found: dict[int, list[rules.Predecessor]] = defaultdict(list)
    rows = (LocalitySuccession.objects.filter(to_locality_id__in=list(ids))
            .select_related("from_locality", "to_locality")
            .order_by("from_locality__name_sort", "pk"))
    rows = sorted(rows, key=lambda row: not (row.from_locality.code
                                             and row.from_locality.code == row.to_locality.code))
    for row in rows:
        found[row.to_locality_id].append(
            rules.Predecessor(_as_place(row.from_locality), _succession_date(row)))
    return found


@dataclass
class AppliesHere:
    """What applies at *locality*: the places (``entries``, nearest reason first) and
    ``places`` by id, loaded once."""

    locality: Locality
    entries: list[rules.Applicable]
    places: dict[int, Locality] = field(default_factory=dict)

    @classmethod
    def of(cls, locality: Locality) -> AppliesHere:
        entries = rules.applicable_places(_as_place(locality), _read_predecessors)
        places = Locality.objects.in_bulk([entry.place_id for entry in entries])
        places[locality.pk] = locality
        return cls(locality, entries, places)

    @property
    def place_ids(self) -> list[int]:
        return [entry.place_id for entry in self.entries]

    def narrow(self, documents):
        """*documents* (a document queryset) issued at exactly one of these places."""
        return documents.filter(locality_id__in=self.place_ids)

    def documents(self):
        """The documents issued at these places, grouped in the entries' order (this place,
        then the levels above nearest first, then the former units), newest first within a
        group. Each carries ``applies_group``, the index of its entry."""
        group = Case(*(When(locality_id=entry.place_id, then=Value(i))
                       for i, entry in enumerate(self.entries)),
                     output_field=IntegerField())
        return (self.narrow(Document.objects.all())
                .annotate(applies_group=group)
                .order_by("applies_group", *NEWEST_FIRST))

    def pages(self, counts: dict[int, int], rows=None) -> AppliesHerePages:
        """:meth:`documents` as a paginator reads it, counted from *counts* (documents
        issued at each place, by id): see :class:`AppliesHerePages`."""
        return AppliesHerePages(self, counts, rows)

    def entry_of(self, document) -> rules.Applicable | None:
        for entry in self.entries:
            if entry.place_id == document.locality_id:
                return entry
        return None

    def reason(self, document) -> str:
        """Why *document* applies here, in one line: "ban hành tại đây", "cấp trên: Thành
        ủy Hà Nội", "trước 01/07/2025: phường Giang Biên, nay thuộc phường Việt Hưng"."""
        entry = self.entry_of(document)
        if entry is None:
            return ""
        place = self.places.get(entry.place_id)
        if entry.relation == rules.HERE:
            return gettext("ban hành tại đây")
        if entry.relation == rules.ABOVE:
            issuer = document.issuing_body if document.issuing_body_id else place
            return gettext("cấp trên: %(issuer)s") % {"issuer": local_name(issuer)}
        when = (gettext("trước %(date)s") % {"date": format_date(entry.date)} if entry.date
                else gettext("trước đây"))
        through = self.places.get(entry.through.id) if entry.through else None
        values = {"when": when, "former": place_label(place),
                  "through": place_label(through) if through else ""}
        if entry.relation == rules.BEFORE:
            return gettext("%(when)s: %(former)s, nay thuộc %(through)s") % values
        return gettext("%(when)s: %(former)s, cấp trên của %(through)s") % values


class AppliesHerePages:
    """:meth:`AppliesHere.documents` — the same documents, in the same order — as a page's
    paginator reads it, without finding and sorting every document that applies (the
    country's, the province's…) for each page: *counts* (the documents issued at each place,
    by id, kept per change: ``place_summary.place_counts``) give the number and tell which
    groups a page spans and where in each; the page's ids are read group by group, each
    ``locality_id = … ORDER BY`` newest first ``LIMIT``-ed (an index range scan,
    ``document_locality_newest``), in ONE statement (``UNION ALL``); *rows* makes the page
    of them (``DocumentQuerySet.table_rows``: by id, in that order)."""

    def __init__(self, applies: AppliesHere, counts: dict[int, int], rows=None):
        self.applies = applies
        self.rows = rows or Document.objects.table_rows
        self.groups: list[tuple[int, int, int]] = []  # (entry index, place id, documents)
        seen = set()
        for i, entry in enumerate(applies.entries):
            if entry.place_id not in seen:  # a place's documents are in its first group
                seen.add(entry.place_id)
                self.groups.append((i, entry.place_id, counts.get(entry.place_id, 0)))

    def count(self) -> int:
        return sum(n for _i, _place, n in self.groups)

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, key):
        if not isinstance(key, slice):
            return self[key:key + 1][0]
        start = key.start or 0
        stop = self.count() if key.stop is None else key.stop
        spans, offset = [], 0  # (entry index, place id, from, to) of each group on the page
        for i, place, n in self.groups:
            low, high = max(start - offset, 0), min(stop - offset, n)
            if low < high:
                spans.append((i, place, low, high))
            offset += n
            if offset >= stop:
                break
        if len(spans) == 1:  # the page lies in one group
            _i, place, low, high = spans[0]
            return self.rows(Document.objects.filter(locality_id=place).order_by(*NEWEST_FIRST)
                             .values_list("pk", flat=True)[low:high])
        branches = [Document.objects.filter(locality_id=place).order_by(*NEWEST_FIRST)
                    .annotate(applies_group=Value(i, output_field=IntegerField()))
                    .values_list("pk", "applies_group", "issued_year", "issued_date")[low:high]
                    for i, place, low, high in spans]
        if not branches:
            return []
        found = (branches[0].union(*branches[1:], all=True)
                 .order_by("applies_group", *NEWEST_FIRST))
        return self.rows([pk for pk, *_rest in found])


@dataclass
class DocumentRow:
    """A document as a place's list shows it: why it applies (applies-here scope), and the
    heading of its group when it is the first of its group on the page; when a search found
    it in its full text, the passages found (``text_search.TextPassage``)."""

    document: Document
    reason: str = ""
    heading: str = ""
    passages: list = field(default_factory=list)


def group_title(applies: AppliesHere, entry: rules.Applicable) -> str:
    """The heading of one place's documents in the applies-here list."""
    place = place_label(applies.places[entry.place_id])
    if entry.relation == rules.HERE:
        return gettext("Ban hành tại %(place)s") % {"place": place}
    if entry.relation == rules.ABOVE:
        return gettext("Cấp trên: %(place)s") % {"place": place}
    if entry.date:
        return gettext("Trước %(date)s: %(place)s") % {"date": format_date(entry.date),
                                                       "place": place}
    return gettext("Trước đây: %(place)s") % {"place": place}


def document_rows(documents, applies: AppliesHere | None) -> list[DocumentRow]:
    """*documents* (one page) as rows; in the applies-here scope each says why it applies
    and the first of each place's documents carries its group's heading."""
    if applies is None:
        return [DocumentRow(document) for document in documents]
    rows, previous = [], None
    for document in documents:
        entry = applies.entry_of(document)
        heading = group_title(applies, entry) if entry and entry != previous else ""
        rows.append(DocumentRow(document, applies.reason(document), heading))
        previous = entry
    return rows


def in_scope(documents, locality: Locality, scope: str, applies: AppliesHere | None = None):
    """*documents* (a document queryset) narrowed to those of *locality* in *scope* (one of
    :data:`SCOPE_KEYS`), unordered: the one definition of the three scopes. *applies*: the
    place's :class:`AppliesHere` when the caller has read it already (applies-here scope)."""
    if scope == APPLIES:
        return (applies or AppliesHere.of(locality)).narrow(documents)
    return documents.in_place(locality, exact=scope == ISSUED_HERE)


def scoped_documents(locality: Locality, scope: str):
    """The documents of *locality* in *scope* (one of :data:`SCOPE_KEYS`) as a place's page
    lists them, and the :class:`AppliesHere` that explains each (None for the other scopes):
    applies here grouped by reason, the others newest first."""
    if scope == APPLIES:
        applies = AppliesHere.of(locality)
        return applies.documents(), applies
    return in_scope(Document.objects.all(), locality, scope).newest_first(), None


def places_applied_to(place_ids, limit: int, using: str = "default") -> set[int] | None:
    """The places whose "applies here" list (:meth:`AppliesHere.of`) can include a document
    issued at one of *place_ids*: the inverse of the walk, for the page cache
    (``documents.page_tags``). Each place itself (``HERE``) and every place below it
    (``ABOVE``), then the units formed from any of those, and from those in turn, up to
    ``applicability.MAX_GENERATIONS`` successions (``BEFORE``, ``BEFORE_ABOVE``). A superset
    (the walk keeps only a place's nearest reason); None when more than *limit* places."""
    ids = set(place_ids)
    if not ids:
        return set()
    places = Locality.objects.using(using)
    below = Q(pk__in=ids)
    for path in places.filter(pk__in=ids).values_list("path", flat=True):
        if path:
            below |= Locality.at_or_below(path)
    found = set(places.filter(below).values_list("pk", flat=True)[:limit + 1])
    generation = found
    for _generation in range(rules.MAX_GENERATIONS):
        if len(found) > limit:
            return None
        formed = set(LocalitySuccession.objects.using(using)
                     .filter(from_locality_id__in=list(generation))
                     .values_list("to_locality_id", flat=True)) - found
        if not formed:
            break
        found |= formed
        generation = formed
    return None if len(found) > limit else found
