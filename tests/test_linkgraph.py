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
