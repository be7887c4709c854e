"""Reading pages in tests: a response's HTML, one labelled section of it, its visible text,
and how many queries an address costs."""

from __future__ import annotations

import re

from django.db import connection
from django.test.html import Element, parse_html
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
