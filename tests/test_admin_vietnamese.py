"""The Vietnamese admin speaks Vietnamese (issue 16: "Please correct the errors below.",
"Created at", "Show counts", "Access attempts" were left in English). Every admin address a
superuser can open is read in Vietnamese, and none may show a string that Django, its auth
app, django-axes or django-simple-history write in English — their strings are translated in
locale/vi/LC_MESSAGES/django.po where their own catalogues lack them — nor a field named only
by its attribute ("created at")."""

from __future__ import annotations

import re
from pathlib import Path

import django
import pytest
from django.apps import apps
from page_helpers import visible_text
from test_admin_every_url import admin_addresses

PACKAGES = Path(django.__file__).parent.parent

#: Catalogues whose msgids are the English a page may show: Django's own, its admin and auth (their
#: English catalogues list every string) and the two admin apps (their French ones do).
CATALOGUES = [
    "django/conf/locale/en/LC_MESSAGES/django.po",
    "django/contrib/admin/locale/en/LC_MESSAGES/django.po",
    "django/contrib/auth/locale/en/LC_MESSAGES/django.po",
    "axes/locale/fr/LC_MESSAGES/django.po",
    "simple_history/locale/fr/LC_MESSAGES/django.po",
]
#: Strings of those apps that the catalogues above lack (newer than their translations).
NEWER = {"access attempt expiration", "access attempt expirations", "Access Attempt",
         "Expires At", "Session key hash (sha256)"}

#: Shown in English on purpose: a header's own name.
KEPT = {"HTTP Accept"}


def _english_strings() -> set[str]:
    found = set()
    for catalogue in CATALOGUES:
        text = (PACKAGES / catalogue).read_text(encoding="utf-8")
        for match in re.finditer(r'^msgid(?:_plural)? ((?:".*"\n)+)', text, re.M):
            msgid = "".join(re.findall(r'"(.*)"', match.group(1)))
            # Whole phrases only: words of two letters or one word ("Home") match Vietnamese
            # pages by accident; placeholders cannot appear as written.
            if len(msgid) >= 8 and " " in msgid.strip() and not re.search(r"[%{<\\]", msgid):
                found.add(msgid.replace("\\n", "\n"))
    return (found | NEWER) - KEPT


def _attribute_names() -> set[str]:
    """What a field with no verbose name shows: its attribute with spaces ("created at")."""
    return {field.name.replace("_", " ").capitalize()
            for model in apps.get_app_config("documents").get_models()
            for field in model._meta.concrete_fields
            if "_" in field.name and str(field.verbose_name) == field.name.replace("_", " ")}


@pytest.fixture
def superuser_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("quantri", "q@example.org", "x" * 20)
    client.force_login(user)
    return client


def test_every_admin_page_reads_in_vietnamese(superuser_client, seed):
    english = _english_strings() | _attribute_names()
    assert "Please correct the errors below." in english and "Show counts" in english
    found = {}
    for address, _route in admin_addresses(_superuser()):
        response = superuser_client.get(address, HTTP_ACCEPT_LANGUAGE="vi")
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        text = visible_text(response.content.decode())
        for string in english:
            if string in text:
                found.setdefault(string, address)
    # A form with errors (the message above the form).
    page = superuser_client.post("/admin/documents/topic/add/", {}, HTTP_ACCEPT_LANGUAGE="vi")
    html = page.content.decode()
    assert "<title>Lỗi:" in html
    assert "Vui lòng sửa các lỗi dưới đây." in visible_text(html)
    assert not found, found


def _superuser():
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username="quantri")


def test_permissions_are_named_in_vietnamese(superuser_client, seed):
    """Django stores "Can add document"; the group's and user's pages word it from the
    action and the model's name."""
    for address in ("/admin/auth/group/add/", "/admin/auth/user/add/"):
        html = superuser_client.get(address, HTTP_ACCEPT_LANGUAGE="vi").content.decode()
        options = re.findall(r"<option[^>]*>([^<]*)</option>", html)
        if address.endswith("group/add/"):
            assert "Văn bản chính sách cán bộ · văn bản · thêm" in options
            assert "Khóa đăng nhập · lần thử đăng nhập · xóa" in options
            assert "Quản trị website · mục nhật ký quản trị · xem" in options
            assert not [option for option in options if "Can " in option]


def test_the_admin_index_names_every_app_in_vietnamese(superuser_client):
    text = visible_text(superuser_client.get("/admin/", HTTP_ACCEPT_LANGUAGE="vi")
                        .content.decode())
    assert "Khóa đăng nhập" in text and "Axes" not in text
    html = superuser_client.get("/admin/", HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert "Các loại dữ liệu trong Văn bản chính sách cán bộ" in html
    assert "mô models" not in html
