"""Locality and issuing-body pages: the tree of places with counts that include the places
below, a place's documents issued there or below, historical places and bodies marked,
bodies grouped by locality in Vietnamese order, bounded queries, bad page numbers."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation
from page_helpers import attr, find, find_all, hrefs, text
from page_helpers import page_html as _html
from page_helpers import queries_of as _queries
from page_helpers import section as _section
from page_helpers import visible_text as _text

from documents.models import Document, Figure, IssuingBody, Locality, Target


@pytest.fixture(autouse=True)
def _vietnamese():
    with translation.override("vi"):
        yield


@pytest.fixture
def spread(places, bodies, docs):
    """Documents at every level below Hà Nội, and a historical place with a successor."""
    dang_uy = IssuingBody.objects.create(
        slug="dang-uy-viet-hung", name="Đảng ủy phường Việt Hưng", code="ĐU",
        kind="party_grassroots", locality=places["viet_hung"],
    )
    ward_doc = Document.objects.create(
        symbol="02-KH/ĐU", doc_type="ke_hoach", title="Kế hoạch của phường",
        issuing_body=dang_uy, issued_date=dt.date(2022, 3, 1),
    )
    district_doc = Document.objects.create(
        symbol="15-ĐA/QU", doc_type="de_an", title="Đề án của quận",
        issuing_body=bodies["quan_uy"], issued_date=dt.date(2020, 1, 10),
    )
    places["long_bien"].valid_to = dt.date(2025, 6, 30)
    places["long_bien"].save()
    new_ward = Locality.objects.create(
        slug="phuong-moi", name="Phường Mới", kind="ward", parent=places["hanoi"],
        valid_from=dt.date(2025, 7, 1),
    )
    places["long_bien"].successors.add(new_ward)
    bodies["quan_uy"].valid_to = dt.date(2025, 6, 30)
    bodies["quan_uy"].save()
    return {"ward_doc": ward_doc, "district_doc": district_doc, "new_ward": new_ward,
            "dang_uy": dang_uy}


# --- seed ------------------------------------------------------------------------


def test_ha_noi_page_lists_documents_from_places_below(client, seed):
    hanoi = Locality.objects.get(name="Hà Nội")
    da15 = Document.objects.get(symbol="15-ĐA/QU")
    assert da15.locality.name == "Long Biên" and da15.locality.parent == hanoi
    html = _html(client.get(hanoi.get_absolute_url() + "?scope=below&page=1"))
    docs = _section(html, "docs-h")
    assert "15-ĐA/QU" in docs and f'href="{da15.get_absolute_url()}"' in docs
    assert 'href="/documents/?locality=ha-noi"' in docs
    # Breadcrumbs of ancestors, children with counts, timeline, bodies.
    crumbs = find(html, "nav", class_="breadcrumbs")
    assert "Việt Nam" in text(crumbs)
    assert text(find(crumbs, aria_current="page")) == "Hà Nội"
    children = _text(_section(html, "children-h"))
    assert "Long Biên" in children and "đã giải thể/sáp nhập sau 30/06/2025" in children
    timeline = _text(_section(html, "timeline-h"))
    assert "2023" in timeline and "2021" in timeline
    assert "Ban Thường vụ Thành ủy Hà Nội" in _section(html, "bodies-h")
    assert "Quận ủy Long Biên" in _section(html, "bodies-h")
    assert "dưới 35 tuổi" in _section(html, "targets-h")


def test_locality_index_counts_include_places_below(client, seed):
    html = _html(client.get("/places/"))
    text = _text(html)
    total = Document.objects.count()
    below_hanoi = Document.objects.filter(
        locality__path__startswith=Locality.objects.get(slug="ha-noi").path
    ).count()
    assert f"Việt Nam Quốc gia {total} văn bản" in text
    assert f"Hà Nội Thành phố trực thuộc trung ương {below_hanoi} văn bản" in text
    # The index opens on the country of today: quận Long Biên (dissolved) is on the other side
    # of the switch, with the same counts.
    assert "Long Biên" not in text and "đã giải thể/sáp nhập" not in text
    before = _text(_html(client.get("/places/?period=before-2025")))
    assert f"Hà Nội Thành phố trực thuộc trung ương {below_hanoi} văn bản" in before
    assert "Long Biên Quận" in before and "đã giải thể/sáp nhập sau 30/06/2025" in before


def test_locality_index_counts_are_kept_and_exact_after_a_change(client, seed):
    """The index's counts are counted once per change of the catalogue (views.places
    .index_counts over catalogue_counts.kept): the next request reads them, and a new
    document is counted at its place and every place above."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def hanoi_line():
        below = Document.objects.filter(locality__path__startswith=hanoi.path).count()
        return f"Hà Nội Thành phố trực thuộc trung ương {below} văn bản"

    hanoi = Locality.objects.get(slug="ha-noi")
    assert hanoi_line() in _text(_html(client.get("/places/")))
    with CaptureQueriesContext(connection) as queries:
        assert hanoi_line() in _text(_html(client.get("/places/")))
    assert not [q for q in queries.captured_queries if "GROUP BY" in q["sql"]]
    body = IssuingBody.objects.get(name="Quận ủy Long Biên")
    Document.objects.create(symbol="99-KH/QU", doc_type="ke_hoach", title="Kế hoạch mới",
                            issuing_body=body)
    text = _text(_html(client.get("/places/")))
    assert hanoi_line() in text
    assert f"Việt Nam Quốc gia {Document.objects.count()} văn bản" in text


def test_long_bien_is_historical_and_its_body_too(client, seed):
    long_bien = Locality.objects.get(name="Long Biên")
    html = _html(client.get(long_bien.get_absolute_url()))
    assert "đã giải thể/sáp nhập sau 30/06/2025" in html
    assert "15-ĐA/QU" in _section(html, "docs-h")
    body = IssuingBody.objects.get(name="Quận ủy Long Biên")
    body_html = _html(client.get(body.get_absolute_url()))
    assert "30/06/2025" in body_html


def test_body_index_groups_by_locality_in_vietnamese_order(client, seed):
    html = _html(client.get("/bodies/"))
    groups = [hrefs(h2)[0] for h2 in find_all(html, "h2")
              if (attr(h2, "id") or "").startswith("loc-")]
    assert groups[0] == "/places/viet-nam/"
    hanoi = find(html, "section",
                 aria_labelledby=f"loc-{Locality.objects.get(slug='ha-noi').pk}")
    names = [text(a) for li in find_all(hanoi, "li") for a in find_all(li, "a")[:1]
             if attr(a, "href").startswith("/bodies/")]
    assert names == [
        b.name
        for b in IssuingBody.objects.filter(locality__slug="ha-noi").order_by("name_sort")
    ]
    # Vietnamese order: "Đảng đoàn" after every "Ban …", "Ủy ban" last.
    assert names.index("Đảng đoàn HĐND thành phố Hà Nội") > names.index(
        "Ban Tổ chức Thành ủy Hà Nội"
    )
    assert names[-1].startswith("Ủy ban")


def test_body_page_documents_terms_and_parent(client, seed):
    btv = IssuingBody.objects.get(name="Ban Thường vụ Thành ủy Hà Nội")
    html = _html(client.get(btv.get_absolute_url()))
    assert "<title>Ban Thường vụ Thành ủy Hà Nội ·" in html
    assert "34-ĐA/TU" in _section(html, "docs-h")
    if btv.parent_id:
        assert f'href="{btv.parent.get_absolute_url()}"' in html
    thanh_uy = IssuingBody.objects.get(name="Thành ủy Hà Nội")
    parent_html = _html(client.get(thanh_uy.get_absolute_url()))
    if thanh_uy.terms.exists():
        assert "khóa XVII" in _section(parent_html, "terms-h")
    if btv.parent_id == thanh_uy.pk:
        assert f'href="{btv.get_absolute_url()}"' in parent_html


# --- hand-built data -----------------------------------------------------------------


def test_counts_roll_up_and_exactly_here(client, spread, places):
    html = _html(client.get(places["hanoi"].get_absolute_url() + "?scope=below"))
    text = _text(html)
    # 04-NQ/TU and 34-ĐA/TU in Hà Nội itself, one in Long Biên, one in Việt Hưng.
    assert "4 văn bản, trong đó 2 ban hành tại chính địa bàn này" in text
    children = _text(_section(html, "children-h"))
    assert "Long Biên Quận 2 văn bản" in children
    assert "Phường Mới Phường 0 văn bản" in children
    docs = _section(html, "docs-h")
    for symbol in ("02-KH/ĐU", "15-ĐA/QU", "34-ĐA/TU", "04-NQ/TU"):
        assert symbol in docs
    # Newest first.
    assert docs.index("34-ĐA/TU") < docs.index("02-KH/ĐU") < docs.index("04-NQ/TU")
    assert docs.index("04-NQ/TU") < docs.index("15-ĐA/QU")


def _place_counts_shown(client, place, scope) -> dict:
    context = client.get(place.get_absolute_url() + f"?scope={scope}").context
    return {"total": context["document_count"], "here": context["exact_count"],
            "scope": context["scope_count"],
            "children": {node["slug"]: node["count"] for node in context["children"]},
            "years": [(row.issued_year, row.n) for row in context["timeline"]],
            "undated": context["undated"],
            "rows": [row.document.pk for row in context["rows"]]}


def _place_counts_recounted(place, scope) -> dict:
    """What the place page's counts are by a plain recount (paths, no stored ancestors)."""
    from documents.applies_here import scoped_documents

    below = Document.objects.filter(locality__path__startswith=place.path)
    years: dict = {}
    for year in below.exclude(issued_year=None).values_list("issued_year", flat=True):
        years[year] = years.get(year, 0) + 1
    documents = scoped_documents(place, scope)[0]
    return {"total": below.count(), "here": below.filter(locality=place).count(),
            "scope": documents.count(),
            "children": {child.slug: below.filter(locality__path__startswith=child.path).count()
                         for child in place.children.all()},
            "years": sorted(years.items()),
            "undated": below.filter(issued_year=None).count(),
            "rows": list(documents.values_list("pk", flat=True)[:20])}


def test_place_counts_are_kept_and_exact_after_every_change(client, spread, places, bodies):
    """The counts a place's page reads from what is kept per change
    (place_summary.place_counts) are what a recount gives, in every scope, after creating,
    moving and deleting documents and adding a place."""
    scopes = ("applies", "here", "below")
    wards = (places["hanoi"], places["long_bien"], places["viet_hung"], places["vn"],
             spread["new_ward"])

    def check():
        for place in wards:
            place.refresh_from_db()
            for scope in scopes:
                shown = _place_counts_shown(client, place, scope)
                assert shown == _place_counts_recounted(place, scope), (place.slug, scope)

    check()
    moved = Document.objects.create(symbol="7-KH/QU", doc_type="ke_hoach", title="Bảy",
                                    issuing_body=bodies["quan_uy"], issued_date=dt.date(2019, 5, 1))
    Document.objects.create(symbol="8-KH/ĐU", doc_type="ke_hoach", title="Tám, chưa rõ năm",
                            issuing_body=spread["dang_uy"])
    check()
    moved.issuing_body, moved.locality = spread["dang_uy"], places["viet_hung"]
    moved.save()
    Locality.objects.create(slug="phuong-khac", name="Phường Khác", kind="ward",
                            parent=places["hanoi"], valid_from=dt.date(2025, 7, 1))
    check()
    spread["ward_doc"].delete()
    check()


@pytest.mark.parametrize("size", [1, 2, 3, 20])
def test_what_applies_read_group_by_group_is_every_document_in_order(client, spread, places,
                                                                      bodies, monkeypatch,
                                                                      size):
    """Pages of what applies (applies_here.AppliesHerePages: counted from the kept counts,
    read group by group) hold, page after page, exactly AppliesHere.documents() in order."""
    from documents.applies_here import scoped_documents

    for i in range(3):  # more in Hà Nội and in the country, for groups over several pages
        Document.objects.create(symbol=f"{i + 40}-KH/TU", doc_type="ke_hoach", title=f"HN {i}",
                                issuing_body=bodies["btv"], issued_date=dt.date(2018 + i, 1, 1))
        Document.objects.create(doc_type="nghi_dinh", title=f"Trung ương {i}",
                                locality=places["vn"], issued_year=2010 + i)
    monkeypatch.setattr("documents.views.places.PAGE_SIZE", size)
    for place in (places["viet_hung"], places["hanoi"], spread["new_ward"], places["vn"]):
        expected = list(scoped_documents(place, "applies")[0].values_list("pk", flat=True))
        shown, number = [], 1
        while True:
            context = client.get(place.get_absolute_url(), {"page": number}).context
            shown += [row.document.pk for row in context["rows"]]
            assert context["scope_count"] == len(expected)
            if not context["page_obj"].has_next():
                break
            number += 1
        assert shown == expected, place.slug


def test_historical_place_shows_period_and_successors(client, spread, places):
    html = _html(client.get(places["long_bien"].get_absolute_url()))
    text = _text(html)
    assert "đã giải thể/sáp nhập sau 30/06/2025" in text
    assert "Đơn vị kế thừa Phường Mới" in text
    new_html = _html(client.get(spread["new_ward"].get_absolute_url()))
    assert "Kế thừa từ Long Biên" in _text(new_html)
    index = _text(_html(client.get("/places/?period=before-2025")))
    assert "kế thừa bởi Phường Mới" in index


def test_issued_here_shows_only_the_wards_own(client, spread, places):
    html = _html(client.get(places["viet_hung"].get_absolute_url() + "?scope=here"))
    docs = _section(html, "docs-h")
    assert "02-KH/ĐU" in docs and "15-ĐA/QU" not in docs and "34-ĐA/TU" not in docs


def test_locality_pagination_and_bad_page_numbers(client, places, bodies):
    for i in range(45):
        Document.objects.create(
            symbol=f"{i + 1}-TB/QU", doc_type="thong_bao", title=f"Thông báo {i}",
            issuing_body=bodies["quan_uy"], issued_date=dt.date(2022, 1, 1) + dt.timedelta(i),
        )
    url = places["hanoi"].get_absolute_url() + "?scope=below"
    first = _html(client.get(url))
    assert "Trang 1 / 3" in first and "scope=below&amp;page=2" in first
    last = _html(client.get(url + "&page=3"))
    assert "Trang 3 / 3" in last and last.count('class="doc-row"') == 5
    for bad in ("abc", "0", "-1", "999999", "1.5", "%00", "２"):
        assert client.get(url, {"page": bad, "scope": "below"}).status_code == 200, bad
    body_url = bodies["quan_uy"].get_absolute_url()
    assert "Trang 2 / 3" in _html(client.get(body_url + "?page=2"))
    assert client.get(body_url, {"page": "xyz"}).status_code == 200


def test_locality_page_queries_do_not_grow(client, places, bodies, percent_indicator):
    url = places["hanoi"].get_absolute_url()
    Document.objects.create(symbol="1-KH/TU", doc_type="ke_hoach", title="Một",
                            issuing_body=bodies["btv"], issued_date=dt.date(2020, 1, 1))
    scopes = ("", "?scope=applies", "?scope=here", "?scope=below")
    # the first request after a change counts the place's documents and keeps the counts
    # (documents.place_summary.place_counts): 14 queries more, once per change
    def grow(numbers):
        for i in numbers:
            child = Locality.objects.create(slug=f"quan-{i}", name=f"Quận {i}",
                                            kind="urban_district", parent=places["hanoi"])
            Document.objects.create(symbol=f"{i + 2}-KH/TU", doc_type="ke_hoach",
                                    title=f"Hai {i}", issuing_body=bodies["btv"],
                                    issued_date=dt.date(2001 + i, 1, 1))
            body = IssuingBody.objects.create(slug=f"quan-uy-{i}", name=f"Quận ủy {i}",
                                              code="QU", kind="party_committee", locality=child)
            doc = Document.objects.create(
                symbol=f"{i + 1}-KH/QU", doc_type="ke_hoach", title=f"Kế hoạch {i}",
                issuing_body=body, issued_date=dt.date(2000 + i, 1, 1),
            )
            Target.objects.create(document=doc, indicator=percent_indicator, value=10,
                                  deadline_year=2025)
            Figure.objects.create(indicator=percent_indicator, locality=child, value=i,
                                  as_of=dt.date(2020 + i % 5, 12, 31))

    grow(range(1))  # a target and a figure to read (none: no query)
    _queries(client, url)
    few = [_queries(client, url + scope) for scope in scopes]
    grow(range(1, 30))
    assert _queries(client, url) <= 28
    many = [_queries(client, url + scope) for scope in scopes]
    assert many == few
    assert max(many) <= 15
    # the first request after a change: places, successors, and the counts and total kept
    # per change (read, counted — the roots' totals apart —, stored)
    assert _queries(client, "/places/") <= 9
    assert _queries(client, "/places/") <= 4  # places, successors, counts and total read


def test_body_pages_queries_do_not_grow(client, places, bodies, docs):
    url = bodies["btv"].get_absolute_url()
    few = _queries(client, url)
    for i in range(30):
        Document.objects.create(symbol=f"{i + 50}-KH/TU", doc_type="ke_hoach", title=f"KH {i}",
                                issuing_body=bodies["btv"], term=bodies["xvii"])
        IssuingBody.objects.create(slug=f"ban-{i}", name=f"Ban số {i}", kind="party_board",
                                   locality=places["hanoi"], parent=bodies["btv"])
    assert _queries(client, url) == few <= 10
    assert _queries(client, "/bodies/") == 1


def test_unknown_place_and_body_are_404(client, places):
    for url in ("/places/khong-co/", "/bodies/khong-co/", "/en/bodies/khong-co/"):
        response = client.get(url)
        assert response.status_code == 404
        assert 'name="q"' in response.content.decode()


@pytest.mark.parametrize("url", ["/places/", "/places/ha-noi/", "/bodies/",
                                 "/bodies/thanh-uy-ha-noi/"])
def test_writes_are_refused(client, bodies, url):
    for method in ("post", "put", "delete"):
        assert getattr(client, method)(url).status_code == 405
    assert client.head(url).status_code == 200


def test_place_pages_show_the_figures_reported_for_them(client, seed):
    """What the sources report (seed articles 003 and 004), in Vietnamese number format, with
    the date and the source, so the targets can be read against them."""
    hanoi = _section(_html(client.get("/places/ha-noi/")), "figures-h")
    text = _text(hanoi)
    for shown in ("Số cán bộ, công chức cấp xã", "11.473 người", "5.405 người", "6.068 người",
                  "3.622 người", "17,9 %", "99,9 %", "18 %", "31/12/2022", "LĐTĐ"):
        assert shown in text, shown
    assert "Theo số liệu thống kê đến ngày 31/12/2022" in text  # the quote
    # Places below are included, each marked with its place.
    assert "238/238 người" in text and "54,16 %" in text and "Long Biên" in text
    long_bien = _text(_section(_html(client.get("/places/long-bien/")), "figures-h"))
    assert "71,28 %" in long_bien and "26/05/2023" in long_bien
    assert "11.473" not in long_bien  # a place above is not a place below
    english = _text(_section(_html(client.get("/en/places/ha-noi/")), "figures-h"))
    assert "11,473" in english and "17.9 %" in english
    assert "Viet Hung" not in english and "Long Bien" in english  # English place names


def test_places_of_the_same_name_come_out_in_one_order_on_every_page_and_in_the_api(
    client, places
):
    """Hundreds of communes share a name ("Phường 1"): among equal names the order is the
    places' ids, so that a page or an API page never shows one twice and skips another.
    Some are edited afterwards, last first (their rows move to the end of the table)."""
    ids = []
    for n in range(20):
        district = Locality.objects.create(
            slug=f"quan-{n}", name=f"Quận số {n:02d}", kind="urban_district", parent=places["hanoi"]
        )
        ids.append(Locality.objects.create(
            slug=f"phuong-1-q{n}", name="Phường 1", kind="ward", parent=district).pk)
    for pk in reversed(ids[::3]):
        edited = Locality.objects.get(pk=pk)
        edited.note = "sửa sau"
        edited.save()

    def api_ids(url):
        found = []
        while url:
            page = client.get(url).json()
            found += [p["slug"] for p in page["results"] if p["name"] == "Phường 1"]
            url = page["next"]
        return found

    expected = [f"phuong-1-q{n}" for n in range(20)]
    assert api_ids("/api/localities/?page_size=7") == expected
    index = _html(client.get("/places/"))
    shown = [h.rstrip("/").rsplit("/", 1)[-1] for h in hrefs(index) if "/phuong-1-q" in h]
    assert shown == expected


def test_a_ward_page_opens_on_what_applies_there_grouped_by_level_with_reasons(client, seed):
    """Issue 13's example: phường Việt Hưng follows its own documents, quận Long Biên's,
    Hà Nội's and the centre's, each saying why."""
    viet_hung = Locality.objects.get(name="Việt Hưng")
    html = _html(client.get(viet_hung.get_absolute_url()))
    docs = _section(html, "docs-h")
    switch = find(docs, "nav", class_="scope-switch")
    assert text(find(switch, "a", aria_current="true")) == "Áp dụng tại đây"
    symbols = ("15-ĐA/QU", "01-CTr/QU", "21-ĐA/TU", "188-KH/TU", "34-ĐA/TU", "04-NQ/TU",
               "18-NQ/TW")
    for symbol in symbols:
        assert symbol in docs, symbol
    headings = [text(h) for h in find_all(docs, "h3")]
    # Nearest level first: the district, the city, the centre.
    assert headings.index("Cấp trên: quận Long Biên") < headings.index("Cấp trên: Hà Nội")
    assert headings.index("Cấp trên: Hà Nội") < headings.index("Cấp trên: Việt Nam")
    visible = _text(docs)
    assert "cấp trên: Quận ủy Long Biên" in visible
    assert "cấp trên: Ban Thường vụ Thành ủy Hà Nội" in visible
    # The other scopes: nothing issued in the ward itself in the seed.
    assert "Chưa có văn bản nào" in _text(_section(
        _html(client.get(viet_hung.get_absolute_url() + "?scope=here")), "docs-h"))


def test_a_unit_formed_from_others_follows_what_applied_to_them(client, spread, places):
    """The new ward that took over from quận Long Biên (its successor) follows Long Biên's
    documents, marked as coming from before the change, with the date."""
    new_ward = spread["new_ward"]
    html = _html(client.get(new_ward.get_absolute_url()))
    docs = _section(html, "docs-h")
    assert "15-ĐA/QU" in docs
    assert "Trước 01/07/2025: quận Long Biên" in [text(h) for h in find_all(docs, "h3")]
    assert "trước 01/07/2025: quận Long Biên, nay thuộc" in _text(docs)


def test_an_unknown_scope_is_said_and_the_default_shown(client, places):
    response = client.get(places["viet_hung"].get_absolute_url(), {"scope": "everything"})
    assert response.status_code == 200
    docs = _section(_html(response), "docs-h")
    assert "Không có phạm vi “everything”" in _text(docs)
    assert text(find(docs, "a", aria_current="true")) == "Áp dụng tại đây"
