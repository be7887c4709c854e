"""Free-text search over documents, the way a Vietnamese user types.

The query is folded with :func:`~documents.domain.vietnamese.fold` (no diacritics, one
tone-mark placement, lower case, ``đ`` → ``d``), exactly as ``Document.search_text`` was
when the document was saved, so ``thành uỷ``, ``Thành ủy`` and ``thanh uy`` are the same
query. The folded query is cut into *words*: runs of ``a-z`` and ``0-9``; everything else
(spaces, ``-``, ``/``, ``.``, ``,``…) separates words. ``search_text`` is cut the same way
(:func:`search_vector_expression`).

A document matches when

- its symbol is the symbol in the query, in any reasonable spelling (``188-KH/TU``,
  ``188/KH-TU``, ``số 188 - KH/TU``, ``34-DA/TU`` for ``34-ĐA/TU``, ``29/2023/NĐCP``,
  ``1046/QĐTTg``, ``41-QĐ/TƯ`` for ``41-QĐ/TW``): the symbol's key
  (:func:`documents.domain.symbols.symbol_key`, the one the model stores) is the document's
  ``symbol_key``, or
- its ``search_text`` contains every word of the query as a whole word (AND), or
- one of its provisions (``Provision.search_text``: the folded label, heading and body of one
  Điều, Khoản, numbered part… of its full text) contains every word of the query — unless the
  search is limited to titles and symbols (``in_texts=False``: the list's switch "Chỉ tìm
  trong trích yếu và số ký hiệu", ``titles_only=1`` in the list's and the API's address).

Why every word in ONE provision rather than anywhere in the document: a text of a few
thousand words contains most common words somewhere, so "đào tạo cán bộ nữ" would match
nearly every long text; words found together in one provision are a passage the reader can be
shown (:mod:`documents.text_search`), and the provision's own index answers it.

A query that is only a type phrase and a number, as the press names documents (``Quyết định
244``, ``quyet dinh so 244``, ``Nghị định 29``), matches the documents of that type with that
number (leading zeros aside) and nothing else; when there is none, its words as any query's
(``Luật 2019``: laws that say 2019); never by typo tolerance.

Relevance, best first:

1. exact symbol match;
2. the number in the query is the document's number and a type code in the query is its
   type (``kh 188`` → ``188-KH/TU``); then the number alone (``188``, ``ke hoach 188``);
3. the words are in the document's own description (metadata) — before documents found
   only in their text;
4. the words appear in the query's order, next to each other (a phrase:
   ``dao tao boi duong can bo chu chot cap xa``);
5. how often and how densely the words occur (``ts_rank``);
6. newest first.

Word matching uses PostgreSQL's full-text search: ``Document.search_vector``, a generated,
GIN-indexed column holding :func:`search_vector_expression` of ``search_text``, and a
``to_tsquery`` built from the query's words. When nothing at all matches, a trigram
word-similarity search (``search_text %> query``: pg_trgm's ``word_similarity`` at or above
``pg_trgm.word_similarity_threshold``, 0.6 by default; its own GIN index, migration
``0002_search``) finds documents despite typos, best match first (in titles only: never
over bodies).

Cost: the matching documents are found by ONE query per request (:meth:`DocumentSearch.matches`)
— the union of two GIN-index lookups: documents whose vector matches (or whose symbol key is
the query's) and the documents of the provisions whose vector matches; no body is read — and
their ids, with which of them matched by their description, are kept on the search. The typo
fallback's decision, the list, its count, every facet, the ranking's "matched by description"
tier and the passages then use those ids (one array parameter, :class:`AnyOf`) instead of
running the match again: before, a search in texts read the provisions' matches three times
per request (the fallback's check, the facets, the page). Past :data:`MATERIALISED` matches
the later queries run the match as a subquery again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.contrib.postgres.search import (
    SearchQuery,
    SearchRank,
    SearchVector,
    TrigramWordSimilarity,
)
from django.db import models
from django.db.models import (
    BooleanField,
    Case,
    F,
    Func,
    IntegerField,
    Q,
    Value,
    When,
)

from documents.domain.references.lexicon import typed_number
from documents.domain.symbols import Symbol, bare_number, try_parse_symbol
from documents.domain.vietnamese import fold
from documents.domain.vocabulary import PARTY_TYPE_CODES, STATE_TYPE_CODES

__all__ = ["MAX_QUERY_LENGTH", "MAX_WORDS", "DocumentSearch", "search_vector_expression",
           "tokenize"]

#: Longest query accepted (characters, before folding).
MAX_QUERY_LENGTH = 200
#: Words beyond this many are ignored.
MAX_WORDS = 16
#: The typo fallback considers at most this many documents (checking trigram word similarity
#: against long texts costs about a tenth of a millisecond per candidate: at 100.000
#: documents an unbounded fallback took seconds per query, and the list page runs several).
FUZZY_LIMIT = 200
#: The matching documents' ids are read once per request and passed to the later queries as
#: one array (:class:`Matches`) up to this many; past it the later queries run the match
#: again as a subquery rather than ship a huge array. A query of common words is the case
#: that needs it most: "tổ chức" is in 651.000 of 941.000 provisions at 100.000 documents
#: (44.642 documents, 7,5 s a match: a sequential read of every provision).
MATERIALISED = 100_000

_WORD_RE = re.compile(r"[a-z0-9]+")
_SYMBOL_CANDIDATE_RE = re.compile(r"\d[^\s]*[-/][^\s]+")
# Folded type code -> every canonical spelling used in Document.type_code.
_TYPE_CODES: dict[str, set[str]] = {}
for _code in (*PARTY_TYPE_CODES, *STATE_TYPE_CODES):
    _TYPE_CODES.setdefault(fold(_code).replace(" ", ""), set()).add(_code)


class AnyOf(Func):
    """``column = ANY(%s::bigint[])``: a condition on ONE array parameter, written as its text
    (``{1,2,3}``) — ``pk__in`` writes a placeholder per id, and adapting thousands of ids one
    by one costs more than the query."""

    output_field = BooleanField()
    conditional = True

    def __init__(self, column: str, ids):
        super().__init__(F(column))
        self.ids = ids

    def as_sql(self, compiler, connection, **extra):
        column, params = compiler.compile(self.source_expressions[0])
        array = "{" + ",".join(str(int(pk)) for pk in self.ids) + "}"
        return f"{column} = ANY(%s::bigint[])", (*params, array)


@dataclass(frozen=True)
class Matches:
    """The documents a query matches exactly, read once (:meth:`DocumentSearch.matches`).

    ``ids`` (sorted) and ``described``: those matched by their own description (symbol,
    title, summary…: the relevance's third tier) rather than only by their text; ``typed``:
    found as the query's type and number. ``complete`` is False when the ids are not kept —
    past :data:`MATERIALISED` matches, or a search of descriptions only (its index lookup
    costs less than reading the found rows again by id) — the later queries then run the
    match as SQL; ``found`` says whether anything matched.
    """

    ids: tuple[int, ...]
    described: tuple[int, ...]
    typed: bool = False
    complete: bool = True
    found: bool = True

    @classmethod
    def of(cls, ids, described, typed: bool = False) -> Matches:
        if len(ids) > MATERIALISED:
            return cls((), (), typed, complete=False)
        return cls(tuple(sorted(ids)), tuple(sorted(described)), typed, found=bool(ids))

    def __bool__(self) -> bool:
        return self.found


def tokenize(folded: str) -> list[str]:
    """The words of a folded text, in order, without repeats (at most MAX_WORDS)."""
    words: list[str] = []
    for word in _WORD_RE.findall(folded):
        if word not in words:
            words.append(word)
    return words[:MAX_WORDS]


def search_vector_expression() -> SearchVector:
    """The searchable words of ``search_text`` (``Document.search_vector`` stores them).

    Every run of characters other than ``a-z0-9`` is made a space first: PostgreSQL's parser
    would otherwise read ``tp.hcm`` as a host name, ``kh/tu`` as a file path and ``-2030`` as
    a negative number, and the words would differ from :func:`tokenize`'s. ``search_text`` is
    folded already (lower case, no diacritics), so the ``simple`` configuration suits
    Vietnamese.
    """
    words_only = Func(
        F("search_text"), Value("[^a-z0-9]+"), Value(" "), Value("g"),
        function="regexp_replace", output_field=models.TextField(),
    )
    return SearchVector(words_only, config="simple")


def _number_variants(number: str) -> set[str]:
    bare = bare_number(number)
    return {number, bare, bare.zfill(2), bare.zfill(3)}


@dataclass
class DocumentSearch:
    """One search query, parsed once and applied to any number of document querysets.

    The matching documents are found once (:meth:`matches`: one query over all documents)
    and kept, so the typo-fallback decision, the facets and the result list agree and the
    full-text match runs once per request.
    """

    raw: str
    #: Search the documents' full texts (their provisions) too, not only their metadata.
    in_texts: bool = True
    folded: str = field(init=False)
    words: list[str] = field(init=False)
    symbols: list[Symbol] = field(init=False)
    numbers: list[str] = field(init=False)
    type_codes: set[str] = field(init=False)
    #: ``(doc_type, number)`` when the query is only a type phrase and a number.
    typed: tuple[str, str] | None = field(init=False)
    _matches: dict[str, Matches] = field(init=False, default_factory=dict, repr=False)
    _fuzzy_ids: dict[str, list[int]] = field(init=False, default_factory=dict, repr=False)

    def __post_init__(self):
        self.raw = (self.raw or "")[:MAX_QUERY_LENGTH]
        self.folded = fold(self.raw)
        self.words = tokenize(self.folded)
        symbols = []
        candidates = [self.raw, *_SYMBOL_CANDIDATE_RE.findall(self.raw)]
        for text in candidates:
            symbol = try_parse_symbol(text)
            if symbol is not None and symbol not in symbols:
                symbols.append(symbol)
        self.symbols = symbols
        self.typed = typed_number(self.raw)
        self.numbers = [w for w in self.words if w.isdigit()]
        self.type_codes = set()
        for word in self.words:
            self.type_codes |= _TYPE_CODES.get(word, set())
        for symbol in symbols:
            if symbol.type_code:
                self.type_codes.add(symbol.type_code)
            if symbol.number not in self.numbers:
                self.numbers.append(symbol.number)

    # --- what is searchable ---------------------------------------------------------
    @property
    def is_empty(self) -> bool:
        """True when the query has nothing to search for (no letters or digits)."""
        return not self.words and not self.symbols

    @property
    def highlight_terms(self) -> str:
        """The words to highlight in results (the ``highlight`` filter folds them again)."""
        return " ".join(self.words)

    @property
    def symbol_keys(self) -> list[str]:
        return [s.lookup_key for s in self.symbols]

    # --- matching ---------------------------------------------------------------------
    @property
    def words_query(self) -> SearchQuery:
        """Every word of the query (AND), for a ``search_vector``: documents' or provisions'."""
        return SearchQuery(" & ".join(self.words), config="simple", search_type="raw")

    def _metadata_condition(self) -> Q:
        """True for documents whose own description holds every word, or whose symbol is the
        query's."""
        condition = Q(search_vector=self.words_query) if self.words else Q(pk__in=[])
        if self.symbol_keys:
            condition |= Q(symbol_key__in=self.symbol_keys)
        return condition

    def matches_metadata(self, document) -> bool:
        """Whether *document* (loaded, with its ``search_text``) matched by its description
        rather than only by its text: :meth:`_metadata_condition` in Python (no query)."""
        if document.symbol_key and document.symbol_key in self.symbol_keys:
            return True
        return bool(self.words) and set(self.words) <= set(_WORD_RE.findall(
            document.search_text or ""))

    def provisions(self, provisions):
        """The provisions (a Provision queryset) holding every word of the query."""
        if not self.words:
            return provisions.none()
        return provisions.filter(search_vector=self.words_query)

    def _typed_condition(self) -> Q:
        doc_type, number = self.typed  # type: ignore[misc]
        return Q(doc_type=doc_type, number__in=sorted(_number_variants(number)))

    def _exact_condition(self, queryset) -> Q:
        """The documents matching exactly, as SQL (no query): the query's type and number
        when some document has them, else a description or (``in_texts``) a provision
        holding every word, or the symbol."""
        if self.typed and self.matches(queryset).typed:
            return self._typed_condition()
        metadata = self._metadata_condition()
        if not self.in_texts or not self.words:
            return metadata
        # One semi-join on the union of two index lookups (the documents' vector and symbol
        # key; the provisions' vector): PostgreSQL reads no body, and an OR of the two would
        # make it test every document against a hashed subplan instead.
        from documents.models import Provision  # the models import this module

        model = queryset.model
        described = model._default_manager.filter(metadata).order_by().values("pk")
        in_text = self.provisions(Provision.objects.order_by()).values("document_id")
        return Q(pk__in=described.union(in_text))

    def matches(self, queryset) -> Matches:
        """The documents matching exactly (:class:`Matches`), found ONCE per database by one
        query — the full-text match against the documents and their provisions — and shared
        by the typo-tolerance decision, the list, its count, every facet, the ranking and
        the passages (each of which ran the match again before)."""
        alias = queryset.db
        if alias not in self._matches:
            self._matches[alias] = self._find(queryset.model._default_manager.using(alias))
        return self._matches[alias]

    def _find(self, base) -> Matches:
        if self.typed:
            ids = sorted(base.filter(self._typed_condition()).order_by()
                         .values_list("pk", flat=True)[:MATERIALISED + 1])
            if ids:
                return Matches.of(ids, ids, typed=True)
        described = base.filter(self._metadata_condition()).order_by()
        if not self.in_texts or not self.words:  # descriptions only: one GIN lookup, kept SQL
            return Matches((), (), complete=False, found=described.exists())
        from documents.models import Provision  # the models import this module

        in_text = (self.provisions(Provision.objects.using(base.db).order_by())
                   .values_list("document_id", Value(False)).distinct())
        rows = described.values_list("pk", Value(True)).union(in_text, all=True)
        read = list(rows[:MATERIALISED + 1])
        if len(read) > MATERIALISED:  # too many to pass on as one array
            return Matches((), (), complete=False)
        return Matches.of({pk for pk, _ in read}, {pk for pk, by_description in read
                                                   if by_description})

    def uses_trigram(self, queryset) -> bool:
        """True when no document at all matches exactly (typo fallback): the results are
        approximate (the list page and the API say so). Never for a type and a number."""
        if self.is_empty or not self.folded or self.typed:
            return False
        return not self.matches(queryset)

    def fuzzy_ids(self, queryset) -> list[int]:
        """The documents the typo fallback considers: at most FUZZY_LIMIT whose text is
        similar enough to the query, found once per database (one query) and shared by the
        list, its count and every facet."""
        alias = queryset.db
        if alias not in self._fuzzy_ids:
            base = queryset.model._default_manager.using(alias)
            self._fuzzy_ids[alias] = sorted(
                base.filter(search_text__trigram_word_similar=self.folded)
                .order_by()
                .values_list("pk", flat=True)[:FUZZY_LIMIT]
            )
        return self._fuzzy_ids[alias]

    def filter(self, queryset):
        """The documents of *queryset* matching the query (no ordering, no annotations)."""
        if self.is_empty:
            return queryset.none()
        if self.uses_trigram(queryset):
            return queryset.filter(pk__in=self.fuzzy_ids(queryset))
        matches = self.matches(queryset)
        if matches.complete:  # the ids themselves: the match is not run again
            return queryset.filter(AnyOf("pk", matches.ids)) if matches.ids else queryset.none()
        return queryset.filter(self._exact_condition(queryset))

    # --- ranking ------------------------------------------------------------------------
    def _symbol_tier(self):
        whens = []
        if self.symbol_keys:
            whens.append(When(symbol_key__in=self.symbol_keys, then=Value(4)))
        if self.numbers:
            numbers = set()
            for number in self.numbers:
                numbers |= _number_variants(number)
            if self.type_codes:
                whens.append(
                    When(number__in=sorted(numbers), type_code__in=sorted(self.type_codes),
                         then=Value(3))
                )
            whens.append(When(number__in=sorted(numbers), then=Value(2)))
        if not whens:
            return Value(0, output_field=IntegerField())
        return Case(*whens, default=Value(0), output_field=IntegerField())

    def _metadata_tier(self, queryset):
        """1 where the document's description matched, 0 where only its text did (a search
        in titles only, or a fallback, matches by description alone: all 1)."""
        if not self.in_texts or not self.words or self.uses_trigram(queryset):
            return Value(1, output_field=IntegerField())
        matches = self.matches(queryset)
        if matches.typed:
            return Value(1, output_field=IntegerField())
        if matches.complete:  # which matched by description is known: no vector read
            if len(matches.described) == len(matches.ids):
                return Value(1, output_field=IntegerField())
            if not matches.described:
                return Value(0, output_field=IntegerField())
            condition = AnyOf("pk", matches.described)
        else:
            condition = self._metadata_condition()
        return Case(When(condition, then=Value(1)), default=Value(0),
                    output_field=IntegerField())

    def _phrase_tier(self, queryset):
        """1 where the words stand next to each other in the query's order, else 0: a phrase
        query on the stored vector (its word positions: no need to read search_text for
        every match)."""
        if len(self.words) < 2:
            return queryset, Value(0, output_field=IntegerField())
        phrase = SearchQuery(" <-> ".join(self.words), config="simple", search_type="raw")
        condition = Q(search_vector=phrase)
        matches = None if self.uses_trigram(queryset) else self.matches(queryset)
        if matches is not None and matches.complete and not matches.typed:
            # a phrase of the words holds them all: only a document matched by its
            # description can hold it (the others' vectors are not read)
            if not matches.described:
                return queryset, Value(0, output_field=IntegerField())
            if len(matches.described) < len(matches.ids):
                condition = AnyOf("pk", matches.described) & condition
        return queryset, Case(
            When(condition, then=Value(1)), default=Value(0), output_field=IntegerField()
        )

    def _text_rank(self, queryset):
        if self.uses_trigram(queryset):
            return TrigramWordSimilarity(Value(self.folded), "search_text")
        if not self.words:
            return Value(0.0, output_field=models.FloatField())
        query = self.words_query
        # ts_rank: word frequency; the phrase tier already rewards words side by side, and
        # ts_rank_cd (cover density) cost three times as much per matching document.
        return SearchRank(F("search_vector"), query)

    def order_by_relevance(self, queryset):
        """*queryset* (already filtered by :meth:`filter`) ordered best first."""
        # Imported here: the models import this module (Document.search_vector's expression).
        from documents.models.document_queries import NEWEST_FIRST

        queryset, phrase_tier = self._phrase_tier(queryset)
        return queryset.annotate(
            search_symbol_tier=self._symbol_tier(),
            search_metadata_tier=self._metadata_tier(queryset),
            search_phrase_tier=phrase_tier,
            search_rank=self._text_rank(queryset),
        ).order_by(
            "-search_symbol_tier",
            "-search_metadata_tier",
            "-search_phrase_tier",
            F("search_rank").desc(nulls_last=True),
            *NEWEST_FIRST,
        )
