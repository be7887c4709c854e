"""Every public address of the catalogue, one or more samples per URL pattern, built from the
data in the database (the seed, or the seed with demo data).

``PATTERNS`` maps each named public URL pattern to a function giving its sample addresses and
the content type each must answer with. ``tests/test_every_url.py`` checks that this covers
every pattern the resolver knows (outside the admin), so a new page cannot be forgotten by the
smoke, method and query-count tests that use it.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import connection
from django.test.utils import CaptureQueriesContext

from documents.models import Document, Figure, IssuingBody, Locality, Target, Topic

HTML = "text/html"
JSON = "application/json"
CSV = "text/csv"
ATOM = "application/atom+xml"
XML = "application/xml"
GRAPHML = "application/graphml+xml"
TEXT = "text/plain"
OPENAPI = "application/vnd.oai.openapi"
SQLITE = "application/vnd.sqlite3"


def _doc() -> Document:
    return Document.objects.get(symbol="34-ĐA/TU", issued_year=2023)


def _place() -> Locality:
    return Locality.objects.get(slug="ha-noi")


def _body() -> IssuingBody:
    return _doc().issuing_body


def _topic() -> Topic:
    return _doc().topics.order_by("pk").first()


def _file_url() -> str:
    """A file of the sample document (the seed has none: one is attached, a small PDF made
    here; its storage is the test's own MEDIA_ROOT)."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from file_samples import pdf_bytes

    from documents.models import DocumentFile

    kept = DocumentFile.objects.filter(document=_doc()).order_by("pk").first()
    if kept is None:
        kept = DocumentFile(document=_doc(), file=SimpleUploadedFile("ban-goc.pdf", pdf_bytes()))
        kept.full_clean()
        kept.save()
    return kept.get_absolute_url()


def _text_url() -> str:
    """The sample document's text page, with a text (the seed has none: one is read from a
    public page here, split into provisions as the extraction does)."""
    from documents.models import DocumentText, Source
    from documents.provisions import rebuild_provisions

    doc = _doc()
    if not DocumentText.objects.filter(document=doc).exists():
        source = Source.objects.order_by("pk").first()
        text = DocumentText.objects.create(
            document=doc, source=source, status="done", method="web_page",
            extracted="ĐỀ ÁN\nCăn cứ Nghị quyết số 04-NQ/TU;\nI. MỤC TIÊU\n1. Mục tiêu chung\n"
                      "Nâng cao chất lượng đội ngũ.\na) Đào tạo;\nb) Bồi dưỡng.\n"
                      "II. GIẢI PHÁP\n1. Tuyển chọn.\n")
        rebuild_provisions(text)
    return f"/documents/{doc.slug}/text/"


Samples = Callable[[], list[tuple[str, str]]]

#: URL name → samples (address, content type). Names as the resolver gives them.
PATTERNS: dict[str, Samples] = {
    "documents:home": lambda: [("/", HTML)],
    "documents:list": lambda: [
        ("/documents/", HTML),
        ("/documents/?q=ke+hoach+188", HTML),
        ("/documents/?type=ke_hoach&locality=ha-noi&year_from=2020", HTML),
        ("/documents/?sort=symbol&page=2", HTML),
    ],
    "documents:file": lambda: [(_file_url(), "application/pdf")],
    "documents:export": lambda: [
        ("/documents/export.csv", CSV),
        ("/documents/export.json?locality=ha-noi", JSON),
    ],
    "documents:detail": lambda: [(_doc().get_absolute_url(), HTML)],
    "documents:text": lambda: [(_text_url(), HTML)],
    "documents:graph": lambda: [(_doc().get_absolute_url() + "graph/", HTML)],
    "documents:graph-download": lambda: [
        (f"/documents/{_doc().slug}/graph.graphml", GRAPHML),
        (f"/documents/{_doc().slug}/graph.json", JSON),
    ],
    "documents:coverage": lambda: [(_doc().get_absolute_url() + "coverage/", HTML)],
    "documents:coverage-download": lambda: [(f"/documents/{_doc().slug}/coverage.csv", CSV)],
    "documents:catalogue-graph": lambda: [("/graph/", HTML), ("/graph/?locality=ha-noi", HTML)],
    "documents:catalogue-graph-download": lambda: [
        ("/graph.graphml", GRAPHML), ("/graph.json?locality=ha-noi", JSON),
    ],
    "documents:localities": lambda: [("/places/", HTML)],
    "documents:locality": lambda: [(_place().get_absolute_url(), HTML)],
    "documents:bodies": lambda: [("/bodies/", HTML)],
    "documents:body": lambda: [(_body().get_absolute_url(), HTML)],
    "documents:targets": lambda: [
        ("/targets/", HTML), ("/targets/?locality=ha-noi&due_by=2025", HTML),
    ],
    "documents:targets-export": lambda: [
        ("/targets/export.csv", CSV), ("/targets/export.json", JSON),
    ],
    "documents:about": lambda: [("/about/", HTML)],
    "documents:sqlite-download": lambda: [("/catalogue.sqlite", SQLITE)],
    "documents:feed": lambda: [("/feeds/documents.atom", ATOM)],
    "documents:feed-locality": lambda: [(f"/feeds/places/{_place().slug}.atom", ATOM)],
    "documents:feed-body": lambda: [(f"/feeds/bodies/{_body().slug}.atom", ATOM)],
    "documents:feed-topic": lambda: [(f"/feeds/topics/{_topic().slug}.atom", ATOM)],
    "robots": lambda: [("/robots.txt", TEXT)],
    "sitemap": lambda: [("/sitemap.xml", XML)],
    "django.contrib.sitemaps.views.sitemap": lambda: [("/sitemap-documents.xml", XML)],
    "api-root": lambda: [("/api/", JSON)],
    "api-schema": lambda: [("/api/schema/", OPENAPI)],
    "api-docs": lambda: [("/api/docs/", HTML)],
    "api-redoc": lambda: [("/api/redoc/", HTML)],
    "document-list": lambda: [
        ("/api/documents/", JSON), ("/api/documents/?locality=ha-noi&q=ke+hoach", JSON),
    ],
    "document-detail": lambda: [(f"/api/documents/{_doc().slug}/", JSON)],
    "document-text": lambda: [(f"/api/documents/{_doc().slug}/text/", JSON)],
    "locality-list": lambda: [("/api/localities/", JSON)],
    "locality-detail": lambda: [(f"/api/localities/{_place().slug}/", JSON)],
    "body-list": lambda: [("/api/bodies/", JSON)],
    "body-detail": lambda: [(f"/api/bodies/{_body().slug}/", JSON)],
    "target-list": lambda: [("/api/targets/", JSON)],
    "target-detail": lambda: [
        (f"/api/targets/{Target.objects.filter(document=_doc()).order_by('pk')[0].pk}/", JSON),
    ],
    "link-list": lambda: [("/api/links/", JSON)],
    "figure-list": lambda: [
        ("/api/figures/", JSON),
        ("/api/figures/?locality=ha-noi&indicator=so-can-bo-cong-chuc-cap-xa&year_from=2022"
         "&year_to=2023", JSON),
    ],
    "figure-detail": lambda: [
        (f"/api/figures/{Figure.objects.filter(locality=_place()).order_by('pk')[0].pk}/", JSON),
    ],
    "link-detail": lambda: [(f"/api/links/{_doc().outgoing_links.order_by('pk')[0].pk}/", JSON)],
}

#: Redirects: answered with 301 to the page's permanent address.
REDIRECTS: dict[str, Samples] = {
    "documents:by-id": lambda: [(f"/d/{_doc().pk}/", HTML)],
    "favicon": lambda: [("/favicon.ico", "image/svg+xml")],
}

#: Named patterns that are not public pages (they write, or belong to the admin).
NOT_PUBLIC = {"set_language"}


def samples(names=None) -> list[tuple[str, str, str]]:
    """(URL name, address, content type) for every public pattern (or those *names*)."""
    out = []
    for name, make in PATTERNS.items():
        if names is None or name in names:
            out.extend((name, url, kind) for url, kind in make())
    return out


def html_pages() -> list[str]:
    """Every HTML sample, in Vietnamese; those under the language prefix also in English."""
    urls = [url for _name, url, kind in samples() if kind == HTML]
    english = ["/en" + url for url in urls if not url.startswith("/api/")]
    return urls + english


def query_counts(client) -> dict[str, int]:
    """The number of queries each sample address needs (each must answer 200)."""
    counts = {}
    for _name, url, _kind in samples():
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        assert response.status_code == 200, url
        counts[url] = len(ctx.captured_queries)
    return counts
