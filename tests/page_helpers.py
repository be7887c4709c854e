"""Reading pages in tests: a response's HTML, one labelled section of it, its visible text,
and how many queries an address costs."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from django.db import connection
from django.test.utils import CaptureQueriesContext


def page_html(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def section(html: str, heading_id: str) -> str:
    """The HTML of the <section> labelled by *heading_id*, up to the next section."""
    start = html.index(f'aria-labelledby="{heading_id}"')
    end = html.find("<section", start + 1)
    return html[start : end if end != -1 else len(html)]


def visible_text(html: str) -> str:
    """The text without tags, white space folded, no-break spaces as spaces."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace("\u00a0", " ")


def queries_of(client, url: str) -> int:
    """How many queries a GET of *url* runs (it must answer 200)."""
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


class _Elements(HTMLParser):
    """Collects every element's tag, attributes and text (its own and its descendants')."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
            "source", "track", "wbr"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements: list[dict] = []
        self._open: list[dict] = []

    def handle_starttag(self, tag, attrs):
        element = {"tag": tag, "attrs": dict(attrs), "text": []}
        self.elements.append(element)
        if tag not in self.VOID:
            self._open.append(element)

    def handle_startendtag(self, tag, attrs):
        self.elements.append({"tag": tag, "attrs": dict(attrs), "text": []})

    def handle_endtag(self, tag):
        for i in range(len(self._open) - 1, -1, -1):
            if self._open[i]["tag"] == tag:
                del self._open[i:]
                break

    def handle_data(self, data):
        for element in self._open:
            element["text"].append(data)


def elements(html: str, tag: str | None = None, **attrs: str) -> list[dict]:
    """The elements of *html* (parsed, not matched with patterns), in document order, with
    their ``tag``, ``attrs`` and ``text`` (white space folded, no-break spaces as spaces); only
    *tag* ones whose attributes include *attrs* (``class_`` for ``class``: one of its words)."""
    parser = _Elements()
    parser.feed(html)
    parser.close()
    found = []
    for element in parser.elements:
        if tag is not None and element["tag"] != tag:
            continue
        ok = True
        for name, value in attrs.items():
            name = name.rstrip("_").replace("_", "-")
            have = element["attrs"].get(name)
            if name == "class":
                ok = ok and have is not None and value in have.split()
            else:
                ok = ok and have == value
        if ok:
            text = " ".join("".join(element["text"]).replace("\u00a0", " ").split())
            found.append({**element, "text": text})
    return found


def hrefs(html: str) -> list[str]:
    """The addresses of the links of *html*, in order."""
    return [a["attrs"].get("href") or "" for a in elements(html, "a")]
