"""Time ``import_dataset`` of a database's export into an empty database of one's own.

    .venv/bin/python -m bench.import_time --source postgres://root@127.0.0.1:5432/catalogue_bench \\
        --target h_import17_target --file /tmp/catalogue.json [--reuse-file] [--keep]

Exports *source* (read only) to *file* (unless ``--reuse-file`` and it exists), creates and
migrates *target* (dropped first), times the import (``bench.database.import_test``: the link
proposals queued, not run) and prints the figures as JSON: export and import seconds, the
file's size, the import's peak resident memory.
"""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path

from bench.database import import_test


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", required=True, help="the database exported (read only)")
    parser.add_argument("--target", required=True, help="the database name imported into")
    parser.add_argument("--file", required=True, type=Path)
    parser.add_argument("--reuse-file", action="store_true")
    parser.add_argument("--keep", action="store_true", help="keep the target database")
    args = parser.parse_args()
    env = {**os.environ, "DATABASE_URL": args.source}
    result = import_test(args.source, env, target_name=args.target, path=args.file,
                         export=not args.reuse_file, keep=args.keep)
    print(json.dumps(result, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
