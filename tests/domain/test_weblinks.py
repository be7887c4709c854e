"""Tests of documents.domain.weblinks (no Django needed): which source addresses may be
links on the pages."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from documents.domain.weblinks import web_address


@pytest.mark.parametrize("url", ["https://example.org/a?b=c#d", "http://báo.vn/bài-viết",
                                 "HTTPS://Example.org/", "http://127.0.0.1:8000/x"])
def test_web_addresses_are_kept_unchanged(url):
    assert web_address(url) == url


@pytest.mark.parametrize("url", [
    "javascript:alert(1)", "JavaScript:alert(1)", " javascript:alert(1)", "javascript :x",
    "java\tscript:alert(1)", "java\nscript:alert(1)", "\x01javascript:x", "data:text/html,x",
    "vbscript:msgbox(1)", "file:///etc/passwd", "ftp://example.org/", "//evil.example/",
    "/documents/", "https:alert(1)", "https:///path", "http://", "https://exa mple.org/",
    "https://example.org/\x85", "", None, 42,
])
def test_anything_else_is_not_an_address(url):
    assert web_address(url) == ""


@given(st.text())
def test_never_raises_and_keeps_only_http(text):
    result = web_address(text)
    assert result in ("", text)
    if result:
        assert result.lower().startswith(("http://", "https://"))
