"""The place and body fields of the list and targets forms are typed, not chosen from a list
(documents/filters/place_fields.py): a slug, a code or a name with or without diacritics,
found by the one search; the place index's switch between today and before 01/07/2025; and an
unknown place or body answering a 404 that offers a search."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from page_helpers import attr, find, find_all, hrefs, queries_of, section, text, visible_text
from test_place_search import END, reform  # noqa: F401 - the fixture

from documents.models import Locality

#: Every test reads the conftest places with codes and the 2025 wards (test_place_search).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("reform")]


def redirected(response) -> tuple[str, dict]:
    assert response.status_code == 302
    address = urlsplit(response["Location"])
    return address.path, parse_qs(address.query)


def field(html, name: str):
    """The <div> of one field of the filter form."""
    return next(div for div in find_all(html, "div", class_="field-suggest")
                if find_all(div, "input", name=name))


# --- the list form's place field --------------------------------------------------------------


@pytest.mark.parametrize("typed", ["ha noi", "Hà Nội", "HA NOI", "01"])
def test_a_place_typed_by_name_or_code_leads_to_the_address_with_its_slug(client, typed):
    path, query = redirected(client.get("/documents/", {"locality": typed, "type": "de_an"}))
    assert path == "/documents/"
    assert query == {"locality": ["ha-noi"], "type": ["de_an"]}


def test_the_chosen_place_is_shown_and_the_old_address_still_works(client):
    response = client.get("/documents/", {"locality": "ha-noi"})  # no redirect
    html = response.content.decode()
    box = find(html, "input", name="locality")
    assert attr(box, "type") == "text" and attr(box, "value") == "ha-noi"
    assert not find_all(html, "select", name="locality")
    place = text(field(html, "locality"))
    assert "Đang chọn: thành phố trực thuộc trung ương Hà Nội." in place
    assert "Tìm thấy 2 văn bản" in visible_text(html)
    assert "Địa bàn: Hà Nội" in text(find(html, "ul", class_="active-filters"))


def test_a_code_finds_the_unit_that_has_it_today(client):
    _path, query = redirected(client.get("/documents/", {"locality": "00127"}))
    assert query == {"locality": ["viet-hung-00127-2025"]}
    html = client.get("/documents/", query, follow=True).content.decode()
    assert "Đang chọn: phường Việt Hưng (Hà Nội, từ 01/07/2025)." in text(field(html, "locality"))


def test_an_ambiguous_name_lists_the_candidates_as_links(client):
    response = client.get("/documents/", {"locality": "viet hung", "type": "de_an", "page": "2"})
    assert response.status_code == 200
    html = response.content.decode()
    place = field(html, "locality")
    assert "Có nhiều địa bàn tên “viet hung”; hãy chọn một." in text(place)
    assert attr(find(place, "input", name="locality"), "value") == "viet hung"
    links = {text(a): attr(a, "href") for a in find_all(find(place, "ul", class_="candidates"),
                                                          "a")}
    assert links == {
        "phường Việt Hưng (Hà Nội, từ 01/07/2025)":
            "/documents/?locality=viet-hung-00127-2025&type=de_an",
        "phường Việt Hưng (Long Biên, đến 30/06/2025)": "/documents/?locality=viet-hung&type=de_an",
        # what took the old ward over, found with it
        "phường Phúc Lợi (Hà Nội, từ 01/07/2025)":
            "/documents/?locality=phuc-loi-00136-2025&type=de_an",
    }
    # The place filter is left out (said above the results), the others apply.
    assert "Địa bàn (“viet hung”)" in visible_text(html)
    assert "Tìm thấy 1 văn bản" in visible_text(html)


def test_a_name_that_finds_nothing_says_so(client):
    html = client.get("/documents/", {"locality": "khong co"}).content.decode()
    place = field(html, "locality")
    assert "Không tìm thấy địa bàn nào cho “khong co”." in text(place)
    assert not find_all(place, "ul", class_="candidates")
    assert "Tìm thấy 2 văn bản" in visible_text(html)


@pytest.mark.parametrize("bad", ["a\x00b", "x" * 400, "%", "   "])
def test_bad_input_in_the_place_field_is_never_an_error_page(client, bad):
    # (blank values are dropped by a redirect to the address without them: views/addresses.py)
    response = client.get("/documents/", {"locality": bad, "body": bad}, follow=True)
    assert response.status_code == 200
    assert "Tìm thấy 2 văn bản" in visible_text(response.content.decode())


# --- the body field ---------------------------------------------------------------------------


def test_a_body_typed_by_name(client):
    # "Thành ủy Hà Nội" is the name exactly (its standing committee's name only contains it).
    _path, query = redirected(client.get("/documents/", {"body": "thanh uy ha noi"}))
    assert query == {"body": ["thanh-uy-ha-noi"]}
    html = client.get("/documents/", {"body": "ha noi"}).content.decode()
    body = field(html, "body")
    assert "Có nhiều cơ quan ban hành khớp với “ha noi”; hãy chọn một." in text(body)
    assert [text(a) for a in find_all(find(body, "ul", class_="candidates"), "a")] == [
        "Ban Thường vụ Thành ủy Hà Nội (Hà Nội)", "Thành ủy Hà Nội (Hà Nội)"]
    assert hrefs(find(body, "ul", class_="candidates"))[1] == "/documents/?body=thanh-uy-ha-noi"
    nothing = field(client.get("/documents/", {"body": "bo quoc phong"}).content.decode(), "body")
    assert "Không tìm thấy cơ quan ban hành nào cho “bo quoc phong”." in text(nothing)


# --- the same field on the targets page, and in the API ---------------------------------------


def test_the_targets_page_has_the_same_place_field(client):
    _path, query = redirected(client.get("/targets/", {"locality": "quan long bien"}))
    assert query == {"locality": ["long-bien"]}
    html = client.get("/targets/", {"locality": "viet hung"}).content.decode()
    links = hrefs(find(field(html, "locality"), "ul", class_="candidates"))
    assert "/targets/?locality=viet-hung-00127-2025" in links


def test_the_api_takes_a_name_a_code_or_a_slug(client):
    by_name = client.get("/api/documents/", {"locality": "Hà Nội"}).json()
    assert by_name["count"] == client.get("/api/documents/", {"locality": "ha-noi"}).json()[
        "count"] == 2
    ambiguous = client.get("/api/documents/", {"locality": "viet hung"})
    assert ambiguous.status_code == 400
    assert "viet hung" in ambiguous.json()["errors"]["locality"][0]


def test_the_suggestions_come_from_the_api_with_a_label(client):
    results = client.get("/api/localities/", {"q": "viet hung"}).json()["results"]
    assert results[0]["label"] == "phường Việt Hưng (Hà Nội, từ 01/07/2025)"  # best first
    bodies = client.get("/api/bodies/", {"q": "thanh uy"}).json()["results"]
    assert [b["label"] for b in bodies] == ["Ban Thường vụ Thành ủy Hà Nội (Hà Nội)",
                                           "Thành ủy Hà Nội (Hà Nội)"]


def test_english_pages_suggest_with_english_kind_names(client):
    """An English page's place and body boxes ask the API for English labels (``?lang=en``):
    "Việt Hưng ward (…)", not "phường Việt Hưng"; a language the API does not have is a 400."""
    html = client.get("/en/documents/").content.decode()
    source = attr(find(html, "input", name="locality"), "data-suggest")
    assert source == "/api/localities/?lang=en"
    assert attr(find(html, "input", name="body"), "data-suggest") == "/api/bodies/?lang=en"
    results = client.get(source + "&q=viet+hung").json()["results"]
    assert results[0]["label"] == "Việt Hưng ward (Hà Nội, from 01/07/2025)"
    assert all("phường" not in r["label"] for r in results)
    assert client.get("/api/localities/", {"q": "viet hung", "lang": "vi"}).json()[
        "results"][0]["label"] == "phường Việt Hưng (Hà Nội, từ 01/07/2025)"
    for api in ("/api/localities/", "/api/bodies/"):
        refused = client.get(api, {"lang": "fr"})
        assert refused.status_code == 400 and "lang" in refused.json()["errors"]


def test_the_box_works_without_script_and_the_script_is_a_file(client):
    html = client.get("/documents/").content.decode()
    box = find(html, "input", name="locality")
    assert attr(box, "data-suggest") == "/api/localities/"
    assert attr(box, "aria-describedby") == "id_locality_helptext"
    assert attr(find(html, "input", name="body"), "data-suggest") == "/api/bodies/"
    scripts = find_all(html, "script")
    assert scripts and all(attr(s, "src") for s in scripts)  # no inline script (CSP)
    assert any(attr(s, "src").endswith("js/suggest.js") for s in scripts)
    assert "'unsafe-inline'" not in client.get("/documents/")["Content-Security-Policy"]


# --- the place index ----------------------------------------------------------------------------


def test_the_place_index_shows_the_country_today_or_before_the_reform(client):
    today = client.get("/places/").content.decode()
    switch = find(today, "ul", class_="period-switch")
    links = {text(a): (attr(a, "href"), attr(a, "aria-current")) for a in find_all(switch, "a")}
    assert links == {"Hôm nay": ("?period=today", "true"),
                     "Trước 01/07/2025": ("?period=before-2025", None)}
    tree = visible_text(section(today, "country-h"))
    assert "Cả nước hôm nay" in tree and "Hà Nội" in tree and "Long Biên" not in tree
    before = client.get("/places/", {"period": "before-2025"}).content.decode()
    tree = visible_text(section(before, "country-h"))
    assert "Long Biên Quận 0 văn bản" in tree and "Việt Hưng Phường 0 văn bản" in tree
    assert "đã giải thể/sáp nhập sau 30/06/2025" in tree
    assert "Phúc Lợi Phường" not in tree  # formed on 01/07/2025
    bad = client.get("/places/", {"period": "2019"}).content.decode()
    assert "Không có thời kỳ “2019”; đang hiển thị cả nước hôm nay." in visible_text(bad)


def test_the_place_index_has_counts_and_a_bounded_number_of_queries(client):
    tree = visible_text(section(client.get("/places/").content.decode(), "country-h"))
    assert "Việt Nam Quốc gia 2 văn bản" in tree
    assert "Hà Nội Thành phố trực thuộc trung ương 2 văn bản" in tree
    queries_of(client, "/places/?period=before-2025")  # the counts kept per change: counted
    before = queries_of(client, "/places/?period=before-2025")  # …then read
    vn = Locality.objects.get(slug="viet-nam")
    for i in range(40):
        province = Locality.objects.create(slug=f"tinh-{i}", name=f"Tỉnh {i}", kind="province",
                                           parent=vn, valid_to=END)
        Locality.objects.create(slug=f"xa-{i}", name=f"Xã {i}", kind="commune",
                                parent=province, valid_to=END)
    queries_of(client, "/places/?period=before-2025")  # counted again once after the change
    assert queries_of(client, "/places/?period=before-2025") == before
    queries_of(client, "/places/")  # another period, other counts: counted once
    assert queries_of(client, "/places/") == before


def test_an_old_name_on_the_place_index_finds_the_old_unit_and_what_took_it_over(client):
    found = section(client.get("/places/", {"q": "long bien"}).content.decode(), "place-results")
    assert hrefs(found) == ["/places/long-bien/", "/places/phuc-loi-00136-2025/",
                            "/places/viet-hung-00127-2025/"]
    assert "đến 30/06/2025" in text(find(found, "li"))


# --- unknown places and bodies --------------------------------------------------------------


def test_an_unknown_place_is_a_404_that_offers_a_search(client):
    response = client.get("/places/khong-co/")
    assert response.status_code == 404
    html = response.content.decode()
    form = find(html, "form", role="search", action="/places/")
    assert attr(find(form, "input", name="q"), "value") == "khong co"
    assert "Không có địa bàn nào ở địa chỉ /places/khong-co/ ." in visible_text(html)
    assert not find_all(html, "section", aria_labelledby="close-matches")


def test_an_unknown_place_suggests_close_matches(client):
    response = client.get("/places/viet-hung-moi/")
    assert response.status_code == 404
    matches = section(response.content.decode(), "close-matches")
    assert [text(a) for a in find_all(matches, "a")][:2] == [
        "phường Việt Hưng (Hà Nội, từ 01/07/2025)", "phường Việt Hưng (Long Biên, đến 30/06/2025)"]
    assert "/places/viet-hung-00127-2025/" in hrefs(matches)


def test_a_code_in_a_place_address_leads_to_the_place(client):
    assert client.get("/places/00127/")["Location"] == "/places/viet-hung-00127-2025/"
    assert client.get("/places/99999/").status_code == 404


def test_an_unknown_body_is_a_404_that_offers_a_search(client):
    response = client.get("/bodies/thanh-uy-ha-noi-cu/")
    assert response.status_code == 404
    html = response.content.decode()
    form = find(html, "form", role="search", action="/bodies/")
    assert attr(find(form, "input", name="q"), "value") == "thanh uy ha noi cu"
    matches = section(html, "close-matches")
    assert "Thành ủy Hà Nội (Hà Nội)" in [text(a) for a in find_all(matches, "a")]
    english = client.get("/en/bodies/khong-co/")
    assert english.status_code == 404
    assert "Issuing body not found" in visible_text(english.content.decode())


def test_the_body_index_searches(client):
    found = section(client.get("/bodies/", {"q": "quan uy"}).content.decode(), "body-results")
    assert [text(a) for a in find_all(found, "a")] == ["Quận ủy Long Biên (Long Biên)"]
    nothing = client.get("/bodies/", {"q": "zzz"}).content.decode()
    assert "Không tìm thấy cơ quan ban hành nào." in visible_text(nothing)
