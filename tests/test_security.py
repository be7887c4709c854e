"""Security of the site and the admin (issue 7, docs/SECURITY.md): headers on every response,
a Content-Security-Policy without inline scripts or styles on the public site, no cookies for
readers, no stored text turned into markup, CSV cells that are never formulas, no admin data
in public answers, login throttling, password rules, a configurable admin address, and a
clean ``check --deploy`` under production settings."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.contrib.staticfiles import finders
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import Client, override_settings
from django.urls import reverse
from page_helpers import attr, find_all

from documents.models import DocumentLink, Source, SourceMention, Target

ROOT = Path(settings.BASE_DIR)
EVIL_TITLE = "<script>alert(1)</script> Kế hoạch \"độc\" & 'hại'"
EVIL_SUMMARY = "Tóm tắt <img src=x onerror=alert(2)> <b>đậm</b>"
EVIL_QUOTE = "Trích dẫn <a href=\"javascript:alert(3)\">bấm</a> & <i>nghiêng</i>"
# A title that, unescaped in Graphviz's DOT source, would add a node linking to javascript:.
DOT_INJECTION = '<x>] evil [URL="javascript:alert(4)" label=<y>'
RAW_MARKUP = ["<script>alert(1)</script>", "<img src=x onerror", "<b>đậm</b>",
              '<a href="javascript:alert(3)"', "<i>nghiêng</i>", 'href="javascript:',
              "<title>evil</title>"]


@pytest.fixture
def site(docs, bodies, places, percent_indicator):
    """The hand-built documents, with a link, a target, a source and a mention each carrying
    markup in their text."""
    da34, nq04 = docs["da34"], docs["nq04"]
    source = Source.objects.create(kind="news", publisher="Báo <b>Mới</b>",
                                   headline="Tin <script>x()</script>", url="https://example.org/a")
    DocumentLink.objects.create(from_document=da34, to_document=nq04, kind="implements",
                                quote=EVIL_QUOTE, source=source)
    Target.objects.create(document=da34, indicator=percent_indicator, value=10, unit="percent",
                          comparator="at_least", deadline_year=2025, quote=EVIL_QUOTE,
                          applies_to="=cmd|' /C calc'!A0", locality=places["hanoi"])
    SourceMention.objects.create(source=source, document=da34, quote=EVIL_QUOTE)
    return {"da34": da34, "nq04": nq04, "source": source}


def public_urls(da34, place_slug="ha-noi", body_slug="thanh-uy-ha-noi") -> list[str]:
    doc = f"/documents/{da34.slug}/"
    return [
        "/", "/en/", "/documents/", "/documents/?q=ke+hoach", "/documents/?q=%3Cscript%3E",
        "/documents/?issued_from=31/02/2023", doc, "/en" + doc, doc + "graph/",
        doc + "coverage/", f"/documents/{da34.slug}/coverage.csv",
        f"/documents/{da34.slug}/graph.json", f"/documents/{da34.slug}/graph.graphml",
        "/graph/", "/graph.json", f"/d/{da34.pk}/", "/places/", f"/places/{place_slug}/",
        "/bodies/", f"/bodies/{body_slug}/", "/targets/", "/targets/?due_by=2025", "/about/",
        "/documents/export.csv", "/documents/export.json", "/targets/export.csv",
        "/feeds/documents.atom", f"/feeds/places/{place_slug}.atom", "/sitemap.xml",
        "/robots.txt", "/documents/khong-co/", "/khong-co-trang-nay/",
        "/api/", "/api/documents/", f"/api/documents/{da34.slug}/", "/api/targets/",
        "/api/links/", "/api/localities/", "/api/bodies/", "/api/schema/", "/api/docs/",
        "/api/docs/?script=", "/api/redoc/", "/api/khong-co", "/static/css/site.css",
    ]


def _body(response) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def _directives(header: str) -> dict[str, list[str]]:
    out = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            out[words[0]] = words[1:]
    return out


# --- headers and cookies -----------------------------------------------------------------------


def test_every_public_response_has_the_security_headers_and_sets_no_cookie(site):
    client = Client()
    for url in public_urls(site["da34"]):
        response = client.get(url)
        assert response.status_code < 500, url
        _body(response)
        assert not response.cookies, f"{url} sets {list(response.cookies)}"
        assert response["X-Content-Type-Options"] == "nosniff", url
        assert response["Referrer-Policy"] == "same-origin", url
        if url.startswith("/static/"):
            continue  # files served by whitenoise, before the page middleware (no frames here)
        assert response["X-Frame-Options"] == "DENY", url
        csp = _directives(response["Content-Security-Policy"])
        assert csp["frame-ancestors"] == ["'none'"], url
        assert csp["object-src"] == ["'none'"], url
        assert csp["base-uri"] == ["'none'"], url
        # No page anywhere runs an inline script: the API's pages included.
        assert csp["script-src"] == ["'self'"], url
        if not url.startswith("/api/"):
            assert csp["style-src"] == ["'self'"], url
            assert "'unsafe-inline'" not in response["Content-Security-Policy"], url
        if "sitemap" not in url:  # (Django marks the sitemap file itself noindex)
            assert "X-Robots-Tag" not in response, url  # the public site is open to crawlers
        if response["Content-Type"].startswith("text/html") and not url.startswith("/api/"):
            # (Swagger UI at /api/docs/ asks for "unsafe-none", for its OAuth pop-ups.)
            assert response["Cross-Origin-Opener-Policy"] == "same-origin", url
    assert not client.cookies, "an anonymous reader must get no cookie"


def test_head_requests_and_404s_set_no_cookie_either(site):
    client = Client()
    for url in ["/", f"/documents/{site['da34'].slug}/", "/khong-co/", "/en/khong-co/"]:
        response = client.head(url)
        assert not response.cookies and response["Content-Security-Policy"], url
    assert not client.cookies


def test_the_admin_has_a_relaxed_policy_for_styles_only(client, db):
    response = client.get(reverse("admin:login"))
    assert response.status_code == 200
    csp = _directives(response["Content-Security-Policy"])
    assert csp["style-src"] == ["'self'", "'unsafe-inline'"]
    assert csp["script-src"] == ["'self'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert response["X-Frame-Options"] == "DENY"


def test_every_admin_answer_asks_search_engines_not_to_index_it(client, db):
    """robots.txt does not name the admin's address (it would reveal it); the admin keeps
    itself out of search engines instead, on every answer (pages, redirects, scripts)."""
    login = client.get(reverse("admin:login"))
    assert login["X-Robots-Tag"] == "noindex, nofollow"
    assert '<meta name="robots" content="NONE,NOARCHIVE">' in login.content.decode()
    for url in [reverse("admin:index"), reverse("admin:jsi18n"), "/admin/khong-co/"]:
        assert client.get(url)["X-Robots-Tag"] == "noindex, nofollow", url
    assert "X-Robots-Tag" not in client.get("/about/")


# --- the API's documentation pages: no inline script -------------------------------------------

SCRIPT_SRC = re.compile(r'<script[^>]*\bsrc="([^"]+)"', re.IGNORECASE)


def _api_page(client, url):
    response = client.get(url, HTTP_ACCEPT="text/html")
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("text/html"), url
    csp = _directives(response["Content-Security-Policy"])
    assert csp["script-src"] == ["'self'"], url
    assert csp["style-src"] == ["'self'", "'unsafe-inline'"], url  # their only relaxation
    html = response.content.decode()
    assert not INLINE_SCRIPT.search(html), url
    sources = [src.replace("&amp;", "&") for src in SCRIPT_SRC.findall(html)]
    assert sources, url
    static_url = "/" + settings.STATIC_URL.lstrip("/")
    for src in sources:
        assert src.startswith("/"), f"{url} loads {src} from elsewhere"
        if src.startswith(static_url):
            # A static file: collectstatic publishes what the finders find (the test run has
            # no collected STATIC_ROOT for whitenoise to serve from).
            name = src.removeprefix(static_url).split("?")[0]
            assert finders.find(name), f"{url} loads {src}, which no static finder holds"
            assert name.endswith(".js"), src
            continue
        script = client.get(src)
        assert script.status_code == 200, src
        assert "javascript" in script["Content-Type"], (src, script["Content-Type"])
    return csp, html, sources


def test_swagger_ui_loads_its_start_up_script_from_a_file(client, db):
    csp, html, sources = _api_page(client, "/api/docs/")
    assert 'id="swagger-ui"' in html
    assert "/api/docs/?script=" in sources
    script = client.get("/api/docs/?script=")
    body = script.content.decode()
    assert "SwaggerUIBundle(" in body and '"/api/schema/"' in body
    assert _directives(script["Content-Security-Policy"])["script-src"] == ["'self'"]
    assert client.get("/api/schema/").status_code == 200
    assert "worker-src" not in csp


def test_redoc_has_no_inline_script_and_only_a_blob_worker(client, db):
    csp, html, _sources = _api_page(client, "/api/redoc/")
    assert '<redoc spec-url="/api/schema/">' in html
    assert csp["worker-src"] == ["'self'", "blob:"]  # ReDoc's search index runs in a worker


def test_the_browsable_api_has_no_inline_script(client, db):
    _api_page(client, "/api/")
    _api_page(client, "/api/documents/")


def test_hsts_secure_cookies_and_https_redirect_when_served_over_https(db):
    with override_settings(SECURE_SSL_REDIRECT=True, SECURE_HSTS_SECONDS=31536000,
                           SECURE_HSTS_INCLUDE_SUBDOMAINS=True, SECURE_HSTS_PRELOAD=True,
                           SESSION_COOKIE_SECURE=True, CSRF_COOKIE_SECURE=True):
        client = Client()
        plain = client.get("/about/")
        assert plain.status_code == 301 and plain["Location"] == "https://testserver/about/"
        secure = client.get("/about/", secure=True)
        assert secure.status_code == 200
        assert secure["Strict-Transport-Security"] == (
            "max-age=31536000; includeSubDomains; preload")
        login = client.get(reverse("admin:login"), secure=True)
        assert login.cookies["csrftoken"]["secure"] is True
        assert login.cookies["csrftoken"]["samesite"] == "Lax"
    assert "Strict-Transport-Security" not in Client().get("/about/")


def _settings_in_subprocess(env: dict, expression: str) -> str:
    base = {k: v for k, v in os.environ.items()
            if k not in {"SECRET_KEY", "DEBUG", "SECURE_SSL", "ADMIN_URL", "ALLOWED_HOSTS"}}
    base.update({"DJANGO_SETTINGS_MODULE": "catalogue.settings", "ENV_FILE": "/dev/null",
                 "SECRET_KEY": "s3cr3t-" + "k" * 50})
    base.update(env)
    code = f"import django; django.setup(); from django.conf import settings; print({expression})"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=base,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_https_settings_come_from_the_environment():
    expression = ("settings.SECURE_HSTS_SECONDS, settings.SESSION_COOKIE_SECURE, "
                  "settings.CSRF_COOKIE_SECURE, settings.SECURE_SSL_REDIRECT, "
                  "'upgrade-insecure-requests' in settings.CONTENT_SECURITY_POLICY['DIRECTIVES']")
    assert _settings_in_subprocess({"SECURE_SSL": "true"}, expression) == (
        "31536000 True True True True")
    assert _settings_in_subprocess({}, expression) == "0 False False False False"


def _check_deploy(**extra) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "CELERY_BROKER_URL"}}
    env.update({
        "ENV_FILE": "/dev/null", "SECURE_SSL": "true", "ALLOWED_HOSTS": "canbo.example.vn",
        "SECRET_KEY": "pr0d-" + "".join(chr(65 + (i * 7) % 26) for i in range(60)), **extra,
    })
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
    )


def test_check_deploy_is_clean_under_production_settings():
    # Production has its job-queue broker (.ci/run's `make deploy-check` gives it one too).
    result = _check_deploy(CELERY_BROKER_URL="redis://127.0.0.1:6379/3")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_warns_when_production_has_no_broker():
    result = _check_deploy()
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert "catalogue.W001" in output and "CELERY_BROKER_URL is not set" in output
    assert "HINT: Set CELERY_BROKER_URL" in output


def test_the_broker_check_is_quiet_in_development_and_with_a_broker(settings):
    from django.core import checks

    settings.DEBUG, settings.CELERY_TASK_ALWAYS_EAGER = False, True
    found = [m for m in checks.run_checks(include_deployment_checks=True)
             if m.id == "catalogue.W001"]
    assert len(found) == 1 and found[0].level == checks.WARNING and found[0].hint
    assert not [m for m in checks.run_checks() if m.id == "catalogue.W001"]  # deploy only
    settings.DEBUG = True
    assert not [m for m in checks.run_checks(include_deployment_checks=True)
                if m.id == "catalogue.W001"]
    settings.DEBUG, settings.CELERY_TASK_ALWAYS_EAGER = False, False
    assert not [m for m in checks.run_checks(include_deployment_checks=True)
                if m.id == "catalogue.W001"]


def test_the_admin_address_comes_from_the_environment(collected_static):
    code = ("__import__('django.urls', fromlist=['resolve']).resolve('/quan-tri-9x/').app_name, "
            "__import__('django.urls', fromlist=['reverse']).reverse('admin:index'), "
            "[p for p in settings.CATALOGUE_CSP_SCOPES if p[0] == '/quan-tri-9x/'] != []")
    out = _settings_in_subprocess({"ADMIN_URL": "/quan-tri-9x"}, code)
    assert out == "admin /quan-tri-9x/ True"
    missing = _settings_in_subprocess(
        {"ADMIN_URL": "quan-tri-9x/", "ALLOWED_HOSTS": "testserver",
         "STATIC_ROOT": collected_static},
        "__import__('django.test', fromlist=['Client']).Client().get('/admin/').status_code",
    )
    assert missing == "404"


# --- templates: no inline script or style --------------------------------------------------------

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/(?:ld\+)?json\")",
                           re.IGNORECASE)
INLINE_STYLE = re.compile(r"<style\b|\sstyle\s*=|\son[a-z]+\s*=\s*[\"']", re.IGNORECASE)


def test_public_templates_have_no_inline_script_or_style():
    offenders = []
    for path in sorted((ROOT / "templates").rglob("*.html")):
        relative = path.relative_to(ROOT / "templates")
        if relative.parts[0] == "admin":
            continue  # the admin has its own, relaxed policy
        text = path.read_text(encoding="utf-8")
        if INLINE_SCRIPT.search(text) or INLINE_STYLE.search(text):
            offenders.append(str(relative))
    assert offenders == []


def test_the_catalogues_own_admin_templates_have_no_inline_script_or_style():
    """Django's admin needs 'unsafe-inline' for styles; the catalogue's own admin templates
    do not: their rules live in static/css/admin.css."""
    offenders = []
    for path in sorted((ROOT / "templates" / "admin").rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        if INLINE_SCRIPT.search(text) or INLINE_STYLE.search(text):
            offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []
    css = (ROOT / "static" / "css" / "admin.css").read_text(encoding="utf-8")
    assert ".text-input-filter input" in css and ".article-entry .status-matched" in css


def test_the_admin_pages_link_the_catalogues_admin_stylesheet(admin_client, docs):
    stylesheet = f'<link rel="stylesheet" href="{settings.STATIC_URL}css/admin.css">'
    from django.contrib.staticfiles import finders
    assert finders.find("css/admin.css")  # collected with the other static files
    changelist = admin_client.get(reverse("admin:documents_document_changelist"))
    html = changelist.content.decode()
    assert stylesheet in html
    filters = [i for i in find_all(html, "input") if (attr(i, "id") or "").startswith("filter-")]
    assert filters and not [f for f in filters if attr(f, "style") is not None]
    review = admin_client.post(reverse("admin:documents_document_from_article"), {
        "action": "analyse", "text": "Thực hiện Đề án số 34-ĐA/TU ngày 06/11/2023.",
    })
    assert review.status_code == 200
    html = review.content.decode()
    assert 'class="status' in html  # the review table, styled by the stylesheet…
    assert stylesheet in html and "<style" not in html  # …linked, not inline


def test_rendered_public_pages_have_no_inline_script_or_style(site):
    client = Client()
    for url in public_urls(site["da34"]):
        response = client.get(url)
        if not response["Content-Type"].startswith("text/html") or url.startswith("/api/"):
            continue
        html = _body(response).decode()
        assert not INLINE_SCRIPT.search(html), url
        assert not INLINE_STYLE.search(html), url  # the graph's SVG included


# --- no stored text becomes markup --------------------------------------------------------------


@pytest.fixture
def evil(site):
    da34 = site["da34"]
    da34.title = EVIL_TITLE
    da34.summary = EVIL_SUMMARY
    da34.save()
    site["nq04"].title = DOT_INJECTION
    site["nq04"].save()
    return site


def test_stored_markup_is_escaped_on_every_page_and_feed(evil):
    client = Client()
    checked = 0
    for url in public_urls(evil["da34"]) + ["/documents/?q=ke+hoach+doc", "/api/?format=api",
                                            f"/api/documents/{evil['da34'].slug}/?format=api"]:
        response = client.get(url, HTTP_ACCEPT="text/html")
        content_type = response["Content-Type"]
        if not content_type.startswith(("text/html", "application/atom+xml", "application/xml")):
            continue
        text = _body(response).decode()
        for raw in RAW_MARKUP:
            assert raw not in text, f"{url} contains {raw!r}"
        checked += 1
    assert checked > 20
    page = client.get(evil["da34"].get_absolute_url()).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=alert(2)&gt;" in page
    assert "&lt;a href=&quot;javascript:alert(3)&quot;&gt;" in page


def test_the_graph_picture_cannot_be_injected_through_a_title(evil):
    html = Client().get(f"/documents/{evil['da34'].slug}/graph/").content.decode()
    assert "<svg" in html or "Graphviz" in html
    assert 'href="javascript:' not in html and "<title>evil</title>" not in html
    # no script but the page's own files and its inert JSON data block (json_script escapes
    # "<", so a title cannot close it)
    tags = re.findall(r"<script[^>]*>", html, flags=re.IGNORECASE)
    assert tags and all('type="application/json"' in t or " src=" in t for t in tags), tags
    assert html.lower().count("</script>") == len(tags)


def test_json_answers_carry_text_as_text(evil):
    client = Client()
    body = client.get(f"/api/documents/{evil['da34'].slug}/").json()
    assert body["title"] == EVIL_TITLE and body["summary"] == EVIL_SUMMARY
    response = client.get("/documents/export.json")
    assert response["Content-Type"].startswith("application/json")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert EVIL_TITLE in [d["title"] for d in json.loads(b"".join(response.streaming_content))]


def _csv(response) -> list[list[str]]:
    assert response.status_code == 200
    text = _body(response).decode("utf-8").lstrip("\ufeff")
    return list(csv.reader(io.StringIO(text)))


@pytest.mark.parametrize("value", ["=1+2", "+SUM(A1:A2)", "-2+3", "@SUM(A1)",
                                   "=HYPERLINK(\"http://x\",\"bấm\")"])
def test_csv_exports_never_start_a_cell_with_a_formula(site, value):
    da34 = site["da34"]
    da34.title = value
    da34.symbol_as_written = value
    da34.save()
    Target.objects.filter(document=da34).update(applies_to=value)
    for url in ["/documents/export.csv", "/targets/export.csv"]:
        rows = _csv(Client().get(url))
        cells = [cell for row in rows[1:] for cell in row]
        assert "'" + value in cells, url
        assert not [c for c in cells if c[:1] in ("=", "+", "-", "@")], url


# --- no admin data in public answers -------------------------------------------------------------


def test_no_admin_data_in_pages_api_or_exports(admin_client, site):
    da34 = site["da34"]
    admin_client.user.first_name, admin_client.user.last_name = "Quản Trị", "Viên Bí Mật"
    admin_client.user.save()
    # An edit through the admin: history now records who made it.
    da34._history_user = admin_client.user  # as the admin records it (HistoryRequestMiddleware)
    da34.save()
    assert da34.history.first().history_user == admin_client.user
    reader = Client()
    secrets = ["quantri", "qt@example.org", "Viên Bí Mật", "history_user", "based_on_version",
               "search_text", "symbol_key"]
    for url in public_urls(da34):
        text = _body(reader.get(url)).decode("utf-8", errors="replace")
        for secret in secrets:
            assert secret not in text, f"{url} shows {secret!r}"
    detail = reader.get(f"/api/documents/{da34.slug}/").json()
    assert not {"version", "history", "created_at", "search_text"} & set(detail)


# --- the admin: login throttling, passwords ------------------------------------------------------

PASSWORD = "Mat-khau-rat-dai-2025"


@pytest.fixture
def staff(django_user_model):
    return django_user_model.objects.create_user("bientap", "bt@example.org", PASSWORD,
                                                 is_staff=True)


def _login(client, username, password, address="10.0.0.1"):
    return client.post(reverse("admin:login"), {"username": username, "password": password,
                                                "next": "/admin/"}, REMOTE_ADDR=address)


def test_repeated_failed_logins_lock_the_account_out(staff):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = _login(client, "bientap", "sai-mat-khau")
        assert response.status_code == 200  # the login form again, with its message
        assert "errornote" in response.content.decode()
    locked = _login(client, "bientap", "sai-mat-khau")
    assert locked.status_code == 429
    page = locked.content.decode()
    assert "Tạm khóa đăng nhập" in page and "Traceback" not in page
    # Even the right password is refused while locked out…
    assert _login(client, "bientap", PASSWORD).status_code == 429
    assert "_auth_user_id" not in client.session
    # …from that address; the same account from another address is not blocked.
    other = Client()
    assert _login(other, "bientap", PASSWORD, address="10.0.0.2").status_code == 302
    # An administrator unlocks it.
    call_command("axes_reset", stdout=io.StringIO())
    again = Client()
    assert _login(again, "bientap", PASSWORD).status_code == 302
    assert again.get("/admin/").status_code == 200


def test_a_successful_login_resets_the_failure_count(staff):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _login(client, "bientap", "sai")
    assert _login(client, "bientap", PASSWORD).status_code == 302
    client.logout()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _login(client, "bientap", "sai").status_code == 200
    assert _login(client, "bientap", PASSWORD).status_code == 302


@pytest.mark.parametrize("weak", ["12345678", "matkhau123", "password1234", "bientap2025xx"])
def test_weak_passwords_are_refused(django_user_model, db, weak):
    user = django_user_model(username="bientap2025xx", email="bientap@example.org")
    with pytest.raises(ValidationError):
        validate_password(weak, user)
    validate_password(PASSWORD, user)


def test_the_admin_refuses_a_weak_password_for_a_new_account(admin_client):
    response = admin_client.post(reverse("admin:auth_user_add"), {
        "username": "moi", "password1": "12345678", "password2": "12345678",
        "usable_password": "true",
    })
    assert response.status_code == 200
    from django.contrib.auth import get_user_model
    assert not get_user_model().objects.filter(username="moi").exists()


def test_anonymous_visitors_cannot_reach_the_admin(client, db):
    for url in [reverse("admin:index"), reverse("admin:documents_document_changelist"),
                reverse("admin:auth_user_changelist")]:
        response = client.get(url)
        assert response.status_code == 302 and "/login/" in response["Location"], url


def test_each_scope_keeps_its_own_policy_when_requests_alternate(client, db):
    """The middleware builds each scope's policy once (documents/middleware.py): alternating
    between the public site, the admin and the API never gives one the other's policy."""
    expected = {}
    for _ in range(3):
        for url in ("/", reverse("admin:login"), "/api/docs/", "/khong-co/", "/api/documents/"):
            response = client.get(url)
            policy = _directives(response["Content-Security-Policy"])
            expected.setdefault(url, policy)
            assert policy == expected[url], url
    assert expected["/"]["style-src"] == ["'self'"]
    assert expected["/khong-co/"] == expected["/"]
    assert "'unsafe-inline'" in expected[reverse("admin:login")]["style-src"]
    assert expected["/api/docs/"] == expected["/api/documents/"] != expected["/"]
    assert client.get(reverse("admin:login"))["X-Robots-Tag"] == "noindex, nofollow"
