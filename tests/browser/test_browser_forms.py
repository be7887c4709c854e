"""A filter form sends only what is filled (static/js/forms.js; without JavaScript the server
redirects to the same address, documents/views/addresses.py): one short address per page."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

import pytest
from playwright.sync_api import expect


@pytest.mark.parametrize("javascript", [True, False])
def test_the_filter_form_gives_a_short_address(open_page, javascript):
    page = open_page(java_script_enabled=javascript)
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url)
            if request.resource_type == "document" else None)
    page.goto("/documents/")
    page.locator("#filters #id_q").fill("dao tao")
    page.locator("#filters button[type=submit]").click()
    expect(page.locator(".result-count")).to_be_visible()
    sent = [urlsplit(url).query for url in asked if "/documents/?" in url]
    final = parse_qsl(urlsplit(page.url).query, keep_blank_values=True)
    assert ("q", "dao tao") in final and all(value for _name, value in final)
    if javascript:
        # Only what the reader filled: no empty field, and not the order and scope the form
        # showed by default (the server's default applies: relevance when searching).
        assert sent == ["q=dao+tao"]
    else:
        assert len(sent) == 2 and "locality=&" in sent[0]  # the long one, then the redirect
        assert sent[1] == urlsplit(page.url).query
    # Back to the form: every field can be used again (none left disabled).
    page.go_back()
    page.go_forward()
    page.go_back()
    expect(page.locator("#filters #id_locality")).to_be_enabled()
    assert page.problems == []
