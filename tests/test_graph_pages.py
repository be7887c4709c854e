"""Graph pictures, their downloads and the coverage table, on the seed data."""

from __future__ import annotations

import json
import shutil
import xml.etree.ElementTree as ET

import networkx as nx
import pytest

from documents.models import Document

needs_graphviz = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz not installed")


@needs_graphviz
def test_document_graph_draws_nodes_as_links_and_inferred_edges_dashed(client, seed):
    doc = Document.objects.get(symbol="15-ĐA/QU")
    response = client.get(f"/documents/{doc.slug}/graph/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<svg" in html
    target = Document.objects.get(symbol="21-ĐA/TU")
    assert f'href="{target.get_absolute_url()}"' in html
    assert 'stroke-dasharray' in html  # the inferred link 15-ĐA/QU → 21-ĐA/TU
    # The text equivalent lists the same link, marked inferred.
    assert "suy luận" in html and "triển khai, cụ thể hóa" in html


def test_graph_text_equivalent_without_graphviz(client, seed, monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    doc = Document.objects.get(symbol="34-ĐA/TU")
    html = client.get(f"/documents/{doc.slug}/graph/").content.decode()
    assert "<svg" not in html
    assert "04-NQ/TU" in html and "07-QĐ/TU" in html and "tiếp tục thực hiện" in html


@pytest.mark.parametrize("depth", ["0", "99", "abc", ""])
def test_bad_depth_falls_back(client, seed, depth):
    doc = Document.objects.get(symbol="34-ĐA/TU")
    assert client.get(f"/documents/{doc.slug}/graph/", {"depth": depth}).status_code == 200


def test_graphml_and_json_open_in_networkx(client, seed):
    doc = Document.objects.get(symbol="34-ĐA/TU")
    response = client.get(f"/documents/{doc.slug}/graph.graphml", {"depth": 1})
    assert response.status_code == 200
    ET.fromstring(response.content)  # well-formed XML
    g = nx.parse_graphml(response.content.decode())
    assert {g.nodes[n]["symbol"] for n in g.nodes} >= {"34-ĐA/TU", "04-NQ/TU", "07-QĐ/TU"}
    data = json.loads(client.get(f"/documents/{doc.slug}/graph.json", {"depth": 1}).content)
    g2 = nx.node_link_graph(data, edges="links")
    assert g2.number_of_nodes() == g.number_of_nodes()
    kinds = {d["kind"] for _u, _v, d in g2.edges(data=True)}
    assert "continues" in kinds


def test_catalogue_graph_filters_and_downloads(client, seed):
    response = client.get("/graph/", {"locality": "long-bien"})
    assert response.status_code == 200
    data = json.loads(client.get("/graph.json", {"locality": "ha-noi"}).content)
    symbols = {n["symbol"] for n in data["nodes"]}
    assert "15-ĐA/QU" in symbols and "21-ĐA/TU" in symbols
    assert all(n["level"] >= 1 for n in data["nodes"])
    assert client.get("/graph.json", {"locality": "khong-co"}).status_code == 400
    assert client.get("/graph/", {"locality": "khong-co"}).status_code == 200


def test_coverage_table_and_csv(client, seed):
    doc = Document.objects.get(symbol="21-ĐA/TU")
    html = client.get(f"/documents/{doc.slug}/coverage/").content.decode()
    assert "Long Biên" in html and "15-ĐA/QU" in html and "Thanh Xuân" in html
    assert "Chưa có" in html
    response = client.get(f"/documents/{doc.slug}/coverage.csv")
    rows = b"".join(response.streaming_content).decode("utf-8").lstrip("\ufeff").splitlines()
    assert rows[0].startswith("địa bàn")
    assert any(r.startswith("Long Biên") and "15-ĐA/QU" in r for r in rows)
    assert any(r.startswith("Thanh Xuân") and ",không," in r for r in rows)


def test_unknown_document_graph_is_404(client, db):
    assert client.get("/documents/khong-co/graph/").status_code == 404
    assert client.get("/documents/khong-co/coverage/").status_code == 404


def test_document_page_offers_graph_coverage_and_three_citation_formats(client, seed):
    doc = Document.objects.get(symbol="34-ĐA/TU")
    html = client.get(doc.get_absolute_url()).content.decode()
    assert f'href="/documents/{doc.slug}/graph/"' in html
    assert f'href="/documents/{doc.slug}/coverage/"' in html
    assert "@misc{34_da_tu_2023," in html
    assert "date = {2023-11-06}" in html
    assert "&quot;authority&quot;: &quot;Ban Thường vụ Thành ủy Hà Nội&quot;" in html
    assert "&quot;date-parts&quot;: [\n" in html or "2023,\n" in html


def test_csl_json_and_bibtex_are_well_formed(seed):
    import datetime as dt

    from documents.citation import bibtex, csl_json

    doc = Document.objects.select_related("issuing_body").get(symbol="04-NQ/TU")
    item = csl_json(doc, "https://x/documents/04-nq-tu-2021/", dt.date(2026, 11, 22))
    assert item["issued"] == {"date-parts": [[2021, 5, 31]]}
    assert item["number"] == "04-NQ/TU" and item["type"] == "legislation"
    json.dumps(item)
    entry = bibtex(doc, "https://x/", dt.date(2026, 11, 22))
    assert entry.count("{") == entry.count("}")
    assert "urldate = {2026-11-22}" in entry
