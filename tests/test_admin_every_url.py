"""Every admin address, with every role and every method: only editors and superusers change
anything, and editors only the catalogue.

The addresses are not listed by hand: they are read from the admin site's URL patterns (every
registered model's own, simple-history's history form, the article entry, auth, axes, the
catch-all), so a page added tomorrow is walked too. Each is requested with GET, HEAD, POST,
PUT, PATCH, DELETE and OPTIONS; a POST carries the form a superuser is shown on that page, with
its text fields edited (and, on a list, every row ticked for deletion) — what someone who
can read the page and wants to change data would send. After each request the test compares
every row of the catalogue, auth and admin-log tables with what was there before.
"""

from __future__ import annotations

import io
import re
from html.parser import HTMLParser

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import URLPattern, URLResolver, resolve

from documents.models import Document, DocumentLink

PASSWORD = "Mat-khau-rat-dai-2025"
METHODS = ("GET", "HEAD", "OPTIONS", "POST", "PUT", "PATCH", "DELETE")
SAFE = ("GET", "HEAD", "OPTIONS")
UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}
TAMPERED = " (sửa trộm)"
# Rows a request may write whoever makes it: sessions and login throttling (axes).
UNWATCHED_APPS = {"sessions", "axes"}
# Catalogue tables an editor may change (the documents app and its history), and rows no
# editor may ever delete.
EDITOR_APPS = {"documents"}
NEVER_DELETED_BY_EDITORS = ("Document", "Locality", "IssuingBody", "Source")


# --- the addresses --------------------------------------------------------------------------


def _walk(patterns, prefix="", model=None):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            route = str(pattern.pattern)
            found = next((m for m in admin.site._registry
                          if route == f"{m._meta.app_label}/{m._meta.model_name}/"), model)
            yield from _walk(pattern.url_patterns, prefix + route, found)
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern, model


def _fill(route: str, values: dict, positional: list) -> str:
    """The address of *route* (route converters and regular-expression groups) with values."""
    route = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: str(values[m.group(1)]), route)
    route = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(values[m.group(1)]), route)
    queue = list(positional)
    route = re.sub(r"\((?!\?)[^)]*\)", lambda m: str(queue.pop(0)), route)
    return "/admin/" + route.replace("^", "").replace("$", "")


def admin_addresses(superuser) -> list[tuple[str, str]]:
    """``(address, pattern)`` for every pattern of the admin site, filled with real ids."""
    document = Document.objects.order_by("pk").first()
    result = []
    for route, pattern, model in _walk(admin.site.get_urls()):
        obj = model._default_manager.order_by("pk").first() if model is not None else None
        object_id = obj.pk if obj is not None else 999999
        history = getattr(obj, "history", None)
        version = history.order_by("history_id").first() if history is not None else None
        values = {
            "object_id": object_id, "id": superuser.pk, "app_label": "documents",
            "content_type_id": ContentType.objects.get_for_model(Document).pk,
            "url": "documents/khong-co/",
        }
        if route.startswith("r/"):
            values["object_id"] = document.pk
        address = _fill(route, values, [object_id, version.history_id if version else 1])
        assert resolve(address).func.__name__ == pattern.callback.__name__, (address, route)
        result.append((address, route))
    return result


# --- what a superuser's page lets one post -------------------------------------------------


class FormReader(HTMLParser):
    """The fields of the admin page's main form, as a browser would submit them."""

    def __init__(self):
        super().__init__()
        self.fields: list[tuple[str, str]] = []
        self.in_form = False
        self.select: tuple[str, bool] | None = None
        self.textarea: str | None = None
        self.text = ""

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and (a.get("method") or "").lower() == "post":
            self.in_form = True
        if not self.in_form or "name" not in a and tag != "option":
            return
        if tag == "input":
            kind = (a.get("type") or "text").lower()
            if kind in ("submit", "button", "file", "image", "reset"):
                return
            if kind in ("checkbox", "radio"):
                if "checked" in a or a["name"] == "_selected_action":
                    self.fields.append((a["name"], a.get("value") or "on"))
                return
            self.fields.append((a["name"], self.edit(a["name"], a.get("value") or "", kind)))
        elif tag == "select":
            self.select = (a["name"], "multiple" in a)
        elif tag == "option" and self.select and "selected" in a:
            self.fields.append((self.select[0], a.get("value") or ""))
        elif tag == "textarea":
            self.textarea, self.text = a["name"], ""

    def handle_data(self, data):
        if self.textarea is not None:
            self.text += data

    def handle_endtag(self, tag):
        if tag == "select":
            self.select = None
        elif tag == "textarea" and self.textarea is not None:
            self.fields.append((self.textarea, self.edit(self.textarea, self.text, "text")))
            self.textarea = None
        elif tag == "form":
            self.in_form = False

    @staticmethod
    def edit(name: str, value: str, kind: str) -> str:
        editable = kind == "text" and value and not name.endswith(("-id", "_date", "date"))
        return value + TAMPERED if editable and not re.fullmatch(r"[\d/.:-]+", value) else value


def attack_data(superuser_client, address: str) -> dict:
    page = superuser_client.get(address, follow=False)
    reader = FormReader()
    if page.status_code == 200 and "html" in page.get("Content-Type", ""):
        reader.feed(page.content.decode())
    data: dict[str, list[str]] = {}
    for name, value in reader.fields:
        data.setdefault(name, []).append(value)
    if "_selected_action" in data:  # a list: delete every row shown, confirmed
        data.update({"action": ["delete_selected"], "post": ["yes"]})
    return data


# --- the database, row by row ---------------------------------------------------------------


def watched_models():
    return [m for m in apps.get_models() if m._meta.app_label not in UNWATCHED_APPS]


def snapshot() -> dict[str, str]:
    """A fingerprint of every row of every watched table, in one statement."""
    models = watched_models()
    parts = ", ".join(
        f"(SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) "
        f"FROM {connection.ops.quote_name(m._meta.db_table)} t)"
        for m in models
    )
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {parts}")
        row = cursor.fetchone()
    return {m._meta.label: digest for m, digest in zip(models, row, strict=True)}


def changed_tables(before: dict, after: dict) -> set[str]:
    return {label for label in before if before[label] != after[label]}


# --- the roles ------------------------------------------------------------------------------


def make_user(django_user_model, role: str):
    if role == "anonymous":
        return None
    if role == "superuser":
        return django_user_model.objects.create_superuser("quantri", "q@example.org", PASSWORD)
    user = django_user_model.objects.create_user(role, f"{role}@example.org", PASSWORD,
                                                 is_staff=True)
    if role in ("editor", "reviewer"):
        call_command("setup_roles", "--user", role, "--role", role, stdout=io.StringIO())
    return user


ROLES = ("anonymous", "staff_without_role", "reviewer", "editor", "superuser")


@pytest.mark.parametrize("role", ROLES)
def test_every_admin_address_with_every_method(role, seed, django_user_model):
    call_command("setup_roles", stdout=io.StringIO())
    boss = make_user(django_user_model, "superuser") if role != "superuser" else None
    user = make_user(django_user_model, role)
    boss = boss or user
    boss_client = Client()
    boss_client.force_login(boss)
    addresses = admin_addresses(boss)
    assert len(addresses) > 100  # every model's pages, auth, axes, history forms

    client = Client()
    watch = role != "superuser"  # a superuser may change anything: only 5xx are looked for
    failures: list[str] = []
    for address, route in addresses:
        data = attack_data(boss_client, address)
        # The safe methods are checked together (one snapshot around the three), each unsafe
        # method on its own.
        for methods in (SAFE, *((m,) for m in METHODS if m in UNSAFE)):
            if user is not None and "_auth_user_id" not in client.session:
                client.force_login(user)  # again after the logout page
            before = snapshot() if watch else {}
            counts = {name: apps.get_model("documents", name).objects.count()
                      for name in NEVER_DELETED_BY_EDITORS} if role == "editor" else {}
            where = f"{role} {'/'.join(methods)} {address} ({route})"
            for method in methods:
                response = client.generic(
                    method, address, data=_encode(data) if method in UNSAFE else "",
                    content_type="application/x-www-form-urlencoded",
                )
                if response.status_code >= 500:
                    failures.append(f"server error: {where} → {response.status_code}")
            changed = changed_tables(before, snapshot()) if watch else set()
            if role in ("anonymous", "staff_without_role", "reviewer"):
                if changed:
                    failures.append(f"changed {sorted(changed)}: {where}")
            elif role == "editor":
                outside = {t for t in changed if t.split(".")[0] not in EDITOR_APPS
                           and t != "admin.LogEntry"}
                if outside:
                    failures.append(f"changed {sorted(outside)}: {where}")
                lost = [name for name, n in counts.items()
                        if apps.get_model("documents", name).objects.count() < n]
                if lost:
                    failures.append(f"deleted {lost}: {where}")
    assert not failures, "\n".join(failures[:40]) + f"\n({len(failures)} in all)"


def _encode(data: dict) -> str:
    from urllib.parse import urlencode

    return urlencode([(k, v) for k, values in data.items() for v in values])


# --- the history form (the hole this test was written for) -------------------------------


@pytest.mark.parametrize("model_name", ["document", "locality", "issuingbody"])
def test_a_reviewer_cannot_save_through_the_history_form(model_name, seed,
                                                           django_user_model):
    call_command("setup_roles", stdout=io.StringIO())
    boss = make_user(django_user_model, "superuser")
    reviewer = make_user(django_user_model, "reviewer")
    model = apps.get_model("documents", model_name)
    obj = model.objects.order_by("pk").first()
    version = obj.history.order_by("history_id").first()
    address = f"/admin/documents/{model_name}/{obj.pk}/history/{version.history_id}/"
    boss_client = Client()
    boss_client.force_login(boss)
    data = attack_data(boss_client, address)
    edited = [name for name, values in data.items() if any(TAMPERED in v for v in values)]
    assert edited, "the superuser's history form has editable text fields"
    client = Client()
    client.force_login(reviewer)

    page = client.get(address)
    assert page.status_code == 200
    html = page.content.decode()
    for name in edited:  # shown, but not as an input
        assert f'name="{name}"' not in html, name
    assert 'name="_save"' not in html and 'name="_change_history"' not in html

    before = snapshot()
    response = client.post(address, _encode(data),
                           content_type="application/x-www-form-urlencoded")
    assert response.status_code == 403
    assert changed_tables(before, snapshot()) == set()
    assert TAMPERED not in str(model.objects.get(pk=obj.pk))


def test_an_editor_can_still_revert_through_the_history_form(seed, django_user_model):
    call_command("setup_roles", stdout=io.StringIO())
    editor = make_user(django_user_model, "editor")
    link = DocumentLink.objects.order_by("pk").first()
    version = link.history.order_by("history_id").first()
    address = f"/admin/documents/documentlink/{link.pk}/history/{version.history_id}/"
    client = Client()
    client.force_login(editor)
    data = attack_data(client, address)
    data["note"] = ["Ghi chú sau khi khôi phục"]
    response = client.post(address, _encode(data),
                           content_type="application/x-www-form-urlencoded")
    assert response.status_code == 302, response.content.decode()[:2000]
    link.refresh_from_db()
    assert link.note == "Ghi chú sau khi khôi phục"
    assert link.history.order_by("-history_id").first().history_user == editor
