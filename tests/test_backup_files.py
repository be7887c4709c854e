"""The documents' files in backups (documents/backup_files.py): ``backup`` copies them with
their checksums, ``restore`` (native or ``--from-json``) puts them back into an empty
storage, checked by SHA-256, and the export carries their metadata — nothing lost on a round
trip. End to end, in subprocesses, each site with its own database and its own media
directory."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from file_samples import docx_bytes, pdf_bytes
from test_backup import (  # noqa: F401 (the fixtures)
    ROOT,
    _collected_static,
    _env,
)
from test_backup import server as server  # noqa: F401

from documents.backup import BackupError, read_manifest

ATTACH = r"""
import sys
from django.core.files.uploadedfile import SimpleUploadedFile
from documents.models import Document, DocumentFile
first, second = Document.objects.order_by("pk")[:2]
for document, path, name, kind in ((first, sys.argv[1], "Bản gốc có chữ ký.pdf",
                                    "signed_original"),
                                   (first, sys.argv[2], "dự thảo.docx", "word"),
                                   (second, sys.argv[1], "ban-sao.pdf", "appendix")):
    row = DocumentFile(document=document, kind=kind,
                       file=SimpleUploadedFile(name, open(path, "rb").read()))
    row.full_clean()
    row.save()
print(DocumentFile.objects.count())
"""
CHECK = r"""
import hashlib, json
from django.test import Client
from django.test.utils import setup_test_environment
from documents.models import DocumentFile
setup_test_environment()
out = []
for row in DocumentFile.objects.select_related("document").order_by("document__slug", "sha256"):
    response = Client().get(row.get_absolute_url())
    body = b"".join(response.streaming_content)
    out.append([row.document.slug, row.original_name, row.kind, row.page_count,
                hashlib.sha256(body).hexdigest() == row.sha256, row.file.name.split("/")[-1]])
print(json.dumps(out, ensure_ascii=False))
"""


def run(database_url: str, media: Path, *args: str) -> str:
    env = {**_env(database_url), "MEDIA_ROOT": str(media)}
    result = subprocess.run([sys.executable, *args], cwd=ROOT, env=env, capture_output=True,
                            text=True, timeout=600)
    assert result.returncode == 0, f"{args}:\n{result.stdout}{result.stderr}"
    return result.stdout


def manage(database_url: str, media: Path, *args: str) -> str:
    return run(database_url, media, "manage.py", *args)


def shell(database_url: str, media: Path, script: str, *argv: str) -> str:
    code = "import sys, django; sys.argv = [''] + sys.argv[1:]; django.setup()\n" + script
    return run(database_url, media, "-c", code, *argv).strip().splitlines()[-1]


def test_files_survive_a_backup_and_both_restores(server, tmp_path):  # noqa: F811
    pdf, docx = tmp_path / "a.pdf", tmp_path / "b.docx"
    pdf.write_bytes(pdf_bytes(pages=3))
    docx.write_bytes(docx_bytes())
    source, media = server.new("files_src"), tmp_path / "media-source"
    manage(source, media, "migrate", "--noinput", "--verbosity", "0")
    manage(source, media, "load_seed")
    assert shell(source, media, ATTACH, str(pdf), str(docx)) == "3"
    before = json.loads(shell(source, media, CHECK))
    assert len(before) == 3 and all(row[4] for row in before)
    manage(source, media, "export_dataset", "-o", str(tmp_path / "before.json"))
    exported = json.loads((tmp_path / "before.json").read_text(encoding="utf-8"))
    with_files = [d for d in exported["documents"] if d.get("files")]
    assert sorted(len(d["files"]) for d in with_files) == [1, 2]
    assert {f["sha256"] for d in with_files for f in d["files"]} == {r[5][:64] for r in before}

    out = manage(source, media, "backup", "--dir", str(tmp_path / "backups"))
    directory = Path(out.strip().rsplit(" ", 1)[-1])
    manifest = read_manifest(directory)  # every file checked against its SHA-256
    assert len(manifest["files"]) == 2  # the PDF attached twice is kept once
    assert sorted(p.name for p in (directory / "files").iterdir()) == sorted(
        Path(name).name for name in manifest["files"])

    for how, extra in (("native", ()), ("json", ("--from-json",))):
        target, target_media = server.new(f"files_{how}"), tmp_path / f"media-{how}"
        out = manage(target, target_media, "restore", *extra, str(directory))
        assert "3 file(s) put back" in out and "the export matches" in out
        # (the same files; a JSON restore gives the documents new ids, and the storage names
        # carry them)
        assert json.loads(shell(target, target_media, CHECK)) == before, how
        manage(target, target_media, "export_dataset", "-o", str(tmp_path / f"{how}.json"))
        assert (tmp_path / f"{how}.json").read_text(encoding="utf-8") == (
            tmp_path / "before.json").read_text(encoding="utf-8")
    damaged = directory / manifest["files"][0]
    damaged.write_bytes(damaged.read_bytes()[:-10])
    with pytest.raises(BackupError, match="damaged"):
        read_manifest(directory)
