"""The document page's heavy parts (the picture of its links, the chain up and the tree down)
are kept per version of what they show (documents.renderings): a reader always sees them
current — after a neighbour, a document far up the chain or down the tree, a link or a place
changes, the next request shows the change — and a kept page costs fewer queries, however
many links it shows."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from page_helpers import page_html as _html
from page_helpers import section as _section
from page_helpers import visible_text as _text

from documents import renderings
from documents.cache import data_changed
from documents.models import Document, DocumentLink


@pytest.fixture(autouse=True)
def _vietnamese():
    with translation.override("vi"):
        yield


def _doc(bodies, symbol, day, body="btv"):
    return Document.objects.create(
        symbol=symbol, doc_type="ke_hoach", title=f"Kế hoạch {symbol}",
        issuing_body=bodies[body], term=bodies["xvii"], issued_date=dt.date(2024, 1, day))


@pytest.fixture
def chain(docs, bodies):
    """nq04 ← da34 ← plan ← ward plan: the page of da34 shows nq04 up, plan and below down."""
    plan = _doc(bodies, "1-KH/QU", 1, body="quan_uy")
    below = _doc(bodies, "2-KH/QU", 2, body="quan_uy")
    DocumentLink.objects.create(from_document=docs["da34"], kind="implements",
                                to_document=docs["nq04"])
    DocumentLink.objects.create(from_document=plan, kind="implements", to_document=docs["da34"])
    DocumentLink.objects.create(from_document=below, kind="implements", to_document=plan)
    return {**docs, "plan": plan, "below": below}


def _levels(client, doc) -> str:
    return _text(_section(_html(client.get(doc.get_absolute_url())), "graph-h"))


def _kept_rows() -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {renderings.TABLE}")
        return cursor.fetchone()[0]


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_the_parts_are_kept_and_read_back_the_same(client, chain):
    url = chain["da34"].get_absolute_url()
    first = _html(client.get(url))
    assert _kept_rows() == 1
    second = _html(client.get(url))
    for section in ("graph-h", "link-graph-h"):
        assert _section(second, section) == _section(first, section)
    assert "1-KH/QU" in _text(_section(second, "graph-h"))
    assert "2-KH/QU" in _text(_section(second, "graph-h"))  # two levels down
    assert "<svg" in _section(second, "link-graph-h") or "Graphviz" in second


def test_a_kept_page_costs_fewer_queries_and_no_more_with_more_links(client, chain, bodies):
    url = chain["da34"].get_absolute_url()
    rendered = _queries(client, url)
    kept = _queries(client, url)
    assert kept < rendered  # no walk, no fingerprint, no write
    for i in range(8):
        DocumentLink.objects.create(from_document=_doc(bodies, f"{10 + i}-KH/QU", 3 + i),
                                    kind="implements", to_document=chain["da34"])
    _queries(client, url)  # rendered again: the tree changed
    assert _queries(client, url) == kept


def test_a_neighbour_renamed_is_shown_on_the_next_request(client, chain):
    _levels(client, chain["da34"])
    chain["plan"].title = "Kế hoạch đã đổi tên"
    chain["plan"].symbol = "99-KH/QU"
    chain["plan"].save()
    assert "99-KH/QU" in _levels(client, chain["da34"])


def test_a_document_two_levels_down_renamed_is_shown(client, chain):
    _levels(client, chain["da34"])
    chain["below"].symbol = "77-KH/QU"
    chain["below"].save()
    levels = _levels(client, chain["da34"])
    assert "77-KH/QU" in levels and "2-KH/QU" not in levels


def test_a_link_added_far_down_the_tree_is_shown(client, chain, bodies):
    _levels(client, chain["da34"])
    ward = _doc(bodies, "5-KH/ĐU", 9)
    DocumentLink.objects.create(from_document=ward, kind="implements", to_document=chain["below"])
    assert "5-KH/ĐU" in _levels(client, chain["da34"])


def test_a_link_removed_or_changed_is_shown(client, chain):
    _levels(client, chain["da34"])
    link = DocumentLink.objects.get(from_document=chain["below"])
    link.kind = "references"  # not a kind the tree follows
    link.save()
    assert "2-KH/QU" not in _levels(client, chain["da34"])
    DocumentLink.objects.filter(from_document=chain["plan"]).delete()
    assert "1-KH/QU" not in _levels(client, chain["da34"])


def test_a_place_renamed_is_shown(client, chain, places):
    _levels(client, chain["da34"])
    places["long_bien"].name = "Quận Long Biên mới"
    places["long_bien"].save()
    assert "Quận Long Biên mới" in _levels(client, chain["da34"])


def test_an_issuer_renamed_renders_again(client, chain):
    """A document without a number or a known title is named by its issuer: renaming the
    issuer of a document the parts show makes them stale."""
    url = chain["da34"].get_absolute_url()
    client.get(url)
    kept = _queries(client, url)
    body = chain["plan"].issuing_body
    body.name = body.name + " (mới)"
    body.save()
    assert _queries(client, url) > kept


def test_each_language_is_kept_apart(client, chain):
    _levels(client, chain["da34"])
    english = _html(client.get("/en" + chain["da34"].get_absolute_url()))
    assert 'lang="en"' in english
    assert _kept_rows() == 2


def test_another_release_renders_again(client, chain, settings):
    url = chain["da34"].get_absolute_url()
    client.get(url)
    kept = _queries(client, url)
    settings.RELEASE = "another"
    assert _queries(client, url) > kept


def test_a_template_edited_without_a_new_release_renders_again(client, chain, monkeypatch):
    """Code or templates changed but RELEASE not: the kept piece is not served."""
    from documents import renderings

    url = chain["da34"].get_absolute_url()
    client.get(url)
    kept = _queries(client, url)
    monkeypatch.setattr(renderings, "code_version", lambda: "edited")
    assert _queries(client, url) > kept
    assert _queries(client, url) == kept  # kept again under the new version


def test_a_bulk_write_forgets_every_kept_part(client, chain):
    _levels(client, chain["da34"])
    Document.objects.filter(pk=chain["plan"].pk).update(symbol="88-KH/QU")  # no updated_at
    data_changed()  # what bulk writers call
    assert _kept_rows() == 0
    assert "88-KH/QU" in _levels(client, chain["da34"])


def test_a_page_not_found_keeps_nothing(client, db):
    assert client.get("/documents/khong-co/").status_code == 404
    assert _kept_rows() == 0


def test_the_command_keeps_every_page_in_every_language_once(client, chain):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("keep_document_parts", stdout=out)
    assert f"{Document.objects.count() * 2} piece(s)" in out.getvalue()
    assert _kept_rows() == Document.objects.count() * 2
    out = StringIO()
    call_command("keep_document_parts", stdout=out)
    assert "0 piece(s)" in out.getvalue()  # all current
    url = chain["da34"].get_absolute_url()
    first = _queries(client, url)  # kept by the command: no walk on the first request
    assert _queries(client, url) == first
    assert "2-KH/QU" in _levels(client, chain["da34"])
