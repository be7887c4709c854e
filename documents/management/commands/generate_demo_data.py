"""Fill the database with realistic, synthetic demo data at scale (deterministic per seed).

``python manage.py generate_demo_data --documents 100000 --seed 1`` adds, beside the seed data
(loaded first with ``load_seed`` if it is missing, and never modified):

- the localities of every level before and after the 2025 reform: 63 provinces and
  centrally-run cities (the 2025 mergers into 34: absorbed provinces end on 30/06/2025 with
  the surviving province as successor), districts (all ending on 30/06/2025), communes and
  wards before the reform (each with its post-reform successor), the post-reform communes
  directly under their province, villages and residential groups;
- the issuing bodies of each place (Party committee, its standing committee and organisation
  board, People's Council and Committee, Department of Home Affairs), with their terms;
- documents over 20 years (2006–2025) with symbols in the national formats
  (``188-KH/TU``, ``29/2023/NĐ-CP``, ``1234/QĐ-UBND``, ``31/2024/NQ-HĐND``); key central
  documents implemented by every province, provinces' plans implemented by their districts
  and communes (after the reform: by the communes directly), legal bases, references,
  continuations, amendments, replacements and evaluations (about three links a document),
  topics, targets (about one for two documents), figures, sources with quotes, events;
- signers and the people at events.

Everything is inserted with ``bulk_create`` in batches. Derived columns are computed by the
models' own ``save()`` code (run without its database write: folded and collation keys,
canonical symbol parts, search text), and locality paths with the same formula as
``Locality.save()``; so the data is exactly what the admin would have stored.

Every object this command creates has a slug starting with ``demo-`` (sources: reference
``demo/…``); ``--clear`` removes them (and only them) before generating again. The random
choices depend only on ``--seed`` and ``--documents``: the same arguments give the same data.
"""

from __future__ import annotations

import bisect
import datetime as dt
import io
import itertools
import random
import time
from collections import defaultdict
from decimal import Decimal

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.db.models import CharField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Cast, Concat
from django.utils.text import slugify

from documents.domain.symbols import parse_symbol
from documents.domain.vietnamese import fold
from documents.domain.vocabulary import DOCUMENT_TYPE_BY_KEY, LOCALITY_LEVEL
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
from documents.models.common import NamedModel

PREFIX = "demo-"
SOURCE_PREFIX = "demo/"
BATCH = 2000
FIRST_YEAR, LAST_YEAR = 2006, 2025
REFORM = dt.date(2025, 7, 1)
REFORM_EVE = dt.date(2025, 6, 30)
END = dt.date(LAST_YEAR, 12, 31)

# --- names -------------------------------------------------------------------------------

# (name, kind, short name used in body names). Hà Nội and TP.HCM are in the seed data.
PROVINCES = [
    ("Hà Nội", "city"), ("Thành phố Hồ Chí Minh", "city"), ("Hải Phòng", "city"),
    ("Đà Nẵng", "city"), ("Cần Thơ", "city"), ("Hà Giang", "province"),
    ("Cao Bằng", "province"), ("Bắc Kạn", "province"), ("Tuyên Quang", "province"),
    ("Lào Cai", "province"), ("Điện Biên", "province"), ("Lai Châu", "province"),
    ("Sơn La", "province"), ("Yên Bái", "province"), ("Hòa Bình", "province"),
    ("Thái Nguyên", "province"), ("Lạng Sơn", "province"), ("Quảng Ninh", "province"),
    ("Bắc Giang", "province"), ("Phú Thọ", "province"), ("Vĩnh Phúc", "province"),
    ("Bắc Ninh", "province"), ("Hải Dương", "province"), ("Hưng Yên", "province"),
    ("Thái Bình", "province"), ("Hà Nam", "province"), ("Nam Định", "province"),
    ("Ninh Bình", "province"), ("Thanh Hóa", "province"), ("Nghệ An", "province"),
    ("Hà Tĩnh", "province"), ("Quảng Bình", "province"), ("Quảng Trị", "province"),
    ("Thừa Thiên Huế", "province"), ("Quảng Nam", "province"), ("Quảng Ngãi", "province"),
    ("Bình Định", "province"), ("Phú Yên", "province"), ("Khánh Hòa", "province"),
    ("Ninh Thuận", "province"), ("Bình Thuận", "province"), ("Kon Tum", "province"),
    ("Gia Lai", "province"), ("Đắk Lắk", "province"), ("Đắk Nông", "province"),
    ("Lâm Đồng", "province"), ("Bình Phước", "province"), ("Tây Ninh", "province"),
    ("Bình Dương", "province"), ("Đồng Nai", "province"), ("Bà Rịa - Vũng Tàu", "province"),
    ("Long An", "province"), ("Tiền Giang", "province"), ("Bến Tre", "province"),
    ("Trà Vinh", "province"), ("Vĩnh Long", "province"), ("Đồng Tháp", "province"),
    ("An Giang", "province"), ("Kiên Giang", "province"), ("Hậu Giang", "province"),
    ("Sóc Trăng", "province"), ("Bạc Liêu", "province"), ("Cà Mau", "province"),
]
SEED_PROVINCE_SLUGS = {"Hà Nội": "ha-noi", "Thành phố Hồ Chí Minh": "tp-ho-chi-minh"}
SHORT_NAMES = {"Thành phố Hồ Chí Minh": "Hồ Chí Minh"}
# The 2025 reform: survivor <- absorbed provinces (the other 11 are unchanged).
MERGERS = {
    "Tuyên Quang": ["Hà Giang"], "Lào Cai": ["Yên Bái"], "Thái Nguyên": ["Bắc Kạn"],
    "Phú Thọ": ["Vĩnh Phúc", "Hòa Bình"], "Bắc Ninh": ["Bắc Giang"],
    "Hưng Yên": ["Thái Bình"], "Hải Phòng": ["Hải Dương"],
    "Ninh Bình": ["Hà Nam", "Nam Định"], "Quảng Trị": ["Quảng Bình"],
    "Đà Nẵng": ["Quảng Nam"], "Quảng Ngãi": ["Kon Tum"], "Gia Lai": ["Bình Định"],
    "Khánh Hòa": ["Ninh Thuận"], "Lâm Đồng": ["Đắk Nông", "Bình Thuận"],
    "Đắk Lắk": ["Phú Yên"], "Thành phố Hồ Chí Minh": ["Bình Dương", "Bà Rịa - Vũng Tàu"],
    "Đồng Nai": ["Bình Phước"], "Tây Ninh": ["Long An"], "Cần Thơ": ["Sóc Trăng", "Hậu Giang"],
    "Vĩnh Long": ["Bến Tre", "Trà Vinh"], "Đồng Tháp": ["Tiền Giang"], "Cà Mau": ["Bạc Liêu"],
    "An Giang": ["Kiên Giang"],
}
SYLLABLES = (
    "An", "Bình", "Hòa", "Phú", "Tân", "Long", "Mỹ", "Phước", "Thuận", "Đông", "Tây", "Nam", "Bắc",
    "Trung", "Hưng", "Thịnh", "Lợi", "Xuân", "Thanh", "Vĩnh", "Quang", "Hiệp", "Hải", "Sơn", "Lâm",
    "Đức", "Minh", "Hồng", "Yên", "Cẩm", "Kim", "Ngọc", "Phong", "Thái", "Hà", "Định", "Lộc",
    "Phúc", "Khánh", "Lạc", "Thạch", "Thủy", "Hội", "Tiến", "Nghĩa", "Hiếu", "Trường", "Cát",
    "Vân", "Bảo", "Gia", "Liên", "Mai", "Đạo",
)
SURNAMES = (
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ",
    "Hồ", "Ngô", "Dương", "Lý", "Đinh", "Trịnh", "Mai", "Lương", "Tạ", "Hà", "Cao", "Lâm", "Chu",
)
MIDDLES = (
    "Văn", "Thị", "Hữu", "Đức", "Minh", "Quang", "Thanh", "Ngọc", "Xuân", "Hồng", "Công", "Đình",
    "Tiến", "Anh", "Kim", "Thế",
)
GIVENS = (
    "An", "Bình", "Cường", "Dũng", "Giang", "Hà", "Hải", "Hạnh", "Hiếu", "Hòa", "Hùng", "Hương",
    "Khánh", "Lan", "Linh", "Long", "Mai", "Nam", "Nga", "Nghĩa", "Phong", "Phúc", "Phương",
    "Quân", "Quyết", "Sơn", "Tâm", "Thắng", "Thảo", "Thành", "Thủy", "Trang", "Trung", "Tuấn",
    "Tùng", "Vân", "Việt", "Vinh", "Yến", "Hoa", "Huy", "Khoa", "Lực", "Mạnh", "Ninh", "Oanh",
    "Quý", "Tài", "Thu", "Toàn", "Uyên", "Xuyến",
)
ROMAN = [
    "", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII",
    "XIV", "XV", "XVI", "XVII", "XVIII", "XIX", "XX", "XXI", "XXII", "XXIII", "XXIV", "XXV",
    "XXVI", "XXVII", "XXVIII", "XXIX", "XXX", "XXXI", "XXXII",
]

# What documents are about, per seed topic (its slug) and per demo topic.
PHRASES = {
    "luan-chuyen": ["luân chuyển, điều động cán bộ lãnh đạo, quản lý",
                    "luân chuyển cán bộ về cơ sở", "điều động, biệt phái công chức",
                    "chuyển đổi vị trí công tác đối với công chức, viên chức"],
    "thi-tuyen": ["thi tuyển chức danh lãnh đạo, quản lý cấp phòng",
                  "thí điểm thi tuyển một số chức danh lãnh đạo", "tuyển dụng công chức cấp xã"],
    "quy-hoach": ["quy hoạch cán bộ lãnh đạo, quản lý",
                  "rà soát, bổ sung quy hoạch cán bộ nhiệm kỳ tới"],
    "tinh-gian-bien-che": ["tinh giản biên chế và cơ cấu lại đội ngũ cán bộ, công chức",
                           "quản lý biên chế, tinh giản biên chế"],
    "kiem-nhiem": ["thực hiện chủ trương bí thư cấp ủy đồng thời là chủ tịch Ủy ban nhân dân",
                   "bố trí cán bộ kiêm nhiệm chức danh"],
    "dao-tao-boi-duong": ["đào tạo, bồi dưỡng cán bộ, công chức, viên chức",
                          "bồi dưỡng kiến thức quốc phòng và an ninh cho cán bộ",
                          "đào tạo lý luận chính trị cho cán bộ cơ sở"],
    "tao-nguon": ["tạo nguồn cán bộ chủ chốt cấp xã",
                  "phát hiện, bồi dưỡng cán bộ trẻ có triển vọng"],
    "vi-tri-viec-lam": ["xác định vị trí việc làm và cơ cấu ngạch công chức"],
    "che-do-chinh-sach": ["chính sách hỗ trợ cán bộ nghỉ công tác do sắp xếp tổ chức bộ máy",
                          "chế độ phụ cấp đối với người hoạt động không chuyên trách"],
    "to-chuc-bo-may": ["sắp xếp đơn vị hành chính cấp huyện, cấp xã",
                       "kiện toàn tổ chức bộ máy của hệ thống chính trị"],
    "bau-cu": ["lãnh đạo cuộc bầu cử đại biểu Quốc hội và Hội đồng nhân dân các cấp",
               "chuẩn bị nhân sự đại hội đảng bộ các cấp"],
    "cong-vu": ["đẩy mạnh cải cách công vụ, công chức", "nâng cao đạo đức công vụ"],
    "danh-gia-can-bo": ["đánh giá, xếp loại chất lượng cán bộ hằng năm",
                        "kiểm điểm, đánh giá tập thể, cá nhân cuối năm"],
    "demo-thu-hut-nhan-tai": ["thu hút, trọng dụng người có tài năng",
                              "chính sách thu hút sinh viên tốt nghiệp xuất sắc"],
    "demo-can-bo-nu": ["công tác cán bộ nữ", "tăng tỷ lệ cán bộ nữ trong cấp ủy"],
    "demo-kiem-tra-ky-luat": ["kiểm tra, giám sát và thi hành kỷ luật đảng",
                              "xử lý cán bộ vi phạm"],
    "demo-chuyen-doi-so": ["chuyển đổi số trong công tác tổ chức cán bộ",
                           "xây dựng cơ sở dữ liệu cán bộ, công chức"],
}
DEMO_TOPICS = [
    ("demo-thu-hut-nhan-tai", "Thu hút nhân tài", "Attracting talent"),
    ("demo-can-bo-nu", "Cán bộ nữ", "Women cadres"),
    ("demo-kiem-tra-ky-luat", "Kiểm tra, kỷ luật", "Inspection and discipline"),
    ("demo-chuyen-doi-so", "Chuyển đổi số trong công tác cán bộ", "Digital personnel work"),
]
DEMO_INDICATORS = [
    ("Tỷ lệ cán bộ trẻ dưới 40 tuổi trong cấp ủy", "percent"),
    ("Tỷ lệ cán bộ nữ trong cấp ủy", "percent"),
    ("Tỷ lệ cán bộ lãnh đạo được luân chuyển", "percent"),
    ("Tỷ lệ công chức có trình độ đại học trở lên", "percent"),
    ("Tỷ lệ cán bộ được đánh giá hoàn thành tốt nhiệm vụ", "percent"),
    ("Tỷ lệ tinh giản biên chế so với năm gốc", "percent"),
    ("Tỷ lệ chức danh lãnh đạo được thi tuyển", "percent"),
    ("Tỷ lệ cán bộ được bồi dưỡng kiến thức quản lý nhà nước", "percent"),
    ("Số cán bộ được luân chuyển", "people"),
    ("Số công chức được tuyển dụng qua thi tuyển", "people"),
    ("Số người được đào tạo lý luận chính trị cao cấp", "people"),
    ("Số người hoạt động không chuyên trách được bố trí lại", "people"),
    ("Số đơn vị hành chính được sắp xếp", "count"),
    ("Số cơ quan, đơn vị được kiện toàn", "count"),
    ("Số lớp bồi dưỡng được tổ chức", "count"),
    ("Tỷ số cán bộ trên dân số", "ratio"),
]
APPLIES_TO = [
    "cán bộ chủ chốt cấp xã", "cán bộ lãnh đạo, quản lý cấp huyện", "công chức cấp xã",
    "cán bộ diện Ban Thường vụ quản lý", "cấp ủy viên", "người hoạt động không chuyên trách",
    "cán bộ, công chức, viên chức", "",
]
PUBLISHERS = [
    ("Báo Nhân Dân", "news"), ("Báo Tuổi Trẻ", "news"), ("Báo Thanh Niên", "news"),
    ("Báo Pháp luật TP.HCM", "news"), ("Báo Hà Nội Mới", "news"), ("VnExpress", "news"),
    ("Tạp chí Xây dựng Đảng", "news"), ("Cổng thông tin điện tử Chính phủ", "portal"),
    ("Cơ sở dữ liệu quốc gia về văn bản pháp luật", "gazette"), ("Báo Lao Động", "news"),
]

# Document types each kind of body issues, with weights, and their symbol type codes.
PARTY_TYPES = [("nghi_quyet", "NQ", 3), ("ket_luan", "KL", 2), ("chi_thi", "CT", 1),
               ("quy_dinh", "QĐ", 2), ("quyet_dinh", "QĐ", 2), ("huong_dan", "HD", 1),
               ("ke_hoach", "KH", 6), ("de_an", "ĐA", 2), ("chuong_trinh", "CTr", 1),
               ("thong_bao_ket_luan", "TB", 2), ("bao_cao", "BC", 2), ("quy_che", "QC", 1)]
BOARD_TYPES = [("huong_dan", "HD", 4), ("ke_hoach", "KH", 2), ("cong_van", "CV", 1),
               ("bao_cao", "BC", 1)]
UBND_TYPES = [("quyet_dinh", "QĐ", 6), ("ke_hoach", "KH", 5), ("de_an", "ĐA", 1),
              ("chi_thi", "CT", 1), ("bao_cao", "BC", 2), ("thong_bao", "TB", 1),
              ("to_trinh", "TTr", 1)]
HDND_TYPES = [("nghi_quyet", "NQ", 1)]
DEPT_TYPES = [("ke_hoach", "KH", 3), ("huong_dan", "HD", 2), ("bao_cao", "BC", 1)]
GOV_TYPES = [("nghi_dinh", "NĐ", 4), ("nghi_quyet", "NQ", 2)]
PM_TYPES = [("quyet_dinh", "QĐ", 4), ("chi_thi", "CT", 1)]
MINISTRY_TYPES = [("thong_tu", "TT", 3), ("quyet_dinh", "QĐ", 2), ("huong_dan", "HD", 1),
                  ("ke_hoach", "KH", 1)]
NORMATIVE = {("nghi_dinh", "CP"), ("thong_tu", "BNV"), ("nghi_quyet", "HĐND")}
PLAN_TYPES = {"ke_hoach", "de_an", "chuong_trinh", "nghi_quyet", "ket_luan", "chi_thi",
              "quyet_dinh", "huong_dan"}
TARGET_TYPES = {"ke_hoach", "de_an", "chuong_trinh", "nghi_quyet"}


# --- plain records (the model instances are built per batch) ------------------------------


class Loc:
    __slots__ = ("name", "kind", "parent", "slug", "valid_from", "valid_to", "successors",
                 "obj", "province", "bodies", "children", "key", "name_en", "idx")

    def __init__(self, name, kind, parent, slug, valid_from=None, valid_to=None):
        self.name, self.kind, self.parent, self.slug = name, kind, parent, slug
        self.valid_from, self.valid_to = valid_from, valid_to
        self.successors: list[Loc] = []
        self.obj = None
        self.province = None
        self.bodies: dict[str, Body] = {}
        self.children: list[Loc] = []
        self.key = fold(name)
        self.name_en = fold(name).title()
        self.idx = 0

    @property
    def level(self) -> int:
        return LOCALITY_LEVEL[self.kind]

    def alive(self, day: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )


class Body:
    __slots__ = ("name", "slug", "code", "kind", "loc", "parent", "successor", "valid_from",
                 "valid_to", "obj", "types", "terms", "people", "short_name")

    def __init__(self, name, slug, code, kind, loc, parent=None, types=(), short_name=""):
        self.name, self.slug, self.code, self.kind, self.loc = name, slug, code, kind, loc
        self.parent, self.successor = parent, None
        self.valid_from = self.valid_to = None
        self.obj = None
        self.types = list(types)
        self.terms: list[TermRec] = []
        self.people: list[PersonRec] = []
        self.short_name = short_name


class TermRec:
    __slots__ = ("body", "name", "number", "start_year", "end_year", "start", "obj")

    def __init__(self, body, number, start_year, end_year, start_month):
        self.body, self.number = body, number
        self.name = f"khóa {ROMAN[number]}"
        self.start_year, self.end_year = start_year, end_year
        self.start = dt.date(start_year, start_month, 1)
        self.obj = None


class PersonRec:
    __slots__ = ("name", "slug", "obj", "title")

    def __init__(self, name, slug, title):
        self.name, self.slug, self.title, self.obj = name, slug, title, None


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


def _prepare(obj) -> None:
    """Run the model's own ``save()`` (every derived field) without the database write."""
    obj.save_base = _no_write
    try:
        obj.save()
    finally:
        del obj.save_base


def _prepare_named(obj) -> None:
    """``NamedModel.save()`` only (folded and collation keys), for localities whose own
    ``save()`` needs the primary key for the path (set afterwards, same formula)."""
    obj.save_base = _no_write
    try:
        NamedModel.save(obj)
    finally:
        del obj.save_base


def _no_write(*args, **kwargs):
    return None


class Picker:
    """Weighted choice in O(log n): [(item, weight)]."""

    def __init__(self, items):
        self.items = [item for item, _w in items]
        self.cum = list(itertools.accumulate(w for _item, w in items))

    def __call__(self, rng: random.Random):
        i = bisect.bisect_right(self.cum, rng.random() * self.cum[-1])
        return self.items[min(i, len(self.items) - 1)]


def _weighted(rng: random.Random, items):
    """Pick from [(…, weight)] tuples (the weight is the last element)."""
    total = sum(i[-1] for i in items)
    r = rng.uniform(0, total)
    for item in items:
        r -= item[-1]
        if r <= 0:
            return item
    return items[-1]


class Generator:
    def __init__(self, n_docs: int, seed: int, out=None):
        self.n = n_docs
        self.rng = random.Random(seed)
        self.out = out
        self.scale = min(1.0, n_docs / 100_000)
        self.started = time.perf_counter()
        self.counts: dict[str, int] = {}

    def say(self, message: str) -> None:
        if self.out is not None:
            self.out(f"[{time.perf_counter() - self.started:6.1f} s] {message}")

    # ---- helpers -------------------------------------------------------------------------
    def unique_name(self, used: set, make) -> str:
        for _ in range(200):
            name = make()
            key = fold(name)
            if key not in used:
                used.add(key)
                return name
        n = 2
        base = make()
        while fold(f"{base} {n}") in used:
            n += 1
        used.add(fold(f"{base} {n}"))
        return f"{base} {n}"

    def place_name(self) -> str:
        return f"{self.rng.choice(SYLLABLES)} {self.rng.choice(SYLLABLES)}"

    def random_date(self, start: dt.date, end: dt.date) -> dt.date:
        if end <= start:
            return start
        return start + dt.timedelta(days=self.rng.randrange((end - start).days + 1))

    def weighted_date(self, start: dt.date = dt.date(FIRST_YEAR, 1, 1), end: dt.date = END):
        """More documents in recent years (the catalogue fills up over time)."""
        years = list(range(max(start.year, FIRST_YEAR), end.year + 1))
        year = _weighted(self.rng, [(y, 1 + (y - FIRST_YEAR) * 0.15) for y in years])[0]
        lo = max(start, dt.date(year, 1, 1))
        hi = min(end, dt.date(year, 12, 31))
        return self.random_date(lo, hi)

    # ---- localities ----------------------------------------------------------------------
    def build_localities(self) -> None:
        rng = self.rng
        existing = {loc.slug: loc for loc in Locality.objects.all()}
        used_in_parent: dict[int | str, set] = defaultdict(set)
        for loc in existing.values():
            used_in_parent[loc.parent_id or 0].add((loc.name_key, loc.kind))
        root = existing.get("viet-nam")
        if root is None:
            raise CommandError("The seed locality viet-nam is missing (run load_seed).")
        self.root = Loc(root.name, root.kind, None, root.slug)
        self.root.obj = root
        self.localities: list[Loc] = []
        self.provinces: list[Loc] = []
        by_name = {}
        for i, (name, kind) in enumerate(PROVINCES):
            slug = SEED_PROVINCE_SLUGS.get(name) or f"{PREFIX}{slugify(fold(name))}"
            loc = Loc(name, kind, self.root, slug)
            loc.province = loc
            if slug in existing:
                loc.obj = existing[slug]
            else:
                self.localities.append(loc)
            self.provinces.append(loc)
            by_name[name] = loc
            loc.idx = i
        absorbed = {}
        for survivor, others in MERGERS.items():
            for other in others:
                absorbed[other] = by_name[survivor]
        self.survivors = [p for p in self.provinces if p.name not in absorbed]
        for p in self.provinces:
            if p.name in absorbed:
                p.valid_to = REFORM_EVE
                p.successors = [absorbed[p.name]]
            p.valid_from = None
        # Districts (until 30/06/2025) and their communes, wards and townships.
        self.districts: list[Loc] = []
        self.old_communes: list[Loc] = []
        s = self.scale
        for p in self.provinces:
            big = p.kind == "city"
            n_districts = {"Hà Nội": 30, "Thành phố Hồ Chí Minh": 22}.get(p.name)
            n_districts = n_districts or rng.randint(8, 14)
            n_districts = max(1, round(n_districts * s))
            used = used_in_parent[p.obj.pk if p.obj else p.slug]
            used_keys = {k for k, _kind in used}
            for d in range(n_districts):
                if big:
                    kind = "urban_district" if d < n_districts * 0.6 else "rural_district"
                else:
                    kind = "provincial_city" if d == 0 else (
                        "town" if d == 1 and n_districts > 3 else "rural_district")
                name = self.unique_name(used_keys, self.place_name)
                loc = Loc(name, kind, p, f"{PREFIX}{len(self.localities):05d}-"
                          f"{slugify(fold(name))}", valid_to=REFORM_EVE)
                loc.province = p
                p.children.append(loc)
                self.localities.append(loc)
                self.districts.append(loc)
                n_communes = max(2, round(rng.randint(10, 20) * s))
                inner: set = set()
                for c in range(n_communes):
                    urban = kind in ("urban_district", "provincial_city", "town")
                    ckind = "ward" if urban else ("township" if c == 0 else "commune")
                    cname = self.unique_name(inner, self.place_name)
                    com = Loc(cname, ckind, loc, f"{PREFIX}{len(self.localities):05d}-"
                              f"{slugify(fold(cname))}", valid_to=REFORM_EVE)
                    com.province = p
                    loc.children.append(com)
                    self.localities.append(com)
                    self.old_communes.append(com)
        # After the reform: communes directly under the surviving provinces, each the
        # successor of about three former ones.
        self.new_communes: list[Loc] = []
        pool: dict[str, list[Loc]] = defaultdict(list)
        for com in self.old_communes:
            survivor = com.province
            if survivor.name in absorbed:
                survivor = absorbed[survivor.name]
            pool[survivor.name].append(com)
        for p in self.survivors:
            olds = list(pool[p.name])
            rng.shuffle(olds)
            used = used_in_parent[p.obj.pk if p.obj else p.slug]
            used_keys = {k for k, _kind in used} | {c.key for c in p.children}
            groups = [olds[i:i + 3] for i in range(0, len(olds), 3)]
            for g, group in enumerate(groups):
                wards = sum(1 for c in group if c.kind == "ward")
                kind = "ward" if wards * 2 > len(group) else "commune"
                if g == len(groups) - 1 and p.idx % 8 == 0 and len(groups) > 1:
                    kind = "special_zone"
                name = self.unique_name(used_keys, self.place_name)
                loc = Loc(name, kind, p, f"{PREFIX}{len(self.localities):05d}-"
                          f"{slugify(fold(name))}", valid_from=REFORM)
                loc.province = p
                p.children.append(loc)
                self.localities.append(loc)
                self.new_communes.append(loc)
                for old in group:
                    old.successors = [loc]
        # Villages and residential groups (under today's communes).
        per = max(0, round(3 * s))
        self.villages: list[Loc] = []
        first_of_province = {}
        for com in self.new_communes:
            first_of_province.setdefault(com.province.name, com)
        for com in self.new_communes:
            n = per or (1 if first_of_province[com.province.name] is com else 0)
            used: set = set()
            for v in range(n):
                if com.kind == "ward":
                    kind, name = "residential_group", f"Tổ dân phố số {v + 1}"
                else:
                    kind = "village"
                    name = self.unique_name(used, lambda: f"Thôn {self.rng.choice(SYLLABLES)}")
                loc = Loc(name, kind, com, f"{PREFIX}{len(self.localities):05d}-"
                          f"{slugify(fold(name))}")
                loc.province = com.province
                self.localities.append(loc)
                self.villages.append(loc)

    def insert_localities(self) -> None:
        for level in (1, 2, 3, 4):
            # Former communes point to the new ones (successors are an M2M, added later).
            batch = []
            for loc in self.localities:
                if loc.level != level:
                    continue
                obj = Locality(
                    slug=loc.slug, name=loc.name, name_en=loc.name_en, kind=loc.kind,
                    parent_id=loc.parent.obj.pk, valid_from=loc.valid_from,
                    valid_to=loc.valid_to, path="", level=LOCALITY_LEVEL[loc.kind],
                )
                _prepare_named(obj)
                loc.obj = obj
                batch.append(obj)
            Locality.objects.bulk_create(batch, batch_size=BATCH)
            for loc in self.localities:  # the same path on the objects, for the documents
                if loc.level == level:
                    loc.obj.path = f"{loc.parent.obj.path}{loc.obj.pk}/"
            # path = parent's path + own id + "/" (the formula of Locality.save()).
            parent_path = Locality.objects.filter(pk=OuterRef("parent_id")).values("path")[:1]
            Locality.objects.filter(level=level, path="", slug__startswith=PREFIX).update(
                path=Concat(
                    Subquery(parent_path, output_field=CharField()),
                    Cast("id", CharField()),
                    Value("/"),
                    output_field=CharField(),
                )
            )
        Through = Locality.successors.through
        rows = [
            Through(from_locality_id=loc.obj.pk, to_locality_id=succ.obj.pk)
            for loc in self.provinces + self.old_communes
            if loc.slug.startswith(PREFIX)
            for succ in loc.successors
        ]
        Through.objects.bulk_create(rows, batch_size=BATCH)
        self.counts["localities"] = len(self.localities)

    # ---- bodies, terms, people -----------------------------------------------------------
    def build_bodies(self) -> None:
        existing = {b.name_key: b for b in IssuingBody.objects.all()}
        self.bodies: list[Body] = []
        self.used_body_names = set(existing)
        self.existing_bodies = existing

        def body(name, code, kind, loc, parent=None, types=(), short=""):
            key = fold(name)
            slug_base = slugify(fold(name))[:100]
            b = Body(name, f"{PREFIX}{len(self.bodies):05d}-{slug_base}", code, kind, loc,
                     parent, types, short)
            if key in existing:
                b.obj = existing[key]
                b.slug = b.obj.slug
                b.code = b.obj.code or code
            elif key in self.used_body_names:
                raise CommandError(f"duplicate body name {name}")
            self.used_body_names.add(key)
            self.bodies.append(b)
            return b

        root = self.root
        bch = body("Ban Chấp hành Trung ương Đảng", "TW", "party_committee", root,
                   types=PARTY_TYPES)
        central = {
            "bch": bch,
            "bct": body("Bộ Chính trị", "TW", "politburo", root, bch, PARTY_TYPES),
            "bbt": body("Ban Bí thư", "TW", "secretariat", root, bch, PARTY_TYPES),
            "btc": body("Ban Tổ chức Trung ương", "BTCTW", "party_board", root, bch,
                        BOARD_TYPES),
            "cp": body("Chính phủ", "CP", "government", root, types=GOV_TYPES),
            "ttg": body("Thủ tướng Chính phủ", "TTg", "prime_minister", root, types=PM_TYPES),
            "bnv": body("Bộ Nội vụ", "BNV", "ministry", root, types=MINISTRY_TYPES),
        }
        root.bodies = central
        self.central_bodies = list(central.values())
        for n, start in enumerate((2001, 2006, 2011, 2016, 2021)):
            bch.terms.append(TermRec(bch, 9 + n, start, start + 5, 2))
        # Provinces: committee, standing committee, organisation board, council, committee,
        # department; districts: committee and its standing committee, people's committee;
        # communes: Party committee and People's Committee.
        for p in self.provinces:
            short = SHORT_NAMES.get(p.name, p.name)
            city = p.kind == "city"
            unit = "thành phố" if city else "tỉnh"
            party = "Thành ủy" if city else "Tỉnh ủy"
            tu = body(f"{party} {short}", "TU", "party_committee", p, types=PARTY_TYPES)
            btv = body(f"Ban Thường vụ {party} {short}", "TU", "party_standing_committee", p,
                       tu, PARTY_TYPES)
            btc = body(f"Ban Tổ chức {party} {short}", "BTCTU", "party_board", p, tu,
                       BOARD_TYPES)
            hdnd = body(f"Hội đồng nhân dân {unit} {short}", "HĐND", "peoples_council", p,
                        types=HDND_TYPES)
            ubnd = body(f"Ủy ban nhân dân {unit} {short}", "UBND", "peoples_committee", p,
                        types=UBND_TYPES)
            snv = body(f"Sở Nội vụ {short}", "SNV", "state_department", p, ubnd, DEPT_TYPES)
            p.bodies = {"tu": tu, "btv": btv, "btc": btc, "hdnd": hdnd, "ubnd": ubnd,
                        "snv": snv}
            base = self.rng.randint(13, 19) if p.name != "Hà Nội" else 14
            for n, start in enumerate((2005, 2010, 2015, 2020, 2025)):
                tu.terms.append(TermRec(tu, base + n, start, start + 5, 10))
        for p in self.provinces:
            for succ in p.successors:
                for role, b in p.bodies.items():
                    b.successor = succ.bodies[role]
                    b.valid_to = REFORM_EVE
        for d in self.districts:
            short = SHORT_NAMES.get(d.province.name, d.province.name)
            word, code = {
                "urban_district": ("Quận ủy", "QU"), "rural_district": ("Huyện ủy", "HU"),
                "town": ("Thị ủy", "TXU"), "provincial_city": ("Thành ủy", "TU"),
                "municipal_city": ("Thành ủy", "TU"),
            }[d.kind]
            unit = {"urban_district": "quận", "rural_district": "huyện", "town": "thị xã",
                    "provincial_city": "thành phố", "municipal_city": "thành phố"}[d.kind]
            where = f"{d.name}, {'thành phố' if d.province.kind == 'city' else 'tỉnh'} {short}"
            tu = d.province.bodies["tu"]
            qu = body(f"{word} {where}", code, "party_committee", d, tu, PARTY_TYPES)
            btv = body(f"Ban Thường vụ {word} {where}", code, "party_standing_committee", d,
                       qu, PARTY_TYPES)
            ubnd = body(f"Ủy ban nhân dân {unit} {where}", "UBND", "peoples_committee", d,
                        types=UBND_TYPES)
            for b in (qu, btv, ubnd):
                b.valid_to = REFORM_EVE
            d.bodies = {"tu": qu, "btv": btv, "ubnd": ubnd}
            base = self.rng.randint(18, 26)
            for n, start in enumerate((2005, 2010, 2015, 2020)):
                qu.terms.append(TermRec(qu, base + n, start, start + 5, 8))
        for com in self.new_communes + self.old_communes:
            unit = {"ward": "phường", "commune": "xã", "township": "thị trấn",
                    "special_zone": "đặc khu"}[com.kind]
            short = SHORT_NAMES.get(com.province.name, com.province.name)
            if com.parent.level == 2:
                where = f"{unit} {com.name}, {com.parent.name}, {short}"
                parent_party = com.parent.bodies["tu"]
            else:
                where = f"{unit} {com.name}, {short}"
                parent_party = com.province.bodies["tu"]
            du = body(f"Đảng ủy {where}", "ĐU", "party_committee", com, parent_party,
                      PARTY_TYPES)
            ubnd = body(f"Ủy ban nhân dân {where}", "UBND", "peoples_committee", com,
                        types=UBND_TYPES)
            com.bodies = {"tu": du, "ubnd": ubnd}
            if com.valid_to:
                for b in (du, ubnd):
                    b.valid_to = REFORM_EVE
            else:
                for b in (du, ubnd):
                    b.valid_from = REFORM
        for com in self.old_communes:
            for role, b in com.bodies.items():
                b.successor = com.successors[0].bodies[role]

    def build_people(self) -> None:
        used = set(Person.objects.values_list("name_key", flat=True))
        self.people: list[PersonRec] = []
        combos = [(s, m, g) for s in SURNAMES for m in MIDDLES for g in GIVENS]
        self.rng.shuffle(combos)
        combos_iter = iter(combos)

        def person(title):
            for s, m, g in combos_iter:
                name = f"{s} {m} {g}"
                if fold(name) in used:
                    continue
                used.add(fold(name))
                rec = PersonRec(name, f"{PREFIX}p{len(self.people):05d}-{slugify(fold(name))}",
                                title)
                self.people.append(rec)
                return rec
            return None

        for b in self.central_bodies:
            for title in ("Tổng Bí thư", "Thường trực Ban Bí thư", "Bộ trưởng", "Thủ tướng"):
                party = b.kind in ("party_committee", "politburo", "secretariat")
                government = b.kind in ("government", "prime_minister")
                if (party and "Bí thư" in title) or (government and title == "Thủ tướng"):
                    b.people.append(person(title))
                elif b.kind in ("ministry", "party_board") and title == "Bộ trưởng":
                    b.people.append(person("Bộ trưởng" if b.kind == "ministry" else "Trưởng ban"))
        for p in self.provinces:
            bodies = p.bodies
            bt = [person("Bí thư"), person("Phó Bí thư Thường trực")]
            bodies["tu"].people += bt
            bodies["btv"].people += bt
            bodies["btc"].people.append(person("Trưởng Ban Tổ chức"))
            bodies["hdnd"].people.append(person("Chủ tịch Hội đồng nhân dân"))
            bodies["ubnd"].people += [person("Chủ tịch"), person("Phó Chủ tịch")]
            bodies["snv"].people.append(person("Giám đốc"))
        if self.scale >= 0.05:
            for d in self.districts:
                bt = [person("Bí thư")]
                d.bodies["tu"].people += bt
                d.bodies["btv"].people += bt
                d.bodies["ubnd"].people.append(person("Chủ tịch"))
        for b in self.bodies:
            b.people = [p for p in b.people if p is not None]

    def insert_bodies_terms_people(self) -> None:
        # Waves: a body after its parent and successor.
        memo: dict[int, int] = {}

        def wave(b):
            if b.obj is not None and b.obj.pk and not b.slug.startswith(PREFIX):
                return 0
            if id(b) in memo:
                return memo[id(b)]
            w = 1 + max(wave(b.parent) if b.parent else 0,
                        wave(b.successor) if b.successor else 0)
            memo[id(b)] = w
            return w

        todo = [b for b in self.bodies if b.obj is None]
        by_wave: dict[int, list[Body]] = defaultdict(list)
        for b in todo:
            by_wave[wave(b)].append(b)
        for w in sorted(by_wave):
            batch = []
            for b in by_wave[w]:
                obj = IssuingBody(
                    slug=b.slug, name=b.name, name_en="", short_name=b.short_name, code=b.code,
                    kind=b.kind, locality_id=b.loc.obj.pk,
                    parent_id=b.parent.obj.pk if b.parent else None,
                    successor_id=b.successor.obj.pk if b.successor else None,
                    valid_from=b.valid_from, valid_to=b.valid_to,
                )
                _prepare(obj)
                b.obj = obj
                batch.append(obj)
            IssuingBody.objects.bulk_create(batch, batch_size=BATCH)
        self.counts["bodies"] = len(todo)
        existing_terms = {(t.body_id, t.name): t for t in Term.objects.all()}
        new_terms = []
        for b in self.bodies:
            for t in b.terms:
                found = existing_terms.get((b.obj.pk, t.name))
                if found is not None:
                    t.obj = found
                    continue
                t.obj = Term(body_id=b.obj.pk, name=t.name, number=t.number,
                             start_year=t.start_year, end_year=t.end_year)
                new_terms.append(t.obj)
        Term.objects.bulk_create(new_terms, batch_size=BATCH)
        self.counts["terms"] = len(new_terms)
        people = []
        for rec in self.people:
            rec.obj = Person(slug=rec.slug, name=rec.name)
            _prepare(rec.obj)
            people.append(rec.obj)
        Person.objects.bulk_create(people, batch_size=BATCH)
        self.counts["people"] = len(people)

    def topics_and_indicators(self) -> None:
        existing = {t.slug: t for t in Topic.objects.all()}
        new = []
        for slug, name, name_en in DEMO_TOPICS:
            if slug not in existing:
                obj = Topic(slug=slug, name=name, name_en=name_en)
                _prepare(obj)
                new.append(obj)
        Topic.objects.bulk_create(new)
        self.topics = {t.slug: t for t in Topic.objects.filter(slug__in=list(PHRASES))}
        self.topic_slugs = sorted(self.topics)
        used = set(Indicator.objects.values_list("name_key", flat=True))
        new = []
        for i, (name, unit) in enumerate(DEMO_INDICATORS):
            if fold(name) in used:
                continue
            obj = Indicator(slug=f"{PREFIX}{i:02d}-{slugify(fold(name))}"[:120], name=name,
                            unit=unit)
            _prepare(obj)
            new.append(obj)
        Indicator.objects.bulk_create(new)
        self.indicators = list(Indicator.objects.order_by("slug"))

    # ---- documents -----------------------------------------------------------------------
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
        doc_type, code, _w = _weighted(self.rng, types or body.types)
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
            return _weighted(self.rng, [("expired", 4), ("replaced", 2), ("in_force", 2),
                                        ("unknown", 2)])[0]
        if age > 4:
            return _weighted(self.rng, [("in_force", 5), ("partly_expired", 1),
                                        ("expired", 1), ("replaced", 1), ("unknown", 2)])[0]
        return _weighted(self.rng, [("in_force", 7), ("not_yet_in_force", 1),
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

    def insert_documents(self) -> None:
        for start in range(0, len(self.docs), BATCH):
            chunk = self.docs[start:start + BATCH]
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
                _prepare(obj)
                objs.append(obj)
            Document.objects.bulk_create(objs)
            for doc, obj in zip(chunk, objs, strict=True):
                doc.pk = obj.pk
        self.say(f"{len(self.docs)} documents")
        Through = Document.topics.through
        rows = []
        for doc in self.docs:
            for slug in doc.topics:
                rows.append(Through(document_id=doc.pk, topic_id=self.topics[slug].pk))
            if len(rows) >= BATCH * 5:
                Through.objects.bulk_create(rows, batch_size=BATCH)
                rows = []
        Through.objects.bulk_create(rows, batch_size=BATCH)

    def insert_links(self) -> None:
        batch = []
        total = 0
        for doc in self.docs:
            for kind, target, inferred in doc.links:
                other = self.docs[target]
                quote = ""
                if kind == "implements":
                    quote = (f"Thực hiện {DOCUMENT_TYPE_BY_KEY[other.doc_type].vi} "
                             f"{other.symbol or other.title[:80]} của {other.body.name}…")
                obj = DocumentLink(from_document_id=doc.pk, to_document_id=other.pk, kind=kind,
                                   inferred=inferred, quote=quote,
                                   source_id=self.link_source(doc))
                _prepare(obj)
                batch.append(obj)
            if len(batch) >= BATCH:
                DocumentLink.objects.bulk_create(batch)
                total += len(batch)
                batch = []
        DocumentLink.objects.bulk_create(batch)
        total += len(batch)
        self.counts["links"] = total
        self.say(f"{total} links")

    def link_source(self, doc: Doc):
        if self.rng.random() < 0.1 and self.sources:
            return self.sources[doc.n % len(self.sources)].pk
        return None

    # ---- sources, targets, figures, events -----------------------------------------------
    def insert_sources(self) -> None:
        n_sources = max(5, self.n // 25)
        objs = []
        for i in range(n_sources):
            publisher, kind = self.rng.choice(PUBLISHERS)
            day = self.weighted_date()
            phrase = self.rng.choice(PHRASES[self.rng.choice(self.topic_slugs)])
            obj = Source(
                kind=kind, publisher=publisher,
                headline=f"{phrase[0].upper()}{phrase[1:]}: kết quả và bài học ({i + 1})",
                url=f"https://example.org/demo/{i + 1}", published_date=day,
                reference=f"{SOURCE_PREFIX}{i + 1:06d}",
            )
            _prepare(obj)
            objs.append(obj)
        Source.objects.bulk_create(objs, batch_size=BATCH)
        self.sources = objs
        self.counts["sources"] = len(objs)

    def insert_mentions(self) -> None:
        batch, total = [], 0
        for doc in self.docs:
            if self.rng.random() < 0.45:
                picks = {self.rng.randrange(len(self.sources))
                         for _ in range(self.rng.choice((1, 1, 2)))}
                for i in sorted(picks):
                    obj = SourceMention(source_id=self.sources[i].pk, document_id=doc.pk,
                                        quote=f"… {doc.title[:160]} …")
                    _prepare(obj)
                    batch.append(obj)
            if len(batch) >= BATCH:
                SourceMention.objects.bulk_create(batch)
                total += len(batch)
                batch = []
        SourceMention.objects.bulk_create(batch)
        self.counts["mentions"] = total + len(batch)

    def insert_targets(self) -> None:
        rng = self.rng
        batch, total = [], 0
        for doc in self.docs:
            if doc.doc_type not in TARGET_TYPES or rng.random() < 0.55:
                continue
            for position in range(rng.choice((1, 1, 1, 2, 2, 3))):
                indicator = rng.choice(self.indicators)
                unit = indicator.unit
                if unit == "percent":
                    value = Decimal(rng.choice((50, 60, 70, 80, 85, 90, 95, 100, 10, 15, 20)))
                    baseline = (value - rng.randint(1, 10)) if value > 10 else None
                elif unit == "people":
                    value = Decimal(rng.randint(5, 2000))
                    baseline = Decimal(int(value) // 2)
                elif unit == "ratio":
                    value = Decimal(rng.randint(1, 20)) / 10
                    baseline = None
                else:
                    value = Decimal(rng.randint(1, 50))
                    baseline = None
                end = doc.period[1] or doc.date.year + rng.randint(1, 5)
                obj = Target(
                    document_id=doc.pk, indicator=indicator, unit=unit,
                    applies_to=rng.choice(APPLIES_TO),
                    comparator=rng.choice(("at_least", "at_least", "at_least", "at_most",
                                           "exactly")),
                    value=value, deadline_year=end,
                    baseline_value=baseline if rng.random() < 0.4 else None,
                    locality_id=doc.body.loc.obj.pk, position=position,
                    quote=f"Phấn đấu đến năm {end} đạt {value} ({indicator.name.lower()})",
                )
                _prepare(obj)
                batch.append(obj)
            if len(batch) >= BATCH:
                Target.objects.bulk_create(batch)
                total += len(batch)
                batch = []
        Target.objects.bulk_create(batch)
        self.counts["targets"] = total + len(batch)

    def insert_figures(self) -> None:
        rng = self.rng
        objs = []
        places = self.provinces + self.districts[: max(1, len(self.districts) // 3)]
        for _ in range(max(10, self.n // 10)):
            place = rng.choice(places)
            indicator = rng.choice(self.indicators)
            year = rng.randint(2010, LAST_YEAR)
            if indicator.unit == "percent":
                value, total = Decimal(rng.randint(5, 100)), None
            elif indicator.unit == "ratio":
                value, total = Decimal(rng.randint(1, 30)) / 10, None
            else:
                total = Decimal(rng.randint(10, 5000))
                value = Decimal(rng.randint(0, int(total)))
                total = total if rng.random() < 0.3 else None
            obj = Figure(indicator=indicator, locality_id=place.obj.pk, as_of_year=year,
                         as_of=dt.date(year, 12, 31) if rng.random() < 0.5 else None,
                         value=value, total=total, unit=indicator.unit,
                         source_id=rng.choice(self.sources).pk)
            _prepare(obj)
            objs.append(obj)
        Figure.objects.bulk_create(objs, batch_size=BATCH)
        self.counts["figures"] = len(objs)

    def insert_events(self) -> None:
        rng = self.rng
        events, docs_rows, people_rows = [], [], []
        bodies = [b for b in self.bodies if b.people]
        for i in range(max(3, self.n // 100)):
            body = rng.choice(bodies)
            day = self.weighted_date()
            event = Event(kind=rng.choice(("meeting", "conference", "seminar", "signing")),
                          title=f"Hội nghị {rng.choice(PHRASES[rng.choice(self.topic_slugs)])} "
                          f"({i + 1})", date=day, locality_id=body.loc.obj.pk,
                          organiser_id=body.obj.pk, source_id=rng.choice(self.sources).pk)
            events.append((event, body))
        Event.objects.bulk_create([e for e, _b in events], batch_size=BATCH)
        Through = Event.documents.through
        for event, body in events:
            picks = sorted({rng.randrange(len(self.docs)) for _ in range(rng.randint(1, 3))})
            docs_rows += [Through(event_id=event.pk, document_id=self.docs[i].pk) for i in picks]
            for j, person in enumerate(body.people[:3]):
                people_rows.append(EventParticipant(event_id=event.pk, person_id=person.obj.pk,
                                                    role="chair" if j == 0 else "speaker",
                                                    title=person.title))
        Through.objects.bulk_create(docs_rows, batch_size=BATCH)
        EventParticipant.objects.bulk_create(people_rows, batch_size=BATCH)
        self.counts["events"] = len(events)

    # ---- everything ----------------------------------------------------------------------
    def run(self) -> dict[str, int]:
        self.build_localities()
        self.insert_localities()
        self.say(f"{len(self.localities)} localities")
        self.build_bodies()
        self.build_people()
        self.insert_bodies_terms_people()
        self.say(f"{self.counts['bodies']} bodies, {self.counts['people']} people")
        self.topics_and_indicators()
        self.build_documents()
        self.say(f"{len(self.docs)} documents planned")
        self.insert_sources()
        self.insert_documents()
        self.insert_links()
        self.insert_targets()
        self.insert_mentions()
        self.insert_figures()
        self.insert_events()
        self.say("done")
        return self.counts


def demo_present() -> bool:
    return Document.objects.filter(slug__startswith=PREFIX).exists() or Locality.objects.filter(
        slug__startswith=PREFIX
    ).exists()


def clear_demo_data() -> None:
    """Remove everything this command created (and nothing else), children first.

    Terms it added to seed bodies are kept (empty; a later run uses them again)."""
    docs = Document.objects.filter(slug__startswith=PREFIX)
    demo_sources = Source.objects.filter(reference__startswith=SOURCE_PREFIX)
    demo_bodies = IssuingBody.objects.filter(slug__startswith=PREFIX)
    demo_places = Locality.objects.filter(slug__startswith=PREFIX)
    steps = [
        EventParticipant.objects.filter(event__source__in=demo_sources),
        Event.documents.through.objects.filter(Q(document__in=docs)
                                               | Q(event__source__in=demo_sources)),
        Event.objects.filter(source__in=demo_sources),
        Figure.objects.filter(Q(source__in=demo_sources) | Q(locality__in=demo_places)),
        Target.objects.filter(document__in=docs),
        SourceMention.objects.filter(Q(document__in=docs) | Q(source__in=demo_sources)),
        DocumentLink.objects.filter(Q(from_document__in=docs) | Q(to_document__in=docs)),
        Document.topics.through.objects.filter(document__in=docs),
        docs,
        demo_sources,
        Term.objects.filter(body__in=demo_bodies),
        Person.objects.filter(slug__startswith=PREFIX),
        Indicator.objects.filter(slug__startswith=PREFIX),
        Topic.objects.filter(slug__startswith=PREFIX),
    ]
    for qs in steps:
        qs._raw_delete(qs.db)
    # Bodies and places refer to each other (parent, successor): children first.
    IssuingBody.objects.filter(slug__startswith=PREFIX).update(successor=None)
    while True:
        leaves = IssuingBody.objects.filter(slug__startswith=PREFIX).exclude(
            pk__in=IssuingBody.objects.filter(parent__isnull=False).values("parent_id")
        )
        ids = list(leaves.values_list("pk", flat=True))
        if not ids:
            break
        IssuingBody.objects.filter(pk__in=ids)._raw_delete(connection.alias)
    Locality.successors.through.objects.filter(
        Q(from_locality__slug__startswith=PREFIX) | Q(to_locality__slug__startswith=PREFIX)
    )._raw_delete(connection.alias)
    for level in (4, 3, 2, 1):
        Locality.objects.filter(slug__startswith=PREFIX, level=level)._raw_delete(
            connection.alias
        )


class Command(BaseCommand):
    help = (
        "Generate realistic synthetic demo data (localities, bodies, documents, links, "
        "targets, sources…) beside the seed data, deterministic for --seed."
    )

    def add_arguments(self, parser):
        parser.add_argument("--documents", type=int, default=1000,
                            help="How many documents to create (default 1000).")
        parser.add_argument("--seed", type=int, default=1, help="Random seed (default 1).")
        parser.add_argument("--clear", action="store_true",
                            help="Remove previously generated demo data first.")

    def handle(self, *args, **options):
        n = options["documents"]
        if n < 1:
            raise CommandError("--documents must be at least 1.")
        verbose = options["verbosity"] >= 1
        call_command("load_seed", verbosity=0, stdout=io.StringIO())
        with transaction.atomic():
            if demo_present():
                if not options["clear"]:
                    raise CommandError(
                        "Demo data is already present: use --clear to replace it."
                    )
                clear_demo_data()
            generator = Generator(n, options["seed"],
                                  out=self.stdout.write if verbose else None)
            counts = generator.run()
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        from documents.cache import data_changed

        data_changed()  # bulk inserts send no signals
        if verbose:
            summary = ", ".join(f"{v} {k}" for k, v in counts.items())
            self.stdout.write(self.style.SUCCESS(f"Demo data generated: {summary}."))
