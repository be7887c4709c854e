"""Entering documents from a news article (admin page "Nhập từ bài báo").

Step 1 (``action=analyse``): the admin pastes the article (and optionally the source
details); the page lists every document reference found, each already in the catalogue
(links to its admin and public pages), to be chosen among candidates, or new; and the
links proposed between documents named in one sentence. Nothing is written.

Step 2 (``action=confirm``): the admin's choices are saved in one transaction: the source
(an existing one with the same URL or archive reference is reused), the ticked new
documents, a mention of every matched or created document with its sentence as quote, and
the ticked links with the source and the sentence as provenance. Everything is looked up
before it is created, so confirming the same page twice adds nothing.

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
from django.db import DatabaseError, IntegrityError, transaction
from django.forms import formset_factory
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from documents.article_matching import (
    AMBIGUOUS,
    MATCHED,
    NEW,
    UNKNOWN_TITLE,
    Analysis,
    Item,
    TooManyDocuments,
    analyse_article,
    guess_source_details,
)
from documents.domain.symbols import SymbolError, parse_symbol
from documents.domain.vietnamese import format_number
from documents.domain.vocabulary import DOCUMENT_TYPES, LINK_KIND_BY_KEY, LINK_KINDS, choices
from documents.models import (
    Document,
    DocumentLink,
    IssuingBody,
    Source,
    SourceMention,
    Term,
)
from documents.models.common import clean_text
from documents.models.sources import SOURCE_KINDS

logger = logging.getLogger(__name__)

SIGNING_SALT = "documents.admin.article_entry"
MAX_AGE = 24 * 3600  # a review page stays valid for a day
#: What one analysis accepts (the longest seed article has 15.000 characters and names 9
#: documents): matching costs a few bounded queries per document and the review page one form
#: per document, so these bound the work and the page (an article of 199 KB naming 3.000
#: documents took 37 s and made an 8,9 MB page, past the server's timeout).
MAX_TEXT = 50_000
MAX_DOCUMENTS = 60
SKIP, CREATE = "", "new"


# --- forms -------------------------------------------------------------------------------------


class SourceFieldsForm(forms.Form):
    """The source article's details (optional at step 1, publisher and headline required at
    step 2)."""

    kind = forms.ChoiceField(
        label=_("Loại nguồn"), choices=choices(SOURCE_KINDS), initial="news", required=False
    )
    publisher = forms.CharField(label=_("Cơ quan đăng"), max_length=200, required=False)
    headline = forms.CharField(label=_("Tiêu đề bài viết"), max_length=500, required=False)
    url = forms.URLField(
        label=_("Địa chỉ (URL)"), max_length=500, required=False, assume_scheme="https"
    )
    author = forms.CharField(label=_("Tác giả"), max_length=200, required=False)
    published_date = forms.DateField(label=_("Ngày đăng"), required=False)
    reference = forms.CharField(
        label=_("Mã lưu trữ"),
        max_length=120,
        required=False,
        help_text=_("Tên tệp hoặc mã lưu của bản sao bài viết, nếu có."),
    )

    source_fields = ("kind", "publisher", "headline", "url", "author", "published_date",
                     "reference")  # fmt: skip


class ArticleForm(SourceFieldsForm):
    """Step 1: the article's text and, optionally, its source details."""

    text = forms.CharField(
        label=_("Nội dung bài báo"),
        widget=forms.Textarea(attrs={"rows": 18, "cols": 100, "class": "vLargeTextField"}),
        error_messages={"required": _("Hãy dán nội dung bài báo.")},
    )

    field_order = ("text", *SourceFieldsForm.source_fields)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].help_text = _(
            "Dán toàn bộ bài viết hoặc đoạn có nhắc đến văn bản (tối đa %(chars)s ký tự và "
            "%(documents)d văn bản mỗi lần phân tích)."
        ) % {"chars": format_number(MAX_TEXT), "documents": MAX_DOCUMENTS}

    def clean_text(self):
        text = (self.cleaned_data.get("text") or "").replace("\r\n", "\n").replace("\r", "\n")
        if not text.strip():
            raise ValidationError(_("Hãy dán nội dung bài báo."), code="required")
        # Checked here, not with max_length: a browser would cut a longer article silently
        # at the textarea's maxlength; this says what the limit is.
        if len(text) > MAX_TEXT:
            raise ValidationError(
                _("Bài viết dài %(length)s ký tự, quá giới hạn %(limit)s ký tự của một lần "
                  "phân tích: hãy dán đoạn có nhắc đến văn bản, hoặc chia bài viết thành "
                  "nhiều lần nhập."),
                code="max_length",
                params={"length": format_number(len(text)), "limit": format_number(MAX_TEXT)},
            )
        return text


class SourceForm(SourceFieldsForm):
    """Step 2: the source to record (created, or reused when it is already there)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("kind", "publisher", "headline"):
            self.fields[name].required = True
            self.fields[name].error_messages["required"] = _("Trường này là bắt buộc.")


class ItemForm(forms.Form):
    """The admin's decision on one document the article mentions."""

    choice = forms.ChoiceField(label=_("Văn bản"), required=False)
    create = forms.BooleanField(label=_("Tạo văn bản mới"), required=False)
    doc_type = forms.ChoiceField(
        label=_("Loại văn bản"), choices=choices(DOCUMENT_TYPES), required=False
    )
    symbol = forms.CharField(label=_("Số ký hiệu"), max_length=60, required=False)
    issued_date = forms.DateField(label=_("Ngày ban hành"), required=False)
    title = forms.CharField(
        label=_("Trích yếu"),
        max_length=600,
        required=False,
        widget=forms.TextInput(attrs={"size": 60}),
    )
    issuing_body = forms.TypedChoiceField(
        label=_("Cơ quan ban hành"), coerce=int, required=False, empty_value=None
    )
    known_by_reference = forms.BooleanField(label=_("Chỉ biết qua dẫn chiếu"), required=False)

    def __init__(self, *args, item: Item, documents: dict, bodies: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.item = item
        self.documents = documents
        self.matched_document = documents.get(item.document) if item.document else None
        self.candidate_documents = [documents[pk] for pk in item.candidates if pk in documents]
        self.body_choices = [bodies[pk] for pk in item.bodies if pk in bodies]
        self.fields["choice"].choices = [
            (SKIP, _("— Bỏ qua —")),
            *[(str(doc.pk), _candidate_label(doc)) for doc in self.candidate_documents],
            (CREATE, _("Tạo văn bản mới")),
        ]
        self.fields["issuing_body"].choices = [
            ("", _("— Chưa rõ —")),
            *[(body.pk, body.name) for body in self.body_choices],
        ]

    @property
    def is_matched(self) -> bool:
        return self.item.status == MATCHED

    @property
    def is_ambiguous(self) -> bool:
        return self.item.status == AMBIGUOUS

    def wants_new(self) -> bool:
        data = self.cleaned_data
        if self.item.status == NEW:
            return bool(data.get("create"))
        if self.item.status == AMBIGUOUS:
            return data.get("choice") == CREATE
        return False

    def chosen_document(self) -> Document | None:
        """The existing document this item stands for (None: skipped or new)."""
        if self.item.status == MATCHED:
            return self.matched_document
        if self.item.status == AMBIGUOUS:
            value = self.cleaned_data.get("choice")
            if value and value != CREATE:
                return self.documents.get(int(value))
        return None

    def clean(self):
        data = super().clean()
        if self.item.status == MATCHED and self.matched_document is None:
            raise ValidationError(
                _("Văn bản đã khớp không còn trong catalogue: hãy phân tích lại bài viết.")
            )
        if self.item.status == AMBIGUOUS:
            value = data.get("choice") or SKIP
            if value not in (SKIP, CREATE) and (
                not value.isdigit() or int(value) not in {d.pk for d in self.candidate_documents}
            ):
                self.add_error("choice", _("Hãy chọn một văn bản trong danh sách."))
        if not self.is_valid_so_far() or not self.wants_new():
            return data
        if not data.get("doc_type"):
            self.add_error("doc_type", _("Hãy chọn loại văn bản."))
        if not clean_text(data.get("title")):
            self.add_error("title", _("Hãy nhập trích yếu (hoặc để “%s”).") % UNKNOWN_TITLE)
        symbol = clean_text(data.get("symbol"))
        if symbol:
            try:
                parse_symbol(symbol)
            except SymbolError:
                self.add_error(
                    "symbol",
                    _("Số ký hiệu “%(raw)s” không đúng dạng (ví dụ 188-KH/TU, 1234/QĐ-UBND).")
                    % {"raw": symbol},
                )
        body = data.get("issuing_body")
        if body is not None and body not in {b.pk for b in self.body_choices}:
            self.add_error("issuing_body", _("Hãy chọn một cơ quan trong danh sách."))
        return data

    def is_valid_so_far(self) -> bool:
        return not self._errors


def _candidate_label(doc: Document) -> str:
    parts = [str(doc)]
    if doc.issuing_body_id:
        parts.append(doc.issuing_body.name)
    if doc.issued_date:
        parts.append(doc.issued_date.strftime("%d/%m/%Y"))
    elif doc.issued_year:
        parts.append(str(doc.issued_year))
    if doc.term_id:
        parts.append(doc.term.name)
    return " · ".join(parts)


class BaseItemFormSet(forms.BaseFormSet):
    def __init__(self, *args, items: list[Item], documents: dict, bodies: dict, **kwargs):
        self.items = items
        self.documents = documents
        self.bodies = bodies
        super().__init__(*args, **kwargs)

    def total_form_count(self):
        return len(self.items)  # one form per item, whatever the posted count says

    def get_form_kwargs(self, index):
        return {"item": self.items[index], "documents": self.documents, "bodies": self.bodies}


ItemFormSet = formset_factory(ItemForm, formset=BaseItemFormSet, extra=0)


class LinkForm(forms.Form):
    """One proposed link: record it or not, with which kind and direction."""

    record = forms.BooleanField(label=_("Ghi nhận"), required=False)
    kind = forms.ChoiceField(
        label=_("Quan hệ"),
        choices=[(k.key, k.vi_forward) for k in LINK_KINDS],
    )
    reverse = forms.BooleanField(label=_("Đảo chiều"), required=False)
    inferred = forms.BooleanField(label=_("Suy luận"), required=False)


class BaseLinkFormSet(forms.BaseFormSet):
    def __init__(self, *args, proposals, **kwargs):
        self.proposals = proposals
        super().__init__(*args, **kwargs)

    def total_form_count(self):
        return len(self.proposals)


LinkFormSet = formset_factory(LinkForm, formset=BaseLinkFormSet, extra=0)


# --- state carried between the steps -----------------------------------------------------


def sign_analysis(analysis: Analysis, source: dict) -> str:
    payload = {"analysis": analysis.to_dict(), "source": source}
    return signing.dumps(payload, salt=SIGNING_SALT, compress=True)


def unsign_analysis(value: str) -> tuple[Analysis, dict]:
    payload = signing.loads(value, salt=SIGNING_SALT, max_age=MAX_AGE)
    return Analysis.from_dict(payload["analysis"]), payload.get("source", {})


def _source_initial(cleaned: dict, text: str) -> dict:
    """Step 2's source fields: what the admin gave, else guesses from the text."""
    guess = guess_source_details(text)
    initial = {}
    for name in SourceFieldsForm.source_fields:
        value = cleaned.get(name)
        if name == "published_date" and value:
            value = value.isoformat()
        initial[name] = value or guess.get(name, "") or ("news" if name == "kind" else "")
    return initial


def _find_source(url: str, reference: str, publisher: str, headline: str, published):
    """An existing source for the same article: same URL, same archive reference, else same
    publisher, headline and date."""
    if url:
        found = Source.objects.filter(url=url).order_by("id").first()
        if found:
            return found
    if reference:
        found = Source.objects.filter(reference=reference).first()
        if found:
            return found
    if publisher and headline:
        return (
            Source.objects.filter(
                publisher=clean_text(publisher),
                headline=clean_text(headline),
                published_date=published,
            )
            .order_by("id")
            .first()
        )
    return None


# --- building what to save -----------------------------------------------------------------


def _term_for(body: IssuingBody | None, year: int | None) -> Term | None:
    """The committee term the year falls in, when exactly one does (body or its parent)."""
    if body is None or not year:
        return None
    bodies = [body.pk] + ([body.parent_id] if body.parent_id else [])
    terms = [
        t
        for t in Term.objects.filter(body_id__in=bodies, start_year__lte=year)
        if t.end_year is None or t.end_year >= year
    ]
    return terms[0] if len(terms) == 1 else None


_DOC_EXCLUDE = ("slug", "search_text", "symbol_key", "number", "type_code", "issuer_code",
                "locality", "signer", "topics")  # fmt: skip


def _new_document(form: ItemForm) -> Document:
    """The unsaved document a ticked item asks for, validated like the admin form does."""
    item, data = form.item, form.cleaned_data
    symbol = clean_text(data.get("symbol"))
    parsed = None
    if symbol:
        parsed = parse_symbol(symbol)
    body = (
        IssuingBody.objects.filter(pk=data.get("issuing_body")).first()
        if data.get("issuing_body")
        else None
    )
    issued = data.get("issued_date")
    doc = Document(
        doc_type=data["doc_type"],
        symbol=parsed.canonical if parsed else "",
        title=clean_text(data.get("title")),
        issuing_body=body,
        issued_date=issued,
        known_by_reference=bool(data.get("known_by_reference")),
        status="unknown",
    )
    if parsed and item.lookup_key and parsed.lookup_key == item.lookup_key:
        doc.symbol_as_written = item.symbol_as_written
    year = issued.year if issued else (item.year if not item.date else None)
    if issued is None and item.year:
        doc.issued_year = item.year
    if issued is None and item.date_text:
        doc.date_note = f"Nguồn ghi “{item.date_text}”, không rõ năm."
    doc.term = _term_for(body, year)
    doc.full_clean(exclude=_DOC_EXCLUDE, validate_unique=False, validate_constraints=False)
    return doc


def _existing_for(doc: Document) -> Document | None:
    """A document already in the catalogue that ``doc`` would duplicate (by the same keys
    the database constraints use; for documents without a symbol, type + title + body +
    date)."""
    if doc.symbol:
        parsed = parse_symbol(doc.symbol)
        qs = Document.objects.filter(symbol_key=parsed.lookup_key, issuing_body=doc.issuing_body)
        if doc.term is not None:
            qs = qs.filter(term=doc.term)
        else:
            year = doc.issued_date.year if doc.issued_date else doc.issued_year
            qs = qs.filter(term__isnull=True, issued_year=year)
        return qs.order_by("id").first()
    return (
        Document.objects.filter(
            symbol="",
            doc_type=doc.doc_type,
            title=doc.title,
            issuing_body=doc.issuing_body,
            issued_date=doc.issued_date,
        )
        .order_by("id")
        .first()
    )


def _form_error(form: forms.Form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


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
            source_initial = _source_initial(form.cleaned_data, text)
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


def _lookups(analysis: Analysis) -> tuple[dict, dict]:
    doc_ids = {pk for item in analysis.items for pk in [*item.candidates, item.document] if pk}
    body_ids = {pk for item in analysis.items for pk in item.bodies}
    documents = Document.objects.select_related("issuing_body", "term").in_bulk(doc_ids)
    bodies = IssuingBody.objects.in_bulk(body_ids)
    return documents, bodies


def _item_initial(item: Item) -> dict:
    return {
        "choice": SKIP,
        "create": False,
        "doc_type": item.doc_type,
        "symbol": item.symbol,
        "issued_date": item.issued_date,
        "title": item.proposed_title,
        "issuing_body": item.body,
        "known_by_reference": True,
    }


def _link_initial(analysis: Analysis) -> list[dict]:
    return [
        {"record": False, "kind": link.kind, "reverse": False, "inferred": False}
        for link in analysis.links
    ]


def _render_review(request, model_admin, analysis, source_initial, *, bound=None, error=""):
    documents, bodies = _lookups(analysis)
    if bound is None:
        initial = dict(source_initial)
        if initial.get("published_date"):
            initial["published_date"] = dt.date.fromisoformat(initial["published_date"])
        source_form = SourceForm(initial=initial)
        item_formset = ItemFormSet(
            prefix="items",
            initial=[_item_initial(item) for item in analysis.items],
            items=analysis.items,
            documents=documents,
            bodies=bodies,
        )
        link_formset = LinkFormSet(
            prefix="links", initial=_link_initial(analysis), proposals=analysis.links
        )
    else:
        source_form, item_formset, link_formset = bound
    existing_source = _find_source(
        source_initial.get("url", ""), source_initial.get("reference", ""), "", "", None
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
    documents, bodies = _lookups(analysis)
    source_form = SourceForm(request.POST)
    item_formset = ItemFormSet(
        request.POST, prefix="items", items=analysis.items, documents=documents, bodies=bodies
    )
    link_formset = LinkFormSet(request.POST, prefix="links", proposals=analysis.links)
    bound = (source_form, item_formset, link_formset)
    valid = all([source_form.is_valid(), item_formset.is_valid(), link_formset.is_valid()])
    if valid:
        valid = _check_permissions(request, source_form)
    plan = _plan(analysis, item_formset, link_formset) if valid else None
    if plan is None:
        return _render_review(request, model_admin, analysis, source_initial, bound=bound)
    try:
        with transaction.atomic():
            summary = _save(analysis, source_form.cleaned_data, plan)
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
    return HttpResponseRedirect(
        reverse("admin:documents_source_change", args=[summary["source"].pk])
    )


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


def _plan(analysis: Analysis, item_formset, link_formset) -> dict | None:
    """Resolve each item to an existing or a new (validated, unsaved) document, and each
    ticked link to its two ends. Errors go on the forms; returns None when there are any."""
    resolved: dict[int, Document | None] = {}
    new_docs: dict[int, Document] = {}
    ok = True
    for form in item_formset.forms:
        index = form.item.index
        if form.wants_new():
            try:
                new_docs[index] = _new_document(form)
            except ValidationError as exc:
                _form_error(form, exc)
                ok = False
        else:
            resolved[index] = form.chosen_document()
    links = []
    for link, form in zip(analysis.links, link_formset.forms, strict=True):
        data = form.cleaned_data
        if not data.get("record"):
            continue
        src, dst = link.from_item, link.to_item
        if data.get("reverse"):
            src, dst = dst, src
        missing = [
            analysis.items[i].label
            for i in (src, dst)
            if i not in new_docs and resolved.get(i) is None
        ]
        if missing:
            form.add_error(
                None,
                _(
                    "Liên kết cần văn bản %(docs)s: hãy chọn văn bản đó (hoặc đánh dấu tạo mới)"
                    " hay bỏ chọn liên kết."
                )
                % {"docs": ", ".join(missing)},
            )
            ok = False
            continue
        links.append((src, dst, data["kind"], bool(data.get("inferred")), link.quote))
    if not ok:
        return None
    return {"resolved": resolved, "new": new_docs, "links": links}


def _save(analysis: Analysis, source_data: dict, plan: dict) -> dict:
    summary = {"created": [], "reused": [], "mentions": 0, "links": 0, "links_existing": 0}
    source = _find_source(
        source_data.get("url", ""),
        source_data.get("reference", ""),
        source_data["publisher"],
        source_data["headline"],
        source_data.get("published_date"),
    )
    summary["source_created"] = source is None
    if source is None:
        source = Source(
            kind=source_data.get("kind") or "news",
            publisher=source_data["publisher"],
            headline=source_data["headline"],
            url=source_data.get("url", ""),
            author=source_data.get("author", ""),
            published_date=source_data.get("published_date"),
            reference=source_data.get("reference", ""),
            text=analysis.text,
        )
        source.full_clean()
        source.save()
    summary["source"] = source
    documents: dict[int, Document] = {i: d for i, d in plan["resolved"].items() if d is not None}
    for index, doc in plan["new"].items():
        existing = _existing_for(doc)
        if existing is not None:
            documents[index] = existing
            summary["reused"].append(existing)
        else:
            doc.save()
            documents[index] = doc
            summary["created"].append(doc)
    for index, doc in documents.items():
        _mention, created = SourceMention.objects.get_or_create(
            source=source, document=doc, defaults={"quote": analysis.items[index].quote}
        )
        summary["mentions"] += created
    for src, dst, kind, inferred, quote in plan["links"]:
        from_doc, to_doc = documents[src], documents[dst]
        if from_doc.pk == to_doc.pk:
            continue
        _link, created = DocumentLink.objects.get_or_create(
            from_document=from_doc,
            to_document=to_doc,
            kind=kind,
            defaults={"source": source, "quote": quote, "inferred": inferred},
        )
        if created:
            summary["links"] += 1
        else:
            summary["links_existing"] += 1
    return summary


def _summary_message(summary: dict) -> str:
    source = summary["source"]
    parts = [
        (_("Đã tạo nguồn “%s”.") if summary["source_created"] else _("Dùng nguồn đã có “%s”."))
        % source.headline,
        _("%(n)d văn bản mới") % {"n": len(summary["created"])},
        _("%(n)d trích dẫn mới") % {"n": summary["mentions"]},
        _("%(n)d liên kết mới") % {"n": summary["links"]},
    ]
    if summary["reused"]:
        parts.append(_("%(n)d văn bản đã có từ trước") % {"n": len(summary["reused"])})
    if summary["links_existing"]:
        parts.append(_("%(n)d liên kết đã có từ trước") % {"n": summary["links_existing"]})
    return parts[0] + " " + "; ".join(str(p) for p in parts[1:]) + "."
