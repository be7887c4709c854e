"""Entering documents from a news article (admin page "Nhập từ bài báo").

Step 1 (``action=analyse``): the admin pastes the article (and optionally the source
details); the page lists every document reference found, each already in the catalogue
(links to its admin and public pages), to be chosen among candidates, or new; and the
links proposed between documents named in one sentence. Nothing is written.

Step 2 (``action=confirm``): the admin's choices are recorded by the entry service
(:func:`documents.article_entry.record_article`: one transaction, nothing written on error,
confirming the same page twice adds nothing); this view turns the forms
(``article_entry_forms.py``) into its choices, puts the errors it reports back on the forms,
and redirects to the page of what was recorded (``article_entry_done.py``).

The analysis travels from step 1 to step 2 in a signed hidden field (tamper-proof, no
session); the admin's choices are an ordinary formset. Matching is in
:mod:`documents.article_matching`.
"""

from __future__ import annotations

import datetime as dt
import logging

from django import forms
from django.contrib import messages
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, IntegrityError
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from documents.article_entry import (
    EntryError,
    EntryRefused,
    EntrySummary,
    find_source,
    load_choices,
    record_article,
)
from documents.article_matching import TooManyDocuments, analyse_article
from documents.domain.articles.items import Analysis
from documents.domain.vocabulary import LINK_KIND_BY_KEY

from .article_entry_done import summary_address
from .article_entry_forms import (
    MAX_DOCUMENTS,
    ArticleForm,
    ItemFormSet,
    LinkFormSet,
    SourceForm,
    item_initial,
    link_initial,
    source_form_initial,
)

logger = logging.getLogger(__name__)

SIGNING_SALT = "documents.admin.article_entry"
MAX_AGE = 24 * 3600  # a review page stays valid for a day


# --- state carried between the steps -----------------------------------------------------


def sign_analysis(analysis: Analysis, source: dict) -> str:
    payload = {"analysis": analysis.to_dict(), "source": source}
    return signing.dumps(payload, salt=SIGNING_SALT, compress=True)


def unsign_analysis(value: str) -> tuple[Analysis, dict]:
    payload = signing.loads(value, salt=SIGNING_SALT, max_age=MAX_AGE)
    return Analysis.from_dict(payload["analysis"]), payload.get("source", {})


# --- the view ----------------------------------------------------------------------------------


def article_entry_view(request, model_admin):
    """``<admin>/documents/document/from-article/``: analyse, review, confirm."""
    if not model_admin.has_add_permission(request):
        raise PermissionDenied
    action = request.POST.get("action") if request.method == "POST" else None
    if action == "confirm":
        return _confirm(request, model_admin)
    if action == "analyse":
        form = ArticleForm(request.POST)
        if form.is_valid():
            text = form.cleaned_data["text"]
            try:
                analysis = analyse_article(text, max_items=MAX_DOCUMENTS)
            except TooManyDocuments as exc:
                form.add_error("text", _(
                    "Bài viết nhắc đến %(found)d văn bản, quá giới hạn %(limit)d văn bản của "
                    "một lần phân tích: hãy chia bài viết thành nhiều phần và nhập từng phần."
                ) % {"found": exc.found, "limit": exc.limit})
                return _render_start(request, model_admin, form)
            source_initial = source_form_initial(form.cleaned_data, text)
            return _render_review(request, model_admin, analysis, source_initial)
    else:
        form = ArticleForm()
    return _render_start(request, model_admin, form)


def _context(request, model_admin, title: str) -> dict:
    opts = model_admin.model._meta
    return {
        **model_admin.admin_site.each_context(request),
        "title": title,
        "opts": opts,
        "app_label": opts.app_label,
        "has_view_permission": model_admin.has_view_permission(request),
        "media": forms.Media(),
    }


def _render_start(request, model_admin, form, error: str = ""):
    context = _context(request, model_admin, _("Nhập văn bản từ bài báo"))
    context.update({"form": form, "error": error})
    return TemplateResponse(request, "admin/documents/article_entry.html", context)


def _render_review(request, model_admin, analysis, source_initial, *, bound=None, error=""):
    documents, bodies = load_choices(analysis)
    if bound is None:
        initial = dict(source_initial)
        if initial.get("published_date"):
            initial["published_date"] = dt.date.fromisoformat(initial["published_date"])
        source_form = SourceForm(initial=initial)
        item_formset = ItemFormSet(
            prefix="items",
            initial=[item_initial(item) for item in analysis.items],
            items=analysis.items,
            documents=documents,
            bodies=bodies,
        )
        link_formset = LinkFormSet(
            prefix="links", initial=link_initial(analysis), proposals=analysis.links
        )
    else:
        source_form, item_formset, link_formset = bound
    existing_source = find_source(
        source_initial.get("url", ""), source_initial.get("reference", "")
    )
    rows = []
    for form in item_formset.forms:
        item = form.item
        rows.append(
            {
                "item": item,
                "form": form,
                "document": form.matched_document,
                "admin_url": _admin_url(form.matched_document),
                "public_url": _public_url(form.matched_document),
                "candidates": [
                    {"doc": d, "admin_url": _admin_url(d), "public_url": _public_url(d)}
                    for d in form.candidate_documents
                ],
            }
        )
    link_rows = [
        {
            "link": link,
            "form": form,
            "from_item": analysis.items[link.from_item],
            "to_item": analysis.items[link.to_item],
            "kind_info": LINK_KIND_BY_KEY[link.kind],
        }
        for link, form in zip(analysis.links, link_formset.forms, strict=True)
    ]
    context = _context(request, model_admin, _("Nhập văn bản từ bài báo: xem lại"))
    context.update(
        {
            "analysis": analysis,
            "counts": analysis.counts(),
            "signed": sign_analysis(analysis, source_initial),
            "source_form": source_form,
            "item_formset": item_formset,
            "link_formset": link_formset,
            "rows": rows,
            "link_rows": link_rows,
            "existing_source": existing_source,
            "existing_source_url": _admin_url(existing_source, "source"),
            "error": error,
            "has_errors": bool(
                error
                or source_form.errors
                or (item_formset.is_bound and not item_formset.is_valid())
                or (link_formset.is_bound and not link_formset.is_valid())
            ),
        }
    )
    return TemplateResponse(request, "admin/documents/article_entry_review.html", context)


def _admin_url(obj, model: str = "document") -> str:
    if obj is None:
        return ""
    return reverse(f"admin:documents_{model}_change", args=[obj.pk])


def _public_url(doc) -> str:
    if doc is None:
        return ""
    try:
        return doc.get_absolute_url()
    except NoReverseMatch:
        return ""


def _confirm(request, model_admin):
    try:
        analysis, source_initial = unsign_analysis(request.POST.get("analysis", ""))
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        form = ArticleForm()
        return _render_start(
            request,
            model_admin,
            form,
            error=_("Dữ liệu xem lại không hợp lệ hoặc đã hết hạn: hãy dán và phân tích lại."),
        )
    documents, bodies = load_choices(analysis)
    source_form = SourceForm(request.POST)
    item_formset = ItemFormSet(
        request.POST, prefix="items", items=analysis.items, documents=documents, bodies=bodies
    )
    link_formset = LinkFormSet(request.POST, prefix="links", proposals=analysis.links)
    bound = (source_form, item_formset, link_formset)
    valid = all([source_form.is_valid(), item_formset.is_valid(), link_formset.is_valid()])
    if not valid or not _check_permissions(request, source_form):
        return _render_review(request, model_admin, analysis, source_initial, bound=bound)
    choices = [form.choice_made() for form in item_formset.forms]
    links = [form.choice_made(n) for n, form in enumerate(link_formset.forms)]
    try:
        summary = record_article(
            analysis,
            source_form.details(),
            choices,
            [link for link in links if link is not None],
            documents=documents,
            bodies=bodies,
        )
    except EntryRefused as refused:
        _show_errors(refused.errors, source_form, item_formset, link_formset)
        return _render_review(request, model_admin, analysis, source_initial, bound=bound)
    except (IntegrityError, ValidationError, DatabaseError) as exc:
        logger.warning("article entry: save refused: %s", exc)
        error = _(
            "Không lưu được (dữ liệu vừa bị thay đổi ở nơi khác hoặc trùng lặp): %(why)s. "
            "Không có gì được ghi; hãy kiểm tra lại."
        ) % {"why": exc}
        return _render_review(
            request, model_admin, analysis, source_initial, bound=bound, error=error
        )
    messages.success(request, _summary_message(summary))
    return HttpResponseRedirect(summary_address(summary))


def _show_errors(errors: list[EntryError], source_form, item_formset, link_formset) -> None:
    """Put the service's errors on the forms they concern (a field the form does not show:
    on the form as a whole)."""
    for error in errors:
        if error.item is not None:
            form = item_formset.forms[error.item]
        elif error.link is not None:
            form = link_formset.forms[error.link]
        else:
            form = source_form
        form.add_error(error.field if error.field in form.fields else None, error.message)


def _check_permissions(request, source_form) -> bool:
    user = request.user
    needed = {
        "documents.add_source": _("thêm nguồn"),
        "documents.add_sourcemention": _("thêm trích dẫn trong nguồn"),
        "documents.add_documentlink": _("thêm liên kết văn bản"),
    }
    missing = [label for perm, label in needed.items() if not user.has_perm(perm)]
    if missing:
        source_form.add_error(
            None,
            _("Tài khoản của bạn không có quyền: %(what)s.") % {"what": ", ".join(missing)},
        )
        return False
    return True


def _summary_message(summary: EntrySummary) -> str:
    source = summary.source
    parts = [
        (_("Đã tạo nguồn “%s”.") if summary.source_created else _("Dùng nguồn đã có “%s”."))
        % source.headline,
        _("%(n)d văn bản mới") % {"n": len(summary.created)},
        _("%(n)d trích dẫn mới") % {"n": summary.mentions},
        _("%(n)d liên kết mới") % {"n": summary.links},
    ]
    if summary.reused:
        parts.append(_("%(n)d văn bản đã có từ trước") % {"n": len(summary.reused)})
    if summary.links_existing:
        parts.append(_("%(n)d liên kết đã có từ trước") % {"n": summary.links_existing})
    return parts[0] + " " + "; ".join(str(p) for p in parts[1:]) + "."
