"""Matching what an article names against the catalogue: ``analyse_article(text)``.

It finds the article's references (``documents.domain.references``), groups those naming
the same document (``documents.domain.articles.grouping``), matches each group to the
catalogue's documents and proposes links between documents named in one sentence around a
linking phrase (``documents.domain.articles.links``), marking those the catalogue already
has. It only reads the database. The result is plain data
(:class:`~documents.domain.articles.items.Analysis`).

Matching, in order:

* a reference with a symbol is looked up by its folded key (``Document.symbol_key``: number
  without leading zeros, so ``04-NQ/TU`` = ``4-NQ/TU``). When several documents share the key
  (another term, another province) they are narrowed by the date (exact, else the year), by
  the issuer phrase against the issuing body's name, and by the localities the article
  names; what is still more than one is left for the admin to choose. A single candidate
  whose year or issuer contradicts the article is offered, not taken.
* a numbered reference without a symbol (``Chương trình số 01 của Quận uỷ``) first joins a
  reference of the same article with the same type and number (``01-CTr/QU``); otherwise
  it is looked up by type + number and narrowed by the issuer phrase; with no issuer to
  confirm it, candidates are only offered.
* a named law (``Luật Viên chức``, ``Luật Cán bộ, công chức và Luật Viên chức sửa đổi
  2019``) is matched by its name against law titles, ignoring punctuation: the same name, the
  same "amended" mark and a compatible year is a match; a title that merely contains the name
  is offered.
* a document known by type and title (``Đề án về thí điểm thi tuyển một số chức danh``,
  ``quyết định phê duyệt đề án xây dựng nền công vụ TP.HCM …``) is compared with the titles
  of the catalogue's documents of that type (``title_similarity``: folded syllables and
  syllable pairs, so tone marks, case and punctuation do not matter). Candidates whose issuing
  body contradicts the issuer phrase or whose year contradicts the article are set aside; one
  of a place the article never names is only offered; a candidate linked in the catalogue to
  a document the article names scores higher (``kế hoạch … thực hiện 2 văn bản này``). One
  clear best candidate is a match, close ones are offered, none is a new document. The
  candidates are read with one query (type + ``search_text`` containing the title's syllable
  pairs, ordered by how many it contains).

The issuing bodies an issuer phrase may name (``body_candidates``) are offered for the
documents that are not matched.
"""

from __future__ import annotations

from functools import reduce
from operator import add, or_

from django.db.models import Case, IntegerField, Q, Value, When

from documents.domain.articles.grouping import group_references
from documents.domain.articles.issuers import (
    ROLE_WORDS,
    article_context,
    in_context,
    issuer_fit,
    issuer_key,
)
from documents.domain.articles.items import AMBIGUOUS, MATCHED, NEW, Analysis, Item
from documents.domain.articles.links import propose_links
from documents.domain.articles.titles import (
    is_placeholder_title,
    law_parts,
    points_back,
    title_shingles,
    title_similarity,
)
from documents.domain.references import find_references
from documents.domain.symbols import bare_number
from documents.domain.vietnamese import fold

__all__ = ["Matcher", "TooManyDocuments", "analyse_article", "body_candidates"]

MAX_CANDIDATES = 10
#: Title matching: a candidate needs a title similarity of OFFER_SIMILARITY to be offered at
#: all (or, for "… 2 văn bản này", a link to the documents meant); a match needs a score
#: (similarity + bonuses) of MATCH_SCORE and a lead of MATCH_LEAD over the runner-up.
OFFER_SIMILARITY = 0.3
MATCH_SCORE = 0.5
MATCH_LEAD = 0.15
LINK_BONUS = 0.2  # per document of the article the candidate is linked to (at most two)
ISSUER_BONUS = 0.1
_MAX_TITLE_PAIRS = 8
_MAX_TITLE_CANDIDATES = 200


# --- issuing bodies ------------------------------------------------------------------------------


def _body_fit(body, key: str) -> int:
    """:func:`issuer_fit` of an issuing body (its name and its locality's)."""
    place = body.locality.name_key if body.locality_id else ""
    return issuer_fit(key, body.name_key, place)


def _in_context(body, context: str) -> bool:
    locality = getattr(body, "locality", None)
    return bool(locality and in_context(locality.name_key, context))


def body_candidates(
    phrase: str | None, issuer_code: str = "", context: str = "", limit: int = MAX_CANDIDATES
):
    """Issuing bodies an issuer phrase may name, best first, and whether the first is a
    confident guess. ``context`` is the folded article text (with spaces around)."""
    from documents.models import IssuingBody

    key = issuer_key(phrase)
    qs = IssuingBody.objects.select_related("locality")
    if key:
        words = [w for w in key.split() if w not in ROLE_WORDS] or key.split()
        query = Q()
        for word in words[:8]:
            query &= Q(name_key__contains=word)
        bodies = list(qs.filter(query)[:200])
    elif issuer_code:
        bodies = list(qs.filter(code__iexact=issuer_code)[:200])
    else:
        return [], False
    code = fold(issuer_code)
    scored = []
    for body in bodies:
        fit = _body_fit(body, key)
        if fit < 0:
            continue
        body_code = fold(body.code)
        if code and body_code and body_code != code:
            continue
        scored.append(
            (
                (-fit, body_code != code, not _in_context(body, context), len(body.name_key)),
                body,
            )
        )
    scored.sort(key=lambda pair: pair[0])
    ranked = [body for _score, body in scored[:limit]]
    confident = (
        bool(ranked)
        and scored[0][0][0] <= -2
        and (len(scored) == 1 or scored[1][0][:3] != scored[0][0][:3])
    )
    return ranked, confident


# --- matching against the catalogue ------------------------------------------------------------


def _narrow(candidates: list, keep) -> list:
    narrowed = [c for c in candidates if keep(c)]
    return narrowed or candidates


def _doc_context(doc, context: str) -> bool:
    body = doc.issuing_body
    if body is not None and _in_context(body, context):
        return True
    return bool(doc.locality and in_context(doc.locality.name_key, context))


class Matcher:
    """Matches items to documents, reading the database only."""

    def __init__(self, context: str) -> None:
        from documents.models import Document

        self.context = context
        self.documents = Document.objects.select_related(
            "issuing_body__locality", "locality", "term"
        )

    def match(self, item: Item, named: set[int] | frozenset[int] = frozenset()) -> None:
        """Decide ``item``'s status, document and candidates; ``named`` holds the documents
        the article's other mentions were matched to."""
        if item.kind == "symbol":
            candidates = list(self.documents.filter(symbol_key=item.lookup_key)[:200])
            self._decide(item, candidates, confirmed=True)
        elif item.kind == "number":
            candidates = list(
                self.documents.filter(
                    doc_type=item.doc_type, number__regex=rf"^0*{bare_number(item.number)}$"
                )[:200]
            )
            key = issuer_key(item.issuer_phrase)
            if key:
                candidates = [
                    c for c in candidates if c.issuing_body and _body_fit(c.issuing_body, key) >= 0
                ]
            confirmed = bool(key) or item.date is not None
            self._decide(item, candidates, confirmed=confirmed)
        elif item.kind == "law":
            self._match_law(item)
        else:
            self._match_title(item, named)
        if item.status != MATCHED:
            bodies, confident = body_candidates(item.issuer_phrase, item.issuer_code, self.context)
            item.bodies = [b.pk for b in bodies]
            item.body = bodies[0].pk if confident else None

    def _decide(self, item: Item, candidates: list, confirmed: bool) -> None:
        if not candidates:
            item.status = NEW
            return
        date = item.issued_date
        key = issuer_key(item.issuer_phrase)
        narrowed = candidates
        if date is not None:
            exact = [c for c in narrowed if c.issued_date == date]
            narrowed = exact or _narrow(narrowed, lambda c: c.issued_year == date.year)
        elif item.year is not None:
            narrowed = _narrow(narrowed, lambda c: c.issued_year == item.year)
        if key:
            fits = {c.pk: _body_fit(c.issuing_body, key) if c.issuing_body else 0 for c in narrowed}
            best = max(fits.values())
            if best > 0:
                narrowed = [c for c in narrowed if fits[c.pk] == best]
            else:
                narrowed = _narrow(narrowed, lambda c: fits[c.pk] >= 0)
        narrowed = _narrow(narrowed, lambda c: _doc_context(c, self.context))
        ordered = narrowed + [c for c in candidates if c not in narrowed]
        item.candidates = [c.pk for c in ordered[:MAX_CANDIDATES]]
        if len(narrowed) > 1:
            item.status = AMBIGUOUS
            item.note = "Nhiều văn bản trùng số ký hiệu: hãy chọn văn bản đúng."
            return
        doc = narrowed[0]
        conflicts = []
        year = date.year if date else item.year
        if year and doc.issued_year and doc.issued_year != year:
            conflicts.append(f"bài viết ghi năm {year}, catalogue ghi năm {doc.issued_year}")
        if key and doc.issuing_body and _body_fit(doc.issuing_body, key) < 0:
            conflicts.append(
                f"bài viết ghi “{item.issuer_phrase}”, catalogue ghi “{doc.issuing_body.name}”"
            )
        if conflicts:
            item.status = AMBIGUOUS
            item.note = "Có thể là văn bản khác: " + "; ".join(conflicts) + "."
        elif not confirmed:
            item.status = AMBIGUOUS
            item.note = "Bài viết không nêu cơ quan ban hành: hãy xác nhận văn bản."
        else:
            item.status = MATCHED
            item.document = doc.pk

    def _match_law(self, item: Item) -> None:
        name, amends, year = law_parts(item.title or "")
        amends = amends or item.amends
        year = item.year or year
        if not name:
            item.status = NEW
            return
        found = []
        first = " ".join(name.split()[:2])
        for doc in self.documents.filter(doc_type="luat", search_text__contains=first)[:200]:
            doc_name, doc_amends, doc_year = law_parts(doc.title)
            doc_year = doc.issued_year or doc_year
            if year and doc_year and doc_year != year:
                continue
            if doc_name == name and doc_amends == amends:
                found.append((0, doc))
            elif f" {name} " in f" {doc_name} " or f" {doc_name} " in f" {name} ":
                found.append((1, doc))
        found.sort(key=lambda pair: pair[0])
        exact = [doc for rank, doc in found if rank == 0]
        item.candidates = [doc.pk for _rank, doc in found[:MAX_CANDIDATES]]
        if len(exact) == 1:
            item.status, item.document = MATCHED, exact[0].pk
        elif found:
            item.status = AMBIGUOUS
            item.note = "Tên luật chỉ khớp một phần với văn bản đã có: hãy xác nhận."
        else:
            item.status = NEW

    def _match_title(self, item: Item, named) -> None:
        """A document known by type and title: the catalogue's documents of that type with
        the most similar title, unless their issuer, year or place contradicts the article."""
        title = item.title or ""
        wanted = title_shingles(title)
        if len(wanted) < 3:
            item.status = NEW
            return
        found = self._title_candidates(item.doc_type, wanted)
        linked = self._linked(named)
        missing = [pk for pk in linked if pk not in found]
        if missing:
            found.update(self.documents.filter(doc_type=item.doc_type).in_bulk(missing))
        key = issuer_key(item.issuer_phrase)
        year = item.issued_date.year if item.date else item.year
        anaphoric = points_back(title)
        places = self._places(found.values())
        scored = []
        for doc in found.values():
            if is_placeholder_title(doc.title):
                continue
            fit = _body_fit(doc.issuing_body, key) if key and doc.issuing_body else 0
            if fit < 0 or (year and doc.issued_year and doc.issued_year != year):
                continue
            similarity = title_similarity(title, doc.title)
            links = min(len(linked.get(doc.pk, ())), 2)
            if similarity < OFFER_SIMILARITY and not (anaphoric and links):
                continue
            score = similarity + LINK_BONUS * links + (ISSUER_BONUS if fit >= 2 else 0)
            # A document of a place the article never names is offered, never taken.
            scored.append((score, places.get(doc.pk, True), doc))
        scored.sort(key=lambda entry: (not entry[1], -entry[0], entry[2].pk))
        item.candidates = [doc.pk for _score, _placed, doc in scored[:MAX_CANDIDATES]]
        if not scored:
            item.status = NEW
            return
        best_score, placed, best = scored[0]
        runner_up = max((score for score, _placed, _doc in scored[1:]), default=0.0)
        if placed and best_score >= MATCH_SCORE and runner_up <= best_score - MATCH_LEAD:
            item.status, item.document = MATCHED, best.pk
        elif not placed:
            item.status = AMBIGUOUS
            item.note = (
                "Bài viết không nêu số hiệu, và không nêu địa bàn của văn bản có trích yếu "
                "gần giống: hãy xác nhận hoặc tạo văn bản mới."
            )
        else:
            item.status = AMBIGUOUS
            item.note = (
                "Bài viết không nêu số hiệu; trích yếu gần giống văn bản đã có: "
                "hãy chọn văn bản đúng hoặc tạo văn bản mới."
            )

    def _title_candidates(self, doc_type: str, wanted: set[str]) -> dict:
        """Documents of the type whose search text contains the most of the title's
        syllable pairs (one query)."""
        pairs = sorted((s for s in wanted if " " in s), key=lambda s: (-len(s), s))
        pairs = pairs[:_MAX_TITLE_PAIRS]
        if not pairs:
            return {}
        hits = reduce(
            add,
            [
                Case(
                    When(search_text__contains=pair, then=Value(1)),
                    default=Value(0),
                    output_field=IntegerField(),
                )
                for pair in pairs
            ],
        )
        qs = (
            self.documents.filter(doc_type=doc_type)
            .filter(reduce(or_, [Q(search_text__contains=pair) for pair in pairs]))
            .annotate(title_hits=hits)
            .order_by("-title_hits", "pk")
        )
        return {doc.pk: doc for doc in qs[:_MAX_TITLE_CANDIDATES]}

    @staticmethod
    def _linked(named) -> dict[int, set[int]]:
        """For each document linked to one of ``named``, which of them."""
        from documents.models import DocumentLink

        if not named:
            return {}
        result: dict[int, set[int]] = {}
        rows = DocumentLink.objects.filter(
            Q(from_document_id__in=named) | Q(to_document_id__in=named)
        ).values_list("from_document_id", "to_document_id")
        for src, dst in rows[:1000]:
            if src in named:
                result.setdefault(dst, set()).add(src)
            if dst in named:
                result.setdefault(src, set()).add(dst)
        return result

    def _places(self, documents) -> dict[int, bool]:
        """For each document with a place below the country: whether the article names
        that place or one above it."""
        from documents.models import Locality

        located = {}
        for doc in documents:
            locality = doc.locality or (doc.issuing_body.locality if doc.issuing_body else None)
            if locality is not None and locality.kind != "country":
                located[doc.pk] = locality
        ids = {int(i) for loc in located.values() for i in loc.path.strip("/").split("/") if i}
        by_id = Locality.objects.in_bulk(ids) if ids else {}
        result = {}
        for pk, locality in located.items():
            chain = [by_id.get(int(i)) for i in locality.path.strip("/").split("/") if i]
            result[pk] = any(
                loc is not None and loc.kind != "country" and in_context(loc.name_key, self.context)
                for loc in chain + [locality]
            )
        return result


class TooManyDocuments(ValueError):
    """The article names more documents than one analysis may match (``max_items``)."""

    def __init__(self, found: int, limit: int):
        self.found, self.limit = found, limit
        super().__init__(f"{found} documents named, at most {limit} per analysis")


def analyse_article(text: str, *, max_items: int | None = None) -> Analysis:
    """Find, group and match the document references of ``text``; propose links.

    With ``max_items``, an article naming more documents raises :class:`TooManyDocuments`
    before any of them is matched (matching costs a few bounded queries per document)."""
    from documents.models import DocumentLink

    refs = find_references(text)
    items, ref_item = group_references(refs)
    if max_items is not None and len(items) > max_items:
        raise TooManyDocuments(len(items), max_items)
    matcher = Matcher(article_context(text))
    # Documents named by symbol, number or law name first: what they match helps to tell
    # which document a title-only mention means (catalogue links between them).
    for item in items:
        if item.kind != "title":
            matcher.match(item)
    named = {item.document for item in items if item.document}
    for item in items:
        if item.kind == "title":
            matcher.match(item, named)
            if item.document:
                named.add(item.document)
    links = propose_links(text, refs, ref_item)
    pairs = [
        (items[link.from_item].document, items[link.to_item].document, link)
        for link in links
        if items[link.from_item].document and items[link.to_item].document
    ]
    if pairs:
        query = Q(pk__in=[])
        for src, dst, link in pairs:
            query |= Q(from_document_id=src, to_document_id=dst, kind=link.kind)
        existing = set(
            DocumentLink.objects.filter(query).values_list(
                "from_document_id", "to_document_id", "kind"
            )
        )
        for src, dst, link in pairs:
            link.exists = (src, dst, link.kind) in existing
    return Analysis(text=text, items=items, links=links, reference_count=len(refs))
