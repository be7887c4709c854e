"""Issuing bodies of every place, their terms, and the people who sign for them.

Central bodies (the Party's Central Committee, Politburo, Secretariat and Organisation Board,
the Government, the Prime Minister, the Ministry of Home Affairs); in each province its Party
committee, standing committee and organisation board, People's Council and Committee and
Department of Home Affairs; in each district its Party committee and standing committee and
People's Committee; in each commune its Party committee and People's Committee — with the
successors the 2025 reform gave them. :class:`Bodies` builds them as :class:`Body` records on
the places (``loc.bodies``), then inserts bodies, terms and people.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.utils.text import slugify

from documents.domain.vietnamese import fold
from documents.models import IssuingBody, Person, Term

from .common import BATCH, PREFIX, REFORM, REFORM_EVE, DemoDataError, prepare
from .places import SHORT_NAMES

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



class Bodies:
    """Builds and inserts bodies, terms and people (a part of
    :class:`~documents.demo.Generator`; needs the places)."""

    def build_bodies(self) -> None:
        existing = {b.name_key: b for b in IssuingBody.objects.all()}
        self.bodies: list[Body] = []
        self.used_body_names = set(existing)
        self.existing_bodies = existing

        def body(name, code, kind, loc, parent=None, types=(), short=""):
            key = fold(name)
            if key in self.used_body_names and key not in existing:
                # Real places share names (An Giang before and after 01/07/2025, two xã
                # Tân Lập of one province): the body's name says which.
                obj = getattr(loc, "obj", None)
                period = ("đến 30/06/2025" if loc.valid_to else
                          "từ 01/07/2025" if loc.valid_from else "")
                extra = ", ".join(x for x in (period, getattr(obj, "code", "")) if x)
                name = f"{name} ({extra})"
                key = fold(name)
            slug_base = slugify(fold(name))[:100]
            b = Body(name, f"{PREFIX}{len(self.bodies):05d}-{slug_base}", code, kind, loc,
                     parent, types, short)
            if key in existing:
                b.obj = existing[key]
                b.slug = b.obj.slug
                b.code = b.obj.code or code
            elif key in self.used_body_names:
                raise DemoDataError(f"duplicate body name {name}")
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
                prepare(obj)
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
            prepare(rec.obj)
            people.append(rec.obj)
        Person.objects.bulk_create(people, batch_size=BATCH)
        self.counts["people"] = len(people)
