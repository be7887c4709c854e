"""The article-entry service (documents/article_entry.py) without HTTP: what
``record_article`` writes for an analysed article and the choices made on it, that recording
the same choices twice adds nothing, and that refused choices or a database refusal write
nothing at all."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError

from documents.article_entry import (
    EntryRefused,
    ItemChoice,
    LinkChoice,
    NewDocument,
    SourceDetails,
    plan_entry,
    record_article,
)
from documents.article_matching import analyse_article
from documents.domain.articles.items import MATCHED, NEW
from documents.models import Document, DocumentLink, Source, SourceMention

ARTICLE = (
    "Hà Nội triển khai kế hoạch tạo nguồn cán bộ năm 2024\n\n"
    "(HNM) - Ngày 10/1, Ban Tổ chức Thành ủy cho biết Kế hoạch số 250-KH/TU ngày 5/1/2024 "
    "của Ban Thường vụ Thành ủy Hà Nội về tạo nguồn cán bộ chủ chốt cấp xã năm 2024 tiếp tục "
    "thực hiện Đề án số 34-ĐA/TU ngày 6/11/2023 của Ban Thường vụ Thành ủy Hà Nội.\n"
)
SOURCE = SourceDetails(
    publisher="Hà Nội Mới",
    headline="Hà Nội triển khai kế hoạch tạo nguồn cán bộ năm 2024",
    url="https://hanoimoi.vn/ke-hoach-250",
    published_date=dt.date(2024, 1, 10),
)


def _counts():
    return (
        Document.objects.count(),
        Source.objects.count(),
        SourceMention.objects.count(),
        DocumentLink.objects.count(),
    )


@pytest.fixture
def analysis(docs):
    return analyse_article(ARTICLE)


def _items(analysis):
    """The new plan 250-KH/TU and the matched scheme 34-ĐA/TU."""
    plan = next(i for i in analysis.items if i.symbol == "250-KH/TU")
    scheme = next(i for i in analysis.items if i.symbol == "34-ĐA/TU")
    return plan, scheme


def _new_plan(item, **changes) -> NewDocument:
    """The new document as the review page pre-fills it."""
    fields = {
        "doc_type": item.doc_type,
        "title": item.proposed_title,
        "symbol": item.symbol,
        "issued_date": item.issued_date,
        "issuing_body": item.body,
        "known_by_reference": True,
        **changes,
    }
    return NewDocument(**fields)


def _choices(analysis, **by_symbol):
    """One choice per item: the given ones by symbol, the matched document otherwise."""
    return [
        by_symbol.get(item.symbol, ItemChoice(document=item.document)) for item in analysis.items
    ]


def _continues(analysis) -> int:
    plan, scheme = _items(analysis)
    return next(
        n
        for n, link in enumerate(analysis.links)
        if (link.from_item, link.to_item, link.kind) == (plan.index, scheme.index, "continues")
    )


def test_records_the_source_a_new_document_the_mentions_and_a_link(analysis, docs, bodies):
    plan, scheme = _items(analysis)
    assert (plan.status, scheme.status, scheme.document) == (NEW, MATCHED, docs["da34"].pk)
    before = _counts()
    choices = _choices(analysis, **{"250-KH/TU": ItemChoice(new=_new_plan(plan))})
    links = [LinkChoice(proposal=_continues(analysis), kind="continues")]

    summary = record_article(analysis, SOURCE, choices, links)

    doc = Document.objects.get(symbol="250-KH/TU")
    assert (doc.doc_type, doc.issued_date, doc.issuing_body) == (
        "ke_hoach",
        dt.date(2024, 1, 5),
        bodies["btv"],
    )
    assert doc.term == bodies["xvii"]  # the Thành ủy's term the year falls in
    assert doc.title == "Về tạo nguồn cán bộ chủ chốt cấp xã năm 2024"
    source = Source.objects.get(url=SOURCE.url)
    assert (source.publisher, source.kind, source.text) == ("Hà Nội Mới", "news", ARTICLE.strip())
    assert SourceMention.objects.get(source=source, document=doc).quote == plan.quote
    assert SourceMention.objects.get(source=source, document=docs["da34"]).quote == scheme.quote
    link = DocumentLink.objects.get(from_document=doc, to_document=docs["da34"])
    assert (link.kind, link.source, link.inferred) == ("continues", source, False)
    assert "tiếp tục thực hiện Đề án số 34-ĐA/TU" in link.quote
    assert (summary.source, summary.source_created, summary.created) == (source, True, [doc])
    assert (summary.mentions, summary.links, summary.links_existing) == (2, 1, 0)
    assert _counts() == (before[0] + 1, before[1] + 1, before[2] + 2, before[3] + 1)


def test_recording_the_same_choices_again_adds_nothing(analysis):
    plan, _scheme = _items(analysis)
    choices = _choices(analysis, **{"250-KH/TU": ItemChoice(new=_new_plan(plan))})
    links = [LinkChoice(proposal=_continues(analysis), kind="continues")]
    first = record_article(analysis, SOURCE, choices, links)
    after = _counts()

    again = record_article(analysis, SOURCE, choices, links)

    assert _counts() == after
    assert (again.source, again.source_created) == (first.source, False)
    assert (again.created, again.reused) == ([], first.created)
    assert (again.mentions, again.links, again.links_existing) == (0, 0, 1)


def test_a_reversed_inferred_link_between_existing_documents(analysis, docs):
    """Leaving the new plan out, the article's other document can still be linked to a
    document the admin picks; here the link is recorded reversed and marked inferred."""
    plan, scheme = _items(analysis)
    choices = _choices(analysis, **{"250-KH/TU": ItemChoice(new=_new_plan(plan))})
    link = LinkChoice(proposal=_continues(analysis), kind="implements", reverse=True, inferred=True)
    record_article(analysis, SOURCE, choices, [link])
    recorded = DocumentLink.objects.get(to_document__symbol="250-KH/TU")
    assert (recorded.from_document, recorded.kind, recorded.inferred) == (
        docs["da34"],
        "implements",
        True,
    )
    assert recorded.uncertain == {"link": {"reason": "inferred"}}  # the one way to say it


def test_refused_choices_list_every_error_and_write_nothing(analysis):
    plan, _scheme = _items(analysis)
    choices = _choices(
        analysis, **{"250-KH/TU": ItemChoice(new=_new_plan(plan, title=" ", symbol="KH/250"))}
    )
    before = _counts()
    with pytest.raises(EntryRefused) as refused:
        record_article(analysis, SOURCE, choices, [])
    found = {(e.item, e.field): str(e.message) for e in refused.value.errors}
    assert set(found) == {(plan.index, "title"), (plan.index, "symbol")}
    assert "Hãy nhập trích yếu" in found[(plan.index, "title")]
    assert "“KH/250” không đúng dạng" in found[(plan.index, "symbol")]
    assert _counts() == before


def test_a_link_needs_both_its_documents(analysis):
    before = _counts()
    choices = _choices(analysis, **{"250-KH/TU": ItemChoice()})  # the plan left out
    with pytest.raises(EntryRefused) as refused:
        record_article(analysis, SOURCE, choices, [LinkChoice(_continues(analysis), "continues")])
    (error,) = refused.value.errors
    assert error.link == _continues(analysis) and error.item is None
    assert "Liên kết cần văn bản Kế hoạch 250-KH/TU" in str(error.message)
    assert _counts() == before


def test_the_model_rules_apply_to_a_new_document(analysis):
    """``Document.full_clean``: a symbol whose type code contradicts the document type."""
    plan, _scheme = _items(analysis)
    choices = _choices(analysis, **{"250-KH/TU": ItemChoice(new=_new_plan(plan, doc_type="de_an"))})
    before = _counts()
    with pytest.raises(EntryRefused) as refused:
        record_article(analysis, SOURCE, choices, [])
    assert [e.item for e in refused.value.errors] == [plan.index]
    assert any("không khớp với loại văn bản" in str(e.message) for e in refused.value.errors)
    assert _counts() == before


def test_only_the_match_or_a_candidate_may_be_chosen(analysis, docs):
    _plan, scheme = _items(analysis)
    choices = _choices(analysis, **{"34-ĐA/TU": ItemChoice(document=docs["nq04"].pk)})
    with pytest.raises(EntryRefused) as refused:
        record_article(analysis, SOURCE, choices, [])
    assert [(e.item, e.field) for e in refused.value.errors] == [(scheme.index, "choice")]
    choices = _choices(analysis, **{"34-ĐA/TU": ItemChoice(new=_new_plan(scheme))})
    with pytest.raises(EntryRefused):
        record_article(analysis, SOURCE, choices, [])  # a matched item is not created anew


def test_a_matched_document_deleted_since_the_analysis_is_refused(analysis, docs):
    docs["da34"].delete()
    before = _counts()
    with pytest.raises(EntryRefused) as refused:
        record_article(analysis, SOURCE, _choices(analysis), [])
    (error,) = refused.value.errors
    assert "không còn trong catalogue" in str(error.message) and error.field is None
    assert _counts() == before


def test_an_offered_body_only(analysis, bodies):
    plan, _scheme = _items(analysis)
    new = _new_plan(plan, issuing_body=bodies["quan_uy"].pk)  # not among the plan's bodies
    with pytest.raises(EntryRefused) as refused:
        plan_entry(analysis, _choices(analysis, **{"250-KH/TU": ItemChoice(new=new)}), [])
    assert [(e.item, e.field) for e in refused.value.errors] == [(plan.index, "issuing_body")]


def test_a_database_refusal_part_way_writes_nothing(analysis, monkeypatch):
    """The source and the new document are saved before the link: when the database
    refuses the link, they are rolled back with it."""
    plan, _scheme = _items(analysis)
    choices = _choices(analysis, **{"250-KH/TU": ItemChoice(new=_new_plan(plan))})
    links = [LinkChoice(proposal=_continues(analysis), kind="continues")]

    def refuse(*args, **kwargs):
        raise IntegrityError("link_unique")

    monkeypatch.setattr(DocumentLink.objects, "get_or_create", refuse)
    before = _counts()
    with pytest.raises(IntegrityError):
        record_article(analysis, SOURCE, choices, links)
    assert _counts() == before
    assert not Document.objects.filter(symbol="250-KH/TU").exists()


def test_an_existing_source_for_the_same_url_is_reused(analysis):
    existing = Source.objects.create(
        kind="news", publisher="HNM", headline="Tin cũ", url=SOURCE.url, text="…"
    )
    summary = record_article(
        analysis, SOURCE, _choices(analysis, **{"250-KH/TU": ItemChoice()}), []
    )
    assert (summary.source, summary.source_created) == (existing, False)
    assert Source.objects.count() == 1
    assert SourceMention.objects.filter(source=existing).count() == 1


def test_one_choice_per_item(analysis):
    with pytest.raises(ValueError):
        plan_entry(analysis, [], [])
