"""A change does not make the whole site cold (documents/cache.py, page_store.py, page_tags.py):
after an edit of one document, the pages that do not show it are served as kept — with no
query — while every page that shows it (its own, the lists, the places it applies to, its
issuers', the documents linked to it, their chains and trees) is rendered again on its next
request, in every worker: each test serves pages through two page stores over one shared
store, each with a copy of its own (two processes' worth of local state)."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from cache_helpers import layered
from django.core.cache import caches
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from test_article_entry import _FormReader

from documents import cache as page_cache
from documents.applies_here import AppliesHere, places_applied_to
from documents.models import Document, DocumentLink, IssuingBody, Locality
from documents.page_store import PageStore
from documents.page_tags import LISTS, page_tags

LIST = "/documents/"


def _store(location: str) -> PageStore:
    return PageStore("", {"OPTIONS": layered(location)["OPTIONS"]})


@pytest.fixture
def workers(settings):
    """Two workers' page stores over one shared store (the first is the ``pages`` alias)."""
    location = f"pages-{uuid.uuid4()}"
    settings.CACHES = {**settings.CACHES, "pages": layered(location)}
    settings.PAGE_MAX_AGE = settings.CACHE_MIDDLEWARE_SECONDS = 120
    first = caches["pages"]
    second = _store(location)
    yield first, second
    caches["pages"] = first


@pytest.fixture
def world(places, bodies):
    """A ward's plan (A) under the city's resolution (P, which applies at the ward), with a
    plan (D) carrying A out; elsewhere (Hồ Chí Minh) two unrelated documents B and C."""
    hcm = Locality.objects.create(slug="ho-chi-minh", name="Hồ Chí Minh", kind="city",
                                  parent=places["vn"])
    ward_body = IssuingBody.objects.create(
        slug="dang-uy-viet-hung", name="Đảng ủy phường Việt Hưng", code="ĐU",
        kind="party_committee", locality=places["viet_hung"])
    hcm_body = IssuingBody.objects.create(
        slug="ubnd-tp-hcm", name="UBND TP.HCM", code="UBND", kind="peoples_committee",
        locality=hcm)

    def document(symbol, title, body, year):
        return Document.objects.create(symbol=symbol, doc_type="ke_hoach", title=title,
                                       issuing_body=body, issued_date=dt.date(year, 3, 1),
                                       status="in_force")

    p = document("12-NQ/TU", "Nghị quyết của thành phố về cán bộ", bodies["thanh_uy"], 2021)
    a = document("05-KH/ĐU", "Kế hoạch của phường về cán bộ", ward_body, 2022)
    d = document("07-KH/ĐU", "Kế hoạch tiếp theo của phường", ward_body, 2023)
    b = document("100/KH-UBND", "Kế hoạch của TP.HCM về đô thị", hcm_body, 2022)
    c = document("101/KH-UBND", "Kế hoạch của TP.HCM về giao thông", hcm_body, 2023)
    DocumentLink.objects.create(from_document=a, to_document=p, kind="implements")
    DocumentLink.objects.create(from_document=d, to_document=a, kind="implements")
    return {"p": p, "a": a, "d": d, "b": b, "c": c, "hcm": hcm, **places}


def _serve(worker, client, url, **extra):
    caches["pages"] = worker
    response = client.get(url, **extra)
    assert response.status_code in (200, 304), (url, response.status_code)
    return response


def _html(worker, client, url) -> str:
    return _serve(worker, client, url).content.decode()


def _kept(worker, client, url) -> bytes:
    """The page as served with no query at all (it came from the store)."""
    with CaptureQueriesContext(connection) as queries:
        response = _serve(worker, client, url)
    assert len(queries.captured_queries) == 0, (url, queries.captured_queries[:3])
    return response.content


def _urls(w):
    return {
        "a": w["a"].get_absolute_url(), "b": w["b"].get_absolute_url(),
        "c": w["c"].get_absolute_url(), "p": w["p"].get_absolute_url(),
        "ward": w["viet_hung"].get_absolute_url(), "hcm": w["hcm"].get_absolute_url(),
        "city below": w["hanoi"].get_absolute_url() + "?scope=below", "list": LIST,
    }


def _warm(workers, client, urls) -> dict:
    pages = {}
    for worker in workers:
        for name, url in urls.items():
            pages[name] = _serve(worker, client, url)
    return pages


def _retitle(document, title):
    document = Document.objects.get(pk=document.pk)
    document.title = title
    document.save()


def test_an_edit_keeps_the_pages_that_do_not_show_it(client, workers, world):
    urls = _urls(world)
    before = _warm(workers, client, urls)
    _retitle(world["a"], "Kế hoạch của phường, đã sửa")
    for worker in workers:
        for name in ("b", "c", "hcm"):  # elsewhere: kept, in both workers' copies
            assert _kept(worker, client, urls[name]) == before[name].content
        for name in ("a", "list", "ward", "city below", "p", "d"):
            url = urls.get(name) or world[name].get_absolute_url()
            assert "Kế hoạch của phường, đã sửa" in _html(worker, client, url), name


def test_the_etag_of_an_unchanged_page_survives_an_edit_elsewhere(client, workers, world):
    worker = workers[0]
    urls = _urls(world)
    kept = _serve(worker, client, urls["b"])["ETag"]
    edited = _serve(worker, client, urls["a"])["ETag"]
    listed = _serve(worker, client, LIST)["ETag"]
    _retitle(world["a"], "Kế hoạch của phường, bản mới")
    assert _serve(worker, client, urls["b"], HTTP_IF_NONE_MATCH=kept).status_code == 304
    again = _serve(worker, client, urls["a"], HTTP_IF_NONE_MATCH=edited)
    assert again.status_code == 200 and again["ETag"] != edited
    assert "Kế hoạch của phường, bản mới" in again.content.decode()
    assert _serve(worker, client, LIST, HTTP_IF_NONE_MATCH=listed).status_code == 200


def test_a_city_document_edited_shows_at_every_place_it_applies_to(client, workers, world):
    urls = _urls(world)
    before = _warm(workers, client, urls)
    _retitle(world["p"], "Nghị quyết của thành phố, đã sửa")
    for worker in workers:
        assert "Nghị quyết của thành phố, đã sửa" in _html(worker, client, urls["ward"])
        assert "Nghị quyết của thành phố, đã sửa" in _html(worker, client, urls["a"])
        assert _kept(worker, client, urls["hcm"]) == before["hcm"].content
        assert _kept(worker, client, urls["b"]) == before["b"].content


def test_an_edit_deep_in_a_tree_shows_on_the_top_documents_page(client, workers, world):
    """D carries out A, which carries out P: P's tree shows D two levels down."""
    urls = _urls(world)
    _warm(workers, client, urls)
    assert "07-KH/ĐU" in _html(workers[1], client, urls["p"])
    assert "15/08/2023" not in _html(workers[1], client, urls["p"])
    d = Document.objects.get(pk=world["d"].pk)
    d.issued_date = dt.date(2023, 8, 15)
    d.save()
    for worker in workers:
        assert "15/08/2023" in _html(worker, client, urls["p"])


def test_a_link_added_shows_on_the_other_documents_page(client, workers, world):
    urls = _urls(world)
    before = _warm(workers, client, urls)
    assert "Kế hoạch của phường về cán bộ" not in before["c"].content.decode()
    DocumentLink.objects.create(from_document=world["a"], to_document=world["c"],
                                kind="references")
    for worker in workers:
        assert "Kế hoạch của phường về cán bộ" in _html(worker, client, urls["c"])
        assert _kept(worker, client, urls["b"]) == before["b"].content


def test_a_deleted_document_leaves_every_page_that_showed_it(client, workers, world):
    urls = _urls(world)
    _warm(workers, client, urls)
    world["d"].delete()
    for worker in workers:
        for name in ("a", "p", "ward", "list"):
            assert "Kế hoạch tiếp theo của phường" not in _html(worker, client, urls[name]), name
        caches["pages"] = worker
        assert client.get(world["d"].get_absolute_url()).status_code == 404


def test_a_place_renamed_refreshes_every_page(client, workers, world):
    """Places and bodies are named on pages that cannot be told apart: everything goes."""
    urls = _urls(world)
    _warm(workers, client, urls)
    ward = Locality.objects.get(pk=world["viet_hung"].pk)
    ward.name = "Việt Hưng Mới"
    ward.save()
    for worker in workers:
        assert "Việt Hưng Mới" in _html(worker, client, urls["ward"])
        assert "Việt Hưng Mới" in _html(worker, client, urls["a"])


def test_an_admin_edit_shows_at_once_and_keeps_the_rest(admin_client, workers, world):
    urls = _urls(world)
    before = _warm(workers, admin_client, urls)
    change = f"/admin/documents/document/{world['a'].pk}/change/"
    reader = _FormReader()
    reader.feed(admin_client.get(change).content.decode())
    data = next(form for form in reader.forms if "title" in form)
    data["title"] = "Kế hoạch sửa trong trang quản trị"
    response = admin_client.post(change, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    for worker in workers:
        assert "Kế hoạch sửa trong trang quản trị" in _html(worker, admin_client, urls["a"])
        assert "Kế hoạch sửa trong trang quản trị" in _html(worker, admin_client, urls["ward"])
        assert _kept(worker, admin_client, urls["b"]) == before["b"].content


# --- the tags ---------------------------------------------------------------------------------


def test_tags_come_from_the_address(world):
    slug = world["a"].slug
    assert page_tags(f"/documents/{slug}/") == (f"doc:{slug}", "documents")
    assert page_tags(f"/en/documents/{slug}/text/") == (f"doc:{slug}", "documents")
    assert page_tags(f"/api/documents/{slug}/") == (f"doc:{slug}", "documents")
    assert page_tags("/places/viet-hung/") == ("place:viet-hung", "places")
    assert page_tags("/en/bodies/ubnd-tp-hcm/") == ("body:ubnd-tp-hcm", "bodies")
    for url in ("/", LIST, "/en/documents/", f"/documents/{slug}/graph/", "/api/documents/",
                "/feeds/documents.atom", "/sitemap.xml", "/khong-co/"):
        assert page_tags(url) == (LISTS,), url


def test_what_applies_here_and_its_inverse_agree(world):
    """Every place whose documents apply at X names X among the places it applies to."""
    merged = Locality.objects.create(slug="phuong-moi", name="Phường Mới", kind="ward",
                                     parent=world["hanoi"], valid_from=dt.date(2025, 7, 1))
    world["long_bien"].successors.set([merged])
    for place in Locality.objects.all():
        for applicable in AppliesHere.of(place).place_ids:
            assert place.pk in places_applied_to([applicable], 1000), (place, applicable)
    assert places_applied_to([world["vn"].pk], 2) is None  # more than the limit


def test_every_change_of_a_transaction_is_touched_again_at_commit(workers, world, monkeypatch,
                                                                  django_capture_on_commit_callbacks):
    touched = []
    monkeypatch.setattr(page_cache, "bump_tags", lambda tags: touched.append(set(tags)))
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        _retitle(world["a"], "Một")
        _retitle(world["b"], "Hai")
        inside = len(touched)
    assert inside >= 2 and len(touched) == inside + 1 and len(callbacks) >= 2
    at_commit = touched[-1]
    assert {f"doc:{world['a'].slug}", f"doc:{world['b'].slug}", LISTS} <= at_commit


def test_a_document_whose_status_follows_from_the_edit_is_shown_anew_where_linked(
        client, workers, world):
    """C replaces B; X cites B and shows B's status. C put off (not in force yet): B is no
    longer replaced — on X's page too, though X and C are not linked."""
    DocumentLink.objects.create(from_document=world["c"], to_document=world["b"],
                                kind="replaces")
    x = Document.objects.create(symbol="102/KH-UBND", doc_type="ke_hoach", title="Kế hoạch X",
                                issuing_body=world["b"].issuing_body,
                                issued_date=dt.date(2024, 1, 5), status="in_force")
    DocumentLink.objects.create(from_document=x, to_document=world["b"], kind="references")
    before = {worker: _html(worker, client, x.get_absolute_url()) for worker in workers}
    c = Document.objects.get(pk=world["c"].pk)
    c.effective_from = dt.date(2026, 1, 1)
    c.save()
    for worker in workers:
        after = _html(worker, client, x.get_absolute_url())
        assert after != before[worker]
        caches["pages"].clear()  # what the page says when nothing is kept
        assert _html(worker, client, x.get_absolute_url()) == after


def test_a_change_whose_pages_cannot_be_told_clears_them_all(workers, world, monkeypatch):
    """A failure while naming the pages never loses the change, nor leaves a page stale."""
    import documents.page_tags

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(documents.page_tags, "change_tags", broken)
    pages = workers[0]
    pages.set("sentinel", "kept")
    _retitle(world["a"], "Vẫn lưu được")
    assert Document.objects.get(pk=world["a"].pk).title == "Vẫn lưu được"
    assert pages.get("sentinel") is None
