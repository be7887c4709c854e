"""Search in documents' full texts: matching, order, passages, the titles-only switch
(documents/search.py, documents/text_search.py; docs/SEARCH.md)."""

import datetime as dt

import pytest
from django.urls import reverse

from documents.models import Document, DocumentText, Provision, Source
from documents.search import DocumentSearch
from documents.text_search import provision_url, text_passages

LIST = reverse("documents:list")


def add_text(document, *provisions):
    """A page-sourced text of *document* with *provisions* ``(label, heading, body)``."""
    source = Source.objects.create(kind="official", publisher="Cổng thông tin",
                                   headline=f"Toàn văn {document.title}")
    text = DocumentText.objects.create(document=document, source=source, status="done",
                                       method="web_page", extracted="…")
    for position, (label, heading, body) in enumerate(provisions):
        number = label.split()[-1] if label else str(position)
        Provision(document_text=text, document=document, position=position, kind="dieu",
                  number=number, anchor=f"dieu-{number}", label=label, heading=heading,
                  body=body).save()
    return text


@pytest.fixture
def corpus(db):
    plan = Document.objects.create(
        symbol="12-KH/TU", doc_type="ke_hoach", title="Kế hoạch thực hiện công tác năm 2024",
        issued_date=dt.date(2024, 1, 10))
    add_text(plan,
             ("Điều 1", "Mục đích", "Nâng cao chất lượng đội ngũ."),
             ("Điều 5", "Đào tạo", "Các cơ quan xây dựng kế hoạch đào tạo, bồi dưỡng cán bộ "
              "chủ chốt cấp xã hằng năm."),
             ("Điều 6", "Kinh phí", "Kinh phí đào tạo do ngân sách bảo đảm."))
    titled = Document.objects.create(
        symbol="7-NQ/TU", doc_type="nghi_quyet", title="Về đào tạo, bồi dưỡng cán bộ",
        issued_date=dt.date(2020, 3, 2))
    scattered = Document.objects.create(
        symbol="9-CT/TU", doc_type="chi_thi", title="Chỉ thị về kỷ luật",
        issued_date=dt.date(2025, 2, 1))
    # Both words, never in the same provision: not a match.
    add_text(scattered, ("Điều 1", "", "Về đào tạo nghề."), ("Điều 2", "", "Về bồi dưỡng."))
    return {"plan": plan, "titled": titled, "scattered": scattered}


def found(q, **kwargs):
    search = DocumentSearch(q, **kwargs)
    return list(search.order_by_relevance(search.filter(Document.objects.all())))


@pytest.mark.django_db
class TestMatching:
    @pytest.mark.parametrize("q", ["boi duong chu chot", "bồi dưỡng chủ chốt",
                                   "BỒI DUONG chu chốt"])
    def test_words_of_one_provision_with_or_without_diacritics(self, corpus, q):
        assert found(q) == [corpus["plan"]]

    def test_every_word_in_one_provision(self, corpus):
        # "đào tạo" and "bồi dưỡng" stand in two provisions of the directive: not found there.
        assert corpus["scattered"] not in found("dao tao boi duong")
        assert corpus["scattered"] in found("dao tao nghe")

    def test_metadata_first_then_text(self, corpus):
        # The resolution says it in its title; the plan only in its Điều 5 (and is newer).
        assert found("dao tao boi duong") == [corpus["titled"], corpus["plan"]]

    def test_titles_only_leaves_texts_out(self, corpus):
        assert corpus["plan"] not in found("boi duong chu chot", in_texts=False)
        assert found("dao tao boi duong", in_texts=False) == [corpus["titled"]]

    def test_symbol_still_exact(self, corpus):
        assert found("12-KH/TU")[0] == corpus["plan"]

    def test_the_match_uses_the_indexes_not_the_bodies(self, corpus,
                                                       django_assert_num_queries):
        search = DocumentSearch("boi duong")
        with django_assert_num_queries(1) as queries:  # the match, once
            search.filter(Document.objects.all())
        sql = queries.captured_queries[0]["sql"]
        assert "UNION" in sql and '"documents_provision"' in sql
        assert "search_text" not in sql and "body" not in sql
        # the later queries (list, count, facets, ranking) use the ids found, not the match
        with django_assert_num_queries(0):
            sql = str(search.order_by_relevance(search.filter(Document.objects.all())).query)
        assert '"documents_provision"' not in sql
        assert sorted(search.matches(Document.objects.all()).ids) == sorted(
            d.pk for d in found("boi duong"))

    def test_past_the_materialised_limit_the_match_runs_as_sql(self, corpus, monkeypatch):
        from documents import search as module

        expected = found("dao tao")
        monkeypatch.setattr(module, "MATERIALISED", 1)
        search = DocumentSearch("dao tao")
        assert not search.matches(Document.objects.all()).complete
        sql = str(search.filter(Document.objects.all()).query)
        assert "UNION" in sql and '"documents_provision"' in sql
        assert found("dao tao") == expected


@pytest.mark.django_db
class TestPassages:
    def test_the_provision_and_its_passage(self, corpus):
        search = DocumentSearch("dao tao boi duong")
        passages = text_passages(search, [corpus["plan"], corpus["titled"]])
        assert list(passages) == [corpus["plan"].pk]
        (first,) = passages[corpus["plan"].pk]
        assert first.label == "Điều 5"
        assert "đào tạo, bồi dưỡng cán bộ" in first.passage.text
        assert first.url == corpus["plan"].get_absolute_url() + "text/#dieu-5"
        assert provision_url(first.provision) == first.url

    def test_at_most_two_per_document(self, corpus):
        search = DocumentSearch("dao tao")
        labels = [p.label for p in text_passages(search, [corpus["plan"]])[corpus["plan"].pk]]
        assert labels == ["Điều 5", "Điều 6"]

    def test_one_query_for_a_page(self, corpus, django_assert_num_queries):
        documents = list(Document.objects.all())
        for n in range(30):
            extra = Document.objects.create(doc_type="ke_hoach", title=f"Kế hoạch {n}")
            add_text(extra, ("Điều 1", "", "Tổ chức đào tạo cán bộ."))
            documents.append(extra)
        search = DocumentSearch("dao tao")
        search.filter(Document.objects.all())  # as the list did: the typo fallback decided
        with django_assert_num_queries(1):
            passages = text_passages(search, documents)
        assert len(passages) == 32


@pytest.mark.django_db
class TestPage:
    def test_a_result_shows_the_passage_highlighted_and_linked(self, corpus, client):
        response = client.get(LIST, {"q": "boi duong chu chot"})
        html = response.content.decode()
        assert response.status_code == 200
        assert [d.pk for d in response.context["documents"]] == [corpus["plan"].pk]
        anchor = corpus["plan"].get_absolute_url() + "text/#dieu-5"
        assert f'<a href="{anchor}">Điều 5</a>:' in html
        assert ("<mark>bồi</mark> <mark>dưỡng</mark> cán bộ <mark>chủ</mark> <mark>chốt</mark>"
                in html)

    def test_the_switch_searches_titles_and_symbols_only(self, corpus, client):
        response = client.get(LIST, {"q": "boi duong chu chot", "titles_only": "on"})
        assert corpus["plan"] not in response.context["documents"]
        html = response.content.decode()
        assert "Chỉ tìm trong trích yếu và số ký hiệu" in html
        assert 'name="titles_only"' in html and "checked" in html

    def test_filters_and_facets_apply_to_text_matches(self, corpus, client):
        response = client.get(LIST, {"q": "dao tao", "type": "ke_hoach"})
        assert [d.pk for d in response.context["documents"]] == [corpus["plan"].pk]
        response = client.get(LIST, {"q": "dao tao"})
        types = next(f for f in response.context["facets"] if f.name == "type")
        assert {i.value: i.count for i in types.items} == {
            "nghi_quyet": 1, "ke_hoach": 1, "chi_thi": 1}

    @pytest.mark.parametrize("address", [LIST, "/api/documents/"])
    def test_the_texts_are_matched_once_per_request(self, corpus, client, address):
        """The provisions' full-text match runs once (the matching documents, kept), plus the
        page's passages (bounded by the page's documents); the list, its count and facets
        use the ids found. Before, the match ran for the typo check, the facets and the page."""
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            response = client.get(address, {"q": "dao tao"})
        assert response.status_code == 200
        matching = [q["sql"] for q in ctx.captured_queries
                    if '"documents_provision"' in q["sql"] and "to_tsquery" in q["sql"]]
        whole = [sql for sql in matching if '"documents_provision"."document_id" IN' not in sql]
        assert len(whole) == 1, whole  # the match; the other one is the page's passages
        assert len(matching) == 2

    def test_queries_do_not_grow_with_rows(self, corpus, client, django_assert_max_num_queries):
        client.get(LIST, {"q": "dao tao"})  # warm what is read once per process
        with django_assert_max_num_queries(20) as few:
            client.get(LIST, {"q": "dao tao"})
        few = len(few.captured_queries)  # now: the next request clears the log
        for n in range(15):
            extra = Document.objects.create(doc_type="ke_hoach", title=f"Kế hoạch số {n}")
            add_text(extra, ("Điều 1", "", "Đào tạo cán bộ."), ("Điều 2", "", "Đào tạo lại."))
        # what is kept per change (the facets' counts: catalogue_counts) counted again once
        client.get(LIST, {"q": "dao tao"})
        with django_assert_max_num_queries(few):
            response = client.get(LIST, {"q": "dao tao"})
        assert sum(len(r.passages) for r in response.context["rows"]) >= 30


@pytest.mark.django_db
class TestApi:
    def test_search_says_what_matched_and_gives_passages(self, corpus, client):
        data = client.get("/api/documents/", {"q": "dao tao boi duong"}).json()
        by_symbol = {r["symbol"]: r for r in data["results"]}
        assert list(by_symbol) == ["7-NQ/TU", "12-KH/TU"]
        assert by_symbol["7-NQ/TU"]["matched"] == ["metadata"]
        assert by_symbol["7-NQ/TU"]["passages"] == []
        plan = by_symbol["12-KH/TU"]
        assert plan["matched"] == ["text"]
        (passage,) = plan["passages"]
        assert passage["label"] == "Điều 5" and passage["anchor"] == "dieu-5"
        assert "đào tạo, bồi dưỡng" in passage["text"]
        assert passage["words"] == ["dao", "tao", "boi", "duong"]
        assert passage["url"].endswith(corpus["plan"].get_absolute_url() + "text/#dieu-5")

    def test_titles_only(self, corpus, client):
        data = client.get("/api/documents/", {"q": "dao tao boi duong",
                                              "titles_only": "true"}).json()
        assert [r["symbol"] for r in data["results"]] == ["7-NQ/TU"]
        assert client.get("/api/documents/", {"titles_only": "maybe"}).status_code == 400

    def test_without_search_nothing_matched(self, corpus, client):
        result = client.get("/api/documents/").json()["results"][0]
        assert result["matched"] is None and result["passages"] == []

    def test_a_documents_text_structured(self, corpus, client, django_assert_max_num_queries):
        plan = corpus["plan"]
        detail = client.get(f"/api/documents/{plan.slug}/").json()
        assert detail["text_url"].endswith(f"/api/documents/{plan.slug}/text/")
        assert "texts" not in detail  # the detail stays light
        with django_assert_max_num_queries(4):
            data = client.get(detail["text_url"]).json()
        (text,) = data["texts"]
        assert data["document"] == plan.slug
        assert text["method"] == "web_page" and text["method_label"] == "Trang công khai"
        assert text["source"]["publisher"] == "Cổng thông tin" and text["file"] is None
        assert text["is_ocr"] is False and text["corrected"] is False
        assert [p["label"] for p in text["provisions"]] == ["Điều 1", "Điều 5", "Điều 6"]
        fifth = text["provisions"][1]
        assert fifth["kind"] == "dieu" and fifth["heading"] == "Đào tạo"
        assert fifth["body"].startswith("Các cơ quan xây dựng kế hoạch đào tạo")
        assert fifth["url"].endswith("#dieu-5") and fifth["parent"] is None

    def test_unknown_document_text_is_404(self, db, client):
        assert client.get("/api/documents/khong-co/text/").status_code == 404

    def test_the_schema_documents_the_text_endpoint(self, db, client):
        schema = client.get("/api/schema/", {"format": "json"}).json()
        assert "/api/documents/{slug}/text/" in schema["paths"]
        assert "passages" in schema["components"]["schemas"]["Document"]["properties"]


@pytest.mark.django_db
def test_the_english_page_names_the_switch_and_the_passages(corpus, client):
    html = client.get("/en" + LIST, {"q": "boi duong chu chot"}).content.decode()
    assert "Titles and symbols only" in html
    assert 'aria-label="Passages found in the full text"' in html
    html = client.get("/en" + LIST, {"q": "boi duong", "titles_only": "on"}).content.decode()
    assert "titles and symbols only" in html  # the active filter, removable
