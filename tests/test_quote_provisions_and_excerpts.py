"""A source's quote pointing at a provision of the document it mentions
(``SourceMention.provision``), and a text that holds only part of its document
(``DocumentText.excerpt``, "Trích đoạn — không phải toàn văn"): validated, shown on the pages,
in the admin, in the API and carried by the interchange format (docs/TEXT.md)."""

from __future__ import annotations

import json

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from test_document_text import add_text
from test_files_admin import client_for
from test_import_merge import conflicts
from test_interchange import empty_database, export_text, refused, run_import

from documents.models import DocumentText, Source, SourceMention

EXCERPT_MARK = "Trích đoạn — không phải toàn văn"


@pytest.fixture
def article(db):
    return Source.objects.create(kind="news", publisher="Hà Nội mới", headline="Đào tạo cán bộ",
                                 url="https://example.org/bai", reference="hnm/1")


@pytest.fixture
def page_source(db):
    return Source.objects.create(kind="portal", publisher="Cổng TTĐT", headline="Toàn văn",
                                 url="https://example.org/toan-van", reference="cong/34")


# --- the quote's provision --------------------------------------------------------------------


def test_a_mentions_provision_is_validated_as_a_links_is(docs, article):
    mention = SourceMention(source=article, document=docs["da34"], quote="…",
                            provision="khoản 2")
    with pytest.raises(ValidationError) as raised:
        mention.full_clean()
    assert "provision" in raised.value.message_dict
    assert "Không đọc được điều khoản" in raised.value.message_dict["provision"][0]
    mention.provision = "  khoản 2 Điều 1 "
    mention.full_clean()
    mention.save()
    assert SourceMention.objects.get().provision == "khoản 2 Điều 1"


def test_the_document_page_shows_the_quotes_provision_linked_to_the_text(
        client, docs, article, page_source, django_assert_max_num_queries):
    SourceMention.objects.create(source=article, document=docs["da34"],
                                 quote="đào tạo cán bộ chủ chốt", provision="khoản 2 Điều 1")
    other = Source.objects.create(kind="news", publisher="Tuổi trẻ", headline="Khác")
    SourceMention.objects.create(source=other, document=docs["da34"], quote="không nói điều nào")
    html = client.get(docs["da34"].get_absolute_url()).content.decode()
    assert "Về khoản 2 Điều 1" in html  # no text yet: named, not linked
    assert "/text/#dieu-1-khoan-2" not in html
    add_text(docs["da34"], page_source)
    response = client.get(docs["da34"].get_absolute_url())
    html = response.content.decode()
    assert (f'Về <a href="/documents/{docs["da34"].slug}/text/#dieu-1-khoan-2">'
            "khoản 2 Điều 1</a>") in html
    assert html.count('class="provision-ref') == 1  # only the quote that names one
    # The quote's provision costs no query of its own: links', targets' and quotes' together.
    client.get(docs["da34"].get_absolute_url())
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as with_provision:
        client.get(docs["da34"].get_absolute_url())
    SourceMention.objects.update(provision="")
    with CaptureQueriesContext(connection) as without:
        client.get(docs["da34"].get_absolute_url())
    assert len(with_provision) == len(without) + 1  # the one provisions query


def test_the_admin_edits_the_quotes_provision(docs, article, django_user_model):
    mention = SourceMention.objects.create(source=article, document=docs["da34"], quote="…")
    editor = client_for(django_user_model, "editor")
    url = reverse("admin:documents_source_change", args=[article.pk])
    html = editor.get(url).content.decode()
    assert 'name="mentions-0-provision"' in html
    page = editor.get(reverse("admin:documents_document_change", args=[docs["da34"].pk]))
    assert 'name="mentions-0-provision"' in page.content.decode()
    form = {"kind": "news", "publisher": article.publisher, "headline": article.headline,
            "url": article.url, "reference": article.reference,
            "mentions-TOTAL_FORMS": "1", "mentions-INITIAL_FORMS": "1",
            "mentions-MIN_NUM_FORMS": "0", "mentions-MAX_NUM_FORMS": "1000",
            "mentions-0-id": str(mention.pk), "mentions-0-source": str(article.pk),
            "mentions-0-document": str(docs["da34"].pk), "mentions-0-quote": "…",
            "mentions-0-provision": "Chương Tư"}
    refused_page = editor.post(url, form)
    assert refused_page.status_code == 200
    assert "Không đọc được điều khoản" in refused_page.content.decode()
    form["mentions-0-provision"] = "Điều 1"
    assert editor.post(url, form).status_code == 302
    mention.refresh_from_db()
    assert mention.provision == "Điều 1"


def test_the_api_gives_the_quotes_provision(client, docs, article):
    SourceMention.objects.create(source=article, document=docs["da34"], quote="…",
                                 provision="Điều 5, khoản 2")
    data = client.get(f"/api/documents/{docs['da34'].slug}/").json()
    assert [s["provision"] for s in data["sources"]] == ["Điều 5, khoản 2"]


def test_the_quotes_provision_round_trips_and_a_file_without_it_keeps_it(rich, tmp_path):
    SourceMention.objects.filter(quote="Đề án 34-ĐA/TU").update(provision="mục 2 phần I")
    first = export_text()
    data = json.loads(first)
    mentions = [m for d in data["documents"] for m in d["mentions"]]
    assert "mục 2 phần I" in [m["provision"] for m in mentions]
    empty_database()
    run_import(tmp_path, first)
    assert export_text() == first
    assert SourceMention.objects.get(quote="Đề án 34-ĐA/TU").provision == "mục 2 phần I"

    # A file written before quotes had a provision (no key) changes nothing.
    for d in data["documents"]:
        for m in d["mentions"]:
            m.pop("provision")
    run_import(tmp_path, data)
    assert export_text() == first
    # A different one is a conflict; --replace lets the file win.
    for d in data["documents"]:
        for m in d["mentions"]:
            if m["quote"] == "Đề án 34-ĐA/TU":
                m["provision"] = "Điều 3"
    (line,) = conflicts(tmp_path, data)
    assert "conflict: mentions/" in line and "/provision" in line
    run_import(tmp_path, data, "--replace")
    assert SourceMention.objects.get(quote="Đề án 34-ĐA/TU").provision == "Điều 3"


def test_a_quotes_provision_that_names_nothing_is_refused(rich, tmp_path):
    data = json.loads(export_text())
    index = next(i for i, d in enumerate(data["documents"]) if d["mentions"])
    data["documents"][index]["mentions"][0]["provision"] = "khoản 2"
    errors = "\n".join(refused(tmp_path, data))
    assert f"/documents/{index}/mentions/0/provision" in errors
    assert "Không đọc được điều khoản" in errors


# --- excerpts -----------------------------------------------------------------------------------


def test_an_excerpt_says_so_on_the_text_page_and_the_document_page(client, docs, page_source):
    text = add_text(docs["da34"], page_source, excerpt=True)
    page = client.get(docs["da34"].get_absolute_url()).content.decode()
    assert EXCERPT_MARK in page and "Đọc trích đoạn" in page
    text_page = client.get(f"/documents/{docs['da34'].slug}/text/").content.decode()
    assert EXCERPT_MARK in text_page
    DocumentText.objects.filter(pk=text.pk).update(excerpt=False)
    page = client.get(docs["da34"].get_absolute_url()).content.decode()
    text_page = client.get(f"/documents/{docs['da34'].slug}/text/").content.decode()
    assert EXCERPT_MARK not in page and EXCERPT_MARK not in text_page
    assert "Đọc toàn văn" in page


def test_an_excerpt_in_english(client, docs, page_source):
    add_text(docs["da34"], page_source, excerpt=True)
    page = client.get(f"/en{docs['da34'].get_absolute_url()}")
    assert page.status_code == 200
    assert "Excerpt — not the full text" in page.content.decode()


def test_the_api_and_the_admin_say_whether_a_text_is_an_excerpt(client, docs, page_source,
                                                                 django_user_model):
    text = add_text(docs["da34"], page_source, excerpt=True)
    data = client.get(f"/api/documents/{docs['da34'].slug}/text/").json()
    assert [t["excerpt"] for t in data["texts"]] == [True]
    editor = client_for(django_user_model, "editor")
    url = reverse("admin:documents_documenttext_change", args=[text.pk])
    html = editor.get(url).content.decode()
    assert 'name="excerpt"' in html and "checked" in html
    changelist = reverse("admin:documents_documenttext_changelist")
    shown = reverse("admin:documents_documenttext_change", args=[text.pk])
    assert shown in editor.get(changelist + "?excerpt__exact=1").content.decode()
    assert shown not in editor.get(changelist + "?excerpt__exact=0").content.decode()


def test_the_excerpt_flag_round_trips_and_a_file_without_it_keeps_it(docs, page_source,
                                                                     tmp_path):
    add_text(docs["da34"], page_source, excerpt=True)
    first = export_text()
    data = json.loads(first)
    item = next(d for d in data["documents"] if d["slug"] == docs["da34"].slug)
    assert item["texts"][0]["excerpt"] is True
    empty_database()
    run_import(tmp_path, first)
    assert DocumentText.objects.get().excerpt is True
    assert export_text() == first
    item["texts"][0].pop("excerpt")  # an older file: says nothing, changes nothing
    run_import(tmp_path, data)
    assert DocumentText.objects.get().excerpt is True
    item["texts"][0]["excerpt"] = False  # stated otherwise: a conflict, unless replaced
    assert any("texts/source:cong/34/excerpt" in line for line in conflicts(tmp_path, data))
    run_import(tmp_path, data, "--replace")
    assert DocumentText.objects.get().excerpt is False
