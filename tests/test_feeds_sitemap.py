"""Atom feeds, sitemap.xml and robots.txt: valid XML listing the right items; feeds valid
Atom (RFC 4287) and advertised by the pages they belong to; the sitemap listing every
public page in both languages, in pages of bounded size; robots.txt keeping the admin's
address to itself."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from documents import sitemaps
from documents.models import Document, Topic

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"
SITE = "http://testserver"
CATALOGUE = "Cơ sở dữ liệu văn bản về công tác cán bộ"
CATALOGUE_EN = "Database of Documents on Personnel Work"


@pytest.fixture(autouse=True)
def _vietnamese():
    """Addresses built in the tests are the Vietnamese ones (a request under /en/ leaves
    English active in the thread)."""
    with translation.override("vi"):
        yield


def _atom_entries(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    return [
        (e.find(f"{ATOM}title").text, e.find(f"{ATOM}link").get("href"))
        for e in root.findall(f"{ATOM}entry")
    ]


def test_catalogue_feed_lists_documents_newest_change_first(client, docs):
    docs["nq04"].summary = "Cập nhật"
    docs["nq04"].save()
    entries = _atom_entries(client.get("/feeds/documents.atom"))
    assert [title for title, _ in entries] == ["Nghị quyết 04-NQ/TU", "Đề án 34-ĐA/TU"]
    assert entries[0][1].endswith(docs["nq04"].get_absolute_url())


def test_locality_feed_includes_places_below(client, docs, bodies, places):
    Document.objects.create(symbol="15-ĐA/QU", doc_type="de_an", title="Đề án quận",
                            issuing_body=bodies["quan_uy"])
    titles = [t for t, _ in _atom_entries(client.get("/feeds/places/ha-noi.atom"))]
    assert set(titles) == {"Đề án 15-ĐA/QU", "Đề án 34-ĐA/TU", "Nghị quyết 04-NQ/TU"}
    titles = [t for t, _ in _atom_entries(client.get("/feeds/places/long-bien.atom"))]
    assert titles == ["Đề án 15-ĐA/QU"]


def test_body_and_topic_feeds(client, docs, bodies):
    titles = [t for t, _ in _atom_entries(client.get("/feeds/bodies/thanh-uy-ha-noi.atom"))]
    assert titles == ["Nghị quyết 04-NQ/TU"]
    topic = Topic.objects.create(slug="dao-tao-boi-duong", name="Đào tạo, bồi dưỡng")
    docs["da34"].topics.add(topic)
    titles = [t for t, _ in _atom_entries(client.get("/feeds/topics/dao-tao-boi-duong.atom"))]
    assert titles == ["Đề án 34-ĐA/TU"]


@pytest.mark.parametrize("url", ["/feeds/places/khong-co.atom", "/feeds/bodies/x.atom",
                                 "/feeds/topics/y.atom"])
def test_unknown_feed_is_404(client, db, url):
    assert client.get(url).status_code == 404



# --- feeds are valid Atom (RFC 4287) -------------------------------------------------------------


def _only(parent, tag):
    found = parent.findall(f"{ATOM}{tag}")
    assert len(found) == 1, f"{parent.tag} must hold exactly one atom:{tag}, has {len(found)}"
    return found[0]


def _rfc3339(text: str) -> dt.datetime:
    moment = dt.datetime.fromisoformat(text)
    assert moment.tzinfo is not None, f"{text!r} has no time zone"
    return moment


def _valid_atom(response, url: str):
    """The RFC 4287 MUSTs of atom:feed and atom:entry, asserted on the parsed XML."""
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    # atom:feed: exactly one id (an absolute IRI), title, updated.
    assert _only(root, "id").text.startswith(f"{SITE}/")
    assert _only(root, "title").text.strip()
    feed_updated = _rfc3339(_only(root, "updated").text)
    # An atom:author on the feed (so entries need none): the catalogue and its about page.
    authors = root.findall(f"{ATOM}author")
    assert len(authors) == 1
    english = url.startswith("/en/")
    assert _only(authors[0], "name").text == (CATALOGUE_EN if english else CATALOGUE)
    about = "/en/about/" if english else "/about/"
    assert _only(authors[0], "uri").text == SITE + about
    # Links: one alternate (the page followed) and the feed's own address as self.
    links = {link.get("rel"): link.get("href") for link in root.findall(f"{ATOM}link")}
    assert len(root.findall(f"{ATOM}link[@rel='alternate']")) == 1
    assert links["alternate"].startswith(f"{SITE}/")
    assert links["self"] == SITE + url
    ids = []
    for entry in root.findall(f"{ATOM}entry"):
        ids.append(_only(entry, "id").text)
        assert _only(entry, "title").text.strip()
        assert _rfc3339(_only(entry, "updated").text) <= feed_updated
        _rfc3339(_only(entry, "published").text)
        alternates = entry.findall(f"{ATOM}link[@rel='alternate']")
        assert len(alternates) == 1 and alternates[0].get("href").startswith(f"{SITE}/")
        assert entry.findall(f"{ATOM}summary") or entry.findall(f"{ATOM}content")
        assert not entry.findall(f"{ATOM}author")  # the feed's author applies
    assert len(ids) == len(set(ids)), "entry ids must be unique"
    return root


@pytest.fixture
def topic(docs):
    topic = Topic.objects.create(slug="dao-tao-boi-duong", name="Đào tạo, bồi dưỡng")
    docs["da34"].topics.add(topic)
    return topic


@pytest.mark.parametrize(("url", "entries"), [
    ("/feeds/documents.atom", 2),
    ("/feeds/places/ha-noi.atom", 2),
    ("/feeds/bodies/thanh-uy-ha-noi.atom", 1),
    ("/feeds/topics/dao-tao-boi-duong.atom", 1),
    ("/feeds/places/viet-hung.atom", 0),  # a feed without entries is valid too
    ("/en/feeds/documents.atom", 2),
    ("/en/feeds/places/ha-noi.atom", 2),
])
def test_every_feed_is_valid_atom(client, docs, places, topic, url, entries):
    root = _valid_atom(client.get(url), url)
    assert len(root.findall(f"{ATOM}entry")) == entries


def test_entry_ids_are_the_documents_permanent_addresses(client, docs):
    root = _valid_atom(client.get("/feeds/documents.atom"), "/feeds/documents.atom")
    ids = {e.find(f"{ATOM}id").text for e in root.findall(f"{ATOM}entry")}
    assert ids == {SITE + d.get_absolute_url() for d in docs.values()}


def test_the_summary_is_html_that_shows_stored_markup_as_text(client, docs):
    docs["da34"].summary = "Tóm tắt <b>đậm</b> & <script>x()</script>"
    docs["da34"].save()
    root = ET.fromstring(client.get("/feeds/documents.atom").content)
    entry = next(e for e in root.findall(f"{ATOM}entry")
                 if e.find(f"{ATOM}title").text == "Đề án 34-ĐA/TU")
    summary = entry.find(f"{ATOM}summary")
    assert summary.get("type") == "html"
    # The HTML a feed reader renders: the markup escaped, i.e. shown as the text it is.
    assert "&lt;b&gt;đậm&lt;/b&gt; &amp; &lt;script&gt;" in summary.text
    assert "<b>" not in summary.text and "<script>" not in summary.text


# --- feeds are advertised by the pages they belong to --------------------------------------------


class _HeadFeeds(HTMLParser):
    def __init__(self):
        super().__init__()
        self.in_head = False
        self.feeds: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "head":
            self.in_head = True
        elif tag == "link" and self.in_head and attrs.get("rel") == "alternate" \
                and attrs.get("type") == "application/atom+xml":
            self.feeds.append(attrs["href"])

    def handle_endtag(self, tag):
        if tag == "head":
            self.in_head = False


def head_feeds(client, url, params=None) -> list[str]:
    response = client.get(url, params or {})
    assert response.status_code == 200
    parser = _HeadFeeds()
    parser.feed(response.content.decode())
    html = response.content.decode()
    footer = html.split('class="site-footer"', 1)[1]
    for feed in parser.feeds:  # each also linked visibly, in the footer
        assert f'href="{feed}"' in footer, feed
        assert client.get(feed).status_code == 200, feed
    return parser.feeds


def test_feeds_are_advertised_in_head_and_linked_visibly(client, docs, places):
    assert head_feeds(client, "/") == ["/feeds/documents.atom"]
    assert head_feeds(client, "/places/ha-noi/") == [
        "/feeds/places/ha-noi.atom", "/feeds/documents.atom"]
    assert head_feeds(client, "/bodies/thanh-uy-ha-noi/") == [
        "/feeds/bodies/thanh-uy-ha-noi.atom", "/feeds/documents.atom"]


@pytest.mark.parametrize(("params", "feed"), [
    ({"locality": "ha-noi"}, "/feeds/places/ha-noi.atom"),
    ({"body": "thanh-uy-ha-noi"}, "/feeds/bodies/thanh-uy-ha-noi.atom"),
    ({"topic": "dao-tao-boi-duong"}, "/feeds/topics/dao-tao-boi-duong.atom"),
])
def test_the_list_page_advertises_the_feed_of_its_filter(client, topic, params, feed):
    assert head_feeds(client, "/documents/", params) == [feed, "/feeds/documents.atom"]
    assert head_feeds(client, "/en/documents/", params) == [
        "/en" + feed, "/en/feeds/documents.atom"]


def test_the_list_page_advertises_every_chosen_filter_and_no_unknown_one(client, topic):
    params = {"locality": "ha-noi", "body": "thanh-uy-ha-noi", "topic": "dao-tao-boi-duong"}
    assert head_feeds(client, "/documents/", params) == [
        "/feeds/places/ha-noi.atom", "/feeds/bodies/thanh-uy-ha-noi.atom",
        "/feeds/topics/dao-tao-boi-duong.atom", "/feeds/documents.atom"]
    params = {"locality": "khong-co", "body": "x" * 300, "topic": "<script>"}
    assert head_feeds(client, "/documents/", params) == ["/feeds/documents.atom"]


def test_a_document_page_advertises_its_locality_and_issuer_feeds(client, docs):
    assert head_feeds(client, docs["da34"].get_absolute_url()) == [
        "/feeds/places/ha-noi.atom", "/feeds/bodies/btv-thanh-uy-ha-noi.atom",
        "/feeds/documents.atom"]
    html = client.get("/en" + docs["da34"].get_absolute_url()).content.decode()
    assert 'title="New documents: Ban Thường vụ Thành ủy Hà Nội"' in html


def test_a_document_without_locality_or_issuer_advertises_the_catalogue_feed(client, db):
    orphan = Document.objects.create(doc_type="de_an", title="Không rõ nơi ban hành")
    assert head_feeds(client, orphan.get_absolute_url()) == ["/feeds/documents.atom"]


# --- sitemap.xml ---------------------------------------------------------------------------------


def _sitemap_urls(client) -> list[ET.Element]:
    """Every <url> of every page of every section listed by the index."""
    index = client.get("/sitemap.xml")
    assert index.status_code == 200
    entries = []
    for loc in ET.fromstring(index.content).iter(f"{SITEMAP}loc"):
        response = client.get(loc.text.replace(SITE, ""))
        assert response.status_code == 200, loc.text
        entries += ET.fromstring(response.content).findall(f"{SITEMAP}url")
    return entries


def _public_paths(docs, places, bodies) -> set[str]:
    paths = {"/", "/documents/", "/places/", "/bodies/", "/targets/", "/graph/", "/about/"}
    for doc in Document.objects.all():
        url = doc.get_absolute_url()
        paths |= {url, url + "graph/", url + "coverage/"}
    paths |= {p.get_absolute_url() for p in places.values()}
    paths |= {b.get_absolute_url() for b in bodies.values() if hasattr(b, "slug")}
    return paths


def test_sitemap_lists_every_public_page_in_both_languages(client, docs, places, bodies):
    entries = _sitemap_urls(client)
    listed = [e.find(f"{SITEMAP}loc").text.replace(SITE, "") for e in entries]
    assert len(listed) == len(set(listed)), "a page is listed twice"
    vietnamese = _public_paths(docs, places, bodies)
    assert set(listed) == vietnamese | {"/en" + path for path in vietnamese}
    for path in listed:  # every page listed is public and answers
        assert client.get(path).status_code == 200, path


def test_each_sitemap_url_names_both_language_versions(client, docs, places, bodies):
    for entry in _sitemap_urls(client):
        loc = entry.find(f"{SITEMAP}loc").text
        alternates = {link.get("hreflang"): link.get("href")
                      for link in entry.findall(f"{XHTML}link") if link.get("rel") == "alternate"}
        path = loc.replace(SITE, "").removeprefix("/en")
        assert alternates == {"vi": SITE + path, "en": SITE + "/en" + path}, loc
        assert loc in alternates.values()


def test_document_sitemap_has_lastmod(client, docs):
    root = ET.fromstring(client.get("/sitemap-documents.xml").content)
    lastmods = {e.find(f"{SITEMAP}loc").text: e.find(f"{SITEMAP}lastmod").text
                for e in root.findall(f"{SITEMAP}url")}
    url = SITE + docs["da34"].get_absolute_url()
    assert lastmods[url] == timezone.localdate(docs["da34"].updated_at).isoformat()
    assert lastmods[SITE + "/en" + docs["da34"].get_absolute_url()] == lastmods[url]


def test_sitemap_sections_are_paginated_and_read_one_page_at_a_time(
    client, bodies, monkeypatch
):
    """100.000 documents: the index counts (it never reads every document) and a section's
    page reads only its own rows, in the same number of queries however many there are."""
    monkeypatch.setattr(sitemaps.I18nSitemap, "limit", 6)  # 6 URLs: 3 documents, 2 languages

    def make(n, start):
        for i in range(start, start + n):
            Document.objects.create(symbol=f"{i}-KH/TU", doc_type="ke_hoach", title=f"KH {i}",
                                    issuing_body=bodies["btv"], issued_date=dt.date(2024, 1, 1))

    def measure():
        counts = {}
        for url in ("/sitemap.xml", "/sitemap-documents.xml?p=2", "/sitemap-graphs.xml?p=2"):
            with CaptureQueriesContext(connection) as ctx:
                assert client.get(url).status_code == 200, url
            for query in ctx.captured_queries:
                sql = query["sql"].upper()
                if '"DOCUMENTS_DOCUMENT"' in sql:
                    assert "COUNT(" in sql or "MAX(" in sql or "LIMIT" in sql, sql
            counts[url] = len(ctx.captured_queries)
        return counts

    make(7, 1)
    before = measure()
    make(40, 100)
    assert measure() == before
    # 47 documents, 94 URLs per per-document section: 16 pages of 6; every one listed once.
    index = ET.fromstring(client.get("/sitemap.xml").content)
    pages = [loc.text for loc in index.iter(f"{SITEMAP}loc") if "sitemap-documents" in loc.text]
    assert len(pages) == 16
    listed = []
    for page in pages:
        root = ET.fromstring(client.get(page.replace(SITE, "")).content)
        listed += [loc.text for loc in root.iter(f"{SITEMAP}loc")]
    assert len(listed) == len(set(listed)) == 94
    assert client.get("/sitemap-documents.xml?p=17").status_code == 404


def test_the_real_page_size_keeps_within_the_protocol_limit():
    assert sitemaps.LIMIT <= 50000
    assert all(section.limit == sitemaps.LIMIT for section in sitemaps.SITEMAPS.values())


# --- robots.txt ----------------------------------------------------------------------------------


def test_robots_points_to_the_sitemap(client, db):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in body
    assert re.search(r"^User-agent: \*$", body, re.MULTILINE)
    assert "admin" not in body


@override_settings(ADMIN_URL="quan-tri-bi-mat-7x/")
def test_robots_does_not_reveal_a_custom_admin_address(client, db):
    body = client.get("/robots.txt").content.decode()
    assert "quan-tri-bi-mat-7x" not in body
    assert "Disallow: /\n" not in body  # and the public site stays open to crawlers
    assert reverse("sitemap") in body


def test_a_feed_lists_the_latest_changes_first_in_a_few_queries(
        client, bodies, django_assert_max_num_queries):
    """60 documents changed at the same moment (a bulk import): the feed lists the 50 with the
    highest ids, newest change first, their statuses as of today, in a bounded number of
    queries (the ids, then those rows with their topics and co-issuers)."""
    from documents.feeds import FEED_SIZE

    made = [Document.objects.create(symbol=f"{n}-KH/TU", doc_type="ke_hoach",
                                    title=f"Kế hoạch số {n}", issuing_body=bodies["btv"],
                                    issued_date=dt.date(2024, 1, 1), status="in_force")
            for n in range(1, 61)]
    Document.objects.update(updated_at=timezone.now())
    latest = Document.objects.get(pk=made[0].pk)
    latest.title = "Kế hoạch sửa lại"
    latest.save()
    with django_assert_max_num_queries(6):
        response = client.get("/feeds/documents.atom")
    entries = _atom_entries(response)
    assert len(entries) == FEED_SIZE
    expected = [latest] + sorted(made[1:], key=lambda d: -d.pk)[:FEED_SIZE - 1]
    assert [link for _title, link in entries] == [
        SITE + d.get_absolute_url() for d in expected]
