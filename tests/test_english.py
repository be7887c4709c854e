"""The English version of the public pages (/en/…): the translation catalogue in
locale/en is compiled, used, and complete enough that no interface text is left in
Vietnamese. The documents' own content (titles, names of bodies and places) stays in
Vietnamese and is not checked here."""

from __future__ import annotations

import contextlib
import gettext as gettext_module
import html as html_module
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import models
from django.utils import translation
from django.utils.translation import trans_real

from documents.models import Document

LOCALE_DIR = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES"
PO_FILE = LOCALE_DIR / "django.po"
MO_FILE = LOCALE_DIR / "django.mo"


@pytest.fixture(scope="module", autouse=True)
def _compiled_catalogue():
    """The .mo is git-ignored and built by ``make install``; build it here too when it is
    missing or older than the .po, so the suite also works on a fresh clone."""
    assert PO_FILE.exists(), f"missing {PO_FILE}"
    if not MO_FILE.exists() or MO_FILE.stat().st_mtime < PO_FILE.stat().st_mtime:
        with contextlib.chdir(settings.BASE_DIR):
            call_command(
                "compilemessages",
                locale=["en"],
                ignore_patterns=[".venv", "node_modules", "staticfiles"],
                verbosity=0,
            )
        # Forget catalogues loaded earlier in this process (as Django's autoreloader does
        # when a .mo changes), so the fresh one is read.
        gettext_module._translations.clear()
        trans_real._translations = {}
        trans_real._default = None
    assert MO_FILE.exists()
    yield


# Interface wording (never document content) that must not survive on an English page.
VIETNAMESE_INTERFACE = [
    "Tìm kiếm",
    "Tìm văn bản",
    "Cơ quan ban hành",
    "Trích yếu",
    "Số ký hiệu",
    "Loại văn bản",
    "Ngày ban hành",
    "Tình trạng",
    "Trang chủ",
    "Trang sau",
    "Trang trước",
    "Giới thiệu",
    "Địa bàn",
    "Chỉ tiêu",
    "Chỉ số",
    "Giá trị gốc",
    "Thời hạn",
    "Số liệu mới nhất",
    "Văn bản mới nhất",
    "Thông tin văn bản",
    "Liên kết với văn bản khác",
    "Bỏ qua, đến nội dung chính",
    "Điều hướng chính",
    "Theo dõi qua Atom",
    "Dữ liệu tổng hợp",
    "Xem tất cả",
    "Thu hẹp kết quả",
    "Bộ lọc",
    "Lọc",
    "Tất cả",
    "Tìm thấy",
    "mới nhất trước",
    "Sơ đồ",
    "Ngôn ngữ",
    "Đường dẫn",
    "Vị trí trang",
    "Chưa có",
    "chưa rõ",
    "giai đoạn",
    "suy luận",
    "kế thừa bởi",
    "đã giải thể",
]


def _text(html: str) -> str:
    """Visible text and the attributes people read (title, aria-label, placeholder…)."""
    attrs = re.findall(r'\b(?:title|aria-label|placeholder|alt|content)="([^"]*)"', html)
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    body = re.sub(r"<[^>]+>", " ", body)
    text = html_module.unescape(" ".join([body, *attrs]))
    return re.sub(r"\s+", " ", text.replace("\u00a0", " "))


def _data_strings() -> list[str]:
    """Every text value stored in the catalogue's tables (titles, names, notes, quotes…),
    longest first: the documents' own content, which stays Vietnamese on English pages."""
    values: set[str] = set()
    for model in apps.get_app_config("documents").get_models():
        fields = [
            f.name for f in model._meta.concrete_fields
            if isinstance(f, (models.CharField, models.TextField)) and not f.choices
        ]
        for row in model.objects.values_list(*fields):
            for value in row:
                value = re.sub(r"\s+", " ", value or "").strip()
                if len(value) >= 3:
                    values.add(value)
    return sorted(values, key=len, reverse=True)


def _interface_text(html: str, data: list[str]) -> str:
    """The page's text without the catalogue's own content."""
    text = _text(html)
    for value in data:
        text = text.replace(value, " ")
    return text


def _get(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


def _seed_document_url(lang_prefix: str = "") -> str:
    doc = Document.objects.get(symbol="34-ĐA/TU")
    return f"{lang_prefix}/documents/{doc.slug}/"


def _pages(prefix: str) -> list[str]:
    return [
        f"{prefix}/",
        f"{prefix}/documents/",
        _seed_document_url(prefix),
        f"{prefix}/places/ha-noi/",
        f"{prefix}/targets/",
        f"{prefix}/about/",
        f"{prefix}/places/",
        f"{prefix}/bodies/",
    ]


# --- the catalogue itself --------------------------------------------------------------------


def test_catalogue_is_complete():
    """Every msgid has an English msgstr; nothing is fuzzy."""
    text = PO_FILE.read_text(encoding="utf-8")
    entries = [e for e in re.split(r"\n\s*\n", text) if re.search(r"^msgid ", e, re.M)]
    header, entries = entries[0], entries[1:]
    assert "fuzzy" not in header
    assert len(entries) > 300
    for entry in entries:
        if entry.lstrip().startswith("#~"):
            continue  # obsolete entries are not used
        assert "#, fuzzy" not in entry and not re.search(r"^#,.*\bfuzzy\b", entry, re.M), entry
        for match in re.finditer(r'^msgstr(?:\[\d\])? ((?:".*"\n?)+)', entry, re.M):
            value = "".join(re.findall(r'"(.*)"', match.group(1)))
            assert value.strip(), f"untranslated: {entry}"


def test_catalogue_translates_in_code():
    with translation.override("en"):
        assert translation.gettext("Cơ quan ban hành") == "Issuing body"
        assert translation.gettext("Trích yếu") == "Title"
        assert translation.gettext("Số ký hiệu") == "Symbol"
        assert translation.ngettext("%(n)s chỉ tiêu", "%(n)s chỉ tiêu", 2) == "%(n)s targets"
        assert translation.ngettext("%(n)s chỉ tiêu", "%(n)s chỉ tiêu", 1) == "%(n)s target"
    with translation.override("vi"):
        assert translation.gettext("Cơ quan ban hành") == "Cơ quan ban hành"


# --- English pages ---------------------------------------------------------------------------


def test_english_pages_are_in_english(client, seed):
    data = _data_strings()
    for url in _pages("/en"):
        html = _get(client, url)
        assert '<html lang="en">' in html, url
        text = _text(html)
        for word in ("Documents", "Home", "Search", "About", "Issuing bodies", "Places"):
            assert word in text, (url, word)
        text = _interface_text(html, data)
        left = [w for w in VIETNAMESE_INTERFACE if w in text]
        assert not left, (url, left)


def test_english_not_found_page(client, seed):
    response = client.get("/en/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert '<html lang="en">' in html
    text = _text(html)
    assert "Page not found" in text and "Không tìm thấy trang" not in text


def test_english_document_page_labels(client, seed):
    text = _text(_get(client, _seed_document_url("/en")))
    for label in ("Document details", "Status", "Symbol", "Document type", "Title",
                  "Issuing body", "Date of issue", "Place", "Permanent address",
                  "Links with other documents", "Source", "Citation"):
        assert label in text, label
    # The document's own content is not translated.
    assert "34-ĐA/TU" in text


def test_english_list_and_search(client, seed):
    text = _text(_get(client, "/en/documents/?q=ke+hoach"))
    assert "Search results for “ke hoach”" in text
    assert re.search(r"\d+ documents? found", text)
    assert "Tìm thấy" not in text and "Kết quả tìm kiếm" not in text


def test_english_targets_page(client, seed):
    text = _text(_get(client, "/en/targets/"))
    for label in ("Targets", "Indicator", "Baseline", "Deadline", "Latest figure"):
        assert label in text, label


def test_english_place_page(client, seed):
    text = _text(_get(client, "/en/places/ha-noi/"))
    for label in ("Places within", "Documents by year", "Year", "Part of"):
        assert label in text, label


def test_vietnamese_pages_stay_vietnamese(client, seed):
    for url in _pages(""):
        html = _get(client, url)
        assert '<html lang="vi">' in html, url
        text = _text(html)
        for word in ("Trang chủ", "Cơ quan ban hành", "Tìm văn bản", "Giới thiệu"):
            assert word in text, (url, word)
        assert "Issuing body" not in text and "Skip to main content" not in text, url


# --- language switch -------------------------------------------------------------------------


def _switch_href(html: str, hreflang: str) -> str:
    nav = re.search(r'<nav class="lang-switch".*?</nav>', html, re.S)
    assert nav, "no language switch"
    link = re.search(rf'<a href="([^"]*)" hreflang="{hreflang}"', nav.group(0))
    assert link, f"no {hreflang} link in {nav.group(0)}"
    return html_module.unescape(link.group(1))


def test_language_switch_keeps_page_and_query(client, seed):
    vi = _get(client, "/documents/?q=ke+hoach")
    assert _switch_href(vi, "en") == "/en/documents/?q=ke+hoach"
    en = _get(client, "/en/documents/?q=ke+hoach")
    assert _switch_href(en, "vi") == "/documents/?q=ke+hoach"
    assert '<html lang="en">' in en


def test_language_switch_on_a_document_page(client, seed):
    vi_url = _seed_document_url()
    en_url = _seed_document_url("/en")
    assert _switch_href(_get(client, vi_url), "en") == en_url
    assert _switch_href(_get(client, en_url), "vi") == vi_url

