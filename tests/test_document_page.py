"""The document page: status first, facts, targets, links from both ends (inferred ones
marked), the chain upward and the tree downward, sources, citation; a permanent address;
a fixed number of queries. Plus the graph walks and the citation on their own."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django.utils.html import escape
from page_helpers import attr, find, find_all, hrefs, text
from page_helpers import page_html as _html
from page_helpers import section as _section
from page_helpers import visible_text as _text

from documents import graph
from documents.citation import citation_heading, format_citation
from documents.models import (
    Document,
    DocumentLink,
    Event,
    EventParticipant,
    Figure,
    IssuingBody,
    Person,
    Source,
    SourceMention,
    Target,
)

# Queries of a document page: the document, topics, outgoing and incoming links,
# targets, latest figures (two: the candidates as values, then the chosen ones), mentions,
# events and their participants, locality ancestors, the places it reorganised (12; two
# more for a resolution that did), plus one per level of
# each graph walk (at most max_depth + 1 each). The kept link picture, chain and tree
# (documents.renderings) cost one query more when current (the walks then run not at all),
# three when rendered again (that check, the fingerprint, the write): within the bound.
PAGE_QUERY_BOUND = 12 + 2 * (graph.DEFAULT_MAX_DEPTH + 1)


@pytest.fixture(autouse=True)
def _vietnamese():
    with translation.override("vi"):
        yield


# --- the seed documents --------------------------------------------------------


def test_34_da_tu_page(client, seed):
    doc = Document.objects.get(symbol="34-ĐA/TU")
    html = _html(client.get(doc.get_absolute_url()))
    assert "06/11/2023" in html
    assert "Ban Thường vụ Thành ủy Hà Nội" in html
    assert f'href="{doc.issuing_body.get_absolute_url()}"' in html
    assert "<title>Đề án 34-ĐA/TU ·" in html
    assert f'<link rel="canonical" href="http://testserver{doc.get_absolute_url()}">' in html
    # Status comes first, before the heading.
    assert html.index('class="doc-status status-in_force"') < html.index("<h1")
    assert "Còn hiệu lực" in html
    # Locality with its ancestors.
    assert 'href="/places/ha-noi/"' in html and 'href="/places/viet-nam/"' in html


def test_34_da_tu_targets_read_baseline_target_deadline(client, seed):
    doc = Document.objects.get(symbol="34-ĐA/TU")
    html = _html(client.get(doc.get_absolute_url()))
    targets = find(html, "section", aria_labelledby="targets-h")
    rows = [text(row) for row in find_all(targets, "tr")]
    under_35 = next(row for row in rows if "dưới 35 tuổi" in row)
    # baseline 5 % → at least 10 % → by 2025, latest figure 5 % (31/12/2022)
    assert re.search(r"\b5 %.*tối thiểu 10 %.*2025", under_35), under_35
    assert "31/12/2022" in under_35
    women = next(row for row in rows if "cán bộ nữ trong cán bộ chủ chốt" in row)
    assert "17,9 %" in women and "tối thiểu 15 %" in women
    assert find_all(targets, "th", scope="col") and find_all(targets, "th", scope="row")


def test_link_to_04_nq_tu_and_back(client, seed):
    da34 = Document.objects.get(symbol="34-ĐA/TU")
    nq04 = Document.objects.get(symbol="04-NQ/TU")
    html = _html(client.get(da34.get_absolute_url()))
    links = _section(html, "links-h")
    assert "<h4>Văn bản này tiếp tục thực hiện</h4>" in links
    assert f'href="{nq04.get_absolute_url()}"' in links
    # Follow the link: 04-NQ/TU shows it from its side.
    back = _html(client.get(nq04.get_absolute_url()))
    back_links = _section(back, "links-h")
    assert "được tiếp tục bởi" in back_links
    assert "34-ĐA/TU" in back_links
    assert f'href="{da34.get_absolute_url()}"' in back_links
    assert "<h4>Văn bản này được tiếp tục bởi</h4>" in back_links
    assert "<h4>Văn bản này tiếp tục thực hiện</h4>" not in back_links
    # The source and its quote come with the link.
    link = DocumentLink.objects.get(from_document=da34, to_document=nq04)
    assert link.source.publisher in links
    # The tree downward of 04-NQ/TU reaches 34-ĐA/TU and what implements it.
    tree = _section(back, "graph-h")
    assert "34-ĐA/TU" in tree


def test_inferred_link_is_marked_on_both_pages(client, seed):
    da15 = Document.objects.get(symbol="15-ĐA/QU")
    da21 = Document.objects.get(symbol="21-ĐA/TU")
    link = DocumentLink.objects.get(from_document=da15, to_document=da21)
    assert link.inferred
    for doc, other in ((da15, da21), (da21, da15)):
        links = find(_html(client.get(doc.get_absolute_url())), "section",
                     aria_labelledby="links-h")
        item = next(li for li in find_all(links, "li") if other.symbol in text(li))
        assert attr(item, "class") == "inferred"
        # one mark, the uncertainty mark with its reason (no second "suy luận" flag)
        assert text(find(item, "span", class_="uncertain-mark")) == \
            "chưa chắc chắn (suy ra từ ngữ cảnh)"
        assert not find_all(item, "span", class_="inferred-mark")
        # why: the mark's note beside it; the public note does not repeat it
        assert text(find(item, "span", class_="uncertain-note")) == \
            link.uncertain["link"]["note"]
        assert not find_all(item, "p", class_="link-note")


def test_tp_hcm_decision_shows_its_signer(client, seed):
    decision = Document.objects.get(doc_type="quyet_dinh", signer__name="Phan Văn Mãi")
    html = _html(client.get(decision.get_absolute_url()))
    facts = _section(html, "facts-h")
    assert "Phan Văn Mãi" in facts
    assert "Chủ tịch UBND TP.HCM" in facts
    # The date and its note are in the heading block, once (not again in the facts).
    head = str(find(html, "header", class_="doc-head"))
    assert "08/11/2024" in head and "08/11/2024" not in facts
    assert escape(decision.date_note) in head
    # The đề án it approves, from the decision's side.
    assert "phê duyệt" in _section(html, "links-h")


def test_sources_and_events(client, seed):
    doc = Document.objects.get(symbol="34-ĐA/TU")
    html = _html(client.get(doc.get_absolute_url()))
    sources = _section(html, "sources-h")
    mention = SourceMention.objects.filter(document=doc).select_related("source").first()
    assert mention.source.headline in sources
    assert "<blockquote" in sources
    if Event.objects.filter(documents=doc).exists():
        events = _section(html, "events-h")
        assert "Chủ trì" in events


def test_citation_on_the_page(client, seed):
    doc = Document.objects.get(symbol="34-ĐA/TU")
    html = _html(client.get(doc.get_absolute_url()))
    citation = text(find(html, "pre", class_="citation"))
    assert citation.startswith(
        "Đề án số 34-ĐA/TU ngày 06/11/2023 của Ban Thường vụ Thành ủy Hà Nội"
    )
    assert "về tạo nguồn, đào tạo" in citation
    assert "http://testserver/documents/34-da-tu-2023/" in citation
    assert "truy cập ngày" in citation


def test_english_page_cites_the_permanent_address(client, seed):
    doc = Document.objects.get(symbol="34-ĐA/TU")
    html = _html(client.get("/en" + doc.get_absolute_url()))
    assert "http://testserver/documents/34-da-tu-2023/" in html
    assert '<link rel="canonical" href="http://testserver/en/documents/34-da-tu-2023/">' in html


def test_every_seed_document_page_is_bounded(client, seed, django_assert_max_num_queries):
    for doc in Document.objects.all():
        with django_assert_max_num_queries(PAGE_QUERY_BOUND):
            _html(client.get(doc.get_absolute_url()))


# --- permanent address, status, redirects ----------------------------------------


def test_address_is_unchanged_after_the_title_is_edited(client, docs):
    doc = docs["da34"]
    url = doc.get_absolute_url()
    doc.title = "Trích yếu đã được sửa lại hoàn toàn"
    doc.save()
    doc.refresh_from_db()
    assert doc.get_absolute_url() == url
    html = _html(client.get(url))
    assert "Trích yếu đã được sửa lại hoàn toàn" in html
    assert client.get(f"/d/{doc.pk}/")["Location"] == url


def test_replaced_document_says_by_what(client, docs, bodies):
    newer = Document.objects.create(
        symbol="05-NQ/TU", doc_type="nghi_quyet", title="Nghị quyết mới",
        issuing_body=bodies["thanh_uy"], term=bodies["xvii"], issued_date=dt.date(2024, 1, 2),
        status="in_force",
    )
    old = docs["nq04"]
    old.status = "replaced"
    old.save()
    DocumentLink.objects.create(from_document=newer, kind="replaces", to_document=old)
    html = _html(client.get(old.get_absolute_url()))
    status = find(html, "p", class_="doc-status")
    assert "Bị thay thế bởi" in text(status)
    assert newer.get_absolute_url() in hrefs(status)
    assert html.index("Bị thay thế bởi") < html.index("<h1")
    assert "bị thay thế bởi" in _section(html, "links-h")
    assert "thay thế" in _section(_html(client.get(newer.get_absolute_url())), "links-h")


def test_draft_and_planned_are_said_so(client, bodies):
    draft = Document.objects.create(
        doc_type="de_an", title="Về thí điểm thi tuyển một số chức danh",
        issuing_body=bodies["btv"], status="drafting",
    )
    html = _html(client.get(draft.get_absolute_url()))
    assert "Đang xây dựng / dự thảo" in html
    assert "Chưa có số ký hiệu" in html
    assert "<title>Đề án Về thí điểm thi tuyển" in html


def test_unknown_document_is_404(client, docs):
    response = client.get("/documents/khong-ton-tai/")
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.content.decode()
    assert client.get("/d/987654/").status_code == 404


def test_post_is_refused(client, docs):
    doc = docs["da34"]
    assert client.post(doc.get_absolute_url()).status_code == 405
    assert client.post(f"/d/{doc.pk}/").status_code == 405
    assert client.head(doc.get_absolute_url()).status_code == 200


# --- bounded queries ---------------------------------------------------------------


def _many_links(bodies, centre: Document, n: int, percent_indicator=None) -> None:
    """*n* documents around *centre*: half implement it, half it references; each with
    a source mention; plus targets and an event."""
    source = Source.objects.create(kind="news", publisher="Báo", headline="Bài viết")
    SourceMention.objects.create(source=source, document=centre, quote="Một câu.")
    for i in range(n):
        other = Document.objects.create(
            symbol=f"{100 + i + n * 100}-KH/TU", doc_type="ke_hoach", title=f"Kế hoạch {i}",
            issuing_body=bodies["btv"], term=bodies["xvii"],
            issued_date=dt.date(2024, 1, 1) + dt.timedelta(days=i),
        )
        if i % 2:
            DocumentLink.objects.create(
                from_document=other, kind="implements", to_document=centre, source=source,
                quote="Trích.", note="Ghi chú.",
                uncertain={"link": {"reason": "inferred"}} if i % 3 else {},
            )
        else:
            DocumentLink.objects.create(
                from_document=centre, kind="references", to_document=other, source=source
            )
        SourceMention.objects.create(source=source, document=other, quote="Câu khác.")
        if percent_indicator is not None:
            Target.objects.create(
                document=centre, indicator=percent_indicator, value=Decimal(10 + i % 50),
                deadline_year=2025, baseline_value=Decimal(5),
            )
    if percent_indicator is not None:
        Figure.objects.create(
            indicator=percent_indicator, locality=centre.locality, value=Decimal(7),
            as_of=dt.date(2024, 6, 30),
        )
    event = Event.objects.create(kind="conference", title="Hội nghị", source=source)
    event.documents.add(centre)
    for name in (f"Nguyễn Văn A{n}", f"Trần Thị B{n}"):
        person = Person.objects.create(slug=f"nguoi-{n}-{len(name)}", name=name)
        EventParticipant.objects.create(event=event, person=person, role="chair")


def test_what_a_document_does_not_have_costs_no_query(
    client, docs, bodies, percent_indicator
):
    """Co-issuers, files, targets, sources, events, texts, status statements, replacing links
    and reorganised places are each read only when the document has some (its own query says
    which): a bare plan's page costs fewer queries, and a full one still shows them all."""
    bare = Document.objects.create(symbol="9-KH/TU", doc_type="ke_hoach", title="Kế hoạch trần",
                                   issuing_body=bodies["btv"], issued_date=dt.date(2024, 2, 1))
    full = docs["da34"]
    _many_links(bodies, full, 2, percent_indicator)
    DocumentLink.objects.create(from_document=full, kind="references", to_document=bare)
    DocumentLink.objects.create(from_document=bare, kind="references", to_document=full)
    assert _count_queries(client, bare.get_absolute_url()) < _count_queries(
        client, full.get_absolute_url())
    html = _html(client.get(full.get_absolute_url()))
    assert "7 %" in _text(_section(html, "targets-h"))
    assert "Một câu." in _text(_section(html, "sources-h"))
    assert "Nguyễn Văn A" in html and "Hội nghị" in html
    bare_html = _html(client.get(bare.get_absolute_url()))
    assert "Chưa ghi nhận nguồn nào" in _text(_section(bare_html, "sources-h"))
    assert 'id="targets-h"' not in bare_html and 'id="events-h"' not in bare_html


def _count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_query_count_does_not_grow_with_links(
    client, docs, bodies, percent_indicator, django_assert_max_num_queries
):
    small, big = docs["nq04"], docs["da34"]
    _many_links(bodies, small, 2, percent_indicator)
    _many_links(bodies, big, 30, percent_indicator)
    assert big.outgoing_links.count() + big.incoming_links.count() == 30
    with django_assert_max_num_queries(PAGE_QUERY_BOUND):
        small_html = _html(client.get(small.get_absolute_url()))
    with django_assert_max_num_queries(PAGE_QUERY_BOUND):
        big_html = _html(client.get(big.get_absolute_url()))
    assert _count_queries(client, small.get_absolute_url()) == _count_queries(
        client, big.get_absolute_url()
    )
    assert big_html.count('data-fact="link"') > small_html.count('data-fact="link"')
    assert "Nguyễn Văn A" in big_html and "Chủ trì" in big_html
    assert "7 %" in _text(_section(big_html, "targets-h"))  # latest figure


# --- graph walks -------------------------------------------------------------------


def _chain(bodies, n: int) -> list[Document]:
    """D0 ← D1 ← … : D(i+1) implements D(i)."""
    docs = [
        Document.objects.create(
            symbol=f"{i + 1}-HD/TU", doc_type="huong_dan", title=f"Văn bản {i}",
            issuing_body=bodies["btv"], term=bodies["xvii"], issued_date=dt.date(2020, 1, 1 + i),
        )
        for i in range(n)
    ]
    for upper, lower in zip(docs, docs[1:], strict=False):
        DocumentLink.objects.create(from_document=lower, kind="implements", to_document=upper)
    return docs


def _depth(g: graph.Graph) -> int:
    return max((node.depth for node in g.walk()), default=0)


def test_graph_on_a_cycle_terminates(docs, django_assert_max_num_queries):
    a, b = docs["nq04"], docs["da34"]
    DocumentLink.objects.create(from_document=a, kind="based_on", to_document=b)
    DocumentLink.objects.create(from_document=b, kind="continues", to_document=a)
    with django_assert_max_num_queries(graph.DEFAULT_MAX_DEPTH + 1):
        up = graph.chain_up(a)
    assert [n.document for n in up.roots] == [b]
    assert [(n.document, n.repeated) for n in up.roots[0].children] == [(a, True)]
    assert not up.roots[0].children[0].children
    down = graph.tree_down(a)
    assert [n.document for n in down.roots] == [b]
    assert down.roots[0].children[0].repeated
    assert len(up) == len(down) == 2
    assert not up.truncated


def test_graph_on_a_chain_of_10_is_cut_at_max_depth(bodies, django_assert_max_num_queries):
    docs = _chain(bodies, 10)
    with django_assert_max_num_queries(3 + 1):
        up = graph.chain_up(docs[-1], max_depth=3)
    assert _depth(up) == 3 and up.truncated
    assert [n.document for n in up.walk()] == [docs[8], docs[7], docs[6]]
    with django_assert_max_num_queries(graph.DEFAULT_MAX_DEPTH + 1):
        down = graph.tree_down(docs[0])
    assert _depth(down) == graph.DEFAULT_MAX_DEPTH and down.truncated
    assert down.documents() == docs[1 : graph.DEFAULT_MAX_DEPTH + 1]
    whole = graph.tree_down(docs[0], max_depth=20)
    assert _depth(whole) == 9 and not whole.truncated
    assert graph.chain_up(docs[0]).roots == []
    assert not graph.chain_up(docs[0])


def test_tree_down_is_ordered_central_to_ward_then_date(places, bodies, docs):
    nq04 = docs["nq04"]
    quan_uy = bodies["quan_uy"]
    dang_uy = IssuingBody.objects.create(
        slug="dang-uy-viet-hung", name="Đảng ủy phường Việt Hưng", code="ĐU",
        kind="party_grassroots", locality=places["viet_hung"],
    )
    ward = Document.objects.create(symbol="01-KH/ĐU", doc_type="ke_hoach", title="Phường",
                                   issuing_body=dang_uy, issued_date=dt.date(2021, 6, 1))
    district_late = Document.objects.create(symbol="09-KH/QU", doc_type="ke_hoach",
                                            title="Quận, muộn", issuing_body=quan_uy,
                                            issued_date=dt.date(2021, 9, 1))
    district_early = Document.objects.create(symbol="08-KH/QU", doc_type="ke_hoach",
                                             title="Quận, sớm", issuing_body=quan_uy,
                                             issued_date=dt.date(2021, 7, 1))
    city = docs["da34"]
    for lower in (ward, district_late, city, district_early):
        DocumentLink.objects.create(from_document=lower, kind="implements", to_document=nq04)
    DocumentLink.objects.create(from_document=ward, kind="implements", to_document=district_early)
    tree = graph.tree_down(nq04)
    assert [n.document for n in tree.roots] == [city, district_early, district_late, ward]
    assert tree.roots[-1].repeated is False
    assert [(n.document, n.repeated) for n in tree.roots[1].children] == [(ward, True)]
    # Links of other kinds are not followed.
    DocumentLink.objects.create(from_document=nq04, kind="references", to_document=ward)
    assert [n.document for n in graph.chain_up(nq04)] == []


# --- citation ------------------------------------------------------------------------


def test_citation_format(docs):
    doc = docs["da34"]
    text = format_citation(doc, "https://example.org/documents/34-da-tu-2023/",
                           accessed=dt.date(2025, 1, 2))
    assert text == (
        "Đề án số 34-ĐA/TU ngày 06/11/2023 của Ban Thường vụ Thành ủy Hà Nội (khóa XVII)"
        " về tạo nguồn, đào tạo, bồi dưỡng cán bộ chủ chốt cấp xã.\n"
        "Cơ sở dữ liệu văn bản về công tác cán bộ: https://example.org/documents/34-da-tu-2023/,"
        " truy cập ngày 02/01/2025."
    )


def test_citation_quotes_a_title_not_starting_with_ve_and_copes_with_missing_parts(bodies):
    nq = Document(symbol="04-NQ/TU", doc_type="nghi_quyet", title="Tập trung xây dựng",
                  issuing_body=bodies["thanh_uy"], issued_date=dt.date(2021, 5, 31))
    assert citation_heading(nq) == (
        "Nghị quyết số 04-NQ/TU ngày 31/05/2021 của Thành ủy Hà Nội về “Tập trung xây dựng”"
    )
    bare = Document(doc_type="chi_thi", title="về lãnh đạo cuộc bầu cử")
    assert citation_heading(bare) == "Chỉ thị về lãnh đạo cuộc bầu cử"
    yearly = Document(doc_type="quyet_dinh", title="phê duyệt đề án", issued_year=2024)
    assert citation_heading(yearly) == "Quyết định năm 2024 về “phê duyệt đề án”"


# --- the link graph on the page itself ------------------------------------------------------

_INLINE_STYLE = re.compile(r"<style\b|\sstyle\s*=|\son[a-z]+\s*=\s*[\"']|<script", re.IGNORECASE)
needs_graphviz = pytest.mark.skipif(
    __import__("shutil").which("dot") is None, reason="Graphviz not installed")


@needs_graphviz
def test_page_draws_its_direct_links_with_a_text_equivalent(client, seed):
    doc = Document.objects.get(symbol="34-ĐA/TU")
    html = _html(client.get(doc.get_absolute_url()))
    section = _section(html, "link-graph-h")
    assert '<div class="graph-svg" role="img"' in section and "<svg" in section
    for symbol in ("04-NQ/TU", "07-QĐ/TU"):
        other = Document.objects.get(symbol=symbol)
        assert f'xlink:href="{other.get_absolute_url()}"' in section  # a node, a link
        assert f'href="{other.get_absolute_url()}"' in section.split('id="graph-text"')[1]
    assert "tiếp tục thực hiện" in section
    # The text equivalent: the documents by level in time order, and the links.
    assert '<summary id="graph-text">' in section and 'aria-describedby="graph-text"' in section
    text = _text(section.split('id="graph-text"')[1]).replace("( ", "(").replace(" )", ")")
    assert text.index("04-NQ/TU (31/05/2021)") < text.index("07-QĐ/TU (16/08/2021)") < text.index(
        "34-ĐA/TU (06/11/2023)")
    # The full graph with a choice of depth, and coverage.
    assert f'action="/documents/{doc.slug}/graph/"' in section and 'name="depth"' in section
    assert f'href="/documents/{doc.slug}/coverage/"' in section
    assert not _INLINE_STYLE.search(section)  # the CSP allows no inline style or script


def test_page_without_links_has_no_picture(client, docs):
    html = _html(client.get(docs["nq04"].get_absolute_url()))
    section = _section(html, "link-graph-h")
    assert "<svg" not in section and 'name="depth"' in section


def test_picture_costs_no_query(client, seed, monkeypatch):
    """The picture is drawn from the links the page loads anyway: no query more with it (the
    second request of each, once the page's heavy parts are kept: documents.renderings)."""
    import shutil

    doc = Document.objects.get(symbol="34-ĐA/TU")
    _html(client.get(doc.get_absolute_url()))
    with_picture = _count_queries(client, doc.get_absolute_url())
    monkeypatch.setattr(shutil, "which", lambda name: None)
    html = _html(client.get(doc.get_absolute_url()))  # drawn without Graphviz: kept anew
    assert "<svg" not in _section(html, "link-graph-h") and "Graphviz" in html
    assert _count_queries(client, doc.get_absolute_url()) == with_picture


@needs_graphviz
def test_picture_of_a_document_with_many_links_is_cut_and_says_so(
    client, docs, bodies, monkeypatch, django_assert_max_num_queries
):
    from documents.views import graph as graph_views

    monkeypatch.setattr(graph_views, "PAGE_DRAWN_LINKS", 5)
    _many_links(bodies, docs["da34"], 12)
    with django_assert_max_num_queries(PAGE_QUERY_BOUND):
        html = _html(client.get(docs["da34"].get_absolute_url()))
    section = _section(html, "link-graph-h")
    assert section.split("</svg>")[0].count('class="node"') == 6  # the document and 5 more
    assert "sơ đồ chỉ gồm các liên kết gần nhất" in section
