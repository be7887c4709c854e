"""What the browser tests share: where Chromium, axe-core and the Nu Html Checker are, how to
start Chromium here, and the checks run on every page (axe-core, Lighthouse-style basics,
layout at phone size and at 200 % zoom, console errors).

Chromium is Debian's package (``apt-get install chromium``; ``.ci/run`` installs it), driven by
Playwright for Python with ``executable_path`` — no browser is ever downloaded. axe-core and
vnu.jar come from the npm registry (``package.json`` devDependencies, ``npm ci``)."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
NODE_MODULES = ROOT / "node_modules"
AXE_JS = NODE_MODULES / "axe-core" / "axe.min.js"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
ADMIN_USERNAME = "quantri"
ADMIN_PASSWORD = "x-Pass-1234-trinh-duyet"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# As the machine notes say Chromium must run here: no sandbox (root), and no background
# connections (the network is closed; Chromium would otherwise keep trying).
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DESKTOP = {"viewport": {"width": 1280, "height": 900}}
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
}
# 200 % zoom of a 1280 × 800 window: the page lays out in 640 × 400 CSS pixels.
ZOOM_200 = {"viewport": {"width": 640, "height": 400}, "device_scale_factor": 2}

# axe-core rule sets: WCAG 2.0/2.1/2.2 A and AA, and axe's best practices.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
BLOCKING_IMPACTS = {"serious", "critical"}


def required() -> bool:
    """In CI (``CI`` set, as ``.ci/run`` runs) or with ``BROWSER_TESTS=required`` a missing
    browser or checker fails the run; elsewhere (a bare ``make test``) the tests skip."""
    ci = os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")
    return ci or os.environ.get("BROWSER_TESTS", "").lower() == "required"


def skip_or_fail(reason: str, what: str = "Browser tests"):
    if required():
        pytest.fail(f"{what} cannot run: {reason} (they are required when CI or "
                    "BROWSER_TESTS=required is set)", pytrace=False)
    pytest.skip(f"{what} skipped: {reason}")


def chromium_problem() -> str | None:
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        return (f"Chromium not found at {CHROMIUM}: install Debian's package "
                "(apt-get install chromium; .ci/run does this) to run the browser tests")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright for Python is not installed (pip install -e '.[dev]')"
    return None


def vnu_problem() -> str | None:
    if not shutil.which("java"):
        return "no Java on this machine (apt-get install default-jre-headless) for vnu.jar"
    if not VNU_JAR.is_file():
        return f"{VNU_JAR.relative_to(ROOT)} is missing: run `make install` (npm ci)"
    return None


# --- checks run inside the page ------------------------------------------------------------


def run_axe(page, exclude: list[str] | None = None) -> list[dict]:
    """axe-core's violations on the page as loaded (all impacts). axe is evaluated through
    the DevTools protocol, so a Content-Security-Policy without inline scripts does not
    block it and the page itself needs no change."""
    if not AXE_JS.is_file():
        skip_or_fail(f"{AXE_JS.relative_to(ROOT)} is missing: run `make install` (npm ci)",
                     "Accessibility checks")
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_JS.read_text(encoding="utf-8"))
    return page.evaluate(
        """async ([tags, exclude]) => {
            const context = exclude.length ? {exclude: exclude.map(s => [s])} : document;
            const result = await axe.run(context, {
                runOnly: {type: "tag", values: tags}, resultTypes: ["violations"],
            });
            return result.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => ({target: n.target.join(" "), html: n.html.slice(0, 200),
                                          summary: n.failureSummary})),
            }));
        }""",
        [AXE_TAGS, exclude or []],
    )


def blocking(violations: list[dict]) -> list[dict]:
    return [v for v in violations if v["impact"] in BLOCKING_IMPACTS]


def describe(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"- [{v['impact']}] {v['id']}: {v['help']}")
        lines.extend(f"    {n['target']}: {n['html']}" for n in v["nodes"][:5])
    return "\n".join(lines)


# Link texts that say nothing out of context (Lighthouse's "link-text" audit, in both
# languages of the site).
VAGUE_LINK_TEXTS = {
    "click here", "click", "here", "more", "read more", "learn more", "link", "this", "go",
    "start", "right here", "continue",
    "bấm vào đây", "nhấn vào đây", "tại đây", "ở đây", "xem thêm", "đây", "chi tiết", "thêm",
    "tiếp", "liên kết",
}

BASICS_JS = """() => {
    const name = (el) => (el.getAttribute("aria-label")
        || (el.getAttribute("aria-labelledby") || "").split(/\\s+/)
              .map(id => document.getElementById(id)).filter(Boolean)
              .map(n => n.textContent).join(" ")
        || el.innerText || el.textContent || "").replace(/\\s+/g, " ").trim()
        || [...el.querySelectorAll("img[alt]")].map(i => i.alt).join(" ").trim()
        || (el.getAttribute("title") || "").trim();
    const links = [...document.querySelectorAll("a[href]")]
        .filter(a => !a.closest("svg"))
        .map(a => ({text: name(a), href: a.getAttribute("href")}));
    const svgLinks = [...document.querySelectorAll("svg a")].map(a => ({
        text: (a.getAttribute("xlink:title") || a.getAttribute("title")
               || a.getAttribute("aria-label") || a.textContent || "").replace(/\\s+/g, " ").trim(),
    }));
    return {
        lang: document.documentElement.getAttribute("lang"),
        title: document.title,
        h1: [...document.querySelectorAll("h1")].map(h => h.textContent.trim()),
        links, svgLinks,
        imagesWithoutAlt: [...document.querySelectorAll(
                "img:not([alt]), input[type=image]:not([alt])")]
            .map(i => i.outerHTML.slice(0, 120)),
        svgWithoutName: [...document.querySelectorAll("svg")].filter(s =>
            !s.closest("[role=img][aria-label]") && !s.getAttribute("aria-label")
            && !s.querySelector("title") && s.getAttribute("aria-hidden") !== "true")
            .map(s => s.outerHTML.slice(0, 120)),
    };
}"""


def basics_problems(page, lang: str) -> list[str]:
    """Lighthouse-style basics: a ``lang`` attribute, one ``h1``, a title, meaningful link
    text (no empty or vague links), images with text alternatives."""
    info = page.evaluate(BASICS_JS)
    problems = []
    if info["lang"] != lang:
        problems.append(f"<html lang> is {info['lang']!r}, expected {lang!r}")
    if len(info["h1"]) != 1:
        problems.append(f"expected one h1, found {len(info['h1'])}: {info['h1']}")
    if not info["title"].strip():
        problems.append("empty <title>")
    for link in info["links"]:
        text = link["text"].strip(" .:…→←›»«").lower()
        if not text:
            problems.append(f"link without text: {link['href']}")
        elif text in VAGUE_LINK_TEXTS:
            problems.append(f"vague link text {link['text']!r}: {link['href']}")
    problems += [f"graph node link without a name: {link}" for link in info["svgLinks"]
                 if not link["text"]]
    problems += [f"image without alt: {html}" for html in info["imagesWithoutAlt"]]
    problems += [f"svg without a text alternative: {html}" for html in info["svgWithoutName"]]
    return problems


OVERFLOW_JS = """() => {
    const width = document.documentElement.clientWidth;
    const scrollers = (el) => {
        for (let p = el.parentElement; p; p = p.parentElement) {
            const s = getComputedStyle(p);
            if (s.overflowX === "auto" || s.overflowX === "scroll" || s.overflowX === "hidden")
                return true;
        }
        return false;
    };
    const wide = [...document.body.querySelectorAll("*")].filter(el => {
        const r = el.getBoundingClientRect();
        return r.width > 0 && r.right > width + 1 && !scrollers(el);
    }).map(el => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
            + (el.className && typeof el.className === "string"
               ? "." + el.className.trim().split(/\\s+/).join(".") : ""));
    return {scrollWidth: document.documentElement.scrollWidth, width, wide: wide.slice(0, 10)};
}"""


def overflow_problems(page) -> list[str]:
    """Content wider than the window (a horizontal scroll bar for the whole page) — outside
    the containers meant to scroll sideways (wide tables, graph pictures, code)."""
    info = page.evaluate(OVERFLOW_JS)
    if info["scrollWidth"] > info["width"] + 1 or info["wide"]:
        return [f"page is {info['scrollWidth']}px wide in a {info['width']}px window; "
                f"too wide: {info['wide']}"]
    return []


FOCUS_STYLE_JS = """() => {
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    const s = getComputedStyle(el);
    return {tag: el.tagName, outline: s.outlineStyle !== "none" && parseFloat(s.outlineWidth) > 0,
            shadow: s.boxShadow !== "none"};
}"""


def focus_is_visible(page) -> bool:
    style = page.evaluate(FOCUS_STYLE_JS)
    return bool(style and (style["outline"] or style["shadow"]))


def without_styles(page) -> None:
    """Turn off every style sheet and style attribute, as a reader's "no style" view does."""
    page.evaluate("""() => {
        for (const sheet of document.styleSheets) sheet.disabled = true;
        for (const el of document.querySelectorAll("[style]")) el.removeAttribute("style");
    }""")


def safe_name(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", text).strip("-")[:120] or "page"


# --- the main page types -------------------------------------------------------------------
# (name, address in Vietnamese); the English page is the same address under /en.
MAIN_PAGES = [
    ("home", "/"),
    ("document-list", "/documents/"),
    ("search-filtered", "/documents/?q=can+bo&locality=ha-noi&type=de_an"),
    ("search-empty", "/documents/?q=khong+co+van+ban+nay&year_from=abc"),
    ("list-ambiguous-body", "/documents/?body=ha+noi"),  # candidates listed as links
    ("document", "/documents/34-da-tu-2023/"),
    ("document-planned", "/documents/chi-thi-lanh-dao-bau-cu-2021-2026/"),
    ("document-graph", "/documents/34-da-tu-2023/graph/"),
    ("coverage", "/documents/04-nq-tu-2021/coverage/"),
    ("catalogue-graph", "/graph/"),
    ("places", "/places/"),
    ("places-before-2025", "/places/?period=before-2025"),
    ("place", "/places/ha-noi/"),
    ("bodies", "/bodies/"),
    ("body", "/bodies/ban-thuong-vu-thanh-uy-ha-noi/"),
    ("targets", "/targets/"),
    ("about", "/about/"),
    ("not-found", "/documents/khong-co-van-ban-nay/"),
    ("place-not-found", "/places/khong-co/"),  # a search of places, filled in
]


def in_language(path: str, lang: str) -> str:
    return path if lang == "vi" else f"/{lang}{path}"
