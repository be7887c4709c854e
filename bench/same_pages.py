"""The list pages' answers written to files, to compare two trees' output on one database.

    DATABASE_URL=postgres://root@127.0.0.1:5432/h_copy .venv/bin/python bench/same_pages.py \\
        --tree /work/main --out /tmp/pages-main
    DATABASE_URL=… .venv/bin/python bench/same_pages.py --tree . --out /tmp/pages-new
    diff -r /tmp/pages-main /tmp/pages-new

Runs the code of ``--tree`` (its Django project, imported from there), requests some ninety
addresses of the home page, the document list (filters, orders, pages, cursors, searches,
invalid values), the targets page, the places' and bodies' pages and the API's list, in both
languages, through Django's handler with ``DEBUG`` off and no page cache, and writes each
answer's status, content type, ``Location`` and body (a CSP nonce, if any, blanked) to one file
per address. A change meant to make these pages faster without changing what the reader sees
leaves ``diff -r`` empty.
Reads only — except the kept counts, which the pages write when missing: use a copy."""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import sys
from pathlib import Path

NONCE = re.compile(rb'nonce="[^"]*"')


def addresses(connection) -> list[str]:
    """The addresses compared; a topic, a busy body and an indicator read from the database."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT slug FROM documents_topic ORDER BY id LIMIT 1")
        topic = (cursor.fetchone() or ["x"])[0]
        cursor.execute("SELECT b.slug FROM documents_document d JOIN documents_issuingbody b"
                       " ON b.id = d.issuing_body_id GROUP BY b.slug ORDER BY count(*) DESC,"
                       " b.slug LIMIT 1")
        body = (cursor.fetchone() or ["x"])[0]
        cursor.execute("SELECT slug FROM documents_indicator ORDER BY id LIMIT 1")
        indicator = (cursor.fetchone() or ["x"])[0]
        # the busiest place of each level below the country (a province, a district of
        # before 2025 or a ward, a commune)
        cursor.execute("SELECT DISTINCT ON (l.level) l.slug FROM documents_document d"
                       " JOIN documents_locality l ON l.id = d.locality_id WHERE l.level > 0"
                       " GROUP BY l.level, l.slug ORDER BY l.level, count(*) DESC, l.slug")
        busiest = [row[0] for row in cursor.fetchall()]
    lists = [
        "/documents/",
        "/documents/?page=2",
        "/documents/?page=12",
        "/documents/?type=ke_hoach&locality=ha-noi&year_from=2020",
        "/documents/?type=ke_hoach&type=quyet_dinh&sort=date",
        "/documents/?sort=symbol&page=3",
        "/documents/?status=in_force",
        f"/documents/?topic={topic}&level=2",
        f"/documents/?body={body}",
        "/documents/?level=none&has_targets=yes",
        "/documents/?locality=ha-noi&scope=applies",
        "/documents/?locality=ha-noi&exact_locality=1",
        "/documents/?period=2020&issued_from=01/01/2019&issued_to=31/12/2023",
        "/documents/?year_from=2021&year_to=2021",
        "/documents/?q=ke+hoach+luan+chuyen+can+bo",
        "/documents/?q=ke+hoach+luan+chuyen+can+bo&titles_only=on&page=2",
        # invalid values: reported, left out
        "/documents/?year_from=abc&type=nothing&sort=bad",
        "/documents/?page=abc",
        "/documents/?page=99999",
        "/documents/?locality=khong-co-noi-nay",
        "/documents/?locality=viet+hung",
        "/documents/?scope=applies",
        "/documents/?after=garbage",
        "/documents/?type=ke_hoach&locality=ha-noi&year_from=2090",
    ]
    targets = [
        "/targets/",
        "/targets/?page=2",
        "/targets/?locality=ha-noi&due_by=2025",
        f"/targets/?indicator={indicator}&topic={topic}",
        "/targets/?outcome=met",
        "/targets/?due_by=abc&outcome=bad",
    ]
    places = ["/places/", "/places/viet-nam/", "/places/viet-nam/?scope=applies&page=2",
              *(f"/places/{slug}/" for slug in busiest),
              *(f"/places/{slug}/?scope=applies" for slug in busiest),
              f"/bodies/{body}/", "/bodies/"]
    api = [
        "/api/documents/",
        "/api/documents/?page=2",
        "/api/documents/?page=30",
        "/api/documents/?type=ke_hoach&locality=ha-noi&year_from=2020",
        "/api/documents/?q=ke+hoach+luan+chuyen+can+bo",
        "/api/documents/?sort=symbol&page_size=50",
        "/api/documents/?year_from=abc",
        f"/api/documents/?body={body}&status=in_force",
        "/api/documents/?format=json&page_size=100",
    ]
    pages = ["/", *lists, *targets, *places]
    return [*pages, *("/en" + p for p in pages), *api]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--tree", required=True, help="the project's directory to run")
    parser.add_argument("--out", required=True, help="directory the answers are written to")
    args = parser.parse_args()
    tree = Path(args.tree).resolve()
    os.chdir(tree)
    sys.path.insert(0, str(tree))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "catalogue.settings")
    os.environ["PAGE_CACHE_URL"] = os.environ["CACHE_URL"] = "dummycache://"
    os.environ.setdefault("DEBUG", "false")
    import django

    django.setup()
    from django.db import connection
    from django.test import Client

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    client = Client(HTTP_HOST="127.0.0.1")
    wanted = addresses(connection)
    for address in wanted:
        client.get(address)  # the kept counts written, as a first reader would
    for address in wanted:
        response = client.get(address)
        body = b"".join(response) if response.streaming else response.content
        head = (f"{response.status_code} {response.get('Content-Type', '')} "
                f"{response.get('Location', '')}\n").encode()
        name = re.sub(r"[^A-Za-z0-9._-]+", "_", address).strip("_")[:80] or "home"
        name += "-" + hashlib.sha1(address.encode()).hexdigest()[:8]
        (out / name).write_bytes(head + NONCE.sub(b'nonce=""', body))
    print(f"{len(wanted)} addresses from {tree} into {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
