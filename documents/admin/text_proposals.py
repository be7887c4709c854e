"""Links proposed from a document's text, on the document's admin page (issue 15).

The page lists the proposals waiting for a decision (:class:`~documents.models.
TextLinkProposal`, written by ``documents/text_links.py`` after each extraction): the document
named, the kind, the sentence and the provision it sits in, with "Xác nhận" and "Bỏ qua"
buttons. The buttons post the page's own form (its CSRF token) to
``<id>/text-links/<proposal>/confirm/`` or ``…/dismiss/`` (``formaction``: no form inside the
form); only POST, only editors (the change permission on proposals and the add permission on
links); anything else is refused, an unknown or decided proposal is 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _

from documents.models import TextLinkProposal
from documents.text_links import confirm, dismiss

#: Proposals listed on a document's page (the oldest first).
SHOWN = 50


def may_decide(user) -> bool:
    return (user.has_perm("documents.change_textlinkproposal")
            and user.has_perm("documents.add_documentlink"))


def proposals_html(document, user) -> str:
    """The waiting proposals of ``document`` as the admin page shows them (one query)."""
    if document is None or document.pk is None:
        return "—"
    waiting = list(TextLinkProposal.objects.filter(from_document=document, status="proposed")
                   .select_related("to_document").order_by("id")[:SHOWN])
    if not waiting:
        return _("Không có liên kết nào chờ xác nhận.")
    decide = may_decide(user)

    def buttons(proposal):
        if not decide:
            return ""
        args = [document.pk, proposal.pk]
        return format_html(
            '<button type="submit" class="button" formaction="{}" formnovalidate>{}</button> '
            '<button type="submit" class="button" formaction="{}" formnovalidate>{}</button>',
            reverse("admin:documents_document_text_link_confirm", args=args), _("Xác nhận"),
            reverse("admin:documents_document_text_link_dismiss", args=args), _("Bỏ qua"))

    rows = format_html_join("", (
        "<li><strong>{}</strong> <a href=\"{}\">{}</a>{}<blockquote>{}</blockquote>"
        "<p>{}</p></li>"), (
        (p.get_kind_display(),
         reverse("admin:documents_document_change", args=[p.to_document_id]),
         str(p.to_document),
         format_html(" ({} {})", _("tại"), p.provision) if p.provision else "",
         p.quote, buttons(p)) for p in waiting))
    return format_html('<ul class="text-link-proposals">{}</ul>', rows)


def _decide(request, object_id, pk, action):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if not may_decide(request.user):
        raise PermissionDenied
    try:
        proposal = TextLinkProposal.objects.select_related("to_document").get(
            pk=int(pk), from_document_id=int(object_id), status="proposed")
    except (TextLinkProposal.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    user = request.user.get_username()
    if action == "confirm":
        link = confirm(proposal, user)
        if link is None:
            messages.info(request, _("Liên kết này đã có; đề xuất được đánh dấu đã xác nhận."))
        else:
            messages.success(request, _("Đã thêm liên kết tới %(doc)s.")
                             % {"doc": proposal.to_document})
    else:
        dismiss(proposal, user)
        messages.info(request, _("Đã bỏ qua đề xuất."))
    return redirect("admin:documents_document_change", proposal.from_document_id)


def confirm_view(request, object_id, id):  # noqa: A002 - the admin walker's parameter name
    return _decide(request, object_id, id, "confirm")


def dismiss_view(request, object_id, id):  # noqa: A002
    return _decide(request, object_id, id, "dismiss")
