"""Full texts for a share of the demo documents (issue 15): realistic bodies, structured as the
documents themselves are — a state document in Chương / Điều / Khoản / Điểm, a Party document
in its numbered parts (I., 1., a)) — some two to four thousand words each, written from the
demo's own vocabulary (the topics' phrases, the document's issuer, place, period and title).

Each text is a :class:`~documents.models.DocumentText` read from a public page (a demo
:class:`~documents.models.Source` of kind ``gazette``, like a national database of legal
texts), with its :class:`~documents.models.Provision` rows: inserted with ``bulk_create``
(no ``save()``, so ``search_text`` is folded here exactly as ``Provision.save()`` folds it;
the database computes ``search_vector``). The parents' ids are drawn from the provisions'
sequence first, so a Khoản points at its Điều in the same insert.

The choices come from their own random source (the seed's), drawn after every other part,
so adding texts changes nothing else the generator makes.
"""

from __future__ import annotations

import random

from django.db import connection

from documents.domain.vietnamese import fold
from documents.models import DocumentText, Provision, Source

from .common import BATCH, SOURCE_PREFIX
from .topics import PHRASES

#: The share of documents given a full text by default (20.000 of 100.000).
TEXT_SHARE = 0.2
#: From this many texts, the provisions' GIN index is dropped and built again at the end.
REBUILD_INDEX_FROM = 2000

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


class Texts:
    """Inserts the demo documents' full texts (a part of :class:`~documents.demo.Generator`;
    needs the documents inserted)."""

    text_share: float = TEXT_SHARE

    def insert_texts(self) -> None:
        rng = random.Random(f"texts-{self.seed}")
        docs = [d for d in self.docs if not d.known_by_reference]
        chosen = sorted(rng.sample(range(len(docs)), min(len(docs), round(self.n
                                                                          * self.text_share))))
        texts = provisions = words = 0
        # Many texts: the provisions' word index is built once at the end (one sort), not
        # updated row by row (about 40 % of the insert's time).
        index = next(i for i in Provision._meta.indexes if i.name == "provision_search_vector")
        rebuild = len(chosen) >= REBUILD_INDEX_FROM
        if rebuild:
            with connection.schema_editor() as editor:
                editor.remove_index(Provision, index)
        for start in range(0, len(chosen), BATCH // 4):
            batch = [docs[i] for i in chosen[start:start + BATCH // 4]]
            sources = [Source(kind="gazette", publisher="Cơ sở dữ liệu văn bản (demo)",
                              headline=f"Toàn văn {doc.title}"[:500],
                              url=f"https://example.org/demo/toan-van/{doc.n}",
                              reference=f"{SOURCE_PREFIX}toan-van/{doc.n:06d}")
                       for doc in batch]
            Source.objects.bulk_create(sources)
            planned = [_body(rng, doc) for doc in batch]
            text_objs = [
                DocumentText(document_id=doc.pk, source_id=source.pk, status="done",
                             method="web_page", extracted="\n\n".join(_lines(parts)))
                for doc, source, parts in zip(batch, sources, planned, strict=True)
            ]
            DocumentText.objects.bulk_create(text_objs)
            rows = []
            ids = _reserve_ids(sum(len(parts) for parts in planned))
            for doc, text, parts in zip(batch, text_objs, planned, strict=True):
                own = {}
                for position, (key, parent, kind, number, anchor, label, heading, body) in (
                        enumerate(parts)):
                    own[key] = pk = ids.pop()
                    rows.append(Provision(
                        pk=pk, document_text_id=text.pk, document_id=doc.pk,
                        parent_id=own.get(parent), position=position, depth=key.count("/"),
                        kind=kind, number=number, anchor=anchor, label=label, heading=heading,
                        body=body,
                        search_text=fold(" ".join(filter(None, [label, heading, body]))),
                    ))
                    words += len(body.split())
            Provision.objects.bulk_create(rows, batch_size=BATCH)
            if (texts + len(text_objs)) // 5000 > texts // 5000:
                self.say(f"{texts + len(text_objs)} texts")
            texts += len(text_objs)
            provisions += len(rows)
        if rebuild:
            with connection.cursor() as cursor:  # the deferred key checks first
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")
            with connection.schema_editor() as editor:
                editor.add_index(Provision, index)
        self.counts["texts"] = texts
        self.counts["provisions"] = provisions
        self.say(f"{texts} texts, {provisions} provisions, "
                 f"{words // max(1, texts)} words a text")


def _reserve_ids(n: int) -> list[int]:
    """*n* ids from the provisions' sequence, in reverse order (``pop()`` gives the first)."""
    if not n:
        return []
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, 'id')) "
                       "FROM generate_series(1, %s)", [Provision._meta.db_table, n])
        return sorted((row[0] for row in cursor.fetchall()), reverse=True)


def _lines(parts) -> list[str]:
    """The text as read: each provision's label, heading and body, in order."""
    out = []
    for _key, _parent, kind, _number, _anchor, label, heading, body in parts:
        head = " ".join(filter(None, [label + ("." if kind == "dieu" else ""), heading]))
        out.append("\n".join(filter(None, [head, body])))
    return out


def _sentence(rng: random.Random, doc, phrase: str | None = None) -> str:
    phrase = phrase or rng.choice(PHRASES[rng.choice(doc.topics)])
    sentence = (f"{rng.choice(ACTORS)} {rng.choice(VERBS)} {phrase}, "
                f"{rng.choice(QUALIFIERS)}.")
    sentence = sentence[0].upper() + sentence[1:]
    if rng.random() < 0.35:
        year = (doc.period[1] or doc.date.year + rng.randint(1, 5))
        sentence += " " + rng.choice(TAILS).format(body=doc.body.name, place=doc.body.loc.name,
                                                   year=year, pct=rng.randint(50, 100))
    return sentence


def _paragraph(rng: random.Random, doc, sentences: tuple[int, int]) -> str:
    return " ".join(_sentence(rng, doc) for _ in range(rng.randint(*sentences)))


def _body(rng: random.Random, doc) -> list[tuple]:
    """The provisions of *doc*'s text: ``(key, parent key, kind, number, anchor, label,
    heading, body)`` in order; keys are paths (``"c1/d5/k2"``), the depth their slashes."""
    body = doc.body
    party = body.kind.startswith("party") or body.kind in ("politburo", "secretariat")
    parts = [("pre", None, "preamble", "", "mo-dau", "", "",
              (" ".join(rng.sample(STATE_BASES, 2)) + " " if not party else "")
              + f"{body.name} ban hành {doc.title[0].lower()}{doc.title[1:]} "
              f"với các nội dung sau:")]
    return parts + (_party(rng, doc) if party else _state(rng, doc))


def _state(rng: random.Random, doc) -> list[tuple]:
    parts, article = [], 0
    for c, (chapter, headings) in enumerate(STATE_CHAPTERS):
        ckey, roman = f"c{c}", ROMAN[c]
        parts.append((ckey, None, "chuong", roman, f"chuong-{roman.lower()}",
                      f"Chương {roman}", chapter, ""))
        for heading in rng.sample(headings, rng.randint(2, len(headings))):
            article += 1
            dkey = f"{ckey}/d{article}"
            anchor = f"dieu-{article}"
            parts.append((dkey, ckey, "dieu", str(article), anchor, f"Điều {article}", heading,
                          _paragraph(rng, doc, (1, 2))))
            for k in range(1, rng.randint(2, 5)):
                kkey = f"{dkey}/k{k}"
                parts.append((kkey, dkey, "khoan", str(k), f"{anchor}-khoan-{k}", f"Khoản {k}",
                              "", _paragraph(rng, doc, (2, 4))))
                if rng.random() < 0.3:
                    for letter in LETTERS[:rng.randint(2, 4)]:
                        slug = fold(letter)
                        parts.append((f"{kkey}/{slug}", kkey, "diem", letter,
                                      f"{anchor}-khoan-{k}-diem-{slug}", f"Điểm {letter}", "",
                                      _paragraph(rng, doc, (1, 2))))
    return parts


def _party(rng: random.Random, doc) -> list[tuple]:
    parts = []
    for p, (title, headings) in enumerate(PARTY_PARTS):
        roman = ROMAN[p]
        pkey = f"p{p}"
        anchor = f"phan-{roman.lower()}"
        parts.append((pkey, None, "part", roman, anchor, f"{roman}.", title,
                       _paragraph(rng, doc, (0, 1))))
        for i, heading in enumerate(headings, start=1):
            ikey = f"{pkey}/{i}"
            parts.append((ikey, pkey, "item", str(i), f"{anchor}-muc-{i}", f"{i}.", heading,
                          _paragraph(rng, doc, (3, 6))))
            if rng.random() < 0.35:
                for letter in LETTERS[:rng.randint(2, 4)]:
                    slug = fold(letter)
                    parts.append((f"{ikey}/{slug}", ikey, "point", letter,
                                  f"{anchor}-muc-{i}-diem-{slug}", f"{letter})", "",
                                  _paragraph(rng, doc, (2, 4))))
    return parts
