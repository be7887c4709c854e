"""Issue 14's "done when": a file of real-shaped documents — every symbol shape the issue lists
— imports with no error and no workaround, and every spelling of those symbols finds its
document by design (never by typo tolerance). The symbols' shapes are the issue's; the titles,
dates and bodies' details are made up for the test (tests are not fixtures: nothing here goes
into ``fixtures/``)."""

from __future__ import annotations

import pytest
from test_interchange import empty_file, run_import

from documents.models import Document, DocumentLink, Term
from documents.search import DocumentSearch

BODIES = [
    # slug, name, code, kind
    ("quoc-hoi", "Quốc hội", "QH", "national_assembly"),
    ("ban-chap-hanh-trung-uong", "Ban Chấp hành Trung ương", "TW", "party_committee"),
    ("ban-to-chuc-trung-uong", "Ban Tổ chức Trung ương", "BTCTW", "party_board"),
    ("van-phong-trung-uong", "Văn phòng Trung ương Đảng", "VPTW", "party_board"),
    ("chinh-phu", "Chính phủ", "CP", "government"),
    ("thu-tuong", "Thủ tướng Chính phủ", "TTg", "prime_minister"),
    ("bo-noi-vu", "Bộ Nội vụ", "BNV", "ministry"),
    ("bo-tai-chinh", "Bộ Tài chính", "BTC", "ministry"),
    ("van-phong-quoc-hoi", "Văn phòng Quốc hội", "VPQH", "other"),
    ("ubnd-tinh", "Ủy ban nhân dân tỉnh thử", "UBND", "peoples_committee"),
]

# slug, symbol as the source writes it, type, body, date, extra fields
DOCUMENTS = [
    ("luat-22-2008", "22/2008/QH12", "luat", "quoc-hoi", "2008-11-13", {}),
    ("luat-58-2010", "58/2010/QH12", "luat", "quoc-hoi", "2010-11-15", {}),
    ("luat-13-2014", "13/2014/QH13", "luat", "quoc-hoi", None, {"issued_year": 2014}),
    ("luat-52-2019", "52/2019/QH14", "luat", "quoc-hoi", "2019-11-25", {}),
    ("luat-80-2025", "80/2025/QH15", "luat", "quoc-hoi", "2025-06-24", {}),
    ("qd-41-tw", "41-QĐ/TƯ", "quy_dinh", "ban-chap-hanh-trung-uong", "2021-11-03", {}),
    ("qd-50-tw", "50-QĐ/TƯ", "quy_dinh", "ban-chap-hanh-trung-uong", "2021-12-27", {}),
    ("hd-16-btctw", "16-HD/BTCTƯ", "huong_dan", "ban-to-chuc-trung-uong", "2022-01-01", {}),
    ("qd-39-vptw", "39/QĐ-VPTW", "quyet_dinh", "van-phong-trung-uong", "2018-01-01", {}),
    ("cv-1814", "1814/BNV-TCBC", "cong_van", "bo-noi-vu", "2024-04-01", {}),
    ("cv-5633", "5633/BNV-CQĐP", "cong_van", "bo-noi-vu", "2024-09-01", {}),
    ("ttlt-01-2015", "01/2015/TTLT-BNV-BTC", "thong_tu_lien_tich", "bo-noi-vu", "2015-03-01",
     {"co_issuers": ["bo-tai-chinh"]}),
    # a joint Party–state guidance (its shape made up for the test)
    ("hd-01-btctw-bnv", "01-HD/BTCTW-BNV", "huong_dan", "ban-to-chuc-trung-uong",
     "2016-05-01", {"co_issuers": ["bo-noi-vu"]}),
    ("vbhn-25", "25/VBHN-VPQH", "van_ban_hop_nhat", "van-phong-quoc-hoi", "2019-12-01", {}),
    ("nd-29-2023", "29/2023/NĐ-CP", "nghi_dinh", "chinh-phu", "2023-06-03", {}),
    ("qd-1046", "1046/QĐ-TTg", "quyet_dinh", "thu-tuong", "2023-09-06", {}),
    ("qd-343", "343/QĐ-UBND", "quyet_dinh", "ubnd-tinh", "2023-02-01", {}),
    ("tt-06-2020", "06/2020/TT-BNV", "thong_tu", "bo-noi-vu", "2020-12-02", {}),
]

# the symbol's every spelling the issue lists (hyphenless, ASCII, the source's ``TƯ``)
SPELLINGS = {
    "qd-41-tw": ["41-QĐ/TƯ", "41-QĐ/TW", "41-qd/tw"],
    "qd-50-tw": ["50-QĐ/TƯ", "50-QD/TW"],
    "hd-16-btctw": ["16-HD/BTCTƯ", "16-HD/BTCTW"],
    "qd-39-vptw": ["39/QĐ-VPTW", "39-QĐ/VPTW", "39/QD-VPTW"],
    "cv-1814": ["1814/BNV-TCBC", "1814/bnv-tcbc"],
    "cv-5633": ["5633/BNV-CQĐP", "5633/BNV-CQDP"],
    "ttlt-01-2015": ["01/2015/TTLT-BNV-BTC", "1/2015/TTLT-BNV-BTC", "1/2015/ttlt-bnv-btc"],
    "vbhn-25": ["25/VBHN-VPQH", "25/vbhn-vpqh"],
    "luat-52-2019": ["52/2019/QH14", "52/2019/qh14"],
    "nd-29-2023": ["29/2023/NĐCP", "29/2023/ND-CP", "29/2023/NDCP"],
    "qd-1046": ["1046/QĐTTg", "1046/QDTTG"],
    "qd-343": ["343/QĐUBND", "343/QDUBND"],
    "tt-06-2020": ["06/2020/TTBNV", "6/2020/ttbnv"],
}


@pytest.fixture
def imported(tmp_path, db):
    localities = [{"slug": "viet-nam", "name": "Việt Nam", "kind": "country"},
                  {"slug": "tinh-thu", "name": "Tỉnh thử", "kind": "province",
                   "parent": "viet-nam"}]
    bodies = [{"slug": s, "name": n, "code": c, "kind": k,
               "locality": "tinh-thu" if s == "ubnd-tinh" else "viet-nam"}
              for s, n, c, k in BODIES]
    # the legislature's terms: khóa XII–XV, their years optional (XII's left unknown)
    bodies[0]["terms"] = [{"name": "khóa XII", "number": 12},
                          {"name": "khóa XIII", "number": 13, "start_year": 2011},
                          {"name": "khóa XIV", "number": 14, "start_year": 2016,
                           "end_year": 2021},
                          {"name": "khóa XV", "number": 15, "start_year": 2021}]
    documents = []
    for slug, symbol, doc_type, body, date, extra in DOCUMENTS:
        item = {"slug": slug, "symbol": symbol, "doc_type": doc_type, "issuing_body": body,
                "title": f"Văn bản thử {slug}", **extra}
        if date:
            item["issued_date"] = date
        documents.append(item)
    links = [{"from": "luat-80-2025", "to": "luat-22-2008", "kind": "replaces"},
             # a by-reference document carrying its body, place, date and type
             {"from": "qd-50-tw", "to": "nq-26-tw-2018", "kind": "implements",
              "to_symbol": "26-NQ/TƯ", "to_type": "nghi_quyet",
              "to_issuing_body": "ban-chap-hanh-trung-uong", "to_locality": "viet-nam",
              "to_issued_date": "2018-05-19"}]
    data = empty_file(localities=localities, bodies=bodies, documents=documents, links=links)
    run_import(tmp_path, data, "--create-missing-as-reference")  # raises on any error
    return data


def test_every_shape_imports_with_no_error_in_its_real_form(imported):
    assert Document.objects.count() == len(DOCUMENTS) + 1
    canonical = dict(Document.objects.values_list("slug", "symbol"))
    assert canonical["qd-41-tw"] == "41-QĐ/TW" and canonical["hd-16-btctw"] == "16-HD/BTCTW"
    assert canonical["qd-39-vptw"] == "39/QĐ-VPTW"  # its real, state-style form
    assert canonical["cv-5633"] == "5633/BNV-CQĐP"
    assert canonical["nq-26-tw-2018"] == "26-NQ/TW"
    # the legislature's term read from the code: 52/2019/QH14 is khóa XIV's
    terms = dict(Document.objects.filter(doc_type="luat").values_list("slug", "term__number"))
    assert terms == {"luat-22-2008": 12, "luat-58-2010": 12, "luat-13-2014": 13,
                     "luat-52-2019": 14, "luat-80-2025": 15}
    assert Term.objects.get(number=12).start_year is None
    types = dict(Document.objects.values_list("slug", "doc_type"))
    assert types["cv-1814"] == "cong_van" and types["vbhn-25"] == "van_ban_hop_nhat"
    joint = Document.objects.get(slug="ttlt-01-2015")
    assert [b.slug for b in joint.issuers] == ["bo-noi-vu", "bo-tai-chinh"]
    assert [b.slug for b in Document.objects.get(slug="hd-01-btctw-bnv").issuers] == [
        "ban-to-chuc-trung-uong", "bo-noi-vu"]
    by_reference = Document.objects.get(slug="nq-26-tw-2018")
    assert by_reference.known_by_reference
    assert (by_reference.issuing_body.slug, by_reference.locality.slug,
            str(by_reference.issued_date), by_reference.doc_type) == (
        "ban-chap-hanh-trung-uong", "viet-nam", "2018-05-19", "nghi_quyet")
    assert DocumentLink.objects.count() == 2


@pytest.mark.parametrize("slug", sorted(SPELLINGS))
def test_every_spelling_finds_its_document_by_design(imported, slug):
    for q in SPELLINGS[slug]:
        assert not DocumentSearch(q).uses_trigram(Document.objects.all()), q
        assert [d.slug for d in Document.objects.search(q)] == [slug], q


def test_importing_the_file_again_changes_nothing(imported, tmp_path):
    assert "nothing to change" in run_import(tmp_path, imported, "--create-missing-as-reference")
