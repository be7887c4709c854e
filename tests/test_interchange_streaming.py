"""The interchange export in bounded memory (documents/interchange/export.py): the file written
a chunk of objects at a time is the very text of the whole file built at once, whatever the
chunk's size; each chunk is read with its own queries (never a whole table at once); objects
come in the file's order (code point order of the keys, as Python sorts them)."""

from __future__ import annotations

import datetime as dt
import io
import json
import math
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import given
from hypothesis import strategies as st

from documents.exporting import indented
from documents.interchange import export
from documents.interchange.export import build_dataset, dumps, figure_sort_key, write_dataset
from documents.models import Document, DocumentLink, Figure, Indicator, Locality, Source

pytestmark = pytest.mark.django_db


def streamed() -> str:
    out = io.StringIO()
    write_dataset(out.write)
    return out.getvalue()


@pytest.fixture
def odd_slugs(docs, bodies, places, percent_indicator):
    """Documents whose slugs sort differently by code point and by a language's collation
    (capitals, "-" and "_", digits), links between them, figures of several indicators and
    places, a source without reference."""
    slugs = ["ab", "a-b", "a_b", "aB", "Ab", "a0", "b", "B-1", "zz", "a"]
    made = []
    for i, slug in enumerate(slugs):
        doc = Document.objects.create(
            symbol=f"{i + 100}-KH/TU", doc_type="ke_hoach", title=f"Kế hoạch {i}",
            issuing_body=bodies["btv"], issued_date=dt.date(2020, 1, i + 1))
        Document.objects.filter(pk=doc.pk).update(slug=slug)
        made.append(Document.objects.get(pk=doc.pk))
    for a, b in zip(made, made[1:], strict=False):
        DocumentLink.objects.create(from_document=a, to_document=b, kind="implements")
        DocumentLink.objects.create(from_document=b, to_document=a, kind="based_on")
    other = Indicator.objects.create(slug="Ty-le", name="Tỷ lệ khác", unit="percent")
    source = Source.objects.create(kind="news", publisher="Báo", headline="Tin", reference="")
    for n, (indicator, place) in enumerate([(percent_indicator, "ha-noi"), (other, "viet-nam"),
                                            (percent_indicator, "viet-nam"), (other, "ha-noi")]):
        for year in (2021, 2019):
            Figure.objects.create(indicator=indicator, locality=Locality.objects.get(slug=place),
                                  as_of_year=year, value=Decimal(n * 10 + year % 10),
                                  source=source, document=made[n])
    return made


@pytest.mark.parametrize("chunk", [1, 2, 3, 1000])
def test_the_streamed_file_is_the_whole_file_at_any_chunk_size(rich, odd_slugs, monkeypatch,
                                                               chunk):
    whole = dumps(build_dataset())
    monkeypatch.setattr(export, "CHUNK", chunk)
    assert streamed() == whole
    out = io.StringIO()
    call_command("export_dataset", stdout=out)
    assert out.getvalue() == whole


def test_the_seed_streamed_is_the_whole_file(seed):
    assert streamed() == dumps(build_dataset())


def test_objects_come_in_code_point_order_of_their_keys(odd_slugs, rich):
    data = json.loads(streamed())
    slugs = [d["slug"] for d in data["documents"]]
    assert slugs == sorted(slugs) and {"a-b", "a_b", "aB", "Ab", "B-1"} <= set(slugs)
    assert slugs.index("B-1") < slugs.index("a") < slugs.index("a-b") < slugs.index("a0")
    links = [(k["from"], k["kind"], k["to"]) for k in data["links"]]
    assert links == sorted(links) and len(links) == DocumentLink.objects.count()
    assert data["figures"] == sorted(data["figures"], key=figure_sort_key)
    assert [f["indicator"] for f in data["figures"]][0] == "Ty-le"  # "T" before "d"
    for name, key in (("localities", "slug"), ("bodies", "slug"), ("sources", "reference")):
        keys = [o[key] for o in data[name]]
        assert keys == sorted(keys) and len(keys) == len(set(keys)), name


def test_each_chunk_of_documents_is_read_by_its_own_queries(odd_slugs, monkeypatch):
    monkeypatch.setattr(export, "CHUNK", 3)
    total = Document.objects.count()
    with CaptureQueriesContext(connection) as queries:
        streamed()
    reads = [q["sql"] for q in queries.captured_queries
             if '"documents_document"."symbol_as_written"' in q["sql"]]
    assert len(reads) == math.ceil(total / 3)  # the rows, three at a time: never all at once
    assert all("= ANY(" in sql for sql in reads)


def test_a_failed_export_leaves_no_file_cut_short(rich, tmp_path, monkeypatch):
    target = tmp_path / "catalogue.json"
    target.write_text("the previous export", encoding="utf-8")

    def broken(k, ids):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(export, "documents", broken)
    with pytest.raises(RuntimeError):
        call_command("export_dataset", "-o", str(target), stderr=io.StringIO())
    assert target.read_text(encoding="utf-8") == "the previous export"
    assert [p.name for p in tmp_path.iterdir()] == ["catalogue.json"]


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True)
    | st.text(alphabet=st.characters(codec="utf-8")),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner,
                                                                max_size=4),
    max_leaves=20)


@given(json_values)
def test_indented_writes_what_json_writes(value):
    expected = json.dumps(value, ensure_ascii=False, indent=2)
    assert indented(value) == expected
    assert indented(value, "\n    ") == expected.replace("\n", "\n    ")
    assert indented(value, indent=" ") == json.dumps(value, ensure_ascii=False, indent=1)
