"""Settings come from the environment and fail fast in production."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PRINT_SETTINGS = (
    "import django; django.setup(); from django.conf import settings as s; "
    "print(s.DEBUG, s.DATABASES['default']['ENGINE'], s.ALLOWED_HOSTS, "
    "s.DATABASES['default']['USER'], s.DATABASES['default']['HOST'], "
    "s.DATABASES['default']['PORT'], s.DATABASES['default']['NAME'])"
)


def _run(extra_env: dict) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items()
           if k not in {"SECRET_KEY", "DEBUG", "DATABASE_URL", "ALLOWED_HOSTS"}}
    env.update({"DJANGO_SETTINGS_MODULE": "catalogue.settings", "ENV_FILE": "/dev/null"})
    env.update(extra_env)
    return subprocess.run([sys.executable, "-c", PRINT_SETTINGS], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=60)


def test_refuses_to_start_without_a_secret_key():
    result = _run({})
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_refuses_a_short_secret_key_in_production():
    result = _run({"SECRET_KEY": "short"})
    assert result.returncode != 0
    assert "too short" in result.stderr


def test_debug_off_and_the_projects_own_postgresql_by_default():
    """No DATABASE_URL: the embedded server of catalogue.localdb (make run / make test start
    it), on loopback at the port it keeps in .pg/port."""
    from catalogue import localdb

    result = _run({"SECRET_KEY": "x" * 50})
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[:2] == ["False", "django.db.backends.postgresql"]
    assert result.stdout.split()[-4:] == ["postgres", "127.0.0.1", str(localdb.project.port),
                                          "catalogue"]


def test_postgres_and_hosts_from_the_environment():
    result = _run({"SECRET_KEY": "x" * 50, "DEBUG": "true",
                   "DATABASE_URL": "postgres://root@127.0.0.1:5432/catalogue",
                   "ALLOWED_HOSTS": "canbo.example.vn,www.canbo.example.vn"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("True django.db.backends.postgresql")
    assert "canbo.example.vn" in result.stdout


def test_the_wsgi_application_tunes_the_garbage_collector():
    """``catalogue.wsgi`` (what gunicorn loads) freezes the start-up objects and collects the
    youngest generation less often (docs/PERFORMANCE.md); a plain Django set-up does not."""
    probe = ("import gc, sys; {load}; "
             "print(gc.get_threshold()[0], gc.get_freeze_count() > 0)")
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "DATABASE_URL"}}
    env.update({"DJANGO_SETTINGS_MODULE": "catalogue.settings", "ENV_FILE": "/dev/null",
                "SECRET_KEY": "x" * 50})
    results = {}
    for name, load in {"wsgi": "import catalogue.wsgi",
                       "plain": "import django; django.setup()"}.items():
        result = subprocess.run([sys.executable, "-c", probe.format(load=load)], cwd=ROOT,
                                env=env, capture_output=True, text=True, timeout=60)
        assert result.returncode == 0, result.stderr
        results[name] = result.stdout.split()
    assert results["wsgi"] == ["50000", "True"]
    assert results["plain"] == ["700", "False"]  # Python's default: nothing changed by settings
