"""Finding a place: by name without diacritics or by code, an old name bringing what replaced
it (``Locality.objects.search``), on the place index and in the API, where a place's code is
accepted wherever a place is."""

from __future__ import annotations

import datetime as dt

import pytest

from documents.models import Locality, LocalitySuccession

END, START = dt.date(2025, 6, 30), dt.date(2025, 7, 1)


@pytest.fixture
def reform(places, docs):
    """The conftest places with codes, and the 2025 wards that took over phường Việt Hưng."""
    for key, code in (("hanoi", "01"), ("long_bien", "004"), ("viet_hung", "00127")):
        Locality.objects.filter(pk=places[key].pk).update(code=code)
    Locality.objects.filter(pk__in=[places["long_bien"].pk, places["viet_hung"].pk]).update(
        valid_to=END)
    new_viet_hung = Locality.objects.create(
        slug="viet-hung-00127-2025", name="Việt Hưng", kind="ward", code="00127",
        parent=places["hanoi"], valid_from=START)
    phuc_loi = Locality.objects.create(
        slug="phuc-loi-00136-2025", name="Phúc Lợi", kind="ward", code="00136",
        parent=places["hanoi"], valid_from=START)
    for old in ("viet_hung", "long_bien"):
        for new in (new_viet_hung, phuc_loi):
            LocalitySuccession.objects.create(from_locality=places[old], to_locality=new,
                                              effective_date=START, partial=True)
    return {**places, "new_viet_hung": new_viet_hung, "phuc_loi": phuc_loi}


def found(query: str) -> list[str]:
    return [place.slug for place in Locality.objects.search(query)]


@pytest.mark.django_db
def test_a_name_without_diacritics_finds_the_old_unit_and_what_replaced_it(reform):
    assert found("viet hung") == ["viet-hung-00127-2025", "viet-hung", "phuc-loi-00136-2025"]
    assert found("Phường Việt Hưng") == found("phuong viet hung") == found("viet hung")
    assert found("long bien") == ["long-bien", "phuc-loi-00136-2025", "viet-hung-00127-2025"]
    assert found("quan long bien")[0] == "long-bien"
    assert found("ha noi") == ["ha-noi"]


@pytest.mark.django_db
def test_a_code_finds_every_unit_that_had_it(reform):
    assert found("00127") == ["viet-hung-00127-2025", "viet-hung", "phuc-loi-00136-2025"]
    assert found("127") == found("00127")
    assert found("004")[0] == "long-bien"
    assert Locality.objects.by_code("00127") == reform["new_viet_hung"]  # the one of today
    assert Locality.objects.by_code("004") == reform["long_bien"]  # the one that had it last
    assert Locality.objects.by_code("99999") is None


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["", "   ", "zzz", "\x00", "%", "_"])
def test_nothing_found_for_nothing(reform, query):
    assert found(query) == []


@pytest.mark.django_db
def test_the_place_index_searches(client, reform):
    page = client.get("/places/", {"q": "viet hung"}).content.decode()
    assert "Địa bàn tìm thấy cho “viet hung”" in page
    assert 'href="/places/viet-hung-00127-2025/"' in page and "(mã 00127)" in page
    assert "từ 01/07/2025" in page and "đến 30/06/2025" in page
    assert "Không tìm thấy địa bàn nào." in client.get("/places/", {"q": "zzz"}).content.decode()
    assert client.get("/places/", {"q": "a\x00b" * 100}).status_code == 200


@pytest.mark.django_db
def test_the_api_exposes_codes_periods_and_successions(client, reform):
    results = client.get("/api/localities/", {"q": "viet hung"}).json()["results"]
    by_slug = {place["slug"]: place for place in results}
    assert set(by_slug) == {"viet-hung", "viet-hung-00127-2025", "phuc-loi-00136-2025"}
    old = by_slug["viet-hung"]
    assert (old["code"], old["valid_to"], old["parent"]) == ("00127", "2025-06-30", "long-bien")
    assert sorted(old["successors"]) == ["phuc-loi-00136-2025", "viet-hung-00127-2025"]
    assert sorted(by_slug["phuc-loi-00136-2025"]["predecessors"]) == ["long-bien", "viet-hung"]
    coded = client.get("/api/localities/", {"code": "00127"}).json()["results"]
    assert {place["slug"] for place in coded} == {"viet-hung", "viet-hung-00127-2025"}


@pytest.mark.django_db
def test_a_place_filter_of_the_api_accepts_a_code(client, reform, docs):
    by_slug = client.get("/api/documents/", {"locality": "ha-noi"}).json()
    by_code = client.get("/api/documents/", {"locality": "01"}).json()
    assert by_code["count"] == by_slug["count"] == 2
    assert [d["slug"] for d in by_code["results"]] == [d["slug"] for d in by_slug["results"]]
    assert client.get("/api/targets/", {"locality": "01"}).status_code == 200
    assert client.get("/api/figures/", {"locality": "01"}).status_code == 200
    unknown = client.get("/api/documents/", {"locality": "99999"})
    assert unknown.status_code == 400 and "locality" in unknown.json()["errors"]


@pytest.mark.django_db
def test_a_place_page_says_what_took_it_over_and_what_it_was_formed_from(client, reform):
    old = client.get("/places/viet-hung/").content.decode()
    assert "đã giải thể/sáp nhập sau 30/06/2025" in old and "Mã đơn vị hành chính" in old
    took_over = old.split("Đơn vị kế thừa", 1)[1].split("</dd>", 1)[0]
    assert 'href="/places/phuc-loi-00136-2025/"' in took_over
    assert 'href="/places/viet-hung-00127-2025/"' in took_over
    assert took_over.count("(một phần)") == 2 and took_over.count("từ 01/07/2025") == 2
    new = client.get("/places/viet-hung-00127-2025/").content.decode()
    formed_from = new.split("Kế thừa từ", 1)[1].split("</dd>", 1)[0]
    assert 'href="/places/viet-hung/"' in formed_from and "(phường, Long Biên)" in formed_from
    assert 'href="/places/long-bien/"' in formed_from
