"""Files in the admin (documents/admin/files.py): editors and superusers attach them on the
document's page, several per document, each with kind and language, checked by content;
reviewers, staff without a role and anonymous visitors change nothing on any of the new
addresses with any method."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from file_samples import docx_bytes, html_as_pdf_bytes, pdf_bytes, zip_bomb_docx_bytes
from test_roles import PASSWORD, document_post

from documents.models import Document, DocumentFile

METHODS = ("GET", "HEAD", "OPTIONS", "POST", "PUT", "PATCH", "DELETE")


def client_for(django_user_model, role: str) -> Client:
    client = Client()
    if role == "anonymous":
        return client
    if role == "superuser":
        user = django_user_model.objects.create_superuser("quantri", "q@example.org", PASSWORD)
    else:
        user = django_user_model.objects.create_user(role, f"{role}@example.org", PASSWORD,
                                                     is_staff=True)
        if role in ("editor", "reviewer"):
            call_command("setup_roles", "--user", role, "--role", role, stdout=io.StringIO())
    client.force_login(user)
    return client


def with_files(data: dict, *files, initial: int = 0) -> dict:
    data = {**data, "files-TOTAL_FORMS": str(initial + len(files)),
            "files-INITIAL_FORMS": str(initial)}
    for n, (content, name, kind) in enumerate(files, start=initial):
        data.update({f"files-{n}-kind": kind, f"files-{n}-language": "vi",
                     f"files-{n}-title": "", f"files-{n}-file": SimpleUploadedFile(name, content)})
    return data


def rows() -> list[tuple]:
    return list(DocumentFile.objects.order_by("pk").values_list(
        "pk", "document_id", "kind", "language", "title", "file", "sha256"))


@pytest.mark.parametrize("role", ["editor", "superuser"])
def test_editors_attach_several_files_on_the_document_page(role, bodies, django_user_model):
    client = client_for(django_user_model, role)
    data = with_files(document_post(bodies),
                      (pdf_bytes(), "QĐ 188 (bản ký).pdf", "signed_original"),
                      (docx_bytes(), "de-an.docx", "attached_scheme"))
    response = client.post(reverse("admin:documents_document_add"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    doc = Document.objects.get(symbol="188-KH/TU")
    kept = list(doc.files.order_by("kind"))
    assert [(f.kind, f.original_name, f.page_count) for f in kept] == [
        ("attached_scheme", "de-an.docx", None), ("signed_original", "QĐ 188 (bản ký).pdf", 2)]
    change = client.get(reverse("admin:documents_document_change", args=[doc.pk])).content.decode()
    assert kept[1].sha256 in change and 'enctype="multipart/form-data"' in change
    listing = client.get(reverse("admin:documents_documentfile_changelist")).content.decode()
    assert "de-an.docx" in listing


@pytest.mark.parametrize(("content", "name", "message"), [
    (html_as_pdf_bytes(), "thuc-ra-la-html.pdf", "Loại tệp không được nhận"),
    (zip_bomb_docx_bytes(), "bom.docx", "bất thường"),
])
def test_a_refused_upload_is_reported_on_the_page_and_nothing_is_written(
        content, name, message, bodies, django_user_model):
    client = client_for(django_user_model, "editor")
    data = with_files(document_post(bodies), (content, name, "word"))
    response = client.post(reverse("admin:documents_document_add"), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Document.objects.filter(symbol="188-KH/TU").exists() and not rows()


def test_the_same_file_twice_is_refused_naming_the_file_kept(bodies, django_user_model):
    client = client_for(django_user_model, "editor")
    content = pdf_bytes()
    twice = with_files(document_post(bodies), (content, "a.pdf", "signed_original"),
                       (content, "b.pdf", "appendix"))
    response = client.post(reverse("admin:documents_document_add"), twice)
    assert "Cùng một tệp được chọn hai lần" in response.content.decode() and not rows()
    client.post(reverse("admin:documents_document_add"),
                with_files(document_post(bodies), (content, "ban-goc.pdf", "signed_original")))
    doc = Document.objects.get(symbol="188-KH/TU")
    [kept] = doc.files.all()
    data = with_files(document_post(bodies, based_on_version=str(doc.version)),
                      (content, "lan-hai.pdf", "appendix"), initial=1)
    data.update({"files-0-id": str(kept.pk), "files-0-document": str(doc.pk),
                 "files-0-kind": "signed_original", "files-0-language": "vi",
                 "files-0-title": ""})
    response = client.post(reverse("admin:documents_document_change", args=[doc.pk]), data)
    assert response.status_code == 200
    assert "ban-goc.pdf" in response.content.decode() and doc.files.count() == 1


@pytest.mark.parametrize("role", ["anonymous", "staff_without_role", "reviewer"])
def test_no_one_else_uploads_or_changes_a_file_by_any_method(role, bodies, docs,
                                                             django_user_model):
    kept = DocumentFile(document=docs["da34"], file=SimpleUploadedFile("a.pdf", pdf_bytes()))
    kept.full_clean()
    kept.save()
    client = client_for(django_user_model, role)
    doc = docs["da34"]
    addresses = [
        reverse("admin:documents_documentfile_changelist"),
        reverse("admin:documents_documentfile_add"),
        reverse("admin:documents_documentfile_change", args=[kept.pk]),
        reverse("admin:documents_documentfile_delete", args=[kept.pk]),
        reverse("admin:documents_documentfile_history", args=[kept.pk]),
        reverse("admin:documents_documentfile_simple_history",
                args=[kept.pk, kept.history.first().history_id]),
        reverse("admin:documents_document_change", args=[doc.pk]),
        reverse("admin:documents_document_add"),
    ]
    upload = with_files(document_post(bodies, based_on_version=str(doc.version)),
                        (docx_bytes(), "x.docx", "word"), initial=1)
    upload.update({"files-0-id": str(kept.pk), "files-0-document": str(doc.pk),
                   "files-0-kind": "appendix", "files-0-language": "en", "files-0-title": "x",
                   "files-0-DELETE": "on", "action": "delete_selected", "post": "yes",
                   "_selected_action": str(kept.pk), "kind": "appendix"})
    before = rows()
    for address in addresses:
        for method in METHODS:
            call = getattr(client, method.lower())
            response = call(address, upload) if method == "POST" else call(address)
            assert response.status_code < 500, (address, method)
            readable = "/add/" not in address and "/delete/" not in address
            if role == "reviewer" and method in ("GET", "HEAD") and readable:
                assert response.status_code == 200, (address, method)
            if method == "POST":
                assert response.status_code in (302, 403, 405) or role == "reviewer", address
    assert rows() == before
    assert kept.file.storage.exists(kept.file.name)
    assert DocumentFile.history.count() == 1
