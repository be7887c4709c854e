"""The admin's bulk import page: the import's safe default (add and fill; a conflict listed and
nothing written), replace as an explicit choice, a check that writes nothing, errors listed
with their place; superusers only."""

from __future__ import annotations

import html
import io
import json
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from test_interchange import empty_file, new_document, snapshot

from documents.models import Document

URL = "/admin/documents/document/import/"


def _post(client, data: dict | bytes, action: str, **fields):
    raw = data if isinstance(data, bytes) else json.dumps(data, ensure_ascii=False).encode()
    upload = SimpleUploadedFile("catalogue.json", raw, content_type="application/json")
    return client.post(URL, {"file": upload, "action": action, **fields})


def _items(page, list_id: str) -> list[str]:
    found = re.search(rf'<ul id="{list_id}">(.*?)</ul>', page.content.decode(), re.S)
    if not found:
        return []
    return [html.unescape(re.sub(r"<[^>]+>", "", item))
            for item in re.findall(r"<li>(.*?)</li>", found.group(1), re.S)]


def _renamed(docs) -> dict:
    return empty_file(documents=[
        {"slug": docs["nq04"].slug, "doc_type": "nghi_quyet", "title": "Tên mới",
         "summary": "Tóm tắt mới"},
        new_document(issuing_body="thanh-uy-ha-noi"),
    ])


def test_the_page_is_reached_from_the_document_list(admin_client, docs):
    assert reverse("admin:documents_document_import") == URL
    assert URL in admin_client.get(reverse("admin:documents_document_changelist")).content \
        .decode()
    page = admin_client.get(URL)
    assert page.status_code == 200
    text = page.content.decode()
    assert 'type="file"' in text and 'value="check"' in text and 'value="replace"' in text


@pytest.mark.parametrize("role", ["editor", "reviewer"])
def test_only_superusers_import(role, client, docs, django_user_model):
    call_command("setup_roles", stdout=io.StringIO())
    user = django_user_model.objects.create_user(role, f"{role}@example.org", "x-Pass-1234",
                                                 is_staff=True)
    call_command("setup_roles", "--user", role, "--role", role, stdout=io.StringIO())
    client.force_login(user)
    before = snapshot()
    assert client.get(URL).status_code == 403
    assert _post(client, _renamed(docs), "replace").status_code == 403
    assert snapshot() == before
    assert URL not in client.get(reverse("admin:documents_document_changelist")).content.decode()


def test_a_conflict_is_listed_and_nothing_is_written(admin_client, docs):
    before = snapshot()
    page = _post(admin_client, _renamed(docs), "import")
    assert page.status_code == 200
    assert snapshot() == before
    assert _items(page, "import-conflicts") == [
        f'documents/{docs["nq04"].slug} (/documents/0): conflict: title: the database has '
        f'"{docs["nq04"].title}", the file "Tên mới"'
    ]
    assert "1 xung đột: không có gì được ghi" in html.unescape(page.content.decode())
    assert 'value="replace"' in page.content.decode()  # the explicit choice offered


def test_check_lists_each_change_and_writes_nothing(admin_client, docs):
    before = snapshot()
    page = _post(admin_client, _renamed(docs), "check")
    assert snapshot() == before
    assert _items(page, "import-changes") == [
        f'documents/{docs["nq04"].slug}: conflict: title: the database has '
        f'"{docs["nq04"].title}", the file "Tên mới"',
        f'documents/{docs["nq04"].slug}: filled: summary: "" -> "Tóm tắt mới"',
        "documents/ke-hoach-moi: added",
    ]
    assert "Đã kiểm tra: không có gì được ghi." in html.unescape(page.content.decode())


def test_replace_is_an_explicit_choice_for_all_or_named_objects(admin_client, docs):
    page = _post(admin_client, _renamed(docs), "replace",
                 replace_only=f"documents/{docs['da34'].slug}")
    assert _items(page, "import-conflicts")  # nq04 not named: still a conflict
    assert not Document.objects.filter(slug="ke-hoach-moi").exists()

    page = _post(admin_client, _renamed(docs), "replace",
                 replace_only=f"documents/{docs['nq04'].slug}\n")
    assert "documents: 1 created, 1 updated, 0 unchanged" in _items(page, "import-counts")
    nq04 = Document.objects.get(pk=docs["nq04"].pk)
    assert (nq04.title, nq04.summary, nq04.status) == ("Tên mới", "Tóm tắt mới", "in_force")


def test_a_file_that_only_adds_and_fills_is_imported(admin_client, docs):
    data = _renamed(docs)
    data["documents"][0]["title"] = docs["nq04"].title
    page = _post(admin_client, data, "import")
    assert "Đã nhập." in page.content.decode()
    assert Document.objects.get(pk=docs["nq04"].pk).summary == "Tóm tắt mới"
    assert Document.objects.filter(slug="ke-hoach-moi").exists()


@pytest.mark.parametrize(("raw", "expected"), [
    (b'{"format": "x", "topics": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
     "line 1, column 58: invalid JSON: nested more than 32 levels deep"),
    (json.dumps(empty_file(topics=[{"slug": "a", "name": "A\u0000"}])).encode(),
     "/topics/0/name: the text holds a NUL character (U+0000), which the database cannot "
     "store"),
    (json.dumps(empty_file(topics=[{"slug": "a", "name": "A\ud800"}])).encode(),
     "/topics/0/name: the text holds a lone surrogate (U+D800), which is not a character"),
    (json.dumps(empty_file(documents=[new_document(issuing_body="khong-co")])).encode(),
     '/documents/0/issuing_body: unknown body "khong-co"'),
])
def test_errors_are_listed_with_their_place(admin_client, db, raw, expected):
    before = snapshot()
    page = _post(admin_client, raw, "import")
    assert page.status_code == 200
    problems = _items(page, "import-problems")
    assert len(problems) == 1 and problems[0].startswith(expected), problems
    assert snapshot() == before


def test_a_post_without_a_file_is_refused_by_the_form(admin_client, db):
    page = admin_client.post(URL, {"action": "import"})
    assert page.status_code == 200
    assert "errornote" in page.content.decode() and 'id="import-result"' not in \
        page.content.decode()
