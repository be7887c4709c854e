"""What every part of the benchmark shares: the project's paths, log lines, ``manage.py``."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = ROOT / ".venv" / "bin"
PYTHON = str(BIN / "python")
RESULTS = ROOT / "bench" / "results"
DATA = ROOT / "bench" / ".data"


def log(message: str) -> None:
    print(f"[{dt.datetime.now():%H:%M:%S}] {message}", flush=True)


def manage(*args: str, env: dict, check: bool = True, capture: bool = False):
    return subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=check,
                          text=True, capture_output=capture)

