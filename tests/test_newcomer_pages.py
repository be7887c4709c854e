"""Issue 16, the public pages: what new users tripped over.

Results before filters in the page (a phone shows them first, one "Bộ lọc (n)" link opens the
filters); the targets as cards (every cell names its column); one search box on the home page,
whose level rows link to the list they count; titles capitalised for display but stored as
the source said them, unknown titles named by type, symbol, issuer and date; labels that read
right in both languages; each fact, quote and participant once on a document page; print
rules for tables and fold-outs.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.template import Context, Template
from django.utils import translation
from page_helpers import attr, find, find_all, text
from page_helpers import page_html as _html
from page_helpers import queries_of as _queries
from page_helpers import section as _section
from page_helpers import visible_text as _text

from documents.domain.vietnamese import capitalise_first
from documents.models import (
    Document,
    DocumentLink,
    Event,
    EventParticipant,
    Indicator,
    Person,
    Source,
    SourceMention,
    Target,
)
from documents.views.detail import event_people, share_quotes

CSS = Path(settings.BASE_DIR, "static", "css", "site.css").read_text(encoding="utf-8")


@pytest.fixture(autouse=True)
def _vietnamese():
    with translation.override("vi"):
        yield


def _ids_in_order(html: str, *ids: str) -> list[int]:
    return [html.index(f'id="{i}"') for i in ids]


# --- results first, one control for the filters --------------------------------------------


def test_list_results_come_before_the_filters_with_one_link_to_them(client, seed):
    html = _html(client.get("/documents/?q=dao+tao&type=de_an&type=ke_hoach&status=in_force"))
    results, refine = _ids_in_order(html, "results", "refine")
    assert results < refine, "the results come first in the page"
    assert html.index('class="doc-row"') < refine
    toggle = find(html, "p", class_="filters-toggle")
    link = find(toggle, "a")
    assert attr(link, "href") == "#refine"
    # Three filters in use (two types, a status); the search words are not counted.
    assert text(link) == "Bộ lọc (3 đang áp dụng)"
    # Inside the filters, a way back to the results; the facets and the form are there.
    aside = find(html, "aside", id="refine")
    assert attr(find(aside, "p", class_="refine-close").children[0], "href") == "#results"
    assert find(aside, "form", id="filters") is not None
    assert find(aside, "section", class_="facets") is not None


def test_list_without_filters_says_only_filters(client, seed):
    html = _html(client.get("/documents/"))
    assert text(find(html, "p", class_="filters-toggle")) == "Bộ lọc"


def test_targets_page_results_first_and_cards(client, seed):
    html = _html(client.get("/targets/?due_by=2030"))
    results, refine = _ids_in_order(html, "results", "refine")
    assert results < refine
    assert text(find(html, "p", class_="filters-toggle")) == "Bộ lọc (1 đang áp dụng)"
    table = find(html, "table", class_="target-list")
    headers = [text(th) for th in find_all(find(table, "thead"), "th")]
    for row in find_all(find(table, "tbody"), "tr"):
        # every cell names its column: on a phone each row is a card of labelled values
        assert [attr(td, "data-label") for td in find_all(row, "td")] == headers
    assert "Số liệu gốc (hiện trạng)" in headers and "Thời hạn" in headers


def test_the_css_folds_the_filters_on_a_narrow_screen_only():
    narrow = CSS[CSS.index("@media (max-width: 56rem) {\n  .results-first"):]
    narrow = narrow[: narrow.index("\n}\n")]
    assert "aside.refine { display: none; }" in narrow
    assert "aside.refine:target { display: block;" in narrow
    assert "wide-table" not in CSS  # the targets page no longer scrolls sideways


# --- the home page -------------------------------------------------------------------------


def test_home_has_one_search_box_and_newest_first(client, seed):
    html = _html(client.get("/"))
    assert len(re.findall(r'<input[^>]+type="search"', html)) == 1
    assert 'id="home-q"' in html and 'id="site-q"' not in html
    assert html.index('id="newest-h"') < html.index('id="level-h"')
    # Every other page keeps the header's search box.
    assert 'id="site-q"' in _html(client.get("/documents/"))


def test_home_level_rows_link_to_the_list_they_count(client, seed):
    html = _html(client.get("/"))
    levels = _section(html, "level-h")
    links = {text(a): attr(a, "href") for a in find_all(levels, "a")}
    assert links["Trung ương"] == "/documents/?level=0"
    assert links["Tỉnh, thành phố"] == "/documents/?level=1"
    counts = {text(th): text(td) for th, td in
              ((find(tr, "th"), find(tr, "td")) for tr in find_all(find(levels, "tbody"), "tr"))}
    for label, href in links.items():
        listed = _html(client.get(href))
        shown = re.search(r"Tìm thấy ([\d.]+) văn bản", _text(listed))
        assert shown and shown.group(1) == counts[label], (label, href)


def test_level_filter(client, seed):
    html = _html(client.get("/documents/?level=0"))
    chips = text(find(html, "ul", class_="active-filters"))
    assert "Cấp ban hành: Trung ương" in chips
    expected = Document.objects.filter(locality__level=0).count()
    assert f"Tìm thấy {expected} văn bản" in _text(html)
    unknown = _html(client.get("/documents/?level=none"))
    assert f"Tìm thấy {Document.objects.filter(locality=None).count()}" in _text(unknown) \
        or Document.objects.filter(locality=None).count() == 0
    bad = client.get("/documents/?level=9")
    assert bad.status_code == 200
    assert "Không có cấp “9”" in bad.content.decode()
    api = client.get("/api/documents/?level=1").json()
    assert api["count"] == Document.objects.filter(locality__level=1).count()


# --- titles --------------------------------------------------------------------------------


def test_capitalise_first():
    assert capitalise_first("phê duyệt đề án") == "Phê duyệt đề án"
    assert capitalise_first("“về thí điểm”") == "“Về thí điểm”"
    assert capitalise_first("đổi mới") == "Đổi mới"
    assert capitalise_first("Hà Nội") == "Hà Nội"
    assert capitalise_first("188 cán bộ") == "188 cán bộ"
    assert capitalise_first("") == ""


def test_lowercase_title_is_shown_capitalised_and_stored_as_said(client, seed):
    doc = Document.objects.get(title__startswith="phê duyệt đề án xây dựng nền công vụ")
    html = _html(client.get(doc.get_absolute_url()))
    assert text(find(html, "h1")).startswith("Phê duyệt đề án xây dựng nền công vụ")
    doc.refresh_from_db()
    assert doc.title.startswith("phê duyệt")  # what the source said
    listed = _html(client.get("/documents/?q=nen+cong+vu"))
    assert "Phê duyệt đề án" in _text(listed)
    api = client.get(f"/api/documents/{doc.slug}/").json()
    assert api["title"].startswith("phê duyệt") and api["display_title"].startswith("Phê duyệt")


def test_unknown_title_is_named_by_type_symbol_issuer_and_date(client, seed):
    doc = Document.objects.select_related("issuing_body").get(symbol="210-TB/TU")
    assert not doc.title_known
    expected = f"{doc.type_label} 210-TB/TU của {doc.issuing_body.name}, ngày 08/04/2021"
    assert doc.display_title == expected
    html = _html(client.get(doc.get_absolute_url()))
    assert text(find(html, "h1")) == expected
    assert "Chưa rõ trích yếu" not in text(find(html, "header", class_="doc-head"))
    listed = _html(client.get("/documents/?q=210-TB/TU"))
    summary = " ".join(text(find(listed, "p", class_="doc-row-summary")).split())
    assert summary.endswith(f"của {doc.issuing_body.name}, ngày 08/04/2021")
    assert "Chưa rõ trích yếu" not in _text(listed)


def test_described_name_without_an_issuer_or_date():
    doc = Document(doc_type="ke_hoach", symbol="", title="Chưa rõ trích yếu")
    assert doc.display_title == "Kế hoạch (chưa rõ số và trích yếu)"
    with translation.override("en"):
        doc = Document(doc_type="quyet_dinh", symbol="1350-QĐ/TU", title="(chưa rõ trích yếu)",
                       issued_date=dt.date(2024, 3, 20))
        assert doc.display_title == "Decision 1350-QĐ/TU, dated 20/03/2024"


# --- labels --------------------------------------------------------------------------------


def _render(source: str, **context) -> str:
    return Template("{% load catalogue %}" + source).render(Context(context))


def test_units_and_comparators_read_right_in_english():
    with translation.override("en"):
        assert _render("{{ v|measure:'people' }}", v=Decimal("1.0000")) == "1 person"
        assert _render("{{ v|measure:'people' }}", v=Decimal("2")) == "2 people"
        assert _render("{{ v|measure:'count' }}", v=1) == "1 unit"
        assert _render("{{ 'exactly'|comparator_label }} {{ v|measure:'percent' }}",
                       v=100) == "reach 100\u00a0%"
    assert _render("{{ v|measure:'people' }}", v=1) == "1 người"
    assert _render("{{ 'exactly'|comparator_label }}") == "đạt"


def test_vietnamese_notes_are_marked_on_english_pages():
    with translation.override("en"):
        marked = _render("{{ note|in_vietnamese }}", note="Bài viết <b>không</b> nêu")
    assert marked == ('<span lang="vi">Bài viết &lt;b&gt;không&lt;/b&gt; nêu</span> '
                      '<span class="lang-note">(in Vietnamese)</span>')
    assert _render("{{ note|in_vietnamese }}", note="Bài viết") == "Bài viết"


def test_labels_on_the_pages(client, seed):
    targets = _html(client.get("/targets/"))
    assert "Giá trị gốc" not in targets and "Số liệu gốc (hiện trạng)" in targets
    assert 'placeholder="năm, vd. 2025"' in targets
    listed = _html(client.get("/documents/"))
    assert 'placeholder="2025"' not in listed
    assert listed.count('placeholder="năm, vd. 2025"') == 3
    assert "Sơ đồ liên kết</a>" in listed
    hanoi = _html(client.get("/documents/?locality=ha-noi"))
    assert "Chỉ cấp" not in hanoi
    assert "Chỉ văn bản của chính Hà Nội (không gồm cấp dưới)" in _text(hanoi)
    with translation.override("en"):
        english = _html(client.get("/en/targets/"))
    assert 'placeholder="year, e.g. 2025"' in english
    assert "Baseline (starting figure)" in english


def test_english_document_page_marks_vietnamese_notes(client, seed):
    doc = Document.objects.get(symbol="34-ĐA/TU")
    link = DocumentLink.objects.filter(from_document=doc).exclude(note="").first() \
        or DocumentLink.objects.filter(to_document=doc).exclude(note="").first()
    assert link is not None
    url = "/en" + doc.get_absolute_url()
    with translation.override("en"):
        html = _html(client.get(url))
    assert '<span class="lang-note">(in Vietnamese)</span>' in html
    assert '<blockquote id="quote-1" lang="vi">' in html


# --- each fact, quote and participant once ---------------------------------------------------


def test_document_page_shows_each_fact_once(client, seed):
    doc = Document.objects.get(symbol="34-ĐA/TU")
    html = _html(client.get(doc.get_absolute_url()))
    head = find(html, "header", class_="doc-head")
    facts = _section(html, "facts-h")
    for shown in ("34-ĐA/TU", "06/11/2023", doc.issuing_body.name):
        assert shown in text(head), shown
        assert shown not in _text(facts).replace("34-da-tu", ""), shown
    labels = [text(dt_) for dt_ in find_all(facts, "dt")]
    for gone in ("Tình trạng", "Số ký hiệu", "Loại văn bản", "Trích yếu", "Cơ quan ban hành",
                 "Ngày ban hành"):
        assert gone not in labels
    assert "Địa bàn" in labels and "Địa chỉ cố định" in labels


def test_share_quotes_prints_a_quote_once():
    objects = [SimpleNamespace(quote=q) for q in
               ("Câu A", "", "Câu  A", "Câu B", "Câu A\n")]
    share_quotes(objects)
    assert [(o.quote_id, o.quote_ref) for o in objects] == [
        ("quote-1", ""), ("", ""), ("", "quote-1"), ("quote-2", ""), ("", "quote-1")]


def test_a_quote_under_targets_and_links_is_shown_once(client, seed):
    doc = Document.objects.get(symbol="34-ĐA/TU")
    quote = "Phấn đấu đến năm 2025 có ít nhất 25% cán bộ chủ chốt cấp xã dưới 35 tuổi."
    targets = list(Target.objects.filter(document=doc)[:2])
    links = list(DocumentLink.objects.filter(from_document=doc)[:1]) + \
        list(DocumentLink.objects.filter(to_document=doc)[:1])
    assert targets and links
    for obj in [*targets, *links]:
        obj.quote = quote
        obj.save()
    html = _html(client.get(doc.get_absolute_url()))
    assert html.count(quote) == 1
    first = re.search(r'<blockquote id="(quote-\d+)">' + re.escape(quote), html)
    assert first, "the first one is a quote with an anchor"
    refs = re.findall(r'<p class="quote-ref"><a href="#(quote-\d+)">Trích dẫn như trên</a>', html)
    assert refs.count(first.group(1)) == len(targets) + len(links) - 1


def test_event_people_lists_each_person_once(db):
    a, b = Person(pk=1, name="A"), Person(pk=2, name="B")
    rows = [SimpleNamespace(person_id=2, person=b, role="attendee", title="x"),
            SimpleNamespace(person_id=1, person=a, role="speaker", title="y"),
            SimpleNamespace(person_id=2, person=b, role="speaker", title="z"),
            SimpleNamespace(person_id=1, person=a, role="chair", title="w")]
    chairs, others = event_people(rows)
    assert [(p.person_id, p.role) for p in chairs] == [(1, "chair")]
    assert [(p.person_id, p.title) for p in others] == [(2, "x")]


def test_a_participant_in_two_roles_is_listed_once(client, seed):
    event = Event.objects.filter(participants__isnull=False).first()
    doc = event.documents.first()
    first = event.participants.select_related("person").first()
    before = _text(_section(_html(client.get(doc.get_absolute_url())), "events-h"))
    other_role = next(r for r in ("attendee", "speaker", "chair")
                      if not event.participants.filter(person=first.person, role=r).exists())
    EventParticipant.objects.create(event=event, person=first.person, role=other_role,
                                    title="khác")
    html = _html(client.get(doc.get_absolute_url()))
    events = _text(_section(html, "events-h"))
    assert events.count(first.person.name) == before.count(first.person.name)


def test_document_page_queries_do_not_grow_with_shared_quotes(client, seed):
    doc = Document.objects.get(symbol="34-ĐA/TU")
    client.get(doc.get_absolute_url())  # its link picture, chain and tree rendered and kept
    before = _queries(client, doc.get_absolute_url())
    SourceMention.objects.create(source=Source.objects.exclude(mentions__document=doc).first(),
                                 document=doc, quote="Cùng một câu.")
    indicator = Indicator.objects.first()
    for _ in range(3):
        Target.objects.create(document=doc, indicator=indicator, comparator="at_least",
                              value=1, unit=indicator.unit, quote="Cùng một câu.",
                              deadline_year=2030)
    assert _queries(client, doc.get_absolute_url()) == before


# --- print --------------------------------------------------------------------------------------


def test_print_rules_keep_table_headers_with_rows_and_drop_fold_out_markers():
    printed = CSS[CSS.index("@media print {"):]
    assert "thead { display: table-header-group; break-inside: avoid; break-after: avoid; }" \
        in printed
    assert "tbody tr:first-child { break-before: avoid; }" in printed
    assert "details:not([open]) { display: none !important; }" in printed
    assert "summary::marker" in printed
