"""The English version of the public pages (/en/…): the translation catalogue in
locale/en is compiled, used, and complete (every string makemessages finds in the code and
templates is translated), so no interface text is left in Vietnamese. Places, issuing
bodies, topics and indicators are named in English where they have an English name
(``name_en``); the documents' own content (titles, quotes, notes) stays in Vietnamese."""

from __future__ import annotations

import contextlib
import gettext as gettext_module
import html as html_module
import re
import shutil
from dataclasses import dataclass, field
from importlib import import_module
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import models
from django.test import override_settings
from django.utils import translation
from django.utils.translation import trans_real
from page_helpers import attr, find, find_all, visible_text
from page_helpers import text as element_text

from documents.domain.vietnamese import capitalise_first
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
    read = ("title", "aria-label", "placeholder", "alt", "content")
    attrs = [value for element in find_all(html) for name, value in element.attributes
             if name in read and value]
    return visible_text(" ".join([html, *(html_module.escape(a) for a in attrs)]))


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
                    values.add(capitalise_first(value))  # a title as pages show it
        if any(f.name == "uncertain" for f in model._meta.concrete_fields):
            # the notes of uncertain facts (shown beside a fact, or in a short mark's title)
            for marks in model.objects.exclude(uncertain={}).values_list("uncertain", flat=True):
                for mark in (marks or {}).values():
                    note = re.sub(r"\s+", " ", mark.get("note") or "").strip()
                    if len(note) >= 3:
                        values.add(note)
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


@dataclass
class PoEntry:
    msgid: str
    msgctxt: str | None = None
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    references: list[str] = field(default_factory=list)
    obsolete: bool = False


_PO_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\"}


def _po_string(line: str) -> str:
    """The text of one quoted PO string ``"…"``, C escapes decoded."""
    quoted = re.fullmatch(r'\s*"(.*)"\s*', line)
    assert quoted, f"not a PO string: {line!r}"
    return re.sub(r"\\(.)", lambda m: _PO_ESCAPES.get(m.group(1), m.group(0)), quoted.group(1))


def _po_entries(text: str) -> dict[tuple[str | None, str], PoEntry]:
    """The entries of a .po or .pot file by (msgctxt, msgid), the header (msgid "") left
    out. Enough of the format for what makemessages writes and for the hand-kept .po."""
    entries: dict[tuple[str | None, str], PoEntry] = {}
    for block in re.split(r"\n[ \t]*\n", text):
        fields: dict[str, str] = {}
        flags: set[str] = set()
        references: list[str] = []
        obsolete = False
        key = None
        for raw in block.splitlines():
            line = raw
            if line.startswith("#~"):
                obsolete, line = True, line[2:].lstrip()
            if line.startswith("#,"):
                flags |= {f.strip() for f in line[2:].split(",") if f.strip()}
                continue
            if line.startswith("#:"):
                references += line[2:].split()
                continue
            if not line.strip() or line.startswith("#"):
                continue
            keyword = re.match(r"(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s+(.*)", line)
            if keyword:
                key = keyword.group(1)
                fields[key] = _po_string(keyword.group(2))
            else:
                assert key, f"PO continuation line without a keyword: {raw!r}"
                fields[key] += _po_string(line)
        if "msgid" not in fields or fields["msgid"] == "":
            continue
        msgstr = {int(k[7:-1]): v for k, v in fields.items() if k.startswith("msgstr[")}
        if "msgstr" in fields:
            msgstr[0] = fields["msgstr"]
        entry = PoEntry(fields["msgid"], fields.get("msgctxt"), fields.get("msgid_plural"),
                        msgstr, flags, references, obsolete)
        entries[(entry.msgctxt, entry.msgid)] = entry
    return entries


def _project_sources() -> list[Path]:
    """What makemessages should read: the project's own apps, its settings package (URLs,
    settings) and its template directories — everything of ours, nothing installed."""
    base = Path(settings.BASE_DIR).resolve()
    found = {Path(import_module(settings.ROOT_URLCONF).__file__).resolve().parent}
    found |= {Path(config.path).resolve() for config in apps.get_app_configs()}
    for engine in settings.TEMPLATES:
        found |= {Path(d).resolve() for d in engine.get("DIRS", [])}
    return sorted(p for p in found if p.is_dir() and p.is_relative_to(base) and p != base)


def _extract_messages(tmp_path: Path) -> dict[tuple[str | None, str], PoEntry]:
    """Run ``makemessages -l en`` as a maintainer would, on a copy of the project's code
    and templates in *tmp_path* (makemessages writes temporary files beside the templates
    it reads, and its .po, so it never runs on the working tree here), and return the
    entries of the template (.pot) it builds."""
    base = Path(settings.BASE_DIR).resolve()
    copy = tmp_path / "project"
    for source in _project_sources():
        shutil.copytree(source, copy / source.relative_to(base),
                        ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "*.mo"),
                        dirs_exist_ok=True)
    (copy / "locale").mkdir(parents=True, exist_ok=True)
    with contextlib.chdir(copy), override_settings(LOCALE_PATHS=[str(copy / "locale")]):
        call_command("makemessages", locale=["en"], keep_pot=True, verbosity=0)
    pot = copy / "locale" / "django.pot"
    assert pot.exists(), "makemessages wrote no django.pot"
    return _po_entries(pot.read_text(encoding="utf-8"))


_PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|%[sd]")


def _missing_translation(wanted: PoEntry, have: PoEntry | None) -> str | None:
    """Why *have* (the .po's entry) does not translate *wanted* (the .pot's), or None."""
    if have is None or have.obsolete:
        return "not in the catalogue"
    if "fuzzy" in have.flags:
        return "fuzzy"
    if (wanted.msgid_plural or None) != (have.msgid_plural or None):
        return f"plural form differs (catalogue has {have.msgid_plural!r})"
    forms = (0, 1) if wanted.msgid_plural else (0,)
    if any(not have.msgstr.get(n, "").strip() for n in forms):
        return "empty translation"
    allowed = set(_PLACEHOLDER.findall(wanted.msgid + (wanted.msgid_plural or "")))
    for n in forms:
        unknown = set(_PLACEHOLDER.findall(have.msgstr[n])) - allowed
        if unknown:
            return f"translation uses placeholders the source does not give: {sorted(unknown)}"
    return None


def test_every_interface_string_is_translated(tmp_path):
    """Every msgid makemessages finds in the code and templates has an English msgstr in
    locale/en/LC_MESSAGES/django.po (both plural forms; not fuzzy; no placeholder the source
    does not supply). A failure lists what to add, with where each string is used."""
    extracted = _extract_messages(tmp_path)
    assert len(extracted) > 300, "makemessages found suspiciously few strings"
    catalogue = _po_entries(PO_FILE.read_text(encoding="utf-8"))
    missing = []
    for key, wanted in sorted(extracted.items(), key=lambda kv: (kv[1].references, kv[0][1])):
        reason = _missing_translation(wanted, catalogue.get(key))
        if reason:
            where = ", ".join(wanted.references[:3]) or "?"
            plural = f" / {wanted.msgid_plural!r}" if wanted.msgid_plural else ""
            context = f" [context {wanted.msgctxt!r}]" if wanted.msgctxt else ""
            missing.append(f"{wanted.msgid!r}{plural}{context} ({where}): {reason}")
    assert not missing, (
        f"{len(missing)} interface strings without an English translation in {PO_FILE}:\n"
        + "\n".join(missing)
    )


def test_po_parser_reads_plurals_context_and_continuations():
    text = (
        'msgid ""\nmsgstr ""\n"Language: en\\n"\n\n'
        '#: a.html:1\n#, python-format\nmsgid "%(n)s văn bản"\nmsgid_plural "%(n)s văn bản"\n'
        'msgstr[0] "%(n)s document"\nmsgstr[1] "%(n)s documents"\n\n'
        'msgctxt "tháng"\nmsgid "Năm"\nmsgstr "Year"\n\n'
        'msgid ""\n"Dài "\n"\\"hai\\" dòng"\nmsgstr ""\n"Long, "\n"two lines"\n\n'
        '#, fuzzy\nmsgid "Mờ"\nmsgstr "Fuzzy"\n\n'
        '#~ msgid "Cũ"\n#~ msgstr "Old"\n'
    )
    entries = _po_entries(text)
    plural = entries[(None, "%(n)s văn bản")]
    assert plural.msgstr == {0: "%(n)s document", 1: "%(n)s documents"}
    assert plural.references == ["a.html:1"] and "python-format" in plural.flags
    assert entries[("tháng", "Năm")].msgstr == {0: "Year"}
    assert entries[(None, 'Dài "hai" dòng')].msgstr == {0: "Long, two lines"}
    assert _missing_translation(plural, plural) is None
    assert _missing_translation(entries[(None, "Mờ")], entries[(None, "Mờ")]) == "fuzzy"
    assert _missing_translation(entries[(None, "Cũ")], entries[(None, "Cũ")]).startswith("not")
    assert _missing_translation(plural, None) == "not in the catalogue"
    bad = PoEntry("%(n)s văn bản", msgstr={0: "%(count)s document"})
    assert "placeholders" in _missing_translation(PoEntry("%(n)s văn bản"), bad)
    untranslated = PoEntry(plural.msgid, None, plural.msgid_plural, {0: "x", 1: ""})
    assert _missing_translation(plural, untranslated) == "empty translation"


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
    # The status, symbol, type, title, issuer and date are in the heading block, shown once
    # without labels; the facts list the rest.
    for label in ("Document details", "Place", "Permanent address",
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
    nav = find(html, "nav", class_="lang-switch")
    link = find(nav, "a", hreflang=hreflang)
    return attr(link, "href")


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



# --- names of places, bodies, topics and indicators in the page's language ------------------
# Places, issuing bodies, topics and indicators may have an English name (name_en); English
# pages show it wherever the thing is named (links, headings, titles, chips, tables), and
# fall back to the Vietnamese name when there is none. Documents' own titles stay Vietnamese.


def _link_texts(html: str, href: str) -> list[str]:
    """The visible text of every link on the page to exactly *href*."""
    return [element_text(a) for a in find_all(html, "a", href=href)]


def _local(obj, lang: str) -> str:
    return (lang == "en" and obj.name_en) or obj.name


def _assert_links_named(client, path: str, objects, langs=("vi", "en")) -> dict[str, str]:
    """On *path* in each language, every link to each of *objects* reads its name in that
    language. Returns the pages' HTML by language."""
    pages = {}
    for lang in langs:
        with translation.override(lang):
            url = (f"/{lang}" if lang != "vi" else "") + path
            html = pages[lang] = _get(client, url)
            for obj in objects:
                href = obj.get_absolute_url()
                texts = _link_texts(html, href)
                assert texts, (url, f"no link to {href}")
                assert set(texts) == {_local(obj, lang)}, (url, href, texts)
    return pages


def _heading(html: str) -> str:
    return element_text(find(html, "h1"))


def _title(html: str) -> str:
    return element_text(find(html, "title"))


def _row_headers(html: str) -> list[str]:
    return [element_text(cell) for cell in find_all(html, "th", scope="row")]


def _meta_description(html: str) -> str:
    return attr(find(html, "meta", name="description"), "content")


@pytest.fixture
def english_indicator(seed):
    """The seed's indicators have no English name yet: give one of 34-ĐA/TU's one."""
    from documents.models import Indicator

    indicator = Indicator.objects.get(slug="ty-le-can-bo-chu-chot-cap-xa-duoi-35-tuoi")
    indicator.name_en = "Share of key commune-level cadres under 35"
    indicator.save()
    return indicator


def test_seed_has_english_names_to_show(seed):
    from documents.models import IssuingBody, Locality, Topic

    for model in (Locality, IssuingBody, Topic):
        assert model.objects.exclude(name_en="").exists(), model
    assert Locality.objects.get(slug="ha-noi").name_en == "Hanoi"


def test_document_page_names_places_bodies_topics_in_the_language(client, seed,
                                                                  english_indicator):
    doc = Document.objects.select_related("issuing_body", "locality").get(symbol="34-ĐA/TU")
    body, place = doc.issuing_body, doc.locality
    topics = list(doc.topics.all())
    assert body.name_en and place.name_en and all(t.name_en for t in topics)
    objects = [body, place, place.parent, *topics]
    pages = _assert_links_named(client, f"/documents/{doc.slug}/", objects)
    en, vi = pages["en"], pages["vi"]
    # The breadcrumbs, the head and the facts all name the place and the issuer in English.
    crumbs = find(en, "nav", class_="breadcrumbs")
    assert _link_texts(crumbs, f"/en/places/{place.slug}/") == ["Hanoi"]
    assert len(_link_texts(en, f"/en/bodies/{body.slug}/")) >= 1  # the head (once)
    assert body.name_en in _meta_description(en) and body.name in _meta_description(vi)
    # Targets: the indicator with an English name, the others in Vietnamese (no name_en).
    assert any(h.startswith(english_indicator.name_en) for h in _row_headers(en))
    assert not any(h.startswith(english_indicator.name) for h in _row_headers(en))
    assert any(h.startswith(english_indicator.name) for h in _row_headers(vi))
    other = doc.targets.exclude(indicator=english_indicator).first().indicator
    assert not other.name_en and any(h.startswith(other.name) for h in _row_headers(en))
    # The document's own title stays Vietnamese.
    assert _heading(en) == _heading(vi) == doc.title


def test_place_page_names_in_the_language(client, seed, english_indicator):
    from documents.models import IssuingBody, Locality

    hanoi = Locality.objects.get(slug="ha-noi")
    children = list(hanoi.children.all())
    bodies = list(IssuingBody.objects.filter(locality=hanoi).exclude(name_en="")[:3])
    assert children and bodies
    pages = _assert_links_named(client, "/places/ha-noi/", [hanoi.parent, *children, *bodies])
    en, vi = pages["en"], pages["vi"]
    assert _heading(en) == "Hanoi" and _heading(vi) == "Hà Nội"
    assert _title(en).startswith("Hanoi — ") and _title(vi).startswith("Hà Nội — ")
    assert "Hanoi" in _meta_description(en) and "Hà Nội" in _meta_description(vi)
    crumbs = element_text(find(en, "nav", class_="breadcrumbs"))
    assert "Viet Nam" in crumbs and "Việt Nam" not in crumbs
    targets = _row_headers(find(en, "section", aria_labelledby="targets-h"))
    assert any(h.startswith(english_indicator.name_en) for h in targets)


def test_body_page_names_in_the_language(client, seed):
    from documents.models import IssuingBody

    body = IssuingBody.objects.select_related("locality__parent").get(slug="thanh-uy-ha-noi")
    children = [c for c in body.children.all() if c.name_en]
    assert body.name_en and children
    pages = _assert_links_named(client, f"/bodies/{body.slug}/",
                                [body.locality, body.locality.parent, *children])
    en, vi = pages["en"], pages["vi"]
    assert _heading(en) == body.name_en == "Hanoi Party Committee"
    assert _heading(vi) == body.name
    assert _title(en).startswith(body.name_en) and _title(vi).startswith(body.name)
    assert body.name_en in _meta_description(en)
    crumbs = element_text(find(en, "nav", class_="breadcrumbs"))
    assert body.name_en in crumbs and body.name not in crumbs


def test_targets_page_names_in_the_language(client, seed, english_indicator):
    from documents.models import Locality

    hanoi = Locality.objects.get(slug="ha-noi")
    # The table of targets (the filter form's choices are the filter form's business).
    tables = {lang: find(_get(client, prefix + "/targets/"), "table")
              for lang, prefix in (("vi", ""), ("en", "/en"))}
    en, vi = element_text(tables["en"]), element_text(tables["vi"])
    assert english_indicator.name_en in en and english_indicator.name not in en
    assert english_indicator.name in vi and english_indicator.name_en not in vi
    cells = [element_text(td) for td in find_all(tables["en"], "td")]
    assert "Hanoi" in cells and "Hà Nội" not in cells
    assert "Hà Nội" in [element_text(td) for td in find_all(tables["vi"], "td")]
    assert "Standing Committee of the Hanoi Party Committee" in en  # 34-ĐA/TU's issuer
    assert "Ban Thường vụ Thành ủy Hà Nội" in vi
    # The active filters (chips) name the chosen place, topic and indicator.
    params = {"locality": hanoi.slug, "topic": "dao-tao-boi-duong",
              "indicator": english_indicator.slug}
    chips = _text(_get(client, "/en/targets/?" + "&".join(f"{k}={v}" for k, v in
                                                          params.items())))
    assert "Place: Hanoi" in chips and "Topic: Training" in chips
    assert f"Indicator: {english_indicator.name_en}" in chips


def test_document_list_chips_name_in_the_language(client, seed):
    query = "?locality=ha-noi&body=thanh-uy-ha-noi&topic=dao-tao-boi-duong"
    en = _get(client, "/en/documents/" + query)
    chips = element_text(find(en, "ul", class_="active-filters"))
    assert "Place: Hanoi" in chips and "Issuing body: Hanoi Party Committee" in chips
    assert "Topic: Training" in chips and "Hà Nội" not in chips
    vi = _get(client, "/documents/" + query)
    chips = element_text(find(vi, "ul", class_="active-filters"))
    assert "Hà Nội" in chips and "Thành ủy Hà Nội" in chips and "Đào tạo, bồi dưỡng" in chips
    exact = _get(client, "/en/documents/?locality=ha-noi&exact_locality=on")
    chips = element_text(find(exact, "ul", class_="active-filters"))
    assert "Hanoi" in chips and "Hà Nội" not in chips


def test_home_page_names_places_in_the_language(client, seed):
    from documents.models import Locality

    top = list(Locality.objects.filter(level=1))
    assert all(loc.name_en for loc in top)
    pages = _assert_links_named(client, "/", top)
    places = element_text(find(pages["en"], "section", aria_labelledby="places-h"))
    assert "Hanoi" in places and "Ho Chi Minh City" in places and "Hà Nội" not in places


def test_place_and_body_indexes_name_in_the_language(client, seed):
    from documents.models import IssuingBody, Locality

    places = list(Locality.objects.filter(level__lte=1))
    _assert_links_named(client, "/places/", places)
    bodies = list(IssuingBody.objects.filter(locality__level__lte=1).exclude(name_en=""))
    _assert_links_named(client, "/bodies/", bodies)


def test_catalogue_graph_topic_choices_in_the_language(client, seed):
    def topic_options(html):
        select = find(html, "select", name="topic")
        return [element_text(option) for option in find_all(select, "option")
                if attr(option, "value")]

    en = topic_options(_get(client, "/en/graph/"))
    vi = topic_options(_get(client, "/graph/"))
    assert "Training" in en and "Đào tạo, bồi dưỡng" not in en
    assert "Đào tạo, bồi dưỡng" in vi and "Training" not in vi


def test_english_feeds_name_the_place_and_topics_in_english(client, seed):
    en = _get(client, "/en/feeds/places/ha-noi.atom")
    assert "<title>New documents: Hanoi</title>" in en
    assert 'term="Training"' in en and 'term="Đào tạo, bồi dưỡng"' not in en
    vi = _get(client, "/feeds/places/ha-noi.atom")
    assert "<title>Văn bản mới: Hà Nội</title>" in vi and 'term="Đào tạo, bồi dưỡng"' in vi


def test_local_name_filter():
    from documents.models import Topic
    from documents.templatetags.catalogue import local_name

    named, unnamed = Topic(name="Thi tuyển", name_en="Competitive examination"), Topic(name="X")
    with translation.override("en"):
        assert local_name(named) == "Competitive examination" and local_name(unnamed) == "X"
        assert local_name(None) == ""
    with translation.override("vi"):
        assert local_name(named) == "Thi tuyển"
