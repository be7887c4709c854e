"""Places: the real administrative units of Việt Nam, before and after the 2025 reform.

The units come from the gazetteer (``documents/gazetteer``, ``manage.py load_places``; loaded
here when missing): the 63 provinces and cities until 30/06/2025 and the 34 from 01/07/2025
(absorbed provinces end on 30/06/2025 with their successor), every district (all ending on
30/06/2025), the communes and wards before the reform with their post-reform successors, and
the communes, wards and special zones directly under the provinces after it. At a scale
below 1 (fewer than 100.000 documents) a deterministic share of the communes is used — at
least one new commune per province, with the former communes it took over. Only villages and
residential groups, below the communes, are made up (the gazetteer stops at communes); they
are the only places the generator inserts.

:class:`Places` reads them as plain :class:`Loc` records (``build_localities``: sets
``root``, ``provinces``, ``survivors``, ``districts``, ``old_communes``, ``new_communes``,
``villages`` and ``localities``, the ones to insert) and inserts the villages
(``insert_localities``). The rest of the generator reads only those lists and the records'
fields.
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
from documents.gazetteer.loader import load_gazetteer
from documents.models import Locality, LocalitySuccession

from .common import BATCH, PREFIX, REFORM, REFORM_EVE, DemoDataError, prepare_named

if TYPE_CHECKING:
    from .bodies import Body

# The provinces whose places get more documents (by name: the seed's cities).
SEED_PROVINCE_SLUGS = {"Hà Nội": "ha-noi", "Thành phố Hồ Chí Minh": "tp-ho-chi-minh"}
SHORT_NAMES = {"Thành phố Hồ Chí Minh": "Hồ Chí Minh"}
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
        if not Locality.objects.exclude(code="").filter(level=3).exists():
            self.say("loading the gazetteer (manage.py load_places)")
            load_gazetteer()
        units = list(
            Locality.objects.filter(level__lte=3)
            .only("id", "slug", "name", "kind", "code", "parent_id", "valid_from", "valid_to",
                  "level", "path")
            .order_by("level", "code", "valid_from", "pk")
        )
        country = next((u for u in units if u.level == 0), None)
        if country is None:
            raise DemoDataError("The country is missing (run load_seed and load_places).")
        records: dict[int, Loc] = {}
        for unit in units:
            parent = records.get(unit.parent_id)
            if unit.level and parent is None:
                continue  # a place outside the country's tree (none in the gazetteer)
            loc = Loc(unit.name, unit.kind, parent, unit.slug, unit.valid_from, unit.valid_to)
            loc.obj = unit
            loc.province = None if unit.level == 0 else (
                loc if unit.level == 1 else parent.province)
            records[unit.pk] = loc
        succession = LocalitySuccession.objects.order_by("from_locality_id", "to_locality_id")
        for from_id, to_id in succession.values_list("from_locality_id", "to_locality_id"):
            if from_id in records and to_id in records:
                records[from_id].successors.append(records[to_id])
        self.root = records[country.pk]
        self.localities: list[Loc] = []
        by_level = defaultdict(list)
        for loc in records.values():
            by_level[loc.level].append(loc)
        self.provinces = by_level[1]
        for i, p in enumerate(self.provinces):
            p.idx = i
        self.survivors = [p for p in self.provinces if p.valid_to is None]
        self.districts = [d for d in by_level[2] if d.valid_to == REFORM_EVE]
        # Communes: after the reform a share per province (all at scale 1), then the former
        # communes they took over (each keeps only successors in the share).
        new_by_province = defaultdict(list)
        for com in by_level[3]:
            if com.valid_from == REFORM and com.province.valid_to is None:
                new_by_province[com.province.slug].append(com)
        self.new_communes = []
        for p in self.survivors:
            coms = new_by_province[p.slug]
            share = max(1, round(len(coms) * self.scale))
            self.new_communes += coms if share >= len(coms) else self.rng.sample(coms, share)
        chosen = set(map(id, self.new_communes))
        self.old_communes = []
        for com in by_level[3]:
            if com.valid_to != REFORM_EVE or com.parent.level != 2:
                continue
            com.successors = [s for s in com.successors if id(s) in chosen]
            if com.successors:
                self.old_communes.append(com)
        for loc in self.provinces + self.districts + self.new_communes + self.old_communes:
            if loc.parent is not None:
                loc.parent.children.append(loc)
        s = self.scale
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
        for level in (4,):  # villages and residential groups: the gazetteer has the rest
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
        self.counts["localities"] = len(self.localities)
