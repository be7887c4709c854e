"""Fixtures of the browser tests: the site served by the test run (pytest-django's live server,
with the seed data loaded), headless Chromium (Debian's package, driven by Playwright), pages
that save a screenshot and their HTML into ``test-artifacts/`` when a test fails.

Without Chromium (or Playwright, or Java for the HTML checker) these tests skip with the
reason, except in CI (``CI`` set) or with ``BROWSER_TESTS=required``, where they fail."""

from __future__ import annotations

import datetime as dt
import os

import pytest
from browser_support import (
    ADMIN_PASSWORD,
    ADMIN_USERNAME,
    ARTIFACTS,
    CHROMIUM,
    CHROMIUM_ARGS,
    DESKTOP,
    PHONE,
    ROOT,
    chromium_problem,
    safe_name,
    skip_or_fail,
)
from django.core.management import call_command


@pytest.fixture(scope="module")
def browser():
    """One Chromium per test module. While Playwright's (synchronous) API is running, an
    asyncio loop is marked running in this thread; the ORM calls of the test and of
    pytest-django (seed, flush) are ordinary synchronous code, so Django's async guard is
    lifted for the module and restored afterwards."""
    problem = chromium_problem()
    if problem:
        skip_or_fail(problem)
    from playwright.sync_api import Error, sync_playwright

    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    playwright = sync_playwright().start()
    try:
        try:
            chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        except Error as exc:
            skip_or_fail(f"Chromium at {CHROMIUM} did not start: {exc}")
        yield chromium
        chromium.close()
    finally:
        playwright.stop()
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def site(live_server, transactional_db):
    """The address of the site served by this test run, with the seed data loaded.
    (The live server answers from another thread, so the data must be committed:
    transactional_db, flushed after each test.)"""
    call_command("load_seed", verbosity=0)
    return live_server.url


@pytest.fixture
def open_page(browser, site, request):
    """``open_page(phone=False, **context_options)``: a new page in a fresh browser context
    (own cookies) whose relative addresses go to the live server. Each page records its
    JavaScript errors, console errors and failed requests in ``page.problems``. When the
    test fails, every page still open is saved (screenshot and HTML) — see
    pytest_runtest_makereport below."""
    contexts = []
    pages = request.node._browser_pages = []

    def _open(*, phone: bool = False, **options):
        settings = {**(PHONE if phone else DESKTOP), "base_url": site, "locale": "vi-VN",
                    **options}
        context = browser.new_context(**settings)
        context.set_default_timeout(15_000)
        contexts.append(context)
        page = context.new_page()
        problems: list[str] = []
        page.on("pageerror", lambda exc: problems.append(f"JavaScript error: {exc}"))
        page.on("console", lambda msg: problems.append(f"console: {msg.text}")
                if msg.type == "error" and not msg.text.startswith("Failed to load resource")
                else None)
        page.on("response", lambda response: problems.append(
            f"HTTP {response.status}: {response.url}")
            if response.status >= 400 and not response.url.endswith("/favicon.ico")
            else None)
        page.problems = problems
        pages.append(page)
        return page

    yield _open
    for context in contexts:
        context.close()


@pytest.fixture
def admin_user(django_user_model, site):
    return django_user_model.objects.create_superuser(
        ADMIN_USERNAME, "quantri@example.org", ADMIN_PASSWORD
    )


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """On a failure, save a full-page screenshot and the HTML of every page the test still
    has open into test-artifacts/ and print their paths with the failure."""
    report = yield
    pages = getattr(item, "_browser_pages", None)
    if report.failed and report.when == "call" and pages:
        ARTIFACTS.mkdir(exist_ok=True)
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        lines = []
        for number, page in enumerate(pages, 1):
            if page.is_closed():
                continue
            stem = ARTIFACTS / f"{safe_name(item.name)}-{stamp}-{number}"
            try:
                page.screenshot(path=f"{stem}.png", full_page=True, timeout=10_000)
                stem.with_suffix(".html").write_text(page.content(), encoding="utf-8")
            except Exception as exc:  # the page may be the reason for the failure
                lines.append(f"page {number} ({page.url}) could not be saved: {exc}")
                continue
            lines.append(f"page {number} at {page.url}:")
            lines.append(f"  screenshot: {stem.relative_to(ROOT)}.png")
            lines.append(f"  HTML:       {stem.relative_to(ROOT)}.html")
        if lines:
            report.sections.append(("browser artifacts", "\n".join(lines)))
            terminal = item.config.pluginmanager.get_plugin("terminalreporter")
            if terminal:
                terminal.write_line("")
                for line in lines:
                    terminal.write_line(f"[browser artifacts] {line}")
    return report
