"""The corpus of central documents (fixtures/central.json, fixtures/central_pending.json).

What a reader relies on: the file imports into the seeded catalogue through the same command
`make run` uses (``manage.py import_dataset``), and every document, link and target in it
names the page it comes from (publisher, headline, address) with a sentence quoted from that
page which names the document it supports (its number, or for a "Căn cứ …" preamble the
date by which it cites the document).
"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from documents.domain.symbols import parse_symbol
from documents.models import Document, DocumentLink, IssuingBody, SourceMention

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
CENTRAL = FIXTURES / "central.json"
PENDING = FIXTURES / "central_pending.json"
SEED_UPDATES = FIXTURES / "central_seed_updates.json"
SEED = FIXTURES / "seed.json"
SEED_BODIES = {"ban-chap-hanh-trung-uong", "ban-to-chuc-trung-uong", "quoc-hoi"}


def _load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _number(document: dict) -> str:
    """The number a quote must name: the symbol's number (``65`` of ``65-QĐ/TW``, ``29/2023``
    of ``29/2023/NĐ-CP``)."""
    parsed = parse_symbol(document["symbol"])
    year = getattr(parsed, "year", None)
    return f"{parsed.number}/{year}" if year else str(parsed.number)


def _names(quote: str, document: dict) -> bool:
    """Whether *quote* names *document*: by its number, or by its date written out as a
    preamble does (``ngày 13 tháng 11 năm 2008``)."""
    if document["symbol"]:
        number = re.escape(_number(document)).replace("/", r"\s*/\s*")
        if re.search(rf"(?<![\d/]){number}(?!\d)", quote):
            return True
    if document.get("issued_date"):
        day = dt.date.fromisoformat(document["issued_date"])
        written = rf"ngày 0?{day.day} tháng 0?{day.month}\s+năm {day.year}"
        return re.search(written, quote) is not None
    return False


def _all_files() -> list[tuple[str, dict]]:
    return [(path.name, _load(path)) for path in (CENTRAL, PENDING, SEED_UPDATES)]


def _seed_mentions() -> set[tuple[str, str]]:
    """(document slug, quote) of every mention in the seed fixture."""
    seed = json.loads(SEED.read_text(encoding="utf-8"))
    slugs = {o["pk"]: o["fields"]["slug"] for o in seed if o["model"] == "documents.document"}
    return {(slugs[o["fields"]["document"]], o["fields"]["quote"]) for o in seed
            if o["model"] == "documents.sourcemention"}


# --- the files themselves (both, without a database) ------------------------------------------


@pytest.mark.parametrize("name,data", _all_files(), ids=lambda v: v if isinstance(v, str) else "")
def test_every_source_names_its_page(name, data):
    assert data["sources"], name
    for source in data["sources"]:
        assert source["reference"].startswith("central/"), source["reference"]
        assert source["publisher"].strip() and source["headline"].strip(), source["reference"]
        assert source["url"].startswith(("http://", "https://")), source["reference"]


@pytest.mark.parametrize("name,data", _all_files(), ids=lambda v: v if isinstance(v, str) else "")
def test_every_document_link_and_target_carries_a_quote_that_names_it(name, data):
    sources = {s["reference"] for s in data["sources"]}
    documents = {d["slug"]: d for _, f in _all_files() for d in f["documents"]}
    seed_mentions = _seed_mentions()
    problems = []
    for document in data["documents"]:
        if not [m for m in document["mentions"] if m["source"] in sources]:
            problems.append(f"{document['slug']}: no source of the corpus")
        for mention in document["mentions"]:
            if mention["source"].startswith("seeds/"):
                # a seed record resolved here keeps the seed's own mentions, unchanged
                if (document["slug"], mention["quote"]) not in seed_mentions:
                    problems.append(f"{document['slug']}: seed mention changed")
                continue
            if mention["source"] not in sources:
                problems.append(f"{document['slug']}: source {mention['source']} not in the file")
            if not _names(mention["quote"], document):
                problems.append(f"{document['slug']}: quote from {mention['source']} "
                                f"does not name it: {mention['quote'][:80]!r}")
        for target in document["targets"]:
            if target.get("source") not in sources or len(target.get("quote", "")) < 20:
                problems.append(f"{document['slug']}: a target without a sourced quote")
    for link in data["links"]:
        label = f"{link['from']} {link['kind']} {link['to']}"
        if link["source"] not in sources:
            problems.append(f"{label}: no source in the file")
        elif link["to"] in documents and not _names(link["quote"], documents[link["to"]]):
            problems.append(f"{label}: quote does not name {link['to']}: {link['quote'][:80]!r}")
        elif link["to"] not in documents and len(link["quote"]) < 20:
            problems.append(f"{label}: quote too short")
    assert problems == []


@pytest.mark.parametrize("name,data", _all_files(), ids=lambda v: v if isinstance(v, str) else "")
def test_text_is_nfc_and_single_spaced(name, data):
    for document in data["documents"]:
        quotes = [m["quote"] for m in document["mentions"] if not m["source"].startswith("seeds/")]
        for text in [document["title"], *quotes]:
            assert text == unicodedata.normalize("NFC", text)
            assert "  " not in text and "\n" not in text, text[:80]


def test_the_files_share_no_document_and_pending_holds_only_what_needs_it():
    central = {d["slug"] for d in _load(CENTRAL)["documents"]}
    pending = _load(PENDING)
    updates = {d["slug"] for d in _load(SEED_UPDATES)["documents"]}
    assert central.isdisjoint(d["slug"] for d in pending["documents"])
    assert central.isdisjoint(updates)
    # A pending document is a law (issuer code with the legislature's term), an official
    # letter (no type code), or a consolidated text; a pending link touches one of them.
    for document in pending["documents"]:
        symbol = document["symbol"]
        assert (document["doc_type"] == "luat" and re.search(r"/QH1\d$", symbol)
                or document["doc_type"] == "cong_van" or "VBHN" in symbol), symbol
    pending_slugs = {d["slug"] for d in pending["documents"]}
    for link in pending["links"]:
        assert pending_slugs & {link["from"], link["to"]}, link


# --- through the import command, into the seeded catalogue -------------------------------------


@pytest.fixture
def imported(db):
    call_command("load_seed", stdout=StringIO())
    out = StringIO()
    call_command("import_dataset", str(CENTRAL), stdout=out, stderr=StringIO())
    return out.getvalue()


@pytest.mark.django_db
def test_imports_into_the_seeded_catalogue_and_again_changes_nothing(imported):
    data = _load(CENTRAL)
    assert f"documents: {len(data['documents'])} created" in imported
    assert Document.objects.filter(slug__in=[d["slug"] for d in data["documents"]]).count() == len(
        data["documents"])
    again = StringIO()
    call_command("import_dataset", str(CENTRAL), stdout=again, stderr=StringIO())
    assert "nothing to change" in again.getvalue()


@pytest.mark.django_db
def test_seed_bodies_are_reused_not_duplicated(imported):
    data = _load(CENTRAL)
    used = {d["issuing_body"] for d in data["documents"]} - {None}
    assert {"ban-chap-hanh-trung-uong"} <= used
    assert not SEED_BODIES & {b["slug"] for b in data["bodies"]}
    for slug in SEED_BODIES:
        assert IssuingBody.objects.filter(slug=slug).count() == 1
    assert IssuingBody.objects.filter(name="Quốc hội").count() == 1


@pytest.mark.django_db
def test_every_imported_document_and_link_shows_its_source_and_quote(imported):
    data = _load(CENTRAL)
    by_slug = {d["slug"]: d for d in data["documents"]}
    for document in Document.objects.filter(slug__in=by_slug):
        mentions = SourceMention.objects.filter(document=document).select_related("source")
        assert mentions, document.slug
        for mention in mentions:
            assert mention.source.url and mention.source.publisher, document.slug
            assert _names(mention.quote, by_slug[document.slug]), (document.slug, mention.quote)
    links = DocumentLink.objects.filter(from_document__slug__in=by_slug).select_related(
        "source", "to_document")
    assert links.count() == len(data["links"])
    for link in links:
        assert link.source is not None and link.source.url, link
        assert link.quote.strip(), link


@pytest.mark.django_db
def test_a_replaced_regulation_points_to_its_replacement(imported):
    old = Document.objects.get(slug="98-qd-tw-2017")
    assert old.status == "replaced"
    link = DocumentLink.objects.get(to_document=old, kind="replaces")
    assert link.from_document.symbol == "65-QĐ/TW"
    assert "thay thế Quy định số 98-QĐ/TW" in link.quote


@pytest.mark.django_db
def test_the_seeds_18_nq_tw_gets_its_real_title_and_date_and_keeps_the_article(imported):
    """central_seed_updates.json resolves the seed's by-reference 18-NQ/TW: the title and date
    the corpus's sources give, the article's mention kept, and the central documents that
    evaluate it or rest on it linked to that same record (no second 18-NQ/TW)."""
    call_command("import_dataset", str(SEED_UPDATES), "--replace-only", "documents/18-nq-tw",
                 stdout=StringIO(), stderr=StringIO())
    resolution = Document.objects.get(slug="18-nq-tw")
    assert resolution.title.startswith("Một số vấn đề về tiếp tục đổi mới, sắp xếp tổ chức bộ máy")
    assert resolution.issued_date == dt.date(2017, 10, 25)
    assert not resolution.known_by_reference
    sources = set(SourceMention.objects.filter(document=resolution)
                  .values_list("source__reference", flat=True))
    assert "seeds/003_f161a4db5497ad2c.txt" in sources
    assert "central/nld-18-nq-tw" in sources
    assert Document.objects.filter(symbol="18-NQ/TW").count() == 1
    towards = set(DocumentLink.objects.filter(to_document=resolution)
                  .values_list("from_document__slug", "kind"))
    assert {("210-kl-tw-2025", "evaluates"), ("949-qd-btp-2018", "based_on"),
            ("21-da-tu", "implements")} <= towards


@pytest.mark.django_db
def test_the_laws_and_the_letter_import_and_resolve_the_seeds_2019_law():
    """central_pending.json: laws (QH12–QH15), a consolidated text and an official letter
    import with the real symbols (issue 14), and the seed's by-reference 2019 amendment
    becomes 52/2019/QH14 — the file's values winning for that record only, as
    fixtures/README.md says."""
    call_command("load_seed", stdout=StringIO())
    call_command("import_dataset", str(CENTRAL), stdout=StringIO(), stderr=StringIO())
    slug = "luat-can-bo-cong-chuc-va-luat-vien-chuc-sua-doi-2019"
    call_command("import_dataset", str(PENDING), "--replace-only", f"documents/{slug}",
                 stdout=StringIO(), stderr=StringIO())
    law = Document.objects.select_related("issuing_body").get(slug=slug)
    assert law.symbol == "52/2019/QH14" and law.issuing_body.code == "QH"
    for symbol in ("22/2008/QH12", "80/2025/QH15", "25/VBHN-VPQH", "1814/BNV-TCBC"):
        assert Document.objects.filter(symbol=symbol).exists(), symbol
