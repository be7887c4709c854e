"""Shared fixtures: a small hand-built set of places, bodies and documents
(independent of the seed fixture, so model tests don't depend on it), an admin
client, and the seed data when a test asks for it."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command

from documents.models import (
    Document,
    DocumentCoIssuer,
    DocumentLink,
    DocumentText,
    Event,
    EventParticipant,
    Figure,
    Indicator,
    IssuingBody,
    Locality,
    Person,
    Source,
    SourceMention,
    StatusStatement,
    Target,
    Term,
    Topic,
)
from documents.provisions import rebuild_provisions


@pytest.fixture(autouse=True)
def _plain_static_files(settings):
    """Tests render templates without running collectstatic first."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _vietnamese_first():
    """Every test starts in the default language: a request to an English page (/en/…)
    leaves English active in the worker's thread, and messages worded afterwards outside a
    request (the dataset import's) would otherwise depend on the order tests ran in."""
    from django.utils import translation

    translation.activate("vi")
    yield
    translation.activate("vi")


@pytest.fixture(autouse=True)
def _fixed_today(settings):
    """Statuses and deadlines are read against today (``documents.clock``): every test sees
    the same day, never the wall clock — 01/06/2025, inside the seed plans' periods and before
    the districts were dissolved, so the statuses the seed records are the ones shown. Tests
    of the status over time set their own day (tests/test_validity.py)."""
    settings.CATALOGUE_TODAY = "2025-06-01"


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


@pytest.fixture(autouse=True)
def _files_outside_the_project(settings, tmp_path):
    """Uploaded files go to the test's own directory, never the project's media/."""
    settings.MEDIA_ROOT = str(tmp_path / "media")


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


@pytest.fixture
def rich(places, bodies, docs, percent_indicator):
    """Hand-built objects touching every field kind of the format (independent of the seed)."""
    hcm = Locality.objects.create(
        slug="ho-chi-minh", name="Hồ Chí Minh", kind="city", parent=places["vn"]
    )
    merged = Locality.objects.create(
        slug="long-bien-moi", name="Phường Long Biên", kind="ward", parent=places["hanoi"],
        valid_from=dt.date(2025, 7, 1),
    )
    places["long_bien"].valid_to = dt.date(2025, 6, 30)
    places["long_bien"].save()
    places["long_bien"].successors.set([merged])
    bodies["quan_uy"].successor = bodies["thanh_uy"]
    bodies["quan_uy"].save()
    ubnd = IssuingBody.objects.create(
        slug="ubnd-tp-hcm", name="UBND TP.HCM", code="UBND", kind="peoples_committee",
        locality=hcm,
    )
    signer = Person.objects.create(slug="phan-van-mai", name="Phan Văn Mãi",
                                   editorial_note="Tên theo bài báo; chưa đối chiếu.")
    topic = Topic.objects.create(slug="thi-tuyen", name="Thi tuyển")
    article = Source.objects.create(
        kind="news", publisher="Hà Nội mới", headline="Hà Nội đào tạo cán bộ",
        url="https://example.org/a", published_date=dt.date(2023, 11, 8), reference="",
    )
    archived = Source.objects.create(
        kind="portal", publisher="Cổng TTĐT", headline="Thông tin", reference="arch/2023-01",
    )
    qd = Document.objects.create(
        symbol="số 1234 /QĐ–UBND", doc_type="quyet_dinh", title="Phê duyệt Đề án",
        issuing_body=ubnd, issued_date=dt.date(2024, 11, 8), date_note="năm suy ra từ ngữ cảnh",
        signer=signer, signer_title="Chủ tịch", status="in_force", period_start=2024,
        period_end=2030, effective_from=dt.date(2024, 11, 8),
    )
    qd.topics.set([topic])
    # a co-issuing body (the format's co_issuers; not a real joint decision)
    DocumentCoIssuer.objects.create(document=qd, body=bodies["quan_uy"], position=0)
    da34 = docs["da34"]
    Target.objects.create(
        document=da34, indicator=percent_indicator, value=Decimal("10"), deadline_year=2025,
        baseline_value=Decimal("17.9"), baseline_source=article, source=article,
        quote="ít nhất 10%", applies_to="cán bộ chủ chốt cấp xã", position=1,
    )
    Target.objects.create(
        document=da34, indicator=percent_indicator, value=Decimal("54.16"), comparator="at_most",
        deadline=dt.date(2030, 12, 31), position=2,
    )
    SourceMention.objects.create(source=article, document=da34, quote="Đề án 34-ĐA/TU")
    SourceMention.objects.create(source=archived, document=qd, note="ghi chú")
    DocumentLink.objects.create(
        from_document=da34, to_document=docs["nq04"], kind="implements", source=article,
        quote="triển khai Nghị quyết 04-NQ/TU", uncertain={"link": {"reason": "inferred"}},
    )
    Figure.objects.create(
        indicator=percent_indicator, locality=places["hanoi"], as_of=dt.date(2022, 12, 31),
        value=Decimal("11.473"), total=Decimal("20"), source=article, document=da34,
    )
    event = Event.objects.create(
        kind="conference", title="Hội nghị Thành ủy", date=dt.date(2023, 11, 6), source=article,
        organiser=bodies["thanh_uy"], locality=places["hanoi"],
        editorial_note="Ngày theo bài đăng.",
    )
    event.documents.set([da34, docs["nq04"]])
    EventParticipant.objects.create(event=event, person=signer, role="chair", title="Bí thư")
    # its full text, read from the archived page, OCR'd and corrected (issue 15)
    text = DocumentText.objects.create(
        document=da34, source=archived, method="web_page", status="done", position=0,
        extracted="Điều 1. Tạo nguồn cán bộ chủ chốt cấp xã.", ocr_confidence=91.5,
        ocr_pages=2, corrected="Điều 1. Tạo nguồn, đào tạo cán bộ chủ chốt cấp xã.")
    rebuild_provisions(text)
    StatusStatement.objects.create(
        document=docs["nq04"], status="replaced", as_of=dt.date(2025, 7, 1), by_document=qd,
        source=archived, quote="Nghị quyết 04-NQ/TU được thay thế.", note="ghi chú công khai")
    return {"article": article, "qd": qd, "da34": da34, "signer": signer}
