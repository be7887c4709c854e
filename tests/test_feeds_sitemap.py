"""Atom feeds, sitemap.xml and robots.txt: valid XML listing the right items."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from documents.models import Document, Topic

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


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


def test_feeds_are_advertised_in_head_and_linked_visibly(client, docs, places):
    html = client.get("/").content.decode()
    assert 'type="application/atom+xml"' in html and 'href="/feeds/documents.atom"' in html
    html = client.get("/places/ha-noi/").content.decode()
    assert 'href="/feeds/places/ha-noi.atom"' in html


def test_sitemap_lists_every_public_page(client, docs, places, bodies):
    index = ET.fromstring(client.get("/sitemap.xml").content)
    sections = [loc.text for loc in index.iter(f"{SITEMAP}loc")]
    urls = []
    for section in sections:
        response = client.get(section.replace("http://testserver", ""))
        assert response.status_code == 200
        urls += [loc.text for loc in ET.fromstring(response.content).iter(f"{SITEMAP}loc")]
    paths = {u.replace("http://testserver", "") for u in urls}
    expected = {d.get_absolute_url() for d in Document.objects.all()}
    expected |= {p.get_absolute_url() for p in places.values()}
    expected |= {b.get_absolute_url() for b in bodies.values() if hasattr(b, "slug")}
    expected |= {"/", "/documents/", "/places/", "/bodies/", "/targets/", "/about/"}
    assert expected <= paths


def test_robots_points_to_the_sitemap(client, db):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in body
    assert "Disallow: /admin/" in body
