"""Links proposed from a document's text (documents/text_links.py) and decided on the
document's admin page (documents/admin/text_proposals.py) — issue 15."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.test import Client
from test_document_text import TEXT, add_text, page_source  # noqa: F401 - the fixture

from documents.models import DocumentLink, TextLinkProposal
from documents.provisions import rebuild_provisions

PASSWORD = "Mat-khau-rat-dai-2025"


@pytest.fixture
def proposed(docs, page_source):  # noqa: F811
    return add_text(docs["da34"], page_source)


def test_preamble_can_cu_and_article_references_are_proposed(docs, proposed):
    rows = {(p.kind, p.provision): p for p in TextLinkProposal.objects.all()}
    assert set(rows) == {("based_on", ""), ("references", "Điều 2")}
    based_on = rows[("based_on", "")]
    assert based_on.from_document == docs["da34"] and based_on.to_document == docs["nq04"]
    assert based_on.quote.startswith("Căn cứ Nghị quyết số 04-NQ/TU ngày 31/5/2021")
    assert based_on.status == "proposed"
    assert rows[("references", "Điều 2")].quote.startswith("Các cơ quan thực hiện theo")


def test_rebuilding_keeps_decisions_and_skips_known_links(docs, proposed):
    TextLinkProposal.objects.filter(kind="references").update(status="dismissed")
    DocumentLink.objects.create(from_document=docs["da34"], to_document=docs["nq04"],
                                kind="based_on")
    TextLinkProposal.objects.filter(kind="based_on").delete()
    rebuild_provisions(proposed)
    assert list(TextLinkProposal.objects.values_list("kind", "status")) == [
        ("references", "dismissed")]


def test_rebuilding_twice_does_not_duplicate(proposed):
    rebuild_provisions(proposed)
    rebuild_provisions(proposed)
    assert TextLinkProposal.objects.count() == 2


def _user(django_user_model, role):
    call_command("setup_roles", stdout=io.StringIO())
    user = django_user_model.objects.create_user(role, f"{role}@example.org", PASSWORD,
                                                 is_staff=True)
    call_command("setup_roles", "--user", role, "--role", role, stdout=io.StringIO())
    client = Client()
    client.force_login(user)
    return client


def _urls(docs, proposal):
    base = f"/admin/documents/document/{docs['da34'].pk}/"
    return base, base + f"text-links/{proposal.pk}/confirm/", \
        base + f"text-links/{proposal.pk}/dismiss/"


def test_an_editor_confirms_a_proposal_into_a_link(docs, proposed, django_user_model):
    client = _user(django_user_model, "editor")
    proposal = TextLinkProposal.objects.get(kind="references")
    page, confirm, _dismiss = _urls(docs, proposal)
    html = client.get(page + "change/").content.decode()
    assert "Liên kết đề xuất từ toàn văn" in html and f'formaction="{confirm}"' in html
    response = client.post(confirm)
    assert response.status_code == 302 and response["Location"].endswith(page + "change/")
    link = DocumentLink.objects.get(from_document=docs["da34"], to_document=docs["nq04"],
                                    kind="references")
    assert link.provision == "Điều 2" and link.quote == proposal.quote
    proposal.refresh_from_db()
    assert proposal.status == "confirmed" and proposal.decided_by == "editor"
    assert client.post(confirm).status_code == 404  # decided: gone


def test_an_editor_dismisses_a_proposal(docs, proposed, django_user_model):
    client = _user(django_user_model, "editor")
    proposal = TextLinkProposal.objects.get(kind="based_on")
    _page, _confirm, dismiss = _urls(docs, proposal)
    assert client.post(dismiss).status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == "dismissed"
    assert not DocumentLink.objects.exists()


@pytest.mark.parametrize("method", ["get", "head", "put", "patch", "delete", "options"])
def test_only_post_decides(docs, proposed, django_user_model, method):
    client = _user(django_user_model, "editor")
    proposal = TextLinkProposal.objects.get(kind="based_on")
    for url in _urls(docs, proposal)[1:]:
        assert getattr(client, method)(url).status_code == 405
    assert TextLinkProposal.objects.filter(status="proposed").count() == 2


@pytest.mark.parametrize("role", ["anonymous", "staff_without_role", "reviewer"])
def test_others_cannot_decide(docs, proposed, django_user_model, role):
    if role == "anonymous":
        client = Client()
    elif role == "staff_without_role":
        user = django_user_model.objects.create_user("x", "x@example.org", PASSWORD,
                                                     is_staff=True)
        client = Client()
        client.force_login(user)
    else:
        client = _user(django_user_model, role)
    proposal = TextLinkProposal.objects.get(kind="based_on")
    page, confirm, dismiss = _urls(docs, proposal)
    for url in (confirm, dismiss):
        response = client.post(url)
        assert response.status_code in (302, 403)
        if response.status_code == 302:
            assert "/login/" in response["Location"]
    assert TextLinkProposal.objects.filter(status="proposed").count() == 2
    assert not DocumentLink.objects.exists()
    if role == "reviewer":
        html = client.get(page + "change/").content.decode()
        assert "Liên kết đề xuất từ toàn văn" in html and "formaction" not in html


def test_unknown_or_foreign_proposal_is_404(docs, proposed, django_user_model):
    client = _user(django_user_model, "editor")
    proposal = TextLinkProposal.objects.first()
    assert client.post(f"/admin/documents/document/{docs['da34'].pk}/text-links/999999/"
                       "confirm/").status_code == 404
    assert client.post(f"/admin/documents/document/{docs['nq04'].pk}/text-links/"
                       f"{proposal.pk}/confirm/").status_code == 404
