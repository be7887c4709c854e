"""What must always hold, enforced by the database (not only by forms), and the
fields the models derive (canonical symbols, folded names, locality paths)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from place_consistency import stale_places

from documents.models import Document, DocumentLink, IssuingBody, Locality, Target, Term


def _integrity_error(callable_):
    with pytest.raises(IntegrityError), transaction.atomic():
        callable_()


def test_symbol_is_stored_canonical_and_as_written(docs, bodies):
    doc = Document.objects.create(
        symbol="210 -TB/TU", doc_type="thong_bao_ket_luan", title="Thông báo kết luận",
        issuing_body=bodies["btv"], issued_date=dt.date(2021, 4, 8),
    )
    assert doc.symbol == "210-TB/TU"
    assert doc.symbol_as_written == "210 -TB/TU"
    assert (doc.number, doc.type_code, doc.issuer_code) == ("210", "TB", "TU")
    assert doc.issued_year == 2021
    assert doc.locality.name == "Hà Nội"  # from the issuing body


def test_slug_is_permanent_when_title_and_symbol_change(docs):
    doc = docs["da34"]
    slug = doc.slug
    assert slug == "34-da-tu-2023"
    doc.title = "Một trích yếu khác hẳn"
    doc.save()
    doc.refresh_from_db()
    assert doc.slug == slug
    assert doc.get_absolute_url() == f"/documents/{slug}/"


def test_document_without_number_gets_a_slug_from_its_title(bodies):
    doc = Document.objects.create(
        doc_type="de_an", title="Về thí điểm thi tuyển một số chức danh",
        issuing_body=bodies["btv"], status="drafting",
    )
    assert doc.symbol == ""
    assert doc.slug == "de-an-ve-thi-diem-thi-tuyen-mot-so-chuc-danh"


def test_same_party_symbol_allowed_in_another_term_but_not_twice_in_one(bodies, docs):
    xvi = Term.objects.create(body=bodies["thanh_uy"], name="khóa XVI", start_year=2015,
                              end_year=2020)
    Document.objects.create(symbol="04-NQ/TU", doc_type="nghi_quyet", title="Khóa trước",
                            issuing_body=bodies["thanh_uy"], term=xvi)
    _integrity_error(lambda: Document.objects.create(
        symbol="04-nq/tu", doc_type="nghi_quyet", title="Trùng", issuing_body=bodies["thanh_uy"],
        term=bodies["xvii"],
    ))


def test_same_symbol_and_body_twice_is_refused_when_term_and_year_are_unknown(places):
    # Security finding (issue 11): with neither term nor year, the two NULLs made the
    # symbol's unique index accept the second document.
    ubnd = IssuingBody.objects.create(slug="ubnd-hn", name="UBND thành phố Hà Nội", code="UBND",
                                      kind="peoples_committee", locality=places["hanoi"])
    first = Document.objects.create(symbol="1234/QĐ-UBND", doc_type="quyet_dinh",
                                    title="Chưa rõ ngày ban hành", issuing_body=ubnd)
    assert first.term is None and first.issued_year is None
    second = Document(symbol="1234/qđ-ubnd", doc_type="quyet_dinh", title="Bản thứ hai",
                      issuing_body=ubnd)
    with pytest.raises(ValidationError) as refused:  # what the admin's form shows
        second.full_clean()
    assert "symbol" in refused.value.message_dict
    _integrity_error(second.save)
    assert Document.objects.filter(symbol_key=first.symbol_key).count() == 1


def test_same_symbol_without_issuing_body_is_allowed_in_several_places(db):
    # 1-KH/QU may be any district committee's plan: unknown bodies are not the same body.
    Document.objects.create(symbol="1-KH/QU", doc_type="ke_hoach", title="Một",
                            issued_date=dt.date(2022, 1, 1))
    assert Document.objects.create(symbol="1-KH/QU", doc_type="ke_hoach", title="Hai",
                                   issued_date=dt.date(2022, 1, 1)).pk


def test_same_symbol_in_another_province_is_allowed(places, bodies, docs):
    hcm = Locality.objects.create(slug="tp-hcm", name="TP.HCM", kind="city", parent=places["vn"])
    thanh_uy_hcm = IssuingBody.objects.create(slug="thanh-uy-tphcm", name="Thành ủy TP.HCM",
                                              code="TU", kind="party_committee", locality=hcm)
    doc = Document.objects.create(symbol="04-NQ/TU", doc_type="nghi_quyet", title="Ở TP.HCM",
                                  issuing_body=thanh_uy_hcm, issued_date=dt.date(2021, 5, 31))
    assert doc.pk and doc.locality == hcm


def test_state_symbol_unique_per_year(places):
    ubnd = IssuingBody.objects.create(slug="ubnd-hn", name="UBND thành phố Hà Nội", code="UBND",
                                      kind="peoples_committee", locality=places["hanoi"])
    Document.objects.create(symbol="1234/QĐ-UBND", doc_type="quyet_dinh", title="Năm 2023",
                            issuing_body=ubnd, issued_date=dt.date(2023, 3, 1))
    Document.objects.create(symbol="1234/QĐ-UBND", doc_type="quyet_dinh", title="Năm 2024",
                            issuing_body=ubnd, issued_date=dt.date(2024, 3, 1))
    _integrity_error(lambda: Document.objects.create(
        symbol="1234/QD-UBND", doc_type="quyet_dinh", title="Trùng năm 2024",
        issuing_body=ubnd, issued_date=dt.date(2024, 9, 1),
    ))


def test_database_refuses_a_link_to_itself_and_duplicate_links(docs):
    da34, nq04 = docs["da34"], docs["nq04"]
    _integrity_error(lambda: DocumentLink.objects.create(
        from_document=da34, to_document=da34, kind="continues"))
    DocumentLink.objects.create(from_document=da34, to_document=nq04, kind="continues")
    _integrity_error(lambda: DocumentLink.objects.create(
        from_document=da34, to_document=nq04, kind="continues"))
    # Another kind between the same two documents is a different link.
    DocumentLink.objects.create(from_document=da34, to_document=nq04, kind="based_on")
    assert nq04.incoming_links.count() == 2


def test_link_wording_from_both_ends(docs):
    link = DocumentLink.objects.create(
        from_document=docs["da34"], to_document=docs["nq04"], kind="implements")
    assert link.wording_from == "triển khai, cụ thể hóa"
    assert link.wording_to == "được triển khai bởi"


def test_link_to_itself_is_a_validation_error(docs):
    link = DocumentLink(from_document=docs["da34"], to_document=docs["da34"], kind="references")
    with pytest.raises(ValidationError) as err:
        link.full_clean()
    assert "chính nó" in str(err.value)


def test_database_refuses_percent_above_100_and_end_before_start(docs, percent_indicator):
    _integrity_error(lambda: Target.objects.create(
        document=docs["da34"], indicator=percent_indicator, value=Decimal("140"), unit="percent"))
    _integrity_error(lambda: Document.objects.filter(pk=docs["da34"].pk).update(
        effective_from=dt.date(2024, 1, 1), effective_to=dt.date(2023, 1, 1)))
    _integrity_error(lambda: Document.objects.filter(pk=docs["da34"].pk).update(
        status="made-up"))


def test_target_validation_messages(docs, percent_indicator):
    target = Target(document=docs["da34"], indicator=percent_indicator, value=Decimal("140"),
                    comparator="at_least")
    with pytest.raises(ValidationError) as err:
        target.full_clean()
    assert "0–100" in str(err.value)


def test_symbol_that_contradicts_type_or_body_is_refused(bodies):
    doc = Document(symbol="34-ĐA/TU", doc_type="ke_hoach", title="Sai loại",
                   issuing_body=bodies["btv"])
    with pytest.raises(ValidationError) as err:
        doc.full_clean()
    assert "doc_type" in err.value.message_dict
    doc = Document(symbol="15-ĐA/QU", doc_type="de_an", title="Sai cơ quan",
                   issuing_body=bodies["btv"])
    with pytest.raises(ValidationError) as err:
        doc.full_clean()
    assert "issuing_body" in err.value.message_dict
    doc = Document(symbol="không phải số hiệu", doc_type="de_an", title="Không đọc được",
                   issuing_body=bodies["btv"])
    with pytest.raises(ValidationError) as err:
        doc.full_clean()
    assert "symbol" in err.value.message_dict


def test_qd_symbol_accepts_both_quyet_dinh_and_quy_dinh(bodies):
    """QĐ is the code of both quyết định and quy định: either type passes, another does not."""
    def errors(doc_type) -> dict:
        document = Document(symbol="07-QĐ/TU", doc_type=doc_type, title="QĐ",
                            issuing_body=bodies["btv"], term=bodies["xvii"])
        try:
            document.full_clean(exclude=["slug"])
        except ValidationError as error:
            return error.message_dict
        return {}

    assert errors("quy_dinh") == {}
    assert errors("quyet_dinh") == {}
    assert "doc_type" in errors("ke_hoach")


def test_body_names_match_whatever_the_tone_placement(bodies):
    with pytest.raises(IntegrityError), transaction.atomic():
        IssuingBody.objects.create(slug="trung", name="Thành uỷ Hà Nội", code="TU",
                                   kind="party_committee", locality=bodies["thanh_uy"].locality)
    assert IssuingBody.objects.get(name_key="thanh uy ha noi") == bodies["thanh_uy"]


def test_locality_subtree_and_ancestors(places):
    hanoi = places["hanoi"]
    below = set(hanoi.subtree().values_list("slug", flat=True))
    assert below == {"ha-noi", "long-bien", "viet-hung"}
    assert [p.name for p in places["viet_hung"].ancestors()] == ["Việt Nam", "Hà Nội", "Long Biên"]
    assert places["viet_hung"].level == 3


def test_moving_a_locality_moves_its_subtree(places):
    hcm = Locality.objects.create(slug="tp-hcm", name="TP.HCM", kind="city", parent=places["vn"])
    long_bien = places["long_bien"]
    long_bien.parent = hcm
    long_bien.save()
    places["viet_hung"].refresh_from_db()
    assert places["viet_hung"].path.startswith(hcm.path)


def test_text_is_stored_nfc(bodies):
    decomposed = "Ke\u0302\u0301 hoa\u0323ch thu\u031b\u0309"  # NFD
    doc = Document.objects.create(doc_type="ke_hoach", title=decomposed,
                                  issuing_body=bodies["btv"])
    doc.refresh_from_db()
    assert doc.title == "Kế hoạch thử"


def test_history_keeps_who_changed_what(docs, django_user_model):
    doc = docs["da34"]
    doc.title = "Trích yếu mới"
    doc.save()
    titles = [h.title for h in doc.history.order_by("history_date")]
    assert titles[-1] == "Trích yếu mới" and len(titles) == 2


def test_documents_store_their_place_ancestors(places, bodies):
    """A document of phường Việt Hưng (Long Biên, Hà Nội) is found under each of them by one
    equality on a stored ancestor; a move of Long Biên to another city moves it too."""
    doc = Document.objects.create(
        symbol="5-KH/ĐU", doc_type="ke_hoach", title="Kế hoạch của phường",
        locality=places["viet_hung"], issued_date=dt.date(2023, 6, 1),
    )
    assert (doc.place_1_id, doc.place_2_id, doc.place_3_id) == (
        places["hanoi"].pk, places["long_bien"].pk, places["viet_hung"].pk)
    for place in ("vn", "hanoi", "long_bien", "viet_hung"):
        assert list(Document.objects.in_place(places[place])) == [doc], place
    assert not Document.objects.in_place(places["hanoi"], exact=True).exists()
    hcm = Locality.objects.create(slug="hcm", name="TP.HCM", kind="city", parent=places["vn"])
    assert not Document.objects.in_place(hcm).exists()

    places["long_bien"].parent = hcm
    places["long_bien"].save()
    assert list(Document.objects.in_place(hcm)) == [doc]
    assert not Document.objects.in_place(places["hanoi"]).exists()
    assert stale_places() == []
    doc.refresh_from_db()
    assert doc.place_1_id == hcm.pk

    doc.locality = places["hanoi"]
    doc.save()
    assert (doc.place_1_id, doc.place_2_id, doc.place_3_id) == (places["hanoi"].pk, None, None)
    assert stale_places() == []


def test_counts_below_a_place_agree_with_its_paths(places, bodies):
    """The place facet's counts (one grouped query on the stored ancestors, or by path below
    depth 3) equal counting every document's path by hand, at every depth."""
    village = Locality.objects.create(slug="to-1", name="Tổ dân phố 1", kind="residential_group",
                                      parent=places["viet_hung"])
    for i, place in enumerate(["vn", "hanoi", "hanoi", "long_bien", "viet_hung", "viet_hung"]):
        Document.objects.create(symbol=f"{i + 1}-KH/TU", doc_type="ke_hoach", title=f"KH {i}",
                                locality=places[place], issued_date=dt.date(2020, 1, i + 1))
    Document.objects.create(symbol="9-KH/TU", doc_type="ke_hoach", title="Tổ",
                            locality=village, issued_date=dt.date(2021, 1, 1))
    for parent in [*places.values(), village]:
        below = Document.objects.in_place(parent)
        counts, here = below.counts_below(parent)
        expected = {}
        for child in parent.children.all():
            n = Document.objects.filter(locality__path__startswith=child.path).count()
            if n:
                expected[child.pk] = n
        assert counts == expected, parent.slug
        assert here == Document.objects.filter(locality=parent).count(), parent.slug
        assert sum(counts.values()) + here == below.count()


def test_counts_by_place_roll_up_like_the_paths(places, bodies):
    """Every place's count (itself and below) from the stored ancestors equals counting the
    paths by hand, down to each depth asked for."""
    for i, place in enumerate(["vn", "hanoi", "long_bien", "viet_hung", "viet_hung"]):
        Document.objects.create(symbol=f"{i + 1}-KH/TU", doc_type="ke_hoach", title=f"KH {i}",
                                locality=places[place], issued_date=dt.date(2020, 1, i + 1))
    Document.objects.create(symbol="9-KH/TU", doc_type="ke_hoach", title="Không có địa bàn")
    for depth in (0, 1, 2, 3):
        counts = Document.objects.counts_by_place(depth)
        for place in places.values():
            if len(place.path.strip("/").split("/")) - 1 > depth:
                assert place.pk not in counts
                continue
            expected = Document.objects.filter(locality__path__startswith=place.path).count()
            assert counts.get(place.pk, 0) == expected, (depth, place.slug)
        without_roots = Document.objects.counts_by_place(depth, roots=False)
        assert places["vn"].pk not in without_roots
        assert without_roots == {k: v for k, v in counts.items() if k != places["vn"].pk}


# --- symbols and issuers as real documents write them (issue 14) ---------------------------


@pytest.fixture
def quoc_hoi(places):
    return IssuingBody.objects.create(slug="quoc-hoi", name="Quốc hội", code="QH",
                                      kind="national_assembly", locality=places["vn"])


def test_a_term_may_have_no_years(quoc_hoi):
    khoa = Term.objects.create(body=quoc_hoi, name="khóa XIV", number=14)
    khoa.full_clean()
    assert (khoa.start_year, khoa.label, str(khoa)) == (None, "khóa XIV", "Quốc hội khóa XIV")
    later = Term.objects.create(body=quoc_hoi, name="khóa XV", start_year=2021)
    assert later.label == "khóa XV (2021–)"


@pytest.mark.parametrize("symbol", ["52/2019/QH14", "80/2025/QH15", "22/2008/QH12",
                                    "58/2010/QH12"])
def test_a_law_is_the_national_assemblys_and_takes_its_term_when_the_catalogue_has_it(
        quoc_hoi, symbol):
    khoa = Term.objects.create(body=quoc_hoi, name="khóa XIV", number=14)
    law = Document(symbol=symbol, doc_type="luat", title="Luật", issuing_body=quoc_hoi)
    law.full_clean()  # what the admin's form runs: no "issuer code QH14 does not match QH"
    law.save()
    assert law.term == (khoa if symbol.endswith("QH14") else None)
    assert (law.symbol, law.issuer_code) == (symbol, symbol.rsplit("/", 1)[1])


@pytest.mark.parametrize(("written", "stored", "other_spelling"), [
    ("41-QĐ/TƯ", "41-QĐ/TW", "41-qđ/tw"),
    ("39/QĐ-VPTW", "39/QĐ-VPTW", "39-QĐ/VPTW"),
    ("1814/BNV-TCBC", "1814/BNV-TCBC", "1814/bnv-tcbc"),
    ("06/2020/TTBNV", "06/2020/TT-BNV", "6/2020/TT-BNV"),
])
def test_a_symbol_keeps_its_real_form_and_every_spelling_finds_it(db, written, stored,
                                                                   other_spelling):
    doc = Document.objects.create(symbol=written, doc_type="khac", title="Văn bản thật")
    assert (doc.symbol, doc.symbol_as_written) == (stored, written)
    assert list(Document.objects.search(written)) == [doc]
    assert list(Document.objects.search(other_spelling)) == [doc]



def test_the_migration_reads_every_stored_symbol_again(db):
    from importlib import import_module

    from django.apps import apps

    migration = import_module("documents.migrations.0013_real_symbols_and_types")
    office = Document.objects.create(symbol="39/QĐ-VPTW", doc_type="quyet_dinh", title="Một")
    party = Document.objects.create(symbol="41-QĐ/TƯ", doc_type="quy_dinh", title="Hai")
    plan = Document.objects.create(symbol="188/KH-TU", doc_type="ke_hoach", title="Ba")
    # As the parser before issue 14 stored them: the office's symbol rewritten in the Party
    # layout, TƯ not read at all.
    Document.objects.filter(pk=office.pk).update(symbol="39-QĐ/VPTW")
    Document.objects.filter(pk=party.pk).update(symbol="41-QĐ/TƯ", symbol_key="41-qd/tu",
                                                 number="", type_code="", issuer_code="")
    migration.reread_symbols(apps, None)
    office.refresh_from_db()
    party.refresh_from_db()
    plan.refresh_from_db()
    assert (office.symbol, office.symbol_key) == ("39/QĐ-VPTW", "39-qd/vptw")
    assert (party.symbol, party.symbol_key, party.issuer_code) == ("41-QĐ/TW", "41-qd/tw", "TW")
    assert (plan.symbol, plan.symbol_as_written) == ("188-KH/TU", "188/KH-TU")
