"""The documents' files in a backup (``documents/backup.py``): copied from the storage in
use (disk or S3) into ``files/<sha256><ext>`` of the backup directory, listed in its
manifest with their SHA-256, and put back by a restore — into the storage the restored site
uses, each read back and checked against its checksum.

A restore from the native dump gets the file rows back with the database; a restore from
the JSON export (``--from-json``) recreates them from the export's ``files`` (their
metadata and checksums), for the documents the import created.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

from django.core.files import File

from documents.streaming import objects_by_id

FILES_DIR = "files"


class FileRestoreError(Exception):
    """A file cannot be put back; the message says which and why."""


def _digest(handle) -> str:
    digest = hashlib.sha256()
    for block in iter(lambda: handle.read(1 << 20), b""):
        digest.update(block)
    return digest.hexdigest()


def backup_name(sha256: str, extension: str) -> str:
    return f"{FILES_DIR}/{sha256}{extension}"


def copy_files(directory: Path) -> dict[str, str]:
    """Copy every document file into *directory*/files/ (each content once); returns
    ``{name in the backup: sha256}``. Each copy is checked against its row's checksum."""
    from documents.models import DocumentFile

    copied: dict[str, str] = {}
    rows = DocumentFile.objects.only("file", "sha256", "content_type")
    for row in objects_by_id(rows, chunk_size=500):  # in bounded memory (documents.streaming)
        name = backup_name(row.sha256, row.extension)
        if name in copied:
            continue
        target = directory / name
        target.parent.mkdir(parents=True, exist_ok=True)
        with row.file.storage.open(row.file.name, "rb") as source, target.open("wb") as out:
            shutil.copyfileobj(source, out, 1 << 20)
        with target.open("rb") as written:
            if _digest(written) != row.sha256:
                raise FileRestoreError(f"{row.file.name}: the stored file's SHA-256 differs "
                                       "from its row's: the storage holds a damaged copy.")
        copied[name] = row.sha256
    return copied


def recreate_rows(dataset: dict) -> int:
    """After ``import_dataset``: the file rows of the export's documents (metadata only;
    :func:`put_back` then puts their content in the storage)."""
    from documents.models import Document, DocumentFile
    from documents.models.files import storage_name
    from documents.uploads import ALLOWED_TYPES

    slugs = {d["slug"]: d.get("files", []) for d in dataset.get("documents", [])
             if d.get("files")}
    ids = dict(Document.objects.filter(slug__in=slugs).values_list("slug", "pk"))
    rows = []
    for slug, files in slugs.items():
        for item in files:
            row = DocumentFile(
                document_id=ids[slug], kind=item["kind"], language=item["language"],
                title=item.get("title", ""), original_name=item["name"],
                content_type=item["content_type"], size=item["size"],
                page_count=item.get("pages"), sha256=item["sha256"],
            )
            row.file.name = storage_name(row, item["name"])
            assert row.extension == ALLOWED_TYPES[row.content_type]
            rows.append(row)
    DocumentFile.objects.bulk_create(rows)
    return len(rows)


def put_back(directory: Path) -> int:
    """Every file row's content in the storage in use, from the backup's ``files/`` where the
    storage lacks it or holds something else; returns how many were written. Each file in
    the storage is then read back and its SHA-256 compared with its row's."""
    from documents.models import DocumentFile

    written = 0
    for row in objects_by_id(DocumentFile.objects.all(), chunk_size=500):
        storage, name = row.file.storage, row.file.name
        if storage.exists(name):
            with storage.open(name, "rb") as present:
                if _digest(present) == row.sha256:
                    continue
            storage.delete(name)
        copy = directory / backup_name(row.sha256, row.extension)
        if not copy.exists():
            raise FileRestoreError(f"{copy} is missing: the backup does not hold {name}.")
        with copy.open("rb") as handle:
            saved = storage.save(name, File(handle, name=Path(name).name))
        if saved != name:
            raise FileRestoreError(f"the storage kept {name} as {saved}.")
        with storage.open(name, "rb") as back:
            if _digest(back) != row.sha256:
                raise FileRestoreError(f"{name}: the copy in the storage does not match its "
                                       "SHA-256.")
        written += 1
    return written
