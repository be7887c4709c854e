"""The seed fixture (fixtures/seed.json) checked against the five source articles.

What a user would check: every source is the article as published, every quote is really
in its article, every symbol the articles cite is catalogued (and nothing else), and the
concrete facts (dates, issuers, terms, links, targets, figures, meetings) say what the
articles say, with inferences marked as such.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command
from place_consistency import stale_places

from documents.domain.symbols import parse_symbol
from documents.domain.vietnamese import fold
from documents.models import (
    Document,
    DocumentLink,
    Event,
    Figure,
    IssuingBody,
    Locality,
    Source,
    SourceMention,
    Target,
)

SEEDS_DIR = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"
FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "seed.json"
ARTICLES = (
    "000_146bb89ece2b9b4e.txt",
    "001_51e7572fbbb138cc.txt",
    "002_472e418524aa36c6.txt",
    "003_f161a4db5497ad2c.txt",
    "004_61a269556dbba2d9.txt",
)

#: The articles themselves are read from ../shared/seeds when it is there (a checkout beside
#: the shared folder); elsewhere from the fixture's Source.text, which
#: test_five_sources_are_the_articles_as_published checks byte for byte where both exist.
HAVE_ARTICLES = SEEDS_DIR.is_dir()

# Fields computed by save(); the fixture must not carry them (per model; "*" = every model).
DERIVED_FIELDS = {
    "*": {"name_key", "name_sort", "created_at", "updated_at"},
    "documents.locality": {"level", "path"},
    "documents.document": {"search_text", "symbol_key", "number", "type_code", "issuer_code"},
}
# Derived from a date when there is one; given only for a year without a date.
YEAR_FROM_DATE = {"documents.document": ("issued_year", "issued_date"),
                  "documents.figure": ("as_of_year", "as_of")}
# Party symbols in running text: 188-KH/TU, 01-CTr/QU, 210 -TB/TU, 07-QĐ/TU …
PARTY_SYMBOL_RE = re.compile(
    r"(?<![\w/])\d{1,4}\s*[-\u2010-\u2015]\s*[A-ZĐÐ][A-Za-zĐđÐ]{0,4}\s*/\s*[A-ZĐÐ]{2,6}(?![\w/])"
)


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def compact(text: str) -> str:
    """Folded, without any white space: "210 -TB/TU" and "210-TB/TU" compare equal."""
    return re.sub(r"\s+", "", fold(text))


def _fixture_texts() -> dict[str, str]:
    data = json.loads(FIXTURE.read_text(encoding="utf-8"))
    return {
        obj["fields"]["reference"].removeprefix("seeds/"): obj["fields"]["text"]
        for obj in data if obj["model"] == "documents.source"
    }


def article(name: str) -> str:
    if HAVE_ARTICLES:
        return (SEEDS_DIR / name).read_text(encoding="utf-8")
    return _fixture_texts()[name]


@pytest.fixture
def seeded(db):
    out = StringIO()
    call_command("load_seed", stdout=out)
    return out.getvalue()


def doc(symbol: str) -> Document:
    return Document.objects.get(symbol_key=parse_symbol(symbol).lookup_key)


def figure(indicator_slug: str, locality_slug: str, **filters) -> Figure:
    return Figure.objects.get(
        indicator__slug=indicator_slug, locality__slug=locality_slug, **filters
    )


def all_seed_models():
    return [
        m for m in apps.get_app_config("documents").get_models()
        if not m.__name__.startswith("Historical")
    ]


# --- the fixture file itself --------------------------------------------------------------


def test_fixture_file_is_well_formed():
    data = json.loads(FIXTURE.read_text(encoding="utf-8"))
    seen = set()
    for obj in data:
        assert isinstance(obj["pk"], int), obj["model"]
        key = (obj["model"], obj["pk"])
        assert key not in seen, f"duplicate object {key}"
        seen.add(key)
        derived = (DERIVED_FIELDS["*"] | DERIVED_FIELDS.get(obj["model"], set())) & set(
            obj["fields"]
        )
        assert not derived, f"{key} carries derived fields {derived}"
        if obj["model"] in YEAR_FROM_DATE:
            year_field, date_field = YEAR_FROM_DATE[obj["model"]]
            if obj["fields"].get(date_field):
                assert year_field not in obj["fields"], f"{key}: {year_field} is derived"
        for name, value in obj["fields"].items():
            if isinstance(value, str):
                assert unicodedata.is_normalized("NFC", value), f"{key}.{name} is not NFC"
        if obj["model"] == "documents.document":
            assert re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", obj["fields"]["slug"]), key


@pytest.mark.django_db
def test_load_prints_counts_and_everything_validates(seeded):
    assert "Seed data loaded" in seeded
    assert "26 Document" in seeded
    for model in all_seed_models():
        for obj in model.objects.all():
            obj.full_clean()  # the same validation the admin runs


# --- sources and quotes -------------------------------------------------------------------


@pytest.mark.skipif(not HAVE_ARTICLES, reason=f"the articles are not at {SEEDS_DIR}")
@pytest.mark.django_db
def test_five_sources_are_the_articles_as_published(seeded):
    assert Source.objects.count() == 5
    for name in ARTICLES:
        source = Source.objects.get(reference=f"seeds/{name}")
        assert source.text == article(name), f"{name}: Source.text differs from the file"
    by_ref = {s.reference: s for s in Source.objects.all()}
    # the publisher's full name, with the short name the article prints kept in brackets
    assert by_ref["seeds/000_146bb89ece2b9b4e.txt"].publisher == "Báo Pháp luật Việt Nam (PLVN)"
    assert by_ref["seeds/001_51e7572fbbb138cc.txt"].publisher == "Báo Tiền Phong"
    assert by_ref["seeds/002_472e418524aa36c6.txt"].publisher == "Báo Pháp Luật TP.HCM (PLO)"
    long_bien = by_ref["seeds/003_f161a4db5497ad2c.txt"]
    assert long_bien.kind == "portal"
    assert long_bien.published_date == dt.date(2023, 5, 29)
    ldtd = by_ref["seeds/004_61a269556dbba2d9.txt"]
    assert (ldtd.publisher, ldtd.author, ldtd.kind) == (
        "Báo Lao động Thủ đô (LĐTĐ)", "P.Ngân", "news")
    for name in ("000_146bb89ece2b9b4e.txt", "002_472e418524aa36c6.txt",
                 "004_61a269556dbba2d9.txt"):
        short = by_ref[f"seeds/{name}"].publisher.rsplit(" ", 1)[1]
        assert short in article(name)  # "(PLVN)", "(PLO)", "(LĐTĐ)" as the article prints it
    for source in Source.objects.filter(published_date__isnull=True):
        assert source.date_note, f"{source}: no published date and no note saying why"


@pytest.mark.django_db
def test_every_quote_is_in_its_source(seeded):
    checked = 0
    for model in all_seed_models():
        fields = {f.name for f in model._meta.get_fields()}
        if "quote" not in fields:
            continue
        for obj in model.objects.all():
            assert obj.quote, f"{model.__name__} {obj.pk} has no quote"
            assert obj.source_id, f"{model.__name__} {obj.pk} has a quote but no source"
            assert nfc(obj.quote) in nfc(obj.source.text), (
                f"{model.__name__} {obj.pk}: quote not found in {obj.source.reference}"
            )
            checked += 1
    assert checked >= 60


@pytest.mark.django_db
def test_every_document_is_mentioned_by_a_source(seeded):
    for document in Document.objects.all():
        assert SourceMention.objects.filter(document=document).exists(), document


# --- symbols ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_every_catalogued_symbol_appears_in_an_article(seeded):
    texts = [compact(article(name)) for name in ARTICLES]
    raw = [article(name) for name in ARTICLES]
    for document in Document.objects.exclude(symbol=""):
        assert any(compact(document.symbol) in t for t in texts), document.symbol
        assert any(document.symbol_as_written in t for t in raw), document.symbol_as_written


@pytest.mark.django_db
def test_every_party_symbol_in_the_articles_is_catalogued(seeded):
    found = set()
    for name in ARTICLES:
        for match in PARTY_SYMBOL_RE.finditer(article(name)):
            symbol = parse_symbol(match.group())
            found.add(symbol.canonical)
            assert Document.objects.filter(symbol_key=symbol.lookup_key).exists(), (
                f"{match.group()!r} ({name}) is not a document in the catalogue"
            )
    assert found == {
        "171-KH/TU", "188-KH/TU", "34-ĐA/TU", "04-NQ/TU", "07-QĐ/TU", "21-ĐA/TU",
        "15-ĐA/QU", "01-CTr/QU", "18-NQ/TW", "210-TB/TU",
    }


@pytest.mark.django_db
def test_210_keeps_the_stray_space_as_written(seeded):
    tb = doc("210-TB/TU")
    assert tb.symbol == "210-TB/TU"
    assert tb.symbol_as_written == "210 -TB/TU"
    assert tb.doc_type == "thong_bao_ket_luan"
    assert tb.issued_date == dt.date(2021, 4, 8)
    assert tb.issuing_body.name_key == fold("Ban Thường vụ Thành ủy Hà Nội")


# --- documents and links ------------------------------------------------------------------


@pytest.mark.django_db
def test_de_an_34(seeded):
    da = doc("34-ĐA/TU")
    assert da.issued_date == dt.date(2023, 11, 6)
    assert da.issuing_body.name == "Ban Thường vụ Thành ủy Hà Nội"
    assert da.term.name == "khóa XVII"
    assert (da.term.start_year, da.term.end_year) == (2020, 2025)
    assert da.term.body.name == "Thành ủy Hà Nội"
    assert da.period_end == 2025
    assert "những năm tiếp theo" in da.date_note
    for symbol in ("04-NQ/TU", "07-QĐ/TU"):
        link = DocumentLink.objects.get(from_document=da, to_document=doc(symbol))
        assert link.kind == "continues"
        assert link.inferred is False
        assert "tiếp tục thực hiện tốt" in link.quote


@pytest.mark.django_db
def test_other_hanoi_documents(seeded):
    kh = doc("188-KH/TU")
    assert kh.issued_date == dt.date(2023, 11, 6)
    assert (kh.period_start, kh.period_end) == (2024, 2025)
    assert kh.issuing_body == doc("34-ĐA/TU").issuing_body
    nq = doc("04-NQ/TU")
    assert nq.issued_date == dt.date(2021, 5, 31)
    assert nq.issuing_body.name == "Thành ủy Hà Nội"
    assert nq.term.name == "khóa XVII"
    assert nq.title.startswith("Tập trung xây dựng, nâng cao chất lượng đội ngũ cán bộ các cấp")
    qd = doc("07-QĐ/TU")
    assert qd.doc_type == "quy_dinh"
    assert qd.issued_date == dt.date(2021, 8, 16)
    nq18 = doc("18-NQ/TW")
    assert nq18.term.name == "khóa XII"
    assert nq18.issuing_body.code == "TW"
    ctr = doc("01-CTr/QU")
    assert ctr.issuing_body.name == "Quận ủy Long Biên"
    assert ctr.known_by_reference


@pytest.mark.django_db
def test_known_only_by_number(seeded):
    kh171 = doc("171-KH/TU")
    assert kh171.known_by_reference
    assert kh171.issued_date is None
    assert "chỉ nêu số ký hiệu" in kh171.summary


@pytest.mark.django_db
def test_long_bien_links_are_marked_inferred(seeded):
    da15, da21 = doc("15-ĐA/QU"), doc("21-ĐA/TU")
    link = DocumentLink.objects.get(from_document=da15, to_document=da21)
    assert link.kind == "implements"
    assert link.inferred is True
    assert link.uncertain["link"]["note"]  # why: the mark's note, not the public note
    assert not link.note
    assert da15.issuing_body.name == "Ban Thường vụ Quận ủy Long Biên"
    assert DocumentLink.objects.get(from_document=da21, to_document=doc("18-NQ/TW")).inferred
    assert DocumentLink.objects.get(from_document=doc("210-TB/TU"), to_document=da21).inferred


@pytest.mark.django_db
def test_typo_2919_kept_in_quote_and_fact_stored(seeded):
    assert "từ tháng 10/2919 đến nay" in article("003_f161a4db5497ad2c.txt")
    for symbol in ("21-ĐA/TU", "15-ĐA/QU"):
        document = doc(symbol)
        assert "10/2019" in document.summary and "10/2919" in document.summary
        assert "10/2019" in document.date_note


@pytest.mark.django_db
def test_hcm_decision_approves_the_2024_2030_de_an(seeded):
    decision = Document.objects.get(slug="quyet-dinh-phe-duyet-de-an-nen-cong-vu-tphcm-2024")
    de_an = Document.objects.get(slug="de-an-nen-cong-vu-tphcm-2024-2030")
    assert decision.doc_type == "quyet_dinh"
    assert decision.signer.name == "Phan Văn Mãi"
    assert decision.signer_title == "Chủ tịch UBND TP.HCM"
    assert decision.issued_date == dt.date(2024, 11, 8)
    assert "8-11" in decision.date_note
    assert "2024" in decision.date_note and "suy luận" in decision.date_note
    assert decision.issuing_body.short_name == "UBND TP.HCM"
    assert decision.locality.slug == "tp-ho-chi-minh"
    link = DocumentLink.objects.get(from_document=decision, to_document=de_an)
    assert link.kind == "approves"
    assert link.inferred is False
    assert (de_an.period_start, de_an.period_end) == (2024, 2030)
    rotation = Document.objects.get(slug="de-an-luan-chuyen-can-bo-lanh-dao-tphcm")
    assert DocumentLink.objects.filter(from_document=de_an, to_document=rotation).exists()


@pytest.mark.django_db
def test_unnumbered_and_planned_documents(seeded):
    thi_tuyen = Document.objects.get(slug="de-an-thi-diem-thi-tuyen-mot-so-chuc-danh")
    assert thi_tuyen.symbol == ""
    assert thi_tuyen.status in {"planned", "drafting"}
    assert thi_tuyen.display_name == "Đề án về thí điểm thi tuyển một số chức danh"
    assert thi_tuyen.period_start == 2021
    chi_thi = Document.objects.get(doc_type="chi_thi")
    assert chi_thi.status == "planned"
    assert "2021-2026" in chi_thi.title
    luat = Document.objects.get(doc_type="luat")
    assert luat.symbol == ""  # 52/2019/QH14 is not in the article
    assert "52/2019/QH14" in luat.summary and "Công báo" in luat.summary
    planned = set(Document.objects.filter(status__in=["planned", "drafting"]).values_list(
        "slug", flat=True))
    assert "ke-hoach-de-an-thuc-hien-34-da-tu-va-188-kh-tu" in planned
    assert "quy-dinh-thi-diem-lam-viec-tu-xa-tphcm" in planned


@pytest.mark.django_db
def test_links_are_clean(seeded):
    pairs = set()
    for link in DocumentLink.objects.all():
        assert link.from_document_id != link.to_document_id
        key = (link.from_document_id, link.kind, link.to_document_id)
        assert key not in pairs
        pairs.add(key)
        if link.inferred:
            assert link.uncertain["link"].get("note"), f"inferred link {link}: no note saying why"
    stated = DocumentLink.objects.exclude(uncertain__has_key="link")
    assert {(link.from_document.slug, link.to_document.slug) for link in stated} >= {
        ("34-da-tu-2023", "04-nq-tu-2021"),
        ("34-da-tu-2023", "07-qd-tu-2021"),
        ("cong-van-ban-to-chuc-thanh-uy-trien-khai-188-kh-tu", "188-kh-tu-2023"),
    }


# --- targets and figures ------------------------------------------------------------------


@pytest.mark.django_db
def test_34_targets(seeded):
    da = doc("34-ĐA/TU")
    young = Target.objects.get(
        document=da, indicator__slug="ty-le-can-bo-chu-chot-cap-xa-duoi-35-tuoi"
    )
    assert (young.comparator, young.value, young.unit) == ("at_least", Decimal("10"), "percent")
    assert young.deadline_year == 2025
    assert young.baseline_value == Decimal("5")
    assert young.baseline_date == dt.date(2022, 12, 31)
    assert young.baseline_source.reference == "seeds/004_61a269556dbba2d9.txt"
    assert "mới chiếm 5%" in young.note
    women = Target.objects.get(document=da, indicator__slug="ty-le-can-bo-nu-chu-chot-cap-xa")
    assert (women.comparator, women.value, women.baseline_value) == (
        "at_least", Decimal("15"), Decimal("17.9"))
    full = Target.objects.get(
        document=da, indicator__slug="ty-le-chuc-danh-chu-chot-cap-xa-bo-tri-du"
    )
    assert full.value == Decimal("100") and full.deadline_year == 2025
    december = Target.objects.filter(deadline=dt.date(2023, 12, 31))
    assert {t.document.symbol for t in december} == {"34-ĐA/TU", "188-KH/TU"}


@pytest.mark.django_db
def test_planned_and_unnumbered_documents_of_the_14_7_2020_meeting(seeded):
    to_trinh = Document.objects.get(
        slug="to-trinh-tiep-tuc-thi-diem-doi-quan-ly-trat-tu-xay-dung-do-thi")
    assert to_trinh.doc_type == "to_trinh" and to_trinh.status == "drafting"
    assert "Đội quản lý trật tự xây dựng đô thị" in to_trinh.title
    assert "thêm 3 năm tính từ ngày 10/3/2020" in to_trinh.title
    assert (to_trinh.period_start, to_trinh.period_end) == (2020, 2023)
    assert to_trinh.issuing_body is None  # the article does not say who submits it
    hdnd = Document.objects.get(
        slug="nghi-quyet-hdnd-ha-noi-muc-ho-tro-nghi-cong-tac-do-sap-xep")
    assert hdnd.doc_type == "nghi_quyet" and hdnd.symbol == ""
    assert hdnd.issuing_body.name == "Hội đồng nhân dân thành phố Hà Nội"
    assert hdnd.title.startswith("về mức hỗ trợ đối với cán bộ, công chức cấp xã")
    assert "nghỉ công tác do sắp xếp, bố trí kiêm nhiệm" in hdnd.title
    meeting = Source.objects.get(reference="seeds/000_146bb89ece2b9b4e.txt")
    assert {to_trinh, hdnd} <= set(meeting.documents.all())


@pytest.mark.django_db
def test_18_nq_tw_reads_as_the_article_names_it(seeded):
    nq = doc("18-NQ/TW")
    assert nq.term.name.endswith("XII")
    assert f"{nq.type_label} {nq.title}" == (
        "Nghị quyết Hội nghị Trung ương 6 Ban Chấp hành Trung ương Đảng khóa XII")
    words = " ".join(article("003_f161a4db5497ad2c.txt").split())  # the article has a NBSP
    assert "Nghị quyết số 18-NQ/TW Hội nghị Trung ương 6 Ban Chấp hành Trung ương Đảng khóa XII" \
        in words


@pytest.mark.django_db
def test_inferences_are_said(seeded):
    hcm = Document.objects.get(slug="de-an-nen-cong-vu-tphcm-2024-2030")
    assert hcm.issuing_body.name.startswith("Ủy ban nhân dân") or "UBND" in hcm.issuing_body.name
    # said as the issuer's uncertainty mark, not in the public summary
    assert hcm.uncertain["issuing_body"]["reason"] == "inferred"
    assert "suy luận" not in hcm.summary
    tien_phong = Source.objects.get(reference="seeds/001_51e7572fbbb138cc.txt")
    first_line = article("001_51e7572fbbb138cc.txt").splitlines()[0]
    assert tien_phong.headline.startswith("[") and tien_phong.headline.endswith("]")
    assert tien_phong.headline.strip("[]") not in first_line  # not the article's own words
    assert "người biên soạn" in tien_phong.date_note


@pytest.mark.django_db
def test_other_targets_of_004_and_001(seeded):
    women_in_btv = Target.objects.get(
        indicator__slug="so-can-bo-nu-trong-ban-thuong-vu-dang-uy-cap-xa")
    assert (women_in_btv.comparator, women_in_btv.value, women_in_btv.unit) == (
        "at_least", Decimal("1"), "people")
    assert women_in_btv.document == doc("34-ĐA/TU") and women_in_btv.deadline_year == 2025
    assert "có cán bộ nữ" in women_in_btv.quote
    rotation = Target.objects.get(indicator__slug="dot-luan-chuyen-can-bo-bat-dau")
    assert rotation.document == doc("188-KH/TU")
    assert rotation.deadline == dt.date(2024, 3, 31)  # "từ Quý I-2024"
    assert "Quý I-2024" in rotation.quote
    assert rotation.source.reference == "seeds/001_51e7572fbbb138cc.txt"


@pytest.mark.django_db
def test_hanoi_figures_at_end_of_2022(seeded):
    as_of = {"as_of": dt.date(2022, 12, 31)}
    total = figure("so-can-bo-cong-chuc-cap-xa", "ha-noi", **as_of).value
    cadres = figure("so-can-bo-cap-xa", "ha-noi", **as_of).value
    civil = figure("so-cong-chuc-cap-xa", "ha-noi", **as_of).value
    assert total == Decimal("11473") == cadres + civil
    assert (cadres, civil) == (Decimal("5405"), Decimal("6068"))
    assert figure("so-can-bo-chu-chot-cap-xa", "ha-noi", **as_of).value == 3622
    assert figure("ty-le-can-bo-nu-chu-chot-cap-xa", "ha-noi", **as_of).value == Decimal("17.9")
    assert figure("ty-le-can-bo-chu-chot-cap-xa-dai-hoc-tro-len", "ha-noi",
                  **as_of).value == Decimal("99.9")
    assert figure("ty-le-can-bo-chu-chot-cap-xa-duoi-35-tuoi", "ha-noi", **as_of).value == 5
    # "… và trình độ lý luận chính trị trung cấp trở lên (cao cấp, cử nhân chiếm 18%)"
    assert figure("ty-le-can-bo-chu-chot-cap-xa-llct-trung-cap-tro-len", "ha-noi",
                  **as_of).value == 100
    assert figure("ty-le-can-bo-chu-chot-cap-xa-llct-cao-cap-cu-nhan", "ha-noi",
                  **as_of).value == 18
    for fig in Figure.objects.filter(locality__slug="ha-noi"):
        assert fig.as_of_year == 2022


@pytest.mark.django_db
def test_long_bien_figures(seeded):
    met = figure("so-nguoi-hdkct-dap-ung-yeu-cau-nhiem-vu", "long-bien")
    assert (met.value, met.total, met.unit) == (Decimal("238"), Decimal("238"), "people")
    assert met.value_label == "238/238"
    degrees = Figure.objects.filter(indicator__slug="ty-le-nguoi-hdkct-dai-hoc-tro-len",
                                    locality__slug="long-bien")
    assert sorted(f.value for f in degrees) == [Decimal("54.16"), Decimal("71.28")]
    assert figure("so-phuong", "long-bien").value == 14
    for fig in Figure.objects.filter(locality__slug="long-bien"):
        assert fig.as_of_year == 2023


# --- places, bodies, events ---------------------------------------------------------------


@pytest.mark.django_db
def test_locality_tree(seeded):
    viet_hung = Locality.objects.get(slug="viet-hung")
    assert viet_hung.kind == "ward"
    assert [p.slug for p in viet_hung.ancestors()] == ["viet-nam", "ha-noi", "long-bien"]
    long_bien = Locality.objects.get(slug="long-bien")
    assert long_bien.parent.slug == "ha-noi"
    assert viet_hung in long_bien.subtree()
    assert Locality.objects.get(slug="thu-duc").parent.slug == "tp-ho-chi-minh"
    for slug in ("long-bien", "thanh-xuan", "thu-duc"):
        district = Locality.objects.get(slug=slug)
        assert district.valid_to == dt.date(2025, 6, 30), slug
        assert "01/7/2025" in district.note


@pytest.mark.django_db
def test_seed_documents_store_their_place_ancestors(seeded):
    da15 = doc("15-ĐA/QU")
    assert (da15.place_1.slug, da15.place_2.slug, da15.place_3) == ("ha-noi", "long-bien", None)
    assert stale_places() == []


@pytest.mark.django_db
def test_tone_placement_spellings_find_one_body(seeded):
    for spellings in (
        ("Ban Thường vụ Thành uỷ Hà Nội", "Ban Thường vụ Thành ủy Hà Nội"),
        ("Ban Tổ chức Thành uỷ Hà Nội", "Ban Tổ chức Thành ủy Hà Nội"),
        ("Quận uỷ Long Biên", "Quận ủy Long Biên"),
    ):
        found = {
            tuple(IssuingBody.objects.filter(name_key=fold(s)).values_list("pk", flat=True))
            for s in spellings
        }
        assert len(found) == 1, spellings
        (pks,) = found
        assert len(pks) == 1, spellings
    # 003 writes "BTV Thành uỷ", 004 writes "Ban Thường vụ Thành ủy": the same body.
    assert doc("21-ĐA/TU").issuing_body_id == doc("34-ĐA/TU").issuing_body_id


@pytest.mark.django_db
def test_meetings(seeded):
    meeting = Event.objects.get(date=dt.date(2020, 7, 14))
    assert meeting.title.startswith("Phiên họp thứ 18")
    chair = meeting.participants.get(role="chair")
    assert chair.person.name == "Vương Đình Huệ"
    assert "Bí thư Thành ủy" in chair.title
    # "Kết luận phiên họp, Bí thư Thành ủy Vương Đình Huệ …"
    assert meeting.participants.get(role="concluding").person.name == "Vương Đình Huệ"
    assert meeting.organiser.name.startswith("Ban Chỉ đạo Quản lý, tổ chức bộ máy, biên chế")

    seminar = Event.objects.get(date=dt.date(2023, 5, 26))
    assert seminar.locality.slug == "viet-hung"
    assert "01-CTr/QU" in seminar.organiser.name
    def roles(event, role):
        return set(event.participants.filter(role=role).values_list("person__name", flat=True))

    # "Dự và chỉ đạo hội nghị có đồng chí Nguyễn Hồng Nhật …; đồng chí Cao Trung Hiếu …;
    # đồng chí Ngô Mạnh Điềm …; đồng chí Vũ Thị Thân …": the article names no chair.
    assert roles(seminar, "directing") == {
        "Nguyễn Hồng Nhật", "Cao Trung Hiếu", "Ngô Mạnh Điềm", "Vũ Thị Thân"}
    assert roles(seminar, "chair") == set()
    assert roles(seminar, "speaker") == {"Nguyễn Hồng Nhật"}  # "phát biểu chỉ đạo"
    assert roles(seminar, "concluding") == {"Ngô Mạnh Điềm"}  # "phát biểu kết luận"
    titles = dict(seminar.participants.values_list("person__name", "title"))
    assert titles["Cao Trung Hiếu"] == "Trưởng phòng Quận-huyện-thị Ban Tổ chức Thành uỷ"
    assert titles["Vũ Thị Thân"] == "UVTV, Trưởng ban Tổ chức Quận uỷ Long Biên"
    assert {"21-ĐA/TU", "15-ĐA/QU"} <= set(seminar.documents.values_list("symbol", flat=True))

    conference = Event.objects.get(date=dt.date(2023, 11, 16))
    assert conference.participants.get(role="chair").person.name == "Nguyễn Văn Phong"
    assert roles(conference, "concluding") == {"Nguyễn Văn Phong"}
    assert conference.participants.filter(person__name="Vũ Đức Bảo", role="speaker").exists()
    attendees = set(conference.participants.filter(role="attendee")
                    .values_list("person__name", flat=True))
    assert attendees == {"Nguyễn Quang Đức", "Đỗ Anh Tuấn", "Bùi Huyền Mai"}
    assert {"34-ĐA/TU", "188-KH/TU"} <= set(conference.documents.values_list("symbol", flat=True))


# --- reloading ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_loading_twice_changes_nothing(seeded):
    before = {m.__name__: m.objects.count() for m in apps.get_models()}
    out = StringIO()
    call_command("load_seed", stdout=out)
    after = {m.__name__: m.objects.count() for m in apps.get_models()}
    assert after == before
    message = out.getvalue().lower()
    assert "nothing to do" in message or "already" in message
    assert "loaded:" not in message


# --- what readers see of the cataloguers' notes ------------------------------------------------

INTERNAL_REFERENCE = re.compile(r"\b[Bb]ài 00\d\b|DOMAIN\.md|\.\./shared|seeds/\d{3}_")


@pytest.mark.django_db
def test_public_pages_name_sources_as_readers_know_them(seeded, client):
    """Notes on places, bodies, people and documents cite an article by its publisher (“bài
    PLVN”, “bài trên cổng thông tin quận Long Biên”), never by the seed file's number
    (“bài 003”) or a developer document (DOMAIN.md), which mean nothing on the public site."""
    pages = ["/about/", *(obj.get_absolute_url() for model in (Locality, IssuingBody, Document)
                          for obj in model.objects.all())]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        found = INTERNAL_REFERENCE.findall(response.content.decode())
        assert not found, f"{url} shows {found}"
