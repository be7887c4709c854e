"""Links among the planned documents: besides the implementations planned with the documents,
legal bases, references, continuations, amendments, replacements, evaluations, approvals and
guidance (about three links a document), then inserted with a source now and then."""

from __future__ import annotations

import bisect
from collections import defaultdict
from typing import TYPE_CHECKING

from django.utils import timezone
from psycopg.types.json import Jsonb

from documents.domain.uncertainty import inferred_link
from documents.domain.vocabulary import DOCUMENT_TYPE_BY_KEY
from documents.models import DocumentLink
from documents.models.common import clean_text

from .copy import copy_rows
from .documents import TARGET_TYPES

if TYPE_CHECKING:
    from .documents import Doc


class Links:
    """Plans and inserts links (a part of :class:`~documents.demo.Generator`; needs the
    planned documents, and the sources for ``insert_links``)."""

    def add_other_links(self) -> None:
        """Bases for implementation plans too, and references, continuations,
        amendments, replacements, evaluations and approvals among documents of a place."""
        rng = self.rng
        by_body: dict[int, list[Doc]] = defaultdict(list)
        position: dict[int, int] = {}
        for doc in self.docs:
            siblings = by_body[id(doc.body)]
            position[doc.n] = len(siblings)
            siblings.append(doc)
        central_dates = [d.date for d in self.docs if d.level == 0]
        central_ns = [d.n for d in self.docs if d.level == 0]
        popular = [d.n for d in self.docs if d.level == 0 and d.doc_type in (
            "nghi_dinh", "thong_tu", "nghi_quyet", "quy_dinh")]
        self.popular, self.central_dates = sorted(popular), central_dates
        for doc in self.docs:
            links = doc.links
            targets = {t for _k, t, _i in links}

            def add(kind, target, inferred=False, links=links, targets=targets, doc=doc):
                if target is not None and target != doc.n and target not in targets:
                    links.append((kind, target, inferred))
                    targets.add(target)

            if doc.level > 0:
                i = bisect.bisect_left(central_dates, doc.date)
                if i:
                    k = bisect.bisect_left(self.popular, central_ns[i - 1] + 1)
                    if k:
                        for _ in range(rng.choice((1, 2, 2, 3))):
                            j = min(int(rng.paretovariate(1.1)) - 1, k - 1)
                            add("based_on", self.popular[k - 1 - j] if j < 12
                                else self.popular[rng.randrange(k)])
            siblings = by_body[id(doc.body)]
            pos = position[doc.n]
            earlier = siblings[max(0, pos - 30):pos]
            if earlier:
                r = rng.random()
                if r < 0.55:
                    add("references", rng.choice(earlier).n)
                same = [s for s in earlier if s.doc_type == doc.doc_type]
                if same and rng.random() < 0.25:
                    add("continues", same[-1].n, inferred=rng.random() < 0.2)
                if same and rng.random() < 0.07:
                    add(rng.choice(("amends", "replaces")), rng.choice(same).n)
                plans = [s for s in earlier if s.doc_type in TARGET_TYPES]
                if doc.doc_type == "bao_cao" and plans:
                    add("evaluates", plans[-1].n)
                if doc.doc_type == "quyet_dinh" and plans and rng.random() < 0.3:
                    add("approves", plans[-1].n)
            if doc.doc_type == "huong_dan" and doc.level < 3 and rng.random() < 0.5:
                upper = [s for s in earlier if s.doc_type in ("nghi_quyet", "quy_dinh")]
                if upper:
                    add("guides", upper[-1].n)

    def insert_links(self) -> None:
        """COPY the links, with what ``DocumentLink.save()`` derives (the quote cleaned)."""
        now = timezone.now()
        empty = Jsonb({})

        def rows():
            for doc in self.docs:
                for kind, target, inferred in doc.links:
                    other = self.docs[target]
                    quote = ""
                    if kind == "implements":
                        quote = clean_text(
                            f"Thực hiện {DOCUMENT_TYPE_BY_KEY[other.doc_type].vi} "
                            f"{other.symbol or other.title[:80]} của {other.body.name}…")
                    yield (doc.pk, other.pk, kind, Jsonb(inferred_link()) if inferred else empty,
                           quote, "", "", "", self.link_source(doc), now)

        self.counts["links"] = copy_rows(
            DocumentLink._meta.db_table,
            ["from_document_id", "to_document_id", "kind", "uncertain", "quote", "provision",
             "note", "editorial_note", "source_id", "created_at"], rows())
        self.say(f"{self.counts['links']} links")

    def link_source(self, doc: Doc):
        if self.rng.random() < 0.1 and self.sources:
            return self.sources[doc.n % len(self.sources)].pk
        return None

