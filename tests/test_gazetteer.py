"""The gazetteer: every administrative unit of Việt Nam before and after 01/07/2025
(fixtures/gazetteer/, documents/gazetteer/, ``manage.py load_places``).

One test loads the real files (some 14.000 places) once, on top of the seed, as ``make seed``
does; the others use a few hand-made lines."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError, transaction
from page_helpers import find_all, page_html, section, text, visible_text

from documents.applies_here import AppliesHere
from documents.domain.applicability import BEFORE
from documents.gazetteer.data import GazetteerError, read_units
from documents.gazetteer.loader import load_gazetteer
from documents.models import Document, Locality, LocalitySuccession

END, START = dt.date(2025, 6, 30), dt.date(2025, 7, 1)
UNITS_HEADER = "code,valid_from,valid_to,kind,name,full_name,parent_code,parent_valid_from\n"
SUCCESSIONS_HEADER = "from_code,from_valid_from,to_code,to_valid_from,part\n"


def slugs(places) -> set[str]:
    return {place.slug for place in places}


@pytest.mark.django_db
def test_the_real_gazetteer_on_the_seed(seed, client):
    seed_places = dict(Locality.objects.values_list("slug", "pk"))
    located = dict(Document.objects.filter(locality__isnull=False)
                   .values_list("pk", "locality_id"))

    report = load_gazetteer()

    assert report.created == 14_122 - 6  # every unit; six were the seed's own places
    assert sorted(report.adopted) == sorted(
        ["ha-noi", "tp-ho-chi-minh", "long-bien", "thanh-xuan", "thu-duc", "viet-hung"])
    provinces = Locality.objects.filter(level=1)
    before = provinces.filter(valid_from__isnull=True)
    after = provinces.exclude(valid_to__lte=END)
    assert (before.count(), after.count()) == (63, 34)
    assert Locality.objects.filter(level=2, code__regex=r"^\d{3}$").count() == 696
    assert Locality.objects.filter(level=3, valid_to=END).count() == 10_035
    new_communes = Locality.objects.filter(valid_from=START, level=3)
    assert new_communes.count() == 3_321
    assert not new_communes.exclude(parent__level=1).exists()  # directly under the province

    # The seed's places are these units: same row, same address, code filled in.
    assert dict(Locality.objects.filter(slug__in=seed_places).values_list("slug", "pk")) \
        == seed_places
    assert dict(Document.objects.filter(pk__in=located).values_list("pk", "locality_id")) \
        == located
    viet_hung = Locality.objects.get(slug="viet-hung")
    assert (viet_hung.code, viet_hung.valid_to, viet_hung.parent.slug) == ("00127", END,
                                                                           "long-bien")
    assert {(p.name, p.code, p.valid_from, p.parent.slug) for p in viet_hung.successors.all()} \
        == {("Việt Hưng", "00127", START, "ha-noi"), ("Phúc Lợi", "00136", START, "ha-noi")}
    assert all(s.partial and s.effective_date == START
               for s in LocalitySuccession.objects.filter(from_locality=viet_hung))

    long_bien = Locality.objects.get(slug="long-bien")
    assert (long_bien.code, long_bien.valid_to) == ("004", END)
    assert {p.name for p in long_bien.successors.all()} == {
        "Việt Hưng", "Phúc Lợi", "Long Biên", "Bồ Đề", "Hồng Hà", "Gia Lâm", "Bát Tràng"}

    hanoi, hcm = Locality.objects.get(slug="ha-noi"), Locality.objects.get(slug="tp-ho-chi-minh")
    assert (hanoi.code, hanoi.valid_to, hcm.code, hcm.valid_to) == ("01", None, "79", None)
    assert {p.name for p in hcm.predecessors.all()} == {"Bình Dương", "Bà Rịa - Vũng Tàu"}
    assert Locality.objects.get(code="74").successors.get() == hcm
    # A province that took another's code is a new unit, successor of both.
    lao_cai = Locality.objects.get(code="15", valid_from=START)
    assert (lao_cai.name, lao_cai.slug) == ("Lào Cai", "lao-cai-15-2025")
    assert {(p.name, p.code) for p in lao_cai.predecessors.all()} == {
        ("Lào Cai", "10"), ("Yên Bái", "15")}

    # Readable, stable addresses; a second load changes nothing.
    new_slugs = dict(Locality.objects.exclude(slug__in=seed_places).values_list("pk", "slug"))
    assert new_slugs[Locality.objects.get(code="00127", valid_from=START).pk] \
        == "viet-hung-00127-2025"
    again = load_gazetteer()
    assert (again.changes, again.created, again.adopted, again.successions) == (0, 0, [], 0)

    # What applies in the new phường Việt Hưng: Hà Nội's and the centre's documents as the
    # levels above it, quận Long Biên's as those of the district of the wards it was formed
    # from, marked as coming from before the reform (issue 13).
    new_viet_hung = Locality.objects.get(code="00127", valid_from=START)
    html = page_html(client.get(new_viet_hung.get_absolute_url()))
    docs = section(html, "docs-h")
    for symbol in ("15-ĐA/QU", "01-CTr/QU", "21-ĐA/TU", "188-KH/TU", "34-ĐA/TU", "04-NQ/TU",
                   "18-NQ/TW"):
        assert symbol in docs, symbol
    headings = [text(h) for h in find_all(docs, "h3")]
    assert "Cấp trên: Hà Nội" in headings
    assert "Trước 01/07/2025: quận Long Biên" in headings
    assert "trước 01/07/2025: quận Long Biên, cấp trên của phường Việt Hưng" in visible_text(docs)
    # TP.HCM from 01/07/2025 follows what was Bình Dương's and Bà Rịa - Vũng Tàu's too.
    formed_from = {applies_place.name for applies_place in (
        AppliesHere.of(hcm).places[entry.place_id] for entry in AppliesHere.of(hcm).entries
        if entry.relation == BEFORE)}
    assert {"Bình Dương", "Bà Rịa - Vũng Tàu"} <= formed_from
    assert dict(Locality.objects.exclude(slug__in=seed_places).values_list("pk", "slug")) \
        == new_slugs


def write_gazetteer(directory: Path, units: str, successions: str = "") -> Path:
    (directory / "units.csv").write_text(UNITS_HEADER + units, encoding="utf-8")
    (directory / "successions.csv").write_text(SUCCESSIONS_HEADER + successions,
                                               encoding="utf-8")
    return directory


SMALL = (
    "01,,,city,Hà Nội,Thành phố Hà Nội,,\n"
    "004,,2025-06-30,urban_district,Long Biên,Quận Long Biên,01,\n"
    "00128,,2025-06-30,ward,Việt Hùng,Phường Việt Hùng,004,\n"
    "00127,,2025-06-30,ward,Việt Hưng,Phường Việt Hưng,004,\n"
    "00127,2025-07-01,,ward,Việt Hưng,Phường Việt Hưng,01,\n"
)


@pytest.mark.django_db
def test_a_place_without_code_becomes_the_unit_spelt_the_same(places, tmp_path):
    directory = write_gazetteer(tmp_path, SMALL, "00127,,00127,2025-07-01,0\n")
    report = load_gazetteer(directory)

    assert report.adopted == ["ha-noi", "long-bien", "viet-hung"]
    viet_hung = Locality.objects.get(pk=places["viet_hung"].pk)
    assert (viet_hung.slug, viet_hung.code, viet_hung.valid_to) == ("viet-hung", "00127", END)
    new = viet_hung.successors.get()
    assert (new.slug, new.path) == ("viet-hung-00127-2025", f"/{places['vn'].pk}/"
                                    f"{places['hanoi'].pk}/{new.pk}/")
    # Same folded name, another spelling: a unit of its own, not the seed's place.
    assert Locality.objects.get(code="00128").pk != viet_hung.pk
    assert load_gazetteer(directory).changes == 0


@pytest.mark.django_db
def test_loading_never_rewrites_a_unit_already_there(places, tmp_path):
    directory = write_gazetteer(tmp_path, SMALL)
    load_gazetteer(directory)
    Locality.objects.filter(code="004").update(name="Long Biên (cũ)", note="sửa tay")
    load_gazetteer(directory)
    assert Locality.objects.filter(code="004").values_list("name", "note").get() \
        == ("Long Biên (cũ)", "sửa tay")


@pytest.mark.django_db
@pytest.mark.parametrize("units, successions, message", [
    ("01,,,city,Hà Nội,,,\n004,,,urban_district,Long Biên,,99,\n", "", "parent 99"),
    ("01,,,town-ish,Hà Nội,,,\n", "", "unknown kind"),
    ("0A,,,city,Hà Nội,,,\n", "", "digits"),
    ("01,,2025-13-01,city,Hà Nội,,,\n", "", "not a date"),
    ("01,,,city,Hà Nội,,,\n", "01,,02,,0\n", "unknown unit"),
])
def test_bad_files_change_nothing(places, tmp_path, units, successions, message):
    directory = write_gazetteer(tmp_path, units, successions)
    count = Locality.objects.count()
    with pytest.raises(GazetteerError, match=message):
        load_gazetteer(directory)
    with pytest.raises(CommandError, match="nothing was changed"):
        call_command("load_places", dir=str(directory), stdout=StringIO())
    assert Locality.objects.count() == count and not Locality.objects.filter(code="01").exists()


@pytest.mark.django_db
def test_one_code_one_unit_at_a_time(places):
    hanoi = places["hanoi"]
    Locality.objects.create(slug="a", name="A", kind="ward", parent=hanoi, code="00127",
                            valid_to=END)
    Locality.objects.create(slug="b", name="B", kind="ward", parent=hanoi, code="00127",
                            valid_from=START)  # the code reused after the reform: allowed
    with pytest.raises(IntegrityError), transaction.atomic():
        Locality.objects.create(slug="c", name="C", kind="ward", parent=hanoi, code="00127",
                                valid_from=dt.date(2025, 6, 1))


@pytest.mark.django_db
def test_the_command_says_what_it_did(places, tmp_path):
    directory = write_gazetteer(tmp_path, SMALL)
    out = StringIO()
    call_command("load_places", dir=str(directory), stdout=out)
    assert "2 created, 3 existing places given their code" in out.getvalue()
    out = StringIO()
    call_command("load_places", dir=str(directory), stdout=out)
    assert "nothing to do" in out.getvalue()


def test_the_shipped_files_read_without_error():
    units = read_units()
    assert len(units) == 14_122
    assert len({unit.key for unit in units}) == len(units)


@pytest.mark.django_db
def test_the_admin_form_says_when_a_code_is_taken_in_that_period(places):
    from django.core.exceptions import ValidationError

    Locality.objects.create(slug="a", name="A", kind="ward", parent=places["hanoi"],
                            code="00127", valid_to=END)
    same_day = Locality(slug="c", name="C", kind="ward", parent=places["hanoi"], code="00127")
    with pytest.raises(ValidationError, match="cùng mã trong cùng thời kỳ"):
        same_day.full_clean()
    Locality(slug="b", name="B", kind="ward", parent=places["hanoi"], code="00127",
             valid_from=START).full_clean()


@pytest.mark.django_db
def test_the_seed_refuses_to_overwrite_places_loaded_before_it():
    """On a database where the gazetteer came first, the seed's fixed ids belong to other
    places: loading it is refused and nothing changes (the Makefile loads the seed first)."""
    first = Locality.objects.create(pk=1, slug="ha-giang-02", name="Hà Giang", kind="province",
                                    code="02")
    with pytest.raises(CommandError, match="already exists and is not the seed"):
        call_command("load_seed", stdout=StringIO())
    first.refresh_from_db()
    assert (first.name, first.slug) == ("Hà Giang", "ha-giang-02")
    assert not Document.objects.exists()
