"""Texts of corpus documents read from public pages (fixtures/texts.json, issue 15).

What a reader relies on: every text in the index names the page it was read from (publisher,
headline, address), carries a sentence of its own that identifies the document and the page's
sentence that names it by number, says whether it is the whole document, and — once loaded by
the command `make run` uses — sits on the right document with that page as its source and its
provisions built; loading again changes nothing, and an editor's correction survives.
"""

from __future__ import annotations

import json
import re
import unicodedata
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from documents.domain.symbols import parse_symbol
from documents.models import Document, DocumentText, Provision, SourceMention
from documents.page_texts import entry_text, read_index

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "fixtures"
INDEX = FIXTURES / "texts.json"
CORPUS_FILES = ("central.json", "central_pending.json", "central_seed_updates.json")
PENDING = FIXTURES / "central_pending.json"

ENTRIES = read_index(INDEX)


def _corpus() -> tuple[dict[str, dict], dict[str, str]]:
    """(source by reference, symbol by document slug) over the seed and the corpus files."""
    sources, symbols = {}, {}
    for name in CORPUS_FILES:
        data = json.loads((FIXTURES / name).read_text(encoding="utf-8"))
        sources.update({s["reference"]: s for s in data["sources"]})
        symbols.update({d["slug"]: d["symbol"] for d in data["documents"]})
    for item in json.loads((FIXTURES / "seed.json").read_text(encoding="utf-8")):
        if item["model"] == "documents.document":
            symbols[item["fields"]["slug"]] = item["fields"]["symbol"]
    return sources, symbols


def _names_by_number(sentence: str, symbol: str) -> bool:
    parsed = parse_symbol(symbol)
    number = f"{parsed.number}/{parsed.year}" if getattr(parsed, "year", None) else str(
        parsed.number)
    return re.search(rf"(?<![\d/]){re.escape(number)}(?!\d)", sentence) is not None


@pytest.mark.parametrize("entry", ENTRIES, ids=[e["symbol"] for e in ENTRIES])
def test_every_text_names_its_page_and_document(entry):
    sources, symbols = _corpus()
    assert symbols.get(entry["document"]) == entry["symbol"]
    source = sources[entry["source"]] if isinstance(entry["source"], str) else entry["source"]
    assert source["url"].startswith(("https://", "http://"))
    assert source["publisher"].strip() and source["headline"].strip()
    text = entry_text(entry)
    raw = (FIXTURES / entry["file"]).read_text(encoding="utf-8")
    assert unicodedata.is_normalized("NFC", raw)
    assert entry["quote"] in text
    assert _names_by_number(entry["page_quote"], entry["symbol"])
    assert isinstance(entry["complete"], bool)
    if not entry["complete"]:
        assert entry["extent"].strip()  # what part of the document the excerpt is
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", entry["read_on"])


def test_every_text_file_is_in_the_index():
    listed = {e["file"] for e in ENTRIES}
    on_disk = {f"texts/{p.name}" for p in (FIXTURES / "texts").glob("*.txt")}
    assert on_disk == listed
    assert len({e["document"] for e in ENTRIES}) == len(ENTRIES)


def test_the_fixtures_readme_names_every_page_a_text_was_read_from():
    readme = (FIXTURES / "README.md").read_text(encoding="utf-8")
    sources, _ = _corpus()
    for entry in ENTRIES:
        given = entry["source"]
        source = sources[given] if isinstance(given, str) else given
        assert f"`{source['reference']}`" in readme and source["url"] in readme


def test_make_seed_loads_the_texts_after_the_central_corpus():
    steps = (ROOT / "Makefile").read_text(encoding="utf-8")
    steps = steps[steps.index("SEED_STEPS :="):]
    assert steps.index("fixtures/central.json") < steps.index("load_texts")


@pytest.fixture
def corpus(db):
    call_command("load_seed", stdout=StringIO())
    call_command("import_dataset", str(FIXTURES / "central.json"), stdout=StringIO(),
                 stderr=StringIO())
    slug = "luat-can-bo-cong-chuc-va-luat-vien-chuc-sua-doi-2019"
    call_command("import_dataset", str(PENDING), "--replace-only", f"documents/{slug}",
                 stdout=StringIO(), stderr=StringIO())


def _load(*args: str) -> str:
    out = StringIO()
    call_command("load_texts", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


@pytest.mark.django_db
def test_without_excerpts_only_complete_texts_are_loaded(corpus):
    _load()
    complete = {e["document"] for e in ENTRIES if e["complete"]}
    loaded = set(DocumentText.objects.values_list("document__slug", flat=True))
    assert loaded == complete


@pytest.mark.django_db
def test_every_text_loads_onto_its_document_with_its_page(corpus):
    assert "created" in _load("--excerpts")
    sources, _ = _corpus()
    for entry in ENTRIES:
        document = Document.objects.get(slug=entry["document"])
        (text,) = document.texts.all()
        reference = entry["source"] if isinstance(entry["source"], str) \
            else entry["source"]["reference"]
        assert text.source.reference == reference and text.source.url
        assert (text.method, text.status, text.file_id) == ("web_page", "done", None)
        assert text.excerpt == (not entry["complete"])  # a beginning says it is one
        assert entry["quote"] in text.text
        assert text.extracted == entry_text(entry)
        assert Provision.objects.filter(document_text=text).exists()
        assert SourceMention.objects.filter(source=text.source, document=document).exists()


@pytest.mark.django_db
def test_loading_again_changes_nothing_and_keeps_an_editors_correction(corpus):
    _load("--excerpts")
    entry = ENTRIES[0]
    text = DocumentText.objects.get(document__slug=entry["document"])
    text.corrected = text.extracted + "\n(hiệu đính)"
    text.save()
    before = set(DocumentText.objects.values_list("id", "extracted", "corrected"))
    assert "nothing to do" in _load("--excerpts")
    assert set(DocumentText.objects.values_list("id", "extracted", "corrected")) == before


@pytest.mark.django_db
def test_a_changed_page_copy_updates_the_extraction_not_the_correction(corpus, tmp_path):
    entry = dict(ENTRIES[0], complete=True, file="changed.txt")
    (tmp_path / "changed.txt").write_text(entry_text(ENTRIES[0]) + "\nDòng thêm.",
                                          encoding="utf-8")
    index = tmp_path / "texts.json"
    index.write_text(json.dumps({"format": "catalogue-texts", "texts": [entry]}),
                     encoding="utf-8")
    _load("--excerpts")
    text = DocumentText.objects.get(document__slug=entry["document"])
    text.corrected = "Bản hiệu đính."
    text.save()
    assert "1 updated" in _load("--index", str(index))
    text.refresh_from_db()
    assert text.extracted.endswith("Dòng thêm.") and text.text == "Bản hiệu đính."


@pytest.mark.django_db
def test_a_text_naming_another_documents_symbol_is_refused(corpus, tmp_path):
    entry = dict(ENTRIES[0], complete=True, symbol="999/2099/NĐ-CP",
                 file=str(FIXTURES / ENTRIES[0]["file"]))
    index = tmp_path / "texts.json"
    index.write_text(json.dumps({"format": "catalogue-texts", "texts": [entry]}),
                     encoding="utf-8")
    with pytest.raises(CommandError, match="nothing was changed"):
        _load("--index", str(index))
    assert not DocumentText.objects.exists()


@pytest.mark.django_db
def test_a_text_from_a_page_not_yet_in_the_corpus_creates_its_source_once(corpus, tmp_path):
    page = {"reference": "texts/test-page", "kind": "other", "publisher": "Trang thử",
            "headline": "Tiêu đề thử", "url": "https://example.org/van-ban",
            "published_date": "2024-10-25"}
    entry = dict(ENTRIES[0], complete=True, source=page,
                 file=str(FIXTURES / ENTRIES[0]["file"]))
    index = tmp_path / "texts.json"
    index.write_text(json.dumps({"format": "catalogue-texts", "texts": [entry]}),
                     encoding="utf-8")
    _load("--index", str(index))
    _load("--index", str(index))
    (text,) = DocumentText.objects.all()
    assert (text.source.reference, text.source.url) == ("texts/test-page", page["url"])
    assert str(text.source.published_date) == "2024-10-25"
    assert SourceMention.objects.get(source=text.source).quote == entry["page_quote"]


COMPLETE = [e for e in ENTRIES if e["complete"]]


def source_of(entry: dict) -> dict:
    """The source an entry describes, or the corpus source it names."""
    given = entry["source"]
    return _corpus()[0][given] if isinstance(given, str) else given


def test_complete_texts_name_the_file_they_were_copied_from_at_its_commit():
    assert len(COMPLETE) >= 3
    for entry in COMPLETE:
        source = source_of(entry)
        # the stored copy read (a repository file at a fixed commit), and the page it copies
        assert re.fullmatch(r"https://github\.com/[\w.-]+/[\w.-]+/blob/[0-9a-f]{40}/\S+",
                            source["url"])
        assert "https://xaydungchinhsach.chinhphu.vn/" in source["date_note"]
        assert entry["gaps"].strip()  # what the copy lacks, said even when it is little


@pytest.mark.django_db
def test_each_complete_text_is_loaded_with_every_article_and_its_closing(corpus):
    _load()
    for entry in COMPLETE:
        text = DocumentText.objects.get(document__slug=entry["document"])
        assert text.source.url == source_of(entry)["url"]
        # the articles before any appendix (a form in an appendix may have its own "Điều 1.")
        body = re.split(r"^(?:PHỤ LỤC|Phụ lục)\s*$", entry_text(entry), flags=re.M)[0]
        numbers = [int(n) for n in re.findall(r"^Điều (\d+)\.", body, re.M)]
        assert numbers == list(range(1, len(numbers) + 1)) and len(numbers) >= 30
        articles = list(text.provisions.filter(kind="dieu").values_list("anchor", flat=True))
        assert articles == [f"dieu-{n}" for n in numbers], entry["symbol"]
        last = text.provisions.get(anchor=f"dieu-{numbers[-1]}")
        # the recipients or the adoption line start the closing: not part of the last article
        closing = text.provisions.get(kind="closing")
        assert closing.position > last.position
        assert "Lưu: VT" not in last.body and "thông qua ngày" not in last.body
        assert text.provisions.filter(kind="chuong").count() >= 5
        if body != entry_text(entry):  # the forms of an appendix stay one provision
            assert text.provisions.filter(kind="appendix").count() == 1
