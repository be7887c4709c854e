"""Two admins editing the same document at once: the second save is refused with an
explanation instead of silently overwriting the first (optimistic locking: Document.version
and the hidden ``based_on_version`` of the admin's change form)."""

from __future__ import annotations

import threading

import pytest
from django.db import connections
from django.test import Client
from django.urls import reverse

from documents.models import Document

INLINE_PREFIXES = ("co_issuer_rows", "files", "targets", "outgoing_links", "incoming_links",
                   "mentions")


def change_data(doc: Document, version, **changes) -> dict:
    """What the change form posts for *doc* (no inline rows), opened on *version*."""
    data = {
        "symbol": doc.symbol, "doc_type": doc.doc_type, "symbol_as_written": "",
        "title": doc.title, "summary": doc.summary, "status": doc.status,
        "issuing_body": str(doc.issuing_body_id or ""), "term": str(doc.term_id or ""),
        "locality": str(doc.locality_id or ""), "signer": "", "signer_title": "",
        "issued_date": doc.issued_date.strftime("%d/%m/%Y") if doc.issued_date else "",
        "date_note": "", "effective_from": "", "effective_to": "", "period_start": "",
        "period_end": "",
    }
    if version is not None:
        data["based_on_version"] = str(version)
    for prefix in INLINE_PREFIXES:
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0",
                     f"{prefix}-MIN_NUM_FORMS": "0", f"{prefix}-MAX_NUM_FORMS": "1000"})
    data.update(changes)
    return data


@pytest.fixture
def two_admins(db, django_user_model):
    clients = []
    for name in ("lan", "minh"):
        user = django_user_model.objects.create_superuser(name, f"{name}@example.org",
                                                          "Mat-khau-rat-dai-2025")
        user.first_name = name.capitalize()
        user.save()
        client = Client()
        client.force_login(user)
        clients.append(client)
    return clients


def test_the_change_form_carries_the_version_it_was_opened_on(admin_client, docs):
    da34 = docs["da34"]
    html = admin_client.get(reverse("admin:documents_document_change", args=[da34.pk])
                            ).content.decode()
    assert 'type="hidden" name="based_on_version" value="1"' in html
    assert admin_client.get(reverse("admin:documents_document_add")).status_code == 200


def test_the_second_save_is_refused_with_an_explanation(two_admins, docs):
    lan, minh = two_admins
    da34 = docs["da34"]
    url = reverse("admin:documents_document_change", args=[da34.pk])
    # Both open the page on version 1.
    for client in (lan, minh):
        assert 'name="based_on_version" value="1"' in client.get(url).content.decode()
    # Lan saves first.
    first = lan.post(url, change_data(da34, 1, title="Tiêu đề do Lan sửa"))
    assert first.status_code == 302, first.content.decode()[:2000]
    da34.refresh_from_db()
    assert (da34.title, da34.version) == ("Tiêu đề do Lan sửa", 2)
    # Minh saves what he typed on version 1: refused, and told why and by whom.
    second = minh.post(url, change_data(da34, 1, title="Tiêu đề do Minh sửa",
                                        summary="Minh thêm tóm tắt"))
    assert second.status_code == 200
    page = second.content.decode()
    assert "Chưa lưu thay đổi của bạn" in page
    assert "Lan" in page and "phiên bản 1" in page and "phiên bản hiện tại là 2" in page
    assert "Lịch sử" in page
    da34.refresh_from_db()
    assert (da34.title, da34.summary, da34.version) == ("Tiêu đề do Lan sửa", "", 2)
    assert da34.history.count() == 2  # created, Lan's change; nothing from Minh
    # Sending the same stale form again is refused again.
    again = minh.post(url, change_data(da34, 1, title="Tiêu đề do Minh sửa"))
    assert again.status_code == 200 and "Chưa lưu thay đổi của bạn" in again.content.decode()
    # After reloading the page (version 2), Minh's change goes in on top of Lan's.
    assert 'name="based_on_version" value="2"' in minh.get(url).content.decode()
    third = minh.post(url, change_data(da34, 2, summary="Minh thêm tóm tắt"))
    assert third.status_code == 302
    da34.refresh_from_db()
    assert (da34.title, da34.summary, da34.version) == (
        "Tiêu đề do Lan sửa", "Minh thêm tóm tắt", 3)


def test_a_change_made_outside_the_admin_also_counts(admin_client, docs):
    da34 = docs["da34"]
    url = reverse("admin:documents_document_change", args=[da34.pk])
    admin_client.get(url)
    Document.objects.get(pk=da34.pk).save()  # e.g. an import or the article entry
    response = admin_client.post(url, change_data(da34, 1, title="Sửa trên bản cũ"))
    assert response.status_code == 200
    assert "Chưa lưu thay đổi của bạn" in response.content.decode()
    assert Document.objects.get(pk=da34.pk).title == da34.title


def test_a_form_without_a_version_is_refused(admin_client, docs):
    da34 = docs["da34"]
    url = reverse("admin:documents_document_change", args=[da34.pk])
    response = admin_client.post(url, change_data(da34, None, title="Không có phiên bản"))
    assert response.status_code == 200
    assert "tải lại trang" in response.content.decode()
    assert Document.objects.get(pk=da34.pk).title == da34.title


def test_every_save_raises_the_version_from_the_database(docs):
    a = Document.objects.get(pk=docs["da34"].pk)
    b = Document.objects.get(pk=docs["da34"].pk)
    assert a.version == b.version == 1
    a.save()
    b.save()  # b is a stale copy (it still says 1): the version still goes up
    assert (a.version, b.version) == (2, 3)
    assert Document.objects.get(pk=a.pk).version == 3
    b.save(update_fields=["title"])
    assert Document.objects.get(pk=a.pk).version == 4
    new = Document.objects.create(doc_type="ke_hoach", title="Mới")
    assert new.version == 1


def test_two_simultaneous_saves_of_the_same_version_cannot_both_pass(transactional_db,
                                                                     docs, django_user_model):
    da34 = docs["da34"]
    url = reverse("admin:documents_document_change", args=[da34.pk])
    users = [django_user_model.objects.create_superuser(n, f"{n}@example.org", "x-Pass-1234567")
             for n in ("an", "binh")]
    barrier = threading.Barrier(2)
    statuses: dict[str, int] = {}

    def save(user, title):
        try:
            client = Client()
            client.force_login(user)
            barrier.wait(10)
            statuses[user.username] = client.post(url, change_data(da34, 1, title=title)
                                                  ).status_code
        finally:
            connections.close_all()

    threads = [threading.Thread(target=save, args=(u, f"Tiêu đề của {u.username}"))
               for u in users]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert sorted(statuses.values()) == [200, 302], statuses  # one saved, one refused
    winner = next(name for name, status in statuses.items() if status == 302)
    da34.refresh_from_db()
    assert (da34.title, da34.version) == (f"Tiêu đề của {winner}", 2)


def test_reverting_to_an_older_version_from_history_is_a_save_like_any_other(admin_client,
                                                                            docs):
    da34 = docs["da34"]
    url = reverse("admin:documents_document_change", args=[da34.pk])
    original = da34.title
    assert admin_client.post(url, change_data(da34, 1, title="Sửa lần một")).status_code == 302
    first = da34.history.order_by("history_date", "history_id").first()
    revert = reverse("admin:documents_document_simple_history", args=[da34.pk, first.pk])
    page = admin_client.get(revert).content.decode()
    assert 'name="based_on_version" value="2"' in page  # the current version, not the old one
    response = admin_client.post(revert, change_data(da34, 2, title=original))
    assert response.status_code == 302, response.content.decode()[:2000]
    da34.refresh_from_db()
    assert (da34.title, da34.version) == (original, 3)
