"""A link not stated by its source is said one way: its ``uncertain`` marks the fact
``link`` with the reason (``inferred``: "suy ra từ ngữ cảnh", or the editors' reading…).
The former flag ``inferred`` is gone: migration 0021 turns every flagged link into the mark
(keeping a mark a link already had) and back; a dataset file written with the flag is read
as the mark; pages, graph and API show the mark."""

from __future__ import annotations

import json

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from test_import_merge import dry_run
from test_interchange import empty_file, export_text, run_import

from documents.models import DocumentLink

BEFORE = [("documents", "0020_text_structure_provisions")]
AFTER = [("documents", "0021_one_way_of_inferred_links")]


@pytest.mark.django_db(transaction=True)
def test_the_migration_turns_the_flag_into_the_mark_and_back(docs):
    nq04, da34 = docs["nq04"], docs["da34"]
    executor = MigrationExecutor(connection)
    try:
        executor.migrate(BEFORE)
        old = executor.loader.project_state(BEFORE).apps.get_model("documents", "DocumentLink")
        flagged = old.objects.create(from_document_id=da34.pk, to_document_id=nq04.pk,
                                     kind="implements", inferred=True, note="Suy ra.")
        own = old.objects.create(from_document_id=da34.pk, to_document_id=nq04.pk,
                                 kind="based_on", inferred=True, uncertain={
                                     "link": {"reason": "editors_reading", "note": "Cách ghi."}})
        plain = old.objects.create(from_document_id=nq04.pk, to_document_id=da34.pk,
                                   kind="references")
        executor = MigrationExecutor(connection)
        executor.migrate(AFTER)
    finally:
        MigrationExecutor(connection).migrate(executor.loader.graph.leaf_nodes("documents"))
    marks = dict(DocumentLink.objects.values_list("pk", "uncertain"))
    assert marks[flagged.pk] == {"link": {"reason": "inferred"}}
    assert marks[own.pk] == {"link": {"reason": "editors_reading", "note": "Cách ghi."}}
    assert marks[plain.pk] == {}
    assert DocumentLink.objects.get(pk=flagged.pk).note == "Suy ra."
    # and back: the flag again, the mark the migration added removed, the link's own kept
    executor = MigrationExecutor(connection)
    try:
        executor.migrate(BEFORE)
        old = executor.loader.project_state(BEFORE).apps.get_model("documents", "DocumentLink")
        rows = {r.pk: (r.inferred, r.uncertain) for r in old.objects.all()}
    finally:
        MigrationExecutor(connection).migrate(executor.loader.graph.leaf_nodes("documents"))
    assert rows[flagged.pk] == (True, {})
    assert rows[own.pk] == (True, {"link": {"reason": "editors_reading", "note": "Cách ghi."}})
    assert rows[plain.pk] == (False, {})


def test_a_file_with_the_former_flag_is_read_as_the_mark(docs, tmp_path):
    link = {"from": docs["da34"].slug, "kind": "implements", "to": docs["nq04"].slug,
            "inferred": True}
    run_import(tmp_path, empty_file(links=[link]))
    stored = DocumentLink.objects.get()
    assert (stored.uncertain, stored.inferred) == ({"link": {"reason": "inferred"}}, True)
    assert "inferred" not in json.loads(export_text())["links"][0]  # written as the mark only
    # over a link with its own mark, the flag changes nothing (no conflict)
    DocumentLink.objects.update(uncertain={"link": {"reason": "editors_reading"}})
    lines, failed = dry_run(tmp_path, empty_file(links=[link]))
    assert not failed and lines[-1].startswith("would make 0 objects added, 0 fields filled")
    # a mark in the file wins over the flag beside it
    link["uncertain"] = {"link": {"reason": "single_source"}}
    run_import(tmp_path, empty_file(links=[link]), "--replace")
    assert DocumentLink.objects.get().uncertain == {"link": {"reason": "single_source"}}


def test_the_api_reads_inferred_from_the_mark(client, docs):
    DocumentLink.objects.create(from_document=docs["da34"], to_document=docs["nq04"],
                                kind="implements", uncertain={"link": {"reason": "inferred"}})
    DocumentLink.objects.create(from_document=docs["nq04"], to_document=docs["da34"],
                                kind="references")
    marked = client.get("/api/links/", {"inferred": "true"}).json()["results"]
    assert [(r["kind"], r["inferred"], r["uncertain"]) for r in marked] == [
        ("implements", True, {"link": {"reason": "inferred"}})]
    stated = client.get("/api/links/", {"inferred": "false"}).json()["results"]
    assert [(r["kind"], r["inferred"]) for r in stated] == [("references", False)]
