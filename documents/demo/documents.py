"""Documents over 20 years (2006–2025) with symbols in the national formats.

``188-KH/TU``, ``29/2023/NĐ-CP``, ``1234/QĐ-UBND``, ``31/2024/NQ-HĐND``: key central documents
carried out by every province, provinces' plans carried out by their districts and communes
(after the reform: by the communes directly), each with its topics, period, status, signer
and title. :class:`Documents` plans them as :class:`Doc` records (``build_documents``, which
also plans the links: :mod:`documents.demo.links`) and inserts them with their topics.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections import defaultdict

from django.utils.text import slugify

from documents.domain.symbols import parse_symbol
from documents.domain.vietnamese import fold
from documents.domain.vocabulary import DOCUMENT_TYPE_BY_KEY
from documents.models import Document

from .bodies import PARTY_TYPES, Body
from .common import BATCH, END, FIRST_YEAR, LAST_YEAR, PREFIX, REFORM_EVE, Picker, prepare, weighted
from .copy import copy_objects, copy_rows, reserve_ids
from .places import SEED_PROVINCE_SLUGS, Loc
from .topics import PHRASES

NORMATIVE = {("nghi_dinh", "CP"), ("thong_tu", "BNV"), ("nghi_quyet", "HĐND")}
PLAN_TYPES = {"ke_hoach", "de_an", "chuong_trinh", "nghi_quyet", "ket_luan", "chi_thi",
              "quyet_dinh", "huong_dan"}
TARGET_TYPES = {"ke_hoach", "de_an", "chuong_trinh", "nghi_quyet"}


class Doc:
    __slots__ = ("n", "body", "doc_type", "code", "date", "symbol", "title", "term",
                 "topics", "links", "pk", "period", "status", "signer", "summary",
                 "effective", "known_by_reference", "phrase", "level", "date_note")

    def __init__(self, n, body, doc_type, code, date, level):
        self.n, self.body, self.doc_type, self.code, self.date = n, body, doc_type, code, date
        self.level = level
        self.symbol = self.title = self.summary = self.date_note = ""
        self.term = None
        self.topics: list[str] = []
        self.links: list[tuple[str, int, bool]] = []  # (kind, to doc index, inferred)
        self.pk = None
        self.period = (None, None)
        self.status = "unknown"
        self.signer = None
        self.effective = (None, None)
        self.known_by_reference = False
        self.phrase = ""



class Documents:
    """Plans and inserts the documents (a part of :class:`~documents.demo.Generator`; needs the
    places, bodies and topics)."""

    def term_for(self, body: Body, day: dt.date):
        owner = body if body.terms else (body.parent if body.parent and body.parent.terms
                                         else None)
        if owner is None:
            return None
        chosen = None
        for t in owner.terms:
            if t.start <= day:
                chosen = t
        return chosen or owner.terms[0]

    def next_symbol(self, body: Body, code: str, doc_type: str, day: dt.date, term):
        """The next free number of this type for the body in the term (Party) or year."""
        party = body.kind.startswith("party") or body.kind in ("politburo", "secretariat")
        scope = (id(body), code, term.name if (party and term) else day.year)
        n = self.counters.get(scope, 0) + 1
        if not party and body.code == "UBND" and scope not in self.counters:
            n = self.rng.randint(1, 40)  # administrative numbers run across all subjects
        while True:
            if party:
                symbol = f"{n}-{code}/{body.code}"
            elif (doc_type, body.code) in NORMATIVE:
                symbol = f"{n}/{day.year}/{code}-{body.code}"
            else:
                symbol = f"{n}/{code}-{body.code}"
            key = (body.obj.pk if body.obj and body.obj.pk else id(body),
                   parse_symbol(symbol).lookup_key, term.name if (party and term) else day.year)
            if key not in self.taken_symbols:
                break
            n += 1
        self.counters[scope] = n + (self.rng.randint(0, 6) if body.code == "UBND" else 0)
        return symbol

    def new_doc(self, body: Body, day: dt.date, level: int, types=None, phrase=None) -> Doc:
        doc_type, code, _w = weighted(self.rng, types or body.types)
        doc = Doc(len(self.docs), body, doc_type, code, day, level)
        doc.term = self.term_for(body, day) if body.code in ("TW", "TU", "QU", "HU", "TXU",
                                                              "BTCTW", "BTCTU") else None
        topic = self.rng.choice(self.topic_slugs)
        doc.topics = [topic]
        if self.rng.random() < 0.35:
            other = self.rng.choice(self.topic_slugs)
            if other != topic:
                doc.topics.append(other)
        doc.phrase = phrase or self.rng.choice(PHRASES[topic])
        if self.rng.random() < 0.03 and doc_type not in ("nghi_dinh", "thong_tu"):
            doc.symbol = ""  # known by title only (no number yet, or none in the source)
        else:
            doc.symbol = self.next_symbol(body, code, doc_type, day, doc.term)
        if doc_type in ("ke_hoach", "de_an", "chuong_trinh") or (
            doc_type == "nghi_quyet" and self.rng.random() < 0.5
        ):
            length = self.rng.choice((1, 2, 3, 5, 5, 10))
            doc.period = (day.year, day.year + length - 1 if length > 1 else day.year)
        doc.title = self.title(doc)
        doc.status = self.status(doc)
        if doc_type in ("nghi_dinh", "thong_tu") or (doc_type, body.code) in NORMATIVE:
            start = day + dt.timedelta(days=self.rng.choice((0, 15, 45)))
            doc.effective = (start, None)
            if doc.status in ("expired", "replaced"):
                doc.effective = (start, start + dt.timedelta(days=self.rng.randint(365, 3000)))
        if body.people and self.rng.random() < 0.8:
            doc.signer = self.rng.choice(body.people)
        if self.rng.random() < 0.2:
            doc.summary = (f"{DOCUMENT_TYPE_BY_KEY[doc_type].vi} nêu mục tiêu, nhiệm vụ và giải "
                           f"pháp về {doc.phrase}; phân công tổ chức thực hiện.")
        self.docs.append(doc)
        return doc

    def title(self, doc: Doc) -> str:
        phrase = doc.phrase
        start, end = doc.period
        suffix = ""
        if start and end and end > start:
            suffix = f" giai đoạn {start}–{end}"
        elif start:
            suffix = f" năm {start}"
        elif self.rng.random() < 0.3:
            place = doc.body.loc
            if place.level >= 1:
                unit = {"city": "thành phố", "province": "tỉnh"}.get(place.kind, "")
                suffix = f" trên địa bàn {unit} {place.name}".replace("  ", " ")
        return f"Về {phrase}{suffix}"

    def status(self, doc: Doc) -> str:
        age = END.year - doc.date.year
        _start, end = doc.period
        r = self.rng.random()
        if end and end < 2025:
            return "expired" if r < 0.8 else "replaced"
        if age > 10:
            return weighted(self.rng, [("expired", 4), ("replaced", 2), ("in_force", 2),
                                        ("unknown", 2)])[0]
        if age > 4:
            return weighted(self.rng, [("in_force", 5), ("partly_expired", 1),
                                        ("expired", 1), ("replaced", 1), ("unknown", 2)])[0]
        return weighted(self.rng, [("in_force", 7), ("not_yet_in_force", 1),
                                    ("unknown", 2)])[0]

    def implementation(self, parent: Doc, body: Body, level: int, after: int = 15) -> Doc | None:
        """A plan of *body* carrying out *parent* (weeks or months after it)."""
        lo = parent.date + dt.timedelta(days=after)
        day = self.random_date(lo, min(END, lo + dt.timedelta(days=150)))
        if day > END or not body.loc.alive(day) or (body.valid_to and day > body.valid_to):
            return None
        types = [t for t in body.types if t[0] in ("ke_hoach", "chuong_trinh", "huong_dan",
                                                     "quyet_dinh", "nghi_quyet")] or body.types
        types = [(t, c, w * (6 if t == "ke_hoach" else 1)) for t, c, w in types]
        doc = self.new_doc(body, day, level, types=types, phrase=parent.phrase)
        doc.topics = list(parent.topics)
        ref = parent.symbol or parent.title
        doc.title = (f"Thực hiện {DOCUMENT_TYPE_BY_KEY[parent.doc_type].vi} {ref} ngày "
                     f"{parent.date:%d/%m/%Y} của {parent.body.name} về {parent.phrase}")[:600]
        doc.links.append(("implements", parent.n, self.rng.random() < 0.04))
        return doc

    def build_documents(self) -> None:
        rng = self.rng
        n = self.n
        self.docs: list[Doc] = []
        self.counters: dict = {}
        self.taken_symbols = set()
        for body_id, key, term_id, year, term_name in Document.objects.exclude(
            symbol_key=""
        ).values_list("issuing_body_id", "symbol_key", "term_id", "issued_year", "term__name"):
            self.taken_symbols.add((body_id, key, term_name if term_id else year))
        n_central = max(3, round(n * 0.02))
        n_province = round(n * 0.30)
        n_district = round(n * 0.33)
        n_key = max(1, min(n_central // 3, round(n_province * 0.45 / 63)))

        # Central documents. The first n_key are "key" Party resolutions, conclusions and
        # directives: every province carries each of them out.
        bodies = self.root.bodies
        key_types = [t for t in PARTY_TYPES if t[0] in ("nghi_quyet", "ket_luan", "chi_thi")]
        key_docs = []
        for _ in range(n_key):
            body = rng.choice((bodies["bch"], bodies["bct"], bodies["bct"], bodies["bbt"]))
            day = self.weighted_date(end=dt.date(LAST_YEAR, 6, 30))
            key_docs.append(self.new_doc(body, day, 0, types=key_types))
        central_body = Picker([(b, {"bch": 2, "bct": 3, "bbt": 3, "btc": 2, "cp": 2, "ttg": 2,
                                    "bnv": 3}[role]) for role, b in bodies.items()])
        while len(self.docs) < n_central:
            self.new_doc(central_body(rng), self.weighted_date(end=dt.date(LAST_YEAR, 9, 30)), 0)

        # Provinces: an implementation plan of each key document in every province that
        # exists at the time; then their own documents.
        province = Picker([(p, 4 if p.name in SEED_PROVINCE_SLUGS else
                            (2 if p.kind == "city" else 1)) for p in self.provinces])
        role = Picker([("tu", 2), ("btv", 6), ("btc", 2), ("hdnd", 1), ("ubnd", 6), ("snv", 2)])
        self.plans_by_loc: dict[int, list[Doc]] = defaultdict(list)
        for key in sorted(key_docs, key=lambda d: (d.date, d.n)):
            for p in self.provinces:
                if len(self.docs) - n_central >= n_province:
                    break
                body = p.bodies[rng.choice(("btv", "btv", "tu", "ubnd"))]
                doc = self.implementation(key, body, 1)
                if doc is not None:
                    self.plans_by_loc[id(p)].append(doc)
        while len(self.docs) - n_central < n_province:
            p = province(rng)
            body = p.bodies[role(rng)]
            if body.obj is not None and body.obj.pk and not body.obj.code:
                body = p.bodies["ubnd"]  # a seed body without a code gives no symbol
            doc = self.new_doc(body, self.weighted_date(end=REFORM_EVE if p.valid_to else END), 1)
            if doc.doc_type in PLAN_TYPES:
                self.plans_by_loc[id(p)].append(doc)
        self.index_plans()
        # Districts (until the reform) carry out their province's plans.
        district = Picker([(d, 3 if d.province.name in SEED_PROVINCE_SLUGS else 1)
                           for d in self.districts])
        district_role = Picker([("tu", 1), ("btv", 3), ("ubnd", 3)])
        start = len(self.docs)
        while len(self.docs) - start < n_district:
            d = district(rng)
            body = d.bodies[district_role(rng)]
            doc = None
            if rng.random() < 0.75:
                parent = self.recent(d.province, REFORM_EVE)
                if parent is not None:
                    doc = self.implementation(parent, body, 2)
            if doc is None:
                doc = self.new_doc(body, self.weighted_date(end=REFORM_EVE), 2)
            if doc.doc_type in PLAN_TYPES:
                self.plans_by_loc[id(d)].append(doc)
        self.index_plans()
        # Communes: before the reform they carry out their district's plans, after it
        # their province's (there are no districts any more).
        commune = Picker(
            [(c, 3 if c.province.name in SEED_PROVINCE_SLUGS else 1) for c in self.old_communes]
            + [(c, 1.0 if c.province.name in SEED_PROVINCE_SLUGS else 0.3)
               for c in self.new_communes]
        )
        while len(self.docs) < n:
            c = commune(rng)
            body = c.bodies[rng.choice(("tu", "ubnd"))]
            # Before the reform mostly the district's plans, sometimes the province's own.
            upper = c.parent if c.parent.level == 2 and rng.random() < 0.7 else c.province
            doc = None
            if rng.random() < 0.7:
                parent = self.recent(upper, c.valid_to or END)
                if parent is not None:
                    doc = self.implementation(parent, body, 3)
            if doc is None:
                lo = c.valid_from or dt.date(FIRST_YEAR, 1, 1)
                doc = self.new_doc(body, self.weighted_date(start=lo, end=c.valid_to or END), 3)
        self.renumber_all()
        self.add_other_links()
        self.counts["documents"] = len(self.docs)

    def index_plans(self) -> None:
        self.plan_dates = {}
        for key, plans in self.plans_by_loc.items():
            plans.sort(key=lambda d: (d.date, d.n))
            self.plan_dates[key] = [d.date for d in plans]

    def renumber_all(self) -> None:
        """Order every document by date; links hold indices, so map them too."""
        order = sorted(self.docs, key=lambda d: (d.date, d.level, d.n))
        new_index = {d.n: i for i, d in enumerate(order)}
        for i, doc in enumerate(order):
            doc.n = i
            doc.links = [(k, new_index[t], inf) for k, t, inf in doc.links]
        self.docs = order

    def recent(self, loc: Loc, before: dt.date) -> Doc | None:
        """A plan of *loc* issued some weeks before *before*, preferring recent ones."""
        plans = self.plans_by_loc.get(id(loc))
        if not plans:
            return None
        i = bisect.bisect_right(self.plan_dates[id(loc)], before - dt.timedelta(days=20))
        if i == 0:
            return None
        return plans[self.rng.randrange(max(0, i - 40), i)]

    def insert_documents(self) -> None:
        ids = iter(reserve_ids(Document, len(self.docs)))
        for start in range(0, len(self.docs), BATCH * 5):
            chunk = self.docs[start:start + BATCH * 5]
            objs = []
            for doc in chunk:
                body = doc.body
                slug_tail = (slugify(fold(doc.symbol).replace("/", "-")) if doc.symbol else
                             slugify(" ".join(fold(DOCUMENT_TYPE_BY_KEY[doc.doc_type].vi +
                                                   " " + doc.phrase).split()[:8])))
                obj = Document(
                    slug=f"{PREFIX}{doc.n:06d}-{slug_tail}"[:120],
                    symbol=doc.symbol, doc_type=doc.doc_type, title=doc.title,
                    summary=doc.summary, issuing_body=body.obj,
                    term_id=doc.term.obj.pk if doc.term else None,
                    locality=body.loc.obj, signer=doc.signer.obj if doc.signer else None,
                    signer_title=doc.signer.title if doc.signer else "",
                    issued_date=doc.date, period_start=doc.period[0], period_end=doc.period[1],
                    effective_from=doc.effective[0], effective_to=doc.effective[1],
                    status=doc.status, known_by_reference=doc.known_by_reference,
                )
                prepare(obj)  # before the id: save() would look a given id up
                obj.pk = doc.pk = next(ids)
                objs.append(obj)
            copy_objects(Document, objs)
        self.say(f"{len(self.docs)} documents")
        Through = Document.topics.through
        copy_rows(Through._meta.db_table, ["document_id", "topic_id"],
                  ((doc.pk, self.topics[slug].pk) for doc in self.docs for slug in doc.topics))
