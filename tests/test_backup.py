"""Backups (``make backup`` / ``make restore``, documents/backup.py): a native dump plus the
JSON interchange export; restoring into an empty database gives the same pages and the same
export. The end-to-end tests run the real commands in subprocesses against databases of
their own (created for the test on the PostgreSQL server the suite runs on), since a dump
only sees committed data."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection

from catalogue import localdb
from documents import backup
from documents.backup import (
    BackupError,
    export_text,
    read_manifest,
    restore_backup,
    write_manifest,
)

ROOT = Path(settings.BASE_DIR)

# Fetches the public pages of the database in DATABASE_URL and prints their SHA-256s.
PAGES_SCRIPT = r"""
import hashlib, json, re, django
django.setup()
from django.test import Client
from django.test.utils import setup_test_environment
setup_test_environment()
client = Client()
api = client.get("/api/documents/?page_size=200").json()
urls = ["/", "/en/", "/documents/", "/documents/?q=ke+hoach", "/places/", "/bodies/",
        "/targets/", "/about/", "/graph/", "/documents/export.csv", "/targets/export.json",
        "/api/localities/", "/api/bodies/", "/api/targets/", "/api/links/", "/sitemap.xml"]
urls += [f"/documents/{d['slug']}/" for d in api["results"]]
urls += [f"/en/documents/{d['slug']}/" for d in api["results"]]
urls += [f"/places/{p['slug']}/" for p in client.get("/api/localities/").json()["results"]]
out = {}
for url in urls:
    response = client.get(url)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    # The same words, whatever their order, the punctuation between them and the numbers
    # (a drawn graph's coordinates follow the order its nodes were recorded in).
    words = " ".join(sorted(re.findall(r"[^\W\d_]{2,}", body.decode()))).encode()
    out[url] = [response.status_code, hashlib.sha256(body).hexdigest(),
                hashlib.sha256(words).hexdigest()]
print(json.dumps(out))
"""


_STATIC_ROOT: dict[str, str] = {}


@pytest.fixture(autouse=True)
def _collected_static(collected_static):
    """The pages render with the production static storage, which needs collected files."""
    _STATIC_ROOT["path"] = collected_static


def _env(database_url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECURE_SSL"}}
    env.update({"STATIC_ROOT": _STATIC_ROOT["path"],
                "DATABASE_URL": database_url, "ENV_FILE": "/dev/null",
                "SECRET_KEY": "backup-test-" + "k" * 50,
                "ALLOWED_HOSTS": "testserver,localhost,127.0.0.1",
                "DJANGO_SETTINGS_MODULE": "catalogue.settings"})
    return env


def manage(database_url: str, *args: str) -> str:
    result = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT,
                            env=_env(database_url), capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, f"manage.py {' '.join(args)}:\n{result.stdout}{result.stderr}"
    return result.stdout


def manage_fails(database_url: str, *args: str) -> str:
    result = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT,
                            env=_env(database_url), capture_output=True, text=True, timeout=600)
    assert result.returncode != 0, result.stdout
    return result.stderr


def pages(database_url: str) -> dict[str, list]:
    result = subprocess.run([sys.executable, "-c", PAGES_SCRIPT], cwd=ROOT,
                            env=_env(database_url), capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def export(database_url: str, path: Path) -> str:
    manage(database_url, "export_dataset", "-o", str(path))
    return path.read_text(encoding="utf-8")


# --- the databases --------------------------------------------------------------------------


class PostgresServer:
    """Databases of the test's own on the server the suite uses, dropped at the end."""

    def __init__(self):
        params = connection.settings_dict
        user = quote(params.get("USER") or "", safe="")
        password = quote(params.get("PASSWORD") or "", safe="")
        auth = f"{user}:{password}@" if password else (f"{user}@" if user else "")
        self.base = f"postgres://{auth}{params.get('HOST') or '127.0.0.1'}:" \
                    f"{params.get('PORT') or 5432}/"
        self.prefix = f"{params['NAME']}_bk_{uuid.uuid4().hex[:8]}"
        self.created: list[str] = []

    def _admin(self):
        import psycopg

        p = connection.get_connection_params()
        p = {k: v for k, v in p.items() if k in ("host", "port", "user", "password")}
        return psycopg.connect(dbname="postgres", autocommit=True, **p)

    def new(self, name: str) -> str:
        database = f"{self.prefix}_{name}"
        with self._admin() as admin:
            admin.execute(f'CREATE DATABASE "{database}"')
        self.created.append(database)
        return self.base + database

    def close(self):
        with self._admin() as admin:
            for database in self.created:
                admin.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


@pytest.fixture
def server():
    db = PostgresServer()
    yield db
    db.close()


# --- end to end -----------------------------------------------------------------------------


def test_backup_then_restore_into_an_empty_database_gives_the_same_pages_and_export(
    server, tmp_path
):
    source = server.new("source")
    manage(source, "migrate", "--noinput", "--verbosity", "0")
    manage(source, "load_seed")
    manage(source, "setup_roles")
    before_export = export(source, tmp_path / "before.json")
    before_pages = pages(source)
    assert len(before_pages) > 40 and all(p[0] == 200 for p in before_pages.values())

    out = manage(source, "backup", "--dir", str(tmp_path / "backups"))
    directory = Path(out.strip().rsplit(" ", 1)[-1])
    assert directory.parent == tmp_path / "backups"
    manifest = read_manifest(directory)
    assert manifest["engine"] == "postgresql"
    assert sorted(p.name for p in directory.iterdir()) == sorted(
        ["MANIFEST.json", "dataset.json", "database.dump"])
    assert (directory / "dataset.json").read_text(encoding="utf-8") == before_export
    assert manifest["counts"]["document"] > 20

    # The native copy, into an empty database: everything comes back, pages included.
    restored = server.new("restored")
    out = manage(restored, "restore", str(directory))
    assert "the export matches" in out and "pg_restore" in out
    assert export(restored, tmp_path / "restored.json") == before_export
    restored_pages = pages(restored)
    assert [u for u in before_pages if restored_pages.get(u) != before_pages[u]] == []
    assert restored_pages.keys() == before_pages.keys()
    # Users, roles and history are in the native copy.
    check = manage(restored, "shell", "--no-imports", "-c",
                   "from django.contrib.auth.models import Group; "
                   "from documents.models import Document; "
                   "print(Group.objects.count(), Document.history.count() > 0)")
    assert check.strip().splitlines()[-1].split() == ["2", "True"]

    # The JSON export alone, into another empty database: the same catalogue.
    from_json = server.new("from_json")
    out = manage(from_json, "restore", "--from-json", str(directory))
    assert "import_dataset" in out
    assert export(from_json, tmp_path / "from_json.json") == before_export
    # Every page is there with the same words; only their order may differ where equally
    # dated documents (or an event's participants) are ordered by when they were recorded,
    # since the interchange format carries no database ids (docs/OPERATIONS.md).
    json_pages = pages(from_json)
    assert json_pages.keys() == before_pages.keys()
    assert [u for u in before_pages if json_pages[u][0] != 200] == []
    # Each document's and place's page has the same words, but for the few that show a
    # window of equally dated neighbours (lists cut to the newest few, the sitemap's dates of
    # last change and the API's ids may differ too).
    own_pages = [u for u in before_pages if u.startswith(("/documents/", "/en/documents/",
                                                           "/places/")) and u.count("/") > 2]
    assert len(own_pages) > 30
    other_words = [u for u in own_pages if json_pages[u][2] != before_pages[u][2]]
    assert len(other_words) <= len(own_pages) // 10, other_words

    # A database that is not empty is refused, and left alone.
    error = manage_fails(restored, "restore", str(directory))
    assert "not empty" in error
    assert export(restored, tmp_path / "again.json") == before_export


def test_pg_dump_is_as_new_as_the_server_with_or_without_a_system_one(db, monkeypatch):
    """pg_dump refuses a server newer than itself: the closest one as new as the server is
    used, the embedded package's (18) when the system has no PostgreSQL client at all."""
    server = connection.pg_version // 10000
    for name in ("pg_dump", "pg_restore"):
        assert backup._major(backup._tool(name)) >= server >= 15
    monkeypatch.setattr(backup.shutil, "which", lambda name: None)
    assert backup._tool("pg_dump") == localdb.binary("pg_dump")
    assert backup._major(localdb.binary("pg_dump")) == 18


# --- refusals (in process) --------------------------------------------------------------------


def test_a_damaged_or_foreign_backup_is_refused(db, docs, tmp_path):
    directory = tmp_path / "20250101-120000"
    directory.mkdir()
    native = directory / "database.dump"
    native.write_bytes(b"not really a dump")
    dataset = directory / "dataset.json"
    dataset.write_text(export_text(), encoding="utf-8")
    manifest = write_manifest(directory, "postgresql", native, dataset, {"document": 2})
    assert manifest["format"] == "catalogue-backup" and read_manifest(directory) == manifest
    with pytest.raises(BackupError, match="not empty"):
        restore_backup(directory)  # the test database has tables
    dataset.write_text(dataset.read_text(encoding="utf-8") + " ", encoding="utf-8")
    with pytest.raises(BackupError, match="damaged"):
        restore_backup(directory)
    dataset.unlink()
    with pytest.raises(BackupError, match="missing"):
        restore_backup(directory)
    with pytest.raises(BackupError, match="MANIFEST.json not found"):
        restore_backup(tmp_path)
    (tmp_path / "MANIFEST.json").write_text('{"format": "other"}', encoding="utf-8")
    with pytest.raises(BackupError, match="not a catalogue backup"):
        restore_backup(tmp_path)


def test_the_make_targets_exist():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "\nbackup:" in makefile and "manage.py backup" in makefile
    assert "\nrestore:" in makefile and "manage.py restore" in makefile
