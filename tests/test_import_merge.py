"""Importing into a catalogue that has data (issue 14): the file adds and fills what is empty;
a field it does not state is left alone; a field it states with another value is a conflict,
listed, and nothing is written unless ``--replace`` (or ``--replace-only`` the object) says so;
``--dry-run`` prints what would change, object by object."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from test_interchange import (
    empty_file,
    export_text,
    new_document,
    refused,
    run_import,
    snapshot,
)

from documents.interchange.importer import ImportConflicts, import_dataset
from documents.models import Document, IssuingBody, SourceMention, Target, Topic


def conflicts(tmp_path, content, *args) -> list[str]:
    """Import *content*, expect its conflicts to refuse it without any change; return the
    conflict lines (without the file name)."""
    before = snapshot()
    with pytest.raises(CommandError, match="conflicts? in .*: nothing was imported") as info:
        run_import(tmp_path, content, *args)
    assert "--replace" in str(info.value)
    assert snapshot() == before, "a file with a conflict must not change the database"
    prefix = str(tmp_path / "dataset.json") + ": "
    return [line.removeprefix(prefix) for line in info.value.stderr.splitlines()]


def dry_run(tmp_path, content, *args) -> tuple[list[str], bool]:
    """``--dry-run`` output lines (without the file name), and whether it exited non-zero;
    the database unchanged."""
    before = snapshot()
    path = tmp_path / "dataset.json"
    path.write_text(json.dumps(content, ensure_ascii=False), encoding="utf-8")
    out, failed = io.StringIO(), False
    try:
        call_command("import_dataset", str(path), "--dry-run", *args, stdout=out,
                     stderr=io.StringIO())
    except CommandError as exc:
        failed = True
        assert "an import would write nothing" in str(exc)
    output = out.getvalue()
    assert snapshot() == before
    prefix = str(tmp_path / "dataset.json") + ": "
    return [line.removeprefix(prefix) for line in output.splitlines()], failed


def _item(data: dict, collection: str, key: str) -> dict:
    field = "reference" if collection == "sources" else "slug"
    return next(item for item in data[collection] if item[field] == key)


# --- the regression, on the real seed ------------------------------------------------


def test_an_edited_export_of_the_seed_changes_nothing_it_does_not_state(seed, tmp_path):
    data = json.loads(export_text())
    # bodies without their English names and short names (left out of the file, or empty)
    named = [b["slug"] for b in data["bodies"] if b["name_en"] or b["short_name"]]
    assert len(named) >= 5
    for n, body in enumerate(data["bodies"]):
        if n % 2:
            body.update(name_en="", short_name="")
        else:
            body.pop("name_en")
            body.pop("short_name")
    # 04-NQ/TU without its status
    nq04 = Document.objects.get(symbol="04-NQ/TU")
    assert nq04.status != "unknown"
    _item(data, "documents", nq04.slug).pop("status")
    # two mentions dropped
    with_mentions = [d for d in data["documents"] if d["mentions"]][:2]
    for doc in with_mentions:
        doc["mentions"] = doc["mentions"][1:]
    before = snapshot()

    # six topics renamed: six conflicts, nothing else, nothing written
    renamed = data["topics"][:6]
    for topic in renamed:
        topic["name"] += " (tên khác)"
    lines = conflicts(tmp_path, data)
    assert lines == [
        f'topics/{t["slug"]} (/topics/{i}): conflict: name: the database has '
        f'{json.dumps(t["name"].removesuffix(" (tên khác)"), ensure_ascii=False)}, the file '
        f'{json.dumps(t["name"], ensure_ascii=False)}'
        for i, t in enumerate(renamed)
    ]

    # the topics as the database names them: nothing to change, nothing changed
    for topic in renamed:
        topic["name"] = topic["name"].removesuffix(" (tên khác)")
    assert "nothing to change" in run_import(tmp_path, data)
    assert snapshot() == before
    assert all(IssuingBody.objects.get(slug=s).name_en or IssuingBody.objects.get(slug=s)
               .short_name for s in named)
    assert Document.objects.get(pk=nq04.pk).status == nq04.status
    for doc in with_mentions:
        assert SourceMention.objects.filter(document__slug=doc["slug"]).count() == \
            len(doc["mentions"]) + 1


# --- merge: fill what is empty, keep what the file leaves out ----------------------------------


def test_a_file_fills_empty_fields_and_adds_to_lists(rich, tmp_path):
    nq04 = rich["da34"].outgoing_links.get().to_document
    assert (nq04.summary, nq04.effective_from) == ("", None)
    data = empty_file(
        bodies=[{"slug": "thanh-uy-ha-noi", "name": "Thành ủy Hà Nội", "kind": "party_committee",
                 "locality": "ha-noi", "name_en": "Hanoi Party Committee"}],
        documents=[
            {"slug": nq04.slug, "doc_type": "nghi_quyet", "title": nq04.title,
             "summary": "Nghị quyết về cán bộ", "effective_from": "2021-05-31",
             "topics": ["thi-tuyen"],
             "mentions": [{"source": "arch/2023-01", "quote": "Nghị quyết 04"}]},
            {"slug": rich["da34"].slug, "doc_type": "de_an", "title": rich["da34"].title,
             "mentions": [{"source": f"source-{rich['article'].pk}", "note": "trang 2"}]},
        ],
    )
    lines, failed = dry_run(tmp_path, data)
    assert not failed
    assert lines[:-1] == [
        'bodies/thanh-uy-ha-noi: filled: name_en: "" -> "Hanoi Party Committee"',
        f'documents/{nq04.slug}: filled: summary: "" -> "Nghị quyết về cán bộ"',
        f'documents/{nq04.slug}: filled: effective_from: null -> "2021-05-31"',
        f"documents/{nq04.slug}: added: topics/thi-tuyen",
        f"documents/{nq04.slug}: added: mentions/arch/2023-01",
        f'documents/{rich["da34"].slug}: filled: mentions/source-{rich["article"].pk}/note: '
        '"" -> "trang 2"',
    ]
    assert lines[-1].startswith("would make 0 objects added, 4 fields filled, 0 replaced, "
                                "0 in conflict, 2 list items added; nothing written")

    output = run_import(tmp_path, data)
    assert "bodies: 0 created, 1 updated" in output
    assert "documents: 0 created, 1 updated" in output  # da34: one of its mentions
    assert "mentions: 1 created, 1 updated" in output
    nq04.refresh_from_db()
    assert (nq04.summary, str(nq04.effective_from), nq04.status) == (
        "Nghị quyết về cán bộ", "2021-05-31", "in_force")  # status: not in the file, kept
    assert list(nq04.topics.values_list("slug", flat=True)) == ["thi-tuyen"]
    assert nq04.mentions.count() == 1
    da34 = Document.objects.get(pk=rich["da34"].pk)
    # the lists the file leaves out or lists in part are kept whole
    assert (da34.targets.count(), da34.mentions.get().quote, da34.mentions.get().note) == (
        2, "Đề án 34-ĐA/TU", "trang 2")
    body = IssuingBody.objects.get(slug="thanh-uy-ha-noi")
    assert (body.name_en, body.code) == ("Hanoi Party Committee", "TU")  # code: not stated
    assert "nothing to change" in run_import(tmp_path, data)


def test_an_empty_value_in_the_file_keeps_the_stored_one_unless_replaced(rich, tmp_path):
    qd = rich["qd"]
    item = {"slug": qd.slug, "doc_type": "quyet_dinh", "title": qd.title, "date_note": "",
            "signer": None, "status": "unknown", "topics": []}
    data = empty_file(documents=[item])
    assert "nothing to change" in run_import(tmp_path, data)
    qd.refresh_from_db()
    assert (qd.date_note, qd.signer_id, qd.status, qd.topics.count()) == (
        "năm suy ra từ ngữ cảnh", rich["signer"].pk, "in_force", 1)

    run_import(tmp_path, data, "--replace")
    qd.refresh_from_db()
    assert (qd.date_note, qd.signer_id, qd.status, qd.topics.count()) == ("", None, "unknown", 0)
    assert qd.effective_from is not None  # not in the file: never touched


def test_a_by_reference_document_is_filled_by_its_full_record(docs, tmp_path):
    link = {"from": docs["da34"].slug, "kind": "based_on", "to": "quy-dinh-07",
            "to_title": "Quy định 07"}
    run_import(tmp_path, empty_file(links=[link]), "--create-missing-as-reference")
    full = new_document("quy-dinh-07", doc_type="quy_dinh", symbol="07-QĐ/TU",
                        title="Quy định 07", issuing_body="btv-thanh-uy-ha-noi",
                        issued_date="2021-08-16", known_by_reference=False)
    lines, failed = dry_run(tmp_path, empty_file(documents=[full]))
    assert not failed
    assert 'documents/quy-dinh-07: filled: doc_type: "khac" -> "quy_dinh"' in lines
    assert "documents/quy-dinh-07: filled: known_by_reference: true -> false" in lines
    run_import(tmp_path, empty_file(documents=[full]))
    doc = Document.objects.get(slug="quy-dinh-07")
    assert (doc.doc_type, doc.symbol, doc.known_by_reference, doc.issuing_body.slug) == (
        "quy_dinh", "07-QĐ/TU", False, "btv-thanh-uy-ha-noi")


# --- conflicts: every one listed, nothing written ------------------------------------------


def _conflicting_file(rich) -> dict:
    data = json.loads(export_text())
    da34 = _item(data, "documents", rich["da34"].slug)
    da34["status"] = "expired"
    da34["targets"][0]["value"] = "12"
    da34["mentions"][0]["quote"] = "Đề án số 34"
    data["links"][0]["quote"] = "thực hiện Nghị quyết"
    _item(data, "bodies", "quan-uy-long-bien")["code"] = "QUY"
    data["topics"].append({"slug": "moi", "name": "Chủ đề mới"})  # new: not written either
    return data


def test_every_conflict_is_listed_and_nothing_is_written(rich, tmp_path):
    data = _conflicting_file(rich)
    slug, article = rich["da34"].slug, rich["article"].pk
    i = next(n for n, d in enumerate(data["documents"]) if d["slug"] == slug)
    b = next(n for n, d in enumerate(data["bodies"]) if d["slug"] == "quan-uy-long-bien")
    assert conflicts(tmp_path, data) == [
        f'bodies/quan-uy-long-bien (/bodies/{b}): conflict: code: the database has "QU", '
        'the file "QUY"',
        f'documents/{slug} (/documents/{i}): conflict: status: the database has "in_force", '
        'the file "expired"',
        f'documents/{slug} (/documents/{i}): conflict: targets/0/value: the database has '
        '"10", the file "12"',
        f'documents/{slug} (/documents/{i}): conflict: mentions/source-{article}/quote: the '
        'database has "Đề án 34-ĐA/TU", the file "Đề án số 34"',
        f"links/{slug}/implements/{rich['da34'].outgoing_links.get().to_document.slug} "
        "(/links/0): conflict: quote: the database has \"triển khai Nghị quyết 04-NQ/TU\", "
        'the file "thực hiện Nghị quyết"',
    ]
    assert not Topic.objects.filter(slug="moi").exists()
    with pytest.raises(ImportConflicts) as info:
        import_dataset(data)
    assert len(info.value.changes.conflicts) == 5


def test_replace_lets_the_file_win_for_what_it_states(rich, tmp_path):
    data = _conflicting_file(rich)
    da34 = _item(data, "documents", rich["da34"].slug)
    da34.pop("summary")
    da34["targets"] = da34["targets"][:1]
    Document.objects.filter(pk=rich["da34"].pk).update(summary="Tóm tắt")
    output = run_import(tmp_path, data, "--replace")
    assert "targets: 0 created, 1 updated, 0 unchanged, 1 deleted" in output
    doc = Document.objects.get(pk=rich["da34"].pk)
    assert (doc.status, doc.summary, doc.mentions.get().quote) == (
        "expired", "Tóm tắt", "Đề án số 34")  # summary: not in the file, kept
    assert [str(t.value) for t in Target.objects.filter(document=doc)] == ["12.0000"]
    assert IssuingBody.objects.get(slug="quan-uy-long-bien").code == "QUY"
    assert Topic.objects.filter(slug="moi").exists()


def test_replace_only_names_the_objects_whose_values_win(docs, tmp_path):
    data = empty_file(documents=[
        {"slug": docs["nq04"].slug, "doc_type": "nghi_quyet", "title": "Tên mới 04"},
        {"slug": docs["da34"].slug, "doc_type": "de_an", "title": "Tên mới 34"},
    ])
    lines = conflicts(tmp_path, data, "--replace-only", f"documents/{docs['nq04'].slug}")
    assert [line.split(" (")[0] for line in lines] == [f"documents/{docs['da34'].slug}"]
    run_import(tmp_path, data, "--replace-only", f"documents/{docs['nq04'].slug}",
               "--replace-only", f"documents/{docs['da34'].slug}")
    assert set(Document.objects.values_list("title", flat=True)) == {"Tên mới 04", "Tên mới 34"}


# --- --dry-run ----------------------------------------------------------------------------


def test_dry_run_prints_each_object_and_its_conflicts(rich, tmp_path):
    data = _conflicting_file(rich)
    data["documents"].append(new_document(issuing_body="thanh-uy-ha-noi"))
    lines, failed = dry_run(tmp_path, data)
    assert failed  # a conflict: the import would write nothing
    data_lines = [line for line in lines if not line.startswith("would make")]
    assert "topics/moi: added" in data_lines
    assert "documents/ke-hoach-moi: added" in data_lines
    assert f'documents/{rich["da34"].slug}: conflict: status: the database has "in_force", ' \
           'the file "expired"' in data_lines

    lines, failed = dry_run(tmp_path, data, "--replace")
    assert not failed
    assert f'documents/{rich["da34"].slug}: replaced: status: "in_force" -> "expired"' in lines
    assert lines[-1].startswith("would make 2 objects added, 0 fields filled, 5 replaced, "
                                "0 in conflict")


# --- hints for a by-reference document ---------------------------------------------------------


def test_hints_give_a_by_reference_document_its_body_place_date_and_type(docs, tmp_path):
    link = {"from": docs["da34"].slug, "kind": "based_on", "to": "ke-hoach-12",
            "to_symbol": "12-KH/TU", "to_type": "ke_hoach", "to_issuing_body": "thanh-uy-ha-noi",
            "to_locality": "long-bien", "to_issued_date": "2021-03-02"}
    run_import(tmp_path, empty_file(links=[link]), "--create-missing-as-reference")
    doc = Document.objects.get(slug="ke-hoach-12")
    assert (doc.doc_type, doc.issuing_body.slug, doc.locality.slug, str(doc.issued_date),
            doc.issued_year, doc.known_by_reference) == (
        "ke_hoach", "thanh-uy-ha-noi", "long-bien", "2021-03-02", 2021, True)

    bare = dict(link, to="ke-hoach-13", to_symbol="13-KH/TU")
    del bare["to_locality"]
    run_import(tmp_path, empty_file(links=[bare]), "--create-missing-as-reference")
    assert Document.objects.get(slug="ke-hoach-13").locality.slug == "ha-noi"  # the body's


def test_wrong_hints_are_listed_like_other_errors(docs, tmp_path):
    link = {"from": docs["da34"].slug, "kind": "based_on", "to": "ke-hoach-12",
            "to_symbol": "12-KH/QU", "to_issuing_body": "thanh-uy-ha-noi",
            "to_locality": "khong-co", "to_issued_date": "2021-02-30"}
    unknown = dict(link, to="ke-hoach-14", to_symbol="14-KH/TU", to_issuing_body="khong-co",
                   to_locality="ha-noi", to_issued_date="2021-02-03")
    errors = refused(tmp_path, empty_file(links=[link, unknown]),
                     "--create-missing-as-reference")
    assert errors[0].startswith("/links/0/to_issuing_body: ")
    assert "QU" in errors[0] and "TU" in errors[0]
    assert errors[1:] == ['/links/0/to_locality: unknown locality "khong-co"',
                          '/links/0/to_issued_date: "2021-02-30" is not a valid date',
                          '/links/1/to_issuing_body: unknown body "khong-co"']
