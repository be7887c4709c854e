"""The admin as an admin uses it: one page for a whole decision, search without
diacritics, clear validation errors, history, and bounded queries."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from documents.models import Document, DocumentLink, IssuingBody, Locality, Target

INLINE_PREFIXES = ("co_issuer_rows", "files", "targets", "outgoing_links", "incoming_links",
                   "mentions")


def _management(prefix: str, total: int) -> dict:
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def _document_post(bodies, **overrides) -> dict:
    data = {
        "symbol": "188-kh/tu",
        "doc_type": "ke_hoach",
        "symbol_as_written": "số 188-KH/TU",
        "title": "Về luân chuyển, điều động, biệt phái cán bộ giai đoạn 2024-2025",
        "summary": "",
        "status": "in_force",
        "issuing_body": str(bodies["btv"].pk),
        "term": str(bodies["xvii"].pk),
        "locality": "",
        "signer": "",
        "signer_title": "",
        "issued_date": "06/11/2023",
        "date_note": "",
        "effective_from": "",
        "effective_to": "",
        "period_start": "2024",
        "period_end": "2025",
    }
    for prefix in INLINE_PREFIXES:
        data.update(_management(prefix, 0))
    data.update(overrides)
    return data


def test_admin_saves_a_document_with_a_target_and_a_link_on_one_page(
    admin_client, bodies, docs, percent_indicator
):
    data = _document_post(bodies)
    data.update(_management("targets", 1))
    data.update({
        "targets-0-indicator": str(percent_indicator.pk),
        "targets-0-applies_to": "cán bộ chủ chốt cấp xã",
        "targets-0-comparator": "at_least",
        "targets-0-value": "10",
        "targets-0-unit": "percent",
        "targets-0-deadline_year": "2025",
        "targets-0-baseline_value": "5",
        "targets-0-baseline_date": "31/12/2022",
        "targets-0-position": "0",
    })
    data.update(_management("outgoing_links", 1))
    data.update({
        "outgoing_links-0-kind": "continues",
        "outgoing_links-0-to_document": str(docs["nq04"].pk),
        "outgoing_links-0-quote": "tiếp tục thực hiện tốt Nghị quyết số 04-NQ/TU",
    })
    response = admin_client.post(reverse("admin:documents_document_add"), data)
    assert response.status_code == 302, response.context["errors"] if response.context else ""
    doc = Document.objects.get(symbol="188-KH/TU")
    assert doc.issued_date.isoformat() == "2023-11-06"
    assert doc.symbol_as_written == "số 188-KH/TU"
    target = Target.objects.get(document=doc)
    assert (target.value, target.baseline_value, target.deadline_year) == (10, 5, 2025)
    link = DocumentLink.objects.get(from_document=doc)
    assert link.to_document == docs["nq04"] and link.kind == "continues"
    # Attributed history: the admin user is recorded as the author of the change.
    assert doc.history.first().history_user == admin_client.user


def test_admin_refuses_a_link_from_a_document_to_itself(admin_client, bodies, docs):
    da34 = docs["da34"]
    url = reverse("admin:documents_document_change", args=[da34.pk])
    data = _document_post(bodies, symbol=da34.symbol, doc_type="de_an", title=da34.title,
                          symbol_as_written="", period_start="", period_end="")
    data.update(_management("outgoing_links", 1))
    data.update({"outgoing_links-0-kind": "references",
                 "outgoing_links-0-to_document": str(da34.pk)})
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "Một văn bản không thể liên kết với chính nó." in response.content.decode()
    assert not DocumentLink.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"symbol": "abc xyz"}, "không đúng dạng"),
        ({"doc_type": "de_an"}, "không khớp với loại văn bản"),
        ({"symbol": "188-KH/QU"}, "không khớp với mã"),
        ({"effective_from": "01/01/2024", "effective_to": "01/01/2023"},
         "Ngày hết hiệu lực không thể trước ngày có hiệu lực."),
        ({"issued_date": "31/02/2023"}, "Nhập"),
    ],
)
def test_admin_explains_what_is_wrong(admin_client, bodies, overrides, message):
    response = admin_client.post(reverse("admin:documents_document_add"),
                                 _document_post(bodies, **overrides))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Document.objects.filter(title__startswith="Về luân chuyển").exists()


def test_admin_refuses_a_target_value_that_makes_no_sense(admin_client, bodies,
                                                          percent_indicator):
    data = _document_post(bodies)
    data.update(_management("targets", 1))
    data.update({"targets-0-indicator": str(percent_indicator.pk),
                 "targets-0-comparator": "at_least", "targets-0-value": "140",
                 "targets-0-unit": "percent", "targets-0-position": "0"})
    response = admin_client.post(reverse("admin:documents_document_add"), data)
    assert response.status_code == 200
    assert "0–100" in response.content.decode()
    assert not Document.objects.filter(symbol="188-KH/TU").exists()


@pytest.mark.parametrize("query", ["34-DA/TU", "34-ĐA/TU", "dao tao boi duong", "ĐÀO TẠO"])
def test_admin_search_without_diacritics(admin_client, docs, query):
    response = admin_client.get(reverse("admin:documents_document_changelist"), {"q": query})
    assert response.status_code == 200
    results = list(response.context["cl"].result_list)
    assert results == [docs["da34"]]


def test_admin_autocomplete_finds_documents_by_symbol(admin_client, docs):
    response = admin_client.get(
        reverse("admin:autocomplete"),
        {"term": "04-nq", "app_label": "documents", "model_name": "documentlink",
         "field_name": "to_document"},
    )
    assert response.status_code == 200
    assert [r["text"] for r in response.json()["results"]] == [str(docs["nq04"])]


@pytest.fixture
def filter_docs(docs, places):
    """34-ĐA/TU (Đề án, in force, 2023, Ban Thường vụ Thành ủy Hà Nội) and documents each
    filter must leave out: 04-NQ/TU (Nghị quyết, replaced, 2021, Thành ủy Hà Nội) and a
    document of another city, Hải Phòng."""
    Document.objects.filter(pk=docs["nq04"].pk).update(status="replaced")
    hai_phong = Locality.objects.create(slug="hai-phong", name="Hải Phòng", kind="city",
                                        parent=places["vn"])
    body = IssuingBody.objects.create(slug="btv-thanh-uy-hai-phong", name="Ban Thường vụ "
                                      "Thành ủy Hải Phòng", code="TU",
                                      kind="party_standing_committee", locality=hai_phong)
    other_city = Document.objects.create(
        symbol="12-ĐA/TU", doc_type="de_an", title="Đề án của Hải Phòng", issuing_body=body,
        issued_date=dt.date(2023, 3, 1), status="in_force",
    )
    return {**docs, "other_city": other_city}


@pytest.mark.parametrize(
    ("params", "excluded"),
    [({"doc_type__exact": "de_an"}, "nq04"), ({"status__exact": "in_force"}, "nq04"),
     ({"current_status": "in_force"}, "nq04"),
     ({"year": "2023"}, "nq04"), ({"body": "thuong vu"}, "nq04"),
     ({"place": "ha noi"}, "other_city")],
)
def test_admin_filters(admin_client, filter_docs, params, excluded):
    url = reverse("admin:documents_document_changelist")
    unfiltered = list(admin_client.get(url).context["cl"].result_list)
    assert filter_docs["da34"] in unfiltered and filter_docs[excluded] in unfiltered
    response = admin_client.get(url, params)
    assert response.status_code == 200  # not the admin's "?e=1" redirect for unknown filters
    changelist = response.context["cl"]
    # The filter was taken up, not dropped: it is active and its parameter is in use.
    assert changelist.has_active_filters
    assert set(params) <= set(changelist.get_filters_params())
    results = list(changelist.result_list)
    assert filter_docs["da34"] in results
    assert filter_docs[excluded] not in results, f"{params} kept {filter_docs[excluded]}"


def test_admin_changelist_queries_do_not_grow_with_rows(
    admin_client, bodies, django_assert_max_num_queries
):
    for n in range(1, 41):
        Document.objects.create(symbol=f"{n}-KH/TU", doc_type="ke_hoach", title=f"Kế hoạch {n}",
                                issuing_body=bodies["btv"], term=bodies["xvii"])
    with django_assert_max_num_queries(14):
        response = admin_client.get(reverse("admin:documents_document_changelist"))
    assert response.status_code == 200
    assert len(response.context["cl"].result_list) == 40


def test_admin_history_page_shows_changes(admin_client, docs):
    url = reverse("admin:documents_document_history", args=[docs["da34"].pk])
    response = admin_client.get(url)
    assert response.status_code == 200
    assert "34-ĐA/TU" in response.content.decode()


@pytest.mark.parametrize(
    "name",
    ["locality", "issuingbody", "term", "person", "topic", "indicator", "target", "figure",
     "source", "event", "documentlink", "document"],
)
def test_every_admin_add_and_list_page_opens(admin_client, docs, name):
    assert admin_client.get(reverse(f"admin:documents_{name}_changelist")).status_code == 200
    assert admin_client.get(reverse(f"admin:documents_{name}_add")).status_code == 200


def test_a_links_version_whose_document_was_deleted_is_not_found(admin_client, docs):
    """Found by walking the admin in another order (issue 16): the history form of a link
    whose document is gone answered 500."""
    link = DocumentLink.objects.create(from_document=docs["da34"], to_document=docs["nq04"],
                                       kind="implements")
    version = link.history.first()
    docs["da34"].delete()
    response = admin_client.get(reverse("admin:documents_documentlink_simple_history",
                                        args=[link.pk, version.history_id]))
    assert response.status_code == 404
