"""A document's text split into provisions (documents/provisions.py), read on its own page
(/documents/<slug>/text/) and summarised on the document page (issue 15)."""

from __future__ import annotations

import pytest
from django.contrib.postgres.search import SearchQuery
from django.core.exceptions import ValidationError

from documents.models import DocumentLink, DocumentText, Provision, Source, Target
from documents.provisions import rebuild_provisions

TEXT = """BAN THƯỜNG VỤ THÀNH ỦY
Số 34-ĐA/TU
ĐỀ ÁN
Căn cứ Nghị quyết số 04-NQ/TU ngày 31/5/2021 của Thành ủy về tập trung xây dựng đội ngũ cán bộ;
Căn cứ Luật Tổ chức chính quyền địa phương;
QUYẾT ĐỊNH:
Chương I
QUY ĐỊNH CHUNG
Điều 1. Phạm vi
1. Đề án này quy định việc đào tạo, bồi dưỡng cán bộ chủ chốt cấp xã.
2. Đối tượng gồm:
a) Bí thư đảng ủy;
b) Chủ tịch Ủy ban nhân dân.
\fĐiều 2. Tổ chức thực hiện
Các cơ quan thực hiện theo Nghị quyết số 04-NQ/TU ngày 31/5/2021 của Thành ủy./.
Nơi nhận:
- Lưu.
"""


def many_articles(n: int) -> str:
    return "QUYẾT ĐỊNH:\n" + "".join(
        f"Điều {i}. Nội dung {i}\n1. Khoản một của điều {i}.\n2. Khoản hai.\n" for i in
        range(1, n + 1))


@pytest.fixture
def page_source(db):
    return Source.objects.create(kind="portal", publisher="Cổng TTĐT", headline="Toàn văn",
                                 url="https://example.org/toan-van")


def add_text(document, source, text=TEXT, **fields):
    fields = {"status": "done", "method": "web_page", **fields}
    document_text = DocumentText.objects.create(document=document, source=source,
                                                extracted=text, **fields)
    rebuild_provisions(document_text)
    return document_text


# --- rebuild_provisions --------------------------------------------------------------------


def test_rebuild_writes_the_tree_pages_and_folded_words(docs, page_source):
    document_text = DocumentText.objects.create(document=docs["da34"], source=page_source,
                                                status="done", extracted=TEXT)
    assert rebuild_provisions(document_text) == 9
    rows = {p.anchor: p for p in Provision.objects.filter(document_text=document_text)}
    assert list(rows) == ["mo-dau", "chuong-i", "dieu-1", "dieu-1-khoan-1", "dieu-1-khoan-2",
                          "dieu-1-khoan-2-diem-a", "dieu-1-khoan-2-diem-b", "dieu-2", "phan-ket"]
    assert rows["dieu-1-khoan-2-diem-a"].parent == rows["dieu-1-khoan-2"]
    assert rows["dieu-1-khoan-2"].parent.parent == rows["chuong-i"]
    assert rows["dieu-1-khoan-2-diem-a"].depth == 3
    assert [rows[a].position for a in ("mo-dau", "chuong-i", "phan-ket")] == [0, 1, 8]
    assert rows["dieu-1"].page == 1 and rows["dieu-2"].page == 2
    assert rows["dieu-1-khoan-1"].search_text == (
        "khoan 1 de an nay quy dinh viec dao tao, boi duong can bo chu chot cap xa.")
    # the generated, indexed vector finds it without diacritics
    found = Provision.objects.filter(search_vector=SearchQuery("boi duong", config="simple"))
    assert rows["dieu-1-khoan-1"] in found


def test_rebuild_replaces_and_an_empty_text_writes_none(docs, page_source):
    document_text = add_text(docs["da34"], page_source)
    document_text.corrected = "Điều 1. Một\nNội dung."
    document_text.save()
    assert rebuild_provisions(document_text) == 1  # the correction is what is read
    assert list(document_text.provisions.values_list("anchor", flat=True)) == ["dieu-1"]
    document_text.corrected, document_text.extracted = "", ""
    document_text.save()
    assert rebuild_provisions(document_text) == 0
    assert not Provision.objects.filter(document_text=document_text).exists()


def test_second_text_anchors_are_prefixed(docs, page_source):
    add_text(docs["da34"], page_source)
    second = add_text(docs["da34"], page_source, text="Điều 1. Phụ\nNội dung.", position=1)
    assert list(second.provisions.values_list("anchor", flat=True)) == ["tep-2-dieu-1"]
    assert Provision.objects.filter(document=docs["da34"], anchor="dieu-1").count() == 1


def test_rebuild_clears_the_page_cache(docs, page_source, monkeypatch):
    calls = []
    monkeypatch.setattr("documents.provisions.data_changed", lambda: calls.append(1))
    add_text(docs["da34"], page_source)
    assert calls == [1]


# --- the text page -------------------------------------------------------------------------


def test_text_page_with_toc_anchors_and_source(client, docs, page_source):
    add_text(docs["da34"], page_source)
    response = client.get("/documents/" + docs["da34"].slug + "/text/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="dieu-1-khoan-2-diem-a"' in html
    assert 'href="#dieu-1"' in html  # table of contents
    assert 'class="copy-link no-print" href="#dieu-1-khoan-2"' in html
    assert "Điều 1. Phạm vi" in html
    assert "Chương I. QUY ĐỊNH CHUNG" in html
    assert 'href="https://example.org/toan-van"' in html
    assert "OCR" not in html


def test_text_page_marks_ocr_with_its_confidence(client, docs, page_source):
    add_text(docs["da34"], page_source, method="pdf_ocr", ocr_confidence=87.4)
    html = client.get("/documents/" + docs["da34"].slug + "/text/").content.decode()
    assert "Văn bản nhận dạng từ ảnh quét (OCR), độ tin cậy 87 %" in html


def test_text_page_without_text_says_so(client, docs, page_source):
    url = "/documents/" + docs["da34"].slug + "/text/"
    response = client.get(url)
    assert response.status_code == 200
    assert "Văn bản này chưa có toàn văn" in response.content.decode()
    DocumentText.objects.create(document=docs["da34"], source=page_source, status="failed")
    html = client.get(url).content.decode()
    assert "Chưa có toàn văn" in html and "không thành công" in html
    assert client.get("/documents/khong-co/text/").status_code == 404
    assert client.post(url).status_code == 405


def test_text_page_queries_do_not_grow_with_provisions(client, docs, page_source,
                                                       django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = "/documents/" + docs["da34"].slug + "/text/"
    small = add_text(docs["da34"], page_source, text=many_articles(2))
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    small.extracted = many_articles(60)
    small.save()
    assert rebuild_provisions(small) == 181
    with CaptureQueriesContext(connection) as many:
        html = client.get(url).content.decode()
    assert 'id="dieu-60-khoan-2"' in html
    assert len(many.captured_queries) == len(few.captured_queries)


# --- the document page's block -------------------------------------------------------------


def test_document_page_summarises_the_text(client, docs, page_source):
    add_text(docs["da34"], page_source, text=many_articles(40))
    html = client.get(docs["da34"].get_absolute_url()).content.decode()
    assert 'id="text-h"' in html
    assert f'href="/documents/{docs["da34"].slug}/text/#dieu-1"' in html
    assert "dieu-13" not in html  # only the first entries
    assert "Khoản một của điều 30" not in html  # never the whole text


def test_document_page_queries_do_not_grow_with_the_text(client, docs, page_source):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    document_text = add_text(docs["da34"], page_source, text=many_articles(2))
    with CaptureQueriesContext(connection) as few:
        client.get(docs["da34"].get_absolute_url())
    document_text.extracted = many_articles(50)
    document_text.save()
    rebuild_provisions(document_text)
    with CaptureQueriesContext(connection) as many:
        client.get(docs["da34"].get_absolute_url())
    assert len(many.captured_queries) == len(few.captured_queries)


def test_document_page_without_text_has_no_block(client, docs):
    html = client.get(docs["da34"].get_absolute_url()).content.decode()
    assert 'id="text-h"' not in html


# --- provisions named by links and targets -------------------------------------------------


def test_link_provision_is_validated(docs):
    link = DocumentLink(from_document=docs["da34"], to_document=docs["nq04"], kind="based_on",
                        provision="khoản 2")
    with pytest.raises(ValidationError) as raised:
        link.full_clean()
    assert "provision" in raised.value.message_dict
    link.provision = "  Điều 1, khoản 2 "
    link.full_clean()
    link.save()
    assert link.provision == "Điều 1, khoản 2"


def test_target_provision_is_validated(docs, percent_indicator):
    target = Target(document=docs["da34"], indicator=percent_indicator, value=10,
                    unit="percent", provision="Chương Tư")
    with pytest.raises(ValidationError) as raised:
        target.full_clean()
    assert "provision" in raised.value.message_dict


def test_provision_shown_and_linked_when_the_text_has_it(client, docs, page_source,
                                                        percent_indicator):
    DocumentLink.objects.create(from_document=docs["da34"], to_document=docs["nq04"],
                                kind="based_on", provision="khoản 2 Điều 1", quote="Căn cứ")
    Target.objects.create(document=docs["da34"], indicator=percent_indicator, value=10,
                          unit="percent", provision="Điều 9")
    html = client.get(docs["da34"].get_absolute_url()).content.decode()
    assert "Tại khoản 2 Điều 1" in html and "Tại Điều 9" in html  # no text: not linked
    add_text(docs["da34"], page_source)
    html = client.get(docs["da34"].get_absolute_url()).content.decode()
    assert (f'Tại <a href="/documents/{docs["da34"].slug}/text/#dieu-1-khoan-2">'
            "khoản 2 Điều 1</a>") in html
    assert "Tại Điều 9" in html  # the text has no Điều 9
    # from the other end: the link's provision is in its source document's text
    html = client.get(docs["nq04"].get_absolute_url()).content.decode()
    assert f'href="/documents/{docs["da34"].slug}/text/#dieu-1-khoan-2"' in html
