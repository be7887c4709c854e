"""Full texts for a share of the demo documents (issue 15): realistic bodies, structured as the
documents themselves are — a state document in Chương / Điều / Khoản / Điểm, a Party document
in its numbered parts (I., 1., a)) — some two to four thousand words each, written from the
demo's own vocabulary (the topics' phrases, the document's issuer, place, period and title).

Each text is a :class:`~documents.models.DocumentText` read from a public page (a demo
:class:`~documents.models.Source` of kind ``gazette``, like a national database of legal
texts), with its :class:`~documents.models.Provision` rows, loaded with ``COPY``
(:mod:`documents.demo.copy`; ids drawn from the sequences first, so a Khoản points at its
Điều in the same load). ``search_text`` is what ``Provision.save()`` stores (the folded
label, heading and body); the database computes ``search_vector``.

Speed (200.000 texts at 1.000.000 documents): the paragraphs come from a pool built once per
seed (:class:`Pool`: for each topic and paragraph length, :data:`POOL_SIZE` paragraphs of
sentences drawn as before, each with its folded form), followed now and then by a sentence
naming the document's issuer, place or year; a text is assembled from the pool, not written
word by word, and its search text is the pieces' folds joined (``fold`` works character by
character and collapses spaces, so ``fold(a + " " + b) == fold(a) + " " + fold(b)`` for
stripped, non-empty pieces; the tests check the stored value against ``Provision.save()``).

The choices come from their own random sources (the seed's; one per text, from the seed and
the document's number), drawn after every other part, so adding texts changes nothing else
the generator makes, and a text is the same whichever texts are made with it.
"""

from __future__ import annotations

import multiprocessing
import random
import sys
from functools import lru_cache

from django.db import connections, transaction
from django.utils import timezone

from documents.domain.vietnamese import fold
from documents.models import DocumentText, Provision, Source
from documents.models.common import clean_text

from .common import BATCH, SOURCE_PREFIX
from .copy import copy_rows, indexes_deferred, reference_checks_skipped, reserve_ids
from .topics import PHRASES

#: The share of documents given a full text by default (20.000 of 100.000).
TEXT_SHARE = 0.2
#: Paragraphs in the pool for each topic and paragraph length.
POOL_SIZE = 64
#: Texts loaded per ``COPY`` round.
TEXT_BATCH = BATCH // 4

ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]
LETTERS = "abcdđeghiklmn"

VERBS = [
    "chủ trì, phối hợp với các cơ quan liên quan tổ chức thực hiện",
    "tổ chức quán triệt, triển khai thực hiện nghiêm túc", "kiểm tra, đôn đốc, hướng dẫn việc",
    "tham mưu, đề xuất các giải pháp về", "rà soát, đánh giá thực trạng",
    "xây dựng kế hoạch cụ thể về", "bố trí đủ nguồn lực cho", "sơ kết, tổng kết việc",
    "tăng cường công tác tuyên truyền về", "nâng cao chất lượng, hiệu quả",
    "đổi mới nội dung, phương thức", "thực hiện có hiệu quả",
]
ACTORS = [
    "Ban Tổ chức", "Sở Nội vụ", "Ủy ban Kiểm tra", "Ban Tuyên giáo", "Văn phòng",
    "Sở Tài chính", "các cấp ủy, tổ chức đảng", "các cơ quan, đơn vị",
    "Ủy ban nhân dân các xã, phường", "người đứng đầu cơ quan, đơn vị",
    "Mặt trận Tổ quốc và các đoàn thể chính trị - xã hội",
]
QUALIFIERS = [
    "bảo đảm công khai, minh bạch, đúng quy định", "gắn với trách nhiệm của người đứng đầu",
    "phù hợp với tình hình thực tế của địa phương", "theo đúng nguyên tắc tập trung dân chủ",
    "bảo đảm tính kế thừa, ổn định và phát triển", "lấy kết quả thực hiện nhiệm vụ làm thước đo",
    "không để xảy ra sai sót, khiếu nại", "trong thời hạn 30 ngày kể từ ngày nhận được",
]
TAILS = [
    "Định kỳ 6 tháng, hằng năm báo cáo kết quả thực hiện về {body}.",
    "Phấn đấu đến năm {year}, {pct}% cán bộ, công chức đạt chuẩn theo quy định.",
    "Kinh phí thực hiện do ngân sách nhà nước bảo đảm theo phân cấp hiện hành.",
    "Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, kịp thời báo cáo {body} xem xét.",
    "Kết quả thực hiện là một tiêu chí đánh giá, xếp loại tổ chức và cá nhân cuối năm.",
    "Trên địa bàn {place}, việc này hoàn thành trước ngày 31 tháng 12 năm {year}.",
]
STATE_CHAPTERS = [
    ("QUY ĐỊNH CHUNG", ["Phạm vi điều chỉnh", "Đối tượng áp dụng", "Giải thích từ ngữ",
                        "Nguyên tắc thực hiện"]),
    ("NỘI DUNG CỤ THỂ", ["Tiêu chuẩn, điều kiện", "Trình tự, thủ tục", "Thẩm quyền quyết định",
                         "Hồ sơ", "Thời hạn", "Chế độ, chính sách", "Đánh giá kết quả",
                         "Đào tạo, bồi dưỡng", "Quản lý, sử dụng"]),
    ("TỔ CHỨC THỰC HIỆN", ["Trách nhiệm của các cơ quan", "Kiểm tra, giám sát",
                           "Hiệu lực thi hành", "Điều khoản chuyển tiếp"]),
]
PARTY_PARTS = [
    ("TÌNH HÌNH VÀ KẾT QUẢ THỰC HIỆN", ["Ưu điểm", "Hạn chế, khuyết điểm", "Nguyên nhân"]),
    ("MỤC ĐÍCH, YÊU CẦU", ["Mục đích", "Yêu cầu"]),
    ("NHIỆM VỤ VÀ GIẢI PHÁP", ["Tăng cường sự lãnh đạo của cấp ủy",
                               "Đổi mới công tác cán bộ", "Nâng cao chất lượng đội ngũ",
                               "Hoàn thiện cơ chế, chính sách", "Kiểm tra, giám sát"]),
    ("TỔ CHỨC THỰC HIỆN", ["Trách nhiệm của các cấp ủy", "Chế độ báo cáo"]),
]
STATE_BASES = [
    "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;",
    "Căn cứ Luật Cán bộ, công chức ngày 13 tháng 11 năm 2008;",
    "Căn cứ Luật Viên chức ngày 15 tháng 11 năm 2010;",
    "Căn cứ Nghị định số 138/2020/NĐ-CP ngày 27 tháng 11 năm 2020 của Chính phủ;",
]


class Pool:
    """Paragraphs of sentences on each topic, with their folds: ``pick(rng, doc, lengths)``
    gives a paragraph of one of *doc*'s topics with about that many sentences, and now and
    then a last sentence naming the document's issuer, place or year."""

    #: The paragraph lengths (sentences, from–to) the texts ask for.
    LENGTHS = ((0, 1), (1, 2), (1, 3), (2, 5))

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.paragraphs = {(topic, lengths): self._build(topic, lengths)
                           for topic in sorted(PHRASES) for lengths in self.LENGTHS}

    def _build(self, topic: str, lengths: tuple[int, int]) -> list[tuple[str, str]]:
        rng = self.rng
        out = []
        for _ in range(POOL_SIZE):
            sentences = []
            for _ in range(rng.randint(*lengths)):
                sentence = (f"{rng.choice(ACTORS)} {rng.choice(VERBS)} "
                            f"{rng.choice(PHRASES[topic])}, {rng.choice(QUALIFIERS)}.")
                sentences.append(sentence[0].upper() + sentence[1:])
            text = clean_text(" ".join(sentences))
            out.append((text, fold(text)))
        return out

    def pick(self, rng: random.Random, doc, lengths: tuple[int, int]) -> tuple[str, str]:
        text, folded = rng.choice(self.paragraphs[rng.choice(doc.topics), lengths])
        if text and rng.random() < 0.35:
            year = doc.period[1] or doc.date.year + rng.randint(1, 5)
            i = rng.randrange(len(TAILS))
            pct = rng.randint(50, 100)
            body, place = doc.body.name, doc.body.loc.name
            tail = TAILS[i].format(body=body, place=place, year=year, pct=pct)
            text = f"{text} {tail}"
            folded = f"{folded} " + _FOLDED_TAILS[i].format(
                body=_fold(body), place=_fold(place), year=year, pct=pct)
        return text, folded


_fold = lru_cache(maxsize=100_000)(fold)
_FOLDED_TAILS = [fold(t) for t in TAILS]


class Texts:
    """Inserts the demo documents' full texts (a part of :class:`~documents.demo.Generator`;
    needs the documents inserted)."""

    text_share: float = TEXT_SHARE

    def plan_texts(self) -> None:
        """Which documents get a text, in batches, and the paragraphs' pool."""
        rng = random.Random(f"texts-{self.seed}")
        docs = [d for d in self.docs if not d.known_by_reference]
        chosen = sorted(rng.sample(range(len(docs)), min(len(docs), round(self.n
                                                                          * self.text_share))))
        self.text_pool = Pool(rng)
        self.text_batches = [[docs[i] for i in chosen[start:start + TEXT_BATCH]]
                             for start in range(0, len(chosen), TEXT_BATCH)]

    def insert_texts(self) -> None:
        """The texts, in this process and transaction."""
        self.plan_texts()
        self.count_texts([self.load_texts()])

    def insert_texts_in_parallel(self, workers: int) -> None:
        """The texts by *workers* processes (forked: they share the plan), each loading
        every *workers*-th batch in a transaction of its own, with the texts' secondary
        indexes dropped meanwhile and built again at the end. Outside the generator's
        transaction (the documents must be committed first); a failure leaves the demo data
        without some texts (``--clear`` and again)."""
        global _RUNNING
        self.plan_texts()
        _RUNNING = (self, workers)
        try:
            with indexes_deferred([DocumentText, Provision]):
                connections.close_all()  # no connection shared with the children
                with multiprocessing.get_context("fork").Pool(workers) as processes:
                    results = processes.map(_load_part, range(workers))
                self.say("building the texts' indexes")
        finally:
            _RUNNING = None
        self.count_texts(results)

    def count_texts(self, results) -> None:
        texts, provisions, words = (sum(r[i] for r in results) for i in range(3))
        self.counts["texts"] = texts
        self.counts["provisions"] = provisions
        self.say(f"{texts} texts, {provisions} provisions, "
                 f"{words // max(1, texts)} words a text")

    def load_texts(self, part: int = 0, parts: int = 1) -> tuple[int, int, int]:
        """Load every *parts*-th batch of texts from the *part*-th; (texts, provisions,
        words)."""
        pool = self.text_pool
        texts = provisions = words = 0
        now = timezone.now()
        for batch in self.text_batches[part::parts]:
            planned = [_body(pool, random.Random(self.seed * 10_000_019 + doc.n), doc)
                       for doc in batch]
            source_ids = reserve_ids(Source, len(batch))
            text_ids = reserve_ids(DocumentText, len(batch))
            copy_rows(Source._meta.db_table,
                      ["id", "kind", "publisher", "headline", "url", "reference", "author",
                       "date_note", "text", "editorial_note", "created_at"],
                      ((pk, "gazette", "Cơ sở dữ liệu văn bản (demo)",
                        clean_text(f"Toàn văn {doc.title}"[:500]),
                        f"https://example.org/demo/toan-van/{doc.n}",
                        f"{SOURCE_PREFIX}toan-van/{doc.n:06d}", "", "", "", "", now)
                       for pk, doc in zip(source_ids, batch, strict=True)))
            copy_rows(DocumentText._meta.db_table,
                      ["id", "document_id", "source_id", "position", "status", "method",
                       "extracted", "corrected", "excerpt"],
                      ((pk, doc.pk, source, 0, "done", "web_page",
                        clean_text("\n\n".join(_lines(parts))), "", False)
                       for pk, source, doc, parts in zip(text_ids, source_ids, batch, planned,
                                                         strict=True)))
            ids = iter(reserve_ids(Provision, sum(len(parts) for parts in planned)))
            rows = []
            for doc, text_id, provisions_of_text in zip(batch, text_ids, planned, strict=True):
                own = {}
                for position, (key, parent, kind, number, anchor, label, heading, body,
                               folded) in enumerate(provisions_of_text):
                    own[key] = pk = next(ids)
                    rows.append((pk, text_id, doc.pk, own.get(parent), position,
                                 key.count("/"), kind, number, anchor, label, heading, body,
                                 folded))
                    words += body.count(" ") + 1 if body else 0
            copy_rows(Provision._meta.db_table,
                      ["id", "document_text_id", "document_id", "parent_id", "position",
                       "depth", "kind", "number", "anchor", "label", "heading", "body",
                       "search_text"], rows)
            if (texts + len(batch)) // 5000 > texts // 5000:
                self.say(f"{texts + len(batch)} texts" + (f" (worker {part + 1})" if parts > 1
                                                           else ""))
            texts += len(batch)
            provisions += len(rows)
        return texts, provisions, words


#: (generator, workers) while :meth:`Texts.insert_texts_in_parallel` runs: what the forked
#: workers read.
_RUNNING = None


def _load_part(part: int) -> tuple[int, int, int]:
    generator, parts = _RUNNING
    try:
        with transaction.atomic(), reference_checks_skipped():
            return generator.load_texts(part, parts)
    finally:
        connections.close_all()
        sys.stdout.flush()  # a pool's process ends without flushing


def _lines(parts) -> list[str]:
    """The text as read: each provision's label, heading and body, in order."""
    out = []
    for _key, _parent, kind, _number, _anchor, label, heading, body, _folded in parts:
        head = " ".join(filter(None, [label + ("." if kind == "dieu" else ""), heading]))
        out.append("\n".join(filter(None, [head, body])))
    return out


def _part(key, parent, kind, number, anchor, label, heading, body, folded_body):
    """One provision, with its search text as ``Provision.save()`` folds it."""
    folded = " ".join(filter(None, [_fold(label) if label else "",
                                    _fold(heading) if heading else "", folded_body]))
    return (key, parent, kind, number, anchor, label, heading, body, folded)


def _body(pool: Pool, rng: random.Random, doc) -> list[tuple]:
    """The provisions of *doc*'s text: ``(key, parent key, kind, number, anchor, label,
    heading, body, search text)`` in order; keys are paths (``"c1/d5/k2"``), the depth their
    slashes."""
    body = doc.body
    party = body.kind.startswith("party") or body.kind in ("politburo", "secretariat")
    preamble = clean_text((" ".join(rng.sample(STATE_BASES, 2)) + " " if not party else "")
                          + f"{body.name} ban hành {doc.title[0].lower()}{doc.title[1:]} "
                          f"với các nội dung sau:")
    parts = [_part("pre", None, "preamble", "", "mo-dau", "", "", preamble, fold(preamble))]
    return parts + (_party(pool, rng, doc) if party else _state(pool, rng, doc))


def _state(pool: Pool, rng: random.Random, doc) -> list[tuple]:
    parts, article = [], 0
    for c, (chapter, headings) in enumerate(STATE_CHAPTERS):
        ckey, roman = f"c{c}", ROMAN[c]
        parts.append(_part(ckey, None, "chuong", roman, f"chuong-{roman.lower()}",
                           f"Chương {roman}", chapter, "", ""))
        for heading in rng.sample(headings, rng.randint(2, len(headings))):
            article += 1
            dkey = f"{ckey}/d{article}"
            anchor = f"dieu-{article}"
            parts.append(_part(dkey, ckey, "dieu", str(article), anchor, f"Điều {article}",
                               heading, *pool.pick(rng, doc, (1, 2))))
            for k in range(1, rng.randint(2, 5)):
                kkey = f"{dkey}/k{k}"
                parts.append(_part(kkey, dkey, "khoan", str(k), f"{anchor}-khoan-{k}",
                                   f"Khoản {k}", "", *pool.pick(rng, doc, (1, 3))))
                if rng.random() < 0.3:
                    for letter in LETTERS[:rng.randint(2, 4)]:
                        slug = _fold(letter)
                        parts.append(_part(f"{kkey}/{slug}", kkey, "diem", letter,
                                           f"{anchor}-khoan-{k}-diem-{slug}", f"Điểm {letter}",
                                           "", *pool.pick(rng, doc, (1, 2))))
    return parts


def _party(pool: Pool, rng: random.Random, doc) -> list[tuple]:
    parts = []
    for p, (title, headings) in enumerate(PARTY_PARTS):
        roman = ROMAN[p]
        pkey = f"p{p}"
        anchor = f"phan-{roman.lower()}"
        parts.append(_part(pkey, None, "part", roman, anchor, f"{roman}.", title,
                           *pool.pick(rng, doc, (0, 1))))
        for i, heading in enumerate(headings, start=1):
            ikey = f"{pkey}/{i}"
            parts.append(_part(ikey, pkey, "item", str(i), f"{anchor}-muc-{i}", f"{i}.",
                               heading, *pool.pick(rng, doc, (2, 5))))
            if rng.random() < 0.35:
                for letter in LETTERS[:rng.randint(2, 4)]:
                    slug = _fold(letter)
                    parts.append(_part(f"{ikey}/{slug}", ikey, "point", letter,
                                       f"{anchor}-muc-{i}-diem-{slug}", f"{letter})", "",
                                       *pool.pick(rng, doc, (1, 3))))
    return parts
