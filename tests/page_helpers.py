"""Reading pages in tests: a response's HTML, one labelled section of it, its visible text,
and how many queries an address costs."""

from __future__ import annotations

from html.parser import HTMLParser

from django.db import connection
from django.test.html import Element, parse_html
from django.test.utils import CaptureQueriesContext


def page_html(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


class _Outline(HTMLParser):
    """Reads a page once, as a browser would (tags, not characters): where the element
    labelled by *label* starts and ends in the source, and the text a reader sees."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
            "source", "track", "wbr"}
    HIDDEN = {"script", "style", "template"}

    def __init__(self, label: str | None = None):
        super().__init__(convert_charrefs=True)
        self.label, self.start, self.end = label, None, None
        self._open: list[str] = []  # the tags open inside the labelled element
        self._hidden = 0
        self.texts: list[str] = []

    def _offset(self) -> int:
        line, column = self.getpos()
        return self._line_starts[line - 1] + column

    def feed_page(self, html: str):
        self._line_starts = [0]
        for line in html.splitlines(keepends=True):
            self._line_starts.append(self._line_starts[-1] + len(line))
        self.feed(html)
        self.close()
        return self

    def handle_starttag(self, tag, attrs):
        if tag in self.HIDDEN:
            self._hidden += 1
        if tag in self.VOID:
            return
        if self.start is None and self.label and dict(attrs).get("aria-labelledby") == self.label:
            self.start = self._offset()
            self._open = [tag]
        elif self.start is not None and self.end is None:
            self._open.append(tag)

    def handle_endtag(self, tag):
        if tag in self.HIDDEN and self._hidden:
            self._hidden -= 1
        if self.start is not None and self.end is None and tag in self._open:
            while self._open and self._open.pop() != tag:
                pass  # an element the page left open closes with its parent
            if not self._open:
                self.end = self._offset() + len(f"</{tag}>")

    def handle_data(self, data):
        if not self._hidden:
            self.texts.append(data)


def section(html: str, heading_id: str) -> str:
    """The HTML of the element (a <section>, a <nav>…) labelled by *heading_id*
    (``aria-labelledby``), from its start tag to its own end tag, found by parsing the page."""
    outline = _Outline(heading_id).feed_page(html)
    assert outline.start is not None, f"no element labelled by {heading_id!r} in the page"
    return html[outline.start : outline.end if outline.end is not None else len(html)]


def visible_text(html: str) -> str:
    """The text a reader sees (no tags, scripts or styles; entities decoded), white space
    folded, no-break spaces as spaces."""
    words = " ".join(_Outline().feed_page(html).texts).replace("\u00a0", " ")
    return " ".join(words.split())


def queries_of(client, url: str) -> int:
    """How many queries a GET of *url* runs (it must answer 200)."""
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def parse(html: str) -> Element:
    """*html* parsed (Django's test parser, the one behind ``assertContains(..., html=True)``):
    tests then look elements up by tag and attributes instead of matching markup."""
    return parse_html(html)


def _node(html_or_element) -> Element:
    return parse(html_or_element) if isinstance(html_or_element, str) else html_or_element


def _matches(element: Element, tag: str | None, attrs: dict[str, str]) -> bool:
    if tag is not None and element.name != tag:
        return False
    have = dict(element.attributes)
    for name, value in attrs.items():
        name = name.rstrip("_").replace("_", "-")
        if name == "class":
            if value not in (have.get("class") or "").split():
                return False
        elif value is True:
            if name not in have:
                return False
        elif have.get(name) != value:
            return False
    return True


def find_all(html_or_element, tag: str | None = None, **attrs) -> list[Element]:
    """The elements (in document order, at any depth) that are *tag* elements with *attrs*
    (``class_="x"``: the class list includes x; ``data_label="…"`` is ``data-label``; True:
    the attribute is present)."""
    found: list[Element] = []

    def walk(element):
        for child in element.children:
            if isinstance(child, Element):
                if _matches(child, tag, attrs):
                    found.append(child)
                walk(child)

    walk(_node(html_or_element))
    return found


def find(html_or_element, tag: str | None = None, **attrs) -> Element:
    """The first element :func:`find_all` finds (an AssertionError when there is none)."""
    found = find_all(html_or_element, tag, **attrs)
    assert found, f"no <{tag or '*'} {attrs}> in the page"
    return found[0]


def text(html_or_element) -> str:
    """The text of an element (or a piece of HTML), white space folded, no-break spaces as
    spaces."""
    parts: list[str] = []

    def walk(element):
        for child in element.children:
            if isinstance(child, Element):
                walk(child)
            else:
                parts.append(str(child))

    walk(_node(html_or_element))
    return " ".join(" ".join(parts).replace("\u00a0", " ").split())


def attr(element: Element, name: str) -> str | None:
    """One attribute of *element* (None when absent)."""
    return dict(element.attributes).get(name)


def hrefs(html_or_element) -> list[str]:
    """The addresses of the links, in order."""
    return [attr(a, "href") or "" for a in find_all(html_or_element, "a")]
