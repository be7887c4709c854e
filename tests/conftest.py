"""Shared fixtures: a small hand-built set of places, bodies and documents
(independent of the seed fixture, so model tests don't depend on it), an admin
client, and the seed data when a test asks for it."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

from documents.models import Document, Indicator, IssuingBody, Locality, Term


@pytest.fixture(autouse=True)
def _plain_static_files(settings):
    """Tests render templates without running collectstatic first."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _pages_uncached(settings):
    """Pages are rendered afresh for every request in tests, so that a test sees the data it
    has just written however it wrote it. The page cache itself is tested in
    tests/test_cache.py, which gives the ``pages`` alias a real cache (and, against real
    gunicorn workers, the default database cache and Redis)."""
    settings.CACHES = {
        **settings.CACHES,
        "pages": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"},
    }


@pytest.fixture(scope="session")
def gazetteer_sample(tmp_path_factory):
    """A directory with a small real share of the gazetteer (tests/gazetteer_sample.py)."""
    from gazetteer_sample import write_sample

    return write_sample(tmp_path_factory.mktemp("gazetteer"))


@pytest.fixture(scope="session")
def collected_static(tmp_path_factory) -> str:
    """A ``STATIC_ROOT`` filled by ``collectstatic``, for tests that start the site in a
    subprocess with the production storage (hashed, compressed names need the manifest)."""
    root = tmp_path_factory.mktemp("staticfiles")
    env = {**os.environ, "ENV_FILE": "/dev/null", "STATIC_ROOT": str(root),
           "SECRET_KEY": os.environ.get("SECRET_KEY") or "collectstatic-" + "k" * 40}
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
                   cwd=Path(__file__).resolve().parent.parent, env=env, check=True, timeout=300)
    return str(root)


@pytest.fixture(autouse=True, scope="session")
def _sqlite_downloads_outside_the_project(tmp_path_factory):
    """The About page's SQLite download is written to a folder of the test run's own."""
    from django.test import override_settings

    with override_settings(SQLITE_EXPORT_DIR=tmp_path_factory.mktemp("sqlite-exports")):
        yield


@pytest.fixture
def places(db):
    vn = Locality.objects.create(slug="viet-nam", name="Việt Nam", kind="country")
    hanoi = Locality.objects.create(slug="ha-noi", name="Hà Nội", kind="city", parent=vn)
    long_bien = Locality.objects.create(
        slug="long-bien", name="Long Biên", kind="urban_district", parent=hanoi
    )
    viet_hung = Locality.objects.create(
        slug="viet-hung", name="Việt Hưng", kind="ward", parent=long_bien
    )
    return {"vn": vn, "hanoi": hanoi, "long_bien": long_bien, "viet_hung": viet_hung}


@pytest.fixture
def bodies(places):
    thanh_uy = IssuingBody.objects.create(
        slug="thanh-uy-ha-noi", name="Thành ủy Hà Nội", code="TU",
        kind="party_committee", locality=places["hanoi"],
    )
    btv = IssuingBody.objects.create(
        slug="btv-thanh-uy-ha-noi", name="Ban Thường vụ Thành ủy Hà Nội", code="TU",
        kind="party_standing_committee", locality=places["hanoi"], parent=thanh_uy,
    )
    quan_uy = IssuingBody.objects.create(
        slug="quan-uy-long-bien", name="Quận ủy Long Biên", code="QU",
        kind="party_committee", locality=places["long_bien"],
    )
    xvii = Term.objects.create(body=thanh_uy, name="khóa XVII", number=17,
                               start_year=2020, end_year=2025)
    return {"thanh_uy": thanh_uy, "btv": btv, "quan_uy": quan_uy, "xvii": xvii}


@pytest.fixture
def docs(bodies):
    nq04 = Document.objects.create(
        symbol="04-NQ/TU", doc_type="nghi_quyet", title="Tập trung xây dựng đội ngũ cán bộ",
        issuing_body=bodies["thanh_uy"], term=bodies["xvii"], issued_date=dt.date(2021, 5, 31),
        status="in_force",
    )
    da34 = Document.objects.create(
        symbol="34-ĐA/TU", doc_type="de_an",
        title="Về tạo nguồn, đào tạo, bồi dưỡng cán bộ chủ chốt cấp xã",
        issuing_body=bodies["btv"], term=bodies["xvii"], issued_date=dt.date(2023, 11, 6),
        status="in_force",
    )
    return {"nq04": nq04, "da34": da34}


@pytest.fixture
def percent_indicator(db):
    return Indicator.objects.create(
        slug="duoi-35", name="Tỷ lệ cán bộ chủ chốt cấp xã dưới 35 tuổi", unit="percent"
    )


@pytest.fixture
def seed(db):
    call_command("load_seed", verbosity=0)


@pytest.fixture
def admin_client(db, client, django_user_model):
    user = django_user_model.objects.create_superuser("quantri", "qt@example.org", "x-Pass-1234")
    client.force_login(user)
    client.user = user
    return client
