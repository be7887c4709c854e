"""The recursive walk over links: right answers, cycles, depth bounds, two queries."""

from __future__ import annotations

import pytest

from documents.linkgraph import reachable_links
from documents.models import Document, DocumentLink


@pytest.fixture
def chain(bodies):
    """D0 ← D1 ← … ← D11: each D(n+1) implements D(n)."""
    docs = [
        Document.objects.create(symbol=f"{n + 1}-KH/TU", doc_type="ke_hoach", title=f"D{n}",
                                issuing_body=bodies["btv"], term=bodies["xvii"])
        for n in range(12)
    ]
    for upper, lower in zip(docs, docs[1:], strict=False):
        DocumentLink.objects.create(from_document=lower, to_document=upper, kind="implements")
    return docs


def _titles(steps, end):
    return [getattr(s.link, end).title for s in steps]


def test_up_and_down_follow_the_links(chain):
    up = reachable_links(chain[5].pk, "up", max_depth=3)
    assert _titles(up, "to_document") == ["D4", "D3", "D2"]
    assert [s.depth for s in up] == [1, 2, 3]
    down = reachable_links(chain[5].pk, "down", max_depth=2)
    assert _titles(down, "from_document") == ["D6", "D7"]


def test_deep_chain_is_cut_at_max_depth(chain):
    assert len(reachable_links(chain[11].pk, "up", max_depth=8)) == 8
    assert len(reachable_links(chain[11].pk, "up", max_depth=50)) == 11


def test_cycle_terminates_and_lists_each_link_once(chain):
    # Close the loop: D0 implements D11 (a cycle of 12).
    DocumentLink.objects.create(from_document=chain[0], to_document=chain[11], kind="implements")
    steps = reachable_links(chain[3].pk, "up", max_depth=40)
    assert len(steps) == 12
    assert len({s.link.pk for s in steps}) == 12


def test_two_node_cycle(docs):
    DocumentLink.objects.create(from_document=docs["da34"], to_document=docs["nq04"],
                                kind="continues")
    DocumentLink.objects.create(from_document=docs["nq04"], to_document=docs["da34"],
                                kind="based_on")
    steps = reachable_links(docs["da34"].pk, "up", max_depth=10)
    assert sorted(s.depth for s in steps) == [1, 2]


def test_only_hierarchy_kinds_are_followed(docs):
    DocumentLink.objects.create(from_document=docs["da34"], to_document=docs["nq04"],
                                kind="references")
    assert reachable_links(docs["da34"].pk, "up") == []
    assert len(reachable_links(docs["da34"].pk, "up", kinds=["references"])) == 1


def test_two_queries_whatever_the_size(chain, django_assert_num_queries):
    with django_assert_num_queries(2):
        steps = reachable_links(chain[11].pk, "up", max_depth=20)
        assert steps[-1].link.to_document.locality.name == "Hà Nội"


# --- truncation: the limit counts the walk's rows, not its distinct links ----------------


@pytest.fixture
def loop_with_tail(bodies):
    """X ⇄ Y (a two-document cycle), then Y → W → V → U: every arrow "implements"."""
    names = ["X", "Y", "W", "V", "U"]
    docs = {
        name: Document.objects.create(symbol=f"{i + 50}-KH/TU", doc_type="ke_hoach",
                                      title=name, issuing_body=bodies["btv"],
                                      term=bodies["xvii"])
        for i, name in enumerate(names)
    }
    links = {}
    for a, b in [("X", "Y"), ("Y", "X"), ("Y", "W"), ("W", "V"), ("V", "U")]:
        links[a + b] = DocumentLink.objects.create(from_document=docs[a], to_document=docs[b],
                                                   kind="implements")
    return docs, links


def test_limit_reached_when_a_cycle_repeats_links(loop_with_tail):
    """Walking up from X, the rows are X→Y (depth 1); Y→X, Y→W (2); X→Y again, W→V (3);
    then V→U (4). Five rows hold only four distinct links: V→U is left out, and the walk
    must say so although it returns fewer links than its limit."""
    docs, links = loop_with_tail
    steps = reachable_links(docs["X"].pk, "up", max_depth=6, limit=5)
    assert len(steps) == 4 < 5
    assert links["VU"].pk not in {s.link.pk for s in steps}
    assert steps.limit_reached
    everything = reachable_links(docs["X"].pk, "up", max_depth=6, limit=400)
    assert len(everything) == 5 and not everything.limit_reached
    assert not reachable_links(docs["X"].pk, "up", max_depth=6).limit_reached


def test_neighbourhood_is_marked_truncated_on_a_cycle(loop_with_tail):
    from documents.linkgraph import neighbourhood

    docs, links = loop_with_tail
    cut = neighbourhood(docs["X"], depth=6, limit=5)
    assert len(cut.edges) < 5  # the old test (distinct links == limit) missed this
    assert cut.truncated
    whole = neighbourhood(docs["X"], depth=6)
    assert not whole.truncated and len(whole.edges) == 5


def _walk_rows(doc_id: int, depth: int) -> int:
    """How many rows the both-ways walk has without a limit."""
    from django.db import connection

    from documents.domain.vocabulary import LINK_KINDS
    from documents.linkgraph import _SQL_BOTH

    kinds = [k.key for k in LINK_KINDS]
    sql = _SQL_BOTH.format(kinds=", ".join(["%s"] * len(kinds)), limit="")
    with connection.cursor() as cursor:
        cursor.execute(sql, [doc_id, doc_id, doc_id, *kinds, depth, *kinds])
        return len(cursor.fetchall())


def test_diamond_within_the_limit_is_not_truncated(bodies):
    """D → B → A, D → C → A, a shortcut D → A, then A → E: going up from D, A is reached at
    depths 1 and 2, so A → E comes back as a second row."""
    from documents.linkgraph import neighbourhood

    docs = {
        name: Document.objects.create(symbol=f"{i + 70}-KH/TU", doc_type="ke_hoach", title=name,
                                      issuing_body=bodies["btv"], term=bodies["xvii"])
        for i, name in enumerate("ABCDE")
    }
    for lower, upper in [("D", "B"), ("D", "C"), ("D", "A"), ("B", "A"), ("C", "A"),
                         ("A", "E")]:
        DocumentLink.objects.create(from_document=docs[lower], to_document=docs[upper],
                                    kind="implements")
    graph = neighbourhood(docs["D"], depth=3)
    assert len(graph.edges) == 6 and len(graph.nodes) == 5
    assert not graph.truncated
    # Seven rows, six links: a limit of seven is reached with six links back.
    rows = reachable_links(docs["D"].pk, "up", max_depth=3, limit=7)
    assert rows.limit_reached and len(rows) == 6
    # Both ways (the graph page's neighbourhood) the walk has more rows: each link once per
    # way it is walked and per depth it is met at.
    both = reachable_links(docs["D"].pk, "both", max_depth=3, limit=1000)
    rows_both = _walk_rows(docs["D"].pk, 3)
    assert len(both) == 6 and not both.limit_reached and rows_both > 7
    assert neighbourhood(docs["D"], depth=3, limit=rows_both).truncated
    assert not neighbourhood(docs["D"], depth=3, limit=rows_both + 1).truncated


def test_document_page_walk_flags_links_truncated_on_a_cycle(loop_with_tail):
    from documents.graph import _walk

    docs, _links = loop_with_tail
    assert _walk(docs["X"], "up", max_depth=8, max_links=5).links_truncated
    assert not _walk(docs["X"], "up", max_depth=8).links_truncated
