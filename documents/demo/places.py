"""Places: the localities of every level before and after the 2025 reform.

63 provinces and centrally-run cities (the 2025 mergers into 34: absorbed provinces end on
30/06/2025 with the surviving province as successor), their districts (all ending on
30/06/2025), the communes and wards before the reform (each with its post-reform successor),
the post-reform communes directly under their province, villages and residential groups.
Names below the provinces are synthetic.

:class:`Places` builds them as plain :class:`Loc` records (``build_localities``: sets
``root``, ``provinces``, ``survivors``, ``districts``, ``old_communes``, ``new_communes``,
``villages`` and ``localities``, the ones to insert) and inserts them
(``insert_localities``). The rest of the generator reads only those lists and the records'
fields, so another source of places (the real administrative units) replaces this module
alone.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import TYPE_CHECKING

from django.db.models import CharField, OuterRef, Subquery, Value
from django.db.models.functions import Cast, Concat
from django.utils.text import slugify

from documents.domain.vietnamese import fold
from documents.domain.vocabulary import LOCALITY_LEVEL
from documents.models import Locality

from .common import BATCH, PREFIX, REFORM, REFORM_EVE, DemoDataError, prepare_named

if TYPE_CHECKING:
    from .bodies import Body

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


class Places:
    """Builds and inserts the localities (a part of :class:`~documents.demo.Generator`)."""

    def place_name(self) -> str:
        return f"{self.rng.choice(SYLLABLES)} {self.rng.choice(SYLLABLES)}"

    def build_localities(self) -> None:
        rng = self.rng
        existing = {loc.slug: loc for loc in Locality.objects.all()}
        used_in_parent: dict[int | str, set] = defaultdict(set)
        for loc in existing.values():
            used_in_parent[loc.parent_id or 0].add((loc.name_key, loc.kind))
        root = existing.get("viet-nam")
        if root is None:
            raise DemoDataError("The seed locality viet-nam is missing (run load_seed).")
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
                prepare_named(obj)
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
