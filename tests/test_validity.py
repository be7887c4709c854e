"""The status as of a day in the database: the SQL of ``with_status()`` gives what the pure rule
gives for every case, the list's status filter and its facet count agree with the rows shown,
the document page says "tính đến" and why with its history, the API and the exports carry it,
and pages are kept per day. "Today" is fixed by ``CATALOGUE_TODAY``: no wall clock."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from documents.clock import today
from documents.domain.validity import current_status
from documents.models import Document, DocumentLink, Source, StatusStatement
from documents.validity import facts_of
from documents.validity_query import statuses
from documents.views.detail import document_queryset

DAY = dt.date(2026, 12, 4)


@pytest.fixture
def fixed_day(settings):
    settings.CATALOGUE_TODAY = DAY.isoformat()
    return DAY


def make(bodies, symbol, **kw):
    kw.setdefault("status", "in_force")
    return Document.objects.create(symbol=symbol, doc_type="ke_hoach", title=f"Văn bản {symbol}",
                                   issuing_body=bodies["btv"], term=bodies["xvii"],
                                   issued_date=kw.pop("issued_date", dt.date(2024, 3, 1)), **kw)


@pytest.fixture
def cases(bodies, places, fixed_day):
    source = Source.objects.create(kind="news", publisher="Báo Hà Nội mới", headline="Tin")
    plan = make(bodies, "188-KH/TU", period_start=2024, period_end=2025)
    current = make(bodies, "1-KH/TU", period_start=2024, period_end=2030)
    planned = Document.objects.create(doc_type="chi_thi", title="Chỉ thị về bầu cử",
                                      issuing_body=bodies["btv"], issued_year=2021,
                                      status="planned")
    places["long_bien"].valid_to = dt.date(2025, 6, 30)
    places["long_bien"].save()
    district = Document.objects.create(symbol="15-ĐA/QU", doc_type="de_an", title="Đề án quận",
                                       issuing_body=bodies["quan_uy"], issued_year=2023,
                                       status="in_force")
    old = make(bodies, "2-KH/TU")
    new = make(bodies, "3-KH/TU", effective_from=dt.date(2025, 1, 1))
    DocumentLink.objects.create(from_document=new, to_document=old, kind="replaces")
    later = make(bodies, "4-KH/TU")
    future = make(bodies, "5-KH/TU", effective_from=dt.date(2027, 1, 1))
    DocumentLink.objects.create(from_document=future, to_document=later, kind="repeals")
    stated = make(bodies, "6-KH/TU", period_end=2025)
    StatusStatement.objects.create(document=stated, status="in_force", as_of=dt.date(2026, 2, 1),
                                   source=source, quote="Kế hoạch tiếp tục được thực hiện.")
    ended = make(bodies, "7-KH/TU", effective_to=dt.date(2026, 6, 1))
    coming = make(bodies, "8-KH/TU", status="not_yet_in_force",
                  effective_from=dt.date(2026, 1, 1))
    return {"plan": plan, "current": current, "planned": planned, "district": district,
            "old": old, "new": new, "later": later, "future": future, "stated": stated,
            "ended": ended, "coming": coming}


EXPECTED = {
    "plan": ("expired", "period_over"), "current": ("in_force", "recorded"),
    "planned": ("unknown", "planned_overdue"), "district": ("unknown", "place_dissolved"),
    "old": ("replaced", "replaced"), "new": ("in_force", "recorded"),
    "later": ("in_force", "recorded"), "future": ("not_yet_in_force", "not_yet"),
    "stated": ("in_force", "stated"), "ended": ("expired", "ended"),
    "coming": ("in_force", "came_into_force"),
}


def test_sql_and_the_pure_rule_agree(cases):
    rows = {d.pk: d for d in Document.objects.with_status(DAY)}
    for name, doc in cases.items():
        doc = Document.objects.select_related("locality").get(pk=doc.pk)
        pure = current_status(facts_of(doc), DAY)
        assert (pure.status, pure.reason) == EXPECTED[name], name
        row = rows[doc.pk]
        assert (row.current_status, row.status_reason) == EXPECTED[name], name


def test_the_document_pages_own_query_leaves_out_no_fact(cases):
    """The page reads the replacing links and the statements only when its document's query
    says there are some (``has_endings``, ``has_status_statements``): never wrongly."""
    for name, doc in cases.items():
        pure = current_status(facts_of(document_queryset().get(pk=doc.pk)), DAY)
        assert (pure.status, pure.reason) == EXPECTED[name], name


def test_statuses_of_many_documents_in_one_query(cases, django_assert_num_queries):
    ids = [doc.pk for doc in cases.values()]
    for _ in range(2):  # compiled once, then only run
        with django_assert_num_queries(1):
            rows = {pk: (status, reason) for pk, status, reason in statuses(ids, DAY)}
        assert rows == {doc.pk: EXPECTED[name] for name, doc in cases.items()}
    earlier = {pk: status for pk, status, _ in statuses(ids, dt.date(2024, 6, 1))}
    assert earlier[cases["old"].pk] == "in_force"  # another day, its own statement
    with django_assert_num_queries(0):
        assert statuses([], DAY) == []


def test_a_year_later_and_earlier(cases):
    earlier = {d.pk: d.current_status for d in Document.objects.with_status(dt.date(2024, 6, 1))}
    assert earlier[cases["plan"].pk] == "in_force"
    assert earlier[cases["old"].pk] == "in_force"  # its replacement in force from 2025
    assert earlier[cases["district"].pk] == "in_force"


def test_today_is_injectable(settings):
    settings.CATALOGUE_TODAY = "2030-01-02"
    assert today() == dt.date(2030, 1, 2)


def test_list_filter_count_and_rows_agree(client, cases):
    page = client.get("/documents/?status=expired").content.decode()
    assert "188-KH/TU" in page and "7-KH/TU" in page and "1-KH/TU" not in page
    from documents.filters import DocumentFilterSet

    fs = DocumentFilterSet({}, queryset=Document.objects.all())
    assert fs.is_valid()
    facet = next(f for f in fs.facets() if f.name == "status")
    counts = {i.value: i.count for i in facet.items}
    shown = {}
    for d in Document.objects.with_status():
        shown[d.current_status] = shown.get(d.current_status, 0) + 1
    assert counts == shown
    for key, n in counts.items():
        chosen = DocumentFilterSet({"status": key}, queryset=Document.objects.all())
        assert chosen.is_valid() and chosen.qs.count() == n
    # the search facets (one statement) count the same
    grouped = Document.objects.all().grouped_counts(["status", "type"])
    assert grouped["status"] == shown


def test_document_page_says_as_of_and_why(client, cases):
    html = client.get(cases["plan"].get_absolute_url()).content.decode()
    assert "tính đến 04/12/2026" in html
    assert "Giai đoạn thực hiện kết thúc năm 2025." in html
    assert "Lịch sử hiệu lực" in html and "Hết giai đoạn thực hiện" in html
    html = client.get(cases["old"].get_absolute_url()).content.decode()
    assert "Bị thay thế bởi" in html and "3-KH/TU" in html
    html = client.get(cases["stated"].get_absolute_url()).content.decode()
    assert "Kế hoạch tiếp tục được thực hiện." in html and "Báo Hà Nội mới" in html
    html = client.get("/en" + cases["plan"].get_absolute_url()).content.decode()
    assert "as of 04/12/2026" in html and "The period it covers ended in 2025." in html


def test_api_and_exports(client, cases):
    data = client.get("/api/documents/?status=expired").json()
    rows = data.get("results", data)
    symbols = {r["symbol"]: r for r in rows}
    assert set(symbols) == {"188-KH/TU", "7-KH/TU"}
    assert symbols["188-KH/TU"]["status_as_of"] == "2026-12-04"
    assert symbols["188-KH/TU"]["recorded_status"] == "in_force"
    assert symbols["188-KH/TU"]["status_basis"] == "Giai đoạn thực hiện kết thúc năm 2025."
    response = client.get("/documents/export.csv?status=unknown")
    csv = b"".join(response.streaming_content).decode()
    assert "15-ĐA/QU" in csv and "2026-12-04" in csv


def test_list_queries_do_not_grow_with_documents(client, cases, bodies):
    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/documents/").status_code == 200
        return len(ctx.captured_queries)

    before = count()
    for i in range(10):
        make(bodies, f"{100 + i}-KH/TU", period_end=2025)
    assert count() == before


def test_pages_are_kept_per_day(settings):
    """A page kept yesterday is not served today: the page store's keys hold the date."""
    import uuid

    from test_page_store import _store

    store = _store(f"s-{uuid.uuid4()}")
    settings.CATALOGUE_TODAY = "2026-12-04"
    store.set("page", "hôm qua")
    assert store.get("page") == "hôm qua"
    settings.CATALOGUE_TODAY = "2026-12-05"
    assert store.get("page") is None


def test_search_facets_with_the_status_chosen(cases):
    """A search counts its free facets in one statement; the status filter is an alias there."""
    from documents.filters import DocumentFilterSet

    fs = DocumentFilterSet({"status": "expired", "q": "văn bản"}, queryset=Document.objects.all())
    assert fs.is_valid()
    facets = {f.name: f for f in fs.facets()}
    assert sum(i.count for i in facets["type"].items) == fs.qs.count() == 2
    both = DocumentFilterSet({"q": "văn bản"}, queryset=Document.objects.all())
    assert both.is_valid()
    counts = {i.value: i.count for i in next(f for f in both.facets() if f.name == "status").items}
    assert counts["expired"] == 2


def test_a_linked_documents_badge_says_what_its_own_page_says(client, cases, bodies):
    """The badge beside a linked document (link lists on a document page) is its status
    today, with its basis — not the status recorded once (188-KH/TU's period ended in 2025)."""
    from page_helpers import section, visible_text

    plan = cases["plan"]
    follower = make(bodies, "9-KH/TU", period_start=2026, period_end=2030)
    DocumentLink.objects.create(from_document=follower, to_document=plan, kind="continues")
    html = client.get(follower.get_absolute_url()).content.decode()
    links = visible_text(section(html, "links-h"))
    assert "188-KH/TU" in links
    assert "Hết hiệu lực toàn bộ" in links  # recorded "Còn hiệu lực"; its period is over
    own = visible_text(client.get(plan.get_absolute_url()).content.decode())
    assert "Hết hiệu lực toàn bộ" in own
