"""Issue 14: "a link may point to a symbol that is still ambiguous (26-NQ/TW of 2008, 2018 or
2022) and is shown as ambiguous until an admin resolves it". Titles are made up for the
tests."""

from __future__ import annotations

import datetime as dt

import pytest

from documents.models import Document, DocumentLink, IssuingBody


@pytest.fixture
def central(places):
    tw = IssuingBody.objects.create(slug="bch-tw", name="Ban Chấp hành Trung ương", code="TW",
                                    kind="party_committee", locality=places["vn"])
    dated = [Document.objects.create(symbol="26-NQ/TW", doc_type="nghi_quyet",
                                     title=f"Nghị quyết thử năm {year}", issuing_body=tw,
                                     issued_date=dt.date(year, 5, 19)) for year in (2008, 2018)]
    unresolved = Document.objects.create(symbol="26-NQ/TƯ", doc_type="nghi_quyet",
                                         title="26-NQ/TW", issuing_body=tw,
                                         known_by_reference=True)
    plan = Document.objects.create(symbol="9-KH/TW", doc_type="ke_hoach", title="Kế hoạch thử",
                                   issuing_body=tw, issued_date=dt.date(2023, 1, 1))
    DocumentLink.objects.create(from_document=plan, to_document=unresolved, kind="implements")
    return {"dated": dated, "unresolved": unresolved, "plan": plan}


def test_a_symbol_without_date_year_or_term_is_ambiguous():
    assert Document(symbol="26-NQ/TW").symbol_ambiguous
    assert Document(symbol="1814/BNV-TCBC").symbol_ambiguous  # a letter's number recurs
    assert not Document(symbol="26-NQ/TW", issued_year=2018).symbol_ambiguous
    assert not Document(symbol="52/2019/QH14").symbol_ambiguous  # the year is in it
    assert not Document(symbol="").symbol_ambiguous


def test_the_page_and_the_links_show_it_ambiguous_with_its_candidates(client, central):
    page = client.get(central["unresolved"].get_absolute_url()).content.decode()
    assert "chưa xác định là văn bản nào" in page
    for doc in central["dated"]:
        assert doc.get_absolute_url() in page
    linking = client.get(central["plan"].get_absolute_url()).content.decode()
    assert "chưa xác định là văn bản nào" in linking
    api = client.get(f"/api/documents/{central['unresolved'].slug}/").json()
    assert api["ambiguous"] is True
    # resolved by an admin: its year given, it is one document
    central["unresolved"].issued_year = 2022
    central["unresolved"].save()
    assert "chưa xác định là văn bản nào" not in client.get(
        central["plan"].get_absolute_url()).content.decode()
    for doc in central["dated"]:
        page = client.get(doc.get_absolute_url()).content.decode()
        assert "chưa xác định là văn bản nào" not in page
