"""Every public URL on the seed data, in Vietnamese and in English (``/en/``): 200 on GET,
200 with an empty body on HEAD, 405 on POST; unknown addresses give the helpful 404.

The cases are read from ``fixtures/seed.json`` when the tests are collected (one case per
document, locality and issuing body, addressed by the primary key the fixture gives
them), so a new seed object gets its own smoke test without touching this file.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.views.defaults import server_error

from documents.models import Document, IssuingBody, Locality

SEED_FILE = Path(settings.BASE_DIR) / "fixtures" / "seed.json"
MODELS = {
    "documents.document": Document,
    "documents.locality": Locality,
    "documents.issuingbody": IssuingBody,
}
STATIC_PAGES = [
    "/",
    "/documents/",
    "/places/",
    "/bodies/",
    "/targets/",
    "/about/",
]
LANGUAGES = ["", "/en"]


def _seed_cases() -> list:
    try:
        items = json.loads(SEED_FILE.read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError) as exc:
        return [pytest.param("missing", None, id=f"seed-unreadable-{type(exc).__name__}")]
    cases = []
    for item in items:
        if item.get("model") in MODELS:
            label = item["model"].split(".")[1]
            key = item.get("pk") or item["fields"].get("slug")
            cases.append(pytest.param(item["model"], key, id=f"{label}-{key}"))
    return cases


SEED_CASES = _seed_cases()


@pytest.fixture(autouse=True)
def _vietnamese():
    """Addresses are built in the default language (a request to /en/ leaves English
    active in the test thread)."""
    with translation.override("vi"):
        yield


def _url_of(model_label: str, key) -> str:
    assert model_label in MODELS, f"seed fixture {SEED_FILE} is missing or unreadable"
    model = MODELS[model_label]
    obj = model.objects.get(pk=key) if isinstance(key, int) else model.objects.get(slug=key)
    return obj.get_absolute_url()


def _check_url(client, url: str) -> None:
    for prefix in LANGUAGES:
        address = prefix + url
        response = client.get(address)
        assert response.status_code == 200, address
        assert response["Content-Type"].startswith("text/html")
        html = response.content.decode()
        assert html.count("<h1") == 1, f"{address}: exactly one h1"
        assert "<title>" in html
        head = client.head(address)
        assert head.status_code == 200, f"HEAD {address}"
        assert head.content == b""


def test_seed_has_cases():
    assert SEED_CASES and SEED_CASES[0].values[0] != "missing", "fixtures/seed.json unreadable"
    labels = {case.values[0] for case in SEED_CASES}
    assert labels == set(MODELS)


@pytest.mark.parametrize("model_label,key", SEED_CASES)
def test_every_object_page(client, seed, model_label, key):
    _check_url(client, _url_of(model_label, key))


@pytest.mark.parametrize("url", STATIC_PAGES)
def test_every_index_page(client, seed, url):
    _check_url(client, url)


def test_english_pages_are_english_addresses(client, seed):
    doc = Document.objects.get(symbol="34-ĐA/TU")
    response = client.get("/en" + doc.get_absolute_url())
    assert response.status_code == 200
    assert '<html lang="en">' in response.content.decode()


def test_document_by_id_redirects_permanently(client, seed):
    doc = Document.objects.get(symbol="34-ĐA/TU")
    response = client.get(f"/d/{doc.pk}/")
    assert response.status_code == 301
    assert response["Location"] == doc.get_absolute_url()
    assert client.head(f"/d/{doc.pk}/").status_code == 301
    assert client.get("/d/999999/").status_code == 404


def _sample_urls() -> list[str]:
    return [
        Document.objects.get(symbol="34-ĐA/TU").get_absolute_url(),
        Locality.objects.get(slug="ha-noi").get_absolute_url(),
        IssuingBody.objects.order_by("pk").first().get_absolute_url(),
        f"/d/{Document.objects.order_by('pk').first().pk}/",
    ]


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_writes_are_refused(client, seed, method):
    for url in [*STATIC_PAGES, *_sample_urls()]:
        for prefix in LANGUAGES:
            response = getattr(client, method)(prefix + url)
            # /documents/ and /targets/ belong to other views; every page must refuse writes.
            assert response.status_code == 405, f"{method.upper()} {prefix + url}"


@pytest.mark.parametrize(
    "url",
    [
        "/documents/khong-co-van-ban-nay/",
        "/places/khong-co-dia-ban-nay/",
        "/bodies/khong-co-co-quan-nay/",
        "/khong-co-trang-nay/",
        "/en/documents/khong-co-van-ban-nay/",
        "/en/places/nowhere/",
    ],
)
def test_unknown_addresses_give_the_helpful_404(client, seed, url):
    response = client.get(url)
    assert response.status_code == 404
    html = response.content.decode()
    assert html.count("<h1") == 1
    assert 'name="q"' in html  # a search box
    assert 'href="/documents/"' in html or 'href="/en/documents/"' in html
    assert 'href="/places/"' in html or 'href="/en/places/"' in html
    assert 'name="robots" content="noindex"' in html
    if not url.startswith("/en/"):
        assert "Không tìm thấy trang" in html
        assert "Có thể vì" in html
    assert client.head(url).status_code == 404


def test_404_template_renders_without_a_request(db):
    html = render_to_string("404.html", {"request_path": "/khong-co/"})
    assert "Không tìm thấy trang" in html and "/khong-co/" in html


def test_500_page_is_static(db, rf, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = server_error(rf.get("/"))
    assert response.status_code == 500
    html = response.content.decode()
    assert "Xin lỗi, máy chủ gặp lỗi" in html
    assert 'href="/documents/"' in html and "{%" not in html
    template = (Path(settings.BASE_DIR) / "templates" / "500.html").read_text(encoding="utf-8")
    assert "{%" not in template and "{{" not in template
