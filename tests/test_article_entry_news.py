"""Entering from an article catches what news articles say most often (issue 16): "Ngày
20/3/2024, Ban Thường vụ Thành ủy Hà Nội ban hành Quyết định số 1350-QĐ/TU…" gives the
decision its date and issuer; "Quyết định nhằm cụ thể hóa Kế hoạch số 188-KH/TU" links the
decision (named by its type word alone) to the plan; "Căn cứ X và Y, … ban hành Z" links Z to
X and to Y, never X to Y; and after confirming, a page lists what was recorded, each with its
admin and public page."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from test_article_entry import URL_NAME, _analyse, _form_data, _item_prefix, _link_index, _links
from test_files_admin import METHODS, client_for

from documents.domain.references import find_references
from documents.models import Document, DocumentLink, Source

DONE = "admin:documents_document_from_article_done"
ARTICLE = (
    "Hà Nội luân chuyển cán bộ\n\n"
    "Ngày 20/3/2024, Ban Thường vụ Thành ủy Hà Nội ban hành Quyết định số 1350-QĐ/TU về luân "
    "chuyển cán bộ lãnh đạo, quản lý. Quyết định nhằm cụ thể hóa Kế hoạch số 188-KH/TU của Ban "
    "Thường vụ Thành ủy và tiếp tục thực hiện Nghị quyết số 04-NQ/TU.\n"
)


# --- what the text says (no database) ---------------------------------------------------------


@pytest.mark.parametrize(("text", "date", "issuer"), [
    ("Ngày 20/3/2024, Ban Thường vụ Thành ủy Hà Nội ban hành Quyết định số 1350-QĐ/TU.",
     dt.date(2024, 3, 20), "Ban Thường vụ Thành ủy Hà Nội"),
    ("Ngày 20/3/2024 Thành ủy Hà Nội đã ký ban hành Quyết định số 1350-QĐ/TU.",
     dt.date(2024, 3, 20), "Thành ủy Hà Nội"),
    ("Mới đây, Ban Thường vụ Thành ủy Hà Nội vừa ban hành Quyết định số 1350-QĐ/TU.",
     None, "Ban Thường vụ Thành ủy Hà Nội"),
    # what follows the symbol wins
    ("Ngày 20/3/2024, Thành ủy ban hành Quyết định số 1350-QĐ/TU ngày 18/3/2024 của Ban "
     "Thường vụ Thành ủy.", dt.date(2024, 3, 18), "Ban Thường vụ Thành ủy"),
    # not an issuance clause
    ("Ngày 20/3/2024, đồng chí Bí thư cho biết Thành phố sẽ ban hành Quyết định số 1350-QĐ/TU.",
     None, None),
])
def test_an_issuance_clause_gives_the_date_and_the_issuer(text, date, issuer):
    decision = next(r for r in find_references(text) if r.symbol_text == "1350-QĐ/TU")
    assert (decision.date, decision.issuer_phrase) == (date, issuer)


def test_a_date_read_after_the_previous_reference_belongs_to_the_issuance():
    refs = find_references("Căn cứ Kế hoạch số 188-KH/TU, ngày 20/3/2024, Ban Thường vụ Thành ủy "
                           "Hà Nội ban hành Quyết định số 1350-QĐ/TU.")
    assert [(r.symbol_text, r.date) for r in refs] == [
        ("188-KH/TU", None), ("1350-QĐ/TU", dt.date(2024, 3, 20))]


@pytest.mark.parametrize(("text", "expected"), [
    # the new document named by its type word alone
    ("Ban Thường vụ ban hành Quyết định số 1350-QĐ/TU. Quyết định nhằm cụ thể hóa Kế hoạch số "
     "188-KH/TU.", [("1350-QĐ/TU", "implements", "188-KH/TU")]),
    ("Ban hành Quyết định số 1350-QĐ/TU. Quyết định này được ban hành nhằm cụ thể hóa Kế hoạch "
     "số 188-KH/TU.", [("1350-QĐ/TU", "implements", "188-KH/TU")]),
    # "Kế hoạch này" is the subject of the sentence before, not the last plan named
    ("Kế hoạch số 260-KH/TU tiếp tục thực hiện Kế hoạch số 188-KH/TU. Kế hoạch này cũng cụ thể "
     "hóa Nghị quyết số 04-NQ/TU.", [("260-KH/TU", "continues", "188-KH/TU"),
                                     ("260-KH/TU", "implements", "04-NQ/TU")]),
    # a type word that is no document's named before: nothing
    ("Quyết định nhằm cụ thể hóa Kế hoạch số 188-KH/TU.", []),
    # the bases of the new document, never linked to each other
    ("Căn cứ Nghị quyết số 04-NQ/TU và Kế hoạch số 188-KH/TU, Ban Thường vụ Thành ủy Hà Nội ban "
     "hành Quyết định số 1350-QĐ/TU.", [("1350-QĐ/TU", "based_on", "04-NQ/TU"),
                                        ("1350-QĐ/TU", "based_on", "188-KH/TU")]),
    ("Căn cứ Nghị quyết số 04-NQ/TU ngày 31/5/2021 của Thành ủy và Kế hoạch số 188-KH/TU ngày "
     "6/11/2023 của Ban Thường vụ Thành ủy về triển khai thực hiện luân chuyển cán bộ, Ban "
     "Thường vụ Thành ủy ban hành Quyết định số 1350-QĐ/TU.",
     [("1350-QĐ/TU", "based_on", "04-NQ/TU"), ("1350-QĐ/TU", "based_on", "188-KH/TU")]),
    ("Thực hiện Nghị quyết số 04-NQ/TU và Kế hoạch số 188-KH/TU thực hiện Nghị quyết, Ban "
     "Thường vụ ban hành Quyết định số 1350-QĐ/TU, thay thế Quyết định số 99-QĐ/TU.",
     [("1350-QĐ/TU", "implements", "04-NQ/TU"), ("1350-QĐ/TU", "implements", "188-KH/TU"),
      ("1350-QĐ/TU", "replaces", "99-QĐ/TU")]),
    ("Để tiếp tục thực hiện Kế hoạch số 188-KH/TU, ngày 20/3/2024, Ban Thường vụ Thành ủy ban "
     "hành Quyết định số 1350-QĐ/TU.", [("1350-QĐ/TU", "continues", "188-KH/TU")]),
])
def test_links_of_news_sentences(text, expected):
    assert _links(text) == expected


# --- the admin pages --------------------------------------------------------------------------


def _confirmed(admin_client, bodies, docs):
    """The article analysed, the decision created with the link to the plan, confirmed."""
    Document.objects.create(symbol="188-KH/TU", doc_type="ke_hoach", title="Về luân chuyển",
                            issuing_body=bodies["btv"], term=bodies["xvii"],
                            issued_date=dt.date(2023, 11, 6))
    response = _analyse(admin_client, ARTICLE, publisher="Hà Nội mới",
                        headline="Hà Nội luân chuyển cán bộ")
    analysis = response.context["analysis"]
    data = _form_data(response)
    prefix = _item_prefix(analysis, "1350-QĐ/TU")
    assert data[f"{prefix}-issued_date"] == "20/03/2024"
    assert data[f"{prefix}-issuing_body"] == str(bodies["btv"].pk)
    data[f"{prefix}-create"] = "on"
    implements = _link_index(analysis, "1350-QĐ/TU", "188-KH/TU", "implements")
    data[f"links-{implements}-record"] = "on"
    data[f"links-{_link_index(analysis, '1350-QĐ/TU', '04-NQ/TU', 'continues')}-record"] = "on"
    data["action"] = "confirm"
    return admin_client.post(reverse(URL_NAME), data), data


def test_the_news_article_is_entered_and_what_was_recorded_is_shown(admin_client, bodies, docs):
    response, data = _confirmed(admin_client, bodies, docs)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse(DONE) + "?s=")
    decision = Document.objects.get(symbol="1350-QĐ/TU")
    assert (decision.issued_date, decision.issuing_body) == (dt.date(2024, 3, 20), bodies["btv"])
    plan = Document.objects.get(symbol="188-KH/TU")
    link = DocumentLink.objects.get(from_document=decision, to_document=plan)
    assert link.kind == "implements"
    source = Source.objects.get(headline="Hà Nội luân chuyển cán bộ")

    page = admin_client.get(response["Location"])
    assert page.status_code == 200
    html = page.content.decode()
    for address in (reverse("admin:documents_document_change", args=[decision.pk]),
                    decision.get_absolute_url(),
                    reverse("admin:documents_document_change", args=[plan.pk]),
                    plan.get_absolute_url(), docs["nq04"].get_absolute_url(),
                    reverse("admin:documents_documentlink_change", args=[link.pk]),
                    reverse("admin:documents_source_change", args=[source.pk])):
        assert f'href="{address}"' in html, address
    rows = re.findall(r"<tr><td>(.*?)</td><td>(.*?)</td>", html)
    assert (str(decision), "tạo mới") in rows
    assert (str(plan), "đã có trong catalogue") in rows
    assert (str(link), "tạo mới") in rows
    assert "Nguồn mới:" in html

    # confirmed again: nothing new, and the page says so
    again, _data = admin_client.post(reverse(URL_NAME), data), None
    html = admin_client.get(again["Location"]).content.decode()
    rows = re.findall(r"<tr><td>(.*?)</td><td>(.*?)</td>", html)
    assert (str(decision), "đã có (không tạo lại)") in rows
    assert (str(link), "đã có trong catalogue") in rows
    assert "Nguồn đã có:" in html


def test_the_summary_page_reads_a_bounded_number_of_queries(admin_client, bodies, docs):
    response, _data = _confirmed(admin_client, bodies, docs)
    with CaptureQueriesContext(connection) as queries:
        assert admin_client.get(response["Location"]).status_code == 200
    assert len(queries) <= 8  # session, user, source, documents, links


@pytest.mark.parametrize("token", ["", "abc", "x" * 300])
def test_a_missing_or_tampered_summary_is_not_found(admin_client, db, token):
    assert admin_client.get(reverse(DONE), {"s": token}).status_code == 404


@pytest.mark.parametrize("role", ["anonymous", "staff_without_role", "reviewer", "editor",
                                  "superuser"])
def test_the_summary_page_with_every_role_and_method(role, admin_client, bodies, docs,
                                                     django_user_model):
    response, _data = _confirmed(admin_client, bodies, docs)
    address = response["Location"]
    counts = (Document.objects.count(), DocumentLink.objects.count(), Source.objects.count())
    client = admin_client if role == "superuser" else client_for(django_user_model, role)
    for method in METHODS:
        answer = client.generic(method, address)
        if role == "anonymous":
            assert answer.status_code == 302 and "login" in answer["Location"], method
        elif role == "staff_without_role":
            assert answer.status_code in (403, 405), method
        elif method in ("GET", "HEAD"):
            assert answer.status_code == 200, (role, method)
        else:
            assert answer.status_code == 405, (role, method)
    assert (Document.objects.count(), DocumentLink.objects.count(),
            Source.objects.count()) == counts
