"""The dataset interchange format: export, validation, import, idempotence, round trip."""

from __future__ import annotations

import copy
import io
import json
from decimal import Decimal
from pathlib import Path

import jsonschema
import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import IntegrityError, transaction
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st
from place_consistency import stale_places

from documents.domain import vocabulary
from documents.interchange import schema as ix_schema
from documents.interchange.bulk import Inserter, prepare_without_writing
from documents.interchange.export import build_dataset, decimal, dumps
from documents.interchange.importer import DatasetError, import_dataset, parse_text
from documents.models import (
    Document,
    DocumentLink,
    Event,
    EventParticipant,
    Figure,
    IssuingBody,
    Locality,
    Source,
    SourceMention,
    Target,
    Topic,
)
from documents.models.sources import EVENT_KINDS, PARTICIPANT_ROLES, SOURCE_KINDS

SCHEMA_FILE = Path(settings.BASE_DIR) / "docs" / "interchange.schema.json"
# A text's link proposals are the editors' working state, not catalogue facts (docs/TEXT.md).
#: Extraction jobs are the machine's work, not data (a text's provisions are derived from it
#: on import: they are compared like every derived column).
NOT_INTERCHANGED = {"DocumentFile", "TextLinkProposal", "ExtractionJob"}
CATALOGUE_MODELS = [
    m for m in apps.get_app_config("documents").get_models()
    # A document's files travel as metadata only (their bytes are in backups, docs/FILES.md):
    # the import creates none; tests/test_backup_files.py covers them.
    if not m.__name__.startswith("Hist") and m.__name__ not in NOT_INTERCHANGED
]


# --- helpers -----------------------------------------------------------------------------


def export_text() -> str:
    out = io.StringIO()
    call_command("export_dataset", stdout=out)
    return out.getvalue()


def snapshot() -> tuple[str, dict]:
    """What 'the database is unchanged' is compared on: the export and every table's size."""
    return dumps(build_dataset()), {m.__name__: m.objects.count() for m in CATALOGUE_MODELS}


def run_import(tmp_path, content, *args) -> str:
    """Run ``import_dataset`` on *content* (a dict or raw text); return its output.
    Raises ``CommandError`` (with the error lines in ``.stderr``) when the file is refused."""
    path = tmp_path / "dataset.json"
    text = content if isinstance(content, str) else json.dumps(content, ensure_ascii=False)
    path.write_text(text, encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_dataset", str(path), *args, stdout=out, stderr=err)
    except CommandError as exc:
        exc.stderr = err.getvalue()
        raise
    return out.getvalue()


def refused(tmp_path, content, *args) -> list[str]:
    """Import *content*, expect it to be refused without any change; return the error lines."""
    before = snapshot()
    with pytest.raises(CommandError, match="nothing was imported") as info:
        run_import(tmp_path, content, *args)
    assert snapshot() == before, "a refused file must not change the database"
    prefix = str(tmp_path / "dataset.json") + ": "
    return [line.removeprefix(prefix) for line in info.value.stderr.splitlines()]


def empty_database() -> None:
    """Delete every catalogue object (the historical records stay; the export ignores them)."""
    EventParticipant.objects.all().delete()
    Event.objects.all().delete()
    Figure.objects.all().delete()
    DocumentLink.objects.all().delete()
    SourceMention.objects.all().delete()
    Target.objects.all().delete()
    Document.objects.all().delete()
    Source.objects.all().delete()
    IssuingBody.objects.update(parent=None, successor=None)
    for model in CATALOGUE_MODELS:
        if model is not Locality:
            model.objects.all().delete()
    Locality.successors.through.objects.all().delete()
    while Locality.objects.exists():  # leaves first (parent is PROTECT)
        Locality.objects.filter(children__isnull=True).delete()
    assert all(m.objects.count() == 0 for m in CATALOGUE_MODELS)


def empty_file(**collections) -> dict:
    data = {"format": "vn-personnel-policy-catalogue", "version": 1}
    data.update({name: [] for name in ix_schema.COLLECTIONS})
    data.update(collections)
    return data


def new_document(slug="ke-hoach-moi", **fields) -> dict:
    doc = {"slug": slug, "doc_type": "ke_hoach", "title": "Kế hoạch mới về công tác cán bộ"}
    doc.update(fields)
    return doc


# --- the schema ------------------------------------------------------------------------------


def test_the_code_validates_against_the_shipped_schema_file():
    assert ix_schema.SCHEMA_PATH == SCHEMA_FILE
    shipped = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    assert ix_schema.load_schema() == shipped
    jsonschema.Draft202012Validator.check_schema(shipped)


def test_schema_vocabularies_match_the_catalogue():
    defs = ix_schema.load_schema()["$defs"]

    def enum(definition, field):
        return defs[definition]["properties"][field]["enum"]

    assert enum("document", "doc_type") == [t.key for t in vocabulary.DOCUMENT_TYPES]
    assert enum("document", "status") == [t.key for t in vocabulary.STATUSES]
    assert enum("link", "kind") == [k.key for k in vocabulary.LINK_KINDS]
    assert enum("body", "kind") == [t.key for t in vocabulary.BODY_KINDS]
    assert enum("locality", "kind") == [t.key for t, _ in vocabulary.LOCALITY_KINDS]
    assert enum("indicator", "unit") == [t.key for t in vocabulary.UNITS]
    assert enum("target", "comparator") == [t.key for t in vocabulary.COMPARATORS]
    assert enum("source", "kind") == [t.key for t in SOURCE_KINDS]
    assert enum("event", "kind") == [t.key for t in EVENT_KINDS]
    assert enum("participant", "role") == [t.key for t in PARTICIPANT_ROLES]


def test_decimals_are_written_without_exponent_or_trailing_zeros():
    assert decimal(Decimal("17.9000")) == "17.9"
    assert decimal(Decimal("100.0000")) == "100"
    assert decimal(Decimal("0E-4")) == "0"
    assert decimal(Decimal("11.473")) == "11.473"
    assert decimal(None) is None


# --- export ----------------------------------------------------------------------------------


def test_export_parses_and_validates_against_the_schema(seed):
    text = export_text()
    assert text.endswith("}\n")
    data = json.loads(text)
    jsonschema.validate(data, json.loads(SCHEMA_FILE.read_text(encoding="utf-8")))
    assert data["format"] == "vn-personnel-policy-catalogue" and data["version"] == 1
    assert len(data["documents"]) == Document.objects.count() > 0
    assert len(data["links"]) == DocumentLink.objects.count()
    assert "Thành ủy" in text or "Thành uỷ" in text  # not \\u-escaped
    slugs = [d["slug"] for d in data["documents"]]
    assert slugs == sorted(slugs)
    # no database ids or timestamps
    for key in ("id", "pk", "created_at", "updated_at", "search_text", "symbol_key", "path"):
        assert f'"{key}":' not in text


def test_export_to_a_file_and_deterministic(seed, tmp_path):
    target = tmp_path / "out.json"
    call_command("export_dataset", "-o", str(target), stderr=io.StringIO())
    assert target.read_text(encoding="utf-8") == export_text() == export_text()


def test_export_covers_every_field_kind(rich):
    data = json.loads(export_text())
    jsonschema.validate(data, ix_schema.load_schema())
    da34 = next(d for d in data["documents"] if d["slug"] == "34-da-tu-2023")
    assert da34["term"] == {"body": "thanh-uy-ha-noi", "name": "khóa XVII"}
    assert [t["value"] for t in da34["targets"]] == ["10", "54.16"]
    assert da34["targets"][0]["baseline_value"] == "17.9"
    assert da34["targets"][1]["deadline"] == "2030-12-31"
    qd = next(d for d in data["documents"] if d["slug"] == rich["qd"].slug)
    assert (qd["symbol"], qd["symbol_as_written"]) == ("1234/QĐ-UBND", "số 1234 /QĐ–UBND")
    blank_key = f"source-{rich['article'].pk}"
    assert blank_key in [s["reference"] for s in data["sources"]]
    assert da34["mentions"] == [{"source": blank_key, "quote": "Đề án 34-ĐA/TU",
                                 "provision": "", "note": "", "editorial_note": ""}]
    long_bien = next(x for x in data["localities"] if x["slug"] == "long-bien")
    assert long_bien["successors"] == ["long-bien-moi"]
    assert data["figures"][0]["value"] == "11.473"
    assert data["events"][0]["participants"] == [
        {"person": "phan-van-mai", "role": "chair", "title": "Bí thư"}
    ]


# --- round trip and idempotence ------------------------------------------------------------------


def test_round_trip_of_the_seed_is_byte_identical(seed, tmp_path):
    first = export_text()
    empty_database()
    output = run_import(tmp_path, first)
    assert "nothing to change" not in output
    assert export_text() == first


def test_round_trip_of_every_field_kind(rich, tmp_path):
    first = export_text()
    empty_database()
    run_import(tmp_path, first)
    assert export_text() == first
    qd = Document.objects.get(symbol="1234/QĐ-UBND")
    assert qd.symbol_key and qd.search_text and qd.number == "1234"  # derived by save()
    assert Locality.objects.get(slug="long-bien").path.count("/") == 4
    assert Document.objects.filter(place_1__isnull=False).exists()
    assert stale_places() == []  # every document's stored place ancestors


def test_imported_objects_hold_what_their_save_computes(rich, tmp_path):
    """New objects are prepared by their model's save() without the write and inserted in bulk:
    what is stored is what save() computes (saving any of them again would change nothing)."""
    text = export_text()
    empty_database()
    run_import(tmp_path, text)
    for model in CATALOGUE_MODELS:
        names = [f.attname for f in model._meta.concrete_fields]
        objs = list(model.objects.all())
        assert objs, model
        for obj in objs:
            stored = {a: getattr(obj, a) for a in names}
            prepare_without_writing(obj)
            assert {a: getattr(obj, a) for a in names} == stored, (model.__name__, obj.pk)


def test_every_imported_object_has_its_history_rows(rich, tmp_path):
    text = export_text()
    empty_database()
    tracked_models = [m for m in CATALOGUE_MODELS if hasattr(m, "history")]
    old = {m: set(m.history.values_list("history_id", flat=True)) for m in tracked_models}
    run_import(tmp_path, text)
    for model in tracked_models:
        tracked = [f.attname for f in model.history.model.tracked_fields]
        rows: dict[int, list] = {}
        for h in model.history.exclude(history_id__in=old[model]).order_by("history_id"):
            rows.setdefault(h.id, []).append(h)
        assert set(rows) == set(model.objects.values_list("pk", flat=True)), model
        for obj in model.objects.all():
            history = rows[obj.pk]  # "+", perhaps followed by a change (a later successor)
            assert [h.history_type for h in history][:1] == ["+"]
            assert {h.history_change_reason for h in history} == {"import_dataset"}
            assert {a: getattr(history[-1], a) for a in tracked} == \
                {a: getattr(obj, a) for a in tracked}, (model.__name__, obj.pk)


def test_a_moved_locality_moves_the_places_of_new_documents_below_it(docs, tmp_path):
    data = empty_file(
        localities=[
            {"slug": "ho-chi-minh", "name": "Hồ Chí Minh", "kind": "city", "parent": "viet-nam"},
            {"slug": "long-bien", "name": "Long Biên", "kind": "urban_district",
             "parent": "ho-chi-minh"},
        ],
        documents=[new_document(locality="viet-hung"), new_document("ke-hoach-2",
                                                                   locality="ha-noi")],
    )
    # the move is a conflict (the database says Hà Nội) that the file's value wins
    run_import(tmp_path, data, "--replace-only", "localities/long-bien")
    hcm = Locality.objects.get(slug="ho-chi-minh")
    assert Locality.objects.get(slug="viet-hung").path.startswith(hcm.path)
    assert Document.objects.get(slug="ke-hoach-moi").place_1_id == hcm.pk
    assert stale_places() == []


def test_a_query_while_rows_are_copied_fails_at_once(db):
    """Inserter.stream() holds the connection in a COPY: a query there would wait forever."""
    with pytest.raises(RuntimeError, match="while rows are being copied"), \
            transaction.atomic(), Inserter("test").stream(Topic, 1) as add:
        add(Topic(slug="t", name="T"))
        Topic.objects.count()
    assert not Topic.objects.exists()


def test_a_database_error_while_inserting_in_bulk_is_djangos(db):
    Topic.objects.create(slug="t", name="T")
    with pytest.raises(IntegrityError), transaction.atomic(), \
            Inserter("test").stream(Topic, 1) as add:
        add(Topic(slug="t", name="T2"))
    assert list(Topic.objects.values_list("name", flat=True)) == ["T"]


def test_importing_twice_changes_nothing(seed, tmp_path):
    text = export_text()
    empty_database()
    run_import(tmp_path, text)
    before = snapshot()
    stamps = list(Document.objects.order_by("pk").values_list("updated_at", flat=True))
    history = Document.history.count()
    output = run_import(tmp_path, text)
    assert "nothing to change" in output
    lines = output.splitlines()[:-1]
    assert f"documents: 0 created, 0 updated, {Document.objects.count()} unchanged" in lines
    for line in lines:
        assert " 0 created, 0 updated," in line, line
    assert snapshot() == before
    # nothing was saved again: same timestamps, no new history entries
    assert list(Document.objects.order_by("pk").values_list("updated_at", flat=True)) == stamps
    assert Document.history.count() == history


def test_importing_the_export_into_the_same_database_changes_nothing(rich, tmp_path):
    before = snapshot()
    output = run_import(tmp_path, export_text())
    assert "nothing to change" in output
    assert snapshot() == before


def test_an_edited_file_updates_in_place(rich, tmp_path):
    data = json.loads(export_text())
    doc = next(d for d in data["documents"] if d["slug"] == "34-da-tu-2023")
    doc["title"] = "Trích yếu đã sửa"
    doc["targets"] = doc["targets"][:1]
    pk = rich["da34"].pk
    output = run_import(tmp_path, data, "--replace")
    assert "documents: 0 created, 1 updated" in output
    assert "1 deleted" in output
    da34 = Document.objects.get(slug="34-da-tu-2023")
    assert (da34.pk, da34.title, da34.targets.count()) == (pk, "Trích yếu đã sửa", 1)
    assert "tri ch yeu" not in da34.search_text and "trich yeu da sua" in da34.search_text


# --- broken files -----------------------------------------------------------------------------


def test_invalid_json_reports_line_and_column(seed, tmp_path):
    text = export_text()
    errors = refused(tmp_path, text[: len(text) // 2])
    assert len(errors) == 1
    assert errors[0].startswith("line ") and ", column " in errors[0]
    assert "invalid JSON" in errors[0]


def test_wrong_types_are_reported_with_their_pointer(seed, tmp_path):
    data = json.loads(export_text())
    data["documents"][2]["title"] = 12
    data["documents"][3]["issued_year"] = "2021"
    data["documents"][4]["targets"] = {}
    data["figures"][0]["value"] = 17.9
    data["links"][0]["inferred"] = "yes"
    errors = refused(tmp_path, data)
    assert "/documents/2/title: expected string, got 12" in errors
    assert '/documents/3/issued_year: expected integer or null, got "2021"' in errors
    assert "/documents/4/targets: expected array, got {}" in errors
    assert "/figures/0/value: expected string, got 17.9" in errors
    assert '/links/0/inferred: expected boolean, got "yes"' in errors


def test_unknown_vocabulary_and_fields_and_missing_fields(seed, tmp_path):
    data = json.loads(export_text())
    data["documents"][0]["doc_type"] = "sac_lenh"
    data["documents"][1]["colour"] = "red"
    del data["bodies"][0]["kind"]
    errors = refused(tmp_path, data)
    assert any(e.startswith('/documents/0/doc_type: "sac_lenh" is not a known value (one of: '
                            "nghi_quyet,") for e in errors)
    assert '/documents/1: unknown field "colour"' in errors
    assert '/bodies/0: missing required field "kind"' in errors


def test_unknown_references(seed, tmp_path):
    data = json.loads(export_text())
    data["documents"][3]["issuing_body"] = "ban-xyz"
    data["documents"][5]["topics"] = ["khong-co"]
    data["documents"][6]["term"] = {"body": "thanh-uy-ha-noi", "name": "khóa XC"}
    data["links"][0]["source"] = "seeds/none.txt"
    data["events"][0]["participants"][0]["person"] = "nguoi-la"
    errors = refused(tmp_path, data)
    assert '/documents/3/issuing_body: unknown body "ban-xyz"' in errors
    assert '/documents/5/topics/0: unknown topic "khong-co"' in errors
    assert '/documents/6/term: unknown term "khóa XC" of body "thanh-uy-ha-noi"' in errors
    assert '/links/0/source: unknown source "seeds/none.txt"' in errors
    assert '/events/0/participants/0/person: unknown person "nguoi-la"' in errors


def test_duplicate_document_slugs(seed, tmp_path):
    data = json.loads(export_text())
    slug = data["documents"][4]["slug"]
    data["documents"][7]["slug"] = slug
    errors = refused(tmp_path, data)
    assert f'/documents/7/slug: duplicate document slug "{slug}" (first at /documents/4/slug)' \
        in errors


def test_percent_target_of_140(seed, tmp_path):
    data = json.loads(export_text())
    i, doc = next((i, d) for i, d in enumerate(data["documents"])
                  if any(t["unit"] == "percent" for t in d["targets"]))
    j = next(j for j, t in enumerate(doc["targets"]) if t["unit"] == "percent")
    doc["targets"][j]["value"] = "140"
    errors = refused(tmp_path, data)
    assert f"/documents/{i}/targets/{j}/value: Tỷ lệ phần trăm phải nằm trong khoảng 0–100." \
        in errors


def test_link_to_itself(seed, tmp_path):
    data = json.loads(export_text())
    link = data["links"][2]
    link["to"] = link["from"]
    errors = refused(tmp_path, data)
    assert "/links/2/to: Một văn bản không thể liên kết với chính nó." in errors


def test_unparseable_symbol(seed, tmp_path):
    data = json.loads(export_text())
    i = next(i for i, d in enumerate(data["documents"]) if d["symbol"])
    data["documents"][i]["symbol"] = "abc-xyz"
    errors = refused(tmp_path, data)
    assert any(e.startswith(f"/documents/{i}/symbol: Số ký hiệu “abc-xyz” không đúng dạng")
               for e in errors)


def test_values_the_models_would_refuse(rich, tmp_path):
    data = json.loads(export_text())
    da = next(i for i, d in enumerate(data["documents"]) if d["slug"] == "34-da-tu-2023")
    data["documents"][da]["effective_from"] = "2024-01-10"
    data["documents"][da]["effective_to"] = "2023-01-01"
    data["documents"][da]["issued_date"] = "2023-02-30"
    data["documents"][da]["doc_type"] = "ke_hoach"  # 34-ĐA/TU is a Đề án
    data["figures"][0]["total"] = "1"
    data["bodies"][0]["successor"] = data["bodies"][0]["slug"]
    data["localities"][0]["parent"] = data["localities"][0]["slug"]
    errors = refused(tmp_path, data)
    p = f"/documents/{da}"
    assert f"{p}/effective_to: Ngày hết hiệu lực không thể trước ngày có hiệu lực." in errors
    assert f'{p}/issued_date: "2023-02-30" is not a valid date' in errors
    assert any(e.startswith(f"{p}/doc_type: Mã loại “ĐA”") for e in errors)
    assert "/figures/0/total: Tổng số không thể nhỏ hơn giá trị." in errors
    assert "/bodies/0/successor: Một cơ quan không thể kế thừa chính nó." in errors
    assert "/localities/0/parent: Một địa bàn không thể thuộc chính nó." in errors


def test_symbol_already_used_in_the_database(docs, tmp_path):
    data = empty_file(documents=[new_document(
        slug="nq04-ban-sao", symbol="04-NQ/TU", doc_type="nghi_quyet",
        issuing_body="thanh-uy-ha-noi", term={"body": "thanh-uy-ha-noi", "name": "khóa XVII"},
    )])
    errors = refused(tmp_path, data)
    assert errors[0].startswith('/documents/0/symbol: the database already has document '
                                f'"{docs["nq04"].slug}"')


def test_every_error_is_reported_at_once(seed, tmp_path):
    data = json.loads(export_text())
    data["documents"][0]["title"] = 1
    data["documents"][1]["issuing_body"] = "ban-xyz"
    data["links"][0]["to"] = data["links"][0]["from"]
    errors = refused(tmp_path, data)
    assert len(errors) == 3
    assert [e.split(":")[0] for e in errors] == ["/documents/0/title",
                                                "/documents/1/issuing_body", "/links/0/to"]


def test_unknown_version_and_format_are_refused(tmp_path, db):
    assert refused(tmp_path, {**empty_file(), "version": 2}) == [
        "/version: unsupported format version 2 (this importer reads version 1)"
    ]
    assert refused(tmp_path, {**empty_file(), "format": "other"})[0].startswith("/format:")
    assert refused(tmp_path, [1, 2]) == ["/: the file must hold a JSON object"]


def test_a_late_database_error_rolls_everything_back(docs, tmp_path, monkeypatch):
    from documents.interchange.writing import Writer

    def boom(self):
        raise RuntimeError("database went away")

    monkeypatch.setattr(Writer, "write_links", boom)
    data = empty_file(
        topics=[{"slug": "moi", "name": "Chủ đề mới"}],
        documents=[new_document()],
    )
    before = snapshot()
    with pytest.raises(RuntimeError):
        import_dataset(parse_text(json.dumps(data)))
    assert snapshot() == before


# --- references across the file and the database ---------------------------------------------


def test_link_to_a_document_already_in_the_database(docs, tmp_path):
    data = empty_file(
        documents=[new_document(issuing_body="thanh-uy-ha-noi")],
        links=[{"from": "ke-hoach-moi", "kind": "implements", "to": docs["nq04"].slug}],
    )
    output = run_import(tmp_path, data)
    assert "documents: 1 created" in output and "links: 1 created" in output
    link = DocumentLink.objects.get()
    assert (link.from_document.slug, link.to_document_id) == ("ke-hoach-moi", docs["nq04"].pk)
    assert link.from_document.locality.slug == "ha-noi"  # derived from the body by save()
    assert "nothing to change" in run_import(tmp_path, data)


def test_create_missing_as_reference(docs, tmp_path):
    link = {"from": docs["da34"].slug, "kind": "based_on", "to": "ke-hoach-chua-co",
            "to_symbol": "12-KH/TU", "to_type": "ke_hoach", "to_title": "Kế hoạch số 12"}
    bare = {"from": docs["da34"].slug, "kind": "references", "to": "van-ban-khac"}
    typed = {"from": docs["nq04"].slug, "kind": "based_on", "to": "nq-12", "to_symbol": "12-NQ/TW"}
    data = empty_file(links=[link, bare, typed])
    errors = refused(tmp_path, data)
    assert errors[0].startswith('/links/0/to: unknown document "ke-hoach-chua-co"')
    assert errors[1].startswith('/links/1/to: unknown document "van-ban-khac"')

    output = run_import(tmp_path, data, "--create-missing-as-reference")
    assert "by-reference documents created: 3" in output
    made = Document.objects.get(slug="ke-hoach-chua-co")
    assert made.known_by_reference
    assert (made.doc_type, made.title, made.symbol) == ("ke_hoach", "Kế hoạch số 12", "12-KH/TU")
    other = Document.objects.get(slug="van-ban-khac")
    assert (other.doc_type, other.title, other.known_by_reference) == (
        "khac", "van-ban-khac", True)
    assert docs["da34"].outgoing_links.count() == 2
    typed_doc = Document.objects.get(slug="nq-12")  # type from the symbol's code
    assert (typed_doc.doc_type, typed_doc.title, typed_doc.symbol) == (
        "nghi_quyet", "12-NQ/TW", "12-NQ/TW")
    # the second time the documents exist: nothing to create, nothing to change
    assert "nothing to change" in run_import(tmp_path, data, "--create-missing-as-reference")
    assert "nothing to change" in run_import(tmp_path, data)


def test_a_source_without_reference_matches_its_exported_key(rich, tmp_path):
    data = json.loads(export_text())
    key = f"source-{rich['article'].pk}"
    source = next(s for s in data["sources"] if s["reference"] == key)
    source["author"] = "Phóng viên"
    output = run_import(tmp_path, data)
    assert "sources: 0 created, 1 updated" in output
    rich["article"].refresh_from_db()
    assert (rich["article"].author, rich["article"].reference) == ("Phóng viên", "")


def test_dry_run_writes_nothing(tmp_path, db):
    data = empty_file(topics=[{"slug": "moi", "name": "Chủ đề mới"}])
    output = run_import(tmp_path, data, "--dry-run")
    assert "topics/moi: added" in output
    assert "would make 1 object added, 0 fields filled, 0 replaced, 0 in conflict; nothing " \
           "written (--dry-run)" in output
    assert not Topic.objects.exists()


# --- the fast schema gate agrees with jsonschema ------------------------------------------------

_json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 40000) | st.floats(allow_nan=False)
    | st.sampled_from(["", "x", "2023-02-30", "17.9", "ban-xyz", "khac", "a/b", "1" * 700]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner,
                                                                max_size=3),
    max_leaves=6,
)

_SAMPLE_DOCUMENT = {
    "slug": "188-kh-tu-2023", "symbol": "188-KH/TU", "symbol_as_written": "số 188-KH/TU",
    "doc_type": "ke_hoach", "title": "Kế hoạch", "summary": "", "issuing_body": "btv",
    "term": {"body": "thanh-uy", "name": "khóa XVII"}, "locality": None, "signer": None,
    "signer_title": "", "issued_date": "2023-11-06", "issued_year": 2023, "date_note": "",
    "effective_from": None, "effective_to": None, "period_start": 2023, "period_end": 2025,
    "status": "in_force", "known_by_reference": False, "topics": ["a", "b"],
    "targets": [{"indicator": "x", "value": "10", "unit": "percent", "baseline_value": None,
                 "deadline": "2025-12-31", "position": 0}],
    "mentions": [{"source": "seeds/000.txt", "quote": "q", "note": ""}],
}


def _paths(value, prefix=()):
    yield prefix
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _paths(v, (*prefix, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _paths(v, (*prefix, i))


@hsettings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_fast_gate_agrees_with_jsonschema(data):
    item = copy.deepcopy(_SAMPLE_DOCUMENT)
    path = data.draw(st.sampled_from(list(_paths(item))[1:]))
    parent = item
    for key in path[:-1]:
        parent = parent[key]
    action = data.draw(st.sampled_from(["replace", "delete", "add"]))
    if action == "replace" or isinstance(parent, list):
        parent[path[-1]] = data.draw(_json_values)
    elif action == "delete":
        del parent[path[-1]]
    else:
        parent[data.draw(st.text(max_size=4))] = data.draw(_json_values)
    fast = ix_schema.item_predicate("document")(item)
    slow = ix_schema.item_validator("document").is_valid(item)
    assert fast == slow, item


def test_fast_gate_accepts_every_exported_item(rich):
    data = build_dataset()
    for name, definition in ix_schema.ITEM_DEFINITIONS.items():
        for item in data[name]:
            assert ix_schema.item_predicate(definition)(item), (name, item)


def test_schema_errors_for_an_item_the_gate_rejects_come_from_jsonschema():
    item = copy.deepcopy(_SAMPLE_DOCUMENT)
    item["targets"][0]["value"] = 17
    errors = list(ix_schema.iter_schema_errors({**empty_file(), "documents": [item]}))
    assert [path for path, _e in errors] == [["documents", 0, "targets", 0, "value"]]


def test_dataset_error_lists_every_problem():
    with pytest.raises(DatasetError) as info:
        parse_text(b"{\n  \"format\": ")
    assert str(info.value).startswith("line 2, column 13: invalid JSON")


# --- symbols and issuers as real documents write them (issue 14) ---------------------------


def _central_bodies() -> list[dict]:
    def body(slug, name, code, kind, **extra):
        return {"slug": slug, "name": name, "code": code, "kind": kind,
                "locality": "viet-nam", **extra}

    return [
        body("quoc-hoi", "Quốc hội", "QH", "national_assembly",
             terms=[{"name": "khóa XIV", "number": 14}]),  # years unknown: left out
        body("bo-noi-vu", "Bộ Nội vụ", "BNV", "ministry"),
        body("bo-tai-chinh", "Bộ Tài chính", "BTC", "ministry"),
        body("bch-tw", "Ban Chấp hành Trung ương", "TW", "party_committee"),
        body("ban-to-chuc-tw", "Ban Tổ chức Trung ương", "BTCTW", "party_board"),
        body("van-phong-tw", "Văn phòng Trung ương Đảng", "VPTW", "party_board"),
        body("van-phong-qh", "Văn phòng Quốc hội", "VPQH", "other"),
    ]


REAL_SYMBOLS = [
    # (symbol as the source writes it, type, body, symbol stored, term stored)
    ("52/2019/QH14", "luat", "quoc-hoi", "52/2019/QH14", "khóa XIV"),
    ("80/2025/QH15", "luat", "quoc-hoi", "80/2025/QH15", None),
    ("22/2008/QH12", "luat", "quoc-hoi", "22/2008/QH12", None),
    ("58/2010/QH12", "luat", "quoc-hoi", "58/2010/QH12", None),
    ("41-QĐ/TƯ", "quy_dinh", "bch-tw", "41-QĐ/TW", None),
    ("50-QĐ/TƯ", "quy_dinh", "bch-tw", "50-QĐ/TW", None),
    ("16-HD/BTCTƯ", "huong_dan", "ban-to-chuc-tw", "16-HD/BTCTW", None),
    ("1814/BNV-TCBC", "cong_van", "bo-noi-vu", "1814/BNV-TCBC", None),
    ("5633/BNV-CQĐP", "cong_van", "bo-noi-vu", "5633/BNV-CQĐP", None),
    ("01/2015/TTLT-BNV-BTC", "thong_tu_lien_tich", "bo-noi-vu", "01/2015/TTLT-BNV-BTC", None),
    ("25/VBHN-VPQH", "van_ban_hop_nhat", "van-phong-qh", "25/VBHN-VPQH", None),
    ("39/QĐ-VPTW", "quyet_dinh", "van-phong-tw", "39/QĐ-VPTW", None),
]


def test_real_central_symbols_import_with_their_issuers_and_terms(places, tmp_path):
    documents = [
        new_document(slug=f"van-ban-{i}", symbol=written, doc_type=doc_type, issuing_body=body,
                     title=f"Văn bản thật số {i}")
        for i, (written, doc_type, body, _stored, _term) in enumerate(REAL_SYMBOLS)
    ]
    run_import(tmp_path, empty_file(bodies=_central_bodies(), documents=documents))
    for i, (written, doc_type, _body, stored, term) in enumerate(REAL_SYMBOLS):
        doc = Document.objects.select_related("term").get(slug=f"van-ban-{i}")
        assert (doc.symbol, doc.symbol_as_written, doc.doc_type) == (stored, written, doc_type)
        assert (doc.term.name if doc.term else None) == term, written
    khoa = Document.objects.get(symbol="52/2019/QH14").term
    assert (khoa.number, khoa.start_year, khoa.end_year, khoa.label) == (14, None, None,
                                                                          "khóa XIV")


def test_a_law_of_another_body_is_still_refused(places, tmp_path):
    data = empty_file(bodies=_central_bodies(), documents=[new_document(
        symbol="52/2019/QH14", doc_type="luat", issuing_body="bo-noi-vu")])
    errors = refused(tmp_path, data)
    assert errors == ['/documents/0/issuing_body: Mã cơ quan “QH14” trong số ký hiệu không '
                      'khớp với mã “BNV” của cơ quan ban hành.']
