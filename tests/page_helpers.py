"""Reading pages in tests: a response's HTML, one labelled section of it, its visible text,
and how many queries an address costs."""

from __future__ import annotations

import re

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
