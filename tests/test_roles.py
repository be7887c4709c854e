"""Admin roles (documents/roles.py, ``manage.py setup_roles``): an editor enters and changes
documents but not users or permissions; a reviewer reads everything and changes nothing."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse

from documents.models import Document, DocumentLink
from documents.roles import EDITOR, REVIEWER

INLINE_PREFIXES = ("co_issuer_rows", "files", "targets", "outgoing_links", "incoming_links",
                   "mentions")
PASSWORD = "Mat-khau-rat-dai-2025"


def document_post(bodies, **overrides) -> dict:
    data = {
        "symbol": "188-kh/tu", "doc_type": "ke_hoach", "symbol_as_written": "",
        "title": "Về luân chuyển cán bộ giai đoạn 2024-2025", "summary": "",
        "status": "in_force", "issuing_body": str(bodies["btv"].pk),
        "term": str(bodies["xvii"].pk), "locality": "", "signer": "", "signer_title": "",
        "issued_date": "06/11/2023", "date_note": "", "effective_from": "", "effective_to": "",
        "period_start": "", "period_end": "",
    }
    for prefix in INLINE_PREFIXES:
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0",
                     f"{prefix}-MIN_NUM_FORMS": "0", f"{prefix}-MAX_NUM_FORMS": "1000"})
    data.update(overrides)
    return data


def _user_with_role(django_user_model, username, role):
    django_user_model.objects.create_user(username, f"{username}@example.org", PASSWORD)
    call_command("setup_roles", "--user", username, "--role", role, stdout=io.StringIO())
    user = django_user_model.objects.get(username=username)
    client = Client()
    client.force_login(user)
    client.user = user
    return client


@pytest.fixture
def editor(db, django_user_model):
    return _user_with_role(django_user_model, "bientap", "editor")


@pytest.fixture
def reviewer(db, django_user_model):
    return _user_with_role(django_user_model, "raosoat", "reviewer")


# --- the groups -------------------------------------------------------------------------------


def test_setup_roles_is_idempotent_and_gives_exactly_the_listed_permissions(db):
    out = io.StringIO()
    call_command("setup_roles", stdout=out)
    assert "permission(s) added" in out.getvalue()
    again = io.StringIO()
    call_command("setup_roles", stdout=again)
    assert again.getvalue().count("up to date") == 2
    editor = {f"{p.content_type.app_label}.{p.codename}"
              for p in Group.objects.get(name=EDITOR).permissions.select_related("content_type")}
    reviewer = {f"{p.content_type.app_label}.{p.codename}"
                for p in Group.objects.get(name=REVIEWER).permissions.select_related(
                    "content_type")}
    assert {"documents.add_document", "documents.change_document", "documents.view_document",
            "documents.add_documentlink", "documents.delete_documentlink",
            "documents.change_target", "documents.add_source", "documents.change_locality"
            } <= editor
    assert "documents.delete_document" not in editor
    assert all(p.startswith("documents.") for p in editor | reviewer)
    assert reviewer == {p for p in editor if ".view_" in p}
    # A permission added by hand is taken away again.
    group = Group.objects.get(name=REVIEWER)
    from django.contrib.auth.models import Permission
    group.permissions.add(Permission.objects.get(codename="add_user"))
    call_command("setup_roles", stdout=io.StringIO())
    assert not group.permissions.filter(codename="add_user").exists()


def test_setup_roles_refuses_an_unknown_user_or_a_lone_option(db):
    with pytest.raises(CommandError, match="No user"):
        call_command("setup_roles", "--user", "khong-co", "--role", "editor",
                     stdout=io.StringIO())
    with pytest.raises(CommandError, match="go together"):
        call_command("setup_roles", "--user", "ai-do", stdout=io.StringIO())


def test_a_role_makes_the_user_staff_and_replaces_the_other_role(editor, django_user_model):
    user = django_user_model.objects.get(username="bientap")
    assert user.is_staff and not user.is_superuser
    assert [g.name for g in user.groups.all()] == [EDITOR]
    call_command("setup_roles", "--user", "bientap", "--role", "reviewer", stdout=io.StringIO())
    assert [g.name for g in user.groups.all()] == [REVIEWER]


# --- the editor -------------------------------------------------------------------------------


def test_the_editor_enters_and_changes_documents(editor, bodies, docs):
    assert editor.get(reverse("admin:documents_document_changelist")).status_code == 200
    assert editor.get(reverse("admin:documents_document_add")).status_code == 200
    response = editor.post(reverse("admin:documents_document_add"), document_post(bodies))
    assert response.status_code == 302, response.content.decode()[:1500]
    doc = Document.objects.get(symbol="188-KH/TU")
    assert doc.history.first().history_user == editor.user
    # Change it, adding a link to another document on the same page.
    data = document_post(bodies, title="Trích yếu đã sửa", based_on_version=str(doc.version))
    data.update({"outgoing_links-TOTAL_FORMS": "1", "outgoing_links-0-kind": "implements",
                 "outgoing_links-0-to_document": str(docs["nq04"].pk)})
    response = editor.post(reverse("admin:documents_document_change", args=[doc.pk]), data)
    assert response.status_code == 302, response.content.decode()[:1500]
    doc.refresh_from_db()
    assert doc.title == "Trích yếu đã sửa"
    assert DocumentLink.objects.filter(from_document=doc, to_document=docs["nq04"]).exists()
    # Other catalogue objects and the article entry are open to the editor too.
    for name in ("issuingbody", "locality", "source", "target", "documentlink", "topic"):
        assert editor.get(reverse(f"admin:documents_{name}_add")).status_code == 200, name
    assert editor.get(reverse("admin:documents_document_from_article")).status_code == 200
    assert editor.get(reverse("admin:documents_document_history", args=[doc.pk])
                      ).status_code == 200


def test_the_editor_cannot_delete_documents_or_touch_users_and_permissions(editor, docs):
    da34 = docs["da34"]
    assert editor.get(reverse("admin:documents_document_delete", args=[da34.pk])
                      ).status_code == 403
    assert editor.post(reverse("admin:documents_document_delete", args=[da34.pk]),
                       {"post": "yes"}).status_code == 403
    assert Document.objects.filter(pk=da34.pk).exists()
    forbidden = [
        reverse("admin:auth_user_changelist"), reverse("admin:auth_user_add"),
        reverse("admin:auth_user_change", args=[editor.user.pk]),
        reverse("admin:auth_group_changelist"), reverse("admin:auth_group_add"),
        reverse("admin:axes_accessattempt_changelist"),
    ]
    for url in forbidden:
        assert editor.get(url).status_code == 403, url
    # Not even to give themselves more rights.
    response = editor.post(reverse("admin:auth_user_change", args=[editor.user.pk]), {
        "username": "bientap", "is_superuser": "on", "is_staff": "on", "is_active": "on",
    })
    assert response.status_code == 403
    editor.user.refresh_from_db()
    assert not editor.user.is_superuser
    index = editor.get(reverse("admin:index")).content.decode()
    assert reverse("admin:auth_user_changelist") not in index
    assert reverse("admin:documents_document_changelist") in index


# --- the reviewer -----------------------------------------------------------------------------


def test_the_reviewer_reads_everything(reviewer, docs):
    da34 = docs["da34"]
    for url in [reverse("admin:documents_document_changelist"),
                reverse("admin:documents_document_change", args=[da34.pk]),
                reverse("admin:documents_document_history", args=[da34.pk]),
                reverse("admin:documents_issuingbody_changelist"),
                reverse("admin:documents_target_changelist")]:
        assert reviewer.get(url).status_code == 200, url
    page = reviewer.get(reverse("admin:documents_document_change", args=[da34.pk])
                        ).content.decode()
    assert 'name="_save"' not in page  # read only: no save button


def test_the_reviewer_changes_nothing(reviewer, bodies, docs):
    da34 = docs["da34"]
    count = Document.objects.count()
    assert reviewer.get(reverse("admin:documents_document_add")).status_code == 403
    assert reviewer.post(reverse("admin:documents_document_add"),
                         document_post(bodies)).status_code == 403
    response = reviewer.post(reverse("admin:documents_document_change", args=[da34.pk]),
                             document_post(bodies, symbol=da34.symbol, doc_type="de_an",
                                           title="Sửa trộm", based_on_version="1"))
    assert response.status_code == 403
    assert reviewer.post(reverse("admin:documents_document_delete", args=[da34.pk]),
                         {"post": "yes"}).status_code == 403
    assert reviewer.get(reverse("admin:documents_document_from_article")).status_code == 403
    for url in [reverse("admin:auth_user_changelist"), reverse("admin:auth_group_changelist")]:
        assert reviewer.get(url).status_code == 403, url
    da34.refresh_from_db()
    assert da34.title != "Sửa trộm" and Document.objects.count() == count


def test_staff_without_a_role_see_nothing(db, django_user_model, docs):
    user = django_user_model.objects.create_user("moi", "moi@example.org", PASSWORD,
                                                 is_staff=True)
    client = Client()
    client.force_login(user)
    assert client.get(reverse("admin:documents_document_changelist")).status_code == 403


# --- the admin's place filter: typed, for every role that sees a list with it -----------------

PLACE_FILTERED = ("document", "target", "figure", "issuingbody")


@pytest.mark.parametrize("role", ["superuser", "editor", "reviewer"])
def test_every_role_filters_by_a_typed_place_not_a_list_of_places(
        role, request, admin_client, docs, bodies):
    """The place filter of the lists that have one is a text box (there are ~14.000 places):
    "long bien", "Long Biên" and "LONG BIEN" find quận Long Biên and what was issued there or
    below; Hà Nội's documents are left out. No <select> lists the places."""
    client = admin_client if role == "superuser" else request.getfixturevalue(role)
    quan_uy_doc = Document.objects.create(
        symbol="15-ĐA/QU", doc_type="de_an", title="Đề án của Quận ủy",
        issuing_body=bodies["quan_uy"], issued_date=dt.date(2019, 10, 1), status="in_force")
    for model in PLACE_FILTERED:
        url = reverse(f"admin:documents_{model}_changelist")
        response = client.get(url)
        assert response.status_code == 200, (role, model)
        html = response.content.decode()
        assert 'type="search" name="place"' in html, (role, model)
        assert "<option" not in html.split('name="place"')[0].rsplit("<details", 1)[-1]
        assert html.count("Việt Hưng") <= 1, (role, model)  # no list of places offered
    url = reverse("admin:documents_document_changelist")
    for typed in ("long bien", "Long Biên", "LONG BIEN"):
        listed = list(client.get(url, {"place": typed}).context["cl"].result_list)
        assert listed == [quan_uy_doc], (role, typed)
    bodies_url = reverse("admin:documents_issuingbody_changelist")
    assert list(client.get(bodies_url, {"place": "long bien"}).context["cl"].result_list) \
        == [bodies["quan_uy"]]
