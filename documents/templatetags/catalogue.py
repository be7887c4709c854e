"""Template filters for the public pages: Vietnamese numbers, vocabulary labels
in the active language, link wording from either end, search highlighting.

``{% load catalogue %}`` then e.g. ``{{ 11473|vnum }}`` → ``11.473`` (Vietnamese)
or ``11,473`` (English); ``{{ value|pct }}`` → ``17,9 %``; ``{{ doc.doc_type|doc_type_label }}``;
``{{ link|wording:"from" }}``; ``{{ text|highlight:q }}``; ``{{ source.url|external_url }}``
(the address if it may be a link: http(s) only, else empty).
"""

from __future__ import annotations

import re

from django import template
from django.urls import translate_url
from django.utils.formats import date_format
from django.utils.html import conditional_escape, escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, ngettext

from documents.domain.vietnamese import fold, format_number
from documents.domain.weblinks import web_address
from documents.language import (
    body_label,
    is_english,
    link_wording,
    local_name,
    place_label,
    uncertainty_marks,
    uncertainty_text,
    vocabulary_label,
)
from documents.reversing import address

register = template.Library()

# Vocabulary labels and names in the page's language: thin filters over documents.language,
# which Python code (views, forms, feeds) uses directly.


@register.filter
def external_url(value) -> str:
    """An address outside the catalogue, only if it is ``http(s)://…`` (else ``""``): every
    template that links a source's ``url`` goes through this, so a ``javascript:`` address
    stored by the shell or an old export is never a link."""
    return web_address(value)


@register.filter
def event_kind_label(key):
    return vocabulary_label("event_kind", key)


@register.filter
def doc_type_label(key):
    return vocabulary_label("doc_type", key)


@register.filter
def status_label(key):
    return vocabulary_label("status", key)


@register.filter
def status_basis(doc):
    """A list row's status basis in one line (``documents.validity.row_basis``)."""
    from documents.validity import row_basis

    return row_basis(doc)


@register.filter
def file_kind_label(key):
    return vocabulary_label("file_kind", key)


@register.filter
def file_type_label(content_type):
    """A file's type as readers name it ("PDF", "Word (.docx)")."""
    from documents.uploads import TYPE_LABELS

    return TYPE_LABELS.get(content_type, content_type)


@register.filter
def file_language_label(key):
    return vocabulary_label("file_language", key)


@register.filter
def locality_kind_label(key):
    return vocabulary_label("locality_kind", key)


@register.filter
def body_kind_label(key):
    return vocabulary_label("body_kind", key)


@register.filter
def comparator_label(key):
    return vocabulary_label("comparator", key)


@register.filter
def unit_label(key):
    return vocabulary_label("unit", key)


@register.filter
def level_label(key):
    return vocabulary_label("level", key)


register.filter("local_name", local_name)
# A place or body told apart from its namesakes ("phường Việt Hưng (Hà Nội, từ 01/07/2025)").
register.filter("place_label", place_label)
register.filter("body_label", body_label)


@register.filter
def vnum(value, decimals=None):
    """A number in the active language's format: 11.473 / 17,9 (vi), 11,473 / 17.9 (en)."""
    if value is None or value == "":
        return ""
    try:
        text = format_number(value, int(decimals) if decimals not in (None, "") else None)
    except (ValueError, ArithmeticError, TypeError):
        return value
    if is_english():
        text = text.replace(".", "\0").replace(",", ".").replace("\0", ",")
    return text


@register.filter
def n_documents(n) -> str:
    """``12 văn bản`` / ``12 documents`` (``1 document``): the count badge of the lists of
    places and bodies. The same message as ``{% blocktranslate with shown=n|vnum count n=n %}
    {{ shown }} văn bản{% plural %}…`` without the tag's cost, which adds up over some
    hundred rows."""
    n = n or 0
    return ngettext("%(shown)s văn bản", "%(shown)s văn bản", n) % {"shown": vnum(n)}


@register.filter
def pct(value):
    """``17,9 %`` with a non-breaking space (Vietnamese), ``17.9 %`` (English)."""
    if value is None or value == "":
        return ""
    return f"{vnum(value)}\u00a0%"


@register.filter
def measure(value, unit):
    """A target or figure value with its unit: ``10 %``, ``11.473 người``."""
    if value is None or value == "":
        return ""
    if unit == "percent":
        return pct(value)
    shown, n = vnum(value), _plural_count(value)
    if unit == "people":  # "1 person", "2 people" in English
        return ngettext("%(n)s người", "%(n)s người", n) % {"n": shown}
    if unit == "count":
        return ngettext("%(n)s đơn vị", "%(n)s đơn vị", n) % {"n": shown}
    return f"{shown} {unit_label(unit)}".strip()


def _plural_count(value) -> int:
    """The number ngettext chooses the form by: the value when whole, else 2 (a fraction
    takes the plural in English: "1.5 people")."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return 2
    return int(number) if number.is_integer() else 2


@register.simple_tag
def vi_lang() -> str:
    """`` lang="vi"`` on English pages (the element holds Vietnamese text: a title, a
    quote), nothing on Vietnamese ones."""
    return mark_safe(' lang="vi"') if is_english() else ""


@register.filter(needs_autoescape=True)
def in_vietnamese(text, autoescape=True):
    """A note or remark kept in Vietnamese (data, not translated): on English pages marked
    ``lang="vi"`` and followed by "(in Vietnamese)", so an English reader knows it is left
    untranslated; as it is on Vietnamese pages."""
    if text in (None, ""):
        return ""
    text = escape(text) if autoescape else text
    if not is_english():
        return text
    return mark_safe(f'<span lang="vi">{text}</span> '
                     f'<span class="lang-note">{escape(gettext("(tiếng Việt)"))}</span>')


@register.filter
def wording(link, end="from"):
    """A link's wording seen from one end: "from" (A's page) or "to" (B's page)."""
    return link_wording(link, end)


@register.filter
def kind_wording(kind_key, end="from"):
    return wording(kind_key, end)


_WORD = re.compile(r"\w+", re.UNICODE)


@register.filter(needs_autoescape=True)
def highlight(text, query, autoescape=True):
    """Wrap the words of *text* that match a word of *query* (diacritics ignored) in <mark>."""
    text = "" if text is None else str(text)
    words = {w for w in fold(query or "").split() if len(w) > 1 or w.isdigit()}
    if not words:
        return escape(text) if autoescape else text
    out, last = [], 0
    for match in _WORD.finditer(text):
        if fold(match.group()) in words:
            out.append(escape(text[last:match.start()]))
            out.append(f"<mark>{escape(match.group())}</mark>")
            last = match.end()
    out.append(escape(text[last:]))
    return mark_safe("".join(out))


@register.simple_tag(takes_context=True)
def url_in_language(context, language: str) -> str:
    """This page's address (with its query string) in *language*: ``/en/…`` or ``/…``."""
    request = context.get("request")
    if request is None:
        return "/" if language == "vi" else f"/{language}/"
    return translate_url(request.get_full_path(), language)


@register.simple_tag(name="address")
def address_tag(viewname: str, slug=None) -> str:
    """``{% address 'documents:list' %}``, ``{% address 'documents:text' doc.slug %}``: what
    ``{% url %}`` gives for a name alone or with a slug, reversed once per language
    (``documents.reversing.address``)."""
    return address(viewname, slug)


@register.simple_tag
def uncertain(obj, fact: str, short: bool = False):
    """The mark beside an uncertain fact of *obj* (a document, link, target, figure or body):
    "chưa chắc chắn (lý do)" with the note after it, or only in the mark's tooltip when
    *short* (lists); nothing when the fact is not marked. ``{% uncertain doc "term" %}``."""
    mark = uncertainty_marks(obj).get(fact)
    if mark is None:
        return ""
    text = escape(uncertainty_text(mark))
    note = escape(mark.note)
    html = (f'<span class="uncertain-mark" data-fact="{escape(fact)}" '
            f'data-reason="{escape(mark.reason.key)}"'
            + (f' title="{note}"' if note else "") + f">{text}</span>")
    if note and not short:
        html += f' <span class="uncertain-note muted">{in_vietnamese(mark.note)}</span>'
    return mark_safe(html)


@register.simple_tag
def document_row(doc, q=""):
    """One document in a list (``partials/document_row.html``, which documents it), written
    in Python: a list page shows 10–25 rows, and the template's some forty lookups and
    filters per row were a third of the list's rendering."""
    def mark(fact):
        return uncertain(doc, fact, short=True)

    symbol = doc.symbol
    parts = [
        '<article class="doc-row">\n  <h3 class="doc-row-title">\n    ',
        f'<a href="{escape(doc.get_absolute_url())}">',
        f'<span class="symbol">{highlight(symbol, q)}</span> ' if symbol else "",
        f'<span class="doc-type">{escape(doc_type_label(doc.doc_type))}</span></a>',
        mark("symbol") if symbol else "", mark("doc_type"),
        "\n  </h3>\n  ",
    ]
    known = doc.title_known
    parts += [
        '<p class="doc-row-summary"', vi_lang() if known else "", ">",
        highlight(doc.display_title, q), mark("title") if known else "", "</p>\n",
        '  <p class="doc-row-meta">\n    ',
    ]
    if doc.issuing_body:
        others = doc.co_issuing_bodies
        parts += ["<span>", highlight(local_name(doc.issuing_body), q)]
        for i, other in enumerate(others):
            parts += [f" {escape(gettext('và'))} " if i == len(others) - 1 else ", ",
                      highlight(local_name(other), q)]
        parts += [mark("issuing_body"), "</span>"]
    parts.append("\n    ")
    if doc.issued_date:
        parts += [f"<span>{escape(gettext('ngày'))} <time datetime=\"",
                  escape(date_format(doc.issued_date, "Y-m-d")), '">',
                  escape(date_format(doc.issued_date, "d/m/Y")), "</time>", mark("issued_date"),
                  "</span>"]
    elif doc.issued_year:
        parts += [f"<span>{escape(doc.issued_year)}", mark("issued_date"), "</span>"]
    parts.append("\n    ")
    start, end = doc.period_start, doc.period_end
    if start or end:
        parts += [f"<span>{escape(gettext('giai đoạn'))} {escape(start or '')}",
                  "–" if start and end else "", f"{escape(end or '')}</span>"]
    status = doc.status_now
    parts += [
        f'\n    <span class="status status-{escape(status)}" '
        f'title="{escape(status_basis(doc))}">{escape(status_label(status))}</span>\n    ',
        f'<span class="badge">{escape(gettext("chỉ biết qua dẫn chiếu"))}</span>'
        if doc.known_by_reference else "",
        "\n  </p>\n</article>",
    ]
    return mark_safe("".join(parts))


@register.simple_tag
def facet_items(facet):
    """The ``<li>`` of each value of a facet (``partials/facets.html``, which documents
    them), written in Python: the list's facets show some hundred and fifty values."""
    exact = gettext("Chỉ văn bản của chính %(place)s (không gồm cấp dưới)")
    chosen = escape(gettext("đang chọn; bấm để bỏ"))
    parts = []
    for item in facet.items:
        label = conditional_escape(item.label)
        if facet.name == "locality" and item.params.get("exact_locality"):
            label = exact % {"place": label}
        url = conditional_escape(item.url)
        link = (f'<a href="{url}" aria-current="true"><strong>✓ {label}</strong>'
                f'<span class="visually-hidden"> ({chosen})</span></a>' if item.selected
                else f'<a href="{url}">{label}</a>')
        parts.append(f"\n          <li>\n            \n              {link}\n            \n"
                     f'            <span class="facet-count">{conditional_escape(vnum(item.count))}'
                     "</span>\n          </li>\n        ")
    return mark_safe("".join(parts))


def _ended(valid_to, message: str, after: str = "") -> str:
    """``<span class="muted">(… 30/06/2025…)</span>`` for a row that ended (*message*: the
    translated words with ``%(d)s`` for the day), "" for one that did not."""
    if not valid_to:
        return ""
    day = escape(date_format(valid_to, "d/m/Y"))
    return f'<span class="muted">({message % {"d": day}}{after})</span>'


@register.simple_tag
def place_children(children):
    """The ``<li>`` of each place below a place (``documents/locality_detail.html``, which
    documents the rows: ``place_summary.children_rows``), written in Python: a province lists
    some hundred and fifty."""
    gone = gettext("đã giải thể/sáp nhập sau %(d)s")
    return mark_safe("".join(
        f'\n        <li><a href="{conditional_escape(node["url"])}">'
        f'{conditional_escape(node["name"])}</a>\n'
        f'          <span class="muted">{conditional_escape(node["kind"])}</span>\n'
        f'          <span class="badge">{escape(n_documents(node["count"]))}</span>\n'
        f'          {_ended(node["valid_to"], gone)}\n'
        "        </li>\n        "
        for node in children))


@register.simple_tag
def place_bodies(bodies):
    """The ``<li>`` of each body a place's page lists (``documents/locality_detail.html``,
    which documents the rows: ``place_summary.bodies_by_id``), written in Python: up to two
    hundred."""
    until, succeeded = gettext("đến %(d)s"), escape(gettext("kế thừa bởi"))
    parts = []
    for body in bodies:
        place = body["place"]
        successor = (f"; {succeeded} {conditional_escape(body['successor'])}"
                     if body["successor"] else "")
        parts.append(
            f'\n        <li><a href="{conditional_escape(body["url"])}">'
            f'{conditional_escape(body["name"])}</a>\n          '
            + (f'<span class="muted">({conditional_escape(place)})</span>'
               if place is not None else "")
            + f'\n          <span class="badge">{escape(n_documents(body["n"]))}</span>\n'
            f'          {_ended(body["valid_to"], until, successor)}\n'
            "        </li>\n        ")
    return mark_safe("".join(parts))


@register.simple_tag
def target_outcome(target):
    """A target's outcome once past its deadline, as of today (``documents/target_outcomes.py``;
    the target has ``outcome`` and ``outcome_label`` from ``attach_outcomes``): "đạt",
    "không đạt"… or "chưa đến hạn". The targets page's rows and a document's targets."""
    if target.outcome:
        return format_html('<span class="outcome outcome-{}">{}</span>', target.outcome,
                           target.outcome_label)
    return format_html('<span class="muted">{}</span>', gettext("chưa đến hạn"))
