"""Reading a whole table in bounded memory (documents.streaming): every row once, in
id order, one LIMITed query per chunk — never the whole result at once."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from documents.models import Document
from documents.streaming import by_chunks, objects_by_id, rows_by_id

pytestmark = pytest.mark.django_db


@pytest.fixture
def seven(bodies):
    return [Document.objects.create(symbol=f"{i}-KH/TU", doc_type="ke_hoach", title=f"Kế hoạch {i}",
                                    issuing_body=bodies["btv"], issued_date=dt.date(2020, 1, i))
            for i in range(1, 8)]


@pytest.mark.parametrize("size", [1, 2, 3, 7, 8, 5000])
def test_every_row_once_in_id_order_a_chunk_per_query(seven, size):
    expected = list(Document.objects.order_by("pk").values_list("pk", "symbol"))
    with CaptureQueriesContext(connection) as queries:
        rows = list(rows_by_id(Document.objects.all(), "pk", "symbol", chunk_size=size))
    assert rows == expected
    assert len(queries.captured_queries) == len(expected) // size + 1
    assert all(f"LIMIT {size}" in q["sql"] for q in queries.captured_queries)


def test_a_filtered_annotated_queryset_keeps_its_filter(seven):
    some = Document.objects.filter(issued_date__day__gt=3).with_status()
    rows = list(rows_by_id(some, "symbol", "current_status", chunk_size=2))
    assert rows == list(some.order_by("pk").values_list("symbol", "current_status"))
    assert [r[0] for r in rows] == [f"{i}-KH/TU" for i in range(4, 8)]


def test_a_row_deleted_while_reading_is_not_read_and_nothing_is_read_twice(seven):
    rows = rows_by_id(Document.objects.all(), "symbol", chunk_size=3)
    first = [next(rows)[0] for _ in range(3)]
    Document.objects.filter(symbol="5-KH/TU").delete()
    assert first + [row[0] for row in rows] == [
        "1-KH/TU", "2-KH/TU", "3-KH/TU", "4-KH/TU", "6-KH/TU", "7-KH/TU"]


@pytest.mark.parametrize("size", [1, 2, 3, 7, 500])
def test_objects_by_id_every_object_once_in_id_order(seven, size):
    with CaptureQueriesContext(connection) as queries:
        objects = list(objects_by_id(Document.objects.all(), chunk_size=size))
    assert [d.pk for d in objects] == sorted(d.pk for d in seven)
    assert objects[0].symbol == "1-KH/TU"  # whole objects, their methods at hand
    assert len(queries.captured_queries) == len(seven) // size + 1


@pytest.mark.parametrize("size", [1, 2, 3, 7, 2000])
def test_by_chunks_every_row_once_in_the_order_given(seven, size):
    ids = [d.pk for d in reversed(seven)]
    loads = []

    def load(chunk):
        loads.append(list(chunk))
        rows = Document.objects.in_bulk(chunk)
        return [rows[pk].symbol for pk in chunk]

    assert list(by_chunks(ids, load, size)) == [f"{i}-KH/TU" for i in range(7, 0, -1)]
    assert all(len(chunk) <= size for chunk in loads) and len(loads) == -(-7 // size)
