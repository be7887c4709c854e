"""What a reader can trust (issue 14): uncertain facts as data, the seed's inferences marked,
descriptive titles never cited as titles, curators' notes kept off every public answer."""

from __future__ import annotations

import json

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from public_urls import html_pages, samples

from documents.citation import bibtex, citation_heading, csl_json
from documents.domain import uncertainty
from documents.domain.vocabulary import UNCERTAIN_FACTS, UNCERTAINTY_REASONS
from documents.interchange.export import build_dataset
from documents.interchange.importer import DatasetError, ImportConflicts, import_dataset
from documents.models import (
    Document,
    DocumentLink,
    Event,
    Figure,
    IssuingBody,
    Locality,
    Person,
    Source,
    SourceMention,
    Target,
)

TP_HCM_DE_AN = "de-an-nen-cong-vu-tphcm-2024-2030"


def doc(symbol: str) -> Document:
    return Document.objects.get(symbol=symbol)


def marked(obj, fact: str) -> dict:
    return (obj.uncertain or {}).get(fact) or {}


# --- the domain rule ------------------------------------------------------------------


def test_the_rule_accepts_the_vocabulary_and_refuses_the_rest():
    assert uncertainty.violations("document", {}) == []
    assert uncertainty.violations("document", {"term": {"reason": "inferred"}}) == []
    assert uncertainty.violations("target", {"comparator": {"reason": "single_source",
                                                             "note": "khoảng"}}) == []
    for bad in ({"signer": {"reason": "inferred"}},  # not a fact a document marks
                {"term": {"reason": "maybe"}}, {"term": "inferred"}, [1],
                {"term": {"reason": "other"}},  # "other" needs its words
                {"term": {"reason": "inferred", "source": 3}}):
        assert uncertainty.violations("document", bad), bad


def test_every_reason_and_fact_has_both_languages():
    for term in UNCERTAINTY_REASONS + tuple(t for ts in UNCERTAIN_FACTS.values() for t in ts):
        assert term.vi and term.en


@pytest.mark.django_db
def test_the_database_refuses_keys_and_reasons_outside_the_vocabulary(seed):
    d = doc("34-ĐA/TU")
    for model, pk in ((Document, d.pk), (Target, Target.objects.first().pk),
                      (Figure, Figure.objects.first().pk),
                      (DocumentLink, DocumentLink.objects.first().pk),
                      (IssuingBody, d.issuing_body_id)):
        for bad in ({"bogus": {"reason": "inferred"}}, {"value": {"reason": "nope"}}, [1],
                    {"value": "x"}, {"parent": {"reason": "inferred", "note": 3}}):
            with pytest.raises(IntegrityError), transaction.atomic():
                model.objects.filter(pk=pk).update(uncertain=bad)
    d.uncertain = {"signer": {"reason": "inferred"}}
    with pytest.raises(ValidationError) as exc:
        d.full_clean()
    assert "uncertain" in exc.value.message_dict


# --- the seed's 19 inferences, each marked with its reason ------------------------------

INFERENCES = [
    # (what, how to get the record, fact, reason)
    ("khóa XVII of 34-ĐA/TU", lambda: doc("34-ĐA/TU"), "term", "inferred"),
    ("khóa XVII of 188-KH/TU", lambda: doc("188-KH/TU"), "term", "inferred"),
    ("khóa XVII of 07-QĐ/TU", lambda: doc("07-QĐ/TU"), "term", "inferred"),
    ("khóa XVII of 210-TB/TU", lambda: doc("210-TB/TU"), "term", "inferred"),
    ("the Quý I-2024 round attributed to 188-KH/TU",
     lambda: Target.objects.get(indicator__slug="dot-luan-chuyen-can-bo-bat-dau"),
     "document", "inferred"),
    ("the 5 % baseline's group",
     lambda: Target.objects.get(indicator__slug="ty-le-can-bo-chu-chot-cap-xa-duoi-35-tuoi"),
     "baseline", "inferred"),
    ("the 5 % figure's group",
     lambda: Figure.objects.get(indicator__slug="ty-le-can-bo-chu-chot-cap-xa-duoi-35-tuoi"),
     "applies_to", "inferred"),
    ("the group of 54,16 %", lambda: Figure.objects.get(value="54.16"), "applies_to",
     "inferred"),
    ("the group of 71,28 %", lambda: Figure.objects.get(value="71.28"), "applies_to",
     "inferred"),
    ("UBND thành phố as issuer of the đề án it approved",
     lambda: Document.objects.get(slug="de-an-vi-tri-viec-lam-ubnd-ha-noi"),
     "issuing_body", "inferred"),
    ("UBND TP.HCM as issuer of the đề án its chairman approved",
     lambda: Document.objects.get(slug=TP_HCM_DE_AN), "issuing_body", "inferred"),
    ("the 2024–2030 đề án's requirement stated in the rotation đề án's summary",
     lambda: DocumentLink.objects.get(from_document__slug=TP_HCM_DE_AN,
                                      kind="references").to_document, "summary", "inferred"),
    ("the công văn's 'lưu ý' in its summary",
     lambda: Document.objects.get(slug="cong-van-ban-to-chuc-thanh-uy-trien-khai-188-kh-tu"),
     "summary", "inferred"),
    ("the parent of Đảng đoàn HĐND",
     lambda: IssuingBody.objects.get(name__startswith="Đảng đoàn HĐND"), "parent", "inferred"),
    ("the parent of Ban Cán sự đảng UBND",
     lambda: IssuingBody.objects.get(name__startswith="Ban Cán sự đảng UBND"), "parent",
     "inferred"),
    ("the parent of Sở Nội vụ", lambda: IssuingBody.objects.get(name="Sở Nội vụ Hà Nội"),
     "parent", "inferred"),
    ("the 'ngày 8-11' decision dated 2024",
     lambda: DocumentLink.objects.get(to_document__slug=TP_HCM_DE_AN,
                                      kind="approves").from_document,
     "issued_date", "publication_date"),
    ("the 'Trong tháng 12 này' deadline (34-ĐA/TU)",
     lambda: Target.objects.get(document__symbol="34-ĐA/TU",
                                indicator__slug="ty-le-don-vi-xay-dung-xong-ke-hoach-thuc-hien"),
     "deadline", "inferred"),
    ("the 'Trong tháng 12 này' deadline (188-KH/TU)",
     lambda: Target.objects.get(document__symbol="188-KH/TU",
                                indicator__slug="ty-le-don-vi-xay-dung-xong-ke-hoach-thuc-hien"),
     "deadline", "inferred"),
]


@pytest.mark.django_db
@pytest.mark.parametrize("what,get,fact,reason", INFERENCES, ids=[i[0] for i in INFERENCES])
def test_the_seeds_inferences_are_marked(seed, what, get, fact, reason):
    mark = marked(get(), fact)
    assert mark.get("reason") == reason, what
    assert mark.get("note"), f"{what}: the reason's words for the reader"


@pytest.mark.django_db
def test_the_8_11_decision_says_its_year_rests_partly_on_the_articles_date(seed):
    decision = DocumentLink.objects.get(to_document__slug=TP_HCM_DE_AN,
                                        kind="approves").from_document
    note = marked(decision, "issued_date")["note"]
    assert "8-11" in note and "ngày đăng" in note and "2024-2030" in note


@pytest.mark.django_db
def test_only_04_nq_tu_has_its_term_from_the_articles(seed):
    for d in Document.objects.filter(term__name="khóa XVII"):
        assert ("term" in d.uncertain) == (d.symbol != "04-NQ/TU"), d


# --- readers see the mark beside the fact -----------------------------------------------


@pytest.mark.django_db
def test_document_page_shows_the_mark_beside_the_fact(client, seed):
    html = client.get(doc("188-KH/TU").get_absolute_url()).content.decode()
    assert 'data-fact="term"' in html and "chưa chắc chắn (suy ra từ ngữ cảnh)" in html
    assert "Các bài chỉ in khóa XVII cho Nghị quyết 04-NQ/TU" in html
    english = client.get("/en" + doc("188-KH/TU").get_absolute_url()).content.decode()
    assert "uncertain (inferred from context)" in english
    # the certain facts carry no mark: 04-NQ/TU's term is printed by the article
    assert 'data-fact="term"' not in client.get(doc("04-NQ/TU").get_absolute_url()).content.decode()


@pytest.mark.django_db
def test_link_lists_targets_and_bodies_show_their_marks(client, seed):
    html = client.get(Document.objects.get(slug=TP_HCM_DE_AN).get_absolute_url()).content.decode()
    assert 'data-fact="issuing_body"' in html
    assert 'data-fact="issued_date"' in html  # the approving decision in the link list
    page = client.get(doc("188-KH/TU").get_absolute_url()).content.decode()
    assert 'data-fact="document"' in page  # the Quý I-2024 target
    assert 'data-fact="deadline"' in page
    targets = client.get("/targets/").content.decode()
    assert 'data-fact="baseline"' in targets
    body = IssuingBody.objects.get(name="Sở Nội vụ Hà Nội")
    assert 'data-fact="parent"' in client.get(body.get_absolute_url()).content.decode()


@pytest.mark.django_db
def test_the_api_and_exports_carry_the_marks(client, seed):
    d = doc("188-KH/TU")
    data = client.get(f"/api/documents/{d.slug}/").json()
    assert data["uncertain"]["term"]["reason"] == "inferred"
    assert any(t["uncertain"] for t in data["targets"])
    exported = client.get("/documents/export.json?q=188-KH/TU")
    rows = json.loads(b"".join(exported.streaming_content))  # streamed
    row = next(r for r in (rows if isinstance(rows, list) else rows["documents"])
               if r["slug"] == d.slug)
    assert any(cell.startswith("term: inferred") for cell in row["uncertain"])
    csv = b"".join(client.get("/documents/export.csv").streaming_content).decode()
    assert "dữ kiện chưa chắc chắn" in csv and "term: inferred" in csv
    body = client.get("/api/bodies/").json()
    bodies = body["results"] if isinstance(body, dict) else body
    assert any(b["uncertain"].get("parent") for b in bodies)


@pytest.mark.django_db
def test_the_interchange_format_carries_marks_and_editorial_notes(seed):
    data = build_dataset()
    d = next(x for x in data["documents"] if x["slug"] == doc("188-KH/TU").slug)
    assert d["uncertain"]["term"]["reason"] == "inferred"
    assert d["editorial_note"].startswith("Bài Tiền Phong ghi")
    # merge: a mark the database does not have fills it; a different one is a conflict
    d34 = doc("04-NQ/TU")
    item = {"slug": d34.slug, "doc_type": d34.doc_type, "title": d34.title,
            "uncertain": {"issued_date": {"reason": "single_source", "note": "Chỉ một bài."}}}
    dataset = {**{k: [] for k in ("localities", "bodies", "people", "topics", "indicators",
                                  "sources", "links", "figures", "events")},
               "format": data["format"], "version": data["version"], "documents": [item]}
    import_dataset(dataset)
    d34.refresh_from_db()
    assert d34.uncertain == {"issued_date": {"reason": "single_source", "note": "Chỉ một bài."}}
    item["uncertain"] = {"issued_date": {"reason": "inferred"}}
    with pytest.raises(ImportConflicts):
        import_dataset(dataset)
    d34.refresh_from_db()
    assert d34.uncertain["issued_date"]["reason"] == "single_source"  # kept: a conflict
    item["uncertain"] = {"signer": {"reason": "inferred"}}
    with pytest.raises(DatasetError) as exc:
        import_dataset(dataset)
    assert "/documents/0/uncertain" in str(exc.value)


# --- descriptive titles are never quoted as titles ----------------------------------------


@pytest.mark.django_db
def test_placeholder_and_descriptive_titles_are_not_cited_as_titles(seed):
    for d in Document.objects.all():
        descriptive = uncertainty.title_is_descriptive(d.uncertain)
        if d.title == "Chưa rõ trích yếu" or d.symbol == "18-NQ/TW":
            assert descriptive, d
        heading = citation_heading(d)
        if descriptive:
            assert d.title not in heading, heading
            assert d.title not in bibtex(d, "https://example.org/")
            assert csl_json(d, "https://example.org/")["title"].startswith("[")
    nq = doc("18-NQ/TW")
    assert citation_heading(nq) == "Nghị quyết số 18-NQ/TW của Ban Chấp hành Trung ương Đảng " \
                                   "(khóa XII)"
    kh = doc("188-KH/TU")
    assert "Về luân chuyển" in citation_heading(kh) or "về luân chuyển" in citation_heading(kh)
    assert "khóa XVII" not in citation_heading(kh)  # an uncertain term is not cited


# --- curators' notes are not public --------------------------------------------------------

EDITORIAL_MODELS = (Document, DocumentLink, Target, Figure, IssuingBody, Source, SourceMention,
                    Event, Person)
SENTINEL = "GHICHUBIENTAP"


@pytest.mark.django_db
def test_the_seeds_curators_remarks_are_editorial(seed):
    assert doc("34-ĐA/TU").editorial_note == "Bài ghi 'ngày 6/11/2023'."
    assert "Bài ghi" not in doc("34-ĐA/TU").date_note
    tien_phong = Source.objects.get(reference="seeds/001_51e7572fbbb138cc.txt")
    assert tien_phong.editorial_note.startswith("Tệp không có dòng tiêu đề")
    assert "Tệp" not in tien_phong.date_note
    for model in (Document, Source):
        for obj in model.objects.all():
            assert "Bài ghi '" not in obj.date_note, obj
            assert not obj.date_note.startswith("Tệp"), obj


@pytest.mark.django_db
def test_no_editorial_note_on_any_public_page_api_or_export(client, seed):
    for model in EDITORIAL_MODELS:
        for obj in model.objects.all():
            model.objects.filter(pk=obj.pk).update(
                editorial_note=f"{SENTINEL} {model._meta.model_name} {obj.pk}")
    urls = [url for _name, url, _kind in samples()] + html_pages()
    for model in (Document, IssuingBody, Locality):
        urls += [obj.get_absolute_url() for obj in model.objects.all()]
    urls += [f"/api/documents/{d.slug}/" for d in Document.objects.all()]
    urls += ["/about/", "/targets/", "/api/links/", "/api/figures/", "/api/targets/",
             "/api/bodies/", "/documents/export.csv", "/documents/export.json",
             "/targets/export.csv", "/targets/export.json"]
    for url in urls:
        response = client.get(url)
        assert response.status_code in (200, 301, 302), url
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert SENTINEL.encode() not in body, url


@pytest.mark.django_db
def test_the_migration_splits_notes_and_marks_a_database_seeded_before(seed):
    """Migration 0014 on a database seeded with the old fixture: each field still holding the
    seed's old value gets the new one; an admin's edit is kept."""
    import importlib

    from django.apps import apps

    migration = importlib.import_module("documents.migrations.0018_trust_uncertain_editorial")
    for model, pk, field, before, _after in migration.SEED_CHANGES:
        apps.get_model("documents", model).objects.filter(pk=pk).update(**{field: before})
    assert doc("34-ĐA/TU").uncertain == {}
    assert doc("34-ĐA/TU").date_note.endswith("Bài ghi 'ngày 6/11/2023'.")
    Source.objects.filter(pk=5).update(publisher="Lao động Thủ đô (sửa bởi quản trị)")
    migration.seed_changes(apps, None)
    for model, pk, field, _before, after in migration.SEED_CHANGES:
        value = getattr(apps.get_model("documents", model).objects.get(pk=pk), field)
        if (model, pk, field) == ("source", 5, "publisher"):
            assert value == "Lao động Thủ đô (sửa bởi quản trị)"
        else:
            assert value == after, (model, pk, field)


@pytest.mark.django_db
def test_list_rows_show_the_marks_of_an_uncertain_date_title_or_issuer(client, seed):
    """Each row of the list shows the short mark of its uncertain issuer, date or title
    (the document page's mark, its reason in the tooltip), read from the row: no query per
    row; the API's list carries the same marks."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from page_helpers import attr, find, find_all, page_html, text

    d = Document.objects.get(slug=TP_HCM_DE_AN)
    Document.objects.filter(pk=d.pk).update(issued_year=2024, uncertain={
        **d.uncertain, "title": {"reason": "descriptive"},
        "issued_date": {"reason": "publication_date", "note": "Ngày theo bài đăng."}})
    query = {"q": "nền công vụ"}
    client.get("/documents/", query)  # its facets' counts kept (catalogue_counts): then read
    with CaptureQueriesContext(connection) as marked_queries:
        html = page_html(client.get("/documents/", query))
    rows = {attr(find(a, "a"), "href"): a for a in find_all(html, "article", class_="doc-row")}
    row = rows[d.get_absolute_url()]
    marks = {attr(m, "data-fact"): m for m in find_all(row, "span", class_="uncertain-mark")}
    assert set(marks) == {"issuing_body", "issued_date", "title"}
    assert attr(marks["issued_date"], "title") == "Ngày theo bài đăng."  # short: a tooltip
    assert "suy ra một phần từ ngày đăng bài" in text(marks["issued_date"])
    assert "Ngày theo bài đăng." not in text(row)
    Document.objects.update(uncertain={})
    with CaptureQueriesContext(connection) as plain_queries:
        plain = page_html(client.get("/documents/", query))
    assert not find_all(plain, "span", class_="uncertain-mark")
    assert len(marked_queries.captured_queries) == len(plain_queries.captured_queries)
    api = client.get("/api/documents/", query).json()["results"]
    assert api and all(r["uncertain"] == {} for r in api)
    Document.objects.filter(pk=d.pk).update(uncertain={"title": {"reason": "descriptive"}})
    api = client.get("/api/documents/", query).json()["results"]
    assert next(r for r in api if r["slug"] == d.slug)["uncertain"] == {
        "title": {"reason": "descriptive"}}


#: Curators' reasoning words: what they inferred is an uncertainty mark (reason and note)
#: or an editorial note, never a sentence of a public summary.
REASONING = ("suy luận", "suy ra", "người biên soạn", "chưa kiểm chứng")


def _fixture_summaries():
    import json
    from pathlib import Path

    from django.conf import settings

    fixtures = Path(settings.BASE_DIR) / "fixtures"
    seed = json.loads((fixtures / "seed.json").read_text(encoding="utf-8"))
    yield from ((o["fields"]["slug"], o["fields"]["summary"]) for o in seed
                if o["model"] == "documents.document")
    for name in ("central.json", "central_pending.json", "reforms.json"):
        data = json.loads((fixtures / name).read_text(encoding="utf-8"))
        yield from ((d["slug"], d.get("summary", "")) for d in data.get("documents", []))


def test_no_public_summary_holds_the_curators_reasoning():
    found = [(slug, word) for slug, summary in _fixture_summaries()
             for word in REASONING if word in summary.lower()]
    assert found == []


@pytest.mark.django_db
def test_the_inference_is_in_the_issuers_mark_not_the_summary(client, seed):
    d = doc("171-KH/TU")
    assert not any(word in d.summary.lower() for word in REASONING)
    assert marked(d, "issuing_body") == {
        "reason": "inferred",
        "note": "Suy ra từ mã TU của số ký hiệu; bài viết không nói rõ Thành ủy hay Ban "
                "Thường vụ Thành ủy."}
    html = client.get(d.get_absolute_url()).content.decode()
    assert 'data-fact="issuing_body"' in html and "Suy ra từ mã TU" in html
    tphcm = Document.objects.get(slug=TP_HCM_DE_AN)
    assert "('UBND TP.HCM cho biết')" in marked(tphcm, "issuing_body")["note"]
    assert tphcm.mentions.exists()  # the sources stay


@pytest.mark.django_db
def test_the_migration_moves_the_reasoning_out_of_summaries_seeded_before(seed):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("documents.migrations.0021_one_way_of_inferred_links")
    seeded = migration.SUMMARIES.copy()
    seeded.pop("06-2020-tt-bnv")  # the central corpus: not in the seed
    seeded.pop("202-2025-qh15")  # the reforms (fixtures/reforms.json): not in the seed either
    for slug, (old, _new, fact, old_mark, _new_mark) in seeded.items():
        d = Document.objects.get(slug=slug)
        marks = dict(d.uncertain)
        if fact is not None:
            marks[fact] = old_mark
        Document.objects.filter(pk=d.pk).update(summary=old, uncertain=marks)
    edited = Document.objects.get(slug="quy-dinh-mien-nhiem-tu-chuc-dieu-chuyen-tphcm")
    Document.objects.filter(pk=edited.pk).update(summary="Quản trị viên đã sửa.")
    migration.summaries_forward(apps, None)
    for slug, (_old, new, fact, _old_mark, new_mark) in seeded.items():
        d = Document.objects.get(slug=slug)
        if d.pk == edited.pk:
            assert d.summary == "Quản trị viên đã sửa."  # an admin's edit is kept
            continue
        assert d.summary == new
        if fact is not None:
            assert d.uncertain[fact] == new_mark
