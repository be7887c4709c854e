"""The import's plan: checking a file says what it will create and update, without writing;
a rule the models apply (``documents/domain/validation.py``) is reported once, at its place in
the file, with the message the admin's form gives for it."""

from __future__ import annotations

import html

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from test_admin import _document_post, _management
from test_interchange import empty_file, new_document, snapshot

from documents.interchange.importer import DatasetError, check, import_dataset

WRITES = ("INSERT", "UPDATE", "DELETE", "COPY", "TRUNCATE")


def _da34_item(docs, **fields) -> dict:
    """The fixture's Đề án 34 as a file states it."""
    item = {
        "slug": docs["da34"].slug, "doc_type": "de_an", "symbol": "34-ĐA/TU",
        "title": docs["da34"].title, "issuing_body": "btv-thanh-uy-ha-noi",
        "term": {"body": "thanh-uy-ha-noi", "name": "khóa XVII"}, "issued_date": "2023-11-06",
        "status": "in_force",
    }
    item.update(fields)
    return item


def test_checking_a_file_gives_its_plan_and_writes_nothing(docs, percent_indicator):
    data = empty_file(
        topics=[{"slug": "thi-tuyen", "name": "Thi tuyển"}],
        indicators=[{"slug": percent_indicator.slug, "name": percent_indicator.name,
                     "unit": "percent"}],
        documents=[
            new_document(issuing_body="thanh-uy-ha-noi", topics=["thi-tuyen"],
                         targets=[{"indicator": percent_indicator.slug, "value": "10"}]),
            new_document(slug="ke-hoach-khac", title="Kế hoạch khác"),
            _da34_item(docs, title="Trích yếu đã sửa"),
        ],
    )
    before = snapshot()
    with CaptureQueriesContext(connection) as queries:
        plan = check(data)
    assert [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(WRITES)] == []
    assert snapshot() == before
    assert plan.summary() == {"topics": (1, 0), "indicators": (0, 1), "documents": (2, 1)}
    assert plan.creates("documents") == ["ke-hoach-moi", "ke-hoach-khac"]
    assert plan.updates("documents") == [docs["da34"].slug]
    new = plan.documents["ke-hoach-moi"][1]
    assert (new["locality"], new["topics"], len(new["targets"])) == ("ha-noi", ["thi-tuyen"], 1)
    assert new["targets"][0]["unit"] == "percent"  # the indicator's
    assert plan.documents[docs["da34"].slug][1]["title"] == "Trích yếu đã sửa"

    lines = import_dataset(data, replace=True).lines()  # writing the plan does what it said
    assert "documents: 2 created, 1 updated, 0 unchanged" in lines
    assert "topics: 1 created, 0 updated, 0 unchanged" in lines
    assert "indicators: 0 created, 0 updated, 1 unchanged" in lines


def test_a_plan_of_a_file_already_imported_only_updates(docs):
    data = empty_file(documents=[_da34_item(docs)])
    assert check(data).summary() == {"documents": (0, 1)}
    assert "documents: 0 created, 0 updated, 1 unchanged" in import_dataset(data).lines()


# (what the admin's form is given, what the file says, where the import reports it)
BROKEN_RULES = [
    ({"effective_from": "01/01/2024", "effective_to": "01/01/2023"},
     {"effective_from": "2024-01-01", "effective_to": "2023-01-01"}, "/documents/0/effective_to"),
    ({"period_start": "2025", "period_end": "2024"},
     {"period_start": 2025, "period_end": 2024}, "/documents/0/period_end"),
    ({"doc_type": "de_an"}, {"doc_type": "de_an"}, "/documents/0/doc_type"),
    ({"symbol": "188-KH/QU"}, {"symbol": "188-KH/QU"}, "/documents/0/issuing_body"),
    ({"symbol": "abc xyz"}, {"symbol": "abc xyz"}, "/documents/0/symbol"),
    ({"targets-0-value": "140"}, {"targets": [{"indicator": "duoi-35", "value": "140"}]},
     "/documents/0/targets/0/value"),
    ({"targets-0-value": "10", "targets-0-baseline_value": "101"},
     {"targets": [{"indicator": "duoi-35", "value": "10", "baseline_value": "101"}]},
     "/documents/0/targets/0/baseline_value"),
]


@pytest.mark.parametrize(("form", "file", "where"), BROKEN_RULES)
def test_a_broken_rule_is_reported_once_with_the_admins_message(
    admin_client, bodies, percent_indicator, form, file, where
):
    post = _document_post(bodies)
    if any(k.startswith("targets-") for k in form):
        post.update(_management("targets", 1))
        post.update({"targets-0-indicator": str(percent_indicator.pk),
                     "targets-0-comparator": "at_least", "targets-0-unit": "percent",
                     "targets-0-position": "0"})
    post.update(form)
    response = admin_client.post(reverse("admin:documents_document_add"), post)
    assert response.status_code == 200  # refused, the form shown again with its errors
    page = html.unescape(response.content.decode())

    item = {"slug": "ke-hoach-188", "doc_type": "ke_hoach", "symbol": "188-KH/TU",
            "title": post["title"], "issuing_body": "btv-thanh-uy-ha-noi",
            "term": {"body": "thanh-uy-ha-noi", "name": "khóa XVII"},
            "issued_date": "2023-11-06", "period_start": 2024, "period_end": 2025, **file}
    with pytest.raises(DatasetError) as info:
        check(empty_file(documents=[item]))
    [problem] = info.value.problems
    assert problem.pointer == where
    assert problem.message in page
