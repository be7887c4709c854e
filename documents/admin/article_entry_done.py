"""What an article's entry recorded (admin page ``from-article/done/``): the source, every
document of the entry — created, already there (asked to create), or matched — and every link,
new or recorded before, each with its admin page and, for documents, its public page.

The confirmation (``article_entry._confirm``) redirects here with the ids in a signed
parameter ``s`` (no session; valid for a day): a tampered, expired or missing one is a 404.
Reading needs the document view permission (reviewers too); three queries whatever the
numbers.
"""

from __future__ import annotations

from django.core import signing
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseNotAllowed
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from documents.article_entry import EntrySummary
from documents.models import Document, DocumentLink, Source

SALT = "documents.article_entry.done"
MAX_AGE = 24 * 3600


def summary_address(summary: EntrySummary) -> str:
    """The page's address for what :func:`record_article` recorded."""
    created = {doc.pk for doc in summary.created}
    reused = {doc.pk for doc in summary.reused}
    token = signing.dumps({
        "source": summary.source.pk,
        "source_created": summary.source_created,
        "documents": [doc.pk for doc in summary.documents],
        "created": sorted(created),
        "reused": sorted(reused),
        "new_links": [link.pk for link in summary.new_links],
        "old_links": [link.pk for link in summary.old_links],
    }, salt=SALT, compress=True)
    return f"{reverse('admin:documents_document_from_article_done')}?s={token}"


def _read(token: str) -> dict:
    try:
        data = signing.loads(token, salt=SALT, max_age=MAX_AGE)
        ids = [data["source"], *data["documents"], *data["new_links"], *data["old_links"]]
        if not all(isinstance(i, int) for i in ids):
            raise TypeError
        return data
    except (signing.BadSignature, KeyError, TypeError, ValueError) as exc:
        raise Http404(_("Không có kết quả nhập nào ở địa chỉ này.")) from exc


def article_entry_done_view(request, model_admin):
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    if not model_admin.has_view_permission(request):
        raise PermissionDenied
    data = _read(request.GET.get("s", ""))
    source = Source.objects.filter(pk=data["source"]).first()
    if source is None:
        raise Http404(_("Nguồn này không còn nữa."))
    found = Document.objects.select_related("issuing_body").in_bulk(data["documents"])
    links = DocumentLink.objects.select_related("from_document", "to_document").in_bulk(
        data["new_links"] + data["old_links"])
    created, reused = set(data["created"]), set(data["reused"])
    rows = [
        {
            "document": doc,
            "state": (_("tạo mới") if pk in created else
                      _("đã có (không tạo lại)") if pk in reused else _("đã có trong catalogue")),
            "admin_url": reverse("admin:documents_document_change", args=[pk]),
            "public_url": doc.get_absolute_url(),
        }
        for pk in data["documents"] if (doc := found.get(pk)) is not None
    ]
    link_rows = [
        {"link": link, "new": pk in data["new_links"],
         "admin_url": reverse("admin:documents_documentlink_change", args=[pk])}
        for pk in data["new_links"] + data["old_links"] if (link := links.get(pk)) is not None
    ]
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": _("Đã lưu từ bài báo"),
        "source": source,
        "source_created": data["source_created"],
        "source_admin_url": reverse("admin:documents_source_change", args=[source.pk]),
        "rows": rows,
        "link_rows": link_rows,
        "has_view_permission": True,
    }
    return TemplateResponse(request, "admin/documents/article_entry_done.html", context)
