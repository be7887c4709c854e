"""Accessibility in a real browser, on every main page type:

- axe-core (npm ``axe-core``, evaluated in the page): no serious or critical violation of
  WCAG 2.x A/AA or axe's best practices, in Vietnamese and in English. Each run writes
  ``test-artifacts/axe-<lang>.json`` with every violation, whatever its impact.
- Lighthouse-style basics: a ``lang`` attribute, one ``h1``, a title, meaningful link text,
  images with text alternatives (contrast is axe's ``color-contrast`` rule).
- Layout: nothing wider than a phone's screen, nor than the window at 200 % zoom; and with
  every style sheet turned off the page still reads in order (the main heading near the top,
  the document's status, symbol, title, issuer and date before anything else about it)."""

from __future__ import annotations

import json

import pytest
from browser_support import (
    ARTIFACTS,
    MAIN_PAGES,
    PHONE,
    ZOOM_200,
    basics_problems,
    blocking,
    describe,
    in_language,
    overflow_problems,
    run_axe,
    without_styles,
)

from documents.models import Source


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_axe_and_basics_on_every_main_page_type(open_page, lang):
    page = open_page()
    report, failures = {}, []
    for name, path in MAIN_PAGES:
        address = in_language(path, lang)
        page.goto(address)
        violations = run_axe(page)
        report[name] = {"address": address, "violations": violations}
        serious = blocking(violations)
        if serious:
            failures.append(f"{address} — axe:\n{describe(serious)}")
        problems = basics_problems(page, lang)
        if problems:
            failures.append(f"{address} — basics:\n" + "\n".join(f"- {p}" for p in problems))
        if name.endswith("not-found"):  # the helpful 404 page: its own status is expected
            page.problems[:] = [p for p in page.problems if not p.startswith("HTTP 404: ")]
        if page.problems:
            failures.append(f"{address} — browser:\n" + "\n".join(page.problems))
            page.problems.clear()
    ARTIFACTS.mkdir(exist_ok=True)
    counts = {impact: sum(1 for r in report.values() for v in r["violations"]
                          if v["impact"] == impact)
              for impact in ("critical", "serious", "moderate", "minor")}
    (ARTIFACTS / f"axe-{lang}.json").write_text(
        json.dumps({"pages": len(report), "violations_by_impact": counts, "report": report},
                   ensure_ascii=False, indent=1),
        encoding="utf-8",
    )
    assert not failures, "\n\n".join(failures)


def test_admin_entry_pages_pass_axe(open_page, admin_user):
    """The pages an administrator enters documents with (Django's admin, with this project's
    templates for the article entry): no serious or critical violations either — apart from
    the autocomplete widget Django ships (select2), whose own markup is left out."""
    page = open_page()
    page.goto("/admin/login/")
    failures = []
    serious = blocking(run_axe(page))
    if serious:
        failures.append(f"login — axe:\n{describe(serious)}")
    page.get_by_label("Tên đăng nhập").fill(admin_user.username)
    page.get_by_label("Mật khẩu").fill("x-Pass-1234-trinh-duyet")
    page.get_by_role("button", name="Đăng nhập").click()
    for address in ("/admin/documents/document/add/", "/admin/documents/document/from-article/"):
        page.goto(address)
        serious = blocking(run_axe(page, exclude=[".select2-container"]))
        if serious:
            failures.append(f"{address} — axe:\n{describe(serious)}")
    page.get_by_role("textbox").first.fill(
        "Kế hoạch số 188-KH/TU ngày 6/11/2023 của Ban Thường vụ Thành ủy Hà Nội tiếp tục thực "
        "hiện Đề án số 34-ĐA/TU ngày 6/11/2023 của Ban Thường vụ Thành ủy Hà Nội."
    )
    page.get_by_role("button", name="Phân tích").click()
    serious = blocking(run_axe(page))
    if serious:
        failures.append(f"article review — axe:\n{describe(serious)}")
    assert not failures, "\n\n".join(failures)


def test_phone_size_zoom_and_styles_off(open_page):
    phone = open_page(**PHONE)
    zoomed = open_page(**ZOOM_200)
    plain = open_page()
    failures = []
    for name, path in MAIN_PAGES:
        for label, page in (("phone 390px", phone), ("200 % zoom", zoomed)):
            page.goto(path)
            problems = overflow_problems(page)
            if problems:
                failures.append(f"{path} at {label}: {problems}")
        plain.goto(path)
        without_styles(plain)
        h1 = plain.locator("h1")
        box = h1.bounding_box()
        if not box or not h1.is_visible():
            failures.append(f"{path} without styles: the h1 is not shown")
        elif box["y"] > 1600:
            failures.append(f"{path} without styles: the h1 is {box['y']:.0f}px down the page, "
                            "below too much navigation")
        if name == "document":
            order = plain.evaluate("""() => ["#status", ".doc-symbol", "h1", "time[itemprop]",
                                             "#facts-h"].map(s => document.querySelector(s))
                .map((el, i, all) => i === 0 || Boolean(all[i - 1].compareDocumentPosition(el)
                     & Node.DOCUMENT_POSITION_FOLLOWING))""")
            if not all(order):
                failures.append(f"{path}: status, symbol, title, date and facts out of order")
    assert not failures, "\n".join(failures)


def test_document_page_prints_cleanly(open_page):
    """The print style: no navigation, search or footer; status, symbol, title, issuer and
    date first; the targets table whole on an A4 page's width; sources' addresses printed."""
    source = Source.objects.filter(mentions__document__slug="34-da-tu-2023").first()
    source.url = "https://example.org/bai-viet-ve-de-an-34"
    source.save()
    page = open_page(viewport={"width": 794, "height": 1123})
    page.goto("/documents/34-da-tu-2023/")
    page.emulate_media(media="print")
    for hidden in (".site-header", ".site-footer", ".breadcrumbs", ".graph-links"):
        assert not page.locator(hidden).is_visible(), f"{hidden} is printed"
    head = page.locator(".doc-head").bounding_box()
    assert head["y"] < 50, "the document's heading block starts the printed page"
    assert page.locator("table.targets").bounding_box()["width"] <= 794
    assert overflow_problems(page) == []
    after = page.locator(".sources a[href^=http]").first.evaluate(
        "a => getComputedStyle(a, '::after').content")
    assert "https://example.org/bai-viet-ve-de-an-34" in after
    page.pdf(path=str(ARTIFACTS / "document-print.pdf") if ARTIFACTS.is_dir() else None,
             format="A4")
