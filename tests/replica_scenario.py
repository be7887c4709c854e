"""Run by tests/test_replica.py in a process of its own, with DATABASE_URL pointing at a real
primary and DATABASE_REPLICA_URL at its streaming replica: what readers see, through the
router (documents.routers), while the replica keeps up and while it lags. Prints JSON."""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "catalogue.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import DatabaseError, connections, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from documents import renderings, routers  # noqa: E402
from documents.models import Document  # noqa: E402

primary, replica = connections["default"], connections["replica"]


def one(conn, sql, params=()):
    with conn.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()[0]


def caught_up() -> bool:
    """Wait until the replica has replayed everything the primary has written so far."""
    target = one(primary, "SELECT pg_current_wal_lsn()::text")
    for _ in range(1200):
        if one(replica, "SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [target]):
            return True
        time.sleep(0.05)
    return False


def page(client, path):
    with CaptureQueriesContext(replica) as on_replica, CaptureQueriesContext(primary) as on_primary:
        status = client.get(path).status_code
    # What the page read from the primary: nothing but the document page keeping its link
    # parts (documents.renderings), a write and so made where writes go.
    kept = "INSERT INTO " + renderings.TABLE
    return {"status": status, "replica_queries": len(on_replica),
            "primary_queries": len([query for query in on_primary
                                    if not query["sql"].lstrip().startswith(kept)])}


out = {}
call_command("migrate", interactive=False, verbosity=0)
call_command("load_seed", verbosity=0)
routers.unpin()  # a new request: nothing written in it yet
out["replica_is_a_standby"] = one(replica, "SELECT pg_is_in_recovery()")
try:
    with replica.cursor() as cursor:
        cursor.execute("CREATE TABLE no_writes_here (x int)")
    out["replica_refuses_writes"] = False
except DatabaseError:
    out["replica_refuses_writes"] = True
replica.close()
out["caught_up"] = caught_up()
client = Client()
seed_doc = Document.objects.using("default").get(symbol="34-ĐA/TU", issued_year=2023)
out["seed_page"] = page(client, seed_doc.get_absolute_url())

# The replica stops replaying: it lags behind the primary from here on.
one(replica, "SELECT pg_wal_replay_pause()::text")
new = Document.objects.create(symbol="777-KH/TU", doc_type="ke_hoach", title="Kế hoạch mới",
                              issuing_body=seed_doc.issuing_body, term=seed_doc.term)
out["writer_reads_its_write"] = Document.objects.filter(pk=new.pk).exists()  # pinned
routers.unpin()  # another request, which wrote nothing
out["reader_sees_new_while_lagging"] = Document.objects.filter(pk=new.pk).exists()
with transaction.atomic():
    out["reader_in_a_transaction_sees_new"] = Document.objects.filter(pk=new.pk).exists()
out["new_page_while_lagging"] = page(client, new.get_absolute_url())
out["lag_bytes"] = int(one(primary, "SELECT pg_current_wal_lsn() - %s::pg_lsn",
                           [one(replica, "SELECT pg_last_wal_replay_lsn()::text")]))

one(replica, "SELECT pg_wal_replay_resume()::text")
out["caught_up_again"] = caught_up()
routers.unpin()
out["reader_sees_new_after_catching_up"] = Document.objects.filter(pk=new.pk).exists()
out["new_page_after_catching_up"] = page(client, new.get_absolute_url())
print(json.dumps(out))
